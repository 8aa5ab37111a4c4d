"""The timed loop: how a timed operation becomes a Measurement.

openssl stops its loop with SIGALRM and counts every iteration. pyspeed runs the
operation in C-level batches (`deque(starmap(fn, repeat(args, n)), maxlen=0)`), so no
bytecode runs between two operations of a batch and there is no per-iteration clock
read or flag test. The clock is read once per batch; batches double while they last
under ~1 ms, so the loop overshoots its deadline by at most about a millisecond and
the overhead of the bookkeeping is a few reads per millisecond.
"""

from __future__ import annotations

import resource
import time
from collections import deque
from itertools import repeat, starmap

from pyspeed.model import Measurement, Operation

_BATCH_TARGET = 0.001  # seconds a batch may last before it stops growing
_BATCH_MAX = 1 << 20


def measure(op: Operation, seconds: float) -> Measurement:
    """One test of `seconds`: a self-measuring operation runs it itself, a timed one runs
    in the batched loop. The runner calls this and nothing else."""
    if op.measure is None:
        return run_for(op, seconds)
    try:
        m = op.measure(seconds)
    except Exception as exc:  # an engine's failure is the test's error, as in openssl
        return Measurement(0, 0.0, 0.0, 0.0, error=_describe(exc))
    if not isinstance(m, Measurement):
        return Measurement(0, 0.0, 0.0, 0.0,
                           error=f"measure returned {type(m).__name__}, not a Measurement")
    return m


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def run_for(op: Operation, seconds: float) -> Measurement:
    """Run `op` repeatedly for `seconds` of wall-clock time and count it."""
    fn, args = op.fn, op.args
    if fn is None:
        raise TypeError("a timed operation needs fn")
    clock = time.perf_counter
    consume = deque(maxlen=0).extend
    count = 0
    batch = 1
    error: str | None = None
    ru0 = resource.getrusage(resource.RUSAGE_SELF)
    start = prev = clock()
    deadline = start + seconds
    try:
        while True:
            consume(starmap(fn, repeat(args, batch)))
            count += batch
            now = clock()
            if now >= deadline:
                break
            if now - prev < _BATCH_TARGET and batch < _BATCH_MAX:
                batch <<= 1
            prev = now
    except Exception as exc:  # an operation failed: report it like openssl, keep the run
        now = clock()
        error = _describe(exc)
    ru1 = resource.getrusage(resource.RUSAGE_SELF)
    return Measurement(
        count=count,
        wall=now - start,
        user=ru1.ru_utime - ru0.ru_utime,
        sys=ru1.ru_stime - ru0.ru_stime,
        error=error,
    )
