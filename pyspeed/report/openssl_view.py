"""The `openssl speed` view of a run: live stderr lines and the final stdout report."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TextIO

from pyspeed.algos.cases import Case, Selection, SymCase
from pyspeed.report.openssl_progress import end_line, start_line
from pyspeed.report.openssl_tables import PkeyRow, SymRow, mr_records, pkey_tables, sym_table
from pyspeed.report.results import record_from
from pyspeed.runner.measurement import Result
from pyspeed.runner.session import Outcome


class OpensslListener:
    """Writes the "Doing ..." (or `+DT`/`+R`) lines as the run goes, flushed per test."""

    def __init__(self, err: TextIO, *, mr: bool, elapsed: bool, engine_id: str,
                 status: TextIO | None = None) -> None:
        self.err = err
        self.mr = mr
        self.elapsed = elapsed
        self.engine_id = engine_id
        self.status = status  # a -multi worker's status pipe to its parent
        self._modelled_told: set[tuple[str, str]] = set()

    def started(self, case: Case) -> None:
        if self.status is not None:
            self.status.write(f"start {case.key} {case.seconds}\n")
        self.err.write(start_line(case, self.mr))
        self.err.flush()

    def finished(self, result: Result) -> None:
        self.err.write(end_line(result.case, result.measurement, self.elapsed, self.mr))
        if result.measurement.modelled and not self.mr:
            key = (result.engine, result.implementation)
            if key not in self._modelled_told:  # once per engine and profile
                self._modelled_told.add(key)
                self.err.write(f"pyspeed: engine {result.engine}: modelled numbers, not "
                               f"measured on this host: {result.implementation}\n")
        self.err.flush()
        if self.status is not None:
            self.status.write(f"end {json.dumps(asdict(record_from(result)))}\n")

    def unsupported(self, name: str, reason: str) -> None:
        self.err.write(f"pyspeed: engine {self.engine_id} cannot run {name}: {reason}\n")
        self.err.flush()


def rates(outcome: Outcome, elapsed: bool) -> tuple[dict[tuple[int, int], float],
                                                    dict[tuple[str, str], float]]:
    """Per (index, size) bytes/s and per (word, op) ops/s, by openssl's divisor rule; with
    --repeat, the median over repetitions."""
    from statistics import median

    sym: dict[tuple[int, int], list[float]] = {}
    pkey: dict[tuple[str, str], list[float]] = {}
    for r in outcome.results:
        m = r.measurement
        t = m.time(elapsed)
        per_op = r.case.size if isinstance(r.case, SymCase) else 1
        rate = 0.0 if m.error is not None else (m.count * per_op / t if t > 0 else float("inf"))
        if isinstance(r.case, SymCase):
            sym.setdefault((r.case.algo.index, r.case.size), []).append(rate)
        else:
            pkey.setdefault((r.case.algo.word, r.case.op), []).append(rate)
    return ({k: median(v) for k, v in sym.items()}, {k: median(v) for k, v in pkey.items()})


def table_rows(
    selection: Selection, outcome: Outcome, elapsed: bool
) -> tuple[list[SymRow], list[PkeyRow]]:
    sym_rates, pkey_rates = rates(outcome, elapsed)
    sym_rows = [
        SymRow(a, [sym_rates.get((a.index, s), 0.0) for s in selection.sizes])
        for a in selection.sym
    ]
    pkey_rows = []
    for a in selection.pkey:
        if a.word in outcome.unsupported or a.word in outcome.dropped:
            continue
        got = {op: r for (word, op), r in pkey_rates.items() if word == a.word}
        if got:
            pkey_rows.append(PkeyRow(a, got))
    return sym_rows, pkey_rows


def final_report(
    selection: Selection,
    outcome: Outcome,
    *,
    elapsed: bool,
    mr: bool,
    header: list[str],
) -> list[str]:
    """The stdout of `openssl speed` after all tests: header, symmetric table, pkey tables."""
    sym_rows, pkey_rows = table_rows(selection, outcome, elapsed)
    if mr:
        return mr_records(sym_rows, selection.sizes, pkey_rows)
    lines = list(header)
    if sym_rows:
        lines.extend(sym_table(sym_rows, selection.sizes))
    lines.extend(pkey_tables(pkey_rows))
    return lines
