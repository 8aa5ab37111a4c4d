"""`pyspeed sweep`: which -async_jobs and -multi to use, measured and tested.

Runs every combination of the given engines, `-async_jobs` values and `-multi` values
(plus the synchronous single-process baseline, `-multi 1 -async_jobs 0`) through
pyspeed.measure, `--repeat` rounds over the whole grid (interleaved: drift cannot pass
for a difference between settings), and prints per case: the median throughput
with its interval (wall-clock: what an offload engine delivers), speedup and efficiency
against the baseline, CPU seconds per operation (all workers, as `pyspeed speed`), and
the smallest setting the regression gate cannot tell from the best
(pyspeed.results.sweep_choice). `--save FILE` keeps the whole grid as one results
document (each record carries its setting): `pyspeed plot FILE --kind sweep` draws it.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import TYPE_CHECKING, TextIO

from pyspeed.algos.cases import select
from pyspeed.commands.openssl_args import PYSPEED_SECTION, Opt, OptTable, parse
from pyspeed.commands.speed_args import check_history_options
from pyspeed.errors import EXIT_OK, PyspeedError, UsageError, report
from pyspeed.model import Case, Listener, Run

if TYPE_CHECKING:
    from pyspeed.runner.measure import MeasureOptions

SWEEP_OPTS = OptTable(
    prog="sweep",
    usage="[options] [algorithm...]",
    opts=(
        Opt("help", "-", "Display this summary"),
        Opt("engine", "val", "Engine to sweep (repeatable; default: software)", repeat=True),
        Opt("async_jobs", "val", "Comma-separated -async_jobs values, 0 synchronous (default 0)"),
        Opt("multi", "val", "Comma-separated -multi values (default 1)"),
        Opt("seconds", "+int", "Seconds per test at each setting (default 1)"),
        Opt("bytes", "+int", "Block size for symmetric tests (default 16384)"),
        Opt("evp", "val", "Use EVP-named cipher or digest"),
        Opt("config", "val", "Engine configuration file (default: $OPENSSL_CONF)",
            PYSPEED_SECTION),
        Opt("-repeat", "+int", "Repetitions of each test at each setting (default 5)",
            PYSPEED_SECTION),
        Opt("-save", "val", "Also save the grid as one results document (JSON)",
            PYSPEED_SECTION),
        Opt("-history", "val",
            "Append the grid to this history (a path or a postgresql:// URL)",
            PYSPEED_SECTION),
        Opt("-machine", "val", "Label this machine in results and history ($PYSPEED_MACHINE)",
            PYSPEED_SECTION),
    ),
    trailer=("", "Parameters:", " algorithm           Algorithm(s) to sweep"),
)

MAX_POINTS = 256  # settings one sweep may measure
DEFAULT_REPEAT = 5  # the fewest with which the gate's test can reach p < 0.01


def _ints(prog: str, name: str, text: str | None, default: int, least: int) -> list[int]:
    if text is None:
        return [default]
    try:
        values = [int(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise UsageError(f'{prog}: Can\'t parse "{text}" as a list of numbers', prog=prog) from None
    if not values or min(values) < least or any(not v.isascii() for v in text.split(",")):
        what = "positive" if least else "0 or more"
        raise UsageError(f'{prog}: -{name} values must be {what}: "{text}"', prog=prog)
    return sorted(set(values))


def sweep_main(argv: list[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run `pyspeed sweep ARGV`."""
    from pyspeed.runner.measure import MeasureOptions

    out, err = out or sys.stdout, err or sys.stderr
    try:
        values, words = parse(SWEEP_OPTS, argv)
        if values.get("help"):
            err.write(SWEEP_OPTS.help_text())
            return EXIT_OK
        jobs = _ints("sweep", "async_jobs", values.get("async_jobs"), 0, 0)  # type: ignore[arg-type]
        multis = _ints("sweep", "multi", values.get("multi"), 1, 1)  # type: ignore[arg-type]
        engines = list(values.get("engine", [])) or ["software"]  # type: ignore[call-overload]
        base = MeasureOptions(seconds=values.get("seconds", 1),  # type: ignore[arg-type]
                              bytes=values.get("bytes", 16384),  # type: ignore[arg-type]
                              evp=values.get("evp"),  # type: ignore[arg-type]
                              config=values.get("config"),  # type: ignore[arg-type]
                              repeat=values.get("-repeat", DEFAULT_REPEAT))  # type: ignore[arg-type]
        save = values.get("-save")
        if save is not None and not str(save).strip():
            raise UsageError("sweep: --save needs a file name", prog="sweep", usage_hint=False)
        history, machine = values.get("-history"), values.get("-machine")
        check_history_options("sweep", history, machine)  # type: ignore[arg-type]
        select(list(words), base.select_options())
        return run_sweep(list(words), engines, multis, jobs, base, out, err,
                         save=str(save) if save else None,
                         history=str(history) if history is not None else None,
                         machine=str(machine) if machine is not None else None)
    except PyspeedError as exc:
        return report(exc, err)


