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
import math
import os
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from pyspeed.model import RECORD_FIELDS, EngineInfo, Record, Run, WorkerInfo
from pyspeed.results.files import write_atomically
from pyspeed.results.schema import ResultsError, ResultsMissing, validate

__all__ = ["SCHEMA", "SCHEMA_VERSION", "ResultsError", "ResultsMissing", "from_dict", "load",
           "migrate", "save", "to_dict", "to_frame"]

if TYPE_CHECKING:
    import pandas as pd

SCHEMA = "pyspeed-results"
SCHEMA_VERSION = 1


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


MAX_BYTES = 1 << 30  # size of a results file pyspeed reads


def from_dict(doc: Any, source: str = "document") -> Run:
    """Check a parsed document against its schema (pyspeed.results.schema) and make it a
    Run; every problem is one ResultsError line naming `source` and the JSON path."""
    if not isinstance(doc, dict) or doc.get("schema") != SCHEMA:
        raise ResultsError(f"{source}: not a pyspeed results file (no schema {SCHEMA!r})")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ResultsError(f"{source}: schema version missing or not a number: {version!r}")
    if version > SCHEMA_VERSION:
        raise ResultsError(f"{source}: schema version {version} is newer than this pyspeed "
                           f"reads ({SCHEMA_VERSION}); upgrade pyspeed")
    if not isinstance(doc.get("results"), list):
        raise ResultsError(f"{source}: 'results' is missing or not a list")
    m = validate(migrate(doc), source)
    return Run(
        # a record's validated fields as they are (flat: no nested model to dump); a
        # history of many runs loads hundreds of thousands of records
        records=[Record(**vars(r)) for r in m.results],
        engines=[EngineInfo(**e.model_dump()) for e in m.engines],
        options=m.options.model_dump(), command=list(m.command), started=m.started,
        run_id=m.run_id, pyspeed=m.pyspeed, machine_info=dict(m.machine_info),
        commit_info=m.commit_info, unsupported={k: dict(v) for k, v in m.unsupported.items()},
        dropped={k: list(v) for k, v in m.dropped.items()},
        workers=[WorkerInfo(**w.model_dump()) for w in m.workers],
        complete=m.complete, interrupted=m.interrupted,
    )


def save(doc: Run | dict[str, Any], path: str) -> None:
    """Write atomically (pyspeed.results.files): the file is either the old one or the
    complete new one."""
    data = to_dict(doc) if isinstance(doc, Run) else doc
    text = json.dumps(data, indent=1) + "\n"
    write_atomically(path, lambda fh: fh.write(text.encode("utf-8")))


def load(path: str) -> Run:
    """Read and check a results document; every problem is one line naming the file."""
    try:
        if os.path.getsize(path) > MAX_BYTES:
            raise ResultsError(f"{path}: larger than the {MAX_BYTES >> 20} MiB a results "
                               "file may have")
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
    except RecursionError:
        raise ResultsError(f"{path}: nested too deeply to be a results document") from None
    except FileNotFoundError:
        raise ResultsMissing(f"{path}: no such results file") from None
    except OSError as exc:
        raise ResultsMissing(f"{path}: {exc.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ResultsError(f"{path}: not a complete JSON document ({exc})") from None
    return from_dict(doc, path)


def to_frame(run: Run) -> pd.DataFrame:
    """One row per record, for analysis in pandas, with derived columns: `time`
    (openssl's divisor), `rate` (that worker's bytes/s or ops/s, as
    pyspeed.results.statistics reads it; NaN for a failed measurement) and `cpu`."""
    import pandas as pd

    elapsed = run.elapsed
    df = pd.DataFrame([asdict(r) for r in run.records], columns=[*RECORD_FIELDS])
    df["time"] = [r.time(elapsed) for r in run.records]
    df["rate"] = [r.rate(elapsed) if r.ok(elapsed) else math.nan for r in run.records]
    df["cpu"] = df["user"] + df["sys"]
    return df
