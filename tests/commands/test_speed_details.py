"""`pyspeed speed` details that a refactor once broke: rows that share a label, rows the
default matrix leaves out, where -elapsed's notice goes, -multi tables from the same
numbers as `pyspeed report`, and engines that break their contract."""

from __future__ import annotations

import io
import re
from pathlib import Path

from pyspeed.algos.cases import SelectOptions, select
from pyspeed.commands.report import report_main
from pyspeed.engines.base import Engine
from pyspeed.engines.routing import ALL, Router
from pyspeed.engines.software import SoftwareEngine
from pyspeed.model import CaseOptions, Listener, Operation, Run, Unsupported
from pyspeed.views.openssl_run import final_report

from support.runs import run_cases, run_speed


def test_evp_digest_row_and_digest_row_stay_apart(tmp_path: Path) -> None:
    out = io.StringIO()
    path = tmp_path / "run.json"
    assert run_speed(["-bytes", "64", "--save", str(path), "-evp", "sha256", "sha256"],
                     out) == 0
    rows = [line for line in out.getvalue().splitlines() if line.startswith("sha256 ")]
    assert len(rows) == 2
    csv_out = io.StringIO()
    assert report_main(str(path), "csv", csv_out, io.StringIO()) == 0
    cases = [line.split(",")[0] for line in csv_out.getvalue().splitlines()[1:]]
    assert sorted(cases) == ["evp:sha256/64", "sha256/64"]


def test_default_matrix_leaves_out_rows_the_engine_cannot_run() -> None:
    run = Run(unsupported={"software": {"md2": "no MD2"}}, options={"elapsed": True})
    default = select([], SelectOptions(bytes=16))
    labels = [line.split()[0] for line in final_report(default, run, mr=False, header=[],
                                                        engine="software")[2:]]
    assert "md2" not in labels and "md5" in labels
    named = select(["md2"], SelectOptions(bytes=16))
    assert final_report(named, run, mr=False, header=[], engine="software")[-1].startswith(
        "md2 ")  # named on the command line: a zero row, as openssl prints


def test_elapsed_notice_comes_after_the_engine_lines() -> None:
    err = io.StringIO()
    assert run_speed(["-elapsed", "-engine", "software", "-bytes", "16", "sha1"],
                     err=err) == 0
    lines = err.getvalue().splitlines()
    assert lines[:2] == ['Engine "software" set.',
                         "You have chosen to measure elapsed time instead of user CPU time."]


def test_multi_parent_table_is_the_saved_runs_median(tmp_path: Path) -> None:
    out, path = io.StringIO(), tmp_path / "run.json"
    assert run_speed(["-multi", "2", "--repeat", "3", "--save", str(path), "-bytes", "64",
                      "sha1"], out, seconds=0.05) == 0
    live = [ln for ln in out.getvalue().splitlines() if ln.startswith("sha1 ")]
    again = io.StringIO()
    assert report_main(str(path), "openssl", again, io.StringIO()) == 0
    assert live == [ln for ln in again.getvalue().splitlines() if ln.startswith("sha1 ")]


def test_multi_precision_shows_the_workers_test_length() -> None:
    err = io.StringIO()
    assert run_speed(["-multi", "2", "--precision", "50", "-bytes", "16", "sha1"], err=err,
                     seconds=1.0) == 0
    starts = set(re.findall(r"\+DT:sha1:(\d+):16", err.getvalue()))
    assert starts == {"0"}  # 0.1 s repetitions, not the 1 s cap


class _Broken(Engine):
    id = "broken"
    name = "breaks its contract"

    def __init__(self, how: str) -> None:
        super().__init__()
        self.how = how

    def prepare(self, case, options):  # type: ignore[no-untyped-def]
        if self.how == "raise":
            raise ValueError("boom")
        if self.how == "none":
            return None
        if self.how == "empty":
            return Operation()
        return Operation(measure=lambda seconds: 42)


class _Said(Listener):
    def __init__(self) -> None:
        self.lines: list[str] = []

    def message(self, text: str) -> None:
        self.lines.append(text)


def _cases() -> list:  # type: ignore[type-arg]
    from pyspeed.algos.cases import plan

    return plan(select(["sha1"], SelectOptions(bytes=16)), 0.01)


def test_an_engine_that_breaks_prepare_falls_back_to_software() -> None:
    for how, why in (("raise", "prepare failed: ValueError: boom"),
                     ("none", "prepare returned NoneType, not an Operation"),
                     ("empty", "neither fn nor measure")):
        said = _Said()
        router = Router([(_Broken(how), ALL)], SoftwareEngine(),
                        lambda name, eid, reason, said=said: said.message(reason))
        outcome = run_cases(_cases(), router, CaseOptions(), said)
        (result,) = outcome.results
        assert result.engine == "software" and result.measurement.count > 0
        assert any(why in line for line in said.lines), (how, said.lines)


def test_a_measure_that_returns_garbage_is_the_tests_error() -> None:
    router = Router([(_Broken("garbage"), ALL)], SoftwareEngine())
    (result,) = run_cases(_cases(), router, CaseOptions(), Listener()).results
    assert result.measurement.error == "measure returned int, not a Measurement"


def test_unsupported_still_means_unsupported() -> None:
    class _No(_Broken):
        def prepare(self, case, options):  # type: ignore[no-untyped-def]
            raise Unsupported("not mine")

    said = _Said()
    router = Router([(_No("x"), ALL)], SoftwareEngine(),
                    lambda name, eid, reason: said.message(reason))
    (result,) = run_cases(_cases(), router, CaseOptions(), said).results
    assert result.engine == "software" and said.lines == ["not mine"]
