"""DevCryptoEngine's operations against the cryptodev double: what check refuses, and
that prepared operations send the right ioctls and produce real ciphertext and digests.
"""

from __future__ import annotations

import ctypes
import errno
import gc
import hashlib
import os
import struct

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from pyspeed.algos.cases import evp_algo
from pyspeed.algos.tables import PKEY_WORDS, SYM_ALGOS, SYM_WORDS
from pyspeed.engines.devcrypto import DevCryptoEngine
from pyspeed.model import CaseOptions, PkeyCase, SymCase, Unsupported
from pyspeed.timing import run_for

from support.devcrypto import (
    KEY32,
    OPTS,
    cipher,
    crypt_fields,
)
from support.devcrypto_fake import FakeCryptodev


# -- check / prepare ------------------------------------------------------------------------
def test_check_refuses_what_devcrypto_has_not(engine: DevCryptoEngine) -> None:
    engine.ctrl_cmd_string("USE_SOFTDRIVERS", "1")
    for word in ("rsa2048", "ecdsap256", "ed25519", "ffdh2048"):
        with pytest.raises(Unsupported, match=r"ciphers and digests only"):
            engine.check(PKEY_WORDS[word])
        with pytest.raises(Unsupported, match=r"ciphers and digests only"):
            engine.prepare(PkeyCase(PKEY_WORDS[word], "sign", 1.0), OPTS)
    for index in (9, 26, 27):  # hmac(md5), ghash, rand
        with pytest.raises(Unsupported, match=r"ciphers and digests only"):
            engine.check(SYM_ALGOS[index])
    with pytest.raises(Unsupported, match=r"devcrypto has no AES-128-GCM"):
        engine.check(cipher("aes-128-gcm"))
    with pytest.raises(Unsupported, match=r"devcrypto has no SHA3-256"):
        engine.check(evp_algo("sha3-256"))
    with pytest.raises(Unsupported, match=r"devcrypto has no SEED-CBC"):
        engine.check(SYM_ALGOS[SYM_WORDS["seed"]])
    # candidates the probe found usable pass, with their registry names
    for word in ("aes-128-cbc", "des-ede3", "blowfish", "camellia-256-cbc", "sha256", "md5"):
        engine.check(SYM_ALGOS[SYM_WORDS[word]])
    engine.check(cipher("aes-192-ctr"))
    engine.check(evp_algo("sha512"))


def test_check_explains_unusable(engine: DevCryptoEngine) -> None:
    with pytest.raises(Unsupported, match=r"cbc-aes-aesni is software.*USE_SOFTDRIVERS=1"):
        engine.check(SYM_ALGOS[SYM_WORDS["aes-128-cbc"]])
    with pytest.raises(Unsupported, match=r"cannot open a DES-CBC session \(CIOCGSESSION: "):
        engine.check(SYM_ALGOS[SYM_WORDS["des-cbc"]])
    with pytest.raises(Unsupported, match=r"RIPEMD160 session"):
        engine.check(SYM_ALGOS[SYM_WORDS["rmd160"]])
    with pytest.raises(Unsupported, match=r"cannot copy SHA384 hash state \(CIOCCPHASH: "):
        engine.check(evp_algo("sha384"))
    with pytest.raises(Unsupported, match=r"cannot open a CAST5-CBC session"):
        engine.check(SYM_ALGOS[SYM_WORDS["cast"]])
    engine.ctrl_cmd_string("USE_SOFTDRIVERS", "0")
    with pytest.raises(Unsupported, match=r"acceleration .* unknown and USE_SOFTDRIVERS=0"):
        engine.check(SYM_ALGOS[SYM_WORDS["camellia-128-cbc"]])
    engine.ctrl_cmd_string("CIPHERS", "NONE")
    with pytest.raises(Unsupported, match=r"DES-EDE3-CBC is not enabled \(ctrl CIPHERS\)"):
        engine.check(SYM_ALGOS[SYM_WORDS["des-ede3"]])


