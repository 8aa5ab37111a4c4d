"""Scaling of -multi on this machine, and what starting and stopping workers costs.

    python benchmarks/scaling.py               # 3 interleaved rounds, 2 s per test
    python benchmarks/scaling.py --rounds 5

Prints, per case, the median rate of `-multi 1` (one worker, to compare like with like)
and `-multi 2`, and their ratio (target: >= 1.9 on 2 cores for rsa2048 sign and
aes-128-cbc at 16384 bytes); then the median extra wall time of a `-multi 2` run over
a single-process run of the same cases (target: < 0.2 s).
"""

from __future__ import annotations

import argparse
import io
import statistics
import time

from tabulate import tabulate

from pyspeed.speed import speed_main

CASES = {
    "rsa2048 sign": (["rsa2048"], "+F2:", 3),
    "aes-128-cbc 16384 B": (["-bytes", "16384", "aes-128-cbc"], "+F:19:", 3),
}


def rate(args: list[str], multi: int, seconds: int, prefix: str, field: int) -> float:
    out = io.StringIO()
    speed_main(["-seconds", str(seconds), "-elapsed", "-mr", "-multi", str(multi), *args], out,
               io.StringIO())
    line = next(ln for ln in out.getvalue().splitlines() if ln.startswith(prefix))
    return float(line.split(":")[field])


def overhead(rounds: int) -> list[float]:
    args = ["-bytes", "64", "sha1", "sha256"]
    extra = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        speed_main(["-mr", *args], io.StringIO(), io.StringIO(), seconds_override=0.1)
        t1 = time.perf_counter()
        speed_main(["-mr", "-multi", "2", *args], io.StringIO(), io.StringIO(),
                   seconds_override=0.1)
        t2 = time.perf_counter()
        extra.append((t2 - t1) - (t1 - t0))
    return extra


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=int, default=2)
    args = ap.parse_args()
    table = []
    for name, (words, prefix, field) in CASES.items():
        one, two, ratios = [], [], []
        for rnd in range(args.rounds):
            order = (1, 2) if rnd % 2 == 0 else (2, 1)
            got = {m: rate(words, m, args.seconds, prefix, field) for m in order}
            one.append(got[1])
            two.append(got[2])
            ratios.append(got[2] / got[1])
        ratio = statistics.median(ratios)
        table.append([name, f"{statistics.median(one):,.0f}", f"{statistics.median(two):,.0f}",
                      f"{ratio:.2f}", "ok" if ratio >= 1.9 else "below 1.9"])
    print(tabulate(table, headers=["case", "-multi 1", "-multi 2", "ratio", "target"],
                   disable_numparse=True))
    extra = overhead(args.rounds * 2)
    med = statistics.median(extra)
    print(f"\nworker start/stop overhead of -multi 2: median {med * 1000:.0f} ms "
          f"(range {min(extra) * 1000:.0f}-{max(extra) * 1000:.0f} ms; target < 200 ms)")


if __name__ == "__main__":
    main()
