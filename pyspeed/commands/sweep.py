"""`pyspeed sweep`: which -async_jobs and -multi to use, measured.

Runs every combination of the given engines, `-async_jobs` values and `-multi` values
(plus the single-job, single-process baseline), each through exactly the machinery of
`pyspeed speed`, and prints per case: throughput (wall-clock: what an offload engine
delivers), speedup and scaling efficiency against the baseline, CPU seconds per
operation (all workers), and the smallest setting that reaches 95% of the best.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TextIO

from pyspeed.algos.cases import select
from pyspeed.commands.openssl_args import PYSPEED_SECTION, Opt, OptTable, parse
from pyspeed.errors import EXIT_OK, PyspeedError, UsageError, report

if TYPE_CHECKING:
    from pyspeed.model import Run
    from pyspeed.runner.measure import MeasureOptions

SWEEP_OPTS = OptTable(
    prog="sweep",
    usage="[options] [algorithm...]",
    opts=(
        Opt("help", "-", "Display this summary"),
        Opt("engine", "val", "Engine to sweep (repeatable; default: software)", repeat=True),
        Opt("async_jobs", "val", "Comma-separated -async_jobs values (default 1)"),
        Opt("multi", "val", "Comma-separated -multi values (default 1)"),
        Opt("seconds", "+int", "Seconds per test at each setting"),
        Opt("bytes", "+int", "Block size for symmetric tests (default 16384)"),
        Opt("evp", "val", "Use EVP-named cipher or digest"),
        Opt("config", "val", "Engine configuration file (default: $OPENSSL_CONF)",
            PYSPEED_SECTION),
    ),
    trailer=("", "Parameters:", " algorithm           Algorithm(s) to sweep"),
)

TARGET = 0.95
MAX_POINTS = 256  # settings one sweep may measure


@dataclass(frozen=True)
class SweepSetting:
    engine: str
    multi: int
    jobs: int

    @property
    def cost(self) -> tuple[int, int, int]:
        return (max(self.multi, 1) * max(self.jobs, 1), self.multi, self.jobs)


@dataclass
class Cell:
    ops: int = 0
    rate: float = 0.0  # summed over workers, per wall-clock second
    cpu: float = 0.0  # user + sys seconds, all workers
    modelled: bool = False


def _ints(prog: str, name: str, text: str | None) -> list[int]:
    if text is None:
        return [1]
    try:
        values = [int(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise UsageError(f'{prog}: Can\'t parse "{text}" as a list of numbers', prog=prog) from None
    if not values or min(values) < 1:
        raise UsageError(f'{prog}: -{name} values must be positive: "{text}"', prog=prog)
    return sorted(set(values))


def measure_point(words: list[str], point: SweepSetting, base: MeasureOptions
                  ) -> dict[str, Cell]:
    """One setting of the grid, measured by pyspeed.measure: per case, the throughput
    summed over workers per wall-clock second (pyspeed.results.statistics)."""
    from pyspeed.runner.measure import measure

    options = replace(base, multi=point.multi if point.multi > 1 else 0,
                      async_jobs=point.jobs, elapsed=True)
    return cells_of(measure(words, [point.engine], options=options))


def cells_of(run: Run) -> dict[str, Cell]:
    """Per case: the median wall-clock throughput (summed over workers), all operations
    and all CPU seconds of its samples, from pyspeed.results.statistics."""
    from pyspeed.results.statistics import case_stats

    cells: dict[str, Cell] = {}
    for s in case_stats(run.records, elapsed=True):
        cells[s.case] = Cell(ops=sum(s.counts), rate=s.median if s.n else 0.0,
                             cpu=sum(s.cpu), modelled=s.modelled)
    return cells


def sweep_main(argv: list[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run `pyspeed sweep ARGV`."""
    from pyspeed.runner.measure import MeasureOptions

    out, err = out or sys.stdout, err or sys.stderr
    try:
        values, words = parse(SWEEP_OPTS, argv)
        if values.get("help"):
            err.write(SWEEP_OPTS.help_text())
            return EXIT_OK
        jobs = _ints("sweep", "async_jobs", values.get("async_jobs"))  # type: ignore[arg-type]
        multis = _ints("sweep", "multi", values.get("multi"))  # type: ignore[arg-type]
        engines = list(values.get("engine", [])) or ["software"]  # type: ignore[call-overload]
        base = MeasureOptions(seconds=values.get("seconds"),  # type: ignore[arg-type]
                              bytes=values.get("bytes", 16384),  # type: ignore[arg-type]
                              evp=values.get("evp"),  # type: ignore[arg-type]
                              config=values.get("config"))  # type: ignore[arg-type]
        select(list(words), base.select_options())
        return run_sweep(list(words), engines, multis, jobs, base, out, err)
    except PyspeedError as exc:
        return report(exc, err)


