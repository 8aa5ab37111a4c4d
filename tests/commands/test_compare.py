"""`pyspeed compare BASE NEW`: its views and, for bad input, one line and the documented
exit code."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from pyspeed.results.gate import (
    EXIT_BAD_INPUT,
    EXIT_INCOMPARABLE,
    EXIT_PASS,
    EXIT_REGRESSION,
)

from support.gate_runs import (
    compare_json,
    one_line,
    pair,
    rates,
    run_compare,
    write,
)

# --- views -------------------------------------------------------------------------------


def test_geomean_row_of_the_ratios(tmp_path: Path) -> None:
    base, new = pair(tmp_path)
    expected = 100 * ((0.9 * 1.1) ** 0.5 - 1)  # -0.50%
    rc, out, _ = run_compare(base, new)
    assert rc == EXIT_REGRESSION
    (geo,) = [line for line in out.splitlines() if line.startswith("geomean")]
    assert f"{expected:+.2f}%" == "-0.50%" and "-0.50%" in geo
    _, doc = compare_json(base, new)
    assert doc["geomean_change_pct"] == pytest.approx(expected)
    _, out, _ = run_compare(base, new, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["case"] for r in rows] == ["rsa2048/sign", "sha256/16", "geomean"]
    assert float(rows[-1]["change_pct"]) == pytest.approx(expected)
    assert rows[0]["verdict"] == "regression" and rows[0]["base_n"] == "10"


def test_markdown_for_a_job_summary_has_the_verdict_heading(tmp_path: Path) -> None:
    base, new = pair(tmp_path)
    rc, out, _ = run_compare(base, new, "--format", "markdown")
    assert rc == EXIT_REGRESSION
    lines = out.splitlines()
    assert lines[0] == (
        "### pyspeed compare — REGRESSION: 1 of 2 case(s) slower beyond the threshold"
    )
    assert "| case " in out and "|---" in out.replace("-|-", "---")
    assert any(line.startswith("| geomean") for line in lines)
    assert any(line.startswith("- regression: p < 0.01") for line in lines)
    rc, out, _ = run_compare(base, base, "--format=markdown")
    assert rc == EXIT_PASS
    assert out.splitlines()[0] == "### pyspeed compare — no regression: 2 case(s) compared"


def test_options_may_come_first_and_help(tmp_path: Path) -> None:
    base, new = pair(tmp_path)
    assert run_compare("--threshold", "20", base, new)[0] == EXIT_PASS
    assert run_compare("-threshold=20", "--", base, new)[0] == EXIT_PASS
    rc, out, err = run_compare("--help")
    assert (rc, err) == (0, "") and out.startswith("Usage: pyspeed compare") and "Exit codes" in out


# --- bad input: one line, the documented exit code ---------------------------------------


def test_fingerprint_mismatch_is_incomparable_unless_forced(tmp_path: Path) -> None:
    base = write(
        tmp_path / "base.json",
        {"rsa2048/sign": rates(1000, 0.005, 1)},
        fingerprint="0000000000000000",
    )
    new = write(
        tmp_path / "new.json",
        {"rsa2048/sign": rates(900, 0.005, 2)},
        fingerprint="1111111111111111",
    )
    rc, out, err = run_compare(base, new)
    assert (rc, out) == (EXIT_INCOMPARABLE, "")
    assert (
        "different machine fingerprints (0000000000000000 vs 1111111111111111)" in one_line(err)
        and "--force" in err
    )
    rc, out, err = run_compare(base, new, "--force")
    assert (rc, err) == (EXIT_REGRESSION, "")
    assert "warning: different machine fingerprints" in out


def test_different_rate_divisors_are_incomparable_unless_forced(tmp_path: Path) -> None:
    base = write(tmp_path / "base.json", {"rsa2048/sign": rates(1000, 0.005, 1)})
    new = write(
        tmp_path / "new.json",
        {"rsa2048/sign": rates(1000, 0.005, 2)},
        edit=lambda d: d["options"].update(elapsed=True),
    )
    rc, _, err = run_compare(base, new)
    assert rc == EXIT_INCOMPARABLE and "different divisors" in one_line(err)
    assert run_compare(base, new, "--force")[0] == EXIT_PASS


def test_no_case_in_common_is_incomparable(tmp_path: Path) -> None:
    base = write(tmp_path / "base.json", {"rsa2048/sign": rates(1000, 0.005, 1)})
    new = write(tmp_path / "new.json", {"sha1/16": rates(1e8, 0.005, 2)})
    rc, out, err = run_compare(base, new)
    assert (rc, out) == (EXIT_INCOMPARABLE, "")
    assert one_line(err) == "compare: no case in common (BASE has 1 case(s), NEW has 1)"
    other = write(tmp_path / "qat.json", {"rsa2048/sign": rates(1000, 0.005, 1)}, engine="qat")
    rc, _, err = run_compare(base, other)
    assert rc == EXIT_INCOMPARABLE and "different engines (BASE: software; NEW: qat)" in err


def test_cases_in_one_run_only_are_listed(tmp_path: Path) -> None:
    base = write(
        tmp_path / "base.json",
        {"rsa2048/sign": rates(1000, 0.005, 1), "dsa2048/sign": rates(1000, 0.005, 3)},
    )
    new = write(tmp_path / "new.json", {"rsa2048/sign": rates(1000, 0.005, 2)})
    rc, out, _ = run_compare(base, new)
    assert rc == EXIT_PASS and "only in BASE (not compared): dsa2048/sign (software)" in out


def test_missing_base_is_3_missing_new_is_2(tmp_path: Path) -> None:
    new = write(tmp_path / "new.json", {"rsa2048/sign": rates(1000, 0.005, 1)})
    nowhere = str(tmp_path / "nowhere.json")
    rc, out, err = run_compare(nowhere, new)
    assert (rc, out) == (EXIT_INCOMPARABLE, "")
    assert one_line(err) == f"compare: baseline missing: {nowhere}: no such file"
    rc, _, err = run_compare(new, nowhere)
    assert rc == EXIT_BAD_INPUT and "no such results file" in one_line(err)
    assert run_compare(nowhere, nowhere)[0] == EXIT_BAD_INPUT  # NEW is the job's own output


def test_truncated_json_is_2(tmp_path: Path) -> None:
    base, new = pair(tmp_path)
    text = Path(base).read_text()
    Path(base).write_text(text[: len(text) // 2])
    rc, out, err = run_compare(base, new)
    assert (rc, out) == (EXIT_BAD_INPUT, "")
    assert "not a complete JSON document" in one_line(err)


def test_hand_edited_values_are_2(tmp_path: Path) -> None:
    base, _ = pair(tmp_path)
    new = write(
        tmp_path / "edited.json",
        {"rsa2048/sign": rates(1000, 0.005, 1)},
        edit=lambda d: d["results"][0].update(size="big"),
    )
    rc, _, err = run_compare(base, new)
    assert rc == EXIT_BAD_INPUT and one_line(err) == (
        f"compare: NEW {new}: invalid results document at results[0].size: "
        "Input should be a valid integer")
    broken = write(
        tmp_path / "broken.json",
        {"rsa2048/sign": rates(1000, 0.005, 1)},
        edit=lambda d: d["results"][0].update(count=-1),
    )
    rc, _, err = run_compare(base, broken)
    assert rc == EXIT_BAD_INPUT and one_line(err).endswith(
        "at results[0].count: Input should be greater than or equal to 0")


def test_newer_schema_is_2(tmp_path: Path) -> None:
    base, _ = pair(tmp_path)
    new = write(
        tmp_path / "future.json",
        {"rsa2048/sign": rates(1000, 0.005, 1)},
        edit=lambda d: d.update(version=99),
    )
    rc, _, err = run_compare(base, new)
    assert rc == EXIT_BAD_INPUT and "schema version 99 is newer" in one_line(err)


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
    base, new = pair(tmp_path)
    rc, out, err = run_compare(base, new, *args)
    assert (rc, out, one_line(err)) == (EXIT_BAD_INPUT, "", message)


def test_not_two_files_is_2(tmp_path: Path) -> None:
    base, _ = pair(tmp_path)
    rc, _, err = run_compare(base)
    assert rc == EXIT_BAD_INPUT
    assert one_line(err) == (
        "compare: expected two files, BASE and NEW, got 1 (see pyspeed compare --help)"
    )




def test_different_settings_are_incomparable_unless_forced(tmp_path: Path) -> None:
    cases = {"rsa2048/sign": rates(1000, 0.005, 1)}
    base = write(tmp_path / "b.json", cases,
                 edit=lambda d: (d["options"].update(multi=1), d["engines"][0].update(
                     provenance="QAT model, profile c62x (modelled)")))
    new = write(tmp_path / "n.json", cases,
                edit=lambda d: (d["options"].update(multi=2), d["engines"][0].update(
                    provenance="QAT model, profile dh895xcc (modelled)")))
    rc, out, err = run_compare(base, new)
    assert (rc, out) == (EXIT_INCOMPARABLE, "")
    assert one_line(err) == (
        "compare: BASE and NEW ran with different settings (-multi 1 vs 2; software: QAT "
        "model, profile c62x (modelled) vs QAT model, profile dh895xcc (modelled)); use "
        "--force to compare anyway")
    rc, out, _ = run_compare(base, new, "--force")
    assert rc == EXIT_PASS and "warning: ran with different settings (-multi 1 vs 2" in out
