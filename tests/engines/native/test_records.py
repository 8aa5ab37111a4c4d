"""`+R` records of every OpenSSL line, as apps/speed.c writes them (the 3.0 lines are
recorded output, tests/golden/; the others follow each release's format strings)."""

from __future__ import annotations

import pytest

from pyspeed.engines.native.records import RecordError, line_of, operation, results

from support.golden import load

# One run of each algorithm word, per release line: (version, family, stderr, expected)
CASES = [
    # 1.1.1: "+R1:%ld:%d:%.2f", EdDSA "+R8:%ld:%u:%s:%.2f"
    ((1, 1), "rsa", "+DTP:2048:private:rsa:10\n+R1:1234:2048:10.00\n+DTP:2048:public:rsa:10\n"
     "+R2:45678:2048:10.00\n", [("sign", 1234), ("verify", 45678)]),
    ((1, 1), "eddsa", "+R8:900:253:Ed25519:10.00\n+R9:300:253:Ed25519:10.00\n",
     [("sign", 900), ("verify", 300)]),
    # 3.0: SM2 R10/R11, FFDH R12
    ((3, 0), "ffdh", "+DTP:2048::ffdh:10\n+R12:3210:2048:10.00\n", [("derive", 3210)]),
    ((3, 0), "sm2", "+R10:77:256:CurveSM2:10.00\n+R11:66:256:CurveSM2:10.00\n",
     [("sign", 77), ("verify", 66)]),
    # 3.2-3.6: RSA gains encrypt/decrypt (R3/R4), FFDH is R14
    ((3, 5), "rsa", "+R1:10:2048:1.00\n+R2:20:2048:1.00\n+R3:30:2048:1.00\n"
     "+R4:40:2048:1.00\n", [("sign", 10), ("verify", 20), ("encrypt", 30), ("decrypt", 40)]),
    ((3, 2), "ecdh", "+R9:500:256:1.00\n", [("derive", 500)]),
    ((3, 6), "ffdh", "+R14:3210:2048:10.00\n", [("derive", 3210)]),
    ((3, 2), "eddsa", "+R10:900:253:Ed25519:1.00\n+R11:300:253:Ed25519:1.00\n",
     [("sign", 900), ("verify", 300)]),
    # 4.x: EC paths merged, the curve's name in R7/R8; R10-R13 gone
    ((4, 0), "eddsa", "+R7:900:Ed25519:1.00\n+R8:300:Ed25519:1.00\n",
     [("sign", 900), ("verify", 300)]),
    ((4, 0), "ecdsa", "+R7:800:prime256v1:1.00\n+R8:200:prime256v1:1.00\n",
     [("sign", 800), ("verify", 200)]),
    ((4, 0), "ffdh", "+R14:3210:2048:1.00\n", [("derive", 3210)]),
    # symmetric, every line; 1.1.1's names have spaces
    ((1, 1), "sym", "+DT:aes-128 cbc:3:16\n+R:1000:aes-128 cbc:3.00\n", [("", 1000)]),
    ((3, 0), "sym", "+DT:sha256:1:64\n+R:4850037:sha256:1.000000\n", [("", 4850037)]),
]


@pytest.mark.parametrize(("version", "family", "stderr", "expected"), CASES)
def test_records_name_their_operation(version: tuple[int, int], family: str, stderr: str,
                                      expected: list[tuple[str, int]]) -> None:
    got = results(stderr, version)
    assert [(r.op, r.count) for r in got] == expected
    assert {r.family for r in got} == {family}
    assert all(r.seconds > 0 for r in got)


