"""The `openssl speed` view of a run: live stderr lines and the final stdout report."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from pyspeed.algos.cases import Selection
from pyspeed.model import Case, Listener, Record, Result, Run
from pyspeed.results.statistics import CaseStats, case_stats
from pyspeed.views.openssl_progress import end_line, start_line
from pyspeed.views.openssl_tables import PkeyRow, SymRow, mr_records, pkey_tables, sym_table


class OpensslListener(Listener):
    """Writes the "Doing ..." (or `+DT`/`+R`) lines as the run goes, flushed per test;
    engine messages and what an engine cannot run go to stderr too, as openssl's do.
    Under -multi (`forks` set) it writes `Forked child N` there as each worker starts."""

    ELAPSED_NOTICE = "You have chosen to measure elapsed time instead of user CPU time."

    def __init__(self, err: TextIO, *, mr: bool, elapsed: bool,
                 forks: TextIO | None = None, notice: str | None = None,
                 dialect: str = "3.0") -> None:
        self.err = err
        self.dialect = dialect
        self.mr = mr
        self.elapsed = elapsed
        self.forks = forks
        self.notice = notice  # said once the engines are set up, as openssl does
        self._modelled_told: set[tuple[str, str]] = set()

    def _say_notice(self) -> None:
        if self.notice is not None:
            self.err.write(self.notice + "\n")
            self.notice = None

    def message(self, text: str) -> None:
        self.err.write(text + "\n")
        self.err.flush()

    def worker_started(self, index: int) -> None:
        if self.forks is not None:
            self.forks.write(f"Forked child {index}\n")
            self.forks.flush()

    def started(self, case: Case, worker: int = 0) -> None:
        self._say_notice()
        self.err.write(start_line(case, self.mr, self.dialect))
        self.err.flush()

    def finished(self, result: Result) -> None:
        self.err.write(end_line(result.case, result.measurement, self.elapsed, self.mr,
                                  self.dialect))
        if result.measurement.modelled and not self.mr:
            key = (result.engine, result.implementation)
            if key not in self._modelled_told:  # once per engine and profile
                self._modelled_told.add(key)
                self.err.write(f"pyspeed: engine {result.engine}: modelled numbers, not "
                               f"measured on this host: {result.implementation}\n")
        self.err.flush()

    def unsupported(self, engine: str, name: str, reason: str) -> None:
        self._say_notice()
        self.err.write(f"pyspeed: engine {engine} cannot run {name}: {reason}\n")
        self.err.flush()


def table_rates(records: list[Record], elapsed: bool,
                stats: Sequence[CaseStats] | None = None) -> dict[str, float]:
    """Per case key, the rate openssl's tables print: the median of the samples (one
    sample without --repeat), read from pyspeed.results.statistics (`stats`: already
    computed for exactly these records). A case with no sample prints as openssl prints
    a failed test: 0 after an error, inf when no time passed to divide by."""
    out: dict[str, float] = {}
    for s in case_stats(records, elapsed) if stats is None else stats:
        if s.n:
            out[s.case] = s.median
        else:
            mine = [r for r in records if r.case == s.case and r.engine == s.engine]
            out[s.case] = 0.0 if any(r.error for r in mine) else float("inf")
    return out


def table_rows(selection: Selection, run: Run, records: list[Record], engine: str,
               elapsed: bool, stats: Sequence[CaseStats] | None = None
               ) -> tuple[list[SymRow], list[PkeyRow]]:
    rates = table_rates(records, elapsed, stats)
    unsupported = run.unsupported.get(engine, {})
    dropped = set(run.dropped.get(engine, []))
    # the default matrix leaves out the rows the engine cannot run, as openssl leaves out
    # what it cannot fetch; a row named on the command line prints, as zeros if need be
    sym_rows = [SymRow(a, [rates.get(a.case_key(s), 0.0) for s in selection.sizes])
                for a in selection.sym if selection.explicit or a.label not in unsupported]
    pkey_rows = []
    for a in selection.pkey:
        if a.name in unsupported or a.name in dropped:
            continue
        got = {op: rates[f"{a.name}/{op}"] for op in selection.ops(a)
               if f"{a.name}/{op}" in rates}
        if got:
            pkey_rows.append(PkeyRow(a, got))
    return sym_rows, pkey_rows


def final_report(selection: Selection, run: Run, *, mr: bool, header: list[str],
                 engine: str | None = None, worker: int | None = None,
                 stats: Sequence[CaseStats] | None = None) -> list[str]:
    """The stdout of `openssl speed` after all tests: header, symmetric table, pkey tables,
    for one engine (the run's first) and, under -multi, one worker's records. `stats`:
    the run's `run_stats`, for a caller that has them (all workers: not with `worker`)."""
    engine = engine or (run.engine_ids() or [""])[0]
    records = [r for r in run.records
               if r.engine == engine and (worker is None or r.worker == worker)]
    mine = None if stats is None or worker is not None else [
        s for s in stats if s.engine == engine]
    sym_rows, pkey_rows = table_rows(selection, run, records, engine, run.elapsed, mine)
    if mr:
        return mr_records(sym_rows, selection.sizes, pkey_rows, dialect=selection.dialect)
    lines = list(header)
    if sym_rows:
        lines.extend(sym_table(sym_rows, selection.sizes))
    lines.extend(pkey_tables(pkey_rows, selection.dialect))
    return lines
