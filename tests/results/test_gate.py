"""`pyspeed compare BASE NEW`: the regression gate on synthetic runs, and its exit codes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from pathlib import Path
from typing import Any

import pytest

from pyspeed.commands.compare import compare_main
from pyspeed.model import Record
from pyspeed.results.document import save
from pyspeed.results.gate import (
    EXIT_BAD_INPUT,
    EXIT_INCOMPARABLE,
    EXIT_PASS,
    EXIT_REGRESSION,
)
from pyspeed.results.statistics import min_samples as min_repeats
from pyspeed.results.verdicts import GateSettings as Settings

from support.documents import document

STARTED = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.timezone.utc)
N = 10  # repetitions per side


def _record(
    case: str,
    rate: float,
    repeat: int,
    *,
    modelled: bool = False,
    engine: str = "software",
    worker: int = 0,
    error: str | None = None,
) -> Record:
    word, _, op = case.partition("/")
    size = int(op) if op.isdigit() else 0
    count = 100_000
    return Record(
        case=case,
        family="sym" if size else "rsa",
        algorithm=word,
        operation="cipher" if size else op,
        size=size,
        bits=0 if size else 2048,
        engine=engine,
        served_by=engine,
        implementation="synthetic",
        modelled=modelled,
        repeat=repeat,
        worker=worker,
        seconds=1.0,
        count=count,
        wall=1.0,
        user=count * (size or 1) / rate,
        sys=0.0,
        error=error,
    )


def _rates(median: float, noise: float, seed: int, n: int = N) -> list[float]:
    """n rates with relative Gaussian noise, rescaled so their median is exactly `median`."""
    rng = random.Random(seed)
    xs = [1 + rng.gauss(0, noise) for _ in range(n)]
    s = sorted(xs)
    mid = s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
    return [median * x / mid for x in xs]


def _write(
    path: Path,
    cases: dict[str, list[float]],
    *,
    modelled: bool = False,
    engine: str = "software",
    fingerprint: str | None = None,
    edit: Any = None,
) -> str:
    reps = max(len(v) for v in cases.values())
    records = [
        _record(case, rates[r], r, modelled=modelled, engine=engine)
        for r in range(reps)
        for case, rates in cases.items()
        if r < len(rates)
    ]
    doc = document(
        records,
        command=["pyspeed", "speed"],
        options={"elapsed": False},
        engines=[{"id": engine, "name": "", "modelled": modelled}],
        started=STARTED,
    )
    if fingerprint is not None:
        doc["machine_info"]["fingerprint"] = fingerprint
    if edit is not None:
        edit(doc)
    save(doc, str(path))
    return str(path)


def _compare(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    rc = compare_main(list(args), out, err)
    return rc, out.getvalue(), err.getvalue()


def _json(*args: str) -> tuple[int, dict[str, Any]]:
    rc, out, err = _compare(*args, "--format", "json")
    assert err == ""
    return rc, json.loads(out)


def _verdicts(doc: dict[str, Any]) -> dict[str, str]:
    return {c["case"]: c["verdict"] for c in doc["cases"]}


def _one_line(err: str) -> str:
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err.strip()


# --- the gate on synthetic data ---------------------------------------------------------


def test_injected_10_percent_slowdown_with_small_noise_fails(tmp_path: Path) -> None:
    base = _write(tmp_path / "base.json", {"rsa2048/sign": _rates(1000, 0.005, 1)})
    new = _write(tmp_path / "new.json", {"rsa2048/sign": _rates(900, 0.005, 2)})
    rc, out, err = _compare(base, new)
    assert (rc, err) == (EXIT_REGRESSION, "")
    row = next(line for line in out.splitlines() if line.startswith("rsa2048/sign"))
    assert "-10.00% (p=0.000 n=10+10)" in row and "REGRESSION" in row
    assert out.rstrip().splitlines()[-1].startswith("REGRESSION: 1 of 1 case(s)")
    rc, doc = _json(base, new)
    (case,) = doc["cases"]
    assert case["change_pct"] == pytest.approx(-10.0)
    assert case["p_value"] < 0.001 and (case["base_n"], case["new_n"]) == (N, N)
    assert (case["verdict"], doc["verdict"], doc["exit_code"]) == ("regression", "regression", 1)


def test_pure_noise_of_3_percent_with_the_same_medians_passes(tmp_path: Path) -> None:
    base = _write(tmp_path / "base.json", {"sha256/16": _rates(5e8, 0.03, 3)})
    new = _write(tmp_path / "new.json", {"sha256/16": _rates(5e8, 0.03, 4)})
    rc, out, _ = _compare(base, new)
    assert rc == EXIT_PASS
    row = next(line for line in out.splitlines() if line.startswith("sha256/16"))
    assert "500.0 MB/s" in row and "~ (p=" in row and "n=10+10)" in row
    assert out.rstrip().splitlines()[-1] == "no regression: 1 case(s) compared"
    _, doc = _json(base, new)
    assert doc["cases"][0]["change_pct"] == pytest.approx(0.0, abs=1e-9)
    assert doc["cases"][0]["verdict"] == "insignificant"


def test_significant_2_percent_change_passes_under_the_5_percent_threshold(tmp_path: Path) -> None:
    base = _write(tmp_path / "base.json", {"aes-128-cbc/16": _rates(3e8, 0.002, 5)})
    new = _write(tmp_path / "new.json", {"aes-128-cbc/16": _rates(2.94e8, 0.002, 6)})
    rc, doc = _json(base, new)
    assert rc == EXIT_PASS
    (case,) = doc["cases"]
    assert case["p_value"] < 0.01  # significant ...
    assert case["change_pct"] == pytest.approx(-2.0)
    assert case["verdict"] == "within_threshold"  # ... but not a regression
    # the same change gates when the threshold is lower than it
    rc, doc = _json(base, new, "--threshold", "1.5")
    assert (rc, _verdicts(doc)) == (EXIT_REGRESSION, {"aes-128-cbc/16": "regression"})


def test_improvement_is_flagged_and_does_not_fail(tmp_path: Path) -> None:
    base = _write(tmp_path / "base.json", {"ecdsap256/sign": _rates(1000, 0.005, 7)})
    new = _write(tmp_path / "new.json", {"ecdsap256/sign": _rates(1200, 0.005, 8)})
    rc, out, _ = _compare(base, new)
    assert rc == EXIT_PASS and "+20.00% (p=0.000 n=10+10)" in out and "improvement" in out
    assert "1 faster beyond the threshold" in out


def test_noise_floor_holds_back_a_change_inside_the_noise(tmp_path: Path) -> None:
    base = _write(tmp_path / "base.json", {"rsa2048/sign": _rates(1000, 0.005, 1)})
    new = _write(tmp_path / "new.json", {"rsa2048/sign": _rates(900, 0.005, 2)})
    rc, doc = _json(base, new, "--noise-floor", "12%")
    assert (rc, _verdicts(doc)) == (EXIT_PASS, {"rsa2048/sign": "below_noise"})
    assert doc["cases"][0]["noise_floor_pct"] == 12


def test_too_few_repetitions_are_never_a_regression(tmp_path: Path) -> None:
    assert [min_repeats(a) for a in (0.05, 0.01, 0.001)] == [4, 5, 7]
    base = _write(tmp_path / "base.json", {"rsa2048/sign": _rates(1000, 0.005, 1, n=3)})
    new = _write(tmp_path / "new.json", {"rsa2048/sign": _rates(800, 0.005, 2, n=3)})
    rc, out, _ = _compare(base, new)
    assert rc == EXIT_PASS
    assert "~ (p=0.100 n=3+3)" in out and "too few runs (need 5+5)" in out
    assert "5 repetitions per side are needed (--repeat 5)" in out
    # alpha 0.05 can be reached with 4 per side, not with 3
    rc, out, _ = _compare(base, new, "--alpha", "0.05")
    assert rc == EXIT_PASS and "need 4+4" in out


def test_per_case_threshold_override_exact_and_glob(tmp_path: Path) -> None:
    cases_base = {
        "rsa2048/sign": _rates(1000, 0.005, 1),
        "rsa2048/verify": _rates(1000, 0.005, 3),
        "aes-128-cbc/16": _rates(3e8, 0.005, 5),
    }
    cases_new = {
        "rsa2048/sign": _rates(900, 0.005, 2),
        "rsa2048/verify": _rates(900, 0.005, 4),
        "aes-128-cbc/16": _rates(2.7e8, 0.005, 6),
    }
    base = _write(tmp_path / "base.json", cases_base)
    new = _write(tmp_path / "new.json", cases_new)
    rc, doc = _json(base, new)
    assert rc == EXIT_REGRESSION and set(_verdicts(doc).values()) == {"regression"}
    # a glob loosens both rsa cases; the exact key beats the glob for rsa2048/verify
    rc, doc = _json(
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
    assert _verdicts(doc) == {
        "rsa2048/sign": "within_threshold",
        "rsa2048/verify": "regression",
        "aes-128-cbc/16": "within_threshold",
    }
    rc, doc = _json(base, new, "--threshold-for", "rsa*=15", "--threshold-for", "aes-*/16=12")
    assert (rc, _verdicts(doc)) == (EXIT_PASS, {c: "within_threshold" for c in cases_base})
    rc, doc = _json(base, new, "--threshold-for", "rsa2048/sign=15")
    assert rc == EXIT_REGRESSION
    assert _verdicts(doc) == {
        "rsa2048/sign": "within_threshold",
        "rsa2048/verify": "regression",
        "aes-128-cbc/16": "regression",
    }
    # a pattern that matches nothing is a warning, not silence
    _, out, _ = _compare(base, new, "--threshold-for", "rsa1024/sign=50")
    assert "warning: --threshold-for rsa1024/sign matched no case" in out


def test_settings_threshold_lookup_order() -> None:
    s = Settings(threshold=5, overrides=(("rsa*", 15), ("rsa2048/sign", 8), ("*/sign", 20)))
    assert s.threshold_for("rsa2048/sign") == (8, "rsa2048/sign")
    assert s.threshold_for("rsa4096/sign") == (15, "rsa*")
    assert s.threshold_for("ecdsap256/sign") == (20, "*/sign")
    assert s.threshold_for("sha1/16") == (5, None)


def test_modelled_results_gate_on_the_threshold_without_a_test(tmp_path: Path) -> None:
    base = _write(
        tmp_path / "base.json",
        {"rsa2048/sign": [1000.0], "sha1/64": [2e8]},
        modelled=True,
        engine="qat",
    )
    new = _write(
        tmp_path / "new.json",
        {"rsa2048/sign": [900.0], "sha1/64": [1.94e8]},
        modelled=True,
        engine="qat",
    )
    rc, out, _ = _compare(base, new)
    assert rc == EXIT_REGRESSION  # one repetition each: no test could ever say so
    row = next(line for line in out.splitlines() if line.startswith("rsa2048/sign"))
    assert "-10.00% (modelled n=1+1)" in row and "REGRESSION" in row
    assert "-3.00% (modelled n=1+1)" in out and "within 5% threshold" in out
    assert "modelled results are deterministic" in out
    _, doc = _json(base, new)
    assert [c["p_value"] for c in doc["cases"]] == [None, None]
    assert all(c["modelled"] for c in doc["cases"])


def test_newly_failing_case_gates(tmp_path: Path) -> None:
    base = _write(tmp_path / "base.json", {"rsa2048/sign": _rates(1000, 0.005, 1)})

    def fail(doc: dict[str, Any]) -> None:
        for rec in doc["results"]:
            rec["error"] = "ValueError: engine said no"

    new = _write(tmp_path / "new.json", {"rsa2048/sign": _rates(1000, 0.005, 2)}, edit=fail)
    rc, out, _ = _compare(base, new)
    assert rc == EXIT_REGRESSION and "FAILING in NEW" in out
    assert "engine said no" in out
    rc, out, _ = _compare(new, base)
    assert rc == EXIT_PASS and "fixed (failed in BASE)" in out


def test_workers_are_summed_per_repetition(tmp_path: Path) -> None:
    def split(doc: dict[str, Any]) -> None:  # every repetition run by two workers
        halves = []
        for rec in doc["results"]:
            a, b = dict(rec, worker=0), dict(rec, worker=1)
            a["user"] = b["user"] = rec["user"] * 2  # each worker: half the rate
            halves += [a, b]
        doc["results"] = halves

    base = _write(tmp_path / "base.json", {"rsa2048/sign": _rates(1000, 0.005, 1)}, edit=split)
    new = _write(tmp_path / "new.json", {"rsa2048/sign": _rates(900, 0.005, 2)})
    _, doc = _json(base, new)
    assert doc["cases"][0]["base_median"] == pytest.approx(1000)
    assert doc["cases"][0]["base_n"] == N


# --- views -------------------------------------------------------------------------------


def _pair(tmp_path: Path) -> tuple[str, str]:
    base = _write(
        tmp_path / "base.json",
        {"rsa2048/sign": _rates(1000, 0.005, 1), "sha256/16": _rates(5e8, 0.005, 3)},
    )
    new = _write(
        tmp_path / "new.json",
        {"rsa2048/sign": _rates(900, 0.005, 2), "sha256/16": _rates(5.5e8, 0.005, 4)},
    )
    return base, new


def test_geomean_row_of_the_ratios(tmp_path: Path) -> None:
    base, new = _pair(tmp_path)
    expected = 100 * ((0.9 * 1.1) ** 0.5 - 1)  # -0.50%
    rc, out, _ = _compare(base, new)
    assert rc == EXIT_REGRESSION
    (geo,) = [line for line in out.splitlines() if line.startswith("geomean")]
    assert f"{expected:+.2f}%" == "-0.50%" and "-0.50%" in geo
    _, doc = _json(base, new)
    assert doc["geomean_change_pct"] == pytest.approx(expected)
    _, out, _ = _compare(base, new, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["case"] for r in rows] == ["rsa2048/sign", "sha256/16", "geomean"]
    assert float(rows[-1]["change_pct"]) == pytest.approx(expected)
    assert rows[0]["verdict"] == "regression" and rows[0]["base_n"] == "10"


def test_markdown_for_a_job_summary_has_the_verdict_heading(tmp_path: Path) -> None:
    base, new = _pair(tmp_path)
    rc, out, _ = _compare(base, new, "--format", "markdown")
    assert rc == EXIT_REGRESSION
    lines = out.splitlines()
    assert lines[0] == (
        "### pyspeed compare — REGRESSION: 1 of 2 case(s) slower beyond the threshold"
    )
    assert "| case " in out and "|---" in out.replace("-|-", "---")
    assert any(line.startswith("| geomean") for line in lines)
    assert any(line.startswith("- regression: p < 0.01") for line in lines)
    rc, out, _ = _compare(base, base, "--format=markdown")
    assert rc == EXIT_PASS
    assert out.splitlines()[0] == "### pyspeed compare — no regression: 2 case(s) compared"


def test_options_may_come_first_and_help(tmp_path: Path) -> None:
    base, new = _pair(tmp_path)
    assert _compare("--threshold", "20", base, new)[0] == EXIT_PASS
    assert _compare("-threshold=20", "--", base, new)[0] == EXIT_PASS
    rc, out, err = _compare("--help")
    assert (rc, err) == (0, "") and out.startswith("Usage: pyspeed compare") and "Exit codes" in out


# --- bad input: one line, the documented exit code ---------------------------------------


def test_fingerprint_mismatch_is_incomparable_unless_forced(tmp_path: Path) -> None:
    base = _write(
        tmp_path / "base.json",
        {"rsa2048/sign": _rates(1000, 0.005, 1)},
        fingerprint="0000000000000000",
    )
    new = _write(
        tmp_path / "new.json",
        {"rsa2048/sign": _rates(900, 0.005, 2)},
        fingerprint="1111111111111111",
    )
    rc, out, err = _compare(base, new)
    assert (rc, out) == (EXIT_INCOMPARABLE, "")
    assert (
        "different machine fingerprints (0000000000000000 vs 1111111111111111)" in _one_line(err)
        and "--force" in err
    )
    rc, out, err = _compare(base, new, "--force")
    assert (rc, err) == (EXIT_REGRESSION, "")
    assert "warning: different machine fingerprints" in out


def test_different_rate_divisors_are_incomparable_unless_forced(tmp_path: Path) -> None:
    base = _write(tmp_path / "base.json", {"rsa2048/sign": _rates(1000, 0.005, 1)})
    new = _write(
        tmp_path / "new.json",
        {"rsa2048/sign": _rates(1000, 0.005, 2)},
        edit=lambda d: d["options"].update(elapsed=True),
    )
    rc, _, err = _compare(base, new)
    assert rc == EXIT_INCOMPARABLE and "different divisors" in _one_line(err)
    assert _compare(base, new, "--force")[0] == EXIT_PASS


def test_no_case_in_common_is_incomparable(tmp_path: Path) -> None:
    base = _write(tmp_path / "base.json", {"rsa2048/sign": _rates(1000, 0.005, 1)})
    new = _write(tmp_path / "new.json", {"sha1/16": _rates(1e8, 0.005, 2)})
    rc, out, err = _compare(base, new)
    assert (rc, out) == (EXIT_INCOMPARABLE, "")
    assert _one_line(err) == "compare: no case in common (BASE has 1 case(s), NEW has 1)"
    other = _write(tmp_path / "qat.json", {"rsa2048/sign": _rates(1000, 0.005, 1)}, engine="qat")
    rc, _, err = _compare(base, other)
    assert rc == EXIT_INCOMPARABLE and "different engines (BASE: software; NEW: qat)" in err


def test_cases_in_one_run_only_are_listed(tmp_path: Path) -> None:
    base = _write(
        tmp_path / "base.json",
        {"rsa2048/sign": _rates(1000, 0.005, 1), "dsa2048/sign": _rates(1000, 0.005, 3)},
    )
    new = _write(tmp_path / "new.json", {"rsa2048/sign": _rates(1000, 0.005, 2)})
    rc, out, _ = _compare(base, new)
    assert rc == EXIT_PASS and "only in BASE (not compared): dsa2048/sign (software)" in out


def test_missing_base_is_3_missing_new_is_2(tmp_path: Path) -> None:
    new = _write(tmp_path / "new.json", {"rsa2048/sign": _rates(1000, 0.005, 1)})
    nowhere = str(tmp_path / "nowhere.json")
    rc, out, err = _compare(nowhere, new)
    assert (rc, out) == (EXIT_INCOMPARABLE, "")
    assert _one_line(err) == f"compare: baseline missing: {nowhere}: no such file"
    rc, _, err = _compare(new, nowhere)
    assert rc == EXIT_BAD_INPUT and "no such results file" in _one_line(err)
    assert _compare(nowhere, nowhere)[0] == EXIT_BAD_INPUT  # NEW is the job's own output


def test_truncated_json_is_2(tmp_path: Path) -> None:
    base, new = _pair(tmp_path)
    text = Path(base).read_text()
    Path(base).write_text(text[: len(text) // 2])
    rc, out, err = _compare(base, new)
    assert (rc, out) == (EXIT_BAD_INPUT, "")
    assert "not a complete JSON document" in _one_line(err)


def test_hand_edited_values_are_2(tmp_path: Path) -> None:
    base, _ = _pair(tmp_path)
    new = _write(
        tmp_path / "edited.json",
        {"rsa2048/sign": _rates(1000, 0.005, 1)},
        edit=lambda d: d["results"][0].update(size="big"),
    )
    rc, _, err = _compare(base, new)
    assert rc == EXIT_BAD_INPUT and _one_line(err).startswith("compare: NEW: invalid results")
    broken = _write(
        tmp_path / "broken.json",
        {"rsa2048/sign": _rates(1000, 0.005, 1)},
        edit=lambda d: d["results"][0].update(count=-1),
    )
    rc, _, err = _compare(base, broken)
    assert rc == EXIT_BAD_INPUT and "invalid counters" in _one_line(err)


def test_newer_schema_is_2(tmp_path: Path) -> None:
    base, _ = _pair(tmp_path)
    new = _write(
        tmp_path / "future.json",
        {"rsa2048/sign": _rates(1000, 0.005, 1)},
        edit=lambda d: d.update(version=99),
    )
    rc, _, err = _compare(base, new)
    assert rc == EXIT_BAD_INPUT and "schema version 99 is newer" in _one_line(err)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xml"], "compare: unknown format 'xml' (one of table, markdown, csv, json)"),
        (["--frobnicate"], "compare: No such option: --frobnicate (Possible options: --force, "
                           "--format) (see pyspeed compare --help)"),
        (["--alpha", "2"], "compare: --alpha must be between 0 and 1 (exclusive): 2.0"),
        (["--threshold", "-5"], "compare: --threshold: must be a percentage >= 0: '-5'"),
        (["--threshold-for", "rsa2048"], "compare: --threshold-for wants CASE=PCT, got 'rsa2048'"),
        (["--force=yes"],
         "compare: Option '--force' does not take a value. (see pyspeed compare --help)"),
        (["--format"],
         "compare: Option '--format' requires an argument. (see pyspeed compare --help)"),
    ],
)
def test_usage_errors_are_2(tmp_path: Path, args: list[str], message: str) -> None:
    base, new = _pair(tmp_path)
    rc, out, err = _compare(base, new, *args)
    assert (rc, out, _one_line(err)) == (EXIT_BAD_INPUT, "", message)


def test_not_two_files_is_2(tmp_path: Path) -> None:
    base, _ = _pair(tmp_path)
    rc, _, err = _compare(base)
    assert rc == EXIT_BAD_INPUT
    assert _one_line(err) == (
        "compare: expected two files, BASE and NEW, got 1 (see pyspeed compare --help)"
    )


def test_failed_repetitions_are_left_out_and_said_so(tmp_path: Path) -> None:
    def fail_one(doc: dict[str, Any]) -> None:
        doc["results"][0]["error"] = "RuntimeError: device busy"

    base = _write(tmp_path / "base.json", {"rsa2048/sign": _rates(1000, 0.005, 1)}, edit=fail_one)
    new = _write(tmp_path / "new.json", {"rsa2048/sign": _rates(900, 0.005, 2)})
    rc, doc = _json(base, new)
    (case,) = doc["cases"]
    assert (rc, case["base_n"], case["new_n"]) == (EXIT_REGRESSION, N - 1, N)
    note = "failed repetitions (not samples): rsa2048/sign (software) BASE 1"
    assert note in doc["notes"]


def test_a_real_saved_run_compares_with_itself(tmp_path: Path) -> None:
    from support.runs import run_speed

    path = str(tmp_path / "run.json")
    args = ["--repeat", "3", "--save", path, "-bytes", "64", "sha1", "rsa512"]
    assert run_speed(args, io.StringIO(), io.StringIO(), seconds=0.02) == 0
    rc, out, err = _compare(path, path)
    assert (rc, err) == (EXIT_PASS, "")
    assert [line.split()[0] for line in out.splitlines()[5:9]] == [
        "sha1/64",
        "rsa512/sign",
        "rsa512/verify",
        "geomean",
    ]
    assert "too few runs (need 5+5)" in out  # 3 repetitions can never reach p < 0.01
