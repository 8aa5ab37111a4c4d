"""The statistics every view reads: the order statistics of the median's interval, exact
and in floating point, and what counts as a sample."""

from __future__ import annotations

import math

import pytest

from pyspeed.model import Record
from pyspeed.results import statistics as st


def _exact(n: int, alpha: float = 0.025) -> int:
    cdf, k = 0.0, 0
    while True:
        nxt = cdf + math.comb(n, k) / 2**n
        if nxt > alpha:
            return k
        cdf, k = nxt, k + 1


@pytest.mark.parametrize("n", [*range(1, 40), 200, 999, 1000, 1001, 1700])
def test_floating_point_tail_agrees_with_the_exact_one(monkeypatch: pytest.MonkeyPatch,
                                                       n: int) -> None:
    monkeypatch.setattr(st, "EXACT_UP_TO", 0)
    assert st._order_statistic(n, 0.025) == _exact(n)


def test_large_samples_follow_the_normal_approximation() -> None:
    n = 40_000
    k = st._order_statistic(n, 0.025)
    assert abs(k - (n / 2 - 1.96 * math.sqrt(n) / 2)) < 3
    xs = list(range(n))
    med, lo, hi = st.median_ci(xs)
    assert (med, lo, hi) == ((n - 1) / 2, xs[k - 1], xs[n - k])


def _rec(repeat: int, worker: int, count: int, wall: float, error: str | None = None
         ) -> Record:
    return Record(case="sha256/16", family="sym", algorithm="sha256", operation="digest",
                  size=16, bits=0, engine="software", served_by="software",
                  implementation="x", modelled=False, repeat=repeat, worker=worker,
                  seconds=1.0, count=count, wall=wall, user=wall, sys=0.0, error=error)


def test_a_repetition_fails_when_any_worker_fails() -> None:
    records = [_rec(0, 0, 100, 1.0), _rec(0, 1, 100, 1.0),
               _rec(1, 0, 100, 1.0), _rec(1, 1, 0, 1.0, "device error"),
               _rec(2, 0, 100, 1.0), _rec(2, 1, 100, 0.0)]
    (s,) = st.case_stats(records, elapsed=True)
    assert s.rates == (3200.0,) and s.counts == (200,)
    assert (s.failed, s.attempts, s.error) == (2, 3, "device error")
    assert st.failure_notes([s]) == [
        "failed: sha256/16 on software: 2 of 3 repetition(s): device error"]
