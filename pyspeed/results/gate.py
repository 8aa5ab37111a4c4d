"""The regression gate: compare two results documents case by case (`pyspeed compare`).

For every case (and engine) present in both documents:

* the samples of pyspeed.results.statistics: one per repetition, summed over its
  workers (bytes/s or ops/s, so higher is better); failed repetitions are counted, not
  sampled;
* the two medians, their distribution-free 95% confidence intervals (`median_ci`), the
  change of the median in %, and a two-sided Mann-Whitney U test (scipy) of the two
  samples, with n per side.

A case is a **regression** only if all three hold (asv's rule, benchstat's
test):

a. the difference is significant: p < alpha (default 0.01);
b. the throughput dropped by more than the threshold (default 5%; per-case overrides
   with `--threshold-for CASE=PCT`, CASE an exact case key or a glob);
c. the change is above the noise floor: the larger of the two medians' relative 95% CI
   half-widths (the `±` that `pyspeed report` prints), or `--noise-floor PCT`.

An **improvement** is the same with the sign reversed. Other outcomes: insignificant
(`~`, benchstat style, with the p-value), significant but within the threshold,
beyond the threshold but below the noise floor, and too few repetitions for the test
to ever reach alpha (with n1 and n2 repetitions the smallest possible two-sided p is
2 / C(n1+n2, n1): 5 per side for alpha 0.01); such a case is never a regression.

Modelled results (engines that run in virtual time) are deterministic: for them a
change larger than the threshold counts without a significance test or noise floor.

A case that measured in BASE but failed in NEW is **failing** and gates like a
regression (asv's `!`); one that failed in BASE and measures in NEW is **fixed**.

Exit codes of the gate (also `pyspeed compare --help` and README.md): 0 no regression,
1 regression (or a newly failing case), 2 usage error or unreadable/invalid file,
3 baseline missing or incomparable (BASE does not exist, different machine fingerprint
or rate divisor unless `--force`, no case in common).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from pyspeed.model import Run
from pyspeed.results.gate_notes import label
from pyspeed.results.gate_notes import notes as footnotes
from pyspeed.results.statistics import CaseStats, mann_whitney, min_p, min_samples, run_stats
from pyspeed.results.verdicts import (
    BELOW_NOISE,
    EXIT_BAD_INPUT,
    EXIT_INCOMPARABLE,
    EXIT_PASS,
    EXIT_REGRESSION,
    FAILING,
    FIXED,
    IMPROVEMENT,
    INCOMPARABLE,
    INSIGNIFICANT,
    REGRESSION,
    TOO_FEW,
    WITHIN_THRESHOLD,
    CaseVerdict,
    CompareError,
    Comparison,
    GateSettings,
    Incomparable,
)

__all__ = ["EXIT_BAD_INPUT", "EXIT_INCOMPARABLE", "EXIT_PASS", "EXIT_REGRESSION",
           "CompareError", "GateSettings", "Incomparable", "PTest", "compare", "fingerprint"]

#: the significance test of two samples: `mann_whitney`, or a lookup of p-values it
#: computed in bulk (statistics.mann_whitney_many) for a caller that gates many runs
PTest = Callable[[Sequence[float], Sequence[float]], float]


def fingerprint(run: Run) -> str | None:
    fp = run.machine_info.get("fingerprint")
    return fp if isinstance(fp, str) and fp else None


def check_comparable(base: Run, new: Run, force: bool) -> list[str]:
    """Refuse (Incomparable) what cannot be compared unless forced; notes on what was forced."""
    notes = []
    fb, fn = fingerprint(base), fingerprint(new)
    if fb is None or fn is None or fb != fn:
        what = f"different machine fingerprints ({fb or 'none'} vs {fn or 'none'})"
        if not force:
            raise Incomparable(
                f"compare: BASE and NEW come from {what}; use --force to compare anyway"
            )
        notes.append(f"warning: {what}; compared because of --force")
    eb, en = base.elapsed, new.elapsed
    if eb != en:
        what = (
            "rates with different divisors (BASE "
            f"{'wall-clock' if eb else 'user CPU'} time, NEW "
            f"{'wall-clock' if en else 'user CPU'} time; -elapsed)"
        )
        if not force:
            raise Incomparable(f"compare: BASE and NEW have {what}; use --force to compare anyway")
        notes.append(f"warning: {what}; compared because of --force")
    differences = setting_differences(base, new)
    if differences:
        what = "different settings (" + "; ".join(differences) + ")"
        if not force:
            raise Incomparable(f"compare: BASE and NEW ran with {what}; use --force to "
                               "compare anyway")
        notes.append(f"warning: ran with {what}; compared because of --force")
    return notes


#: options that change what a rate means: workers, concurrency, buffers, key shape
_SETTINGS = (("multi", "-multi"), ("async_jobs", "-async_jobs"), ("misalign", "-misalign"),
             ("primes", "-primes"))


def setting_differences(base: Run, new: Run) -> list[str]:
    """How the two runs were set up differently: options that change what is measured,
    and, per engine in both, what served it (a QAT device profile, a kernel driver)."""
    out = []
    for key, flag in _SETTINGS:
        b, n = _setting(base, key), _setting(new, key)
        if b != n:
            out.append(f"{flag} {b} vs {n}")
    served_b = {e.id: e.provenance for e in base.engines if e.provenance}
    served_n = {e.id: e.provenance for e in new.engines if e.provenance}
    for engine in served_b.keys() & served_n.keys():
        if served_b[engine] != served_n[engine]:
            out.append(f"{engine}: {served_b[engine]} vs {served_n[engine]}")
    return out


def _setting(run: Run, key: str) -> int:
    value = run.options.get(key)
    default = 2 if key == "primes" else 0
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def compare(
    base: Run,
    new: Run,
    settings: GateSettings,
    labels: tuple[str, str] = ("BASE", "NEW"),
    test: PTest = mann_whitney,
    stats: tuple[Sequence[CaseStats], Sequence[CaseStats]] | None = None,
) -> Comparison:
    """Compare two loaded documents (`results.load`); Incomparable when there is nothing
    to compare, CompareError (naming the label) when a document's records are unusable.
    `stats`: the two runs' `run_stats`, for a caller that compares a run more than once
    (a history's runs are each a NEW and then a BASE)."""
    notes = check_comparable(base, new, settings.force)
    if stats is None:
        sb, sn = _prepare(base, labels[0]), _prepare(new, labels[1])
    else:
        sb, sn = ({(s.case, s.engine): s for s in side} for side in stats)
    common = [k for k in sn if k in sb]
    if not common:
        raise Incomparable(_nothing_in_common(sb, sn))
    results = [judge(key, sb[key], sn[key], settings, test) for key in common]
    comparison = Comparison(
        settings=settings,
        cases=results,
        geomean=_geomean(results),
        notes=notes,
        only_base=[label(k) for k in sb if k not in sn],
        only_new=[label(k) for k in sn if k not in sb],
        elapsed=new.elapsed,
    )
    comparison.notes += footnotes(comparison)
    return comparison


def _prepare(doc: Run, label: str) -> dict[tuple[str, str], CaseStats]:
    try:
        return {(s.case, s.engine): s for s in run_stats(doc)}
    except (KeyError, TypeError, ValueError, AttributeError) as exc:  # hand-edited values
        detail = " ".join(str(exc).split())
        raise CompareError(
            f"compare: {label}: invalid results ({type(exc).__name__}: {detail})"
        ) from None


def _nothing_in_common(sb: dict[tuple[str, str], Any], sn: dict[tuple[str, str], Any]) -> str:
    cases_b = {k[0] for k in sb}
    cases_n = {k[0] for k in sn}
    if cases_b & cases_n:
        eb = ", ".join(dict.fromkeys(k[1] for k in sb))
        en = ", ".join(dict.fromkeys(k[1] for k in sn))
        return (
            f"compare: no case in common: the same cases ran on different engines "
            f"(BASE: {eb}; NEW: {en})"
        )
    return f"compare: no case in common (BASE has {len(cases_b)} case(s), NEW has {len(cases_n)})"


def judge(key: tuple[str, str], b: CaseStats, n: CaseStats, s: GateSettings,
          test: PTest = mann_whitney) -> CaseVerdict:
    """The gate's verdict on one case: NEW's samples `n` against BASE's `b`."""
    threshold, source = s.threshold_for(key[0])
    need = min_samples(s.alpha)
    unit = n.unit
    change = 100 * (n.median / b.median - 1) if b.n and n.n and b.median > 0 else math.nan
    p: float | None = None
    noise = math.nan

    def result(verdict: str) -> CaseVerdict:
        return CaseVerdict(
            case=key[0],
            engine=key[1],
            unit=unit,
            base=b,
            new=n,
            change=change,
            p=p,
            threshold=threshold,
            threshold_from=source,
            noise_floor=noise,
            min_n=need,
            verdict=verdict,
        )

    if not b.n or not n.n:
        return result(FAILING if b.n else FIXED if n.n else INCOMPARABLE)
    if b.modelled != n.modelled or math.isnan(change):
        return result(INCOMPARABLE)
    if b.modelled:  # deterministic: the threshold alone decides
        return result(_by_threshold(change, threshold) or WITHIN_THRESHOLD)
    p = test(b.rates, n.rates)
    noise = s.noise_floor if s.noise_floor is not None else _max_nan(b.half_width, n.half_width)
    if min_p(b.n, n.n) >= s.alpha:
        return result(TOO_FEW)
    if not p < s.alpha:
        return result(INSIGNIFICANT)
    beyond = _by_threshold(change, threshold)
    if beyond is None:
        return result(WITHIN_THRESHOLD)
    if not abs(change) > noise:
        return result(BELOW_NOISE)
    return result(beyond)


def _by_threshold(change: float, threshold: float) -> str | None:
    if change < -threshold:
        return REGRESSION
    if change > threshold:
        return IMPROVEMENT
    return None


def _max_nan(a: float, b: float) -> float:
    vals = [v for v in (a, b) if not math.isnan(v)]
    return max(vals) if vals else 0.0


def _geomean(cases: list[CaseVerdict]) -> float | None:
    logs = [
        math.log(c.new.median / c.base.median)
        for c in cases
        if c.verdict not in (FAILING, FIXED, INCOMPARABLE)
        and c.base.median > 0
        and c.new.median > 0
    ]
    if not logs:
        return None
    return 100 * (math.exp(sum(logs) / len(logs)) - 1)