def run_sweep(words: list[str], engines: list[str], multis: list[int], jobs: list[int],
              base: MeasureOptions, out: TextIO, err: TextIO) -> int:
    """Measure the grid (plus each engine's single-job, single-process baseline) and
    print the table and the answers."""
    from tabulate import tabulate

    if len(engines) * len(multis) * len(jobs) > MAX_POINTS:
        raise UsageError(f"sweep: {len(engines) * len(multis) * len(jobs)} settings; at most "
                         f"{MAX_POINTS}", prog="sweep", usage_hint=False)
    points = [SweepSetting(e, m, j) for e in engines for m in multis for j in jobs]
    results: dict[SweepSetting, dict[str, Cell]] = {}
    for e in engines:
        baseline = SweepSetting(e, 1, 1)
        todo = [p for p in points if p.engine == e]
        for p in ([baseline] if baseline not in todo else []) + todo:
            if err.isatty():  # progress only on a terminal
                err.write(f"\r\x1b[Ksweep: {e} -multi {p.multi} -async_jobs {p.jobs}")
                err.flush()
            results[p] = measure_point(words, p, base)
        if err.isatty():
            err.write("\r\x1b[K")

    rows, answers = [], []
    for key in sorted({k for cells in results.values() for k in cells}, key=_case_order(results)):
        for e in engines:
            base_cell = results[SweepSetting(e, 1, 1)].get(key)
            mine = [(p, results[p][key]) for p in results if p.engine == e and key in results[p]]
            if not mine:
                continue
            best = max(c.rate for _, c in mine)
            for p, c in mine:
                speedup = c.rate / base_cell.rate if base_cell and base_cell.rate \
                    else float("nan")
                rows.append([key, e + (" (modelled)" if c.modelled else ""), p.multi, p.jobs,
                             f"{c.rate:,.1f}", f"{speedup:.2f}",
                             f"{speedup / (p.multi * p.jobs):.2f}",
                             f"{c.cpu / c.ops:.3g}" if c.ops else "-"])
            enough = min((p for p, c in mine if c.rate >= TARGET * best), key=lambda p: p.cost)
            best_p = max(mine, key=lambda pc: pc[1].rate)[0]
            answers.append(f"{key} on {e}: best {best:,.1f} ops/s at -multi {best_p.multi} "
                           f"-async_jobs {best_p.jobs}; {TARGET:.0%} of it from -multi "
                           f"{enough.multi} -async_jobs {enough.jobs}")
    out.write(tabulate(rows, headers=["case", "engine", "multi", "async_jobs", "ops/s (wall)",
                                      "speedup", "efficiency", "CPU s/op"],
                       disable_numparse=True, colalign=("left", "left", "right", "right",
                                                        "right", "right", "right", "right")))
    out.write("\n\n" + "".join(a + "\n" for a in answers))
    return EXIT_OK


def _case_order(results: dict[SweepSetting, dict[str, Cell]]):  # type: ignore[no-untyped-def]
    order: dict[str, int] = {}
    for cells in results.values():
        for key in cells:
            order.setdefault(key, len(order))
    return lambda key: order[key]
