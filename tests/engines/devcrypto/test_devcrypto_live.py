"""The engine on the real system calls: /dev/null (a device that is not cryptodev) always,
and the real /dev/crypto when this machine has one (skipped otherwise)."""

from __future__ import annotations

import ctypes
import hashlib
import os
import struct

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from pyspeed.algos.tables import SYM_ALGOS, SYM_WORDS
from pyspeed.engines.ctrl import EngineUnavailable
from pyspeed.engines.devcrypto import DevCryptoEngine
from pyspeed.model import CaseOptions, SymCase, Unsupported
from pyspeed.timing import run_for

KEY32 = bytes.fromhex("123456789abcdef03456789abcdef01256789abcdef01234789abcdef0123456")
HAVE_DEVCRYPTO = os.path.exists("/dev/crypto")


def test_dev_null_is_not_cryptodev() -> None:
    """Real open() and fcntl.ioctl() with the cryptodev request numbers: /dev/null answers
    ENOTTY to every one of them, so the engine is unavailable rather than empty."""
    e = DevCryptoEngine(device_path="/dev/null")
    with pytest.raises(EngineUnavailable) as info:
        e.init()
    assert str(info.value) == (
        "/dev/null: not a cryptodev device (CIOCGSESSION: Inappropriate ioctl for device)"
    )


@pytest.fixture
def live() -> DevCryptoEngine:
    if not HAVE_DEVCRYPTO:
        pytest.skip("no /dev/crypto on this machine (cryptodev module not loaded)")
    e = DevCryptoEngine()
    if not e.try_init():
        pytest.skip(f"/dev/crypto unusable: {e.unavailable_reason}")
    e.ctrl_cmd_string("USE_SOFTDRIVERS", "1")
    return e


def _fields(arg: bytearray) -> tuple[int, int, int, int]:
    """(len, src, dst, mac/iv...) from the reference's crypt_op layout."""
    length = struct.unpack_from("=I", arg, 8)[0]
    src, dst, mac = struct.unpack_from("=QQQ", arg, 16)
    return length, src, dst, mac


def test_live_dump_and_capabilities(live: DevCryptoEngine) -> None:
    text = live.dump_info()
    assert text.startswith("Information about ciphers supported by the /dev/crypto engine:\n")
    assert "Information about digests supported by the /dev/crypto engine:\n" in text
    assert isinstance(live.capabilities(), list)


def test_live_aes_cbc(live: DevCryptoEngine) -> None:
    algo = SYM_ALGOS[SYM_WORDS["aes-128-cbc"]]
    try:
        op = live.prepare(SymCase(algo, 64, 1.0), CaseOptions())
    except Unsupported as exc:
        pytest.skip(str(exc))
    m = run_for(op, 0.05)
    assert m.error is None and m.count > 0
    length, _src, dst, _mac = _fields(op.args[2])
    enc = Cipher(algorithms.AES(KEY32[:16]), modes.CBC(bytes(16))).encryptor()
    expected = bytes(64)
    for _ in range(m.count):
        expected = enc.update(expected)
    assert ctypes.string_at(dst, length) == expected


def test_live_sha256(live: DevCryptoEngine) -> None:
    algo = SYM_ALGOS[SYM_WORDS["sha256"]]
    try:
        op = live.prepare(SymCase(algo, 256, 1.0), CaseOptions(misalign=3))
    except Unsupported as exc:
        pytest.skip(str(exc))
    m = run_for(op, 0.05)
    assert m.error is None
    length, src, _dst, mac = _fields(op.args[2])
    assert src % 64 == 3
    assert ctypes.string_at(mac, 32) == hashlib.sha256(bytes(length)).digest()
