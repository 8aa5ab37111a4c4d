"""`pyspeed history [--db PATH|URL] [--engine E] [--machine M] [--branch B]
[--since-commit C] [--until-commit C] [--format table|csv|json] [--last N]
[--import RUN.json]... [--flush] [CASE-OR-ALGORITHM...]`: the trend of saved runs.

Per case and engine, oldest first: when it ran, at which commit, on which machine, the
median rate with its 95% interval, and the change against the previous run of the same
case and engine on the same machine (a run on another machine starts a new baseline:
comparing machines is not a trend). `~` marks a change inside the noise (the two
intervals overlap). `--import` adds saved results files first (runs from before the
store existed, or from another host); `--flush` uploads the runs spooled while the
store could not be reached. A commit range is the runs the history recorded from the
first run at `--since-commit` to the last run at `--until-commit` (commit ids or
prefixes of at least 4 hex digits): the order of the runs, not of git's graph, which a
shared store of many checkouts does not have.

Exit status: 0 shown; 1 usage error; 2 unusable database or results file (or newer
schema); 3 no history yet (or nothing matching); 66 an --import file missing; 69 the
history server cannot be reached or refused the credentials.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

import typer

from pyspeed.commands.gnu_args import GnuCommand
from pyspeed.errors import EXIT_OK, EXIT_USAGE, PyspeedError, UsageError, report

MAX_WORDS = 1000  # case words, --import files
MAX_FILTER = 255  # characters of a --machine, --branch or --engine value
_COMMIT = re.compile(r"^[0-9A-Fa-f]{4,64}$")


def _spec(
    words: list[str] = typer.Argument(
        None, metavar="CASE-OR-ALGORITHM",
        help="case (rsa2048/sign), algorithm (rsa2048) or family (rsa); none: all"),
    db: str = typer.Option(None, "--db", metavar="PATH|URL",
                           help="history: a SQLite file or postgresql://user:pass@host/db "
                                "(default: $PYSPEED_HISTORY, else "
                                "$XDG_DATA_HOME/pyspeed/history.sqlite)"),
    engine: str = typer.Option(None, "--engine", metavar="E", help="only this engine"),
    machine: str = typer.Option(None, "--machine", metavar="NAME",
                                help="only runs of this machine label (--machine of speed "
                                     "and sweep) or fingerprint (or its prefix)"),
    branch: str = typer.Option(None, "--branch", metavar="B", help="only runs of this branch"),
    since_commit: str = typer.Option(None, "--since-commit", metavar="C",
                                     help="from the first run recorded at commit C"),
    until_commit: str = typer.Option(None, "--until-commit", metavar="C",
                                     help="to the last run recorded at commit C"),
    fmt: str = typer.Option("table", "--format", metavar="FMT", help="table, csv or json"),
    last: int = typer.Option(None, "--last", metavar="N",
                             help="only the last N runs per case"),
    imports: list[str] = typer.Option(
        [], "--import", metavar="FILE",
        help="add a results file (--save) to the history first (repeatable)"),
    flush: bool = typer.Option(False, "--flush",
                               help="upload the runs spooled while the history could not "
                                    "be reached; alone, only that"),
) -> None:
    """Declares the options (pyspeed.commands.gnu_args)."""


COMMAND = GnuCommand(
    "history", _spec, usage_exit=EXIT_USAGE,
    help="Show the trend of runs saved with --save (the history database).",
    epilog="\b\nExit status: 0 shown; 1 usage error; 2 unusable database or results file;\n"
           "3 no history yet (or nothing matching); 66 an --import file missing;\n"
           "69 the history server cannot be reached or refused the credentials.")


def history_main(argv: list[str], out: TextIO, err: TextIO) -> int:
    """Run `pyspeed history ARGV`; every failure is one line and a documented status."""
    from pyspeed.results import history
    from pyspeed.views.history_text import FORMATS, render

    try:
        values = COMMAND.parse(argv, out)
        if values is None:
            return EXIT_OK
        _check(values, FORMATS)
        if values["flush"]:
            history.flush(values["db"], err)
        if values["imports"]:
            _import(values["imports"], values["db"], err)
        if values["flush"] and not values["words"] and not values["imports"]:
            return EXIT_OK
        points = history.query(
            list(values["words"] or []), values["db"], values["engine"], values["last"],
            machine=values["machine"], branch=values["branch"],
            since_commit=values["since_commit"], until_commit=values["until_commit"],
            err=err)
    except PyspeedError as exc:
        return report(exc, err)
    out.write(render(points, values["fmt"]))
    return EXIT_OK


def _check(values: dict[str, Any], formats: tuple[str, ...]) -> None:
    if values["fmt"] not in formats:
        raise _usage(f"unknown format {values['fmt']!r} (one of {', '.join(formats)})")
    if values["last"] is not None and values["last"] < 1:
        raise _usage("--last must be positive")
    if len(values["words"] or []) > MAX_WORDS or len(values["imports"]) > MAX_WORDS:
        raise _usage(f"at most {MAX_WORDS} words and --import files")
    for name in ("engine", "machine", "branch"):
        if values[name] is not None and not 0 < len(values[name]) <= MAX_FILTER:
            raise _usage(f"--{name} takes 1 to {MAX_FILTER} characters")
    for name in ("since_commit", "until_commit"):
        value = values[name]
        if value is not None and not _COMMIT.match(value):
            raise _usage(f"--{name.replace('_', '-')} wants a commit id or a prefix of at "
                         f"least 4 hex digits, got {value!r}")


def _usage(message: str) -> UsageError:
    return UsageError(f"history: {message}", usage_hint=False)


def _import(paths: list[str], db: str | None, err: TextIO) -> None:
    from pyspeed.results.document import load
    from pyspeed.results.history import append, flush_quietly

    for path in paths:
        added = append(load(path), db)
        err.write(
            f"pyspeed history: {path}: "
            + (f"{added} result(s) added\n" if added else "already recorded\n")
        )
    flush_quietly(db, err)
