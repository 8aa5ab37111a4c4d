"""`pyspeed --help`, `pyspeed engine` and `pyspeed speed -help` start without the heavy
modules that only reports need (benchmarks/startup.py measures the time itself)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("pandas", "matplotlib", "scipy", "tabulate", "sqlalchemy", "psycopg")
PROBE = """
import sys
from pyspeed.cli import main
sys.argv = ["pyspeed", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
sys.stderr.write("LOADED " + " ".join(m for m in {heavy!r} if m in sys.modules) + "\\n")
"""


@pytest.mark.parametrize("argv", [["--help"], ["engine"], ["engine", "-t", "software"],
                                  ["speed", "-help"], ["compare", "--help"],
                                  ["history", "--help"], ["dashboard", "--help"]])
def test_starts_without_report_modules(argv: list[str]) -> None:
    proc = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), *argv],
                          capture_output=True, text=True, timeout=60, check=False)
    (line,) = [ln for ln in proc.stderr.splitlines() if ln.startswith("LOADED")]
    assert line == "LOADED ", f"{' '.join(argv)} imported {line[7:]}"
