"""`pyspeed report FILE`: show a saved run again, in any format (openssl's included)."""

from __future__ import annotations

from typing import TextIO

import typer

from pyspeed.commands.gnu_args import GnuCommand
from pyspeed.commands.speed_args import FORMATS
from pyspeed.errors import EXIT_OK, EXIT_USAGE, PyspeedError, UsageError, report
from pyspeed.model import Run


def _spec(
    file: str = typer.Argument(..., metavar="FILE", help="results file written by --save"),
    fmt: str = typer.Option("table", "--format", metavar="FMT",
                            help="table, markdown, csv, json, openssl"),
) -> None:
    """Declares the options (pyspeed.commands.gnu_args)."""


COMMAND = GnuCommand("report", _spec, usage_exit=EXIT_USAGE,
                     help="Show a saved run (--save FILE) again, in any format.")


def report_cli(argv: list[str], out: TextIO, err: TextIO) -> int:
    """`pyspeed report ARGV`."""
    try:
        values = COMMAND.parse(argv, out)
    except PyspeedError as exc:
        return report(exc, err)
    return EXIT_OK if values is None else report_main(values["file"], values["fmt"], out, err)


def report_main(path: str, fmt: str, out: TextIO, err: TextIO) -> int:
    from pyspeed.results.document import load

    try:
        if fmt not in FORMATS:
            raise UsageError(f"report: unknown format {fmt!r} (one of {', '.join(FORMATS)})",
                             usage_hint=False)
        doc = load(path)
        if fmt == "openssl":
            out.write(_openssl(doc))
        else:
            from pyspeed.views.pyspeed_tables import render

            out.write(render(doc, fmt))
    except PyspeedError as exc:
        return report(exc, err)
    return EXIT_OK


def _openssl(run: Run) -> str:
    """openssl's tables from the medians of a saved run (one engine), in the layout the
    run was made with (`-mr` records if it was)."""
    from pyspeed.results.document import ResultsError
    from pyspeed.views.openssl_saved import saved_report

    engines = list(dict.fromkeys(r.engine for r in run.records))
    if len(engines) > 1:
        raise ResultsError(f"report: openssl's view shows one engine; this run has "
                           f"{', '.join(engines)} (use --format table)")
    return saved_report(run)
