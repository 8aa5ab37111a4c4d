"""Appending runs: one transaction per run, the run's row first; a run key that is
already there (another writer, an earlier import, a spooled copy) adds nothing."""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Iterable
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from pyspeed.model import Run
from pyspeed.results.history.backends import UPDATE_FAILED, failures, open_engine, retrying
from pyspeed.results.history.identity import run_key, safe_text
from pyspeed.results.history.location import Location
from pyspeed.results.history.tables import results, runs
from pyspeed.results.history.versions import ensure_current
from pyspeed.results.statistics import run_stats

MAX_DOCUMENT = 64 << 20  # compressed bytes of a document kept as a baseline
MAX_TEXT = 1000  # characters of a label, branch, CPU or command stored


def _str(value: Any) -> str | None:
    return safe_text(value, MAX_TEXT) if isinstance(value, str) and value else None


def _float(value: Any) -> float | None:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _document(run: Run) -> bytes | None:
    from pyspeed.results.document import to_dict

    packed = zlib.compress(json.dumps(to_dict(run), separators=(",", ":")).encode(
        "utf-8", "surrogateescape"), 6)
    return packed if len(packed) <= MAX_DOCUMENT else None  # the trend is kept anyway


def run_row(run: Run) -> dict[str, Any]:
    mi = run.machine_info
    ci = run.commit_info or {}
    return {
        "run_key": run_key(run),
        "started": safe_text(run.started),
        "pyspeed": _str(run.pyspeed),
        "fingerprint": _str(mi.get("fingerprint")),
        "cpu": _str(mi.get("cpu")),
        "commit_id": _str(ci.get("id")),
        "dirty": bool(ci.get("dirty")) if ci else None,
        "command": safe_text(json.dumps(run.command), MAX_TEXT),
        "divisor": "wall" if run.elapsed else "user",
        "machine": _str(mi.get("label")),
        "branch": _str(ci.get("branch")),
        "document": _document(run),
    }


def result_rows(run: Run, run_id: int) -> list[dict[str, Any]]:
    return [
        {"run_id": run_id, "case_key": safe_text(r.case), "algorithm": safe_text(r.algorithm),
         "operation": safe_text(r.operation), "family": safe_text(r.family), "size": r.size,
         "engine": safe_text(r.engine), "served_by": safe_text(r.served_by),
         "modelled": bool(r.modelled), "unit": r.unit, "median": _float(r.median),
         "ci_low": _float(r.ci_low), "ci_high": _float(r.ci_high), "repeats": r.n,
         "cpu_per_op": _float(r.cpu_per_op)}
        for r in run_stats(run)
    ]


def append_runs(loc: Location, batch: Iterable[Run]) -> list[int]:
    """Store each run; per run the result rows added (0: it was already there). One
    connection for the lot (a PostgreSQL login costs more than an append)."""
    engine = open_engine(loc, write=True)
    try:
        with failures(loc, UPDATE_FAILED), engine.connect() as conn:
            retrying(loc, lambda: _ensure(conn, loc))
            return [retrying(loc, lambda run=run: _append(conn, run)) for run in batch]
    finally:
        engine.dispose()


def _ensure(conn: Connection, loc: Location) -> None:
    with conn.begin():
        ensure_current(conn, loc)


def _append(conn: Connection, run: Run) -> int:
    row = run_row(run)
    with conn.begin():
        run_id = _insert_run(conn, row)
        if run_id is None:
            return 0
        rows = result_rows(run, run_id)
        if rows:
            conn.execute(results.insert(), rows)
        return len(rows)


def _insert_run(conn: Connection, row: dict[str, Any]) -> int | None:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = (dialect.insert(runs).values(**row)
            .on_conflict_do_nothing(index_elements=[runs.c.run_key])
            .returning(runs.c.id))
    found = conn.execute(stmt).scalar()
    return int(found) if found is not None else None
