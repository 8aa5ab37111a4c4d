"""One run, one set of numbers: every view and export of a document shows the same median
and 95% interval per case and engine, and counts the same failed repetition.

The document has what made views disagree before: repetitions whose rates vary, one
repetition in which a -multi worker failed, two workers per repetition and two engines.
The expected numbers are worked out here by hand (sum the workers, leave the failed
repetition out, order statistics), not by pyspeed.results.statistics.
"""

from __future__ import annotations

import csv
import io
import json
import statistics
from dataclasses import replace
from pathlib import Path

import pytest

from pyspeed.algos.cases import SelectOptions, select
from pyspeed.model import EngineInfo, Record, Run
from pyspeed.pytest_plugin import measured_case
from pyspeed.results import history as history_store
from pyspeed.results.document import from_dict
from pyspeed.results.gate import compare
from pyspeed.results.sweep_choice import sweep_stats
from pyspeed.results.verdicts import GateSettings
from pyspeed.views import formats
from pyspeed.views.benchjson import to_pytest_benchmark
from pyspeed.views.openssl_run import final_report
from pyspeed.views.pyspeed_tables import render

REPS = 10
FAILED_REP = 4
CASES = {"rsa2048/sign": 0, "sha256/1024": 1024}  # case -> bytes per operation
ENGINES = ("software", "devcrypto")


def _count(case: str, engine: str, rep: int, worker: int) -> int:
    base = 1000 if case.startswith("rsa") else 50_000
    return base + 37 * ((rep * 7 + worker * 3 + len(engine)) % 11) + 5 * worker


def _record(case: str, engine: str, rep: int, worker: int) -> Record:
    algo, detail = case.split("/")
    sym = detail.isdigit()
    failed = engine == "software" and rep == FAILED_REP and worker == 1
    return Record(
        case=case, family="sym" if sym else "rsa", algorithm=algo,
        operation="digest" if sym else detail, size=int(detail) if sym else 0,
        bits=0 if sym else 2048, engine=engine, served_by=engine,
        implementation=f"{engine} 1.0", modelled=False, repeat=rep, worker=worker,
        seconds=1.0, count=0 if failed else _count(case, engine, rep, worker),
        wall=0.5 if failed else 1.0 + 0.01 * worker, user=0.9, sys=0.1,
        error="device error" if failed else None)


def _run(records: list[Record], started: str = "2026-11-01T10:00:00+00:00") -> Run:
    return Run(records=records, engines=[EngineInfo(e, e) for e in ENGINES],
               options={"elapsed": True, "multi": 2, "words": ["rsa2048", "sha256"],
                        "bytes": 1024},
               command=["pyspeed", "speed"], started=started, run_id=started,
               pyspeed="test", machine_info={"fingerprint": "f" * 16, "cpu": "test"})


@pytest.fixture(scope="module")
def run() -> Run:
    return _run([_record(c, e, r, w) for r in range(REPS) for c in CASES for e in ENGINES
                 for w in (0, 1)])


def _expected(case: str, engine: str) -> tuple[float, float, float, int]:
    """Median, CI low, CI high and failures, by hand: workers summed per repetition, the
    failed repetition left out; 9 samples give the interval [x(2), x(8)]."""
    per_op = CASES[case] or 1
    rates = []
    failed = 0
    for rep in range(REPS):
        if engine == "software" and rep == FAILED_REP:
            failed += 1
            continue
        rates.append(sum(_count(case, engine, rep, w) * per_op / (1.0 + 0.01 * w)
                         for w in (0, 1)))
    xs = sorted(rates)
    if len(xs) == 9:
        return statistics.median(xs), xs[1], xs[7], failed
    assert len(xs) == 10  # [x(2), x(9)]
    return statistics.median(xs), xs[1], xs[8], failed


PAIRS = [(c, e) for c in CASES for e in ENGINES]


@pytest.mark.parametrize(("case", "engine"), PAIRS)
def test_statistics_module_matches_the_hand_computation(run: Run, case: str, engine: str
                                                        ) -> None:
    from pyspeed.results.statistics import run_stats

    (s,) = [s for s in run_stats(run) if (s.case, s.engine) == (case, engine)]
    assert (s.median, s.ci_low, s.ci_high, s.failed) == pytest.approx(_expected(case, engine))


