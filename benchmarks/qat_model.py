"""The qat model against its calibration: the issue's acceptance figures, and its speed.

    python benchmarks/qat_model.py               # 10-second modelled tests
    python benchmarks/qat_model.py --seconds 3

Prints, for the C62x profile (one process unless said otherwise): synchronous rsa2048
sign/verify, -async_jobs 72, the async_jobs 1..128 curve, the chained cipher at each
record size (software at or below the small-packet threshold, offloaded above it), a
heartbeat failure mid-run with and without ENABLE_SW_FALLBACK, the other profiles' key
figures, and the wall time it takes to simulate 10 s of a saturated device (target
<= 1 s). Each calibrated row shows the cited figure (docs/qat-model.md §2.2-2.4, cited as
"ref") and the ratio.
All numbers except the software rows are modelled, so they are the same on every run.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tabulate import tabulate

from pyspeed.algos.cases import evp_algo
from pyspeed.algos.tables import PKEY_WORDS
from pyspeed.engines.qat import QatEngine
from pyspeed.model import CaseOptions, Measurement, PkeyCase, SymCase


def engine(profile: str = "c62x", *ctrls: tuple[str, str | None]) -> QatEngine:
    e = QatEngine()
    e.ctrl_cmd_string("PYSPEED_PROFILE", profile)
    for name, arg in ctrls:
        e.ctrl_cmd_string(name, arg)
    e.init()
    return e


def pkey(e: QatEngine, word: str, op: str, seconds: float, jobs: int = 0, multi: int = 1,
         worker: int = 0) -> Measurement:  # fmt: skip
    case = PkeyCase(PKEY_WORDS[word], op, seconds)
    o = e.prepare(case, CaseOptions(async_jobs=jobs, multi=multi, worker=worker))
    assert o.measure is not None
    return o.measure(seconds)


def rate(m: Measurement) -> float:
    return m.count / m.wall


def row(name: str, value: float, cited: float | None, source: str, unit: str = "/s") -> list:
    ratio = f"{value / cited:.3f}" if cited else ""
    fmt = ",.3f" if value < 10 else ",.0f"
    shown = f"{value:{fmt}}{unit}"
    return [name, shown, f"{cited:{fmt}}{unit}" if cited else "", ratio, source]


def calibration(seconds: float) -> list[list]:
    c62x = engine()
    sync = pkey(c62x, "rsa2048", "sign", seconds)
    a72 = pkey(c62x, "rsa2048", "sign", seconds, jobs=72)
    rows = [
        row("c62x rsa2048 sign sync", rate(sync), 1749.7, "issue #163 (0.57 ms); #132: 2310"),
        row("  latency per op (ms)", 1000 * sync.wall / sync.count, None, "ref §2.4: 0.4-0.6 ms",
            unit=" ms"),
        row("c62x rsa2048 verify sync", rate(pkey(c62x, "rsa2048", "verify", seconds)), 7526.5,
            "issue #163"),
        row("c62x rsa2048 sign -async_jobs 72", rate(a72), 33000, "ref §2.4 (issue #93/#212)"),
        row("  ... x sync", rate(a72) / rate(sync), 20, "issue 4: at least 20x", unit="x"),
        row("c62x rsa2048 verify -async_jobs 72",
            rate(pkey(c62x, "rsa2048", "verify", seconds, jobs=72)), 121416,
            "issue #132 (core-bound, 1 process)"),
    ]  # fmt: skip
    per = rate(pkey(engine("8970"), "rsa2048", "sign", seconds, jobs=72, multi=9))
    rows.append(row("8970 -async_jobs 72 -multi 9 per process", per, 11200, "issue #93"))
    rows.append(row("  ... total of 9 processes", 9 * per, 101000, "issue #93 (derived)"))
    dh = engine("dh895xcc")
    rows.append(
        row(
            "dh895xcc rsa2048 sign sync",
            rate(pkey(dh, "rsa2048", "sign", seconds)),
            940.7,
            "issue #71",
        )
    )
    per = rate(pkey(dh, "rsa2048", "sign", seconds, jobs=72, multi=3))
    rows.append(
        row("dh895xcc -async_jobs 72 -multi 3 total", 3 * per, 40000, "ref §2.2, issue #64")
    )
    return rows


def curve(seconds: float) -> list[list]:
    e = engine()
    out = []
    for jobs in (1, 2, 4, 8, 16, 32, 64, 72, 128):
        m = pkey(e, "rsa2048", "sign", seconds, jobs=jobs)
        out.append([jobs, f"{rate(m):,.0f}", f"{m.user / m.wall:.2f}",
                    int(dict(m.counters).get("async_resubmits", 0))])  # fmt: skip
    return out


def chained(seconds: float) -> list[list]:
    e = engine()
    out = []
    for size in (16, 64, 256, 1024, 2048, 8192, 16384):
        case = SymCase(evp_algo("aes-128-cbc-hmac-sha1"), size, seconds)
        o = e.prepare(case, CaseOptions(async_jobs=128))
        assert o.measure is not None
        m = o.measure(min(seconds, 1.0) if "software" in o.implementation else seconds)
        note = o.notes[0] if not m.modelled else "record > threshold: offloaded"
        out.append([size, f"{m.count * size / m.wall / 1e6:,.0f} MB/s",
                    "modelled" if m.modelled else "software (real)", note])  # fmt: skip
    return out


def faults(seconds: float) -> list[list]:
    out = []
    for fallback in (True, False):
        ctrls: list[tuple[str, str | None]] = [("PYSPEED_FAULT", f"0:{seconds / 2}:"
                                                f"{seconds / 2 + 0.5}")]  # fmt: skip
        if fallback:
            ctrls.append(("ENABLE_SW_FALLBACK", None))
        m = pkey(engine("c62x", *ctrls), "rsa2048", "sign", seconds, jobs=72)
        c = dict(m.counters)
        out.append(["with fallback" if fallback else "without", m.count, int(c["offloaded_ops"]),
                    int(c["sw_fallback_ops"]), int(c["sw_redone_inflight_ops"]),
                    int(c["failed_ops"]), f"{m.wall:.3f}", m.error or ""])  # fmt: skip
    return out


def speed() -> list[list]:
    out = []
    cases = (("c62x", 72, 1, "rsa2048"), ("8970", 72, 9, "rsa2048"), ("c62x", 0, 1, "rsa2048"),
             ("c62x", 72, 1, "rsa2048/verify"))  # fmt: skip
    for profile, jobs, multi, word in cases:
        name, _, op = word.partition("/")
        e = engine(profile)
        t0 = time.perf_counter()
        m = pkey(e, name, op or "sign", 10.0, jobs=jobs, multi=multi)
        wall = time.perf_counter() - t0
        what = f"{profile} {word} -async_jobs {jobs}" + (f" -multi {multi}" if multi > 1 else "")
        out.append([what, f"{m.count:,}" + (" per process" if multi > 1 else ""), f"{wall:.3f} s"])
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=10.0)
    args = ap.parse_args()
    s = args.seconds
    print("Calibration (modelled; ratio = model / cited)")
    print(tabulate(calibration(s), headers=["figure", "model", "cited", "ratio", "source"]))
    print("\nasync_jobs curve, c62x rsa2048 sign (user = modelled CPU / wall)")
    print(tabulate(curve(s), headers=["jobs", "sign/s", "user/wall", "resubmits"]))
    print("\nAES-128-CBC-HMAC-SHA1, c62x, -async_jobs 128")
    print(tabulate(chained(min(s, 3.0)), headers=["bytes", "rate", "timing", "note"]))
    print(f"\nHeartbeat failure of device 0 at {s / 2:.1f} s for 0.5 s, c62x, -async_jobs 72")
    print(tabulate(faults(s), headers=["", "ops", "offloaded", "sw fallback", "of which in flight",
                                       "failed", "wall", "error"]))  # fmt: skip
    print("\nWall time to simulate 10 s (target <= 1 s for a saturated device)")
    print(tabulate(speed(), headers=["case", "ops", "wall"]))


if __name__ == "__main__":
    main()
