"""The history store: every saved run, one row per (run, case, engine), in SQLite.

Why: a results file answers "how fast is it now"; the trend across commits, library
upgrades and machines needs the runs together. `--save` appends here too, so
`pyspeed history rsa2048` shows it without the user keeping files around.

Where: `PYSPEED_HISTORY` (a path; `off` disables appending), else
`$XDG_DATA_HOME/pyspeed/history.sqlite`, else `~/.local/share/pyspeed/history.sqlite`;
an explicit path beats both. stdlib sqlite3 only: no server, one file, safe for
several pyspeed processes appending at once (SQLite's locking, a busy timeout).

What: per run its start time, pyspeed version, machine fingerprint and CPU, git commit
and dirtiness, command and divisor (wall-clock or user CPU); per case and engine the
median rate with its 95% confidence interval, repetitions, unit, who served it and
whether it was modelled (the numbers of `pyspeed report`, from pyspeed.results.statistics). The same
run appended twice is stored once (its run id; a key over its start time and raw
results for documents from before run ids).

Reading never creates or changes the file. A missing or empty store is `NoHistory`
(exit 3); a file that is not a pyspeed history, is damaged, or comes from a newer
pyspeed is `HistoryError` (exit 2); both carry one line.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import sqlite3
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, TextIO

from pyspeed.errors import EXIT_CONFIG, PyspeedError
from pyspeed.model import Run
from pyspeed.results.statistics import run_stats

SCHEMA_VERSION = 1
ENV = "PYSPEED_HISTORY"
DISABLED = ("off", "none", "no", "0")
EXIT_NO_HISTORY = 3
BUSY_TIMEOUT = 10.0  # seconds another pyspeed may hold the write lock

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    run_key TEXT NOT NULL UNIQUE,
    started TEXT NOT NULL,
    pyspeed TEXT,
    fingerprint TEXT,
    cpu TEXT,
    commit_id TEXT,
    dirty INTEGER,
    command TEXT,
    divisor TEXT
);
CREATE TABLE IF NOT EXISTS results (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    case_key TEXT NOT NULL,
    algorithm TEXT NOT NULL,
    operation TEXT,
    family TEXT,
    size INTEGER,
    engine TEXT NOT NULL,
    served_by TEXT,
    modelled INTEGER,
    unit TEXT,
    median REAL,
    ci_low REAL,
    ci_high REAL,
    repeats INTEGER,
    cpu_per_op REAL,
    PRIMARY KEY (run_id, case_key, engine)
);
CREATE INDEX IF NOT EXISTS results_case ON results (case_key COLLATE NOCASE, engine);
CREATE INDEX IF NOT EXISTS results_algorithm ON results (algorithm COLLATE NOCASE);
"""


class HistoryError(PyspeedError):
    """A history database that cannot be used (damaged, foreign, newer, unwritable)."""

    exit_code = EXIT_CONFIG


class NoHistory(PyspeedError):
    """Nothing recorded yet (no file, no runs, or nothing matching)."""

    exit_code = EXIT_NO_HISTORY


def default_path() -> str:
    """The store used when no path is given."""
    env = os.environ.get(ENV, "").strip()
    if env and env.lower() not in DISABLED:
        return os.path.expanduser(env)
    base = os.environ.get("XDG_DATA_HOME", "").strip() or os.path.join(
        os.path.expanduser("~"), ".local", "share"
    )
    return os.path.join(base, "pyspeed", "history.sqlite")


def appending_disabled() -> bool:
    """`PYSPEED_HISTORY=off`: `--save` writes the file only (CI, tests, shared hosts)."""
    return os.environ.get(ENV, "").strip().lower() in DISABLED


def _text(value: Any) -> Any:
    """A string SQLite can store: arguments that were not UTF-8 reach Python as lone
    surrogates; they are stored (and looked up) as their bytes, backslash-escaped."""
    if not isinstance(value, str):
        return value
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _row(*values: Any) -> tuple[Any, ...]:
    return tuple(_text(v) for v in values)


