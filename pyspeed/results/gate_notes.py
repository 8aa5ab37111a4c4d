"""Footnotes of `pyspeed compare`: the rule as applied, and what could not be judged."""

from __future__ import annotations

from pyspeed.results.statistics import divisor_text, min_samples
from pyspeed.results.verdicts import FAILING, FIXED, INCOMPARABLE, TOO_FEW, Comparison


def label(key: tuple[str, str]) -> str:
    return f"{key[0]} ({key[1]})"


def notes(c: Comparison) -> list[str]:
    """The footnotes under a comparison: how rates and the rule work, what was left out."""
    s = c.settings
    divisor = divisor_text(c.elapsed)
    notes = [
        f"rates: median over repetitions (each summed over workers, {divisor} as "
        f"divisor), ± the 95% CI of the median; test: Mann-Whitney U, two-sided"
    ]
    rule = f"regression: p < {s.alpha:g}, throughput down by more than the threshold "
    rule += f"({s.threshold:g}%"
    if s.overrides:
        rule += "; " + ", ".join(f"{pat}: {pct:g}%" for pat, pct in s.overrides)
    rule += ") and by more than the noise floor ("
    rule += (
        f"{s.noise_floor:g}%)"
        if s.noise_floor is not None
        else "the larger 95% CI half-width of the two medians)"
    )
    notes.append(rule)
    used = {r.threshold_from for r in c.cases}
    notes += [
        f"warning: --threshold-for {pat} matched no case"
        for pat, _ in s.overrides
        if pat not in used
    ]
    few = c.with_verdict(TOO_FEW)
    if few:
        need = min_samples(s.alpha)
        have = min(min(r.base.n, r.new.n) for r in few)
        notes.append(
            f"{len(few)} case(s) have too few repetitions for p < {s.alpha:g} "
            f"(as few as {have}); they are never called a regression: "
            f"{need} repetitions per side are needed (--repeat {need})"
        )
    if any(r.modelled for r in c.cases):
        notes.append(
            "modelled results are deterministic: a change beyond the threshold "
            "counts without a significance test"
        )
    mixed = [r for r in c.cases if r.verdict == INCOMPARABLE and r.base.n and r.new.n]
    if mixed:
        notes.append(
            f"not comparable (modelled in one run, measured in the other, or no "
            f"rate): {', '.join(label((r.case, r.engine)) for r in mixed)}"
        )
    for r in c.with_verdict(FAILING):
        notes.append(
            f"failing: {label((r.case, r.engine))} measured in BASE but failed in "
            f"NEW ({r.new.error or 'no time measured'})"
        )
    for r in c.with_verdict(FIXED):
        notes.append(
            f"fixed: {label((r.case, r.engine))} failed in BASE "
            f"({r.base.error or 'no time measured'}) and measures in NEW"
        )
    dropped = [
        f"{label((r.case, r.engine))} {side} {x.failed}"
        for r in c.cases
        if r.base.n and r.new.n
        for side, x in (("BASE", r.base), ("NEW", r.new))
        if x.failed
    ]
    if dropped:
        notes.append("failed repetitions (not samples): " + ", ".join(dropped))
    if c.only_base:
        notes.append(f"only in BASE (not compared): {_short(c.only_base)}")
    if c.only_new:
        notes.append(f"only in NEW (not compared): {_short(c.only_new)}")
    return notes


def _short(items: list[str], limit: int = 8) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")
