"""Running a plan of cases on one engine: preparation, timing, openssl's stop rules.

Presentation is not done here: a listener is told what starts, ends, or cannot run,
and decides what to print. That keeps the `openssl speed` text, `-mr` and pyspeed's
own progress display interchangeable over the same run.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from pyspeed.algos.vocabulary import family_ops
from pyspeed.engines.base import Engine
from pyspeed.model import (
    Case,
    CaseOptions,
    Listener,
    PkeyAlgo,
    PkeyCase,
    Result,
    Unsupported,
    algo_key,
)
from pyspeed.results.statistics import median_ci, relative_half_width
from pyspeed.timing import measure


@dataclass
class Outcome:
    """Everything a run produced, including what it could not do and why."""

    results: list[Result] = field(default_factory=list)
    unsupported: dict[str, str] = field(default_factory=dict)  # algo key -> reason
    dropped: set[str] = field(default_factory=set)  # pkey words dropped by the early stop
    extra: list[Result] = field(default_factory=list)  # operations the run has no case for
    interrupted: bool = False


class Session:
    """One engine's view of a run: its unsupported algorithms and stopped families.

    Several sessions interleave case by case (several engines, repetitions), each
    keeping openssl's rules for its own engine."""

    def __init__(self, engine: Engine, options: CaseOptions, listener: Listener) -> None:
        self.engine = engine
        self.worker = options.worker
        self.options = options
        self.listener = listener
        self.outcome = Outcome()
        self._stopped: set[str] = set()
        self._first_count: dict[str, int] = {}

    def run(self, case: Case, repeat: int = 0) -> Result | None:
        out, key = self.outcome, algo_key(case)
        if key in out.unsupported or key in out.dropped:
            return None
        if isinstance(case, PkeyCase) and case.algo.family in self._stopped:
            return None
        try:
            op = self.engine.prepare(case, self.options)
        except Unsupported as exc:
            out.unsupported[key] = str(exc)
            self.listener.unsupported(self.engine.id, key, str(exc))
            return None
        self.listener.started(case, self.worker)
        m = measure(op, case.seconds)
        result = Result(case, m, op.engine or self.engine.id, op.implementation, repeat,
                        self.engine.id, self.worker)
        out.results.append(result)
        self.listener.finished(result)
        if isinstance(case, PkeyCase):
            for family, word, op_name, other in m.extra:
                algo = case.algo if (family, word) == (case.algo.family, case.algo.word) \
                    else PkeyAlgo(family, 0, word, 0)  # type: ignore[arg-type]
                beside = Result(PkeyCase(algo, op_name, case.seconds), other,
                                result.engine, result.implementation, repeat, self.engine.id,
                                self.worker)
                out.extra.append(beside)
                self.listener.extra(beside)
            _early_stop(case, m.count if m.error is None else 1, self._first_count, out,
                        self._stopped, self.options.dialect)
        return result


def run_matrix(cases: list[Case], sessions: list[Session], repeats: int = 1
               ) -> tuple[bool, list[Result]]:
    """Repetition by repetition, case by case, engine by engine, so that drift of the
    machine hits every engine alike. Returns whether the run completed (Ctrl-C ends it
    early; results are kept) and every result in run order."""
    ran: list[Result] = []
    try:
        for repeat in range(repeats):
            for case in cases:
                for session in sessions:
                    result = session.run(case, repeat)
                    if result is not None:
                        ran.append(result)
    except KeyboardInterrupt:
        for session in sessions:
            session.outcome.interrupted = True
        return False, ran
    return True, ran


_CHECKED_35 = {"rsa": "decrypt", "kem": "decaps", "sig": "verify"}


def _early_stop(
    case: PkeyCase,
    count: int,
    first_count: dict[str, int],
    out: Outcome,
    stopped_families: set[str],
    dialect: str = "3.0",
) -> None:
    """openssl's stop rule: an operation that managed at most one run in its time ends
    the family (the rest would take even longer) and drops the current row too. The
    count checked is the last one speed.c keeps in `op_count`: the first operation's in
    3.0 (sign, derive), in 3.5 RSA's decrypt, a KEM's decaps and a signature row's
    verify, and still the sign of DSA, ECDSA, EdDSA and SM2."""
    ops = family_ops(case.algo.family, dialect) or (case.op,)
    checked = _CHECKED_35.get(case.algo.family, ops[0]) if dialect == "3.5" else ops[0]
    if case.op == checked:
        first_count[case.algo.name] = count
    if case.op == ops[-1] and first_count.get(case.algo.name, 2) <= 1:
        out.dropped.add(case.algo.name)
        stopped_families.add(case.algo.family)


@dataclass(frozen=True)
class Precision:
    """--precision: repeat each case until the 95% CI of its median rate is within
    `percent` of the median, at least `min_repeats` times, for at most `cap` seconds."""

    percent: float
    cap: float
    elapsed: bool = False  # the divisor of the views: wall-clock with -elapsed, else user CPU
    min_repeats: int = 6


def run_until_precise(cases: list[Case], sessions: list[Session], precision: Precision,
                      on_cap: Callable[[str, str, float, float], None] | None = None
                      ) -> tuple[bool, list[Result]]:
    """Case by case: rounds over the engines until every engine's median is precise
    enough or the case's time cap is spent. The achieved precision of a capped case is
    reported through `on_cap(engine, case key, percent, seconds)`."""

    ran: list[Result] = []
    try:
        for case in cases:
            rates: dict[int, list[float]] = {i: [] for i in range(len(sessions))}
            spent, repeat = 0.0, 0
            while True:
                for i, session in enumerate(sessions):
                    result = session.run(case, repeat)
                    if result is None:
                        continue
                    ran.append(result)
                    m = result.measurement
                    spent += m.wall
                    t = m.time(precision.elapsed)
                    if m.error is None and t > 0:  # a failed repetition is no sample
                        rates[i].append(m.count / t)
                repeat += 1
                widths = {i: _ci_percent(r) for i, r in rates.items() if r}
                if not widths:
                    break
                if repeat >= precision.min_repeats and max(widths.values()) <= precision.percent:
                    break
                if spent >= precision.cap:
                    if on_cap is not None:
                        for i, width in widths.items():
                            if width > precision.percent:
                                on_cap(sessions[i].engine.id, case.key, width, spent)
                    break
    except KeyboardInterrupt:
        for session in sessions:
            session.outcome.interrupted = True
        return False, ran
    return True, ran


def _ci_percent(rates: list[float]) -> float:
    """The interval's half-width in % (one sample: 0, its interval is the point itself;
    no positive median: infinite, never precise enough)."""
    width = relative_half_width(*median_ci(rates), n=max(len(rates), 2))
    return math.inf if math.isnan(width) else width
