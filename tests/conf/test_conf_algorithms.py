"""`default_algorithms` lists: ENGINE_set_default_string's words, prefixes and errors."""

from __future__ import annotations

import pytest

from pyspeed.conf import ConfigError, parse_default_algorithms
from pyspeed.conf.algorithms import default_algorithms_flags


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("RSA", {"RSA"}),
        ("R", {"RSA"}),
        ("D", {"DSA"}),
        ("DH", {"DH"}),
        ("DI", {"DIGESTS"}),
        ("C", {"CIPHERS"}),
        ("E", {"EC"}),
        ("P", {"PKEY_CRYPTO", "PKEY_ASN1"}),
        ("PKEY_", {"PKEY_CRYPTO"}),
        ("PKEY_A", {"PKEY_ASN1"}),
        (" RSA ,\tDSA , RAND", {"RSA", "DSA", "RAND"}),
        (
            "ALL",
            {"RSA", "DSA", "DH", "EC", "RAND", "CIPHERS", "DIGESTS", "PKEY_CRYPTO", "PKEY_ASN1"},
        ),
    ],
)
def test_default_algorithms_words(text: str, groups: set[str]) -> None:
    assert parse_default_algorithms(text) == groups


def test_default_algorithms_flags() -> None:
    assert default_algorithms_flags("ALL") == 0xFFFF
    assert default_algorithms_flags("PKEY,EC") == 0x0E00


@pytest.mark.parametrize(
    "text", ["", "RSA,,DSA", "RSA,", " , ", "rsa", "FOO", "RSAX", "R SA", None]
)
def test_default_algorithms_errors(text: str | None) -> None:
    with pytest.raises(ConfigError) as info:
        parse_default_algorithms(text)
    assert info.value.reason == "invalid string"
    assert info.value.value == f"str={'<NULL>' if text is None else text}"
