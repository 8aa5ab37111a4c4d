"""The history store: every saved run, one row per (run, case, engine), in a SQLite file
or a PostgreSQL database a team shares.

Why: a results file answers "how fast is it now"; the trend across commits, branches,
library upgrades and machines needs the runs together. `--save` appends here too, so
`pyspeed history rsa2048` shows it without anyone keeping files around, and
`pyspeed compare --base-from-history main new.json` finds the baseline itself.

Where (pyspeed.results.history.location): `PYSPEED_HISTORY`, `--db` or `--history`: a
path (SQLite, the default `$XDG_DATA_HOME/pyspeed/history.sqlite`) or
`postgresql://user:pass@host[:port]/db`; `off` disables appending. Both backends share
one schema (tables), versioned and upgraded by script (versions), opened with the
settings that make concurrent writers safe (backends).

What: per run its start time, pyspeed version, machine fingerprint, label and CPU, git
commit, branch and dirtiness, command and divisor, and the whole document (the
baseline's samples); per case and engine the median rate with its 95% interval,
repetitions, unit, who served it and whether it was modelled (pyspeed.results.statistics).
The same run appended twice is stored once (identity).

Faults: an unusable store is HistoryError (exit 2), a server that cannot be reached or
refuses the credentials StoreUnreachable (exit 69), nothing recorded NoHistory (exit 3);
each one line. A run that cannot be appended is spooled (spool) and uploaded by the next
append that works. A damaged row is named and skipped; the others are shown.

SQLAlchemy and psycopg are imported by the functions that touch a store, never by this
package: `pyspeed --help` and `pyspeed engine` do not pay for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from pyspeed.results.history.failures import (
    EXIT_NO_HISTORY,
    HistoryError,
    NoHistory,
    StoreUnreachable,
)
from pyspeed.results.history.identity import safe_text
from pyspeed.results.history.location import (
    DISABLED,
    ENV,
    Location,
    appending_disabled,
    default_path,
    locate,
)
from pyspeed.results.history.trend import TrendPoint

if TYPE_CHECKING:
    from pathlib import Path

    from pyspeed.model import Run
    from pyspeed.results.history.archive import StoredRun

__all__ = ["ENV", "EXIT_NO_HISTORY", "HistoryError", "Location", "NoHistory",
           "StoreUnreachable", "TrendPoint", "append", "appending_disabled", "baseline",
           "default_path", "flush", "flush_quietly", "locate", "query", "record", "stored_runs"]

MAX_SKIPPED_SHOWN = 3  # damaged rows named in the one line that reports them


def append(run: Run, where: str | None = None) -> int:
    """Store a run; the result rows added (0 if it was already there)."""
    from pyspeed.results.history.writer import append_runs

    return append_runs(locate(where), [run])[0]


def record(run: Run, err: TextIO, where: str | None = None) -> bool:
    """`--save`'s companion: append unless disabled, then upload what was spooled. A
    failure is one warning line and the run is spooled, never a failed run (the results
    file is what the user asked for). False only if the run is kept nowhere."""
    if appending_disabled() if where is None else where.strip().lower() in DISABLED:
        return True  # PYSPEED_HISTORY=off, or --history off
    try:
        loc = locate(where)
    except HistoryError as exc:
        err.write(f"pyspeed: history not updated: {_bare(exc)}\n")
        return False
    from pyspeed.results.history.writer import append_runs

    try:
        append_runs(loc, [run])
    except HistoryError as exc:
        return _spool(run, loc, exc, err)
    flush_quietly(loc.target, err)
    return True


def _spool(run: Run, loc: Location, exc: HistoryError, err: TextIO) -> bool:
    from pyspeed.results.history import spool

    try:
        path = spool.put(run, loc)
    except OSError as problem:
        err.write(f"pyspeed: history not updated: {_bare(exc)}; the run could not be "
                  f"spooled either ({problem.strerror or problem})\n")
        return False
    err.write(f"pyspeed: history not updated: {_bare(exc)}; run spooled to {path} "
              "(the next append or `pyspeed history --flush` uploads it)\n")
    return True


def _bare(exc: HistoryError) -> str:
    message = exc.message
    return message[len("pyspeed: "):] if message.startswith("pyspeed: ") else message


def flush(where: str | None, err: TextIO) -> int:
    """Upload the runs spooled for the store; the number uploaded (runs already there
    count: another flush got them first). A spooled file that is not a results document
    is set aside and named; on a store error the rest stay spooled."""
    return _flush(locate(where), err, quiet=False)


def flush_quietly(where: str | None, err: TextIO) -> None:
    """After an append that worked: upload what waits in the spool, saying so only if
    there was something (or if it failed: the appended run is stored all the same)."""
    try:
        _flush(locate(where), err, quiet=True)
    except HistoryError as exc:
        err.write(f"pyspeed: spooled runs not uploaded: {_bare(exc)}\n")


def _flush(loc: Location, err: TextIO, *, quiet: bool) -> int:
    from pyspeed.results.document import load
    from pyspeed.results.history import spool
    from pyspeed.results.history.writer import append_runs
    from pyspeed.results.schema import ResultsError, ResultsMissing

    files = spool.pending(loc)
    if not files:
        if not quiet:
            err.write(f"pyspeed history: nothing spooled for {loc.display}\n")
        return 0
    batch, kept = [], []
    for path in files:
        try:
            batch.append(load(str(path)))
            kept.append(path)
        except ResultsMissing:
            continue  # a concurrent flush uploaded it first
        except ResultsError as exc:
            try:
                aside: Path | str = spool.set_aside(path)
            except OSError as problem:
                aside = f"(not renamed: {problem.strerror or problem})"
            err.write(f"pyspeed history: spooled run set aside as {aside}: {exc.message}\n")
    append_runs(loc, batch)
    for path in kept:
        try:
            spool.done(path)
        except OSError as problem:  # stored; a later flush finds it already there
            err.write(f"pyspeed history: {path}: uploaded but not removed from the spool "
                      f"({problem.strerror or problem})\n")
    err.write(f"pyspeed history: {len(kept)} spooled run(s) uploaded to {loc.display}\n")
    return len(kept)


def query(words: list[str], where: str | None = None, engine: str | None = None,
          last: int | None = None, *, machine: str | None = None, branch: str | None = None,
          since_commit: str | None = None, until_commit: str | None = None,
          err: TextIO | None = None) -> list[TrendPoint]:
    """The trend of every case matching `words` (a case key, an algorithm such as
    `rsa2048`, or a family such as `rsa`; none: every case), oldest first per case,
    narrowed by engine, machine, branch and commit range. Damaged rows are left out and
    reported on `err` in one line."""
    from pyspeed.results.history.reader import Filters, read_trend

    loc = locate(where)
    filters = Filters(words=tuple(safe_text(w) for w in words), engine=safe_text(engine),
                      machine=safe_text(machine), branch=safe_text(branch),
                      since_commit=since_commit, until_commit=until_commit, last=last)
    points, skipped = read_trend(loc, filters)
    if skipped and err is not None:
        err.write(_skipped_line(skipped, loc))
    return points


def _skipped_line(skipped: list[str], loc: Location) -> str:
    named = "; ".join(skipped[:MAX_SKIPPED_SHOWN]) + ("; ..." if len(skipped) >
                                                      MAX_SKIPPED_SHOWN else "")
    return (f"pyspeed history: skipped {len(skipped)} damaged row(s) in {loc.display} "
            f"({named})\n")


def baseline(branch: str, new: Run, where: str | None = None,
             err: TextIO | None = None) -> tuple[Run, dict[str, Any]]:
    """The latest comparable run of `branch` (pyspeed.results.history.reader) and its
    row (started, commit_id, fingerprint, machine); damaged candidates are reported on
    `err` in one line and passed over."""
    from pyspeed.results.history.identity import run_key
    from pyspeed.results.history.reader import find_baseline

    loc = locate(where)
    run, row, skipped = find_baseline(loc, str(safe_text(branch)), new, run_key(new))
    if skipped and err is not None:
        err.write(f"compare: skipped {len(skipped)} damaged run(s) of branch {branch} in "
                  f"{loc.display} ({'; '.join(skipped[:MAX_SKIPPED_SHOWN])})\n")
    return run, row


def stored_runs(where: str | None, last: int, err: TextIO | None = None
                ) -> tuple[list[StoredRun], int]:
    """The newest `last` runs with their documents, oldest first, and how many runs the
    store holds; damaged runs are reported on `err` in one line and left out."""
    from pyspeed.results.history.archive import read_runs

    loc = locate(where)
    found, total, skipped = read_runs(loc, last)
    if skipped and err is not None:
        err.write(_skipped_line(skipped, loc).replace("row(s)", "run(s)"))
    return found, total
