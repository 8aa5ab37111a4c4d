"""openssl's command-line rules, table-driven, for commands that mirror an openssl app.

Why not click/typer options: openssl stops option parsing at the first non-option word
(every later word is an algorithm, even `-evp`), accepts `-opt`, `--opt` and
`-opt=value` alike, and has its own messages and `+int` rules ("Non-positive number"),
which users' scripts match on. The table also renders `-help` in openssl's layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pyspeed.errors import UsageError

ArgType = Literal["-", "+int", "val", "outfile", "float"]

_INT_MAX = 2**31 - 1


@dataclass(frozen=True)
class Opt:
    name: str  # without the leading dash; GNU-style pyspeed options keep one dash: "-save"
    arg: ArgType
    help: str
    section: str = "General options"
    repeat: bool = False  # may be given more than once (values collected in a list)
    since: str = ""  # the release line that added it ("3.5"): older lines' -help omit it


@dataclass(frozen=True)
class OptTable:
    prog: str
    usage: str
    opts: tuple[Opt, ...]
    trailer: tuple[str, ...] = ()

    def find(self, name: str) -> Opt | None:
        for o in self.opts:
            if o.name == name:
                return o
        return None

    def help_text(self, dialect: str = "3.0") -> str:
        """openssl's layout: the column is 2 past the longest `name arg` of openssl's own
        options; pyspeed's additions (PYSPEED_SECTION) get their own column, 2 past their
        longest; an Opt with an empty name is a continuation line of the one before.
        Options a later release added are shown in that release's dialect only."""
        opts = [o for o in self.opts if not o.since or o.since <= dialect]
        own = 2 + max(len(_shown(o)) for o in opts if o.section != PYSPEED_SECTION)
        added = 2 + max((len(_shown(o)) for o in opts if o.section == PYSPEED_SECTION),
                        default=0)
        lines = [f"Usage: {self.prog} {self.usage}"]
        section = None
        for o in opts:
            if o.section != section:
                section = o.section
                lines.append("")
                lines.append(f"{section}:")
            width = added if o.section == PYSPEED_SECTION else own
            if not o.name:
                lines.append(" " * (width + 2) + o.help)
                continue
            shown = _shown(o)
            pad = max(width - len(shown), 1)
            lines.append(f" -{shown}{' ' * pad}{o.help}")
        lines.extend(self.trailer)
        return "\n".join(lines) + "\n"


PYSPEED_SECTION = "pyspeed options"


def _shown(o: Opt) -> str:
    return o.name if o.arg == "-" else f"{o.name} {o.arg}"


_NUM = re.compile(r"[+-]?[0-9]+\Z")  # ASCII digits only, as strtol reads them
_FLOAT = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\Z")


def _parse_int(prog: str, name: str, text: str) -> int:
    if not _NUM.match(text) or abs(int(text)) > _INT_MAX:
        raise UsageError(f'{prog}: Can\'t parse "{text}" as a number', prog=prog)
    value = int(text)
    if value <= 0:
        raise UsageError(f'{prog}: Non-positive number "{text}" for option -{name}', prog=prog)
    return value


def _parse_float(prog: str, name: str, text: str) -> float:
    if not _FLOAT.match(text):
        raise UsageError(f'{prog}: Can\'t parse "{text}" as a number', prog=prog)
    value = float(text)
    if not value > 0 or value == float("inf"):
        raise UsageError(f'{prog}: Non-positive number "{text}" for option -{name}', prog=prog)
    return value


def parse(table: OptTable, argv: list[str]) -> tuple[dict[str, object], list[str]]:
    """Options (by name) and the remaining words, with openssl's rules and messages."""
    values: dict[str, object] = {}
    i = 0
    prog = table.prog
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            i += 1
            break
        if not arg.startswith("-") or arg == "-":
            break
        body = arg[2:] if arg.startswith("--") else arg[1:]
        name, eq, inline = body.partition("=")
        opt = (table.find(name) or table.find("-" + name)) if name else None
        if opt is None:
            raise UsageError(f"{prog}: Unknown option: {arg.partition('=')[0]}", prog=prog)
        i += 1
        if opt.arg == "-":
            if eq:
                raise UsageError(f"{prog}: Option -{name} does not take a value", prog=prog)
            value: object = True
        else:
            if eq:
                text = inline
            elif i < len(argv):
                text = argv[i]
                i += 1
            else:
                raise UsageError(f"{prog}: Option -{name} needs a value", prog=prog)
            if opt.arg == "+int":
                value = _parse_int(prog, name, text)
            elif opt.arg == "float":
                value = _parse_float(prog, name, text)
            else:
                value = text
        if opt.repeat:
            values.setdefault(opt.name, [])
            values[opt.name].append(value)  # type: ignore[attr-defined]
        elif opt.name in values and opt.arg != "-":
            values[f"{opt.name}#repeated"] = True
            values[opt.name] = value
        else:
            values[opt.name] = value
    return values, argv[i:]