def test_cbc_speed_op_produces_real_ciphertext(
    engine: DevCryptoEngine, kernel: FakeCryptodev
) -> None:
    engine.ctrl_cmd_string("USE_SOFTDRIVERS", "1")
    op = engine.prepare(SymCase(SYM_ALGOS[SYM_WORDS["aes-128-cbc"]], 64, 1.0), OPTS)
    assert op.fn == kernel.ioctl
    assert op.implementation == "/dev/crypto (cryptodev): kernel driver cbc-aes-aesni (software)"
    f = crypt_fields(op)
    assert (f["op"], f["flags"], f["len"], f["mac"]) == (0, 4, 64, 0)  # encrypt, WRITE_IV
    assert f["src"] == f["dst"] and f["iv"]  # in place, as openssl speed
    assert ctypes.string_at(f["src"], 64) == bytes(64)  # the trial call was undone
    assert ctypes.string_at(f["iv"], 16) == bytes(16)
    calls = kernel.requests().count("CIOCCRYPT")
    m = run_for(op, 0.02)
    assert m.error is None and m.count > 0
    assert kernel.requests().count("CIOCCRYPT") - calls == m.count
    # what a continuing AES-128-CBC context (zero IV) makes of the same in-place loop
    enc = Cipher(algorithms.AES(KEY32[:16]), modes.CBC(bytes(16))).encryptor()
    expected = bytes(64)
    for _ in range(m.count):
        expected = enc.update(expected)
    assert ctypes.string_at(f["dst"], 64) == expected
    assert ctypes.string_at(f["iv"], 16) == expected[-16:]


@pytest.mark.parametrize(("label", "mode"), [("AES-256-CBC", "cbc"), ("AES-192-ECB", "ecb")])
def test_decrypt_op(engine: DevCryptoEngine, label: str, mode: str) -> None:
    engine.ctrl_cmd_string("USE_SOFTDRIVERS", "1")
    op = engine.prepare(SymCase(cipher(label, decrypt=True), 32, 1.0), OPTS)
    f = crypt_fields(op)
    assert f["op"] == 1
    m = run_for(op, 0.01)
    assert m.error is None
    key = KEY32[: 32 if "256" in label else 24]
    c = Cipher(algorithms.AES(key), modes.CBC(bytes(16)) if mode == "cbc" else modes.ECB())
    dec = c.decryptor()
    expected = bytes(32)
    for _ in range(m.count):
        expected = dec.update(expected)
    assert ctypes.string_at(f["dst"], 32) == expected


def test_ctr_takes_any_size(engine: DevCryptoEngine) -> None:
    engine.ctrl_cmd_string("USE_SOFTDRIVERS", "1")
    op = engine.prepare(SymCase(cipher("AES-128-CTR"), 16, 1.0), OPTS)
    f = crypt_fields(op)
    m = run_for(op, 0.01)
    enc = Cipher(algorithms.AES(KEY32[:16]), modes.CTR(bytes(16))).encryptor()
    expected = bytes(16)
    for _ in range(m.count):
        expected = enc.update(expected)
    assert ctypes.string_at(f["dst"], 16) == expected
    assert int.from_bytes(ctypes.string_at(f["iv"], 16), "big") == m.count
    engine.prepare(SymCase(cipher("AES-128-CTR"), 17, 1.0), OPTS)  # stream: no refusal


def test_3des_hardware_default_policy(engine: DevCryptoEngine) -> None:
    op = engine.prepare(SymCase(SYM_ALGOS[SYM_WORDS["des-ede3"]], 16, 1.0), OPTS)
    assert op.implementation.endswith("cbc-3des-caam (hw accelerated)")
    f = crypt_fields(op)
    run_for(op, 0.005)
    assert ctypes.string_at(f["dst"], 16) != bytes(16)


def test_digest_op_produces_real_digest(engine: DevCryptoEngine, kernel: FakeCryptodev) -> None:
    op = engine.prepare(SymCase(SYM_ALGOS[SYM_WORDS["sha256"]], 1024, 1.0), OPTS)
    assert op.implementation.endswith("sha256-caam (hw accelerated)")
    f = crypt_fields(op)
    assert (f["op"], f["flags"], f["len"], f["dst"], f["iv"]) == (0, 0, 1024, 0, 0)
    data = os.urandom(1024)
    ctypes.memmove(f["src"], data, 1024)
    m = run_for(op, 0.02)
    assert m.error is None and m.count > 1  # flags 0 resets each time: every call is whole
    assert ctypes.string_at(f["mac"], 32) == hashlib.sha256(data).digest()


