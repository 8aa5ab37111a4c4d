"""Which -multi and -async_jobs to use: the smallest setting the gate cannot tell from the
best.

A sweep measures each setting several times. The best setting is the one with the
highest median; a smaller setting (fewer workers x jobs) is as good unless the
regression gate (pyspeed.results.gate: Mann-Whitney U, threshold, noise floor) calls it
slower than the best. The smallest setting that is as good is the recommendation, so a
difference inside the noise never buys more processes or jobs.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyspeed.model import Record
from pyspeed.results.gate import judge
from pyspeed.results.statistics import CaseStats, case_stats
from pyspeed.results.verdicts import FAILING, REGRESSION, CaseVerdict, GateSettings

Setting = tuple[int, int]  # (-multi, -async_jobs); -multi 0 and 1 are both one process


def cost(setting: Setting) -> tuple[int, int, int]:
    """What a setting costs: concurrent operations first, then processes."""
    multi, jobs = setting
    return (max(multi, 1) * max(jobs, 1), multi, jobs)


def setting_of(record: Record) -> Setting:
    return (max(record.multi, 1), record.async_jobs)


def sweep_stats(records: list[Record]) -> dict[tuple[str, str, Setting], CaseStats]:
    """Per (case, engine, setting): the statistics of its repetitions, wall-clock rates
    (what an offload engine delivers), workers summed."""
    by_setting: dict[Setting, list[Record]] = {}
    for r in records:
        by_setting.setdefault(setting_of(r), []).append(r)
    out = {}
    for setting, mine in by_setting.items():
        for s in case_stats(mine, elapsed=True):
            out[(s.case, s.engine, setting)] = s
    return out


@dataclass(frozen=True)
class Choice:
    case: str
    engine: str
    best: Setting
    best_stats: CaseStats
    chosen: Setting
    chosen_stats: CaseStats
    verdict: CaseVerdict | None  # the chosen setting against the best (None: it is the best)


def choose(case: str, engine: str, per_setting: dict[Setting, CaseStats],
           gate: GateSettings) -> Choice | None:
    """The smallest setting the gate does not call slower than the best."""
    good = {s: st for s, st in per_setting.items() if st.n}
    if not good:
        return None
    best = max(good, key=lambda s: (good[s].median, [-c for c in cost(s)]))
    for setting in sorted(good, key=cost):
        if setting == best:
            return Choice(case, engine, best, good[best], best, good[best], None)
        verdict = judge((case, engine), good[best], good[setting], gate)
        if verdict.verdict not in (REGRESSION, FAILING):
            return Choice(case, engine, best, good[best], setting, good[setting], verdict)
    return None  # pragma: no cover - the best setting is always reached
