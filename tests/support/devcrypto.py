"""Shared fixtures and helpers of the devcrypto engine tests: the double, an engine on
it, and readers of what the engine sent."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from pyspeed.algos.cases import evp_algo
from pyspeed.engines.devcrypto import DevCryptoEngine
from pyspeed.model import CaseOptions, Operation, SymAlgo

from support.devcrypto_fake import CRYPT_OP, FakeCryptodev, decode, scenario

DATA = Path(__file__).resolve().parents[1] / "engines" / "devcrypto" / "data"
KEY32 = bytes.fromhex("123456789abcdef03456789abcdef01256789abcdef01234789abcdef0123456")
OPTS = CaseOptions()

ALL_CIPHERS = [
    "DES-EDE3-CBC", "BF-CBC", "AES-128-CBC", "AES-192-CBC", "AES-256-CBC",
    "AES-128-CTR", "AES-192-CTR", "AES-256-CTR", "AES-128-ECB", "AES-192-ECB", "AES-256-ECB",
    "CAMELLIA-128-CBC", "CAMELLIA-192-CBC", "CAMELLIA-256-CBC",
]  # fmt: skip
ALL_DIGESTS = ["MD5", "SHA1", "SHA224", "SHA256", "SHA512"]

DUMP = """\
Information about ciphers supported by the /dev/crypto engine:
Cipher DES-CBC, NID=31, /dev/crypto info: id=1, CIOCGSESSION (session open call) failed
Cipher DES-EDE3-CBC, NID=44, /dev/crypto info: id=2, driver=cbc-3des-caam (hw accelerated)
Cipher BF-CBC, NID=91, /dev/crypto info: id=3, driver=cbc(blowfish-generic) (software)
Cipher CAST5-CBC, NID=108, /dev/crypto info: id=4, CIOCGSESSION (session open call) failed
Cipher AES-128-CBC, NID=419, /dev/crypto info: id=11, driver=cbc-aes-aesni (software)
Cipher AES-192-CBC, NID=423, /dev/crypto info: id=11, driver=cbc-aes-aesni (software)
Cipher AES-256-CBC, NID=427, /dev/crypto info: id=11, driver=cbc-aes-aesni (software)
Cipher RC4, NID=5, /dev/crypto info: id=12, CIOCGSESSION (session open call) failed
Cipher AES-128-CTR, NID=904, /dev/crypto info: id=21, driver=qat_aes_ctr (software)
Cipher AES-192-CTR, NID=905, /dev/crypto info: id=21, driver=qat_aes_ctr (software)
Cipher AES-256-CTR, NID=906, /dev/crypto info: id=21, driver=qat_aes_ctr (software)
Cipher AES-128-ECB, NID=418, /dev/crypto info: id=23, driver=ecb-aes-aesni (software)
Cipher AES-192-ECB, NID=422, /dev/crypto info: id=23, driver=ecb-aes-aesni (software)
Cipher AES-256-ECB, NID=426, /dev/crypto info: id=23, driver=ecb-aes-aesni (software)
Cipher CAMELLIA-128-CBC, NID=751, /dev/crypto info: id=101, driver=unknown (acceleration status unknown)
Cipher CAMELLIA-192-CBC, NID=752, /dev/crypto info: id=101, driver=unknown (acceleration status unknown)
Cipher CAMELLIA-256-CBC, NID=753, /dev/crypto info: id=101, driver=unknown (acceleration status unknown)

Information about digests supported by the /dev/crypto engine:
Digest MD5, NID=4, /dev/crypto info: id=13, driver=md5-generic (software), CIOCCPHASH capable
Digest SHA1, NID=64, /dev/crypto info: id=14, driver=sha1-ni (software), CIOCCPHASH capable
Digest RIPEMD160, NID=117, /dev/crypto info: id=102, driver=unknown. CIOCGSESSION (session open) failed
Digest SHA224, NID=675, /dev/crypto info: id=103, driver=sha224-avx2 (software), CIOCCPHASH capable
Digest SHA256, NID=672, /dev/crypto info: id=104, driver=sha256-caam (hw accelerated), CIOCCPHASH capable
Digest SHA384, NID=673, /dev/crypto info: id=105, driver=sha384-avx2 (software), CIOCCPHASH failed
Digest SHA512, NID=674, /dev/crypto info: id=106, driver=sha512-avx2 (software), CIOCCPHASH capable

"""  # noqa: E501


@pytest.fixture
def kernel() -> FakeCryptodev:
    return FakeCryptodev(scenario())


@pytest.fixture
def engine(kernel: FakeCryptodev) -> DevCryptoEngine:
    e = DevCryptoEngine(kernel=kernel)
    e.err = io.StringIO()
    return e


def err_text(engine: DevCryptoEngine) -> str:
    stream = engine.err
    assert isinstance(stream, io.StringIO)
    text = stream.getvalue()
    stream.seek(0)
    stream.truncate()
    return text


def cipher(label: str, decrypt: bool = False) -> SymAlgo:
    return evp_algo(label, decrypt=decrypt)


def crypt_fields(op: Operation) -> dict[str, int]:
    """The crypt_op the operation sends, decoded with the double's own layout."""
    fd, request, arg = op.args
    assert isinstance(fd, int) and fd >= 0
    assert request == 0xC0306368  # CIOCCRYPT
    assert isinstance(arg, bytearray)
    return decode(arg, CRYPT_OP)


