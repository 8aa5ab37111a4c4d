"""`dump`: OpenSSL's confdump text, section order as NCONF_get_section_names gives it."""

from __future__ import annotations

from pathlib import Path

import pytest

from pyspeed.conf import dump, load, parse

from support.conf_libcrypto import LibCrypto

LIB = LibCrypto.find()


def test_dump_format_and_bytewise_section_order() -> None:
    config = parse("z = 1\n[b]\nk = v\n[ENV]\nX = 1\n[A b]\nq = 'a b'\n[a]\n", env={})
    assert dump(config) == (
        "[ A b ]\nq = a b\n[ ENV ]\nX = 1\n[ a ]\n[ b ]\nk = v\n[ default ]\nz = 1\n"
    )


def test_dump_keeps_entry_order_with_duplicates_moved() -> None:
    assert dump(parse("a=1\nb=2\na=3\n", env={})) == "[ default ]\nb = 2\na = 3\n"


@pytest.mark.skipif(LIB is None, reason="libcrypto.so.3 (3.0+) not available")
def test_dump_matches_libcrypto_section_names_order(tmp_path: Path) -> None:
    text = "top = 1\n[ENV]\nA=1\n[zeta]\n[Alpha]\nk=v\n[_u]\n[~x]\n[9]\nn=1\n[a b]\n[a%b]\n"
    f = tmp_path / "o.cnf"
    # A non-ASCII section name can only be written byte by byte, each byte escaped.
    f.write_bytes(text.encode() + b"[\\\xc3\\\xa9t]\nx = 1\n")
    assert LIB is not None
    real = LIB.load(f)
    expected = "".join(
        f"[ {name} ]\n" + "".join(f"{k} = {v}\n" for k, v in pairs)
        for name, pairs in real.sections.items()
    )
    assert dump(load(f)) == expected
