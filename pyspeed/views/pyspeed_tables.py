"""pyspeed's own views of a run: medians with confidence intervals, engines side by side
with speedups, CPU cost per operation, and who served each case (table, Markdown, CSV,
JSON). Every number comes from pyspeed.results.statistics."""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

from pyspeed.algos.wire import Wire, wire
from pyspeed.model import Run
from pyspeed.results.document import to_dict
from pyspeed.results.statistics import CaseStats, divisor_text, failure_notes, run_stats
from pyspeed.views import formats

FORMATS = ("table", "markdown", "csv", "json")

CSV_COLUMNS = ("case", "family", "algorithm", "operation", "size", "engine", "served_by",
               "modelled", "unit", "median", "ci_low", "ci_high", "repeats", "failed",
               "cpu_per_op", "public_key_bytes", "output_bytes")

# classical and post-quantum side by side: key exchange in one table, signatures (and
# RSA) in another, so that ECDH meets ML-KEM and Ed25519 meets ML-DSA
_BLOCKS = {"sym": "symmetric (bytes/s)", "ecdh": "key exchange", "ffdh": "key exchange",
           "kem": "key exchange", "rsa": "signatures and RSA", "dsa": "signatures and RSA",
           "ecdsa": "signatures and RSA", "eddsa": "signatures and RSA",
           "sm2": "signatures and RSA", "sig": "signatures and RSA"}


def _wire(s: CaseStats) -> Wire | None:
    return wire(s.family, s.algorithm, s.bits, s.operation)


def csv_row(s: CaseStats) -> dict[str, Any]:
    w = _wire(s)
    return {"case": s.case, "family": s.family, "algorithm": s.algorithm,
            "operation": s.operation, "size": s.size, "engine": s.engine,
            "served_by": s.served_by, "modelled": s.modelled, "unit": s.unit,
            "median": _num(s.median), "ci_low": _num(s.ci_low), "ci_high": _num(s.ci_high),
            "repeats": s.n, "failed": s.failed, "cpu_per_op": _num(s.cpu_per_op),
            "public_key_bytes": w.public_key if w else "", "output_bytes": w.output if w else ""}


def _num(x: float) -> float | str:
    return "" if math.isnan(x) else x


def comparison_rows(stats: list[CaseStats], engines: list[str]
                    ) -> tuple[list[str], list[list[str]]]:
    """Engines side by side: per case, each engine's median (±CI), speedup against the
    first engine, CPU seconds per operation, and who served it; public-key cases also say
    what they put on the wire."""
    pkey = any(_wire(s) for s in stats)
    headers = ["case"]
    for i, e in enumerate(engines):
        headers += [e, "±95%"] + ([] if i == 0 else [f"x {engines[0]}"]) + ["CPU s/op",
                                                                           "served by"]
    by_case: dict[str, dict[str, CaseStats]] = {}
    for s in stats:
        by_case.setdefault(s.case, {})[s.engine] = s
    rows = []
    for case, by_engine in by_case.items():
        base = by_engine.get(engines[0])
        row = [case]
        for i, e in enumerate(engines):
            s = by_engine.get(e)
            if s is None:
                row += ["-", ""] + ([] if i == 0 else ["-"]) + ["-", "-"]
                continue
            shown = formats.rate(s.median, s.unit) if s.n else "failed"
            row += [shown + (" (modelled)" if s.modelled else ""), formats.plus_minus(s.half_width)]
            if i:
                ok = base is not None and base.n and s.n and base.median > 0
                row.append(f"{s.median / base.median:.2f}" if ok else "-")  # type: ignore[union-attr]
            row += ["-" if math.isnan(s.cpu_per_op) else f"{s.cpu_per_op:.3g}", s.served_by]
        if pkey:
            w = _wire(next(iter(by_engine.values())))
            row.append(w.text() if w else "-")
        rows.append(row)
    return headers + (["bytes on the wire"] if pkey else []), rows


def render(run: Run, fmt: str) -> str:
    """The run in one of pyspeed's formats: table, markdown, csv, json."""
    if fmt == "json":
        return json.dumps(to_dict(run), indent=1) + "\n"
    stats = run_stats(run)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
        w.writeheader()
        for s in stats:
            w.writerow(csv_row(s))
        return buf.getvalue()
    if not stats:
        return ""
    from tabulate import tabulate

    tablefmt = "github" if fmt == "markdown" else "simple"
    engines = list(dict.fromkeys(s.engine for s in stats))
    blocks = []
    titles = list(dict.fromkeys(_BLOCKS.get(s.family, s.family) for s in stats))
    for title in titles:
        mine = [s for s in stats if _BLOCKS.get(s.family, s.family) == title]
        headers, rows = comparison_rows(mine, engines)
        heading = f"### {title}" if fmt == "markdown" else title
        blocks.append(heading + "\n\n" + tabulate(rows, headers=headers, tablefmt=tablefmt,
                                                  disable_numparse=True))
    notes = _notes(run, stats)
    return "\n\n".join(blocks) + "\n" + ("\n" + "\n".join(notes) + "\n" if notes else "")


def _notes(run: Run, stats: list[CaseStats]) -> list[str]:
    most = max(s.n for s in stats)
    notes = [f"rates: median of {most} repetition(s), {divisor_text(run.elapsed)} as "
             "divisor, summed over workers"]
    notes += failure_notes(stats)
    for e in run.engines:
        if e.modelled:
            notes.append(f"{e.id}: modelled numbers ({e.provenance or 'engine model'})")
    if not run.complete:
        notes.append("partial: the run was interrupted or a worker failed; these are the "
                     "tests that completed")
    return notes
