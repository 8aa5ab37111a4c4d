"""What the charts draw, as plain data for the page's script: per case, one series per
engine and machine (a trend across machines is not a trend), each point a run's median
with its 95% interval and the gate's verdict; and per engine its speedup over software.
Every number is read from pyspeed.results.statistics (CaseStats), never recomputed."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pyspeed.dashboard.gating import Gated
from pyspeed.results.history.archive import StoredRun
from pyspeed.results.statistics import CaseStats

BASELINE_ENGINE = "software"
#: verdicts marked on the trend (the others are the gate's "nothing to report")
MARKED = ("regression", "failing", "improvement", "fixed")


def when(started: str) -> str:
    """A start time as plotly's date axis reads it (UTC, no offset)."""
    try:
        moment = dt.datetime.fromisoformat(started)
    except ValueError:
        return started
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return moment.isoformat(sep=" ", timespec="seconds")


def _number(value: float) -> float | None:
    return value if math.isfinite(value) else None


def run_page(run_id: int) -> str:
    """A run's page, relative to the site's root."""
    return f"runs/{run_id}.html"


@dataclass
class Series:
    """One engine on one machine for one case, oldest run first."""

    engine: str
    machine: str
    unit: str
    x: list[str] = field(default_factory=list)
    median: list[float | None] = field(default_factory=list)
    low: list[float | None] = field(default_factory=list)
    high: list[float | None] = field(default_factory=list)
    runs: list[int] = field(default_factory=list)
    commits: list[str] = field(default_factory=list)
    verdicts: list[str | None] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"name": f"{self.engine} @ {self.machine}", "unit": self.unit, "x": self.x,
                "median": self.median, "low": self.low, "high": self.high,
                "links": [run_page(r) for r in self.runs], "runs": self.runs,
                "commits": self.commits, "verdicts": self.verdicts}


def verdict_index(gated: dict[int, list[Gated]]) -> dict[tuple[int, str, str], str]:
    """(run id, case, engine) -> the gate's verdict on it."""
    return {(run_id, v.case, v.engine): v.verdict
            for run_id, judged in gated.items() for g in judged for v in g.verdicts}


def trends(runs: Sequence[StoredRun], stats: dict[int, list[CaseStats]],
           gated: dict[int, list[Gated]]) -> dict[str, list[Series]]:
    """Per case (first seen first), its series."""
    verdicts = verdict_index(gated)
    cases: dict[str, dict[tuple[str, str], Series]] = {}
    for stored in runs:
        x, commit = when(stored.started), (stored.commit or "")[:10]
        for s in stats[stored.id]:
            key = (s.engine, stored.machine_name)
            series = cases.setdefault(s.case, {}).get(key)
            if series is None:
                series = cases[s.case][key] = Series(s.engine, stored.machine_name, s.unit)
            series.x.append(x)
            series.median.append(_number(s.median))
            series.low.append(_number(s.ci_low))
            series.high.append(_number(s.ci_high))
            series.runs.append(stored.id)
            series.commits.append(commit)
            verdict = verdicts.get((stored.id, s.case, s.engine))
            series.verdicts.append(verdict if verdict in MARKED else None)
    return {case: list(by_series.values()) for case, by_series in cases.items()}


@dataclass
class Speedup:
    """An engine's speedup over software on one case, over the runs that measured both."""

    engine: str
    case: str
    ratios: list[float] = field(default_factory=list)
    runs: list[StoredRun] = field(default_factory=list)

    @property
    def latest(self) -> float:
        return self.ratios[-1]


def speedups(runs: Sequence[StoredRun], stats: dict[int, list[CaseStats]]
             ) -> dict[str, list[Speedup]]:
    """Per engine other than software, per case (first seen first): the ratio of its
    median to software's median in the same run, oldest run first."""
    found: dict[str, dict[str, Speedup]] = {}
    for stored in runs:
        by_key = {(s.case, s.engine): s for s in stats[stored.id]}
        for (case, engine), s in by_key.items():
            soft = by_key.get((case, BASELINE_ENGINE))
            if engine == BASELINE_ENGINE or soft is None or not (s.n and soft.n):
                continue
            if not (soft.median > 0 and math.isfinite(s.median)):
                continue
            entry = found.setdefault(engine, {}).setdefault(case, Speedup(engine, case))
            entry.ratios.append(s.median / soft.median)
            entry.runs.append(stored)
    return {engine: list(cases.values()) for engine, cases in found.items()}
