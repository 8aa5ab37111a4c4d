"""`pyspeed speed` speaking OpenSSL 3.5: the flag, the environment, the config key, errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from pyspeed.commands.speed import speed_main

from support.runs import run_speed


def test_post_quantum_names_print_3_5s_tables() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert run_speed(["ML-KEM-768", "ML-DSA-65"], out, err) == 0
    lines = out.getvalue().splitlines()
    assert lines[5] == " " * 31 + "keygen    encaps    decaps keygens/s  encaps/s  decaps/s"
    assert lines[6].startswith(" " * 17 + "ML-KEM-768 ")
    assert lines[7] == " " * 31 + "keygen     signs    verify keygens/s    sign/s  verify/s"
    assert err.getvalue().startswith("Doing ML-KEM-768 keygen ops for 0s: ")


def test_mr_of_rsa2048_and_a_hybrid() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert run_speed(["--dialect", "3.5", "-mr", "rsa2048", "X25519MLKEM768"], out, err) == 0
    records = [line.split(":")[0] for line in out.getvalue().splitlines()]
    assert records == ["+F2", "+F9", "+F10"]  # the RSA KEM row cannot run in software
    assert out.getvalue().splitlines()[0].count(":") == 6  # sign, verify, encrypt, decrypt
    assert "+R3:" in err.getvalue() and "+R16:" in err.getvalue()
    assert "cannot run kem:rsa2048: cryptography has no raw RSA" in err.getvalue()


def test_multi_workers_sum_kem_records() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert run_speed(["-multi", "2", "-mr", "ML-KEM-768"], out, err) == 0
    lines = out.getvalue().splitlines()
    assert sum(line.startswith("Got: +F9:13:") for line in lines) == 2
    assert lines[-1].startswith("+F9:13:")
    got = [float(x) for line in lines if line.startswith("Got: +F9")
           for x in line.split(" ")[1].split(":")[2:5]]
    total = [float(x) for x in lines[-1].split(":")[2:5]]
    assert total == pytest.approx([got[0] + got[3], got[1] + got[4], got[2] + got[5]],
                                  rel=1e-6)  # one repetition: the workers' rates, summed


def test_explicit_3_0_refuses_a_3_5_name() -> None:
    err = io.StringIO()
    assert run_speed(["--dialect", "3.0", "ML-KEM-768"], err=err) == 1
    assert err.getvalue() == ("speed: ML-KEM-768 is in OpenSSL 3.5's speed, not 3.0's "
                              "(--dialect 3.5)\n")


def test_a_misspelt_name_is_unknown() -> None:
    err = io.StringIO()
    assert run_speed(["ML-KEM768"], err=err) == 1
    assert err.getvalue().splitlines()[0] == "speed: Unknown algorithm ML-KEM768"


def test_environment_and_config_choose_the_dialect(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYSPEED_DIALECT", "3.5")
    out = io.StringIO()
    assert run_speed(["-mr", "rsa512"], out) == 0
    assert out.getvalue().startswith("+F2:0:512:") and out.getvalue().count(":") == 6
    monkeypatch.setenv("PYSPEED_DIALECT", "3.9")
    err = io.StringIO()
    assert run_speed(["rsa512"], err=err) == 1
    assert err.getvalue() == "speed: PYSPEED_DIALECT: unknown dialect '3.9' (one of 3.0, 3.5)\n"
    monkeypatch.delenv("PYSPEED_DIALECT")
    cnf = tmp_path / "openssl.cnf"
    cnf.write_text("pyspeed_dialect = 3.5\n")
    out = io.StringIO()
    assert run_speed(["-config", str(cnf), "-mr", "rsa512"], out) == 0
    assert out.getvalue().count(":") == 6
    assert run_speed(["--dialect", "3.0", "-config", str(cnf), "-mr", "rsa512"],
                     out := io.StringIO()) == 0
    assert out.getvalue().count(":") == 4  # the flag beats the config


def test_help_follows_the_dialect() -> None:
    err30, err35 = io.StringIO(), io.StringIO()
    assert speed_main(["-help"], io.StringIO(), err30) == 0
    assert speed_main(["--dialect", "3.5", "-help"], io.StringIO(), err35) == 0
    assert "-kem-algorithms" not in err30.getvalue()
    assert " -kem-algorithms        Benchmark KEM algorithms" in err35.getvalue()
    assert " -signature-algorithms  Benchmark signature algorithms" in err35.getvalue()


def test_a_saved_3_5_run_reports_in_3_5s_layout(tmp_path: Path) -> None:
    """The dialect is saved with the run: `pyspeed report --format openssl` prints the
    same KEM and signature tables (and -mr records) as the run did."""
    from pyspeed.commands.report import report_main

    path = tmp_path / "r.json"
    out = io.StringIO()
    assert run_speed(["--save", str(path), "-mr", "ML-KEM-768", "rsa1024"], out) == 0
    shown = io.StringIO()
    assert report_main(str(path), "openssl", shown, io.StringIO()) == 0
    assert shown.getvalue() == out.getvalue()
    assert [line.split(":")[0] for line in shown.getvalue().splitlines()] == \
        ["+F2", "+F9", "+F10"]


@pytest.mark.parametrize("argv", [
    ["-bytes", "16", "sha1", "hmac"],  # hmac(md5): the row is the word, not its label
    ["-bytes", "16", "-evp", "aes-128-gcm"],  # the row comes back from the option
    ["--dialect", "3.5", "-bytes", "16", "cmac", "hmac"],
    ["-bytes", "16", "-hmac", "sha1", "-cmac", "aes-256-cbc", "sha256"],
])
def test_report_selects_the_rows_the_run_had(tmp_path: Path, argv: list[str]) -> None:
    from pyspeed.commands.report import report_main

    path = tmp_path / "r.json"
    out = io.StringIO()
    assert run_speed(["--save", str(path), *argv], out) == 0
    shown, err = io.StringIO(), io.StringIO()
    assert report_main(str(path), "openssl", shown, err) == 0, err.getvalue()
    rows = [line.split()[0] for line in shown.getvalue().splitlines()[2:]]
    assert rows == [line.split()[0] for line in out.getvalue().splitlines()[7:]]
    assert rows  # the tables were there to compare
