"""pyspeed's own GNU-style commands (compare, history, plot, report, config): their options
are declared once, as a typer command, and parsed by typer.

What this adds to typer: every problem is one line, `PROG: what is wrong`, with the
command's documented exit status (never typer's framed error box or a traceback); help
goes to the command's output stream; and `-opt`, the spelling openssl users type, is
accepted for a long option (`-threshold=20` is `--threshold=20`), as is `-help`.
Options come before, between or after the positional arguments; `--` ends them.
The openssl-style commands (`speed`, `engine`) keep openssl's own rules
(pyspeed.commands.openssl_args).
"""

from __future__ import annotations

import contextlib
import inspect
import typing
from collections.abc import Callable
from typing import Any, TextIO

import typer

from pyspeed.errors import PyspeedError

_HELP = ("-h", "-help", "--help")


class GnuCommand:
    """One command's options: `spec` is a function whose typer parameters declare them."""

    def __init__(self, prog: str, spec: Callable[..., None], *, help: str, epilog: str = "",
                 usage_exit: int) -> None:
        self.prog = prog
        self.usage_exit = usage_exit
        self._values: dict[str, Any] = {}
        self._short = _short_options(spec)
        self._app = typer.Typer(add_completion=False, rich_markup_mode=None,
                                pretty_exceptions_enable=False)

        def command(**values: Any) -> None:
            self._values = values

        command.__signature__ = _resolved_signature(spec)  # type: ignore[attr-defined]
        self._app.command(name=prog, help=help, epilog=epilog,
                          context_settings={"help_option_names": ["--help"]})(command)

    def parse(self, argv: list[str], out: TextIO) -> dict[str, Any] | None:
        """The option values by parameter name; None when help was asked for (and written
        to `out`). PyspeedError (the command's usage exit status) for anything wrong."""
        cut = argv.index("--") if "--" in argv else len(argv)
        # words after `--` are positional whatever they look like: left as they are
        args = [word for a in argv[:cut] for word in self._spell(a)] + argv[cut:]
        self._values = {}
        try:
            with contextlib.redirect_stdout(out):
                self._app(args=args, prog_name=f"pyspeed {self.prog}", standalone_mode=False)
        except Exception as exc:  # typer's (click's) usage errors carry format_message()
            describe = getattr(exc, "format_message", None)
            if describe is None:
                raise
            text = " ".join(str(describe()).split())
            raise PyspeedError(f"{self.prog}: {text} (see pyspeed {self.prog} --help)",
                               exit_code=self.usage_exit) from None
        return self._values or None

    def _spell(self, arg: str) -> list[str]:
        """`-h`/`-help` -> `--help`; `-o=FILE` (a short option) -> `-o FILE`; any other
        `-word` -> `--word`, known or not, so that a typo is named whole."""
        if arg in _HELP:
            return ["--help"]
        if not arg.startswith("-") or arg.startswith("--") or len(arg) < 3 \
                or arg[1].isdigit() or arg[1] == ".":
            return [arg]
        if arg[:2] in self._short:  # `-o=FILE` or `-oFILE`
            value = arg[2:]
            return [arg[:2], value[1:] if value.startswith("=") else value]
        return ["-" + arg]


def _resolved_signature(spec: Callable[..., None]) -> inspect.Signature:
    """The spec's signature with its annotations evaluated (modules that postpone them
    hand typer strings, which it cannot resolve from another function's globals)."""
    hints = typing.get_type_hints(spec)
    sig = inspect.signature(spec)
    return sig.replace(parameters=[p.replace(annotation=hints.get(p.name, p.annotation))
                                   for p in sig.parameters.values()])


def _short_options(spec: Callable[..., None]) -> set[str]:
    return {decl for param in inspect.signature(spec).parameters.values()
            for decl in getattr(param.default, "param_decls", None) or ()
            if len(decl) == 2 and decl.startswith("-")}
