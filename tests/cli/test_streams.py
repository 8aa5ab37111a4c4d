"""Whatever stdout is and whatever bytes the arguments hold: one line, a documented exit
status, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _pyspeed(args: list[bytes | str], tmp_path: Path, **kw: object
             ) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYSPEED_HISTORY=str(tmp_path / "h.db"))
    return subprocess.run([sys.executable, "-m", "pyspeed", *args], env=env,
                          capture_output="stdout" not in kw, timeout=60, check=False,
                          **kw)  # type: ignore[call-overload,no-any-return]


@pytest.mark.parametrize("args", [["engine"], ["--help"], ["speed", "-help"]])
def test_a_full_stdout_is_one_line_and_exit_4(tmp_path: Path, args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        proc = _pyspeed(args, tmp_path, stdout=full, stderr=subprocess.PIPE)
    if args == ["speed", "-help"]:  # openssl writes -help to stderr: nothing for stdout
        assert proc.returncode == 0
        return
    assert proc.returncode == 4
    assert proc.stderr.decode() == ("pyspeed: cannot write to standard output: "
                                    "No space left on device\n")


def test_a_closed_stdout_is_said_once(tmp_path: Path) -> None:
    proc = _pyspeed(["engine", "software"], tmp_path, stdout=None, stderr=subprocess.PIPE,
                    preexec_fn=lambda: os.close(1))
    assert proc.returncode == 0
    assert proc.stderr.decode() == "pyspeed: standard output is closed; nothing is printed there\n"


def test_arguments_that_are_not_utf8(tmp_path: Path) -> None:
    proc = _pyspeed(["history", "--engine", b"\xff", "sha1"], tmp_path)
    assert proc.returncode == 3 and b"Traceback" not in proc.stderr
    assert len(proc.stderr.splitlines()) == 1
    proc = _pyspeed(["engine", b"\xffid"], tmp_path)
    assert proc.returncode == 1 and b"Traceback" not in proc.stderr
    assert proc.stdout == b"" and b"no engine with id '\\udcffid'" in proc.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["speed", "-multi", "\u0661", "sha1"], 'speed: Can\'t parse "\u0661" as a number'),
    (["speed", "--precision", "\u0665", "sha1"], 'speed: Can\'t parse "\u0665" as a number'),
    (["speed", "--save", "", "sha1"], "speed: --save needs a file name"),
    (["speed", "--benchmark-json", " ", "sha1"], "speed: --benchmark-json needs a file name"),
])
def test_odd_option_values_are_usage_errors(tmp_path: Path, args: list[str],
                                            message: str) -> None:
    proc = _pyspeed(args, tmp_path)
    assert proc.returncode == 1 and proc.stderr.decode().splitlines()[0] == message
