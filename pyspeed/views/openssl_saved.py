"""openssl's tables of a saved run: the selection the run was made with, rebuilt from
its saved options, so that `pyspeed report --format openssl` and the dashboard's page of
a run print the rows and columns `openssl speed` printed then."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from pyspeed.algos.cases import Selection, SelectOptions, select
from pyspeed.model import Run
from pyspeed.results.statistics import CaseStats
from pyspeed.views.openssl_run import final_report


def saved_selection(run: Run) -> Selection:
    """The run's selection, narrowed to the symmetric rows it measured."""
    opts = run.options
    sel = select(list(opts.get("words") or []), SelectOptions(
        evp=opts.get("evp"), hmac=opts.get("hmac"), cmac=opts.get("cmac"),
        decrypt=bool(opts.get("decrypt", False)), aead=bool(opts.get("aead", False)),
        bytes=opts.get("bytes"), dialect=opts.get("dialect") or "3.0",
        kem_algorithms=bool(opts.get("kem_algorithms")),
        signature_algorithms=bool(opts.get("signature_algorithms"))))
    measured = {r.case for r in run.records}
    return replace(sel, sym=tuple(a for a in sel.sym
                                  if any(a.case_key(s) in measured for s in sel.sizes)))


def saved_report(run: Run, engine: str | None = None, selection: Selection | None = None,
                 stats: Sequence[CaseStats] | None = None) -> str:
    """openssl's tables from the medians of one engine of a saved run (the first if
    none is named), in the layout the run was made with (`-mr` records if it was);
    `selection` and `stats` (the run's `run_stats`) when the caller has them already."""
    sel = selection if selection is not None else saved_selection(run)
    lines = final_report(sel, run, mr=bool(run.options.get("mr")), header=[], engine=engine,
                         stats=stats)
    return "".join(line + "\n" for line in lines)
