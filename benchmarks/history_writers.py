"""Many pyspeed processes appending to one history at once: how long it takes, and that
nothing is lost (the question a team asks before pointing every CI job at one store).

    python benchmarks/history_writers.py                      # a temporary SQLite file
    python benchmarks/history_writers.py postgresql://u:p@db/pyspeed /tmp/h.sqlite
    python benchmarks/history_writers.py --writers 10 --runs 20 --json STORE...

Per store: WRITERS processes start together (a barrier) and each appends RUNS distinct
runs through pyspeed's own append (a connection per run, as separate `pyspeed speed
--save` processes make). Then the store is counted from outside pyspeed: runs stored
(should be WRITERS x RUNS), the writers' errors (should be 0) and, for SQLite, `PRAGMA
integrity_check`. Prints one line per store (or JSON with --json, which
tests/results/test_history_concurrency.py reads).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import sqlite3
import sys
import tempfile
import time
import uuid
from typing import Any

from pyspeed.model import Record, Run

CASES = ("sha256/1024", "aes-128-cbc/16384", "sha1/64")


def synthetic_run(writer: int, index: int) -> Run:
    """A run of three cases, three repetitions each: real rows, no measuring."""
    records = [Record(case=case, family="sym", algorithm=case.split("/")[0],
                      operation="digest", size=int(case.split("/")[1]), bits=0,
                      engine="software", served_by="software", implementation="bench",
                      modelled=False, repeat=rep, worker=0, seconds=1.0,
                      count=1000 + writer * 10 + index + rep, wall=1.0, user=1.0, sys=0.0)
               for case in CASES for rep in range(3)]
    return Run(records=records, options={"elapsed": True}, command=["pyspeed", "speed"],
               started=f"2026-01-01T00:{writer:02d}:{index:02d}+00:00",
               run_id=uuid.uuid4().hex, pyspeed="bench",
               machine_info={"fingerprint": f"writer{writer:02d}", "label": f"w{writer}"},
               commit_info={"id": f"{writer:04x}" * 10, "dirty": False, "branch": "main"})


def _writer(store: str, writer: int, runs: int, barrier: Any, queue: Any) -> None:
    from pyspeed.results.history import append

    errors: list[str] = []
    barrier.wait()
    start = time.perf_counter()
    for index in range(runs):
        try:
            append(synthetic_run(writer, index), store)
        except Exception as exc:  # every failure counts; the benchmark reports them
            errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
    queue.put((writer, time.perf_counter() - start, errors))


def hammer(store: str, writers: int, runs: int) -> dict[str, Any]:
    """Run the writers against `store`; what happened, counted from outside."""
    ctx = mp.get_context("spawn")  # a fresh interpreter each: no shared driver state
    barrier, queue = ctx.Barrier(writers + 1), ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(store, w, runs, barrier, queue))
             for w in range(writers)]
    for p in procs:
        p.start()
    barrier.wait()  # every writer imported and ready: start the clock together
    start = time.perf_counter()
    reports = [queue.get(timeout=600) for _ in procs]
    elapsed = time.perf_counter() - start
    for p in procs:
        p.join(timeout=60)
    errors = [e for _, _, errs in reports for e in errs]
    stored, integrity = count(store)
    return {"store": _shown(store), "writers": writers, "runs_each": runs,
            "expected": writers * runs, "stored": stored, "errors": len(errors),
            "first_errors": errors[:5], "seconds": round(elapsed, 3),
            "appends_per_second": round(writers * runs / elapsed, 1) if elapsed else None,
            "integrity": integrity,
            "exit_codes": [p.exitcode for p in procs]}


def count(store: str) -> tuple[int, str | None]:
    """Runs in the store, and SQLite's integrity check (None for PostgreSQL)."""
    if "://" in store:
        import psycopg

        with psycopg.connect(store.replace("postgresql+psycopg://", "postgresql://")) as con:
            row = con.execute("SELECT count(*) FROM runs").fetchone()
        return int(row[0]) if row else 0, None
    with sqlite3.connect(store) as con:
        runs = con.execute("SELECT count(*) FROM runs").fetchone()[0]
        check = con.execute("PRAGMA integrity_check").fetchone()[0]
    return int(runs), str(check)


def _shown(store: str) -> str:
    from pyspeed.results.history import locate

    return locate(store).display


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stores", nargs="*", metavar="STORE",
                        help="SQLite path or postgresql:// URL (default: a temporary file)")
    parser.add_argument("--writers", type=int, default=10)
    parser.add_argument("--runs", type=int, default=20, help="runs per writer")
    parser.add_argument("--json", action="store_true", help="one JSON list on stdout")
    args = parser.parse_args()
    if not (1 <= args.writers <= 64 and 1 <= args.runs <= 10_000):
        parser.error("--writers 1..64, --runs 1..10000")
    with tempfile.TemporaryDirectory() as tmp:
        stores = args.stores or [os.path.join(tmp, "history.sqlite")]
        results = [hammer(s, args.writers, args.runs) for s in stores]
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        for r in results:
            integrity = f", integrity_check {r['integrity']}" if r["integrity"] else ""
            print(f"{r['store']}: {r['stored']}/{r['expected']} runs stored, "
                  f"{r['errors']} errors, {r['seconds']:.2f} s "
                  f"({r['appends_per_second']} appends/s){integrity}")
            for e in r["first_errors"]:
                print(f"  {e}")
    ok = all(r["stored"] == r["expected"] and not r["errors"]
             and r["integrity"] in (None, "ok") for r in results)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
