"""Every number a person reads about a run, computed once: samples, medians, intervals.

Views, exports and the gate all read their numbers from here (the openssl tables, the
pyspeed tables, CSV/JSON/Markdown, compare, history, plots, sweep, the pytest-benchmark
file and the pytest plugin), so two views of one run never disagree.

**Samples.** A case's sample on one engine is one repetition. Its rate is the sum over
the -multi workers of each worker's rate (count x bytes per operation / time); the time
is openssl's divisor: wall-clock with -elapsed, else user CPU time (for a modelled
engine, its modelled CPU time).

**Failed repetitions.** A repetition is a failure when any worker's record of it has an
error or no time to divide by. A failure is never a sample: it is not counted as a zero
rate and it is not dropped silently either. `CaseStats.failed` counts failures and
`error` keeps the first message; every view shows the count (a note under a table, a
column in CSV/JSON, `failed_repetitions` in the pytest-benchmark file), and a case with
no sample at all is shown as failed.

**Median and interval.** The median of the samples, with a distribution-free 95%
confidence interval of the median: order statistics of the binomial, as benchstat and
asv do (exact up to 1,000 samples, summed in floating point above, so that the cost
stays linear in the number of samples). With fewer than 6 samples no interval reaches
95% and it is the whole range; with one sample there is no interval (views print no
`±`).

**Comparison.** Mann-Whitney U, two-sided (scipy), on the samples of two runs; the
smallest p-value n1 and n2 samples can reach is 2 / C(n1+n2, n1).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pyspeed.model import Record, Run

CONFIDENCE = 0.95


def divisor_text(elapsed: bool) -> str:
    """What rates were divided by, as every view says it."""
    return "wall-clock time (-elapsed)" if elapsed else "user CPU time"


EXACT_UP_TO = 1000  # samples: above this the binomial tail is summed in floating point


def median_ci(values: Sequence[float], confidence: float = CONFIDENCE
              ) -> tuple[float, float, float]:
    """Median and the order-statistic confidence interval of the median."""
    xs = sorted(values)
    n = len(xs)
    if n == 0:
        return (math.nan, math.nan, math.nan)
    mid = n // 2
    med = xs[mid] if n % 2 else (xs[mid - 1] + xs[mid]) / 2
    k = _order_statistic(n, (1 - confidence) / 2)
    if k == 0:
        return (med, xs[0], xs[-1])
    return (med, xs[k - 1], xs[n - k])


def _order_statistic(n: int, alpha: float) -> int:
    """The largest k with P(Binomial(n, 1/2) < k) <= alpha: the interval is
    [x_k, x_(n-k+1)]. Exact (integer binomial coefficients) up to EXACT_UP_TO samples;
    above, the terms are summed in log space, which stays linear in n where the exact
    sum grows quadratically (big integers)."""
    cdf, k = 0.0, 0
    if n <= EXACT_UP_TO:
        while True:
            nxt = cdf + math.comb(n, k) / 2**n
            if nxt > alpha:
                return k
            cdf, k = nxt, k + 1
    log_term = -n * math.log(2)  # log P(X = 0)
    while True:
        nxt = cdf + math.exp(log_term)
        if nxt > alpha:
            return k
        cdf = nxt
        log_term += math.log(n - k) - math.log(k + 1)
        k += 1


def relative_half_width(median: float, low: float, high: float, n: int) -> float:
    """The interval's larger half-width in percent of the median (the `±` of the views);
    nan with fewer than two samples or no positive median."""
    if n < 2 or not median > 0:
        return math.nan
    return 100 * max(median - low, high - median) / median


def min_p(n1: int, n2: int) -> float:
    """The smallest two-sided exact Mann-Whitney p-value with n1 and n2 samples."""
    return min(1.0, 2 / math.comb(n1 + n2, n1))


def min_samples(alpha: float) -> int:
    """The fewest samples per side with which the two-sided test can reach p < alpha."""
    n = 1
    while min_p(n, n) >= alpha:
        n += 1
    return n


def mann_whitney(a: Sequence[float], b: Sequence[float]) -> float:
    """Two-sided Mann-Whitney U p-value (1.0 where it is undefined)."""
    import warnings

    from scipy.stats import mannwhitneyu

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p = float(mannwhitneyu(a, b, alternative="two-sided").pvalue)
    return 1.0 if math.isnan(p) else p


def mann_whitney_many(pairs: Sequence[tuple[Sequence[float], Sequence[float]]]
                      ) -> list[float]:
    """`mann_whitney` of many pairs at once, each p-value the one `mann_whitney` gives:
    a page of hundreds of runs gates tens of thousands of cases, and scipy's per-call
    cost, not the test, is what takes the time. Pairs go to scipy in groups it treats
    alike (the same sizes, ties or none: scipy picks its exact or asymptotic method per
    call from those), one vectorised call per group."""
    import warnings

    import numpy as np
    from scipy.stats import mannwhitneyu

    groups: dict[tuple[int, int, bool], list[int]] = {}
    for i, (a, b) in enumerate(pairs):
        ties = len(set(a) | set(b)) < len(a) + len(b)
        groups.setdefault((len(a), len(b), ties), []).append(i)
    out = [1.0] * len(pairs)
    for (n1, n2, _), members in groups.items():
        if not n1 or not n2:
            continue
        xs = np.array([pairs[i][0] for i in members], dtype=float)
        ys = np.array([pairs[i][1] for i in members], dtype=float)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ps = mannwhitneyu(xs, ys, alternative="two-sided", axis=1).pvalue
        for i, p in zip(members, np.atleast_1d(ps), strict=True):
            out[i] = 1.0 if math.isnan(p) else float(p)
    return out


@dataclass(frozen=True)
class CaseStats:
    """One case on one engine: its samples and what follows from them."""

    case: str
    engine: str
    family: str
    algorithm: str
    operation: str
    size: int
    bits: int
    seconds: float  # nominal duration of one repetition
    served_by: str  # engines that ran it, comma-separated, first seen first
    implementation: str  # implementations that served it, "; "-separated
    modelled: bool
    rates: tuple[float, ...]  # one per good repetition, in repetition order
    counts: tuple[int, ...]  # operations per good repetition (all workers)
    cpu: tuple[float, ...]  # user+sys CPU seconds per good repetition (all workers)
    failed: int  # repetitions that are failures (see the module docstring)
    error: str | None  # the first failure's error, if it had one
    median: float = field(init=False)
    ci_low: float = field(init=False)
    ci_high: float = field(init=False)

    def __post_init__(self) -> None:
        med, lo, hi = median_ci(self.rates)
        object.__setattr__(self, "median", med)
        object.__setattr__(self, "ci_low", lo)
        object.__setattr__(self, "ci_high", hi)

    @property
    def unit(self) -> str:
        return "bytes/s" if self.size else "ops/s"

    @property
    def n(self) -> int:
        """Samples (good repetitions)."""
        return len(self.rates)

    @property
    def attempts(self) -> int:
        return len(self.rates) + self.failed

    @property
    def half_width(self) -> float:
        """Relative half-width of the 95% CI of the median, in percent (nan: none)."""
        return relative_half_width(self.median, self.ci_low, self.ci_high, self.n)

    @property
    def cpu_per_op(self) -> float:
        ops = sum(self.counts)
        return sum(self.cpu) / ops if ops else math.nan

    @property
    def seconds_per_op(self) -> tuple[float, ...]:
        """Seconds per operation of each sample (pytest-benchmark's rounds)."""
        per_op = self.size or 1
        return tuple(per_op / r for r in self.rates if r > 0)


def case_stats(records: Iterable[Record], elapsed: bool) -> list[CaseStats]:
    """Per (case, engine), in run order: the samples of its repetitions."""
    groups: dict[tuple[str, str], dict[int, list[Record]]] = {}
    for rec in records:
        groups.setdefault((rec.case, rec.engine), {}).setdefault(rec.repeat, []).append(rec)
    return [_stats(key, reps, elapsed) for key, reps in groups.items()]


def run_stats(run: Run) -> list[CaseStats]:
    """The statistics of a run, with the run's own divisor."""
    return case_stats(run.records, run.elapsed)


def _stats(key: tuple[str, str], reps: dict[int, list[Record]], elapsed: bool) -> CaseStats:
    rates: list[float] = []
    counts: list[int] = []
    cpu: list[float] = []
    failed = 0
    error: str | None = None
    served: dict[str, None] = {}
    impl: dict[str, None] = {}
    for repeat in sorted(reps):
        workers = reps[repeat]
        for r in workers:
            served.setdefault(r.served_by)
            if r.implementation:
                impl.setdefault(r.implementation)
        if all(r.ok(elapsed) for r in workers):
            rates.append(sum(r.rate(elapsed) for r in workers))
            counts.append(sum(r.count for r in workers))
            cpu.append(sum(r.user + r.sys for r in workers))
            continue
        failed += 1
        if error is None:
            error = next((r.error for r in workers if r.error), None)
    first = next(iter(reps.values()))[0]
    return CaseStats(
        case=key[0], engine=key[1], family=first.family, algorithm=first.algorithm,
        operation=first.operation, size=first.size, bits=first.bits, seconds=first.seconds,
        served_by=",".join(served), implementation="; ".join(impl),
        modelled=any(r.modelled for rs in reps.values() for r in rs),
        rates=tuple(rates), counts=tuple(counts), cpu=tuple(cpu), failed=failed, error=error,
    )


def failure_notes(stats: Iterable[CaseStats]) -> list[str]:
    """One line per case with failed repetitions: what every view prints under its table."""
    notes = []
    for s in stats:
        if s.failed:
            why = f": {s.error}" if s.error else ": no time measured"
            notes.append(f"failed: {s.case} on {s.engine}: {s.failed} of {s.attempts} "
                         f"repetition(s){why}")
    return notes
