"""`pyspeed sweep`: the grid, the baseline, scaling figures and the recommended setting."""

from __future__ import annotations

import io
import re

from pyspeed.commands.sweep import run_sweep, sweep_main
from pyspeed.runner.measure import MeasureOptions


def test_sweep_grid_with_baseline_and_recommendation() -> None:
    out, err = io.StringIO(), io.StringIO()
    rc = run_sweep(["sha1"], ["software"], [1, 2], [2], MeasureOptions(seconds=0.05, bytes=64),
                   out, err)
    assert rc == 0 and err.getvalue() == ""
    table, _, answers = out.getvalue().partition("\n\n")
    lines = answers.splitlines()
    rows = [line.split() for line in table.splitlines() if line.startswith("sha1/64")]
    # the single-job single-process baseline is always measured, then the grid
    assert [(r[2], r[3]) for r in rows] == [("1", "1"), ("1", "2"), ("2", "2")]
    assert rows[0][5:7] == ["1.00", "1.00"]  # baseline: speedup 1, efficiency 1
    for r in rows:
        assert float(r[4].replace(",", "")) > 0 and float(r[7]) > 0  # ops/s, CPU s/op
    (answer,) = [line for line in lines if line.startswith("sha1/64 on software: best ")]
    assert re.search(r"95% of it from -multi [12] -async_jobs [12]$", answer)


def test_sweep_bad_lists_are_usage_errors() -> None:
    for bad in (["-async_jobs", "1,x"], ["-multi", "0"]):
        out, err = io.StringIO(), io.StringIO()
        assert sweep_main([*bad, "sha1"], out, err) == 1
        assert err.getvalue().startswith("sweep: ") and out.getvalue() == ""
