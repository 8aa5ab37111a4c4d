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

import argparse
import json
from typing import TYPE_CHECKING, TextIO

from pyspeed.errors import EXIT_OK, PyspeedError, UsageError, report
from pyspeed.results.statistics import relative_half_width
from pyspeed.views import formats

if TYPE_CHECKING:
    from pyspeed.results.history_store import TrendPoint

FORMATS = ("table", "csv", "json")


class _Parser(argparse.ArgumentParser):
    """argparse that fails with pyspeed's one-line usage error instead of exiting."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"history: {message}", prog="history", usage_hint=False)


def _parser() -> _Parser:
    p = _Parser(
        prog="pyspeed history",
        description="Show the trend of runs saved with --save (the history database).",
        add_help=False,
    )
    p.add_argument(
        "words",
        nargs="*",
        metavar="CASE-OR-ALGORITHM",
        help="case (rsa2048/sign), algorithm (rsa2048) or family (rsa); none: all",
    )
    p.add_argument(
        "--db",
        metavar="PATH",
        help="history database (default: $PYSPEED_HISTORY, else "
        "$XDG_DATA_HOME/pyspeed/history.sqlite)",
    )
    p.add_argument("--engine", metavar="E", help="only this engine")
    p.add_argument("--format", default="table", metavar="FMT", help="table (default), csv or json")
    p.add_argument("--last", type=int, metavar="N", help="only the last N runs per case")
    p.add_argument(
        "--import",
        dest="imports",
        action="append",
        default=[],
        metavar="FILE",
        help="add a results file (--save) to the history first (repeatable)",
    )
    p.add_argument("-h", "--help", "-help", action="store_true", help="show this help")
    return p


def history_main(argv: list[str], out: TextIO, err: TextIO) -> int:
    """Run `pyspeed history ARGV`; every failure is one line and a documented status."""
    from pyspeed.results import history_store

    parser = _parser()
    try:
        args = parser.parse_args(argv)
        if args.help:
            out.write(parser.format_help())
            return EXIT_OK
        if args.format not in FORMATS:
            raise UsageError(
                f"history: unknown format {args.format!r} (one of {', '.join(FORMATS)})",
                usage_hint=False,
            )
        if args.last is not None and args.last < 1:
            raise UsageError("history: --last must be positive", usage_hint=False)
        if args.imports:
            _import(args.imports, args.db, err)
        points = history_store.query(args.words, args.db, args.engine, args.last)
    except PyspeedError as exc:
        return report(exc, err)
    out.write(render(points, args.format))
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


def _ci(p: TrendPoint) -> str:
    if p.median is None or p.ci_low is None or p.ci_high is None:
        return ""
    return formats.plus_minus(relative_half_width(p.median, p.ci_low, p.ci_high,
                                                  p.repeats or 0))


def _change(p: TrendPoint) -> str:
    if p.change is None:
        return "new machine" if p.new_machine else ""
    return f"{p.change:+.1f}%" + (" ~" if p.overlap else "")


def _commit(p: TrendPoint) -> str:
    if not p.commit:
        return "-"
    return p.commit[:10] + ("+" if p.dirty else "")


def render(points: list[TrendPoint], fmt: str) -> str:
    """The trend as a table (one block per case and engine), CSV or JSON."""
    if fmt == "json":
        return json.dumps([p.as_dict() for p in points], indent=1) + "\n"
    if fmt == "csv":
        import csv
        import io

        buf = io.StringIO()
        fields = list(points[0].as_dict()) if points else []
        w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        for p in points:
            w.writerow({k: "" if v is None else v for k, v in p.as_dict().items()})
        return buf.getvalue()
    from tabulate import tabulate

    headers = ["time (UTC)", "commit", "machine", "case", "engine", "median", "±95%", "change"]
    rows = []
    for p in points:
        when = (p.started or "").replace("T", " ")[:16]
        median = formats.rate(p.median, p.unit) + (" (modelled)" if p.modelled else "")
        rows.append(
            [
                when,
                _commit(p),
                (p.fingerprint or "-")[:8],
                p.case,
                p.engine,
                median,
                _ci(p),
                _change(p),
            ]
        )
    text = tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True)
    notes = ["change: against the previous run of the case and engine on the same machine"]
    if any(p.overlap for p in points):
        notes.append("~: the two 95% intervals overlap (likely noise)")
    return text + "\n\n" + "\n".join(notes) + "\n"
