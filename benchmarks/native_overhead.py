"""What pyspeed adds around a native run: wall time of `pyspeed speed -engine native`
against `openssl speed` itself, for the same rows, interleaved.

    python benchmarks/native_overhead.py            # 3 rounds, -seconds 1
    python benchmarks/native_overhead.py --rounds 5

pyspeed starts one openssl process per case (one per block size; one per public-key
word) plus its own interpreter; openssl runs all sizes in one process. Target: the extra
wall time at most 3% of the run's.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time

from tabulate import tabulate

ROWS = {
    "rsa2048": ["rsa2048"],
    "ecdhp256": ["ecdhp256"],
    "ed25519": ["ed25519"],
    "sha256 (6 sizes)": ["sha256"],
    "aes-128-cbc (6 sizes)": ["aes-128-cbc"],
    "all of the above, one run": ["rsa2048", "ecdhp256", "ed25519", "sha256", "aes-128-cbc"],
}
TARGET = 3.0  # percent


def wall(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--openssl", default=shutil.which("openssl") or "openssl")
    args = ap.parse_args()
    extra: dict[str, list[float]] = {k: [] for k in ROWS}
    native: dict[str, list[float]] = {k: [] for k in ROWS}
    for rnd in range(args.rounds):
        for row, words in ROWS.items():
            plain = [args.openssl, "speed", "-seconds", "1", *words]
            ours = [sys.executable, "-m", "pyspeed", "speed", "-engine", "native",
                    "-seconds", "1", *words]
            pair = [("native", plain), ("pyspeed", ours)]
            if rnd % 2:
                pair.reverse()
            took = {who: wall(argv) for who, argv in pair}
            native[row].append(took["native"])
            extra[row].append(100 * (took["pyspeed"] / took["native"] - 1))
        print(f"round {rnd + 1}/{args.rounds} done", file=sys.stderr)
    table = [[row, f"{statistics.median(native[row]):.2f}",
              f"{statistics.median(extra[row]):+.1f}%",
              "ok" if statistics.median(extra[row]) <= TARGET else f"over {TARGET:g}%"]
             for row in ROWS]
    print(f"wall time of pyspeed -engine native against openssl speed, -seconds 1, median of "
          f"{args.rounds} interleaved rounds")
    print(tabulate(table, headers=["row", "openssl s", "pyspeed extra", "target"],
                   disable_numparse=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
