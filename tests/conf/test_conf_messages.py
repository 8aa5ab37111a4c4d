"""Messages about a configuration show where and why, never what must not be shown:
control characters are escaped, values taken from the environment are hidden."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from pyspeed.commands.config import check_main


def _check(conf: Path) -> str:
    out, err = io.StringIO(), io.StringIO()
    assert check_main(str(conf), out, err) == 2
    assert len(err.getvalue().splitlines()) == 1
    return err.getvalue()


def test_secrets_from_the_environment_are_not_echoed(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QAT_TOKEN", "s3cr3t-t0ken")
    conf = tmp_path / "a.cnf"
    conf.write_text("openssl_conf = init\n[init]\nengines = e\n[e]\nqat = q\n[q]\n"
                    "engine_id = qat\ntoken = $ENV::QAT_TOKEN\nFOO = $token\n")
    err = _check(conf)
    assert "s3cr3t" not in err and "<from the environment>" in err
    conf.write_text("openssl_conf = init\n[init]\nengines = e\n[e]\nqat = q\n[q]\n"
                    "engine_id = qat\nFOO = plain\n")
    assert "(FOO=plain)" in _check(conf)  # an ordinary value is shown


def test_control_characters_are_escaped(tmp_path: Path) -> None:
    conf = tmp_path / "b.cnf"
    conf.write_bytes(b"openssl_conf = init\n[init]\nengines = e\n[e]\nqat = q\n[q]\n"
                     b"engine_id = qat\nFOO = \x1b[2J\x07x\n")
    err = _check(conf)
    assert "\x1b" not in err and "\x07" not in err and "\\x1b[2J\\x07x" in err
