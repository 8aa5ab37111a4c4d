"""`pyspeed history [--db PATH] [--engine E] [--format table|csv|json] [--last N]
[--import RUN.json]... [CASE-OR-ALGORITHM...]`: the trend of saved runs.

Per case and engine, oldest first: when it ran, at which commit, on which machine, the
median rate with its 95% interval, and the change against the previous run of the same
case and engine on the same machine (a run on another machine starts a new baseline:
comparing machines is not a trend). `~` marks a change inside the noise (the two
intervals overlap). `--import` adds saved results files first (runs from before the
store existed, or from another host).

Exit status: 0 shown; 1 usage error; 2 unusable database or results file; 3 no history
yet (or nothing matching).
"""

from __future__ import annotations

from typing import TextIO

import typer

from pyspeed.commands.gnu_args import GnuCommand
from pyspeed.errors import EXIT_OK, EXIT_USAGE, PyspeedError, UsageError, report


def _spec(
    words: list[str] = typer.Argument(
        None, metavar="CASE-OR-ALGORITHM",
        help="case (rsa2048/sign), algorithm (rsa2048) or family (rsa); none: all"),
    db: str = typer.Option(None, "--db", metavar="PATH",
                           help="history database (default: $PYSPEED_HISTORY, else "
                                "$XDG_DATA_HOME/pyspeed/history.sqlite)"),
    engine: str = typer.Option(None, "--engine", metavar="E", help="only this engine"),
    fmt: str = typer.Option("table", "--format", metavar="FMT", help="table, csv or json"),
    last: int = typer.Option(None, "--last", metavar="N",
                             help="only the last N runs per case"),
    imports: list[str] = typer.Option(
        [], "--import", metavar="FILE",
        help="add a results file (--save) to the history first (repeatable)"),
) -> None:
    """Declares the options (pyspeed.commands.gnu_args)."""


COMMAND = GnuCommand(
    "history", _spec, usage_exit=EXIT_USAGE,
    help="Show the trend of runs saved with --save (the history database).",
    epilog="\b\nExit status: 0 shown; 1 usage error; 2 unusable database or results file;\n"
           "3 no history yet (or nothing matching).")


def history_main(argv: list[str], out: TextIO, err: TextIO) -> int:
    """Run `pyspeed history ARGV`; every failure is one line and a documented status."""
    from pyspeed.results import history_store
    from pyspeed.views.history_text import FORMATS, render

    try:
        values = COMMAND.parse(argv, out)
        if values is None:
            return EXIT_OK
        fmt, last = values["fmt"], values["last"]
        if fmt not in FORMATS:
            raise UsageError(
                f"history: unknown format {fmt!r} (one of {', '.join(FORMATS)})",
                usage_hint=False,
            )
        if last is not None and last < 1:
            raise UsageError("history: --last must be positive", usage_hint=False)
        if values["imports"]:
            _import(values["imports"], values["db"], err)
        points = history_store.query(list(values["words"] or []), values["db"],
                                     values["engine"], last)
    except PyspeedError as exc:
        return report(exc, err)
    out.write(render(points, fmt))
    return EXIT_OK


def _import(paths: list[str], db: str | None, err: TextIO) -> None:
    from pyspeed.results.document import load
    from pyspeed.results.history_store import append

    for path in paths:
        added = append(load(path), db)
        err.write(
            f"pyspeed history: {path}: "
            + (f"{added} result(s) added\n" if added else "already recorded\n")
        )


