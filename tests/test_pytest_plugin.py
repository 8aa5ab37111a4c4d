"""The pytest plugin: a pyspeed case inside a test, reported through pytest-benchmark with
pyspeed's own measurements (not pytest-benchmark timing a wrapper)."""

from __future__ import annotations

import json
from importlib.metadata import entry_points
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]
pytest.importorskip("pytest_benchmark")


@pytest.fixture(scope="module", autouse=True)
def _measured_once_here() -> None:
    """pytester's in-process runs drop the modules they imported when they end, but
    cryptography's compiled core keeps its first classes: a second run that imported
    them afresh would fail isinstance checks. Importing them out here keeps one copy."""
    from pyspeed.pytest_plugin import measure_case

    measure_case("rsa2048/verify", seconds=0.001, repeat=1)
    measure_case("sha256/16", seconds=0.001, repeat=1)


def _plugin_args() -> list[str]:
    """`-p pyspeed.pytest_plugin` unless the pytest11 entry point already loads it (then
    naming it again would register the module twice)."""
    installed = any(ep.value == "pyspeed.pytest_plugin" for ep in entry_points(group="pytest11"))
    return [] if installed else ["-p", "pyspeed.pytest_plugin"]


# plugins the inner runs do not need (hypothesis's costs a second per session)
QUIET = ["-p", "no:hypothesispytest", "-p", "no:cacheprovider"]

TESTS = """
import json
import pytest

def test_sign(pyspeed_case):
    result = pyspeed_case("rsa2048", op="sign", engine="software", seconds=0.02, repeat=3)
    assert result.case == "rsa2048/sign" and result.served_by == "software"
    assert result.unit == "ops/s" and result.median > 0 and len(result.rates) == 3
    with open("sign.json", "w") as fh:
        json.dump(result.seconds_per_op, fh)

@pytest.mark.benchmark(group="digests")
def test_digest(pyspeed_case):
    result = pyspeed_case("sha256/64", seconds=0.02, repeat=2)
    assert result.unit == "bytes/s" and result.size == 64
    with open("digest.json", "w") as fh:
        json.dump(result.seconds_per_op, fh)

def test_unreported(pyspeed_case):
    result = pyspeed_case("ecdhp256", seconds=0.02, repeat=1, report=False)
    assert result.case == "ecdhp256/derive"
    other = pyspeed_case("ecdhp256", seconds=0.02, repeat=1, report=False)
    assert other.case == result.case
"""


def test_fixture_reports_pyspeeds_measurements(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_pyspeed_inner_cases=TESTS)
    res = pytester.runpytest(*_plugin_args(), *QUIET, "--benchmark-json=bench.json", "-q")
    res.assert_outcomes(passed=3)
    data = json.loads(Path(pytester.path, "bench.json").read_text())
    by_name = {b["name"]: b for b in data["benchmarks"]}
    assert set(by_name) == {"test_sign", "test_digest"}  # report=False: not a benchmark
    sign, digest = by_name["test_sign"], by_name["test_digest"]
    # the rounds are exactly pyspeed's repetitions, in seconds per operation
    assert sign["stats"]["data"] == json.loads(Path(pytester.path, "sign.json").read_text())
    assert digest["stats"]["data"] == json.loads(Path(pytester.path, "digest.json").read_text())
    assert sign["stats"]["rounds"] == 3 and sign["stats"]["iterations"] == 1
    assert sign["options"]["timer"] == "pyspeed_measured_time"
    assert sign["group"] == "rsa2048" and digest["group"] == "digests"  # a user's group wins
    info = sign["extra_info"]
    assert info["engine"] == "software" and info["served_by"] == "software"
    assert info["case"] == "rsa2048/sign" and info["modelled"] is False
    assert info["rate_median"] == pytest.approx(sorted(info["rates"])[1])
    res.stdout.fnmatch_lines(["*benchmark 'rsa2048': 1 tests*", "*test_sign*"])


def test_bad_cases_fail_in_one_line(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_pyspeed_inner_bad="""
def test_ambiguous(pyspeed_case):
    pyspeed_case("rsa2048", seconds=0.02)

def test_unknown(pyspeed_case):
    pyspeed_case("nosuchalgo", seconds=0.02)

def test_twice(pyspeed_case):
    pyspeed_case("rsa2048/verify", seconds=0.02, repeat=1)
    pyspeed_case("rsa2048/verify", seconds=0.02, repeat=1)
"""
    )
    res = pytester.runpytest(*_plugin_args(), *QUIET, "-q", "-rf")
    res.assert_outcomes(failed=3)
    res.stdout.fnmatch_lines(
        [
            "*pyspeed_case: 'rsa2048' measures rsa2048/sign, rsa2048/verify; name one (op='...')",
            "*speed: Unknown algorithm nosuchalgo",
            "*pytest-benchmark, which keeps one benchmark per test*",
        ]
    )
    out = res.stdout.str()
    assert "Traceback" not in out and "fixture was not used" not in out


def test_works_without_pytest_benchmark(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_pyspeed_inner_plain="""
def test_plain(pyspeed_case):
    result = pyspeed_case("rsa2048/verify", seconds=0.02, repeat=2)
    assert result.median > 0 and result.run.records
"""
    )
    res = pytester.runpytest(*_plugin_args(), *QUIET, "-p", "no:benchmark", "-q")
    res.assert_outcomes(passed=1)
