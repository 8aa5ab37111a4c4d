"""What a 3.5 binary writes that a run has no case for is kept, under the binary's name.

No OpenSSL 3.5 binary can be installed on these machines, so a stand-in replays the
records 3.5's apps/speed.c writes for `speed -mr -seconds 1 rsa2048` (format strings of
docs/openssl-compat.md §4: +R1..+R4 RSA, +R15..+R17 the rsa2048 KEM row, +R18..+R20 the
signature row) and `version -a` of a 3.5 build. The engine, the runner and the results
document are the real ones.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import pyspeed
from pyspeed.engines.native import NativeEngine

RECORDS = """\
+DTP:2048:private:rsa sign:1
+R1:1210:2048:1.00
+DTP:2048:public:rsa verify:1
+R2:36287:2048:0.95
+DTP:2048:public:rsa encrypt:1
+R3:33855:2048:0.96
+DTP:2048:private:rsa decrypt:1
+R4:1305:2048:0.96
+DTP:rsa2048:keygen:1
+R15:900:rsa2048:1.00
+DTP:rsa2048:encaps:1
+R16:30000:rsa2048:1.00
+DTP:rsa2048:decaps:1
+R17:1200:rsa2048:1.00
+DTP:rsa2048:keygen:1
+R18:14:rsa2048:0.90
+DTP:rsa2048:signs:1
+R19:1176:rsa2048:0.90
+DTP:rsa2048:verify:1
+R20:42687:rsa2048:0.97
"""


@pytest.fixture
def openssl35(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "records").write_text(RECORDS)
    binary = tmp_path / "openssl"
    binary.write_text(f"""#!/bin/sh
if [ "$1" = version ]; then
  echo "OpenSSL 3.5.4 30 Sep 2025 (Library: OpenSSL 3.5.4 30 Sep 2025)"
  echo "built on: Tue Sep 30 12:00:00 2025 UTC"
  echo "platform: debian-amd64"
  exit 0
fi
echo "$@" >> {tmp_path / 'argv'}
cat {tmp_path / 'records'} >&2
""")
    binary.chmod(0o755)
    monkeypatch.setenv("PYSPEED_OPENSSL", str(binary))
    return binary


def test_the_3_0_dialect_keeps_what_it_has_no_case_for(openssl35: Path) -> None:
    run = pyspeed.measure(["rsa2048"], engines=["native"],
                          options=pyspeed.MeasureOptions(seconds=1.0))
    got = {(r.case, r.family, r.count) for r in run.records}
    assert got == {
        ("rsa2048/sign", "rsa", 1210), ("rsa2048/verify", "rsa", 36287),
        ("rsa2048/encrypt", "rsa", 33855), ("rsa2048/decrypt", "rsa", 1305),
        ("kem:rsa2048/keygen", "kem", 900), ("kem:rsa2048/encaps", "kem", 30000),
        ("kem:rsa2048/decaps", "kem", 1200), ("sig:rsa2048/keygen", "sig", 14),
        ("sig:rsa2048/sign", "sig", 1176), ("sig:rsa2048/verify", "sig", 42687)}
    assert run.options["dialect"] == "3.0"


def test_the_3_5_dialect_has_a_case_for_every_record(openssl35: Path) -> None:
    """One run of the binary serves all ten cases of `rsa2048` in 3.5's vocabulary."""
    run = pyspeed.measure(["rsa2048"], engines=["native"],
                          options=pyspeed.MeasureOptions(seconds=1.0, dialect="3.5"))
    assert len(run.records) == 10 and all(r.error is None for r in run.records)
    sig = next(r for r in run.records if r.case == "sig:rsa2048/sign")
    assert sig.count == 1176 and sig.family == "sig" and sig.algorithm == "sig:rsa2048"


def test_version_is_read_from_the_binary(openssl35: Path) -> None:
    e = NativeEngine()
    assert e.try_init() and e.version == (3, 5) and e.label == "OpenSSL 3.5.4"


def test_a_failed_test_is_an_error_not_a_negative_count(openssl35: Path) -> None:
    """3.5's KEM and signature loops count -1 when an operation fails."""
    (openssl35.parent / "records").write_text("+DTP:ML-KEM-768:keygen:1\n"
                                              "+R15:-1:ML-KEM-768:1.00\n")
    run = pyspeed.measure(["ML-KEM-768"], engines=["native"],
                          options=pyspeed.MeasureOptions(seconds=1.0))
    keygen = next(r for r in run.records if r.case == "ML-KEM-768/keygen")
    assert keygen.count == 0 and keygen.error is not None
    assert "the test failed (count -1 in '+R15:-1:ML-KEM-768:1.00')" in keygen.error


def test_hmac_names_its_digest(openssl35: Path) -> None:
    """The bare word `hmac` is hmac(md5) in 3.0 and hmac(sha256) from 3.3: the binary is
    always told which digest the row means."""
    (openssl35.parent / "records").write_text("+DT:hmac(md5):1:16\n"
                                              "+R:1000:hmac(md5):1.000000\n")
    pyspeed.measure(["hmac"], engines=["native"],
                    options=pyspeed.MeasureOptions(seconds=1.0, bytes=16))
    argv = (openssl35.parent / "argv").read_text().splitlines()
    assert argv[-1].endswith("-bytes 16 -hmac md5")
