"""OpenSSL 3.5's `speed` output, line by line, from the format strings of its apps/speed.c.

Each expected line is made here by applying 3.5's C format string (quoted, with `%ld`
read as `%d`) to the numbers; pyspeed's 3.5 dialect must print the same, to the space.
The 3.0 dialect's recorded goldens are in test_golden_format.py, unchanged.
"""

from __future__ import annotations

import pytest

from pyspeed.algos.cases import SelectOptions, plan, select
from pyspeed.model import Measurement, PkeyCase, SymCase
from pyspeed.views.openssl_multi import echo_and_sum, parent_tables
from pyspeed.views.openssl_progress import end_line, start_line
from pyspeed.views.openssl_tables import PkeyRow, SymRow, mr_records, pkey_tables, sym_table


def c(fmt: str, *args: object) -> str:
    """A C format string applied as printf would (for the conversions speed.c uses)."""
    return fmt.replace("%ld", "%d").replace("%u", "%d") % args


def _case(word: str, op: str) -> PkeyCase:
    sel = select([word], SelectOptions(dialect="3.5"))
    return next(c for c in plan(sel, 10) if isinstance(c, PkeyCase) and c.op == op
                and (c.algo.family, c.algo.word)
                == ({"ML-KEM-768": "kem", "ML-DSA-65": "sig"}.get(word, c.algo.family), word))


M = Measurement(count=12345, wall=9.99, user=9.87, sys=0.01)

PROGRESS = [  # (word, op, human start, human end, -mr start, -mr end), speed.c 3.5
    ("rsa2048", "sign", c("Doing %u bits %s %s ops for %ds: ", 2048, "private", "rsa sign", 10),
     c("%ld %u bits private RSA sign ops in %.2fs\n", 12345, 2048, 9.87),
     c("+DTP:%d:%s:%s:%d\n", 2048, "private", "rsa sign", 10),
     c("+R1:%ld:%d:%.2f\n", 12345, 2048, 9.87)),
    ("rsa2048", "decrypt",
     c("Doing %u bits %s %s ops for %ds: ", 2048, "private", "rsa decrypt", 10),
     c("%ld %u bits private RSA decrypt ops in %.2fs\n", 12345, 2048, 9.87),
     c("+DTP:%d:%s:%s:%d\n", 2048, "private", "rsa decrypt", 10),
     c("+R4:%ld:%d:%.2f\n", 12345, 2048, 9.87)),
    ("dsa2048", "verify", c("Doing %u bits %s %s ops for %ds: ", 2048, "verify", "dsa", 10),
     c("%ld %u bits DSA verify ops in %.2fs\n", 12345, 2048, 9.87),
     c("+DTP:%d:%s:%s:%d\n", 2048, "verify", "dsa", 10), c("+R6:%ld:%u:%.2f\n", 12345, 2048, 9.87)),
    ("ecdhp256", "derive", c("Doing %u bits %s %s ops for %ds: ", 256, "", "ecdh", 10),
     c("%ld %u-bits ECDH ops in %.2fs\n", 12345, 256, 9.87),
     c("+DTP:%d:%s:%s:%d\n", 256, "", "ecdh", 10), c("+R9:%ld:%d:%.2f\n", 12345, 256, 9.87)),
    ("ed25519", "sign", c("Doing %u bits %s %s ops for %ds: ", 253, "sign", "Ed25519", 10),
     c("%ld %u bits %s sign ops in %.2fs \n", 12345, 253, "Ed25519", 9.87),
     c("+DTP:%d:%s:%s:%d\n", 253, "sign", "Ed25519", 10),
     c("+R10:%ld:%u:%s:%.2f\n", 12345, 253, "Ed25519", 9.87)),
    ("ffdh2048", "derive", c("Doing %u bits %s %s ops for %ds: ", 2048, "", "ffdh", 10),
     c("%ld %u-bits FFDH ops in %.2fs\n", 12345, 2048, 9.87),
     c("+DTP:%d:%s:%s:%d\n", 2048, "", "ffdh", 10), c("+R14:%ld:%d:%.2f\n", 12345, 2048, 9.87)),
    ("ML-KEM-768", "encaps", c("Doing %s %s ops for %ds: ", "ML-KEM-768", "encaps", 10),
     c("%ld %s KEM encaps ops in %.2fs\n", 12345, "ML-KEM-768", 9.87),
     c("+DTP:%s:%s:%d\n", "ML-KEM-768", "encaps", 10),
     c("+R16:%ld:%s:%.2f\n", 12345, "ML-KEM-768", 9.87)),
    ("ML-DSA-65", "sign", c("Doing %s %s ops for %ds: ", "ML-DSA-65", "signs", 10),
     c("%ld %s signature sign ops in %.2fs\n", 12345, "ML-DSA-65", 9.87),
     c("+DTP:%s:%s:%d\n", "ML-DSA-65", "signs", 10),
     c("+R19:%ld:%s:%.2f\n", 12345, "ML-DSA-65", 9.87)),
]


@pytest.mark.parametrize(("word", "op", "start", "end", "mr_start", "mr_end"), PROGRESS)
def test_progress_lines(word: str, op: str, start: str, end: str, mr_start: str,
                        mr_end: str) -> None:
    case = _case(word, op)
    assert start_line(case, False, "3.5") == start
    assert end_line(case, M, False, False, "3.5") == end
    assert start_line(case, True, "3.5") == mr_start
    assert end_line(case, M, False, True, "3.5") == mr_end


