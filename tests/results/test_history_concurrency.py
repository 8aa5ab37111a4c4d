"""Ten pyspeed processes appending twenty runs each, at once, into one store: every run
is stored, no writer fails, and a SQLite file is intact afterwards. The work is
benchmarks/history_writers.py's (it also prints the timing); the counts are checked
here again, from outside pyspeed."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WRITERS, RUNS = 10, 20


def _hammer(store: str) -> dict:  # type: ignore[type-arg]
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "history_writers.py"),
                           "--writers", str(WRITERS), "--runs", str(RUNS), "--json", store],
                          capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (report,) = json.loads(proc.stdout)
    return report  # type: ignore[no-any-return]


def test_concurrent_writers_lose_nothing(store: str) -> None:
    report = _hammer(store)
    assert report["errors"] == 0, report["first_errors"]
    assert report["exit_codes"] == [0] * WRITERS
    assert report["stored"] == WRITERS * RUNS
    if "://" in store:
        import psycopg

        with psycopg.connect(store) as con:
            runs = con.execute("SELECT count(DISTINCT run_key) FROM runs").fetchone()
            rows = con.execute("SELECT count(*) FROM results").fetchone()
    else:
        with sqlite3.connect(store) as con:
            assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)
            runs = con.execute("SELECT count(DISTINCT run_key) FROM runs").fetchone()
            rows = con.execute("SELECT count(*) FROM results").fetchone()
    assert runs == (WRITERS * RUNS,) and rows == (WRITERS * RUNS * 3,)  # three cases a run
    from pyspeed.results import history

    points = history.query(["sha256/1024"], store, machine="w3")
    assert len(points) == RUNS and {p.machine for p in points} == {"w3"}