def test_final_alone_is_not_a_one_shot(kernel: FakeCryptodev) -> None:
    """Why the engine sends COP_FLAG_NONE: FINAL without RESET continues the finalised
    state on the second call (the double refuses that with EIO)."""
    from pyspeed.engines.devcrypto import abi
    from pyspeed.engines.devcrypto.device import Device, Pinned

    dev = Device.open(kernel)
    ses = dev.open_session(mac=abi.CRYPTO_SHA2_256)
    data, mac = Pinned(16), Pinned(64)
    cop = dev.crypt_op(ses, 0, abi.COP_FLAG_FINAL, 16, data, None, mac, None)
    dev.crypt(cop)
    with pytest.raises(OSError) as info:
        dev.crypt(cop)
    assert info.value.errno == errno.EIO


def test_block_multiple_and_misalign(engine: DevCryptoEngine) -> None:
    engine.ctrl_cmd_string("USE_SOFTDRIVERS", "1")
    with pytest.raises(Unsupported, match=r"17 is not a multiple of the cipher block \(16"):
        engine.prepare(SymCase(SYM_ALGOS[SYM_WORDS["aes-128-cbc"]], 17, 1.0), OPTS)
    with pytest.raises(Unsupported, match=r"not a multiple of the cipher block \(8"):
        engine.prepare(SymCase(SYM_ALGOS[SYM_WORDS["blowfish"]], 12, 1.0), OPTS)
    with pytest.raises(Unsupported, match=r"multiple"):
        engine.prepare(SymCase(cipher("AES-128-ECB"), 40, 1.0), OPTS)
    op = engine.prepare(SymCase(SYM_ALGOS[SYM_WORDS["aes-128-cbc"]], 64, 1.0), CaseOptions(3))
    f = crypt_fields(op)
    assert f["src"] % 64 == 3 and f["src"] == f["dst"]
    assert any("falls back from zero-copy" in n for n in op.notes)  # alignmask 15
    aligned = engine.prepare(SymCase(SYM_ALGOS[SYM_WORDS["aes-128-cbc"]], 64, 1.0), OPTS)
    assert crypt_fields(aligned)["src"] % 64 == 0
    assert not any("zero-copy" in n for n in aligned.notes)
    digest = engine.prepare(SymCase(SYM_ALGOS[SYM_WORDS["md5"]], 16, 1.0), CaseOptions(1))
    assert crypt_fields(digest)["src"] % 64 == 1
    assert run_for(digest, 0.005).error is None


def test_sessions_end_with_operations(engine: DevCryptoEngine, kernel: FakeCryptodev) -> None:
    engine.ctrl_cmd_string("USE_SOFTDRIVERS", "1")
    op = engine.prepare(SymCase(SYM_ALGOS[SYM_WORDS["aes-128-cbc"]], 16, 1.0), OPTS)
    op2 = engine.prepare(SymCase(SYM_ALGOS[SYM_WORDS["sha1"]], 16, 1.0), OPTS)
    assert kernel.open_sessions() == 2
    sid = struct.unpack_from("=I", op.args[2], 0)[0]
    del op
    gc.collect()
    assert kernel.open_sessions() == 1
    assert ("CIOCFSESSION", sid) in kernel.log
    engine.finish()  # finish keeps the device: prepared operations stay valid
    assert run_for(op2, 0.002).error is None
    engine.close()
    assert kernel.files == {} and kernel.closed == [100]
    del op2
    gc.collect()  # the finalizer must not touch a closed descriptor
    with pytest.raises(Unsupported):
        engine.prepare(SymCase(SYM_ALGOS[SYM_WORDS["sha1"]], 16, 1.0), OPTS)


def test_prepare_initialises_implicitly(engine: DevCryptoEngine) -> None:
    assert not engine.initialised
    engine.prepare(SymCase(SYM_ALGOS[SYM_WORDS["sha256"]], 16, 1.0), OPTS)
    assert engine.initialised


def test_kernel_refusing_the_operation_is_unsupported(
    engine: DevCryptoEngine, kernel: FakeCryptodev
) -> None:
    engine.ctrl_cmd_string("USE_SOFTDRIVERS", "1")
    engine.init()
    kernel.drivers.pop("cbc(aes)")  # module unloaded after the probe
    with pytest.raises(Unsupported, match=r"AES-128-CBC: CIOCGSESSION failed: Invalid argument"):
        engine.prepare(SymCase(SYM_ALGOS[SYM_WORDS["aes-128-cbc"]], 16, 1.0), OPTS)


