"""What `openssl engine -c -t -v...` prints for one engine (docs/openssl-compat.md §2.2), as lines.

The wrapping rule of `-v` is OpenSSL's: `, ` is written before each name, and a newline
plus the indent goes in front of a name that would pass column 78, so a wrapped line
ends with `, `.
"""

from __future__ import annotations

from collections.abc import Sequence

from pyspeed.engines.ctrl import INTERNAL, NO_INPUT, NUMERIC, STRING, CtrlCommand

INDENT = "     "
_KNOWN_FLAGS = NUMERIC | STRING | NO_INPUT | INTERNAL


def capabilities_line(caps: Sequence[str]) -> list[str]:
    return [f" [{', '.join(caps)}]"] if caps else []


def availability_line(available: bool) -> str:
    return f"{INDENT}[ available ]" if available else f"{INDENT}[ unavailable ]"


def flags_text(flags: int) -> str:
    if flags == 0:
        return "<no flags>"
    text = "[Internal] " if flags & INTERNAL else ""
    kinds = [name for bit, name in ((NUMERIC, "NUMERIC"), (STRING, "STRING"),
                                    (NO_INPUT, "NO_INPUT")) if flags & bit]
    text += "|".join(kinds)
    unknown = flags & ~_KNOWN_FLAGS
    if unknown:
        text += ("|" if kinds else "") + f"<0x{unknown:04X}>"
    if len(kinds) > 1:  # apps/engine.c says so last, after any unknown bits
        text += "  <illegal flags!>"
    return text


def ctrl_listing(commands: Sequence[CtrlCommand], verbosity: int) -> list[str]:
    shown = [c for c in commands if verbosity >= 4 or not c.flags & INTERNAL]
    if verbosity <= 0 or not shown:
        return []
    if verbosity == 1:
        return _wrapped_names([c.name for c in shown])
    lines: list[str] = []
    for cmd in shown:
        lines.append(f"{INDENT}{cmd.name}: {cmd.description or '<no description>'}")
        if verbosity >= 3:
            lines.append(f"{INDENT}{INDENT}(input flags): {flags_text(cmd.flags)}")
    return lines


def _wrapped_names(names: list[str]) -> list[str]:
    text = INDENT
    col = len(INDENT)
    for i, name in enumerate(names):
        if i:
            text += ", "
            col += 2
        if col > len(INDENT) and col + len(name) > 78:
            text += "\n" + INDENT
            col = len(INDENT)
        text += name
        col += len(name)
    return text.split("\n")
