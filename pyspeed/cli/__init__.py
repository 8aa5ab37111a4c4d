"""Command line: subcommands and their arguments, nothing else.

Commands that mirror an openssl app (`speed`) take their raw argument list and parse it
with openssl's rules (pyspeed.commands.openssl_args), so typer only routes. Heavy modules are
imported inside the commands: `pyspeed --help` must stay fast.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from pyspeed.errors import EXIT_WRITE_FAILED

if TYPE_CHECKING:
    import typer

_RAW = {
    "allow_extra_args": True,
    "ignore_unknown_options": True,
    "help_option_names": [],
}


# Every command takes its raw argument list and parses it itself (openssl's rules, or
# pyspeed's GNU-style ones in pyspeed.commands.gnu_args): name -> (module, function,
# help). main() dispatches them without typer's dispatch, whose command machinery costs
# ~0.1 s per start (it imports pydantic), so `pyspeed engine` and `pyspeed speed` start
# fast; they are registered with typer for `pyspeed --help`.
_RAW_COMMANDS = {
    "speed": ("pyspeed.commands.speed", "speed_main",
              "Benchmark algorithms like `openssl speed` (try `pyspeed speed -help`)."),
    "engine": ("pyspeed.commands.engine", "engine_main",
               "List and test engines like `openssl engine` (try `pyspeed engine -help`)."),
    "sweep": ("pyspeed.commands.sweep", "sweep_main",
              "Sweep -async_jobs and -multi: throughput, scaling, the setting to use."),
    "compare": ("pyspeed.commands.compare", "compare_main",
                "Compare two saved runs: the CI regression gate (exit 1 on a regression)."),
    "history": ("pyspeed.commands.history", "history_main",
                "Show the trend of saved runs (the history database)."),
    "plot": ("pyspeed.commands.plot", "plot_main",
             "Draw a saved run: throughput, compare, sweep (needs matplotlib)."),
    "report": ("pyspeed.commands.report", "report_cli",
               "Show a saved run (--save FILE) again, in any format."),
    "config": ("pyspeed.commands.config", "config_cli",
               "Read openssl.cnf-style configuration files: config dump|check FILE."),
    "version": ("pyspeed.commands.version", "version_main", "Print pyspeed's version."),
}


def _dispatch(name: str, argv: list[str]) -> int:
    from importlib import import_module

    module, func, _ = _RAW_COMMANDS[name]
    status: int = getattr(import_module(module), func)(argv, sys.stdout, sys.stderr)
    return status


def app() -> typer.Typer:
    """The typer application behind `pyspeed --help` (and a bare `pyspeed`): every
    command registered for its help line. Built only when asked for: importing typer
    costs a command that is dispatched directly ~0.07 s."""
    import typer

    application = typer.Typer(
        name="pyspeed",
        help="Measure cryptographic engines the way `openssl speed` does, and compare them.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,  # plain text, as every command's own help
    )
    for name, (_, _, help_text) in _RAW_COMMANDS.items():
        application.command(name, context_settings=_RAW, add_help_option=False,
                            help=help_text, short_help=help_text)(_forward(name))
    return application


def _forward(name: str) -> Any:
    import typer

    def command(ctx: Any) -> None:
        raise typer.Exit(_dispatch(name, list(ctx.args)))

    command.__annotations__ = {"ctx": typer.Context, "return": None}  # typer reads them
    return command


def main() -> None:
    argv = sys.argv[1:]
    _prepare_streams()
    try:
        raw = bool(argv) and argv[0] in _RAW_COMMANDS
        status = _dispatch(argv[0], argv[1:]) if raw else _typer_app()
        sys.stdout.flush()
    except KeyboardInterrupt:  # pragma: no cover - interrupted before a command took over
        sys.exit(130)
    except BrokenPipeError:
        # the reader went away (`pyspeed engine | head`): stop quietly, as a C tool on
        # SIGPIPE would, and keep Python from complaining about stdout at exit
        _silence_stdout()
        sys.exit(141)
    except OSError as exc:  # /dev/full, an I/O error: one line, never a traceback
        _silence_stdout()
        sys.stderr.write(f"pyspeed: cannot write to standard output: "
                         f"{exc.strerror or exc}\n")
        sys.exit(EXIT_WRITE_FAILED)
    sys.exit(status)


def _typer_app() -> int:
    try:
        app()()
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


def _prepare_streams() -> None:
    """Arguments that are not UTF-8 reach Python as lone surrogates: write them back out
    as the bytes they were, as openssl would. A closed stdout (`>&-`) is said once and
    read as /dev/null: the results still reach --save."""
    import os

    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
        if sys.stderr is not None:
            sys.stderr.write("pyspeed: standard output is closed; nothing is printed there\n")
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="surrogateescape")


def _silence_stdout() -> None:
    import contextlib
    import os

    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
