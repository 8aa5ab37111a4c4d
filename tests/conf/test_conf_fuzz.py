"""Fuzzing: any text gives a Config or a ConfigError, never another exception or a hang;
and on syntax-heavy text pyspeed and libcrypto agree.

The fast variants run by default; `-m slow` runs 10000 examples of each.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_conf_differential import assert_same

from pyspeed.conf import Config, ConfigError, dump, library_config, parse

from support.conf_libcrypto import LibCrypto, pyspeed_result

LIB = LibCrypto.find()

#: Pieces that reach every branch of the parser more often than random characters do.
_PIECES = [
    *"ab_1. \t\n\r\\'\"`#$={}()[]:;%!\x00",
    "::",
    "${",
    "$(",
    "$ENV::HOME",
    "$ENV::PYSPEED_FUZZ",
    ".pragma ",
    "dollarid:on",
    "abspath:true",
    ".include ",
    "\\\n",
    "\u00e9",
    "\ufeff",
    "[ s ]",
    "x = ",
    "$x",
    "default",
    "ENV",
    "\r\n",
]
SYNTAX = st.lists(st.sampled_from(_PIECES), max_size=80).map("".join)
ANY_TEXT = st.one_of(st.text(max_size=400), SYNTAX)
ANY_BYTES = st.binary(max_size=400)


def _check(data: str | bytes) -> None:
    try:
        config = parse(data, file="fuzz.cnf", env={"HOME": "/h"})
    except ConfigError as exc:
        assert exc.reason
        assert "\n" not in str(exc)
        assert exc.line is None or exc.line >= 1
        return
    assert isinstance(config, Config)
    dump(config)
    library_config(config)  # never raises: errors are data


def _fuzz(examples: int) -> Callable[..., None]:
    """The two property tests at a given size, in an empty working directory."""

    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(text=ANY_TEXT, data=ANY_BYTES)
    def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, data: bytes) -> None:
        monkeypatch.chdir(tmp_path)
        _check(text)
        _check(data)

    return run


test_parser_only_returns_config_or_config_error = _fuzz(300)
test_parser_only_returns_config_or_config_error_long = pytest.mark.slow(_fuzz(10000))


def _differential(examples: int) -> Callable[..., None]:
    @pytest.mark.skipif(LIB is None, reason="libcrypto.so.3 (3.0+) not available")
    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(text=SYNTAX)
    def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
        # The file lives apart from the (empty) working directory, under a name the
        # pieces cannot spell, so `.include` of `.` or `..` never reaches it.
        work, files = tmp_path / "work", tmp_path / "files"
        work.mkdir(exist_ok=True)
        files.mkdir(exist_ok=True)
        monkeypatch.chdir(work)
        monkeypatch.setenv("PYSPEED_FUZZ", "fz")
        monkeypatch.delenv("OPENSSL_CONF_INCLUDE", raising=False)
        path = files / "Q.cnf"
        path.write_bytes(text.encode("utf-8", "surrogateescape"))
        assert LIB is not None
        assert_same(LIB.load(path), pyspeed_result(path))

    return run


test_parser_agrees_with_libcrypto_on_fuzzed_text = _differential(300)
test_parser_agrees_with_libcrypto_on_fuzzed_text_long = pytest.mark.slow(_differential(10000))


def test_env_is_read_from_the_process_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYSPEED_FUZZ", "from-process")
    assert parse("x = $ENV::PYSPEED_FUZZ\n").get("default", "x") == "from-process"
    assert os.environ["PYSPEED_FUZZ"] == "from-process"