def _float(value: Any) -> float | None:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _run_key(run: Run) -> str:
    """The run's identity: its run_id, given when it was made (a file imported twice is
    stored once, and two runs never merge); documents from before run ids had none and
    are keyed by their start time and raw results."""
    if run.run_id:
        return run.run_id
    raw = json.dumps([run.started, [asdict(r) for r in run.records]], sort_keys=True,
                     default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def _connect_rw(path: str) -> sqlite3.Connection:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=BUSY_TIMEOUT)
    version = con.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        con.close()
        raise HistoryError(
            f"{path}: history schema {version} is newer than this pyspeed "
            f"reads ({SCHEMA_VERSION}); upgrade pyspeed"
        )
    tables = _tables(con)
    if tables and not {"runs", "results"} <= tables:
        con.close()
        raise HistoryError(f"{path}: not a pyspeed history database")
    con.executescript(_SCHEMA)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return con


def _tables(con: sqlite3.Connection) -> set[str]:
    return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def append(doc: Run, path: str | None = None) -> int:
    """Store a run; returns the rows added (0 if this run was already there)."""
    path = path or default_path()
    stats = run_stats(doc)
    mi = doc.machine_info
    ci = doc.commit_info or {}
    elapsed = doc.elapsed
    try:
        con = _connect_rw(path)
        try:
            with con:
                cur = con.execute(
                    "INSERT OR IGNORE INTO runs (run_key, started, pyspeed, fingerprint, cpu,"
                    " commit_id, dirty, command, divisor) VALUES (?,?,?,?,?,?,?,?,?)",
                    _row(
                        _run_key(doc),
                        doc.started,
                        doc.pyspeed or None,
                        mi.get("fingerprint"),
                        mi.get("cpu") if isinstance(mi.get("cpu"), str) else None,
                        ci.get("id"),
                        int(bool(ci.get("dirty"))) if ci else None,
                        json.dumps(doc.command),
                        "wall" if elapsed else "user",
                    ),
                )
                if cur.rowcount == 0 or not stats:
                    return 0
                run_id = cur.lastrowid
                rows = [
                    _row(
                        run_id, r.case, r.algorithm, r.operation, r.family, r.size, r.engine,
                        r.served_by, int(r.modelled), r.unit, _float(r.median),
                        _float(r.ci_low), _float(r.ci_high), r.n, _float(r.cpu_per_op),
                    )
                    for r in stats
                ]
                con.executemany(
                    "INSERT OR REPLACE INTO results VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows
                )
                return len(rows)
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise HistoryError(f"{path}: cannot update the history database ({exc})") from None
    except OSError as exc:
        raise HistoryError(
            f"{path}: cannot update the history database ({exc.strerror or exc})"
        ) from None


def record(doc: Run, err: TextIO, path: str | None = None) -> None:
    """`--save`'s companion: append unless disabled; a failure is one warning line, never
    a failed run (the results file is what the user asked for)."""
    if path is None and appending_disabled():
        return
    try:
        append(doc, path)
    except PyspeedError as exc:
        err.write(f"pyspeed: history not updated: {exc.message}\n")


@dataclass(frozen=True)
class TrendPoint:
    """One (run, case, engine) of the trend, with the change against the previous run of
    the same case and engine on the same machine."""

    started: str
    commit: str | None
    dirty: bool | None
    fingerprint: str | None
    pyspeed: str | None
    divisor: str | None
    case: str
    engine: str
    served_by: str | None
    modelled: bool
    unit: str | None
    median: float | None
    ci_low: float | None
    ci_high: float | None
    repeats: int | None
    change: float | None  # percent vs the previous point (same case, engine, machine)
    overlap: bool | None  # the two 95% intervals overlap: likely noise
    new_machine: bool  # a previous point exists, but on another machine

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _connect_ro(path: str) -> sqlite3.Connection:
    if not os.path.exists(path):
        raise NoHistory(
            f"pyspeed history: no history yet ({path} does not exist; "
            "runs saved with --save are recorded there)"
        )
    try:
        con = sqlite3.connect(
            Path(path).resolve().as_uri() + "?mode=ro", uri=True, timeout=BUSY_TIMEOUT
        )
        version = con.execute("PRAGMA user_version").fetchone()[0]
        tables = _tables(con)
    except sqlite3.DatabaseError as exc:
        raise HistoryError(f"{path}: not a readable history database ({exc})") from None
    if version > SCHEMA_VERSION:
        con.close()
        raise HistoryError(
            f"{path}: history schema {version} is newer than this pyspeed "
            f"reads ({SCHEMA_VERSION}); upgrade pyspeed"
        )
    if not tables:
        con.close()
        raise NoHistory(f"pyspeed history: no history yet in {path}")
    if not {"runs", "results"} <= tables:
        con.close()
        raise HistoryError(f"{path}: not a pyspeed history database")
    return con


