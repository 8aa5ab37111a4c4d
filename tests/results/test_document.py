"""The results document: round trip, strict loading, atomic writes, and the views."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from pyspeed.commands.report import report_main
from pyspeed.results.document import ResultsError, load, save, to_dict, to_frame
from pyspeed.results.statistics import median_ci

from support.runs import run_speed


def run(args: list[str], capfd: pytest.CaptureFixture[str] | None = None
        ) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    rc = run_speed(args, out, err, seconds=0.02)
    return rc, out.getvalue(), err.getvalue()


def test_save_round_trip_and_frame(tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    rc, out, _ = run(["--repeat", "2", "--save", str(path), "-bytes", "64", "sha1", "rsa512"])
    assert rc == 0 and out.startswith("version: pyspeed ")  # openssl view still printed
    run_ = load(str(path))
    doc = to_dict(run_)
    assert (doc["schema"], doc["version"]) == ("pyspeed-results", 1)
    assert len(doc["machine_info"]["fingerprint"]) == 16 and len(doc["run_id"]) == 32
    df = to_frame(run_)
    assert sorted(set(df["case"])) == ["rsa512/sign", "rsa512/verify", "sha1/64"]
    assert sorted(set(df["repeat"])) == [0, 1]
    sha1 = df[df["case"] == "sha1/64"].iloc[0]
    assert sha1["rate"] == pytest.approx(sha1["count"] * 64 / sha1["user"])
    assert set(df["served_by"]) == {"software"}


def test_repetitions_and_engines_are_interleaved_case_by_case() -> None:
    rc, out, err = run(["-engine", "software", "-engine", "devcrypto", "--repeat", "2",
                        "--format", "json", "-bytes", "16", "sha1", "md5"])
    assert rc == 0
    doc = json.loads(out)  # nothing but the document on stdout
    order = [(r["repeat"], r["case"], r["engine"]) for r in doc["results"]]
    assert order == [(rep, case, eng) for rep in (0, 1) for case in ("md5/16", "sha1/16")
                     for eng in ("software", "devcrypto")]
    # devcrypto is unavailable here: its column says so, its cases are served by software
    assert {r["served_by"] for r in doc["results"] if r["engine"] == "devcrypto"} == {"software"}
    assert 'Invalid engine "devcrypto"' in err


def test_comparison_table_has_speedup_cpu_and_served_by() -> None:
    rc, out, _ = run(["-engine", "software", "-engine", "devcrypto", "-bytes", "16", "sha1"])
    assert rc == 0  # several engines: the table view is the default
    lines = out.splitlines()
    assert lines[0] == "symmetric (bytes/s)"  # one table per family
    header = lines[2].split()
    assert header == ["case", "software", "±95%", "CPU", "s/op", "served", "by", "devcrypto",
                      "±95%", "x", "software", "CPU", "s/op", "served", "by"]
    assert lines[4].startswith("sha1/16 ")


@pytest.mark.parametrize("args", [["-engine", "a", "-engine", "b", "-mr", "sha1"],
                                  ["--format", "openssl", "-engine", "a", "-engine", "b", "sha1"],
                                  ["--format", "yaml", "sha1"], ["-mr", "--format", "csv", "sha1"]])
def test_view_options_that_do_not_fit_are_usage_errors(args: list[str]) -> None:
    rc, out, err = run(args)
    assert (rc, out) == (1, "") and err.startswith("speed: ") and len(err.splitlines()) == 1


def test_multi_with_json_format_has_no_decoration_on_stdout() -> None:
    rc, out, _ = run(["-multi", "2", "--format", "json", "-bytes", "16", "sha1"])
    assert rc == 0
    doc = json.loads(out)
    assert sorted(r["worker"] for r in doc["results"]) == [0, 1]


def test_report_formats_and_bad_files(tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    assert run(["--save", str(path), "-bytes", "64", "sha1"])[0] == 0
    out, err = io.StringIO(), io.StringIO()
    assert report_main(str(path), "openssl", out, err) == 0
    assert out.getvalue().splitlines()[:2] == [
        "The 'numbers' are in 1000s of bytes per second processed.", "type             64 bytes"]
    for fmt, check in (("csv", "case,family,"), ("markdown", "### symmetric (bytes/s)\n\n| case "),
                       ("table", "symmetric (bytes/s)\n\ncase ")):
        out = io.StringIO()
        assert report_main(str(path), fmt, out, err) == 0 and out.getvalue().startswith(check)
    text = path.read_text()
    bad = {"torn.json": text[: len(text) // 2],
           "newer.json": text.replace('"version": 1', '"version": 99'),
           "edited.json": text.replace('"count":', '"count_":', 1)}
    for name, body in bad.items():
        (tmp_path / name).write_text(body)
        out, err = io.StringIO(), io.StringIO()
        assert report_main(str(tmp_path / name), "table", out, err) == 2
        assert out.getvalue() == "" and len(err.getvalue().splitlines()) == 1
        assert name in err.getvalue()
    assert report_main(str(path), "yaml", io.StringIO(), io.StringIO()) == 1


def test_save_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "run.json"
    path.write_text("old")

    def crash(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", crash)  # Ctrl-C with the new bytes written, not synced
    with pytest.raises(KeyboardInterrupt):
        save({"schema": "pyspeed-results"}, str(path))
    assert path.read_text() == "old"
    assert os.listdir(tmp_path) == ["run.json"]  # no temporary file left behind


def test_load_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(ResultsError, match="no such results file"):
        load(str(tmp_path / "missing.json"))


def test_median_ci_order_statistics() -> None:
    assert median_ci([3.0, 1.0, 2.0]) == (2.0, 1.0, 3.0)  # too few: the whole range
    values = [float(v) for v in range(1, 11)]
    med, lo, hi = median_ci(values)
    # n=10 at 95%: the 2nd and 9th order statistics (binomial, as benchstat)
    assert (med, lo, hi) == (5.5, 2.0, 9.0)
