"""End to end: `pyspeed speed` prints what `openssl speed` prints, numbers aside.

Two references: the outputs recorded from OpenSSL 3.0.19 (tests/golden), and the system's
own `openssl speed` run now, side by side. Both are compared line by line after masking
numbers (and the version header, whose lines name different software by design).
"""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest

from support.golden import Sample, all_names, load, mask
from support.runs import run_speed

FAST = 0.02  # seconds per test: structure does not need long runs


def run_pyspeed(args: list[str], seconds: float = FAST) -> tuple[int, list[str], list[str]]:
    out, err = io.StringIO(), io.StringIO()
    rc = run_speed(args, out, err, seconds=seconds)
    return rc, out.getvalue().splitlines(), err.getvalue().splitlines()


def strip_header(lines: list[str]) -> list[str]:
    for i, line in enumerate(lines):
        if line.startswith("version: "):
            return lines[:i] + lines[i + 5 :]
    return lines


def comparable_stderr(expected: list[str], ours: list[str]) -> tuple[list[str], list[str]]:
    """OpenSSL's error stacks and pyspeed's own one-line notes are not part of the shape;
    a test openssl reports as `LABEL error!` is one pyspeed reports as unsupported."""
    unsupported = {line.split()[5].rstrip(":") for line in ours
                   if line.startswith("pyspeed: engine ")}
    exp = [line for line in expected if not line.startswith("<TID>:")
           and not (line.endswith(" error!") and line.split()[-2] in unsupported)]
    return exp, [line for line in ours if not line.startswith("pyspeed: ")]


def _is_structure_sample(s: Sample) -> bool:
    return (s.exit == 0 and "-multi" not in s.args and "-mb" not in s.args
            and s.name != "seconds_1"  # the full default run: covered separately
            and s.name != "help"  # help: tests/test_speed_errors.py
            and "curveSM2" not in s.args)  # SM2: not in cryptography, covered separately


STRUCTURE_SAMPLES = [n for n in all_names() if _is_structure_sample(load(n))]


@pytest.mark.parametrize("name", STRUCTURE_SAMPLES)
def test_same_structure_as_recorded_openssl(name: str) -> None:
    sample = load(name)
    rc, out, err = run_pyspeed(sample.args)
    assert rc == sample.exit
    assert mask(strip_header(out)) == mask(sample.stdout_without_header())
    exp_err, our_err = comparable_stderr(sample.stderr, err)
    assert mask(our_err) == mask(exp_err)
    if sample.stdout and sample.stdout[0] != "+H:64" and "-mr" not in sample.args:
        assert out[0].startswith("version: pyspeed ")
        assert len(out) == len(sample.stdout_without_header()) + 5


def test_sm2_is_reported_and_the_rest_runs() -> None:
    sample = load("seconds_1_dsa2048_ecdsap256_ed25519_ecdhx25519_ffdh2048_curveSM2")
    rc, out, err = run_pyspeed(sample.args)
    assert rc == 0
    assert [line for line in err if "curveSM2" in line] == [
        "pyspeed: engine software cannot run curveSM2: cryptography has no SM2"
    ]
    without_sm2 = [line for line in sample.stdout_without_header() if "SM2" not in line]
    # the SM2 table header line is the sign/verify header right before the SM2 row
    expected = [line for i, line in enumerate(without_sm2)
                if not (line.strip().startswith("sign") and i + 1 < len(without_sm2)
                        and without_sm2[i + 1].strip().startswith("op"))]
    assert mask(strip_header(out)) == mask(expected)


def test_engine_nosuch_warns_and_runs_without_it() -> None:
    rc, out, err = run_pyspeed(["-seconds", "1", "-bytes", "64", "-engine", "nosuch", "sha1"])
    assert rc == 0
    assert err[0] == 'Invalid engine "nosuch"'
    assert err[1].startswith("pyspeed: no engine with id 'nosuch'")
    assert err[2].startswith("Doing sha1 for 0s on 64 size blocks: ")
    assert out[-1].startswith("sha1 ")


# ------------------------------------------------------------ live, against system openssl

OPENSSL = shutil.which("openssl")
LIVE_CASES = [
    ["-bytes", "64", "sha1"],
    ["-mr", "-bytes", "16", "aes-128-cbc"],
    ["rsa512"],
    ["-mr", "ecdhp256", "ed25519"],
    ["-elapsed", "-bytes", "1024", "-evp", "aes-128-gcm"],
    ["-bytes", "64", "-hmac", "sha256"],
]


@pytest.mark.skipif(OPENSSL is None, reason="no openssl binary on this machine")
@pytest.mark.parametrize("args", LIVE_CASES, ids=" ".join)
def test_same_structure_as_live_openssl(args: list[str]) -> None:
    native = subprocess.run(
        [OPENSSL, "speed", "-seconds", "1", *args], capture_output=True, text=True, check=False
    )
    rc, out, err = run_pyspeed(["-seconds", "1", *args])
    assert rc == native.returncode == 0
    assert mask(strip_header(out)) == mask(strip_header(native.stdout.splitlines()))
    assert mask(err) == mask(native.stderr.splitlines())