_SELECT = """
SELECT runs.started, runs.commit_id, runs.dirty, runs.fingerprint, runs.pyspeed,
       runs.divisor, results.case_key, results.engine, results.served_by, results.modelled,
       results.unit, results.median, results.ci_low, results.ci_high, results.repeats
FROM results JOIN runs ON runs.id = results.run_id
"""


def query(
    words: list[str], path: str | None = None, engine: str | None = None, last: int | None = None
) -> list[TrendPoint]:
    """The trend of every case matching `words` (a case key, an algorithm such as
    `rsa2048`, or a family such as `rsa`; none: every case), oldest first per case."""
    path = path or default_path()
    con = _connect_ro(path)
    try:
        where, params = [], []
        for w in words:
            where.append(
                "(results.case_key = ? COLLATE NOCASE OR results.algorithm = ? "
                "COLLATE NOCASE OR results.family = ? COLLATE NOCASE)"
            )
            params += [w, w, w]
        sql = _SELECT + (" WHERE (" + " OR ".join(where) + ")" if where else "")
        if engine:
            sql += (" AND" if where else " WHERE") + " results.engine = ?"
            params.append(engine)
        sql += " ORDER BY runs.started, runs.id"
        rows = con.execute(sql, _row(*params)).fetchall()
        any_runs = con.execute("SELECT 1 FROM runs LIMIT 1").fetchone() is not None
    except sqlite3.DatabaseError as exc:
        raise HistoryError(f"{path}: not a readable history database ({exc})") from None
    finally:
        con.close()
    if not any_runs:
        raise NoHistory(f"pyspeed history: no history yet in {path}")
    if not rows:
        what = " ".join(words) or "anything"
        on = f" on engine {engine}" if engine else ""
        raise NoHistory(f"pyspeed history: no history for {what}{on} in {path}")
    return _trend(rows, last)


def _trend(rows: list[tuple[Any, ...]], last: int | None) -> list[TrendPoint]:
    """Rows come in _SELECT's column order, which is TrendPoint's field order."""
    order: dict[tuple[str, str], list[TrendPoint]] = {}
    previous: dict[tuple[str, str], TrendPoint] = {}
    same_machine: dict[tuple[str, str, str | None], TrendPoint] = {}
    for row in rows:
        point = TrendPoint(*row, change=None, overlap=None, new_machine=False)
        key = (point.case, point.engine)
        before = same_machine.get((*key, point.fingerprint))
        point = replace(point, dirty=None if point.dirty is None else bool(point.dirty),
                        modelled=bool(point.modelled), **_against(point, before),
                        new_machine=before is None and key in previous)
        order.setdefault(key, []).append(point)
        previous[key] = same_machine[(*key, point.fingerprint)] = point
    points: list[TrendPoint] = []
    for series in order.values():
        points.extend(series[-last:] if last else series)
    return points


def _against(point: TrendPoint, before: TrendPoint | None) -> dict[str, Any]:
    """The change against the previous point on the same machine, and whether the two
    95% intervals overlap (only when both come from repeated measurements)."""
    if before is None or not before.median or point.median is None:
        return {"change": None, "overlap": None}
    change = 100.0 * (point.median - before.median) / before.median
    bounds = (point.ci_low, point.ci_high, before.ci_low, before.ci_high)
    if None in bounds or (point.repeats or 0) < 2 or (before.repeats or 0) < 2:
        return {"change": change, "overlap": None}
    lo, hi, before_lo, before_hi = bounds
    return {"change": change, "overlap": lo <= before_hi and before_lo <= hi}