@pytest.mark.parametrize(("case", "engine"), PAIRS)
def test_every_view_and_export_shows_the_same_numbers(run: Run, case: str, engine: str,
                                                      tmp_path: Path) -> None:
    med, lo, hi, failed = _expected(case, engine)
    unit = "bytes/s" if CASES[case] else "ops/s"
    # pyspeed's CSV: exact floats, the failure counted
    (row,) = [r for r in csv.DictReader(io.StringIO(render(run, "csv")))
              if (r["case"], r["engine"]) == (case, engine)]
    assert (float(row["median"]), float(row["ci_low"]), float(row["ci_high"]),
            int(row["failed"])) == pytest.approx((med, lo, hi, failed))
    # pyspeed's table and Markdown: the same median and ± as the shared formatting
    half = 100 * max(med - lo, hi - med) / med
    for fmt in ("table", "markdown"):
        text = render(run, fmt)
        line = next(ln for ln in text.splitlines() if ln.lstrip("| ").startswith(case))
        assert formats.rate(med, unit) in line and formats.plus_minus(half) in line
        assert (f"failed: {case} on {engine}: 1 of {REPS}" in text) == bool(failed)
    # JSON: the document itself, read back
    again = from_dict(json.loads(render(run, "json")))
    assert measured_case(again, case, engine).median == pytest.approx(med)
    # openssl's table (one engine): the median, at openssl's precision
    sel = select(["rsa2048", "sha256"], SelectOptions(bytes=1024))
    lines = final_report(sel, run, mr=False, header=[], engine=engine)
    if CASES[case]:
        (cell,) = [ln.split()[1] for ln in lines if ln.startswith("sha256 ")]
        assert cell == f"{med / 1000:.2f}k"
    else:
        (cells,) = [ln.split() for ln in lines if ln.startswith("rsa 2048")]
        assert float(cells[-2]) == round(med, 1)
    # the gate: both sides' samples
    verdict = next(c for c in compare(run, run, GateSettings()).cases
                   if (c.case, c.engine) == (case, engine))
    assert (verdict.new.median, verdict.new.ci_low, verdict.new.ci_high,
            verdict.new.failed) == pytest.approx((med, lo, hi, failed))
    # the history store
    db = str(tmp_path / "h.sqlite")
    history_store.append(run, db)
    (point,) = history_store.query([case], db, engine)
    assert (point.median, point.ci_low, point.ci_high) == pytest.approx((med, lo, hi))
    # the pytest-benchmark file and the pytest plugin
    bench = next(b for b in to_pytest_benchmark(run)["benchmarks"]
                 if b["name"] == f"{case}[{engine}]")["extra_info"]
    assert (bench["rate_median"], bench["rate_ci_low"], bench["rate_ci_high"],
            bench["failed_repetitions"]) == pytest.approx((med, lo, hi, failed))
    plugin = measured_case(run, case, engine)
    assert (plugin.median, plugin.ci_low, plugin.ci_high, plugin.failed) == pytest.approx(
        (med, lo, hi, failed))
    # sweep: its table (one engine per setting) and its plot points
    sweep = sweep_stats(run.records)[(case, engine, (1, 0))]  # -multi 2 recorded per run
    assert (sweep.median, sweep.ci_low, sweep.ci_high) == pytest.approx((med, lo, hi))
    pytest.importorskip("matplotlib")
    from pyspeed.views.plots import _summary
    from pyspeed.views.plots_sweep import _points

    for frame in (_summary(run), _points([run])):
        (r,) = [r for _, r in frame.iterrows() if (r["case"], r["engine"]) == (case, engine)]
        assert (r["median"], r["ci_low"], r["ci_high"]) == pytest.approx((med, lo, hi))


def test_plot_colours_are_the_gates_verdicts(run: Run) -> None:
    """The compare figure's bars are coloured by `pyspeed compare`'s verdict, not by the
    sign of the change: a 20% slowdown is red, a change inside the noise grey."""
    pytest.importorskip("matplotlib")
    from matplotlib.colors import to_hex

    from pyspeed.views.plots import NEUTRAL, VERDICT_COLOURS, compare_figure

    def slower(r: Record) -> Record:
        return replace(r, count=int(r.count * 0.8)) if r.case == "rsa2048/sign" else r

    new = _run([slower(r) for r in run.records], started="2026-11-02T10:00:00+00:00")
    verdicts = compare(run, new, GateSettings()).cases
    fig = compare_figure(run, new)
    bars = [p for p in fig.axes[0].patches]
    assert len(bars) == len(verdicts)
    shown = [to_hex(b.get_facecolor()) for b in bars]
    expected = [VERDICT_COLOURS.get(v.verdict, NEUTRAL) for v in verdicts]
    assert shown == expected
    assert {v.verdict for v in verdicts if v.case == "rsa2048/sign"} == {"regression"}
    assert "#d62728" in shown and NEUTRAL in shown
