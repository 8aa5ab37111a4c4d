"""How fast pyspeed starts, next to how fast `openssl version` starts.

    python benchmarks/startup.py               # 10 runs of each command, interleaved
    python benchmarks/startup.py --runs 20

Prints the median wall time of each command over the runs, and its ratio to `openssl
version` measured in the same rounds (the floor: exec of a small native binary). Target:
`pyspeed --help` at most 0.3 s; `pyspeed engine` starts without pandas or matplotlib.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time

from tabulate import tabulate

COMMANDS = {
    "pyspeed --help": [sys.executable, "-m", "pyspeed", "--help"],
    "pyspeed engine": [sys.executable, "-m", "pyspeed", "engine"],
    "pyspeed speed -help": [sys.executable, "-m", "pyspeed", "speed", "-help"],
    "openssl version": ["openssl", "version"],
}
TARGET = 0.3  # seconds, `pyspeed --help`


def once(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    commands = {k: v for k, v in COMMANDS.items() if shutil.which(v[0])}
    times: dict[str, list[float]] = {k: [] for k in commands}
    for _ in range(args.runs):  # interleaved: drift of the machine hits every command alike
        for name, argv in commands.items():
            times[name].append(once(argv))
    native = statistics.median(times["openssl version"]) if "openssl version" in times else None
    rows = []
    for name, ts in times.items():
        med = statistics.median(ts)
        rows.append([name, f"{med:.3f}", f"{min(ts):.3f}",
                     f"{med / native:.0f}x" if native else "-"])
    print(tabulate(rows, headers=["command", "median s", "best s", "x openssl version"],
                   disable_numparse=True))
    help_median = statistics.median(times["pyspeed --help"])
    verdict = "meets" if help_median <= TARGET else "misses"
    print(f"\npyspeed --help: median {help_median:.3f} s over {args.runs} runs, {verdict} the "
          f"{TARGET} s target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
