"""Fidelity: pyspeed's software engine against the system's native `openssl speed`.

Both tools run the same algorithms with the same flags, interleaved (native, pyspeed,
pyspeed, native, ...) so that machine drift hits both alike, for several rounds. Each
row prints both medians and the median of the per-round ratios pyspeed/native.

    python benchmarks/fidelity.py                # 3 rounds of 1-second tests
    python benchmarks/fidelity.py --rounds 5 --seconds 2
    python benchmarks/fidelity.py evp:aes-128-cbc-hmac-sha1   # an -evp cipher or digest
    python benchmarks/fidelity.py --engine native             # pyspeed driving openssl itself

Targets (issue "exact openssl speed"): >= 0.95 for public-key operations, >= 0.90 for
blocks of 1024 bytes and more; 16-byte blocks show what the interpreter allows.
"""

from __future__ import annotations

import argparse
import math
import shutil
import statistics
import subprocess
import sys
from collections import defaultdict

from tabulate import tabulate

ALGOS = ("rsa2048", "ecdhp256", "ed25519", "sha256", "aes-128-cbc")
PKEY_TARGET, BULK_TARGET = 0.95, 0.90


def parse_mr(stdout: str) -> dict[str, float]:
    """`-mr` records -> {row name: rate}: bytes/s per size, or ops/s per operation."""
    rows: dict[str, float] = {}
    sizes: list[int] = []
    for line in stdout.splitlines():
        parts = line.split(":")
        if parts[0] == "+H":
            sizes = [int(s) for s in parts[1:]]
        elif parts[0] == "+F":
            for size, rate in zip(sizes, parts[3:], strict=True):
                rows[f"{parts[2]} {size} B"] = float(rate)
        elif parts[0] == "+F2":
            rows[f"rsa{parts[2]} sign"] = float(parts[3])
            rows[f"rsa{parts[2]} verify"] = float(parts[4])
        elif parts[0] == "+F5":
            rows[f"ecdh {parts[2]} bits derive"] = float(parts[3])
        elif parts[0] == "+F6":
            rows[f"{parts[3]} sign"] = float(parts[4])
            rows[f"{parts[3]} verify"] = float(parts[5])
    return rows


def run(cmd: list[str]) -> dict[str, float]:
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"fidelity: {' '.join(cmd)} failed ({done.returncode}): {done.stderr.strip()}")
    return parse_mr(done.stdout)


NATIVE_TARGET = 0.97  # and at most 1/0.97: pyspeed driving the binary changes nothing


def target(row: str, engine: str = "software") -> float | None:
    if engine == "native":
        return NATIVE_TARGET
    if row.endswith(("sign", "verify", "derive")):
        return PKEY_TARGET
    size = int(row.split()[-2])
    return BULK_TARGET if size >= 1024 else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=int, default=1)
    ap.add_argument("--openssl", default=shutil.which("openssl") or "openssl")
    ap.add_argument("--engine", default="software",
                    help="pyspeed's engine (native: the same binary, through pyspeed)")
    ap.add_argument("algos", nargs="*", default=list(ALGOS))
    args = ap.parse_args()

    native: dict[str, list[float]] = defaultdict(list)
    ours: dict[str, list[float]] = defaultdict(list)
    ratios: dict[str, list[float]] = defaultdict(list)
    for rnd in range(args.rounds):
        for algo in args.algos:
            word = ["-evp", algo[4:]] if algo.startswith("evp:") else [algo]
            flags = ["-seconds", str(args.seconds), "-mr", *word]
            cmds = [("native", [args.openssl, "speed", *flags]),
                    ("pyspeed", [sys.executable, "-m", "pyspeed", "speed",
                                 "-engine", args.engine, *flags])]
            if rnd % 2:
                cmds.reverse()
            got = {who: run(cmd) for who, cmd in cmds}
            for row, n in got["native"].items():
                p = got["pyspeed"].get(row)
                if p is None:
                    continue
                native[row].append(n)
                ours[row].append(p)
                ratios[row].append(p / n if n else float("nan"))
            print(f"round {rnd + 1}/{args.rounds}: {algo} done", file=sys.stderr)

    table = []
    for row in native:
        ratio = statistics.median(ratios[row])
        goal = target(row, args.engine)
        high = 1 / goal if args.engine == "native" and goal else math.inf
        verdict = "" if goal is None else ("ok" if goal <= ratio <= high
                                           else f"outside {goal:.2f}-{high:.2f}"
                                           if args.engine == "native" else f"below {goal:.2f}")
        table.append([row, f"{statistics.median(native[row]):,.0f}",
                      f"{statistics.median(ours[row]):,.0f}", f"{ratio:.3f}",
                      f"{min(ratios[row]):.3f}-{max(ratios[row]):.3f}", verdict])
    print(f"pyspeed -engine {args.engine} / native, median of {args.rounds} interleaved "
          f"rounds of {args.seconds}s (rates: ops/s or bytes/s)")
    print(tabulate(table, headers=["row", "native", "pyspeed", "ratio", "range", "target"],
                   colalign=("left", "right", "right", "right", "right", "left"),
                   disable_numparse=True))


if __name__ == "__main__":
    main()
