"""`pyspeed dashboard -o DIR [--db PATH|URL] [--last N] [--serve [--port N]]`: a static
site of the history (pyspeed.dashboard), and optionally a look at it on localhost.

Regressions are judged by `pyspeed compare`'s rule with its --alpha, --threshold,
--threshold-for and --noise-floor (the same defaults).

Exit status: 0 written (and served until Ctrl-C); 1 usage error (a bad option, --last
out of range, more cases or points than the dashboard draws, a port that cannot be
used); 2 unusable history (or newer schema); 3 no history yet; 4 DIR cannot be
written; 69 the history server cannot be reached or refused the credentials.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

import typer

from pyspeed.commands.compare import ALPHA, NOISE_FLOOR, THRESHOLD, THRESHOLD_FOR
from pyspeed.commands.gnu_args import GnuCommand
from pyspeed.dashboard import DEFAULT_LAST, MAX_RUNS
from pyspeed.errors import EXIT_OK, EXIT_USAGE, PyspeedError, UsageError, report

DEFAULT_PORT = 8000


def _spec(
    output: str = typer.Option(None, "-o", "--output", metavar="DIR",
                               help="folder of the site (created; its pages are replaced)"),
    db: str = typer.Option(None, "--db", metavar="PATH|URL",
                           help="history: a SQLite file or postgresql://user:pass@host/db "
                                "(default: $PYSPEED_HISTORY, else "
                                "$XDG_DATA_HOME/pyspeed/history.sqlite)"),
    last: int = typer.Option(DEFAULT_LAST, "--last", metavar="N",
                             help=f"the newest N runs (1 to {MAX_RUNS})"),
    serve: bool = typer.Option(False, "--serve",
                               help="then serve DIR on localhost until Ctrl-C"),
    port: int = typer.Option(None, "--port", metavar="N",
                             help=f"port of --serve (default {DEFAULT_PORT}; 0: any free "
                                  "port)"),
    alpha: float = ALPHA,
    threshold: str = THRESHOLD,
    threshold_for: list[str] = THRESHOLD_FOR,
    noise_floor: str = NOISE_FLOOR,
) -> None:
    """Declares the options (pyspeed.commands.gnu_args)."""


COMMAND = GnuCommand(
    "dashboard", _spec, usage_exit=EXIT_USAGE,
    help="Build a static site of the history: trends, regressions (and an Atom feed), "
         "engine speedups, a page per run.",
    epilog="\b\nExit status: 0 written (and served); 1 usage error or too many cases;\n"
           "2 unusable database; 3 no history yet; 4 DIR cannot be written;\n"
           "69 the history server cannot be reached or refused the credentials.")


def dashboard_main(argv: list[str], out: TextIO, err: TextIO) -> int:
    """Run `pyspeed dashboard ARGV`; every failure is one line and a documented status."""
    try:
        values = COMMAND.parse(argv, out)
        if values is None:
            return EXIT_OK
        if not values["output"]:
            raise _usage("-o DIR is required (the folder of the site)")
        if values["port"] is not None and not values["serve"]:
            raise _usage("--port goes with --serve")
        port = DEFAULT_PORT if values["port"] is None else values["port"]
        if not 0 <= port <= 65535:
            raise _usage("--port takes 0 to 65535")
        from pyspeed.commands.compare import gate_settings
        from pyspeed.dashboard import build
        from pyspeed.results.verdicts import CompareError

        try:
            settings = gate_settings(values, prog="dashboard")
        except CompareError as exc:  # a bad gate option is a usage error here (exit 1)
            raise UsageError(exc.message, usage_hint=False) from None
        folder = Path(values["output"])
        built = build(values["db"], folder, values["last"], err, settings)
        out.write(f"pyspeed dashboard: {folder}/index.html: {built.runs} run(s)"
                  + (f" of {built.total}" if built.total > built.runs else "")
                  + f", {built.cases} case(s), {built.regressions} regression(s)\n")
        if values["serve"]:
            from pyspeed.dashboard.serve import serve

            out.flush()
            serve(folder, port, out)
    except PyspeedError as exc:
        return report(exc, err)
    return EXIT_OK


def _usage(message: str) -> UsageError:
    return UsageError(f"dashboard: {message}", usage_hint=False)
