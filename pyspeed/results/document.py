"""The results document: one versioned JSON format for every pyspeed run.

A run (pyspeed.model.Run) is saved as this document and read back as the same Run, so
that a saved run can be shown again in any form and compared later. One record per
measurement: case, engine, repetition, worker, with raw counters only (count, wall,
user and system CPU); every rate is derived by pyspeed.results.statistics.

Writes are atomic (pyspeed.results.files): a crash or Ctrl-C never leaves a torn file.
Reads are strict: a truncated or hand-edited file, or a schema newer than this pyspeed,
is a one-line error (ResultsError, exit 2). Documents of an older schema version are
migrated on load (`migrate`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from typing import TYPE_CHECKING, Any

from pyspeed.errors import EXIT_CONFIG, PyspeedError
from pyspeed.model import RECORD_FIELDS, EngineInfo, Record, Run, WorkerInfo
from pyspeed.results.files import write_atomically

if TYPE_CHECKING:
    import pandas as pd

SCHEMA = "pyspeed-results"
SCHEMA_VERSION = 1


class ResultsError(PyspeedError):
    """A results file that cannot be used (missing, torn, edited, from a newer pyspeed)."""

    exit_code = EXIT_CONFIG


def to_dict(run: Run) -> dict[str, Any]:
    """The JSON document of a run (keys in a stable, readable order)."""
    return {
        "schema": SCHEMA,
        "version": SCHEMA_VERSION,
        "pyspeed": run.pyspeed,
        "run_id": run.run_id,
        "started": run.started,
        "complete": run.complete,
        "interrupted": run.interrupted,
        "command": list(run.command),
        "options": dict(run.options),
        "machine_info": dict(run.machine_info),
        "commit_info": run.commit_info,
        "engines": [asdict(e) for e in run.engines],
        "unsupported": {k: dict(v) for k, v in run.unsupported.items()},
        "dropped": {k: list(v) for k, v in run.dropped.items()},
        "workers": [asdict(w) for w in run.workers],
        "results": [asdict(r) for r in run.records],
    }


def migrate(doc: dict[str, Any]) -> dict[str, Any]:
    """Bring a document of an older schema version to this one (version 1 is the first:
    nothing to do yet; a later version adds its step here)."""
    return doc


_REQUIRED = {f for f in RECORD_FIELDS if f not in ("error", "counters", "multi", "async_jobs")}
_ENGINE_FIELDS = {f.name for f in fields(EngineInfo)}
_WORKER_FIELDS = {f.name for f in fields(WorkerInfo)}


def from_dict(doc: Any, source: str = "document") -> Run:
    """Check a parsed document and make it a Run; every problem is one ResultsError line
    naming `source`."""
    if not isinstance(doc, dict) or doc.get("schema") != SCHEMA:
        raise ResultsError(f"{source}: not a pyspeed results file (no schema {SCHEMA!r})")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ResultsError(f"{source}: schema version missing or not a number: {version!r}")
    if version > SCHEMA_VERSION:
        raise ResultsError(f"{source}: schema version {version} is newer than this pyspeed "
                           f"reads ({SCHEMA_VERSION}); upgrade pyspeed")
    doc = migrate(doc)
    results = doc.get("results")
    if not isinstance(results, list):
        raise ResultsError(f"{source}: 'results' is missing or not a list")
    records = [_record(rec, i, source) for i, rec in enumerate(results)]
    options = doc.get("options") or {}
    if not isinstance(options, dict):
        raise ResultsError(f"{source}: 'options' is not an object")
    try:
        engines = [EngineInfo(**{k: v for k, v in e.items() if k in _ENGINE_FIELDS})
                   for e in doc.get("engines") or []]
        workers = [WorkerInfo(**{k: v for k, v in w.items() if k in _WORKER_FIELDS})
                   for w in doc.get("workers") or []]
    except (AttributeError, TypeError) as exc:
        raise ResultsError(f"{source}: invalid engines or workers ({exc})") from None
    return Run(
        records=records,
        engines=engines,
        options=options,
        command=[str(c) for c in doc.get("command") or []],
        started=str(doc.get("started") or ""),
        run_id=str(doc.get("run_id") or ""),
        pyspeed=str(doc.get("pyspeed") or ""),
        machine_info=doc.get("machine_info") if isinstance(doc.get("machine_info"), dict)
        else {},
        commit_info=doc.get("commit_info") if isinstance(doc.get("commit_info"), dict)
        else None,
        unsupported={str(k): dict(v) for k, v in (doc.get("unsupported") or {}).items()},
        dropped={str(k): list(v) for k, v in (doc.get("dropped") or {}).items()},
        workers=workers,
        complete=bool(doc.get("complete", True)),
        interrupted=bool(doc.get("interrupted", False)),
    )


def _record(rec: Any, i: int, source: str) -> Record:
    missing = _REQUIRED - set(rec) if isinstance(rec, dict) else _REQUIRED
    if missing:
        raise ResultsError(f"{source}: result {i} lacks {', '.join(sorted(missing))}")
    if not isinstance(rec["count"], int) or rec["count"] < 0 or not all(
            isinstance(rec[k], (int, float)) and rec[k] >= 0 for k in ("wall", "user", "sys")):
        raise ResultsError(f"{source}: result {i} ({rec['case']}) has invalid counters")
    known = {k: v for k, v in rec.items() if k in RECORD_FIELDS}
    known["counters"] = dict(known.get("counters") or {})
    try:
        return Record(**known)
    except TypeError as exc:
        raise ResultsError(f"{source}: result {i}: {exc}") from None


def save(doc: Run | dict[str, Any], path: str) -> None:
    """Write atomically (pyspeed.results.files): the file is either the old one or the
    complete new one."""
    data = to_dict(doc) if isinstance(doc, Run) else doc
    text = json.dumps(data, indent=1) + "\n"
    write_atomically(path, lambda fh: fh.write(text.encode("utf-8")))


def load(path: str) -> Run:
    """Read and check a results document; every problem is one line naming the file."""
    try:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
    except FileNotFoundError:
        raise ResultsError(f"{path}: no such results file") from None
    except OSError as exc:
        raise ResultsError(f"{path}: {exc.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ResultsError(f"{path}: not a complete JSON document ({exc})") from None
    return from_dict(doc, path)


def to_frame(run: Run) -> pd.DataFrame:
    """One row per record, for analysis in pandas, with derived columns: `time`
    (openssl's divisor), `rate` (that worker's bytes/s or ops/s; NaN for a failed
    measurement: see pyspeed.results.statistics) and `cpu` (user+sys)."""
    import pandas as pd

    df = pd.DataFrame([asdict(r) for r in run.records], columns=[*RECORD_FIELDS])
    elapsed = run.elapsed
    df["time"] = df["wall"] if elapsed else df["user"]
    per_op = df["size"].where(df["size"] > 0, 1)
    ok = df["error"].isna() & (df["time"] > 0)
    df["rate"] = (df["count"] * per_op / df["time"]).where(ok)
    df["cpu"] = df["user"] + df["sys"]
    return df
