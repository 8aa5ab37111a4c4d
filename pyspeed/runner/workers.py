"""`-multi M`: worker processes, supervised so that a run always ends, with what it measured.

Like openssl, the parent forks M children that run the same cases at the same time and
send their `-mr` records back through a pipe. Each child rebuilds its engines from the
request (nothing but the request crosses the fork: no engine object, no open device).
Unlike openssl, each child also reports on a second pipe which case it is running and
what each case measured, so that the parent can

* name the worker and the case when a worker crashes, is killed or hangs,
* stop a worker that makes no progress past a deadline (twice the case's duration plus
  a grace period), and
* on Ctrl-C, stop every worker within a second and still report what arrived.

Status lines: `start KEY SECONDS` and `end RECORD` (a results record as JSON).
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from pyspeed.report.results import Record

START_GRACE = 30.0  # seconds a worker may take to start its first case
CASE_GRACE = 10.0  # seconds past twice a case's duration before a worker counts as hung
STOP_WAIT = 0.9  # seconds workers get to report after Ctrl-C before they are killed

ChildMain = Callable[[int, TextIO, TextIO], int]  # (index, records, status) -> exit status


@dataclass
class WorkerReport:
    index: int
    pid: int
    lines: list[str] = field(default_factory=list)  # -mr records from the worker's stdout
    measured: list[Record] = field(default_factory=list)  # one per finished case
    current: str | None = None  # case running when the last status line came
    exit_code: int | None = None
    signal: int | None = None
    cpu: float = 0.0  # user+sys CPU seconds of the whole worker (wait4 rusage)
    failure: str | None = None  # why the supervisor gave up on it
    stopped: bool = False  # the supervisor asked it to stop (Ctrl-C, or another one failed)

    @property
    def failed(self) -> bool:
        return self.failure is not None or self.signal is not None or bool(self.exit_code)

    def describe_failure(self) -> str:
        where = f" during {self.current}" if self.current else ""
        if self.failure:
            what = self.failure
        elif self.signal is not None:
            what = f"was terminated by signal {self.signal} ({signal.Signals(self.signal).name})"
        else:
            what = f"exited with status {self.exit_code}"
        return f"worker {self.index} (pid {self.pid}) {what}{where}"


@dataclass
class _Channel:
    worker: WorkerReport
    kind: str  # "out" | "status"
    buf: bytes = b""


def run_workers(count: int, child: ChildMain, out: TextIO | None, *,
                start_grace: float = START_GRACE, case_grace: float = CASE_GRACE
                ) -> tuple[list[WorkerReport], bool]:
    """Fork `count` workers running `child`; return their reports and whether Ctrl-C came.
    `out` gets openssl's `Forked child N` lines (None: a view that has no place for them)."""
    workers: list[WorkerReport] = []
    sel = selectors.DefaultSelector()
    read_fds: list[int] = []
    for i in range(count):
        if out is not None:
            out.flush()
        sys.stderr.flush()
        r_out, w_out = os.pipe()
        r_st, w_st = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child, reported through its pipes
            _child(child, i, w_out, w_st, [r_out, r_st, *read_fds])
        os.close(w_out)
        os.close(w_st)
        report = WorkerReport(i, pid)
        workers.append(report)
        for fd, kind in ((r_out, "out"), (r_st, "status")):
            read_fds.append(fd)
            sel.register(fd, selectors.EVENT_READ, _Channel(report, kind))
        if out is not None:
            out.write(f"Forked child {i}\n")
            out.flush()
    sup = _Supervisor(sel, workers, start_grace, case_grace)
    try:
        sup.pump()
    except KeyboardInterrupt:
        sup.interrupted = True
        sup.stop_all()
        with contextlib.suppress(KeyboardInterrupt):
            sup.pump()
    finally:
        for key in list(sel.get_map().values()):
            sel.unregister(key.fd)
            os.close(key.fd)
        sel.close()
        for w in workers:
            if w.pid in sup.alive:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(w.pid, signal.SIGKILL)
                _reap(w)
    return workers, sup.interrupted


