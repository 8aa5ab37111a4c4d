"""Synthetic runs for the regression gate's tests, written as saved documents, and
the gate run on them as a user runs it."""

from __future__ import annotations

import datetime as dt
import io
import json
import random
from pathlib import Path
from typing import Any

from pyspeed.commands.compare import compare_main
from pyspeed.model import Record
from pyspeed.results.document import save

from support.documents import document

STARTED = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.timezone.utc)
N = 10  # repetitions per side


def record(
    case: str,
    rate: float,
    repeat: int,
    *,
    modelled: bool = False,
    engine: str = "software",
    worker: int = 0,
    error: str | None = None,
) -> Record:
    word, _, op = case.partition("/")
    size = int(op) if op.isdigit() else 0
    count = 100_000
    return Record(
        case=case,
        family="sym" if size else "rsa",
        algorithm=word,
        operation="cipher" if size else op,
        size=size,
        bits=0 if size else 2048,
        engine=engine,
        served_by=engine,
        implementation="synthetic",
        modelled=modelled,
        repeat=repeat,
        worker=worker,
        seconds=1.0,
        count=count,
        wall=1.0,
        user=count * (size or 1) / rate,
        sys=0.0,
        error=error,
    )


def rates(median: float, noise: float, seed: int, n: int = N) -> list[float]:
    """n rates with relative Gaussian noise, rescaled so their median is exactly `median`."""
    rng = random.Random(seed)
    xs = [1 + rng.gauss(0, noise) for _ in range(n)]
    s = sorted(xs)
    mid = s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
    return [median * x / mid for x in xs]


def write(
    path: Path,
    cases: dict[str, list[float]],
    *,
    modelled: bool = False,
    engine: str = "software",
    fingerprint: str | None = None,
    edit: Any = None,
) -> str:
    reps = max(len(v) for v in cases.values())
    records = [
        record(case, rates[r], r, modelled=modelled, engine=engine)
        for r in range(reps)
        for case, rates in cases.items()
        if r < len(rates)
    ]
    doc = document(
        records,
        command=["pyspeed", "speed"],
        options={"elapsed": False},
        engines=[{"id": engine, "name": "", "modelled": modelled}],
        started=STARTED,
    )
    if fingerprint is not None:
        doc["machine_info"]["fingerprint"] = fingerprint
    if edit is not None:
        edit(doc)
    save(doc, str(path))
    return str(path)


def run_compare(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    rc = compare_main(list(args), out, err)
    return rc, out.getvalue(), err.getvalue()


def compare_json(*args: str) -> tuple[int, dict[str, Any]]:
    rc, out, err = run_compare(*args, "--format", "json")
    assert err == ""
    return rc, json.loads(out)


def verdicts(doc: dict[str, Any]) -> dict[str, str]:
    return {c["case"]: c["verdict"] for c in doc["cases"]}


def one_line(err: str) -> str:
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err.strip()



def pair(tmp_path: Path) -> tuple[str, str]:
    base = write(
        tmp_path / "base.json",
        {"rsa2048/sign": rates(1000, 0.005, 1), "sha256/16": rates(5e8, 0.005, 3)},
    )
    new = write(
        tmp_path / "new.json",
        {"rsa2048/sign": rates(900, 0.005, 2), "sha256/16": rates(5.5e8, 0.005, 4)},
    )
    return base, new


