"""-multi: openssl's parent/child output, and supervision (crash, kill, hang, Ctrl-C)."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support.golden import all_names, load, mask
from support.runs import run_speed

MULTI_SAMPLES = [n for n in all_names() if "-multi" in load(n).args and load(n).exit == 0]
ROOT = Path(__file__).parent.parent.parent


def strip_header(lines: list[str]) -> list[str]:
    for i, line in enumerate(lines):
        if line.startswith("version: "):
            return lines[:i] + lines[i + 5 :]
    return lines


@pytest.mark.parametrize("name", MULTI_SAMPLES)
def test_multi_output_has_openssl_structure(name: str, capfd: pytest.CaptureFixture[str]
                                            ) -> None:
    sample = load(name)
    out, err = io.StringIO(), io.StringIO()
    rc = run_speed(sample.args, out, err, seconds=0.05)
    assert rc == 0 and capfd.readouterr().err == ""  # workers print nothing themselves
    assert mask(strip_header(out.getvalue().splitlines())) == mask(
        sample.stdout_without_header())
    # the workers' +DT/+R lines (relayed by the parent as they come) interleave
    # differently on every run: compare as sets
    assert sorted(mask(err.getvalue().splitlines())) == sorted(mask(sample.stderr))


def _start(args: list[str], **kw: object) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "pyspeed", "speed", *args], text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            start_new_session=True, **kw)  # type: ignore[call-overload]


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True,
                         text=True, check=False).stdout
    return [int(p) for p in out.split()]


def _wait_for_children(proc: subprocess.Popen[str], n: int, settle: float) -> list[int]:
    deadline = time.monotonic() + 20
    while len(kids := _children(proc.pid)) < n:
        assert time.monotonic() < deadline, "workers did not start"
        time.sleep(0.05)
    time.sleep(settle)
    return kids


def test_sigkill_of_a_worker_ends_the_run_and_keeps_the_other_results() -> None:
    proc = _start(["-seconds", "1", "-multi", "2", "-bytes", "16", "sha1", "sha256", "sha512",
                   "md5"])
    kids = _wait_for_children(proc, 2, settle=1.6)  # both workers are past their first test
    os.kill(kids[1], signal.SIGKILL)
    killed_at = time.monotonic()
    out, err = proc.communicate(timeout=10)
    assert time.monotonic() - killed_at < 2.0
    assert proc.returncode == 3
    assert "Child terminated by signal 9" in err
    failure = [line for line in err.splitlines() if line.startswith("pyspeed: worker 1 ")]
    assert len(failure) == 1 and "signal 9 (SIGKILL) during " in failure[0]
    assert "interrupted" not in err  # a killed worker is not a Ctrl-C
    # worker 0's completed test (md5 runs first) is echoed; what nobody finished is not
    assert "Got: +F:3:md5:" in out and " from 0" in out
    assert "Got: +F:7:sha512:" not in out
    assert _children(proc.pid) == []


def test_sigint_stops_every_worker_within_a_second_and_prints_what_was_measured() -> None:
    proc = _start(["-seconds", "2", "-multi", "2", "-bytes", "16", "sha1", "sha256", "sha512"])
    kids = _wait_for_children(proc, 2, settle=2.5)
    os.kill(proc.pid, signal.SIGINT)
    sent = time.monotonic()
    out, err = proc.communicate(timeout=10)
    assert time.monotonic() - sent < 1.5
    assert proc.returncode == 130
    assert "pyspeed: interrupted" in err and "Traceback" not in err
    assert out.count("Got: +F:4:sha1:") == 2  # both finished sha1 before the interrupt
    for pid in kids:
        assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text()


HANGING_ENGINE = '''
import time
from pyspeed.engines.base import Engine
from pyspeed.model import Operation

class Stuck(Engine):
    id = "stuck"
    name = "An engine whose operation never returns"

    def check(self, algo):
        pass

    def prepare(self, case, options):
        return Operation(time.sleep, (3600,), "sleeps")

ENGINE = Stuck
'''


def test_a_hung_worker_is_stopped_at_its_deadline(tmp_path: Path) -> None:
    engine = tmp_path / "stuck.py"
    engine.write_text(HANGING_ENGINE)
    conf = tmp_path / "stuck.cnf"
    conf.write_text(f"openssl_conf = init\n[init]\nengines = e\n[e]\nstuck = s\n[s]\n"
                    f"dynamic_path = {engine}\ndefault_algorithms = ALL\n")
    started = time.monotonic()
    proc = _start(["-config", str(conf), "-seconds", "1", "--worker-grace", "0.5", "-multi",
                   "2", "-bytes", "16", "sha1"])
    _, err = proc.communicate(timeout=20)
    assert time.monotonic() - started < 8
    assert proc.returncode == 3
    assert "made no progress before its deadline and was stopped (hung) during sha1/16" in err
    assert _children(proc.pid) == []


def test_a_fork_refused_stops_the_started_workers_and_says_so(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Above the process limit os.fork fails with EAGAIN; pyspeed (running as root here,
    where RLIMIT_NPROC does not bind) is made to meet it on the third worker."""
    import errno

    real_fork, started = os.fork, []

    def fork() -> int:
        if len(started) == 2:
            raise OSError(errno.EAGAIN, os.strerror(errno.EAGAIN))
        pid = real_fork()
        if pid:
            started.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    out, err = io.StringIO(), io.StringIO()
    rc = run_speed(["-multi", "4", "-bytes", "16", "sha1"], out, err, seconds=5.0)
    assert rc == 3
    assert err.getvalue().splitlines()[-1] == (
        "speed: cannot start -multi worker 2 of 4: Resource temporarily unavailable")
    for pid in started:  # the two started were stopped and collected
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_a_stopped_and_continued_run_does_not_call_its_workers_hung() -> None:
    """Ctrl-Z (SIGTSTP to the process group) for longer than a test's deadline, then fg:
    the run goes on and ends normally."""
    proc = _start(["-seconds", "1", "--worker-grace", "0.5", "-multi", "2", "-bytes", "16",
                   "sha1", "md5"])
    _wait_for_children(proc, 2, settle=0.5)
    os.killpg(proc.pid, signal.SIGSTOP)
    time.sleep(4)  # longer than 2 x 1 s + 0.5 s
    os.killpg(proc.pid, signal.SIGCONT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "hung" not in err and out.count("Got: +F:") == 4


def test_a_config_error_under_multi_is_the_same_exit_2(tmp_path: Path) -> None:
    conf = tmp_path / "bad.cnf"
    conf.write_text("openssl_conf = init\n[init]\nengines = e\n[e]\nqat = q\n[q]\n"
                    "engine_id = qat\nFOO = 1\n")
    for multi in ([], ["-multi", "2"]):
        out, err = io.StringIO(), io.StringIO()
        rc = run_speed(["-config", str(conf), *multi, "-bytes", "16", "sha1"], out, err)
        assert (rc, out.getvalue()) == (2, "")
        assert err.getvalue() == f"pyspeed: {conf}:8: engine qat: ctrl FOO failed: invalid " \
                                 "cmd name (FOO=1)\n"
