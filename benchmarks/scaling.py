"""Scaling of -multi on this machine, and what starting and stopping workers costs.

    python benchmarks/scaling.py               # 3 interleaved rounds, 2 s per test
    python benchmarks/scaling.py --rounds 5

Prints, per case, the median rate of `-multi 1` (one worker, to compare like with like)
and `-multi 2`, their ratio (target: >= 1.9 on 2 cores for rsa2048 sign and aes-128-cbc
at 16384 bytes) and, measured in the same rounds, the same ratio for native `openssl
speed -multi` (what the machine itself allows); then the median extra wall time of a
`-multi 2` run over a single-process run of the same tests (target: < 0.2 s).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

from tabulate import tabulate

CASES = {
    "rsa2048 sign": (["rsa2048"], "+F2:", 3),
    "aes-128-cbc 16384 B": (["-bytes", "16384", "aes-128-cbc"], "+F:19:", 3),
}


def pyspeed(args: list[str]) -> str:
    """One `pyspeed speed` process, as a user runs it; its workers' stderr is discarded."""
    done = subprocess.run([sys.executable, "-m", "pyspeed", "speed", *args], check=True,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return done.stdout


def native(args: list[str]) -> str:
    done = subprocess.run(["openssl", "speed", *args], check=True, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, text=True)
    return done.stdout


def rate(tool: str, args: list[str], multi: int, seconds: int, prefix: str, field: int
         ) -> float:
    """The summed rate of one run (the -multi parent's record, not its Got: echoes)."""
    run = pyspeed if tool == "pyspeed" else native
    out = run(["-seconds", str(seconds), "-elapsed", "-mr", "-multi", str(multi), *args])
    line = next(ln for ln in out.splitlines() if ln.startswith(prefix))
    return float(line.split(":")[field])


def overhead(rounds: int) -> list[float]:
    """Wall time of a `-multi 2` run minus a single-process run of the same 1 s tests:
    what forking, supervising and collecting two workers adds."""
    args = ["-seconds", "1", "-mr", "-bytes", "64", "sha1"]
    extra = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        pyspeed(args)
        t1 = time.perf_counter()
        pyspeed(["-multi", "2", *args])
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
        ratios: dict[str, list[float]] = {"pyspeed": [], "native": []}
        rates: dict[str, list[float]] = {"1": [], "2": []}
        for rnd in range(args.rounds):
            for tool in ("pyspeed", "native") if rnd % 2 == 0 else ("native", "pyspeed"):
                order = (1, 2) if rnd % 2 == 0 else (2, 1)
                got = {m: rate(tool, words, m, args.seconds, prefix, field) for m in order}
                ratios[tool].append(got[2] / got[1])
                if tool == "pyspeed":
                    rates["1"].append(got[1])
                    rates["2"].append(got[2])
        ratio = statistics.median(ratios["pyspeed"])
        table.append([name, f"{statistics.median(rates['1']):,.0f}",
                      f"{statistics.median(rates['2']):,.0f}", f"{ratio:.2f}",
                      f"{statistics.median(ratios['native']):.2f}",
                      "ok" if ratio >= 1.9 else "below 1.9"])
    print(f"median of {args.rounds} interleaved rounds of {args.seconds} s (ops/s, bytes/s)")
    print(tabulate(table, headers=["case", "-multi 1", "-multi 2", "ratio",
                                   "native openssl ratio", "target"], disable_numparse=True))
    extra = overhead(args.rounds * 2)
    med = statistics.median(extra)
    print(f"\nworker start/stop overhead of -multi 2: median {med * 1000:.0f} ms "
          f"(range {min(extra) * 1000:.0f}-{max(extra) * 1000:.0f} ms; target < 200 ms)")


if __name__ == "__main__":
    main()
