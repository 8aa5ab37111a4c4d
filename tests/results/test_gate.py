"""The regression gate (`pyspeed compare`) on synthetic runs: what counts as a
regression, an improvement, noise; thresholds, modelled results, failures, workers."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from pyspeed.results.gate import (
    EXIT_PASS,
    EXIT_REGRESSION,
)
from pyspeed.results.statistics import min_samples as min_repeats
from pyspeed.results.verdicts import GateSettings as Settings

from support.gate_runs import (
    N,
    compare_json,
    rates,
    run_compare,
    verdicts,
    write,
)

# --- the gate on synthetic data ---------------------------------------------------------


def test_injected_10_percent_slowdown_with_small_noise_fails(tmp_path: Path) -> None:
    base = write(tmp_path / "base.json", {"rsa2048/sign": rates(1000, 0.005, 1)})
    new = write(tmp_path / "new.json", {"rsa2048/sign": rates(900, 0.005, 2)})
    rc, out, err = run_compare(base, new)
    assert (rc, err) == (EXIT_REGRESSION, "")
    row = next(line for line in out.splitlines() if line.startswith("rsa2048/sign"))
    assert "-10.00% (p=0.000 n=10+10)" in row and "REGRESSION" in row
    assert out.rstrip().splitlines()[-1].startswith("REGRESSION: 1 of 1 case(s)")
    rc, doc = compare_json(base, new)
    (case,) = doc["cases"]
    assert case["change_pct"] == pytest.approx(-10.0)
    assert case["p_value"] < 0.001 and (case["base_n"], case["new_n"]) == (N, N)
    assert (case["verdict"], doc["verdict"], doc["exit_code"]) == ("regression", "regression", 1)


def test_pure_noise_of_3_percent_with_the_same_medians_passes(tmp_path: Path) -> None:
    base = write(tmp_path / "base.json", {"sha256/16": rates(5e8, 0.03, 3)})
    new = write(tmp_path / "new.json", {"sha256/16": rates(5e8, 0.03, 4)})
    rc, out, _ = run_compare(base, new)
    assert rc == EXIT_PASS
    row = next(line for line in out.splitlines() if line.startswith("sha256/16"))
    assert "500.0 MB/s" in row and "~ (p=" in row and "n=10+10)" in row
    assert out.rstrip().splitlines()[-1] == "no regression: 1 case(s) compared"
    _, doc = compare_json(base, new)
    assert doc["cases"][0]["change_pct"] == pytest.approx(0.0, abs=1e-9)
    assert doc["cases"][0]["verdict"] == "insignificant"


def test_significant_2_percent_change_passes_under_the_5_percent_threshold(tmp_path: Path) -> None:
    base = write(tmp_path / "base.json", {"aes-128-cbc/16": rates(3e8, 0.002, 5)})
    new = write(tmp_path / "new.json", {"aes-128-cbc/16": rates(2.94e8, 0.002, 6)})
    rc, doc = compare_json(base, new)
    assert rc == EXIT_PASS
    (case,) = doc["cases"]
    assert case["p_value"] < 0.01  # significant ...
    assert case["change_pct"] == pytest.approx(-2.0)
    assert case["verdict"] == "within_threshold"  # ... but not a regression
    # the same change gates when the threshold is lower than it
    rc, doc = compare_json(base, new, "--threshold", "1.5")
    assert (rc, verdicts(doc)) == (EXIT_REGRESSION, {"aes-128-cbc/16": "regression"})


def test_improvement_is_flagged_and_does_not_fail(tmp_path: Path) -> None:
    base = write(tmp_path / "base.json", {"ecdsap256/sign": rates(1000, 0.005, 7)})
    new = write(tmp_path / "new.json", {"ecdsap256/sign": rates(1200, 0.005, 8)})
    rc, out, _ = run_compare(base, new)
    assert rc == EXIT_PASS and "+20.00% (p=0.000 n=10+10)" in out and "improvement" in out
    assert "1 faster beyond the threshold" in out


def test_noise_floor_holds_back_a_change_inside_the_noise(tmp_path: Path) -> None:
    base = write(tmp_path / "base.json", {"rsa2048/sign": rates(1000, 0.005, 1)})
    new = write(tmp_path / "new.json", {"rsa2048/sign": rates(900, 0.005, 2)})
    rc, doc = compare_json(base, new, "--noise-floor", "12%")
    assert (rc, verdicts(doc)) == (EXIT_PASS, {"rsa2048/sign": "below_noise"})
    assert doc["cases"][0]["noise_floor_pct"] == 12


def test_too_few_repetitions_are_never_a_regression(tmp_path: Path) -> None:
    assert [min_repeats(a) for a in (0.05, 0.01, 0.001)] == [4, 5, 7]
    base = write(tmp_path / "base.json", {"rsa2048/sign": rates(1000, 0.005, 1, n=3)})
    new = write(tmp_path / "new.json", {"rsa2048/sign": rates(800, 0.005, 2, n=3)})
    rc, out, _ = run_compare(base, new)
    assert rc == EXIT_PASS
    assert "~ (p=0.100 n=3+3)" in out and "too few runs (need 5+5)" in out
    assert "5 repetitions per side are needed (--repeat 5)" in out
    # alpha 0.05 can be reached with 4 per side, not with 3
    rc, out, _ = run_compare(base, new, "--alpha", "0.05")
    assert rc == EXIT_PASS and "need 4+4" in out


def test_per_case_threshold_override_exact_and_glob(tmp_path: Path) -> None:
    cases_base = {
        "rsa2048/sign": rates(1000, 0.005, 1),
        "rsa2048/verify": rates(1000, 0.005, 3),
        "aes-128-cbc/16": rates(3e8, 0.005, 5),
    }
    cases_new = {
        "rsa2048/sign": rates(900, 0.005, 2),
        "rsa2048/verify": rates(900, 0.005, 4),
        "aes-128-cbc/16": rates(2.7e8, 0.005, 6),
    }
    base = write(tmp_path / "base.json", cases_base)
    new = write(tmp_path / "new.json", cases_new)
    rc, doc = compare_json(base, new)
    assert rc == EXIT_REGRESSION and set(verdicts(doc).values()) == {"regression"}
    # a glob loosens both rsa cases; the exact key beats the glob for rsa2048/verify
    rc, doc = compare_json(
        base,
        new,
        "--threshold-for",
        "rsa*=15",
        "--threshold-for=rsa2048/verify=8",
        "--threshold-for",
        "aes-*/16=12%",
    )
    thresholds = {c["case"]: c["threshold_pct"] for c in doc["cases"]}
    assert thresholds == {"rsa2048/sign": 15, "rsa2048/verify": 8, "aes-128-cbc/16": 12}
    assert rc == EXIT_REGRESSION
    assert verdicts(doc) == {
        "rsa2048/sign": "within_threshold",
        "rsa2048/verify": "regression",
        "aes-128-cbc/16": "within_threshold",
    }
    rc, doc = compare_json(base, new, "--threshold-for", "rsa*=15",
                           "--threshold-for", "aes-*/16=12")
    assert (rc, verdicts(doc)) == (EXIT_PASS, {c: "within_threshold" for c in cases_base})
    rc, doc = compare_json(base, new, "--threshold-for", "rsa2048/sign=15")
    assert rc == EXIT_REGRESSION
    assert verdicts(doc) == {
        "rsa2048/sign": "within_threshold",
        "rsa2048/verify": "regression",
        "aes-128-cbc/16": "regression",
    }
    # a pattern that matches nothing is a warning, not silence
    _, out, _ = run_compare(base, new, "--threshold-for", "rsa1024/sign=50")
    assert "warning: --threshold-for rsa1024/sign matched no case" in out


def test_settings_threshold_lookup_order() -> None:
    s = Settings(threshold=5, overrides=(("rsa*", 15), ("rsa2048/sign", 8), ("*/sign", 20)))
    assert s.threshold_for("rsa2048/sign") == (8, "rsa2048/sign")
    assert s.threshold_for("rsa4096/sign") == (15, "rsa*")
    assert s.threshold_for("ecdsap256/sign") == (20, "*/sign")
    assert s.threshold_for("sha1/16") == (5, None)


def test_modelled_results_gate_on_the_threshold_without_a_test(tmp_path: Path) -> None:
    base = write(
        tmp_path / "base.json",
        {"rsa2048/sign": [1000.0], "sha1/64": [2e8]},
        modelled=True,
        engine="qat",
    )
    new = write(
        tmp_path / "new.json",
        {"rsa2048/sign": [900.0], "sha1/64": [1.94e8]},
        modelled=True,
        engine="qat",
    )
    rc, out, _ = run_compare(base, new)
    assert rc == EXIT_REGRESSION  # one repetition each: no test could ever say so
    row = next(line for line in out.splitlines() if line.startswith("rsa2048/sign"))
    assert "-10.00% (modelled n=1+1)" in row and "REGRESSION" in row
    assert "-3.00% (modelled n=1+1)" in out and "within 5% threshold" in out
    assert "modelled results are deterministic" in out
    _, doc = compare_json(base, new)
    assert [c["p_value"] for c in doc["cases"]] == [None, None]
    assert all(c["modelled"] for c in doc["cases"])


def test_newly_failing_case_gates(tmp_path: Path) -> None:
    base = write(tmp_path / "base.json", {"rsa2048/sign": rates(1000, 0.005, 1)})

    def fail(doc: dict[str, Any]) -> None:
        for rec in doc["results"]:
            rec["error"] = "ValueError: engine said no"

    new = write(tmp_path / "new.json", {"rsa2048/sign": rates(1000, 0.005, 2)}, edit=fail)
    rc, out, _ = run_compare(base, new)
    assert rc == EXIT_REGRESSION and "FAILING in NEW" in out
    assert "engine said no" in out
    rc, out, _ = run_compare(new, base)
    assert rc == EXIT_PASS and "fixed (failed in BASE)" in out


def test_workers_are_summed_per_repetition(tmp_path: Path) -> None:
    def split(doc: dict[str, Any]) -> None:  # every repetition run by two workers
        halves = []
        for rec in doc["results"]:
            a, b = dict(rec, worker=0), dict(rec, worker=1)
            a["user"] = b["user"] = rec["user"] * 2  # each worker: half the rate
            halves += [a, b]
        doc["results"] = halves

    base = write(tmp_path / "base.json", {"rsa2048/sign": rates(1000, 0.005, 1)}, edit=split)
    new = write(tmp_path / "new.json", {"rsa2048/sign": rates(900, 0.005, 2)})
    _, doc = compare_json(base, new)
    assert doc["cases"][0]["base_median"] == pytest.approx(1000)
    assert doc["cases"][0]["base_n"] == N


def test_failed_repetitions_are_left_out_and_said_so(tmp_path: Path) -> None:
    def fail_one(doc: dict[str, Any]) -> None:
        doc["results"][0]["error"] = "RuntimeError: device busy"

    base = write(tmp_path / "base.json", {"rsa2048/sign": rates(1000, 0.005, 1)}, edit=fail_one)
    new = write(tmp_path / "new.json", {"rsa2048/sign": rates(900, 0.005, 2)})
    rc, doc = compare_json(base, new)
    (case,) = doc["cases"]
    assert (rc, case["base_n"], case["new_n"]) == (EXIT_REGRESSION, N - 1, N)
    note = "failed repetitions (not samples): rsa2048/sign (software) BASE 1"
    assert note in doc["notes"]


def test_a_real_saved_run_compares_with_itself(tmp_path: Path) -> None:
    from support.runs import run_speed

    path = str(tmp_path / "run.json")
    args = ["--repeat", "3", "--save", path, "-bytes", "64", "sha1", "rsa512"]
    assert run_speed(args, io.StringIO(), io.StringIO(), seconds=0.02) == 0
    rc, out, err = run_compare(path, path)
    assert (rc, err) == (EXIT_PASS, "")
    assert [line.split()[0] for line in out.splitlines()[5:9]] == [
        "sha1/64",
        "rsa512/sign",
        "rsa512/verify",
        "geomean",
    ]
    assert "too few runs (need 5+5)" in out  # 3 repetitions can never reach p < 0.01
