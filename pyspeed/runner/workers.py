"""`-multi M`: worker processes, supervised so that a run always ends, with what it measured.

Like openssl, the parent forks M children that run the same cases at the same time.
Each child rebuilds its engines from the options (nothing but plain options crosses the
fork: no engine object, no open device) and reports every event of its run on a pipe
(pyspeed.runner.protocol), so that the parent can

* hand each event to the run's listener as it happens (what starts, what ended),
* name the worker and the case when a worker crashes, is killed or hangs,
* stop a worker that makes no progress past a deadline (twice the case's duration plus
  a grace period), and
* on Ctrl-C, stop every worker within a second and still keep what arrived.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from pyspeed.errors import EXIT_WORKER_FAILED, PyspeedError
from pyspeed.model import WorkerInfo
from pyspeed.runner.protocol import Event, decode

START_GRACE = 30.0  # seconds a worker may take to start its first case
CASE_GRACE = 10.0  # seconds past twice a case's duration before a worker counts as hung
STOP_WAIT = 0.9  # seconds workers get to report after Ctrl-C before they are killed
POLL = 0.25  # seconds the supervisor waits for a worker's line before it looks again
STALL = 1.0  # seconds past POLL the supervisor itself may not run before it counts as stopped

ChildMain = Callable[[int, TextIO], int]  # (index, status pipe) -> exit status
OnEvent = Callable[[int, Event], None]  # (worker index, event), in the parent


@dataclass
class _Channel:
    worker: WorkerInfo
    buf: bytes = b""


def run_workers(count: int, child: ChildMain, on_event: OnEvent,
                on_fork: Callable[[int], None] | None = None, *,
                start_grace: float = START_GRACE, case_grace: float = CASE_GRACE
                ) -> tuple[list[WorkerInfo], bool]:
    """Fork `count` workers running `child`; every event they send goes to `on_event`.
    Returns how each worker ended and whether Ctrl-C came."""
    workers: list[WorkerInfo] = []
    sel = selectors.DefaultSelector()
    read_fds: list[int] = []
    for i in range(count):
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            r_st, w_st = os.pipe()
        except OSError as exc:
            _abandon(workers, read_fds, sel)
            raise WorkerStartError(f"speed: cannot start -multi worker {i} of {count}: "
                                   f"{exc.strerror or exc}") from None
        try:
            pid = os.fork()
        except OSError as exc:  # the process limit: stop the ones started, say so
            os.close(r_st)
            os.close(w_st)
            _abandon(workers, read_fds, sel)
            raise WorkerStartError(f"speed: cannot start -multi worker {i} of {count}: "
                                   f"{exc.strerror or exc}") from None
        if pid == 0:  # pragma: no cover - runs in the child, reported through its pipe
            _child(child, i, w_st, [r_st, *read_fds])
        os.close(w_st)
        info = WorkerInfo(i, pid)
        workers.append(info)
        read_fds.append(r_st)
        sel.register(r_st, selectors.EVENT_READ, _Channel(info))
        if on_fork is not None:
            on_fork(i)
    sup = _Supervisor(sel, workers, start_grace, case_grace, on_event)
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


class WorkerStartError(PyspeedError):
    """The workers could not all be started (process or descriptor limit): exit 3."""

    exit_code = EXIT_WORKER_FAILED


def _abandon(workers: list[WorkerInfo], read_fds: list[int],
             sel: selectors.BaseSelector) -> None:
    """Stop and collect the workers already started; close their pipes."""
    for w in workers:
        with contextlib.suppress(ProcessLookupError):
            os.kill(w.pid, signal.SIGKILL)
        _reap(w)
    for fd in read_fds:
        with contextlib.suppress(KeyError, ValueError):
            sel.unregister(fd)
        with contextlib.suppress(OSError):
            os.close(fd)
    sel.close()


def _child(  # pragma: no cover - runs in the child
    child: ChildMain, index: int, w_st: int, inherited: list[int]
) -> None:
    for fd in inherited:
        with contextlib.suppress(OSError):
            os.close(fd)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    rc = 1
    try:
        with os.fdopen(w_st, "w", buffering=1) as status:
            rc = child(index, status)
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

    def __init__(self, sel: selectors.BaseSelector, workers: list[WorkerInfo],
                 start_grace: float, case_grace: float, on_event: OnEvent) -> None:
        self.sel = sel
        self.workers = workers
        self.case_grace = case_grace
        self.on_event = on_event
        now = time.monotonic()
        self.deadlines = {w.pid: now + start_grace for w in workers}
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
        last = time.monotonic()
        while self.sel.get_map():
            now = time.monotonic()
            if self.stop_at is not None and now >= self.stop_at:
                return
            # a parent that was stopped (Ctrl-Z, a paused VM) wakes late: the time it did
            # not run is not held against the workers, and what the pipes hold is read
            # before any deadline is checked
            self._forgive(now - last)
            for key, _ in self.sel.select(timeout=0):
                self._read(key.fd, key.data)
            now = time.monotonic()
            self._check_deadlines(now)
            wake = min([*self.deadlines.values(), *([self.stop_at] if self.stop_at else [])],
                       default=now + 1)
            timeout = max(0.0, min(wake - now, POLL))
            began = time.monotonic()
            ready = self.sel.select(timeout=timeout)
            self._forgive(time.monotonic() - began - timeout)
            for key, _ in ready:
                self._read(key.fd, key.data)
            last = time.monotonic()

    def _forgive(self, stalled: float) -> None:
        if stalled > STALL:
            for pid in self.deadlines:
                self.deadlines[pid] += stalled

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
                self._take(chan.worker, raw.decode(errors="replace"))
            return
        self.sel.unregister(fd)
        os.close(fd)
        w = chan.worker
        # the pipe closed: the worker has exited (or is exiting); collect it now, so a
        # failure stops the run at once instead of after the other workers' last case
        self.deadlines.pop(w.pid, None)
        _reap(w)
        self.alive.discard(w.pid)
        if w.failed and not w.stopped:
            self.stop_all()

    def _take(self, w: WorkerInfo, line: str) -> None:
        event = decode(line)
        if event is None:
            return  # a torn line from a worker killed mid-write
        if "start" in event:
            w.current = str(event["start"])
            seconds = event.get("seconds")
            if isinstance(seconds, (int, float)):
                self.deadlines[w.pid] = time.monotonic() + 2 * float(seconds) + self.case_grace
        self.on_event(w.index, event)


def _reap(w: WorkerInfo) -> None:
    try:
        _, status, usage = os.wait4(w.pid, 0)
    except ChildProcessError:
        return
    w.cpu = usage.ru_utime + usage.ru_stime
    if os.WIFSIGNALED(status):
        w.signal = os.WTERMSIG(status)
    else:
        w.exit_code = os.WEXITSTATUS(status)

