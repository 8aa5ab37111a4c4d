"""Views of a Comparison: a table (benchstat style), Markdown for a CI job summary
($GITHUB_STEP_SUMMARY), CSV and JSON.

The `vs base` column reads like benchstat's: `-10.00% (p=0.000 n=10+10)` for a
significant change, `~ (p=0.446 n=10+10)` for an insignificant one, and
`-10.00% (modelled n=1+1)` for deterministic results; the last column says what the
gate made of it. The table ends with a geomean row of the new/base ratios.
"""

from __future__ import annotations

import math
from typing import Any

from pyspeed.model import Run
from pyspeed.results.gate import fingerprint
from pyspeed.results.statistics import CaseStats
from pyspeed.results.verdicts import (
    BELOW_NOISE,
    FAILING,
    FIXED,
    IMPROVEMENT,
    INCOMPARABLE,
    INSIGNIFICANT,
    REGRESSION,
    TOO_FEW,
    WITHIN_THRESHOLD,
    CaseVerdict,
    Comparison,
)
from pyspeed.views import formats

FORMATS = ("table", "markdown", "csv", "json")

CSV_COLUMNS = (
    "case",
    "engine",
    "unit",
    "modelled",
    "base_median",
    "base_ci_low",
    "base_ci_high",
    "base_n",
    "new_median",
    "new_ci_low",
    "new_ci_high",
    "new_n",
    "change_pct",
    "p_value",
    "threshold_pct",
    "noise_floor_pct",
    "min_n",
    "verdict",
)


def render(c: Comparison, fmt: str, base: dict[str, Any], new: dict[str, Any]) -> str:
    """`base`/`new`: {"path", "doc"} of each side, for the headings."""
    if fmt == "json":
        return _json(c, base, new)
    if fmt == "csv":
        return _csv(c)
    markdown = fmt == "markdown"
    table = _table(c, markdown)
    if markdown:
        lines = [
            f"### pyspeed compare — {c.headline()}",
            "",
            f"BASE `{base['path']}` {_about(base['doc'])} → "
            f"NEW `{new['path']}` {_about(new['doc'])}",
            "",
            table,
            "",
        ]
        lines += [f"- {note}" for note in c.notes]
        return "\n".join(lines) + "\n"
    lines = [
        f"base: {base['path']} {_about(base['doc'])}",
        f"new:  {new['path']} {_about(new['doc'])}",
        "",
        table,
        "",
    ]
    lines += c.notes
    lines += ["", c.headline()]
    return "\n".join(lines) + "\n"


def _about(doc: Run) -> str:
    parts = [doc.started or "?"]
    commit = doc.commit_info
    if isinstance(commit, dict) and commit.get("id"):
        parts.append(f"commit {str(commit['id'])[:10]}" + ("+dirty" if commit.get("dirty") else ""))
    return "(" + ", ".join(parts) + ")"


def _cell(side: CaseStats, unit: str) -> str:
    if not side.n:
        return "failed"
    text = formats.rate(side.median, unit)
    hw = side.half_width
    return text + (f" ±{hw:.1f}%" if not math.isnan(hw) and not side.modelled else "")


def _n(r: CaseVerdict) -> str:
    return f"n={r.base.n}+{r.new.n}"


def _vs_base(r: CaseVerdict) -> str:
    if r.verdict in (FAILING, FIXED) or math.isnan(r.change):
        return "-"
    if r.verdict == INCOMPARABLE:
        return f"{r.change:+.2f}% (not comparable)"
    if r.p is None:  # modelled
        return f"{r.change:+.2f}% (modelled {_n(r)})"
    if r.verdict in (INSIGNIFICANT, TOO_FEW):
        return f"~ (p={r.p:.3f} {_n(r)})"
    return f"{r.change:+.2f}% (p={r.p:.3f} {_n(r)})"


def _verdict(r: CaseVerdict) -> str:
    v = r.verdict
    if v == REGRESSION:
        return f"REGRESSION (> {r.threshold:g}%)"
    if v == IMPROVEMENT:
        return f"improvement (> {r.threshold:g}%)"
    if v == WITHIN_THRESHOLD:
        return f"within {r.threshold:g}% threshold"
    if v == BELOW_NOISE:
        return f"below noise floor ({r.noise_floor:.1f}%)"
    if v == TOO_FEW:
        return f"too few runs (need {r.min_n}+{r.min_n})"
    if v == FAILING:
        return "FAILING in NEW"
    if v == FIXED:
        return "fixed (failed in BASE)"
    if v == INCOMPARABLE:
        return "not comparable"
    return ""


def _table(c: Comparison, markdown: bool) -> str:
    from tabulate import tabulate

    engines = len({r.engine for r in c.cases}) > 1
    headers = ["case", *(["engine"] if engines else []), "base", "new", "vs base", "verdict"]
    rows = [
        [
            r.case,
            *([r.engine] if engines else []),
            _cell(r.base, r.unit),
            _cell(r.new, r.unit),
            _vs_base(r),
            _verdict(r),
        ]
        for r in c.cases
    ]
    geo = "-" if c.geomean is None else f"{c.geomean:+.2f}%"
    rows.append(["geomean", *([""] if engines else []), "", "", geo, ""])
    return str(
        tabulate(
            rows,
            headers=headers,
            tablefmt="github" if markdown else "simple",
            disable_numparse=True,
        )
    )


def _num(x: float | None) -> float | None:
    return None if x is None or math.isnan(x) else x


def _row(r: CaseVerdict) -> dict[str, Any]:
    return {
        "case": r.case,
        "engine": r.engine,
        "unit": r.unit,
        "modelled": r.modelled,
        "base_median": _num(r.base.median),
        "base_ci_low": _num(r.base.ci_low),
        "base_ci_high": _num(r.base.ci_high),
        "base_n": r.base.n,
        "new_median": _num(r.new.median),
        "new_ci_low": _num(r.new.ci_low),
        "new_ci_high": _num(r.new.ci_high),
        "new_n": r.new.n,
        "change_pct": _num(r.change),
        "p_value": _num(r.p),
        "threshold_pct": r.threshold,
        "noise_floor_pct": _num(r.noise_floor),
        "min_n": r.min_n,
        "verdict": r.verdict,
    }


def _csv(c: Comparison) -> str:
    import csv
    import io

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    for r in c.cases:
        w.writerow(_row(r))
    w.writerow({"case": "geomean", "change_pct": _num(c.geomean)})
    return buf.getvalue()


def _json(c: Comparison, base: dict[str, Any], new: dict[str, Any]) -> str:
    import json

    def side(s: dict[str, Any]) -> dict[str, Any]:
        doc: Run = s["doc"]
        return {
            "path": s["path"],
            "started": doc.started,
            "commit_info": doc.commit_info,
            "fingerprint": fingerprint(doc),
        }

    st = c.settings
    out = {
        "schema": "pyspeed-compare",
        "version": 1,
        "base": side(base),
        "new": side(new),
        "settings": {
            "alpha": st.alpha,
            "threshold_pct": st.threshold,
            "threshold_for": [{"case": p, "threshold_pct": v} for p, v in st.overrides],
            "noise_floor_pct": st.noise_floor,
            "force": st.force,
        },
        "verdict": "regression" if c.exit_code else "pass",
        "headline": c.headline(),
        "exit_code": c.exit_code,
        "cases": [_row(r) for r in c.cases],
        "geomean_change_pct": _num(c.geomean),
        "only_in_base": c.only_base,
        "only_in_new": c.only_new,
        "notes": c.notes,
    }
    return json.dumps(out, indent=1) + "\n"
