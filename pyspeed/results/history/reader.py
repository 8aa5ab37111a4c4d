"""Reading the store: the trend of cases selected by words, engine, machine, branch and
a commit range, and the baseline run `pyspeed compare --base-from-history` gates
against. Read-only: nothing here creates, upgrades or changes a store."""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, func, null, or_, select
from sqlalchemy.engine import Connection

from pyspeed.errors import EXIT_USAGE, PyspeedError
from pyspeed.model import Run
from pyspeed.results.history.backends import READ_FAILED, failures, open_engine
from pyspeed.results.history.failures import NoHistory
from pyspeed.results.history.location import Location
from pyspeed.results.history.tables import results, runs
from pyspeed.results.history.trend import TrendPoint, damage, trend
from pyspeed.results.history.versions import check_readable

MAX_ROWS = 1_000_000  # trend rows one query reads
MAX_CANDIDATES = 200  # recent runs of a branch considered as a baseline
MAX_INFLATED = 1 << 30  # bytes of a stored document, as the results file limit


@dataclass(frozen=True)
class Filters:
    """What `pyspeed history` selects; empty fields select everything."""

    words: tuple[str, ...] = ()
    engine: str | None = None
    machine: str | None = None  # a --machine label, or a fingerprint (or its prefix)
    branch: str | None = None
    since_commit: str | None = None  # from the first run at this commit (or prefix)
    until_commit: str | None = None  # to the last run at this commit (or prefix)
    last: int | None = None

    def describe(self) -> str:
        what = " ".join(self.words) or "anything"
        for label, value in (("on engine", self.engine), ("on machine", self.machine),
                             ("on branch", self.branch), ("since commit", self.since_commit),
                             ("until commit", self.until_commit)):
            if value:
                what += f" {label} {value}"
        return what


@contextmanager
def reading(loc: Location) -> Iterator[tuple[Connection, set[str]]]:
    """A read-only connection to a store that exists, and the run columns it has."""
    if loc.kind == "sqlite" and not os.path.exists(loc.target):
        raise NoHistory(f"pyspeed history: no history yet ({loc.display} does not exist; "
                        "runs saved with --save are recorded there)")
    engine = open_engine(loc, write=False)
    try:
        with failures(loc, READ_FAILED), engine.connect() as conn:
            yield conn, check_readable(conn, loc)
    finally:
        engine.dispose()


def _run_column(name: str, present: set[str]) -> ColumnElement[Any]:
    """A version 2 column, or NULL in a version 1 file that no writer upgraded yet."""
    return runs.c[name] if name in present else null()


def read_trend(loc: Location, filters: Filters) -> tuple[list[TrendPoint], list[str]]:
    """The points, oldest first per case and engine, and why rows were left out."""
    with reading(loc) as (conn, present):
        columns = [runs.c.id.label("run"), runs.c.started, runs.c.commit_id.label("commit"),
                   runs.c.dirty, runs.c.fingerprint,
                   _run_column("machine", present).label("machine"),
                   _run_column("branch", present).label("branch"), runs.c.pyspeed,
                   runs.c.divisor, results.c.case_key.label("case"), results.c.engine,
                   results.c.served_by, results.c.modelled, results.c.unit, results.c.median,
                   results.c.ci_low, results.c.ci_high, results.c.repeats]
        where = _where(conn, loc, filters, present)
        stmt = (select(*columns).select_from(results.join(runs, runs.c.id == results.c.run_id))
                .where(*where).limit(MAX_ROWS)
                .order_by(runs.c.started, runs.c.id, results.c.case_key, results.c.engine))
        rows = [dict(r) for r in conn.execute(stmt).mappings()]
        any_runs = conn.execute(select(runs.c.id).limit(1)).first() is not None
    if not any_runs:
        raise NoHistory(f"pyspeed history: no history yet in {loc.display}")
    good, skipped = [], []
    for row in rows:
        why = damage(row)
        if why is None:
            good.append(row)
        else:
            skipped.append(f"run {row['run']}, {row['case'] or '?'} on {row['engine'] or '?'}: "
                           f"{why}")
    if not good:
        raise NoHistory(f"pyspeed history: no history for {filters.describe()} in "
                        f"{loc.display}")
    return trend(good, filters.last), skipped


