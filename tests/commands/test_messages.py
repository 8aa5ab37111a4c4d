"""One line, who speaks, and what to do: the messages a new user met."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from pyspeed.commands.config import config_cli
from pyspeed.commands.version import version_main

from support.runs import run_speed

ENGINES = "openssl_conf = init\n[init]\nengines = e\n"


def _config(argv: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    rc = config_cli(argv, out, err)
    return rc, err.getvalue()


@pytest.mark.parametrize(("text", "message"), [
    (ENGINES + "[e]\nqat = q\n[q]\nengine_id = qat\ndefault_algorithms = RAS\n",
     "invalid string (section=q, name=default_algorithms, value=RAS): default_algorithms "
     "takes a comma-separated list of ALL, RSA, DSA, DH, EC, RAND, CIPHERS, DIGESTS, PKEY"),
    ("openssl_conf = init\n[init]\nengines = engine_sektion\n",
     "engines section error (engine_sektion): no such section"),
])
def test_config_errors_say_what_to_do(tmp_path: Path, text: str, message: str) -> None:
    conf = tmp_path / "c.cnf"
    conf.write_text(text)
    rc, err = _config(["check", str(conf)])
    assert rc == 2 and err.startswith("pyspeed: ") and message in err
    assert len(err.splitlines()) == 1


def test_usage_errors_do_not_collide_with_a_bad_file(tmp_path: Path) -> None:
    assert _config(["check"])[0] == 1  # usage
    assert _config(["check", str(tmp_path / "missing.cnf")])[0] == 2  # the file
    out, err = io.StringIO(), io.StringIO()
    assert version_main(["--bogus"], out, err) == 1
    assert err.getvalue().startswith("version: No such option: --bogus")


def test_a_missing_openssl_conf_says_where_it_came_from(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    gone = tmp_path / "gone.cnf"
    monkeypatch.setenv("OPENSSL_CONF", str(gone))
    err = io.StringIO()
    assert run_speed(["sha1"], err=err) == 2
    assert err.getvalue() == f"pyspeed: {gone} (from OPENSSL_CONF): no such file\n"
    err = io.StringIO()
    assert run_speed(["-config", str(gone), "sha1"], err=err) == 2
    assert err.getvalue() == f"pyspeed: {gone}: no such file\n"
