"""The trend of saved runs (`pyspeed history`): a table per case and engine, CSV, JSON."""

from __future__ import annotations

import json

from pyspeed.results.history.trend import TrendPoint
from pyspeed.results.statistics import relative_half_width
from pyspeed.views import formats

FORMATS = ("table", "csv", "json")


def _ci(p: TrendPoint) -> str:
    if p.median is None or p.ci_low is None or p.ci_high is None:
        return ""
    return formats.plus_minus(relative_half_width(p.median, p.ci_low, p.ci_high,
                                                  p.repeats or 0))


def _change(p: TrendPoint) -> str:
    if p.change is None:
        return "new machine" if p.new_machine else ""
    return f"{p.change:+.1f}%" + (" ~" if p.overlap else "")


def _commit(p: TrendPoint) -> str:
    if not p.commit:
        return "-"
    return p.commit[:10] + ("+" if p.dirty else "")


def render(points: list[TrendPoint], fmt: str) -> str:
    """The trend as a table (one block per case and engine), CSV or JSON."""
    if fmt == "json":
        return json.dumps([p.as_dict() for p in points], indent=1) + "\n"
    if fmt == "csv":
        import csv
        import io

        buf = io.StringIO()
        fields = list(points[0].as_dict()) if points else []
        w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        for p in points:
            w.writerow({k: "" if v is None else v for k, v in p.as_dict().items()})
        return buf.getvalue()
    from tabulate import tabulate

    headers = ["time (UTC)", "commit", "machine", "case", "engine", "median", "±95%", "change"]
    rows = []
    for p in points:
        when = (p.started or "").replace("T", " ")[:16]
        median = formats.rate(p.median, p.unit) + (" (modelled)" if p.modelled else "")
        rows.append(
            [
                when,
                _commit(p),
                p.machine or (p.fingerprint or "-")[:8],  # the label, if it was given
                p.case,
                p.engine,
                median,
                _ci(p),
                _change(p),
            ]
        )
    text = tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True)
    notes = ["change: against the previous run of the case and engine on the same machine"]
    if any(p.overlap for p in points):
        notes.append("~: the two 95% intervals overlap (likely noise)")
    return text + "\n\n" + "\n".join(notes) + "\n"
