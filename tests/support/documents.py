"""Synthetic results documents: exact numbers, no measuring (fixtures and a builder)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pyspeed.model import EngineInfo, Record, Run
from pyspeed.provenance import commit_info, machine_info
from pyspeed.results.document import SCHEMA, SCHEMA_VERSION, from_dict, to_dict


def document(records: list[Record], *, command: list[str], options: dict[str, Any],
             engines: list[dict[str, Any]], started: Any) -> dict[str, Any]:
    """A results document (as saved) of these records, with this machine's provenance."""
    run = Run(records=list(records), engines=[EngineInfo(**e) for e in engines],
              options=dict(options), command=list(command),
              started=started.isoformat(timespec="seconds"), pyspeed="test",
              machine_info=machine_info(), commit_info=commit_info())
    return to_dict(run)


def as_run(doc: dict[str, Any]) -> Run:
    """A synthetic document as the Run that loading it gives."""
    return from_dict(doc)

_PKEY_BITS = {"rsa2048": ("rsa", 2048), "ecdhp256": ("ecdh", 256), "rsa4096": ("rsa", 4096)}

Counts = dict[tuple[str, str], list[int | list[int] | None]]


def _record(
    case: str, engine: str, repeat: int, worker: int, count: int | None, **extra: Any
) -> dict[str, Any]:
    algo, detail = case.split("/")
    if detail.isdigit():
        family, operation, size, bits = "sym", "digest", int(detail), 0
    else:
        (family, bits), operation, size = _PKEY_BITS[algo], detail, 0
    return {
        "case": case,
        "family": family,
        "algorithm": algo,
        "operation": operation,
        "size": size,
        "bits": bits,
        "engine": engine,
        "served_by": engine,
        "implementation": f"{engine} 1.0",
        "modelled": engine == "qat",
        "repeat": repeat,
        "worker": worker,
        "seconds": 1.0,
        "count": count or 0,
        "wall": 1.0,
        "user": 1.0,
        "sys": 0.0,
        "error": "boom" if count is None else None,
        "counters": {},
        **extra,
    }


def build_doc(
    counts: Counts,
    *,
    started: str = "2026-01-01T00:00:00+00:00",
    fingerprint: str = "f" * 16,
    commit: str | None = "a" * 40,
    options: dict[str, Any] | None = None,
    extra: Callable[[str, str, int], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """`counts[(case, engine)]` lists per repetition the operations done in 1.0 s of
    wall time (a list: one count per worker; None: the repetition failed)."""
    results = []
    for (case, engine), reps in counts.items():
        for repeat, c in enumerate(reps):
            workers = c if isinstance(c, list) else [c]
            for worker, n in enumerate(workers):
                more = extra(case, engine, repeat) if extra else {}
                results.append(_record(case, engine, repeat, worker, n, **more))
    return {
        "schema": SCHEMA,
        "version": SCHEMA_VERSION,
        "pyspeed": "0.1.0",
        "started": started,
        "command": ["pyspeed", "speed"],
        "options": {"elapsed": True, **(options or {})},
        "machine_info": {
            "cpu": "Test CPU (aes)",
            "cores": 4,
            "system": "Linux",
            "machine": "x86_64",
            "node": "host",
            "release": "6.0",
            "python_implementation": "CPython",
            "python_version": "3.11.7",
            "python_compiler": "GCC",
            "cryptography": "44.0",
            "openssl": "OpenSSL 3.0",
            "fingerprint": fingerprint,
        },
        "commit_info": {"id": commit, "dirty": False} if commit else None,
        "engines": [],
        "results": results,
    }


@pytest.fixture
def make_doc() -> Callable[..., dict[str, Any]]:
    return build_doc

