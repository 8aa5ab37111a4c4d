"""What `--save` keeps: a failed write is an exit status, an interrupted run never
replaces a complete document, and every reader copes with a run that holds nothing."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pyspeed.commands.compare import compare_main
from pyspeed.commands.history import history_main
from pyspeed.commands.plot import plot_main
from pyspeed.commands.report import report_main
from pyspeed.errors import EXIT_WRITE_FAILED
from pyspeed.model import Run
from pyspeed.results.document import load, save
from pyspeed.views.benchjson import to_pytest_benchmark

from support.runs import run_speed

ROOT = Path(__file__).resolve().parents[2]


def test_a_failed_save_is_exit_4_after_the_results_are_shown(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    rc = run_speed(["--save", str(tmp_path / "no" / "run.json"), "-bytes", "64", "sha1"],
                   out, err)
    assert rc == EXIT_WRITE_FAILED and "sha1" in out.getvalue()
    assert err.getvalue().splitlines()[-1].startswith(
        f"pyspeed: cannot write results to {tmp_path / 'no' / 'run.json'}: ")


def test_ctrl_c_at_the_start_leaves_the_complete_file_alone(tmp_path: Path) -> None:
    good = tmp_path / "run.json"
    assert run_speed(["--save", str(good), "-bytes", "64", "sha1"]) == 0
    before = good.read_bytes()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "pyspeed", "speed", "-seconds", "5",
                             "--save", str(good), "rsa2048"], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 20
    while b"Doing" not in _peek(proc) and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 130
    assert good.read_bytes() == before  # the complete run is still there
    partial = load(str(good) + ".partial")
    assert partial.complete is False and partial.interrupted is True
    assert f"{good} is unchanged" in err
    out = io.StringIO()
    assert report_main(str(good) + ".partial", "table", out, io.StringIO()) == 0


def _peek(proc: subprocess.Popen[str]) -> bytes:
    """What the child wrote to stderr so far, without blocking (it is not read here)."""
    import fcntl

    assert proc.stderr is not None
    fd = proc.stderr.fileno()
    fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_NONBLOCK)
    try:
        chunk = os.read(fd, 1 << 16)
    except BlockingIOError:
        return b""
    _peek.seen = getattr(_peek, "seen", b"") + chunk  # type: ignore[attr-defined]
    return _peek.seen  # type: ignore[attr-defined,no-any-return]


@pytest.fixture
def empty(tmp_path: Path) -> str:
    path = str(tmp_path / "empty.json")
    save(Run(started="2026-11-01T00:00:00+00:00", run_id="e", pyspeed="test",
             options={"words": ["sha1"]}, complete=False, interrupted=True), path)
    return path


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json", "openssl"])
def test_report_of_a_run_with_no_results(empty: str, fmt: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert report_main(empty, fmt, out, err) == 0 and err.getvalue() == ""


def test_other_readers_of_a_run_with_no_results(empty: str, tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert compare_main([empty, empty, "--force"], out, err) == 3  # nothing to compare
    assert "no case in common" in err.getvalue()
    db = str(tmp_path / "h.sqlite")
    err = io.StringIO()
    assert history_main(["--db", db, "--import", empty, "sha1"], io.StringIO(), err) == 3
    assert to_pytest_benchmark(load(empty))["benchmarks"] == []
    pytest.importorskip("matplotlib")
    err = io.StringIO()
    assert plot_main([empty, "-o", str(tmp_path / "x.png")], io.StringIO(), err) == 3
