"""pyspeed's own views of a results document: medians with confidence intervals, engines
side by side with speedups, CPU cost per operation, and who served each case.

Statistics: each repetition's rate is the sum over workers; a case's value is the
median over repetitions with a distribution-free 95% confidence interval of the median
(order statistics of the binomial, as benchstat and asv do); with fewer than 6
repetitions the interval is the whole range.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

CONFIDENCE = 0.95


def median_ci(values: list[float], confidence: float = CONFIDENCE) -> tuple[float, float, float]:
    """Median and the order-statistic confidence interval of the median."""
    xs = sorted(values)
    n = len(xs)
    if n == 0:
        return (math.nan, math.nan, math.nan)
    mid = n // 2
    med = xs[mid] if n % 2 else (xs[mid - 1] + xs[mid]) / 2
    alpha = (1 - confidence) / 2
    # largest k with P(Binomial(n, 1/2) < k) <= alpha: the interval is [x_k, x_(n-k+1)]
    cdf, k = 0.0, 0
    while True:
        nxt = cdf + math.comb(n, k) / 2**n
        if nxt > alpha:
            break
        cdf, k = nxt, k + 1
    if k == 0:
        return (med, xs[0], xs[-1])
    return (med, xs[k - 1], xs[n - k])


def summarize(df: pd.DataFrame) -> pd.DataFrame:
    """One row per (case, engine), in run order: median rate, CI, repetitions, CPU/op."""
    import pandas as pd

    rows: list[dict[str, Any]] = []
    for (case, engine), records in df.groupby(["case", "engine"], sort=False):
        per_repeat = records.groupby("repeat", sort=False).agg(
            rate=("rate", "sum"), count=("count", "sum"), cpu=("cpu", "sum"))
        first = records.iloc[0]
        med, lo, hi = median_ci(per_repeat["rate"].tolist())
        ops = int(per_repeat["count"].sum())
        rows.append({
            "case": case, "family": first["family"], "algorithm": first["algorithm"],
            "operation": first["operation"], "size": int(first["size"]), "engine": engine,
            "served_by": ",".join(dict.fromkeys(records["served_by"])),
            "modelled": bool(records["modelled"].any()),
            "unit": "bytes/s" if first["size"] else "ops/s",
            "median": med, "ci_low": lo, "ci_high": hi, "repeats": len(per_repeat),
            "cpu_per_op": per_repeat["cpu"].sum() / ops if ops else math.nan,
        })
    return pd.DataFrame(rows)


def _fmt_rate(value: float, unit: str) -> str:
    if math.isnan(value):
        return "-"
    if unit == "bytes/s":
        return f"{value / 1e6:,.1f} MB/s"
    return f"{value:,.1f}/s"


def _fmt_ci(row: Any) -> str:
    if row["repeats"] < 2 or not row["median"]:
        return ""
    half = max(row["median"] - row["ci_low"], row["ci_high"] - row["median"])
    return f"±{100 * half / row['median']:.1f}%"


def comparison_rows(summary: pd.DataFrame, engines: list[str] | None = None
                    ) -> tuple[list[str], list[list[str]]]:
    """Engines side by side: per case, each engine's median (±CI), speedup against the
    first engine, CPU seconds per operation, and who served it."""
    engines = engines or list(dict.fromkeys(summary["engine"]))
    headers = ["case"]
    for i, e in enumerate(engines):
        headers += [e, "±95%"] + ([] if i == 0 else [f"x {engines[0]}"]) + ["CPU s/op",
                                                                           "served by"]
    rows = []
    for case, grp in summary.groupby("case", sort=False):
        by_engine = {r["engine"]: r for _, r in grp.iterrows()}
        base = by_engine.get(engines[0])
        row = [case]
        for i, e in enumerate(engines):
            r = by_engine.get(e)
            if r is None:
                row += ["-", ""] + ([] if i == 0 else ["-"]) + ["-", "-"]
                continue
            rate = _fmt_rate(r["median"], r["unit"]) + (" (modelled)" if r["modelled"] else "")
            row += [rate, _fmt_ci(r)]
            if i:
                ok = base is not None and base["median"]
                row.append(f"{r['median'] / base['median']:.2f}" if ok else "-")
            row += [f"{r['cpu_per_op']:.3g}", r["served_by"]]
        rows.append(row)
    return headers, rows


def render(doc: dict[str, Any], fmt: str) -> str:
    """The document in one of pyspeed's formats: table, markdown, csv, json."""
    import json

    if fmt == "json":
        return json.dumps(doc, indent=1) + "\n"
    from tabulate import tabulate

    from pyspeed.report.results import to_frame

    summary = summarize(to_frame(doc))
    if fmt == "csv":
        return str(summary.to_csv(index=False))
    tablefmt = "github" if fmt == "markdown" else "simple"
    blocks = []
    for family, part in summary.groupby("family", sort=False):
        headers, rows = comparison_rows(part, engines=list(dict.fromkeys(summary["engine"])))
        title = _FAMILY_TITLES.get(str(family), str(family))
        heading = f"### {title}" if fmt == "markdown" else title
        blocks.append(heading + "\n\n" + tabulate(rows, headers=headers, tablefmt=tablefmt,
                                                  disable_numparse=True))
    notes = _notes(doc, summary)
    return "\n\n".join(blocks) + "\n" + ("\n" + "\n".join(notes) + "\n" if notes else "")


_FAMILY_TITLES = {"sym": "symmetric (bytes/s)", "rsa": "RSA", "dsa": "DSA", "ecdsa": "ECDSA",
                  "ecdh": "ECDH", "eddsa": "EdDSA", "sm2": "SM2", "ffdh": "FFDH"}


def _notes(doc: dict[str, Any], summary: pd.DataFrame) -> list[str]:
    opts = doc.get("options", {})
    notes = [f"rates: median of {int(summary['repeats'].max())} repetition(s), "
             + ("wall-clock time (-elapsed)" if opts.get("elapsed") else "user CPU time")
             + " as divisor, summed over workers"]
    for e in doc.get("engines", []):
        if e.get("modelled"):
            notes.append(f"{e['id']}: modelled numbers ({e.get('provenance', 'engine model')})")
    return notes
