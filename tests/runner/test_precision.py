"""--precision: repeat until the median's 95% CI is narrow enough, within a time cap."""

from __future__ import annotations

import itertools

from pyspeed.algos.cases import SelectOptions, plan, select
from pyspeed.model import (
    Case,
    CaseOptions,
    Listener,
    Measurement,
    Operation,
    PkeyAlgo,
    Result,
    SymAlgo,
)
from pyspeed.runner.session import Precision, Session, run_until_precise


class Scripted:
    """A modelled engine whose successive runs report the given rates (1 s each)."""

    id = "scripted"
    name = "Scripted rates"

    def __init__(self, rates: list[float]) -> None:
        self.rates = itertools.cycle(rates)

    def check(self, algo: SymAlgo | PkeyAlgo) -> None:
        pass

    def prepare(self, case: Case, options: CaseOptions) -> Operation:
        def simulate(seconds: float) -> Measurement:
            rate = next(self.rates)
            return Measurement(int(rate), 1.0, 1.0, 0.0, modelled=True)

        return Operation(len, (b"",), "script", measure=simulate)


class Quiet(Listener):
    def started(self, case: Case, worker: int = 0) -> None: ...
    def finished(self, result: Result) -> None: ...
    def unsupported(self, engine: str, name: str, reason: str) -> None: ...


def _run(rates: list[float], percent: float, cap: float) -> tuple[int, list[tuple]]:
    cases = plan(select(["rsa2048"], SelectOptions()), 1.0)[:1]
    capped: list[tuple] = []
    session = Session(Scripted(rates), CaseOptions(), Quiet())
    done, ran = run_until_precise(cases, [session], Precision(percent, cap),
                                  lambda *a: capped.append(a))
    assert done
    return len(ran), capped


def test_stable_rates_stop_at_the_minimum_repetitions() -> None:
    assert _run([1000.0], percent=1.0, cap=100) == (6, [])


def test_noisy_rates_run_until_the_interval_is_narrow() -> None:
    # alternating 1000/1010: the CI half-width stays at 0.497% of the median
    n, capped = _run([1000.0, 1010.0], percent=0.4, cap=12)
    assert n == 12
    (engine, key, width, spent), = capped
    assert (engine, key, spent) == ("scripted", "rsa2048/sign", 12.0)
    assert 0.4 < width < 0.6
    assert _run([1000.0, 1010.0], percent=0.5, cap=12) == (6, [])