def test_symmetric_progress_says_ops() -> None:
    sel = select(["sha256"], SelectOptions(dialect="3.5", bytes=64))
    (case,) = plan(sel, 3)
    assert isinstance(case, SymCase)
    assert start_line(case, False, "3.5") == c("Doing %s ops for %ds on %d size blocks: ",
                                               "sha256", 3, 64)
    assert end_line(case, M, False, False, "3.5") == c("%d %s ops in %.2fs\n", 12345, "sha256",
                                                       9.87)


def _rows(words: list[str]) -> list[PkeyRow]:
    sel = select(words, SelectOptions(dialect="3.5"))
    rates = {"sign": 1210.5, "verify": 36287.25, "encrypt": 33855.0, "decrypt": 1305.75,
             "keygen": 8223.0, "encaps": 33535.5, "decaps": 26623.0, "derive": 16420.0}
    return [PkeyRow(a, {op: rates[op] for op in sel.ops(a)}) for a in sel.pkey]


def test_tables() -> None:
    rows = [r for r in _rows(["rsa2048", "ML-KEM-768", "ML-DSA-65"])
            if r.algo.name != "kem:rsa2048"]  # a row the engine could not run is left out
    s, v, e, d, kg, en, de = 1210.5, 36287.25, 33855.0, 1305.75, 8223.0, 33535.5, 26623.0
    assert pkey_tables(rows, "3.5") == [
        c("%19ssign    verify    encrypt   decrypt   sign/s verify/s  encr./s  decr./s", " "),
        c("rsa %5u bits %8.6fs %8.6fs %8.6fs %8.6fs %8.1f %8.1f %8.1f %8.1f", 2048,
          1 / s, 1 / v, 1 / e, 1 / d, s, v, e, d),
        c("%31skeygen    encaps    decaps keygens/s  encaps/s  decaps/s", " "),
        c("%27s %8.6fs %8.6fs %8.6fs %9.1f %9.1f %9.1f", "ML-KEM-768", 1 / kg, 1 / en, 1 / de,
          kg, en, de),
        c("%31skeygen     signs    verify keygens/s    sign/s  verify/s", " "),
        c("%27s %8.6fs %8.6fs %8.6fs %9.1f %9.1f %9.1f", "rsa2048", 1 / kg, 1 / s, 1 / v,
          kg, s, v),
        c("%27s %8.6fs %8.6fs %8.6fs %9.1f %9.1f %9.1f", "ML-DSA-65", 1 / kg, 1 / s, 1 / v,
          kg, s, v),
    ]
    assert mr_records([], (), rows, dialect="3.5") == [
        c("+F2:%u:%u:%f:%f:%f:%f", 2, 2048, s, v, e, d),
        c("+F9:%u:%f:%f:%f", 13, kg, en, de),  # ML-KEM-768's index in the KEM list
        c("+F10:%u:%f:%f:%f", 2, kg, s, v),
        c("+F10:%u:%f:%f:%f", 10, kg, s, v),
    ]


def test_dsa_and_symmetric_tables_keep_their_3_0_layout() -> None:
    rows = _rows(["dsa1024"])
    dsa = next(r for r in rows if r.algo.family == "dsa")
    assert dsa.algo.k == 0  # 3.5 has no dsa512: dsa1024 is +F3 index 0
    assert pkey_tables([dsa], "3.5") == [
        c("%18ssign    verify    sign/s verify/s", " "),
        c("dsa %4u bits %8.6fs %8.6fs %8.1f %8.1f", 1024, 1 / 1210.5, 1 / 36287.25, 1210.5,
          36287.25)]
    sel = select(["hmac"], SelectOptions(dialect="3.5", bytes=16))
    assert sym_table([SymRow(sel.sym[0], [123456.0])], (16,)) == [
        "The 'numbers' are in 1000s of bytes per second processed.",
        c("type        %7d bytes", 16), c("%-13s %11.2fk", "hmac(sha256)", 123.456)]


def test_multi_parent_sums_kem_and_signature_records() -> None:
    """do_multi of 3.5: +F9/+F10 carry an index and three rates, summed per index."""
    sel = select(["ML-KEM-768"], SelectOptions(dialect="3.5"))
    lines = ["+F9:13:100.000000:200.000000:300.000000"]
    out, err, _, pkey = echo_and_sum([(0, lines), (1, lines)], 6, "3.5")
    assert out == [f"Got: {lines[0]} from 0", f"Got: {lines[0]} from 1"] and err == []
    assert pkey[("kem", 13)] == {"keygen": 200.0, "encaps": 400.0, "decaps": 600.0}
    assert parent_tables(sel, {}, pkey, mr=True) == [
        c("+F9:%u:%f:%f:%f", 13, 200.0, 400.0, 600.0)]


def test_the_3_0_parent_does_not_know_kem_records() -> None:
    _, err, _, _ = echo_and_sum([(0, ["+F9:13:1.0:2.0:3.0"])], 6, "3.0")
    assert err == ["Unknown type '+F9:13:1.0:2.0:3.0' from child 0"]  # the line, as buf
