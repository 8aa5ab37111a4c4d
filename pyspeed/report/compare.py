"""The regression gate: compare two results documents case by case (`pyspeed compare`).

For every case (and engine) present in both documents:

* each repetition's rate is the sum over its workers of the frame's `rate` (bytes/s or
  ops/s, so higher is better); repetitions in which a worker failed are left out;
* the two medians, their distribution-free 95% confidence intervals (`median_ci`), the
  change of the median in %, and a two-sided Mann-Whitney U test (scipy) of the two
  samples, with n per side.

A case is a **regression** only if all three hold (peers.md 5.6; asv's rule, benchstat's
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

import fnmatch
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pyspeed.errors import PyspeedError
from pyspeed.report.summary import median_ci

if TYPE_CHECKING:
    import pandas as pd

EXIT_PASS = 0
EXIT_REGRESSION = 1
EXIT_BAD_INPUT = 2
EXIT_INCOMPARABLE = 3

DEFAULT_ALPHA = 0.01
DEFAULT_THRESHOLD = 5.0

# verdicts (machine-readable, in CSV and JSON)
REGRESSION = "regression"
IMPROVEMENT = "improvement"
INSIGNIFICANT = "insignificant"
WITHIN_THRESHOLD = "within_threshold"
BELOW_NOISE = "below_noise"
TOO_FEW = "too_few"
FAILING = "failing"
FIXED = "fixed"
INCOMPARABLE = "incomparable"

GATING = (REGRESSION, FAILING)


class CompareError(PyspeedError):
    """Bad command line or unreadable input: exit 2."""

    exit_code = EXIT_BAD_INPUT


class Incomparable(PyspeedError):
    """No baseline, or nothing that can be compared with it: exit 3."""

    exit_code = EXIT_INCOMPARABLE


@dataclass(frozen=True)
class Settings:
    alpha: float = DEFAULT_ALPHA
    threshold: float = DEFAULT_THRESHOLD  # percent
    overrides: tuple[tuple[str, float], ...] = ()  # (case key or glob, percent), in order
    noise_floor: float | None = None  # percent; None: from the confidence intervals
    force: bool = False

    def threshold_for(self, case: str) -> tuple[float, str | None]:
        """The threshold of a case and the pattern that set it: an exact case key wins,
        then the first glob that matches, in the order given; else the default."""
        for pattern, pct in self.overrides:
            if pattern == case:
                return pct, pattern
        for pattern, pct in self.overrides:
            if fnmatch.fnmatchcase(case, pattern):
                return pct, pattern
        return self.threshold, None


@dataclass(frozen=True)
class Side:
    """One case in one document: its repetitions' rates and their median."""

    rates: tuple[float, ...]
    median: float
    ci_low: float
    ci_high: float
    modelled: bool
    failed: int  # repetitions left out because a worker failed
    error: str | None  # the first error, if any

    @property
    def n(self) -> int:
        return len(self.rates)

    @property
    def half_width(self) -> float:
        """Relative half-width of the 95% CI of the median, in percent (as `report` shows)."""
        if self.n < 2 or not self.median > 0:
            return math.nan
        return 100 * max(self.median - self.ci_low, self.ci_high - self.median) / self.median


@dataclass(frozen=True)
class CaseResult:
    case: str
    engine: str
    unit: str  # bytes/s or ops/s
    base: Side
    new: Side
    change: float  # percent change of the median rate, nan when not computable
    p: float | None  # Mann-Whitney U two-sided p-value; None when not tested
    threshold: float  # percent
    threshold_from: str | None  # the --threshold-for pattern that set it
    noise_floor: float  # percent (nan when not applicable)
    min_n: int  # repetitions per side needed to reach alpha
    verdict: str

    @property
    def modelled(self) -> bool:
        return self.base.modelled and self.new.modelled


@dataclass
class Comparison:
    settings: Settings
    cases: list[CaseResult]
    geomean: float | None  # percent change of the geometric mean of new/base ratios
    notes: list[str] = field(default_factory=list)
    only_base: list[str] = field(default_factory=list)
    only_new: list[str] = field(default_factory=list)
    elapsed: bool = False  # NEW's rate divisor: wall-clock (-elapsed) or user CPU time

    def with_verdict(self, *verdicts: str) -> list[CaseResult]:
        return [c for c in self.cases if c.verdict in verdicts]

    @property
    def exit_code(self) -> int:
        return EXIT_REGRESSION if self.with_verdict(*GATING) else EXIT_PASS

    def headline(self) -> str:
        """One line: the gate's verdict."""
        n = len(self.cases)
        bad = self.with_verdict(REGRESSION)
        failing = self.with_verdict(FAILING)
        better = self.with_verdict(IMPROVEMENT)
        if bad or failing:
            parts = []
            if bad:
                parts.append(f"{len(bad)} of {n} case(s) slower beyond the threshold")
            if failing:
                parts.append(f"{len(failing)} case(s) failing")
            return "REGRESSION: " + ", ".join(parts)
        text = f"no regression: {n} case(s) compared"
        if better:
            text += f", {len(better)} faster beyond the threshold"
        return text


