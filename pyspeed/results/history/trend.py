"""The trend of one case and engine over runs, from the store's rows: each point with
its change against the previous point on the same machine (fingerprint and label). A
row that cannot be a point (a hand-edited or half-written database) is left out and
named, never shown as a number it is not."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class TrendPoint:
    """One (run, case, engine) of the trend, with the change against the previous run of
    the same case and engine on the same machine."""

    started: str
    commit: str | None
    dirty: bool | None
    fingerprint: str | None
    machine: str | None  # the label given with --machine
    branch: str | None
    pyspeed: str | None
    divisor: str | None
    case: str
    engine: str
    served_by: str | None
    modelled: bool
    unit: str | None
    median: float | None
    ci_low: float | None
    ci_high: float | None
    repeats: int | None
    change: float | None  # percent vs the previous point (same case, engine, machine)
    overlap: bool | None  # the two 95% intervals overlap: likely noise
    new_machine: bool  # a previous point exists, but on another machine

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


#: the row's columns, in TrendPoint's order (pyspeed.results.history.reader selects them)
COLUMNS = tuple(f for f in TrendPoint.__dataclass_fields__
                if f not in ("change", "overlap", "new_machine"))
_TEXT = ("started", "case", "engine")
_OPTIONAL_TEXT = ("commit", "fingerprint", "machine", "branch", "pyspeed", "divisor",
                  "served_by", "unit")
_NUMBERS = ("median", "ci_low", "ci_high")


def damage(row: dict[str, Any]) -> str | None:
    """Why a row cannot be a point (None: it can)."""
    for name in _TEXT:
        if not isinstance(row[name], str) or not row[name]:
            return f"{name} is missing"
    for name in _OPTIONAL_TEXT:
        if row[name] is not None and not isinstance(row[name], str):
            return f"{name} is not text"
    for name in _NUMBERS:
        value = row[name]
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)
                                  or not math.isfinite(value) or value < 0):
            return f"{name} is not a rate"
    repeats = row["repeats"]
    if repeats is not None and (isinstance(repeats, bool) or not isinstance(repeats, int)
                                or repeats < 0):
        return "repeats is not a count"
    return None


def trend(rows: list[dict[str, Any]], last: int | None) -> list[TrendPoint]:
    """Rows oldest first, checked (`damage`), as points grouped by case and engine."""
    order: dict[tuple[str, str], list[TrendPoint]] = {}
    previous: dict[tuple[str, str], TrendPoint] = {}
    same_machine: dict[tuple[str, str, str | None, str | None], TrendPoint] = {}
    for row in rows:
        point = TrendPoint(**{k: row[k] for k in COLUMNS}, change=None, overlap=None,
                           new_machine=False)
        key = (point.case, point.engine)
        where = (*key, point.fingerprint, point.machine)
        # a labelled run continues the trend of unlabelled ones on its fingerprint (a
        # machine that got its --machine label later); two labels are two machines
        before = same_machine.get(where) or (
            same_machine.get((*key, point.fingerprint, None)) if point.machine else None)
        point = replace(point, dirty=None if point.dirty is None else bool(point.dirty),
                        modelled=bool(point.modelled),
                        median=_num(point.median), ci_low=_num(point.ci_low),
                        ci_high=_num(point.ci_high), **_against(point, before),
                        new_machine=before is None and key in previous)
        order.setdefault(key, []).append(point)
        previous[key] = same_machine[where] = point
    points: list[TrendPoint] = []
    for series in order.values():
        points.extend(series[-last:] if last else series)
    return points


def _num(value: float | None) -> float | None:
    return None if value is None else float(value)


def _against(point: TrendPoint, before: TrendPoint | None) -> dict[str, Any]:
    """The change against the previous point on the same machine, and whether the two
    95% intervals overlap (only when both come from repeated measurements)."""
    if before is None or not before.median or point.median is None:
        return {"change": None, "overlap": None}
    change = 100.0 * (point.median - before.median) / before.median
    bounds = (point.ci_low, point.ci_high, before.ci_low, before.ci_high)
    if None in bounds or (point.repeats or 0) < 2 or (before.repeats or 0) < 2:
        return {"change": change, "overlap": None}
    lo, hi, before_lo, before_hi = bounds
    return {"change": change, "overlap": lo <= before_hi and before_lo <= hi}
