"""Synthetic runs for the dashboard, stored through the real history API: a series of
runs on one machine and branch with software and qat, and a regression at a known run."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from pyspeed.model import EngineInfo, Record, Run
from pyspeed.results.history import append

START = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.timezone.utc)
SYM = ("sha256", "aes-128-cbc")
SIZES = (16, 1024)  # then 64, 256, 8192, 16384: openssl's sizes, up to 12 cases
REPEATS = 5


def cases(count: int) -> list[tuple[str, str, int]]:
    """`count` symmetric cases (key, algorithm, size): 16 and 1024 bytes first."""
    sizes = [*SIZES, *(s for s in (64, 256, 8192, 16384))]
    return [(f"{SYM[i % 2]}/{sizes[i // 2]}", SYM[i % 2], sizes[i // 2])
            for i in range(count)]


def synthetic_run(index: int, *, slow: dict[str, float] | None = None,
                  engines: tuple[str, ...] = ("software", "qat"), n_cases: int = 4,
                  machine: str = "ci-box", branch: str = "main", seed: int = 0,
                  repeats: int = REPEATS) -> Run:
    """Run `index` of a series: rates with 1% noise; `slow` divides a case's rate (a
    regression of software); qat is three times software."""
    rng = random.Random(seed * 100_003 + index)
    records = []
    for case, algo, size in cases(n_cases):
        for engine in engines:
            base = 3e9 if engine == "qat" else 1e9 / (slow or {}).get(case, 1.0)
            for rep in range(repeats):
                rate = base * (1 + rng.gauss(0, 0.01))
                count = 1_000_000
                records.append(Record(
                    case=case, family="sym", algorithm=algo, operation="digest", size=size,
                    bits=0, engine=engine, served_by=engine, implementation="synthetic",
                    modelled=False, repeat=rep, worker=0, seconds=1.0, count=count,
                    wall=1.0, user=count * size / rate, sys=0.0))
    return Run(records=records, engines=[EngineInfo(e) for e in engines],
               options={"words": list(SYM)}, command=["pyspeed", "speed", *SYM],
               started=(START + dt.timedelta(hours=index)).isoformat(timespec="seconds"),
               run_id=uuid.UUID(int=seed << 64 | index).hex, pyspeed="test",
               machine_info={"fingerprint": f"fp-{machine}", "label": machine, "cpu": "test"},
               commit_info={"id": f"{index:08x}" * 5, "dirty": False, "branch": branch})


def seed_history(db: str, runs: int = 6, regression_at: int = 4,
                 slow_case: str = "sha256/16") -> None:
    """`runs` runs of software and qat; from run `regression_at` on, `slow_case` on
    software is 30% slower."""
    for i in range(runs):
        slow = {slow_case: 1.3} if i >= regression_at else None
        append(synthetic_run(i, slow=slow), db)