def min_repeats(alpha: float) -> int:
    """The fewest repetitions per side with which the two-sided test can reach p < alpha."""
    n = 1
    while _min_p(n, n) >= alpha:
        n += 1
    return n


def _min_p(n1: int, n2: int) -> float:
    """The smallest two-sided exact Mann-Whitney p-value with n1 and n2 observations."""
    return min(1.0, 2 / math.comb(n1 + n2, n1))


def fingerprint(doc: dict[str, Any]) -> str | None:
    info = doc.get("machine_info")
    fp = info.get("fingerprint") if isinstance(info, dict) else None
    return fp if isinstance(fp, str) and fp else None


def _elapsed(doc: dict[str, Any]) -> bool:
    opts = doc.get("options")
    return isinstance(opts, dict) and bool(opts.get("elapsed"))


def check_comparable(base: dict[str, Any], new: dict[str, Any], force: bool) -> list[str]:
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
    eb, en = _elapsed(base), _elapsed(new)
    if eb != en:
        what = (
            "rates with different divisors (BASE "
            f"{'wall-clock' if eb else 'user CPU'} time, NEW "
            f"{'wall-clock' if en else 'user CPU'} time; -elapsed)"
        )
        if not force:
            raise Incomparable(f"compare: BASE and NEW have {what}; use --force to compare anyway")
        notes.append(f"warning: {what}; compared because of --force")
    return notes


def samples(df: pd.DataFrame) -> dict[tuple[str, str], tuple[str, Side]]:
    """Per (case, engine), in run order: the unit and the repetitions' summed rates."""
    out: dict[tuple[str, str], tuple[str, Side]] = {}
    for (case, engine), grp in df.groupby(["case", "engine"], sort=False):
        rates: list[float] = []
        failed = 0
        error = None
        for _, rep in grp.groupby("repeat", sort=True):
            errors = rep["error"].dropna()
            if len(errors) or not (rep["time"] > 0).all():
                failed += 1
                if error is None and len(errors):
                    error = str(errors.iloc[0])
                continue
            rates.append(float(rep["rate"].sum()))
        med, lo, hi = median_ci(rates)
        unit = "bytes/s" if int(grp["size"].iloc[0]) > 0 else "ops/s"
        out[(str(case), str(engine))] = (
            unit,
            Side(
                rates=tuple(rates),
                median=med,
                ci_low=lo,
                ci_high=hi,
                modelled=bool(grp["modelled"].any()),
                failed=failed,
                error=error,
            ),
        )
    return out


def compare(
    base: dict[str, Any],
    new: dict[str, Any],
    settings: Settings,
    labels: tuple[str, str] = ("BASE", "NEW"),
) -> Comparison:
    """Compare two loaded documents (`results.load`); Incomparable when there is nothing
    to compare, CompareError (naming the label) when a document's records are unusable."""
    notes = check_comparable(base, new, settings.force)
    sb, sn = _prepare(base, labels[0]), _prepare(new, labels[1])
    common = [k for k in sn if k in sb]
    if not common:
        raise Incomparable(_nothing_in_common(sb, sn))
    results = [_case(key, sb[key][1], sn[key][1], sn[key][0], settings) for key in common]
    comparison = Comparison(
        settings=settings,
        cases=results,
        geomean=_geomean(results),
        notes=notes,
        only_base=[label(k) for k in sb if k not in sn],
        only_new=[label(k) for k in sn if k not in sb],
        elapsed=_elapsed(new),
    )
    from pyspeed.report.compare_notes import notes

    comparison.notes += notes(comparison)
    return comparison


def _prepare(doc: dict[str, Any], label: str) -> dict[tuple[str, str], tuple[str, Side]]:
    from pyspeed.report.results import to_frame

    try:
        return samples(to_frame(doc))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:  # hand-edited values
        detail = " ".join(str(exc).split())
        raise CompareError(
            f"compare: {label}: invalid results ({type(exc).__name__}: {detail})"
        ) from None


def label(key: tuple[str, str]) -> str:
    return f"{key[0]} ({key[1]})"


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


def _case(key: tuple[str, str], b: Side, n: Side, unit: str, s: Settings) -> CaseResult:
    threshold, source = s.threshold_for(key[0])
    need = min_repeats(s.alpha)
    change = 100 * (n.median / b.median - 1) if b.n and n.n and b.median > 0 else math.nan
    p: float | None = None
    noise = math.nan

    def result(verdict: str) -> CaseResult:
        return CaseResult(
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
    p = _mann_whitney(b.rates, n.rates)
    noise = s.noise_floor if s.noise_floor is not None else _max_nan(b.half_width, n.half_width)
    if _min_p(b.n, n.n) >= s.alpha:
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


def _mann_whitney(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    import warnings

    from scipy.stats import mannwhitneyu

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p = float(mannwhitneyu(a, b, alternative="two-sided").pvalue)
    return 1.0 if math.isnan(p) else p


def _geomean(cases: list[CaseResult]) -> float | None:
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
