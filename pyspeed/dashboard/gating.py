"""The regression gate over a whole history: each run against the previous comparable
run of the same machine, engine and branch, judged by `pyspeed compare`'s own rule
(pyspeed.results.gate, default settings) on the stored documents' samples.

"Comparable" is what the gate itself accepts without --force (same fingerprint, rate
divisor and settings); a run the gate would refuse is passed over for an older one, up
to LOOKBACK runs back. The significance tests of all pairs are computed in bulk first
(statistics.mann_whitney_many gives each the p-value mann_whitney gives), then every
pair goes through `gate.compare` unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pyspeed.results.gate import compare
from pyspeed.results.history.archive import StoredRun
from pyspeed.results.statistics import CaseStats, mann_whitney, mann_whitney_many
from pyspeed.results.verdicts import CaseVerdict, CompareError, GateSettings, Incomparable

LOOKBACK = 20  # earlier runs of a series tried for a comparable baseline


@dataclass(frozen=True)
class Gated:
    """One run judged against its baseline for some of its engines."""

    run: StoredRun
    base: StoredRun
    verdicts: tuple[CaseVerdict, ...]


def _group(stored: StoredRun, engine: str) -> tuple[str | None, str | None, str | None, str]:
    return (stored.fingerprint, stored.machine, stored.branch, engine)


def _comparable(base: StoredRun, new: StoredRun) -> bool:
    from pyspeed.results.gate import check_comparable

    try:
        check_comparable(base.run, new.run, force=False)
    except Incomparable:
        return False
    return True


def baselines(runs: Sequence[StoredRun], stats: dict[int, list[CaseStats]]
              ) -> dict[tuple[int, int], set[str]]:
    """(base id, run id) -> the engines the run is judged on against that base."""
    series: dict[tuple[str | None, str | None, str | None, str], list[StoredRun]] = {}
    pairs: dict[tuple[int, int], set[str]] = {}
    for stored in runs:
        for engine in dict.fromkeys(s.engine for s in stats[stored.id]):
            earlier = series.setdefault(_group(stored, engine), [])
            for base in reversed(earlier[-LOOKBACK:]):
                if _comparable(base, stored):
                    pairs.setdefault((base.id, stored.id), set()).add(engine)
                    break
            earlier.append(stored)
    return pairs


def gate_history(runs: Sequence[StoredRun], stats: dict[int, list[CaseStats]],
                 settings: GateSettings | None = None) -> dict[int, list[Gated]]:
    """Per run id, its verdicts against its baselines (one per baseline: engines of a
    run can have different previous runs); runs with none are absent."""
    settings = settings or GateSettings()
    by_id = {s.id: s for s in runs}
    pairs = baselines(runs, stats)
    samples: dict[tuple[tuple[float, ...], tuple[float, ...]], float] = {}
    for base_id, run_id in pairs:  # every case the gate judges, not only those kept
        old = {(s.case, s.engine): s for s in stats[base_id]}
        for s in stats[run_id]:
            b = old.get((s.case, s.engine))
            if b is not None and b.n and s.n:
                samples[(b.rates, s.rates)] = 1.0
    keys = list(samples)
    samples.update(zip(keys, mann_whitney_many(keys), strict=True))

    def test(a: Sequence[float], b: Sequence[float]) -> float:
        found = samples.get((tuple(a), tuple(b)))
        return mann_whitney(a, b) if found is None else found

    gated: dict[int, list[Gated]] = {}
    for (base_id, run_id), engines in pairs.items():
        base, new = by_id[base_id], by_id[run_id]
        try:
            comparison = compare(base.run, new.run, settings, test=test,
                                 stats=(stats[base_id], stats[run_id]))
        except (Incomparable, CompareError):
            continue  # nothing in common on these engines, or records the gate refuses
        verdicts = tuple(c for c in comparison.cases if c.engine in engines)
        if verdicts:
            gated.setdefault(run_id, []).append(Gated(new, base, verdicts))
    return gated
