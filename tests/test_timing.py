"""The timed loop: exact counts, bounded overshoot, no per-iteration clock reads."""

from __future__ import annotations

import time

import pytest

from pyspeed import timing as loop
from pyspeed.model import Operation
from pyspeed.timing import run_for


def test_count_is_exactly_the_number_of_calls() -> None:
    calls: list[int] = []
    m = run_for(Operation(calls.append, (1,)), 0.05)
    assert m.error is None
    assert m.count == len(calls) > 0


def test_duration_is_respected_with_small_overshoot() -> None:
    m = run_for(Operation(sum, ((1, 2, 3),)), 0.1)
    assert 0.1 <= m.wall < 0.15
    assert m.user + m.sys > 0


def test_clock_is_read_once_per_batch_not_per_operation(monkeypatch: pytest.MonkeyPatch) -> None:
    reads = 0
    real = time.perf_counter

    def counting_clock() -> float:
        nonlocal reads
        reads += 1
        return real()

    monkeypatch.setattr(loop.time, "perf_counter", counting_clock)
    m = run_for(Operation(len, (b"abc",)), 0.05)
    assert m.count > 50 * reads


def test_a_failing_operation_is_reported_not_raised() -> None:
    def boom() -> None:
        raise ValueError("bad key")

    m = run_for(Operation(boom), 0.05)
    assert m.error == "ValueError: bad key"


def test_a_slow_operation_still_counts_the_one_that_overran() -> None:
    m = run_for(Operation(time.sleep, (0.06,)), 0.05)
    assert m.count == 1
    assert m.wall >= 0.06
