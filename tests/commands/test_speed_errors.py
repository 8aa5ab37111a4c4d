"""Usage errors: the same lines and exit status as `openssl speed` (recorded samples)."""

from __future__ import annotations

import io

import pytest

from pyspeed.commands.speed import speed_main

from support.golden import all_names, load

_ERROR_SAMPLES = [n for n in all_names() if load(n).exit != 0]


def _run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    rc = speed_main(args, out, err)
    return rc, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("name", _ERROR_SAMPLES)
def test_usage_errors_match_openssl(name: str) -> None:
    sample = load(name)
    rc, out, err = _run(sample.args)
    assert rc == sample.exit
    assert out.splitlines() == sample.stdout
    # OpenSSL's error-stack lines (<TID>:error:...) describe its own internals; pyspeed
    # prints the message lines only.
    expected = [line for line in sample.stderr if not line.startswith("<TID>:")]
    lines = err.splitlines()
    # an option after an algorithm word: openssl's error, then pyspeed's hint
    hint = [ln for ln in lines if ln.startswith("pyspeed: options come before algorithm")]
    assert [ln for ln in lines if ln not in hint] == expected
    assert len(hint) == int(any(ln.startswith("speed: Unknown algorithm -") for ln in expected))


def without_pyspeed_section(lines: list[str]) -> list[str]:
    start = lines.index("pyspeed options:")
    end = lines.index("", start)
    return lines[: start - 1] + lines[end:]


def test_help_is_openssl_help_on_stderr_plus_pyspeed_options() -> None:
    sample = load("help")
    rc, out, err = _run(["-help"])
    assert (rc, out) == (0, "")
    lines = err.splitlines()
    assert without_pyspeed_section(lines) == sample.stderr
    assert " -config val           Engine configuration file (default: $OPENSSL_CONF)" in lines
    assert " --benchmark-json val  Also write the results in pytest-benchmark's JSON format" \
        in lines
    assert not any("%%" in line for line in lines)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-bytes", "-1", "sha1"], 'speed: Non-positive number "-1" for option -bytes'),
        (["-seconds"], "speed: Option -seconds needs a value"),
        (["-elapsed=1", "sha1"], "speed: Option -elapsed does not take a value"),
        (["-seconds=x"], 'speed: Can\'t parse "x" as a number'),
        (["-multi", "99999999999999999999"],
         'speed: Can\'t parse "99999999999999999999" as a number'),
        (["-foo"], "speed: Unknown option: -foo"),
        (["--", "sha1", "-x"], "speed: Unknown algorithm -x"),
    ],
)
def test_option_rules(args: list[str], message: str) -> None:
    rc, out, err = _run(args)
    assert rc == 1
    assert out == ""
    assert err.splitlines()[0] == message


def test_unknown_algorithm_anywhere_in_the_list_is_rejected_before_any_test() -> None:
    rc, out, err = _run(["-seconds", "1", "sha1", "rsa2048", "nosuch"])
    assert (rc, out) == (1, "")
    assert err == "speed: Unknown algorithm nosuch\n"
