"""Progress on a terminal: which test, time spent, time left for the whole run.

Used only when stderr is a TTY and the output is not `-mr`, so logs and pipes get
exactly openssl's lines. While a test runs, its status line is shown; when it ends,
the status line is erased and openssl's own line for the test is written whole.
"""

from __future__ import annotations

import time
from typing import TextIO

from pyspeed.model import Case, Listener, Result

_CLEAR = "\r\x1b[K"


def _clock(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}" if seconds >= 3600 \
        else f"{seconds // 60}:{seconds % 60:02d}"


class TtyProgress(Listener):
    """Wraps the openssl listener; the same calls, plus a live status line."""

    def __init__(self, inner: Listener, cases: list[Case], err: TextIO) -> None:
        self.inner = inner
        self.err = err
        self.total = len(cases)
        self.remaining = {c.key: c.seconds for c in cases}
        self.started_at = time.monotonic()
        self.done = 0

    def _left(self) -> float:
        return sum(self.remaining.values())

    def message(self, text: str) -> None:
        self.err.write(_CLEAR)
        self.inner.message(text)

    def worker_started(self, index: int) -> None:
        self.inner.worker_started(index)

    def started(self, case: Case, worker: int = 0) -> None:
        elapsed = time.monotonic() - self.started_at
        self.err.write(f"{_CLEAR}[{self.done + 1}/{self.total}] {case.key} "
                       f"({case.seconds:g}s) · {_clock(elapsed)} elapsed · "
                       f"about {_clock(self._left())} left")
        self.err.flush()

    def finished(self, result: Result) -> None:
        self.err.write(_CLEAR)
        self.inner.started(result.case, result.worker)
        self.inner.finished(result)
        self._account(result.case)

    def unsupported(self, engine: str, name: str, reason: str) -> None:
        self.err.write(_CLEAR)
        self.inner.unsupported(engine, name, reason)
        for key in [k for k in self.remaining
                    if k.partition("/")[0].removeprefix("evp:") == name]:
            self.remaining.pop(key)
            self.total -= 1

    def _account(self, case: Case) -> None:
        self.done += 1
        self.remaining.pop(case.key, None)
