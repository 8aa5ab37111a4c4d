"""The results document: one versioned JSON format for every pyspeed run.

Every view (openssl text, tables, CSV, Markdown, comparisons, plots, exports) is a
function of this document, or of the pandas DataFrame made from it, so a saved run can
be shown again in any form and compared later. One record per measurement: case,
engine, repetition, worker, with raw counters only (count, wall, user and system CPU);
rates are derived by the views.

Writes are atomic (temporary file in the same directory, fsync, rename): a crash or
Ctrl-C never leaves a torn file. Reads are strict: a truncated or hand-edited file, or
a schema newer than this pyspeed, is a one-line error (ResultsError, exit 2).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import platform
import subprocess
import tempfile
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from pyspeed import __version__
from pyspeed.algos.cases import PkeyCase
from pyspeed.algos.registry import PkeyAlgo
from pyspeed.errors import EXIT_CONFIG, PyspeedError

if TYPE_CHECKING:
    import pandas as pd

    from pyspeed.runner.measurement import Result

SCHEMA = "pyspeed-results"
SCHEMA_VERSION = 1


class ResultsError(PyspeedError):
    """A results file that cannot be used (missing, torn, edited, from a newer pyspeed)."""

    exit_code = EXIT_CONFIG


@dataclass(frozen=True)
class Record:
    """One measurement of one case, by one engine, in one repetition, in one worker."""

    case: str  # "rsa2048/sign", "aes-128-cbc/16384"
    family: str  # "sym" or the public-key family (rsa, dsa, ecdsa, ecdh, eddsa, sm2, ffdh)
    algorithm: str  # table label (sym) or speed word (pkey)
    operation: str  # sym kind (digest, cipher, evp_cipher...) or sign/verify/derive
    size: int  # bytes per operation (sym); 0 for public key
    bits: int  # key size (pkey); 0 for sym
    engine: str  # the engine asked for (the router's front engine)
    served_by: str  # the engine that ran it (software when the engine declined)
    implementation: str
    modelled: bool
    repeat: int
    worker: int
    seconds: float  # nominal duration
    count: int
    wall: float
    user: float
    sys: float
    error: str | None = None
    counters: dict[str, float] = field(default_factory=dict)


def record_from(result: Result, worker: int = 0) -> Record:
    """The record of one measured case (what a worker sends its parent, what is saved)."""
    case, m = result.case, result.measurement
    pkey = isinstance(case.algo, PkeyAlgo)
    return Record(
        case=case.key,
        family=case.algo.family if isinstance(case.algo, PkeyAlgo) else "sym",
        algorithm=case.algo.word,
        operation=case.op if isinstance(case, PkeyCase) else case.algo.kind,
        size=0 if pkey else case.size,  # type: ignore[union-attr]
        bits=case.algo.bits if isinstance(case.algo, PkeyAlgo) else 0,
        engine=result.front or result.engine,
        served_by=result.engine,
        implementation=result.implementation,
        modelled=m.modelled,
        repeat=result.repeat,
        worker=worker,
        seconds=case.seconds,
        count=m.count,
        wall=m.wall,
        user=m.user,
        sys=m.sys,
        error=m.error,
        counters=dict(m.counters),
    )


def machine_info() -> dict[str, Any]:
    """What the numbers depend on, and a fingerprint of it that is stable across runs."""
    import cryptography
    from cryptography.hazmat.backends.openssl.backend import backend

    from pyspeed.report.header import cpu_description

    info = {
        "cpu": cpu_description(),
        "cores": os.cpu_count(),
        "system": platform.system(),
        "release": platform.release(),
        "machine": platform.machine(),
        "node": platform.node(),
        "python_implementation": platform.python_implementation(),
        "python_version": platform.python_version(),
        "python_compiler": platform.python_compiler(),
        "cryptography": cryptography.__version__,
        "openssl": backend.openssl_version_text(),
    }
    stable = {k: info[k] for k in ("cpu", "cores", "system", "machine",
                                   "python_implementation", "python_version",
                                   "cryptography", "openssl")}
    info["fingerprint"] = hashlib.sha256(
        json.dumps(stable, sort_keys=True).encode()).hexdigest()[:16]
    return info


def commit_info(cwd: str | None = None) -> dict[str, Any] | None:
    """The git commit of the working directory, when there is one."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True,
                              text=True, timeout=5, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=cwd, capture_output=True,
                               text=True, timeout=5, check=True).stdout.strip() != ""
    except (OSError, subprocess.SubprocessError):
        return None
    return {"id": head, "dirty": dirty}


def document(records: list[Record], *, command: list[str], options: dict[str, Any],
             engines: list[dict[str, Any]], started: dt.datetime) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "version": SCHEMA_VERSION,
        "pyspeed": __version__,
        "started": started.astimezone(dt.timezone.utc).isoformat(timespec="seconds"),
        "command": command,
        "options": options,
        "machine_info": machine_info(),
        "commit_info": commit_info(),
        "engines": engines,
        "results": [asdict(r) for r in records],
    }


def save(doc: dict[str, Any], path: str) -> None:
    """Write atomically: the file is either the old one or the complete new one."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".pyspeed-", suffix=".json", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, indent=1)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


_REQUIRED = {f for f in Record.__dataclass_fields__ if f not in ("error", "counters")}


def load(path: str) -> dict[str, Any]:
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
    if not isinstance(doc, dict) or doc.get("schema") != SCHEMA:
        raise ResultsError(f"{path}: not a pyspeed results file (no schema {SCHEMA!r})")
    version = doc.get("version")
    if not isinstance(version, int):
        raise ResultsError(f"{path}: schema version missing or not a number: {version!r}")
    if version > SCHEMA_VERSION:
        raise ResultsError(f"{path}: schema version {version} is newer than this pyspeed "
                           f"reads ({SCHEMA_VERSION}); upgrade pyspeed")
    results = doc.get("results")
    if not isinstance(results, list):
        raise ResultsError(f"{path}: 'results' is missing or not a list")
    for i, rec in enumerate(results):
        missing = _REQUIRED - set(rec) if isinstance(rec, dict) else _REQUIRED
        if missing:
            raise ResultsError(f"{path}: result {i} lacks {', '.join(sorted(missing))}")
        if not isinstance(rec["count"], int) or rec["count"] < 0 or not all(
                isinstance(rec[k], (int, float)) and rec[k] >= 0 for k in ("wall", "user", "sys")):
            raise ResultsError(f"{path}: result {i} ({rec['case']}) has invalid counters")
    return doc


def to_frame(doc: dict[str, Any]) -> pd.DataFrame:
    """One row per record, with derived columns: `time` (openssl's divisor: wall-clock
    with -elapsed, else user CPU time, which for a modelled engine is its modelled CPU
    time), `rate` (bytes/s or ops/s of that worker), `cpu` (user+sys)."""
    import pandas as pd

    df = pd.DataFrame(doc["results"], columns=[*Record.__dataclass_fields__])
    elapsed = bool(doc.get("options", {}).get("elapsed"))
    df["time"] = df["wall"] if elapsed else df["user"]
    per_op = df["size"].where(df["size"] > 0, 1)
    ok = df["error"].isna() & (df["time"] > 0)
    df["rate"] = (df["count"] * per_op / df["time"]).where(ok, 0.0)
    df["cpu"] = df["user"] + df["sys"]
    return df
