"""`pyspeed sweep`'s table and answers: every setting's median throughput with its
interval, speedup and efficiency against the synchronous single-process baseline, CPU
per operation, and the setting to use (pyspeed.results.sweep_choice)."""

from __future__ import annotations

import math

from pyspeed.results.statistics import CaseStats
from pyspeed.results.sweep_choice import Choice, Setting, cost
from pyspeed.views import formats

HEADERS = ["case", "engine", "multi", "async_jobs", "median (wall)", "±95%", "n", "speedup",
           "efficiency", "CPU s/op"]
BASELINE: Setting = (1, 0)


def rows(stats: dict[tuple[str, str, Setting], CaseStats]) -> list[list[str]]:
    out = []
    for (case, engine, setting), s in sorted(stats.items(), key=_order(stats)):
        base = stats.get((case, engine, BASELINE))
        ok = base is not None and base.n and s.n and base.median > 0
        speedup = s.median / base.median if ok else math.nan  # type: ignore[union-attr]
        workers = max(setting[0], 1) * max(setting[1], 1)
        out.append([
            case, engine + (" (modelled)" if s.modelled else ""), str(setting[0]),
            str(setting[1]), formats.rate(s.median, s.unit) if s.n else "failed",
            formats.plus_minus(s.half_width), str(s.n),
            "-" if math.isnan(speedup) else f"{speedup:.2f}",
            "-" if math.isnan(speedup) else f"{speedup / workers:.2f}",
            "-" if math.isnan(s.cpu_per_op) else f"{s.cpu_per_op:.3g}",
        ])
    return out


def _order(stats: dict[tuple[str, str, Setting], CaseStats]):  # type: ignore[no-untyped-def]
    first: dict[str, int] = {}
    for case, _, _ in stats:
        first.setdefault(case, len(first))
    return lambda item: (first[item[0][0]], item[0][1], cost(item[0][2]))


def answer(choice: Choice) -> str:
    best, chosen = choice.best, choice.chosen
    unit = choice.best_stats.unit
    head = (f"{choice.case} on {choice.engine}: best {formats.rate(choice.best_stats.median, unit)}"
            f" at -multi {best[0]} -async_jobs {best[1]}")
    if choice.verdict is None:
        return head + "; every smaller setting is slower beyond the threshold: use it"
    v = choice.verdict
    why = (f"{v.change:+.1f}%, " + ("too few repetitions to tell" if v.verdict == "too_few"
                                   else f"p={v.p:.3f}" if v.p is not None else "modelled"))
    return (head + f"; use -multi {chosen[0]} -async_jobs {chosen[1]}: not slower beyond the "
            f"threshold ({why})")


def notes(repeats: int, threshold: float, alpha: float) -> list[str]:
    return [f"median over {repeats} repetition(s), wall-clock time, summed over workers; "
            "speedup against -multi 1 -async_jobs 0 (synchronous, one process); CPU s/op: "
            "user+sys of all workers per operation, as `pyspeed speed` reports it",
            f"a setting is recommended over a smaller one only if the smaller is slower by "
            f"more than {threshold:g}% with p < {alpha:g} (Mann-Whitney U) and above the noise"]
