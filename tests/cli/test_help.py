"""`pyspeed` itself: the command table, an unknown command, a missing dependency."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pyspeed.cli import _RAW_COMMANDS, help_text

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                          text=True, timeout=60, cwd=ROOT, check=False)


MAIN = "import sys; sys.argv[0] = 'pyspeed'; from pyspeed.cli import main; main()"


def test_help_lists_every_command_and_exits_0() -> None:
    for args in (["--help"], ["-h"], []):
        proc = _run(MAIN, *args)
        assert (proc.returncode, proc.stderr) == (0, "") and proc.stdout == help_text()
    assert all(f"\n  {name} " in help_text() for name in _RAW_COMMANDS)


def test_an_unknown_command_is_one_line_and_exit_1() -> None:
    proc = _run(MAIN, "bogus")
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.startswith("pyspeed: unknown command 'bogus' (commands: speed, ")
    assert len(proc.stderr.splitlines()) == 1


def test_a_missing_dependency_is_one_line_and_exit_2() -> None:
    proc = _run("import sys; sys.modules['typer'] = None; " + MAIN, "compare", "a", "b")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.splitlines() == [
        "pyspeed: the package 'typer' it needs is not installed; install pyspeed with its "
        "dependencies (python3 -m pip install -e '.[test]' in its source tree)"]