def _child(  # pragma: no cover - runs in the child
    child: ChildMain, index: int, w_out: int, w_st: int, inherited: list[int]
) -> None:
    for fd in inherited:
        with contextlib.suppress(OSError):
            os.close(fd)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    rc = 1
    try:
        with os.fdopen(w_out, "w") as out, os.fdopen(w_st, "w", buffering=1) as status:
            rc = child(index, out, status)
    except KeyboardInterrupt:
        rc = 130
    except BaseException as exc:  # a worker never shows a traceback; the parent names it
        with contextlib.suppress(Exception):
            sys.stderr.write(f"pyspeed: worker failed: {type(exc).__name__}: {exc}\n")
    finally:
        with contextlib.suppress(Exception):
            sys.stderr.flush()
        os._exit(rc)


class _Supervisor:
    """Reads every worker's pipes, enforces deadlines, and stops the run when one fails."""

    def __init__(self, sel: selectors.BaseSelector, workers: list[WorkerReport],
                 start_grace: float, case_grace: float) -> None:
        self.sel = sel
        self.workers = workers
        self.case_grace = case_grace
        now = time.monotonic()
        self.deadlines = {w.pid: now + start_grace for w in workers}
        self.open_channels = {w.pid: 2 for w in workers}
        self.alive = {w.pid for w in workers}
        self.stop_at: float | None = None
        self.interrupted = False

    def stop_all(self) -> None:
        """Ask every live worker to stop (SIGINT: it reports what it measured, then exits);
        whoever is still running after STOP_WAIT is killed."""
        if self.stop_at is None:
            self.stop_at = time.monotonic() + STOP_WAIT
        for w in self.workers:
            if w.pid in self.alive:
                w.stopped = True
                with contextlib.suppress(ProcessLookupError):
                    os.kill(w.pid, signal.SIGINT)

    def pump(self) -> None:
        while self.sel.get_map():
            now = time.monotonic()
            if self.stop_at is not None and now >= self.stop_at:
                return
            self._check_deadlines(now)
            wake = min([*self.deadlines.values(), *([self.stop_at] if self.stop_at else [])],
                       default=now + 1)
            for key, _ in self.sel.select(timeout=max(0.0, min(wake - now, 0.25))):
                self._read(key.fd, key.data)

    def _check_deadlines(self, now: float) -> None:
        for w in self.workers:
            if w.pid in self.deadlines and now >= self.deadlines[w.pid] and w.failure is None:
                w.failure = "made no progress before its deadline and was stopped (hung)"
                del self.deadlines[w.pid]
                with contextlib.suppress(ProcessLookupError):
                    os.kill(w.pid, signal.SIGKILL)

    def _read(self, fd: int, chan: _Channel) -> None:
        data = os.read(fd, 65536)
        if data:
            chan.buf += data
            *lines, chan.buf = chan.buf.split(b"\n")
            for raw in lines:
                _take(chan, raw.decode(errors="replace"), self.deadlines, self.case_grace)
            return
        self.sel.unregister(fd)
        os.close(fd)
        w = chan.worker
        self.open_channels[w.pid] -= 1
        if self.open_channels[w.pid]:
            return
        # both pipes closed: the worker has exited (or is exiting); collect it now, so a
        # failure stops the run at once instead of after the other workers' last case
        self.deadlines.pop(w.pid, None)
        _reap(w)
        self.alive.discard(w.pid)
        if w.failed and not w.stopped:
            self.stop_all()


def _take(chan: _Channel, line: str, deadlines: dict[int, float], case_grace: float) -> None:
    w = chan.worker
    if chan.kind == "out":
        w.lines.append(line)
        return
    parts = line.split()
    if parts[:1] == ["start"] and len(parts) == 3:
        w.current = parts[1]
        deadlines[w.pid] = time.monotonic() + 2 * float(parts[2]) + case_grace
    elif parts[:1] == ["end"]:
        try:
            fields = json.loads(line[4:])
            w.measured.append(Record(**{**fields, "worker": w.index}))
        except (ValueError, TypeError):
            pass  # a torn line from a worker killed mid-write: the record is lost, not the run


def _reap(w: WorkerReport) -> None:
    try:
        _, status, usage = os.wait4(w.pid, 0)
    except ChildProcessError:
        return
    w.cpu = usage.ru_utime + usage.ru_stime
    if os.WIFSIGNALED(status):
        w.signal = os.WTERMSIG(status)
    else:
        w.exit_code = os.WEXITSTATUS(status)

