"""The native engine against the system's openssl binary: the same structure as openssl
speed itself, side by side with the software engine, the gate on native runs, provenance,
and one line for a binary that is not openssl or a case it cannot run."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

from pyspeed.commands.compare import compare_main
from pyspeed.engines.native import NativeEngine
from pyspeed.results.document import load

from support.golden import mask
from support.runs import run_speed

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl binary")


def _openssl(args: list[str]) -> list[str]:
    import subprocess

    done = subprocess.run(["openssl", "speed", *args], capture_output=True, text=True,
                          check=True)
    return done.stdout.splitlines()


def _body(lines: list[str]) -> list[str]:
    """stdout without the five-line version header (it names each tool's own stack)."""
    for i, line in enumerate(lines):
        if line.startswith("version: "):
            return lines[:i] + lines[i + 5:]
    return lines


def test_same_structure_as_openssl_speed() -> None:
    args = ["-seconds", "1", "-bytes", "64", "rsa512", "sha256"]
    out, err = io.StringIO(), io.StringIO()
    assert run_speed(["-engine", "native", *args], out, err, seconds=1.0) == 0
    assert mask(_body(out.getvalue().splitlines())) == mask(_body(_openssl(args)))
    assert err.getvalue().splitlines()[0] == 'Engine "native" set.'


def test_side_by_side_with_software_and_provenance(tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    out = io.StringIO()
    assert run_speed(["-engine", "software", "-engine", "native", "--repeat", "2",
                      "--format", "table", "--save", str(path), "-bytes", "1024",
                      "aes-128-cbc"], out, seconds=1.0) == 0
    table = out.getvalue()
    assert "x software" in table and "native" in table
    run = load(str(path))
    native = [r for r in run.records if r.engine == "native"]
    assert len(native) == 2 and all(r.count > 0 for r in native)
    assert all(r.implementation.startswith(shutil.which("openssl") or "") for r in native)
    platform = subprocess.run(["openssl", "version", "-p"], capture_output=True, text=True,
                              check=True).stdout.strip()  # "platform: debian-amd64"
    assert all(platform.replace(":", "") in r.implementation and "built on " in
               r.implementation for r in native)  # the build, from `openssl version -a`
    assert all({"openssl_seconds", "child_user", "child_sys"} <= set(r.counters)
               for r in native)
    assert all(r.user == r.counters["openssl_seconds"] for r in native)  # openssl's divisor


def test_compare_gates_native_runs(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    for path in (a, b):
        assert run_speed(["-engine", "native", "--repeat", "2", "-elapsed", "--save",
                          str(path), "-bytes", "64", "sha256"], seconds=1.0) == 0
    out, err = io.StringIO(), io.StringIO()
    assert compare_main([str(a), str(b)], out, err) == 0, err.getvalue()
    assert "sha256/64" in out.getvalue() and "too few runs" in out.getvalue()


def test_a_binary_that_is_not_openssl_is_unavailable_with_the_reason() -> None:
    engine = NativeEngine()
    engine.ctrl_cmd_string("OPENSSL_BIN", shutil.which("true") or "/bin/true")
    assert engine.try_init() is False
    assert engine.unavailable_reason is not None and "is not openssl" in \
        engine.unavailable_reason
    engine.ctrl_cmd_string("OPENSSL_BIN", "/nonexistent/openssl")
    assert engine.try_init() is False and "no openssl binary" in engine.unavailable_reason


def test_a_case_the_binary_cannot_run_is_one_line_quoting_it() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert run_speed(["-engine", "native", "-bytes", "16", "md2", "sha1"], out, err,
                     seconds=1.0) == 0
    lines = err.getvalue().splitlines()
    (why,) = [ln for ln in lines if ln.startswith("OpenSSL ")]
    assert "md2 error!" in why and "unsupported" in why
    assert any(ln.startswith("sha1 ") and "0.00" not in ln for ln in
               out.getvalue().splitlines())  # the other case went on


def test_two_binaries_side_by_side(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two native definitions (here the same binary twice) run interleaved as two engines,
    with a speedup column: the A/B comparison that machine drift cannot bias."""
    (tmp_path / "b.cnf").write_text(
        "[openssl_b]\nengine_id = openssl_b\n"
        "dynamic_path = pyspeed.engines.native:NativeEngine\n"
        f"OPENSSL_BIN = {shutil.which('openssl')}\n")
    monkeypatch.setenv("PYSPEED_ENGINES_DIR", str(tmp_path))
    out = io.StringIO()
    assert run_speed(["-engine", "native", "-engine", "openssl_b", "--format", "csv",
                      "-bytes", "64", "sha1"], out, seconds=1.0) == 0
    engines = [line.split(",")[5] for line in out.getvalue().splitlines()[1:]]
    assert engines == ["native", "openssl_b"]


HANGS = """#!/bin/sh
# answers `version` like openssl, then never finishes a test
if [ "$1" = version ]; then echo "OpenSSL 3.0.99 1 Jan 2099"; exit 0; fi
echo "+DT:sha1:1:16" >&2
exec sleep 3600
"""


def test_a_hung_binary_is_stopped_with_the_case_and_the_run_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    fake = tmp_path / "openssl"
    fake.write_text(HANGS)
    fake.chmod(0o755)
    conf = tmp_path / "hang.cnf"
    conf.write_text("[hangs]\nengine_id = hangs\n"
                    "dynamic_path = pyspeed.engines.native:NativeEngine\n"
                    f"OPENSSL_BIN = {fake}\nGRACE = 1\n")
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setenv("PYSPEED_ENGINES_DIR", str(tmp_path))
    started = time.monotonic()
    rc = run_speed(["-engine", "hangs", "-engine", "software", "--format", "csv",
                    "-bytes", "16", "sha1"], out, err, seconds=1.0)
    assert rc == 0 and time.monotonic() - started < 15
    assert "OpenSSL 3.0.99: " in err.getvalue() and "made no progress for 2 s" in err.getvalue()
    header, *rows = out.getvalue().splitlines()
    failed = header.split(",").index("failed")
    assert [r.split(",")[5] for r in rows] == ["hangs", "software"]
    assert rows[0].split(",")[failed] == "1" and rows[1].split(",")[failed] == "0"


@pytest.fixture(scope="module")
def second_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    from support.second_openssl import build

    got = build(tmp_path_factory.mktemp("second-openssl"))
    if isinstance(got, str):
        pytest.skip(got)
    return got


def test_two_real_builds_interleaved(second_build: tuple[Path, str], tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The system's OpenSSL against another release of it, unpacked beside it: one run,
    interleaved, each record naming the build that measured it."""
    wrapper, version_line = second_build
    (tmp_path / "other.cnf").write_text(
        "[other]\nengine_id = other\ndynamic_path = pyspeed.engines.native:NativeEngine\n"
        f"OPENSSL_BIN = {wrapper}\n")
    monkeypatch.setenv("PYSPEED_ENGINES_DIR", str(tmp_path))
    save = tmp_path / "ab.json"
    out = io.StringIO()
    assert run_speed(["-engine", "native", "-engine", "other", "--repeat", "2", "--format",
                      "table", "--save", str(save), "-bytes", "1024", "sha256"], out,
                     seconds=1.0) == 0
    assert "x native" in out.getvalue()
    run = load(str(save))
    built = {r.engine: r.implementation for r in run.records}
    assert version_line.split()[1] in built["other"]  # e.g. 3.0.17
    assert built["native"] != built["other"]
    assert [r.engine for r in run.records] == ["native", "other"] * 2  # interleaved


def test_the_rest_of_pyspeed_works_on_native_results(tmp_path: Path) -> None:
    """--precision, --benchmark-json, the sweep and the pytest plugin, unchanged."""
    import json

    from pyspeed.commands.sweep import run_sweep
    from pyspeed.pytest_plugin import measure_case
    from pyspeed.runner.measure import MeasureOptions

    bench = tmp_path / "bench.json"
    err = io.StringIO()
    assert run_speed(["-engine", "native", "--precision", "50", "--benchmark-json",
                      str(bench), "-bytes", "64", "sha1"], err=err, seconds=1.0) == 0
    (entry,) = json.loads(bench.read_text())["benchmarks"]
    assert entry["name"] == "sha1/64[native]" and entry["extra_info"]["rate_median"] > 0
    out = io.StringIO()
    assert run_sweep(["sha1"], ["native"], [1], [0], MeasureOptions(seconds=1, bytes=64,
                                                                    repeat=2),
                     out, io.StringIO()) == 0
    assert "sha1/64 on native: best" in out.getvalue()
    case = measure_case("sha1/64", engine="native", seconds=1, repeat=2)
    assert case.served_by == "native" and case.median > 0 and len(case.rates) == 2


def test_a_3_0_binary_under_the_3_5_dialect_says_what_it_lacks() -> None:
    """RSA encrypt/decrypt and the KEM and signature tables came in 3.2: a 3.0 binary's
    missing tests are one line each, its sign and verify still measured, and the KEM row
    goes to software."""
    out, err = io.StringIO(), io.StringIO()
    assert run_speed(["-engine", "native", "--dialect", "3.5", "-mr", "rsa512",
                      "ML-KEM-768"], out, err, seconds=1.0) == 0
    text = err.getvalue()
    assert "'s speed has no RSA encrypt test (3.2 and later)" in text
    assert "+R1:" in text and "+R2:" in text
    assert "cannot run ML-KEM-768: OpenSSL 3.0" in text and "has no KEM table" in text
    assert any(line.startswith("+F9:13:") for line in out.getvalue().splitlines())