def test_one_word_of_3_5_runs_three_tables() -> None:
    """`openssl speed rsa2048` of 3.5: the RSA row, the rsa2048 KEM row and signature row
    (apps/speed.c 3.5: +R1..+R4, +R15..+R17 and +R18..+R20 with the row's name)."""
    stderr = ("+DTP:2048:private:rsa sign:1\n+R1:1210:2048:1.00\n+R2:36287:2048:0.95\n"
              "+R3:33855:2048:0.96\n+R4:1305:2048:0.96\n+DTP:rsa2048:keygen:1\n"
              "+R15:900:rsa2048:1.00\n+R16:30000:rsa2048:1.00\n+R17:1200:rsa2048:1.00\n"
              "+DTP:rsa2048:keygen:1\n+R18:14:rsa2048:0.90\n+DTP:rsa2048:signs:1\n"
              "+R19:1176:rsa2048:0.90\n+R20:42687:rsa2048:0.97\n")
    got = [(r.family, r.name, r.op, r.count) for r in results(stderr, (3, 5))]
    assert got == [("rsa", "", "sign", 1210), ("rsa", "", "verify", 36287),
                   ("rsa", "", "encrypt", 33855), ("rsa", "", "decrypt", 1305),
                   ("kem", "rsa2048", "keygen", 900), ("kem", "rsa2048", "encaps", 30000),
                   ("kem", "rsa2048", "decaps", 1200), ("sig", "rsa2048", "keygen", 14),
                   ("sig", "rsa2048", "sign", 1176), ("sig", "rsa2048", "verify", 42687)]


def test_post_quantum_rows_keep_their_names() -> None:
    stderr = ("+DTP:ML-KEM-768:keygen:1\n+R15:8000:ML-KEM-768:1.00\n"
              "+R16:33000:ML-KEM-768:1.00\n+R17:26000:ML-KEM-768:1.00\n"
              "+R19:860:ML-DSA-65:1.00\n")
    got = [(r.family, r.name, r.op) for r in results(stderr, (3, 6))]
    assert got == [("kem", "ML-KEM-768", "keygen"), ("kem", "ML-KEM-768", "encaps"),
                   ("kem", "ML-KEM-768", "decaps"), ("sig", "ML-DSA-65", "sign")]


@pytest.mark.parametrize("name", ["seconds_1_mr_dsa2048_ecdsap256_ed25519_ecdhx25519_ffdh2048_"
                                  "curveSM2_rsa1024", "seconds_1_mr_ecdhp256"])
def test_recorded_openssl_3_0_output(name: str) -> None:
    """Every +R line of a real 3.0.19 run is read, and each names an operation of the
    family whose progress line came before it."""
    sample = load(name)
    family_of = {"rsa": "rsa", "dsa": "dsa", "ecdsa": "ecdsa", "ecdh": "ecdh",
                 "Ed25519": "eddsa", "Ed448": "eddsa", "CurveSM2": "sm2", "ffdh": "ffdh"}
    family = ""
    for line in sample.stderr:
        if line.startswith("+DTP:"):
            family = family_of[line.split(":")[3]]
        elif line.startswith("+R"):
            (r,) = results(line, (3, 0))
            assert r.family == family
            assert r.op in ("sign", "verify", "derive") and r.count > 0


def test_lines() -> None:
    assert [line_of(v) for v in ((1, 1), (3, 0), (3, 1), (3, 2), (3, 6), (4, 0))] == [
        "1.1.1", "3.0", "3.0", "3.2", "3.2", "4.x"]
    assert operation((3, 2), 3) == ("rsa", "encrypt")
    assert operation((3, 0), 3) == ("dsa", "sign")  # R3 is DSA's in 3.0
    assert operation((4, 0), 7, "SM2") == ("sm2", "sign")  # 4.x: the EC paths merged
    assert operation((4, 0), 11) is None and operation((3, 0), 13) is None


@pytest.mark.parametrize("line", ["+R1:lots:2048:1.00", "+R:12:sha1:soon", "+Rx:1:2:3",
                                  "+R13:5:256:1.00"])
def test_an_unreadable_record_names_the_version_and_line(line: str) -> None:
    with pytest.raises(RecordError, match=r"OpenSSL 3\.0: .*" + line[:3].replace("+", r"\+")):
        results(line, (3, 0))
