"""`pyspeed sweep`: the grid with its synchronous baseline, repetitions, the gate's
recommendation, and one saved document that the sweep plot draws."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from pyspeed.commands.sweep import run_sweep, sweep_main
from pyspeed.results.document import load
from pyspeed.runner.measure import MeasureOptions


def _rows(out: str) -> list[list[str]]:
    table = out.partition("\n\n")[0]
    return [re.split(r"\s{2,}", line.strip()) for line in table.splitlines()[2:]]


def test_noise_never_buys_jobs_and_the_baseline_is_synchronous() -> None:
    out, err = io.StringIO(), io.StringIO()
    rc = run_sweep(["sha1"], ["software"], [1], [4],
                   MeasureOptions(seconds=0.03, bytes=64, repeat=5), out, err)
    assert rc == 0 and err.getvalue() == ""
    rows = _rows(out.getvalue())
    assert [(r[2], r[3], r[6]) for r in rows] == [("1", "0", "5"), ("1", "4", "5")]
    assert rows[0][7:9] == ["1.00", "1.00"]  # the baseline: speedup 1, efficiency 1
    answer = next(ln for ln in out.getvalue().splitlines() if ln.startswith("sha1/64 on "))
    # the software engine is synchronous: -async_jobs 4 can only differ by noise
    assert "-multi 1 -async_jobs 0" in answer.split("; ")[-1] or "at -multi 1 -async_jobs 0" \
        in answer


def test_a_real_gain_is_recommended_and_cpu_per_op_matches_speed(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    save = tmp_path / "sweep.json"
    rc = run_sweep(["rsa2048"], ["qat"], [1], [0, 16],
                   MeasureOptions(seconds=0.2, repeat=2), out, err, save=str(save))
    assert rc == 0
    sign = [ln for ln in out.getvalue().splitlines() if ln.startswith("rsa2048/sign on qat")]
    assert sign and "best" in sign[0] and "-async_jobs 16" in sign[0]
    rows = {(r[2], r[3]): r for r in _rows(out.getvalue()) if r[0] == "rsa2048/sign"}
    # synchronous qat costs the submitting CPU per operation what `pyspeed speed` reports
    assert float(rows[("1", "0")][-1]) == pytest.approx(5.9e-4, rel=0.1)
    run = load(str(save))
    assert {(r.multi, r.async_jobs) for r in run.records} == {(0, 0), (0, 16)}
    pytest.importorskip("matplotlib")
    from pyspeed.commands.plot import plot_main

    assert plot_main([str(save), "--kind", "sweep", "-o", str(tmp_path / "s.png")],
                     io.StringIO(), io.StringIO()) == 0


def test_sweep_bad_lists_are_usage_errors() -> None:
    for bad in (["-async_jobs", "1,x"], ["-multi", "0"], ["-async_jobs", "-1"]):
        out, err = io.StringIO(), io.StringIO()
        assert sweep_main([*bad, "sha1"], out, err) == 1
        assert err.getvalue().startswith("sweep: ") and out.getvalue() == ""
