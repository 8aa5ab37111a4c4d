"""The regression gate's vocabulary: verdicts, settings, one case's verdict, a comparison.

The rule that produces them is in pyspeed.results.gate; the footnotes in
pyspeed.results.gate_notes; the views in pyspeed.views.compare_text.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field

from pyspeed.errors import PyspeedError
from pyspeed.results.statistics import CaseStats

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
class GateSettings:
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
class CaseVerdict:
    case: str
    engine: str
    unit: str  # bytes/s or ops/s
    base: CaseStats
    new: CaseStats
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
    settings: GateSettings
    cases: list[CaseVerdict]
    geomean: float | None  # percent change of the geometric mean of new/base ratios
    notes: list[str] = field(default_factory=list)
    only_base: list[str] = field(default_factory=list)
    only_new: list[str] = field(default_factory=list)
    elapsed: bool = False  # NEW's rate divisor: wall-clock (-elapsed) or user CPU time

    def with_verdict(self, *verdicts: str) -> list[CaseVerdict]:
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