def run_sweep(words: list[str], engines: list[str], multis: list[int], jobs: list[int],
              base: MeasureOptions, out: TextIO, err: TextIO, *, save: str | None = None,
              history: str | None = None, machine: str | None = None) -> int:
    """Measure the grid (with each engine's baseline), print the table and the answers,
    keep the grid if asked."""
    from tabulate import tabulate

    from pyspeed.results.sweep_choice import choose, sweep_stats
    from pyspeed.results.verdicts import GateSettings
    from pyspeed.runner.measure import measure
    from pyspeed.views import sweep_table

    grid = sorted({(max(m, 1), j) for m in multis for j in jobs} | {sweep_table.BASELINE},
                  key=lambda s: (s[0] * max(s[1], 1), s))
    if len(engines) * len(grid) > MAX_POINTS:
        raise UsageError(f"sweep: {len(engines) * len(grid)} settings; at most {MAX_POINTS}",
                         prog="sweep", usage_hint=False)
    runs: list[Run] = []
    records = []
    progress = _Progress(err, len(engines) * len(grid) * base.repeat)
    # repetition by repetition over every setting: machine drift hits every setting alike,
    # so it cannot pass for a difference between them
    for repeat in range(base.repeat):
        for engine in engines:
            for multi, job in grid:
                progress.setting(engine, multi, job)
                options = replace(base, multi=multi if multi > 1 else 0, async_jobs=job,
                                  elapsed=True, repeat=1)
                run = measure(words, [engine], options=options, listener=progress)
                runs.append(run)
                records += [replace(r, repeat=repeat) for r in run.records]
    progress.done()
    stats = sweep_stats(records)
    gate = GateSettings()
    answers = []
    for case, engine in dict.fromkeys((c, e) for c, e, _ in stats):
        choice = choose(case, engine, {s: st for (c, e, s), st in stats.items()
                                       if (c, e) == (case, engine)}, gate)
        if choice is not None:
            answers.append(sweep_table.answer(choice))
    out.write(tabulate(sweep_table.rows(stats), headers=sweep_table.HEADERS,
                       disable_numparse=True,
                       colalign=("left", "left", *("right",) * (len(sweep_table.HEADERS) - 2))))
    notes = sweep_table.notes(base.repeat, gate.threshold, gate.alpha)
    out.write("\n\n" + "".join(a + "\n" for a in answers) + "\n" + "\n".join(notes) + "\n")
    out.flush()
    if save or history is not None:
        return _save(runs, records, save, err, history, machine)
    return EXIT_OK


def _save(runs: list[Run], records: list, path: str | None, err: TextIO,  # type: ignore[type-arg]
          history: str | None, machine: str | None) -> int:
    from pyspeed.commands.persist import keep
    from pyspeed.commands.speed import label_machine
    from pyspeed.errors import EXIT_WRITE_FAILED

    whole = replace(runs[0], records=records,
                    engines=list({e.id: e for run in runs for e in run.engines}.values()),
                    complete=all(r.complete for r in runs),
                    interrupted=any(r.interrupted for r in runs),
                    options={**runs[0].options, "sweep": True})
    label_machine(whole, machine)
    return EXIT_OK if keep(whole, path, None, err, history=history) else EXIT_WRITE_FAILED


class _Progress(Listener):
    """On a terminal: which setting and which test, and how far the sweep is."""

    def __init__(self, err: TextIO, total: int) -> None:
        self.err = err
        self.tty = err.isatty()
        self.total = total
        self.count = 0
        self.where = ""

    def setting(self, engine: str, multi: int, jobs: int) -> None:
        self.count += 1
        self.where = f"sweep {self.count}/{self.total}: {engine} -multi {multi} -async_jobs {jobs}"
        self._show(self.where)

    def started(self, case: Case, worker: int = 0) -> None:
        self._show(f"{self.where}: {case.key}")

    def _show(self, text: str) -> None:
        if self.tty:
            self.err.write(f"\r\x1b[K{text}")
            self.err.flush()

    def done(self) -> None:
        self._show("")