def _where(conn: Connection, loc: Location, f: Filters,
           present: set[str]) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if f.words:
        where.append(or_(*(or_(func.lower(results.c.case_key) == w.lower(),
                               func.lower(results.c.algorithm) == w.lower(),
                               func.lower(results.c.family) == w.lower()) for w in f.words)))
    if f.engine:
        where.append(results.c.engine == f.engine)
    if f.machine:
        where.append(or_(_run_column("machine", present) == f.machine,
                         runs.c.fingerprint.startswith(f.machine, autoescape=True)))
    if f.branch:
        where.append(_run_column("branch", present) == f.branch)
    if f.since_commit:
        where.append(runs.c.started >= _commit_time(conn, loc, f.since_commit, first=True))
    if f.until_commit:
        where.append(runs.c.started <= _commit_time(conn, loc, f.until_commit, first=False))
    return where


def _commit_time(conn: Connection, loc: Location, prefix: str, *, first: bool) -> str:
    """When the first (or last) run at the commit `prefix` names was recorded: a commit
    range is the runs between, in the order the history recorded them."""
    matching = runs.c.commit_id.startswith(prefix.lower(), autoescape=True)
    ids = conn.execute(select(runs.c.commit_id).where(matching).distinct().limit(2)).scalars()
    found = list(ids)
    if not found:
        raise NoHistory(f"pyspeed history: no run at commit {prefix} in {loc.display}")
    if len(found) > 1:
        raise PyspeedError(f"history: commit {prefix} is ambiguous ({found[0][:12]}, "
                           f"{found[1][:12]}, ...): give more of it", exit_code=EXIT_USAGE)
    when = func.min(runs.c.started) if first else func.max(runs.c.started)
    return str(conn.execute(select(when).where(matching)).scalar())


def find_baseline(loc: Location, branch: str, new: Run, new_key: str
                  ) -> tuple[Run, dict[str, Any], list[str]]:
    """The latest run of `branch` that is most comparable with `new`: same fingerprint,
    then same machine label, sharing an engine, same rate divisor, in that order of
    weight; `new` itself (already appended by its --save) never is its own baseline.
    Returns the run, its row, and the stored runs skipped as damaged."""
    skipped: list[str] = []
    with reading(loc) as (conn, present):
        if "document" not in present:
            raise NoHistory(f"compare: no run of branch {branch} in {loc.display} can be a "
                            "baseline (its runs were stored by an older pyspeed)")
        meta = [runs.c.id, runs.c.started, runs.c.commit_id, runs.c.fingerprint,
                runs.c.machine, runs.c.divisor]
        stmt = (select(*meta).where(and_(runs.c.branch == branch,
                                         runs.c.document.is_not(None),
                                         runs.c.run_key != new_key))
                .order_by(runs.c.started.desc(), runs.c.id.desc()).limit(MAX_CANDIDATES))
        candidates = [dict(r) for r in conn.execute(stmt).mappings()]
        if not candidates:
            raise NoHistory(f"compare: baseline missing: no run of branch {branch} in "
                            f"{loc.display}")
        engines: dict[int, set[str]] = {}
        pairs = select(results.c.run_id, results.c.engine).where(
            results.c.run_id.in_([c["id"] for c in candidates])).distinct()
        for run_id, engine in conn.execute(pairs):
            engines.setdefault(run_id, set()).add(engine)
        for c in sorted(candidates, key=lambda c: _likeness(c, engines, new), reverse=True):
            blob = conn.execute(select(runs.c.document).where(runs.c.id == c["id"])).scalar()
            run, why = _document(blob, f"{loc.display} run {c['id']}")
            if run is not None:
                return run, c, skipped
            skipped.append(f"run {c['id']} ({c['started']}): {why}")
    raise NoHistory(f"compare: baseline missing: every run of branch {branch} in "
                    f"{loc.display} is damaged")


def _likeness(row: dict[str, Any], engines: dict[int, set[str]], new: Run) -> tuple[int, ...]:
    label = new.machine_info.get("label")
    return (int(row["fingerprint"] == new.machine_info.get("fingerprint")),
            int(bool(label) and row["machine"] == label),
            int(bool(engines.get(row["id"], set()) & set(new.engine_ids()))),
            int(row["divisor"] == ("wall" if new.elapsed else "user")))


def _document(blob: Any, source: str) -> tuple[Run | None, str]:
    from pyspeed.results.document import from_dict
    from pyspeed.results.schema import ResultsError

    if not isinstance(blob, bytes | bytearray | memoryview):
        return None, "no stored document"
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(bytes(blob), MAX_INFLATED)
        if inflater.unconsumed_tail:
            return None, "stored document too large"
        return from_dict(json.loads(raw.decode("utf-8", "surrogateescape")), source), ""
    except (zlib.error, ValueError, RecursionError) as exc:
        return None, f"stored document damaged ({exc})"
    except ResultsError as exc:
        return None, exc.message
