"""DevCryptoEngine against a double of cryptodev-linux at the ioctl boundary.

The double (devcrypto_fake) decodes the engine's packed structs with its own layout
tables and does real crypto on the memory behind their pointers, so these tests check
both the conversation (which ioctls, with which fields) and the bytes produced.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import gc
import hashlib
import io
import os
import struct
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from devcrypto_fake import CRYPT_OP, FakeCryptodev, NotCryptodev, decode, scenario

from pyspeed.algos.cases import evp_algo
from pyspeed.algos.tables import PKEY_WORDS, SYM_ALGOS, SYM_WORDS
from pyspeed.engines.base import Engine
from pyspeed.engines.ctrl import NO_INPUT, NUMERIC, STRING, CtrlError, EngineUnavailable
from pyspeed.engines.devcrypto import DevCryptoEngine
from pyspeed.model import CaseOptions, Operation, PkeyCase, SymAlgo, SymCase, Unsupported
from pyspeed.timing import run_for

DATA = Path(__file__).parent / "data"
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


# -- identity and ctrl table ------------------------------------------------------------
def test_identity_and_ctrl_table() -> None:
    e = DevCryptoEngine(device_path="/nonexistent/crypto")  # constructing never fails
    assert isinstance(e, Engine)
    assert (e.id, e.name) == ("devcrypto", "/dev/crypto engine")
    table = [(c.num, c.name, c.flags) for c in e.ctrl_commands()]
    assert table == [
        (200, "USE_SOFTDRIVERS", NUMERIC),
        (201, "CIPHERS", STRING),
        (202, "DIGESTS", STRING),
        (203, "DUMP_INFO", NO_INPUT),
    ]
    descriptions = [c.description for c in e.ctrl_commands()]
    assert descriptions == [
        "specifies whether to use software (not accelerated) drivers (0=use only accelerated "
        "drivers, 1=allow all drivers, 2=use if acceleration can't be determined) [default=2]",
        "either ALL, NONE, or a comma-separated list of ciphers to enable [default=ALL]",
        "either ALL, NONE, or a comma-separated list of digests to enable [default=ALL]",
        "dump info about each algorithm to stderr; use 'openssl engine -pre DUMP_INFO devcrypto'",
    ]


# -- the probe ------------------------------------------------------------------------
def test_system_kernel_is_the_syscalls() -> None:
    # a real speed operation's fn is fcntl.ioctl itself: no Python frame per iteration
    from pyspeed.engines.devcrypto.device import SystemKernel

    k = SystemKernel()
    assert (k.open, k.ioctl, k.close) == (os.open, fcntl.ioctl, os.close)


def test_construction_touches_nothing(kernel: FakeCryptodev) -> None:
    DevCryptoEngine(kernel=kernel)
    assert kernel.log == [] and kernel.open_flags == []


def test_probe_sequence(engine: DevCryptoEngine, kernel: FakeCryptodev) -> None:
    engine.init()
    assert engine.initialised
    assert kernel.open_flags == [os.O_RDWR | os.O_CLOEXEC]
    # AES-128-CBC: open with 16 bytes of OpenSSL's dummy key, ask the driver, close
    aes = [i for i, entry in enumerate(kernel.log) if entry[:4] == ("CIOCGSESSION", 11, 0, 16)]
    i = aes[0]
    assert kernel.log[i][4] == b"0123456789012345"
    sid = kernel.log[i + 1][1]
    assert kernel.log[i + 1 : i + 3] == [("CIOCGSESSINFO", sid), ("CIOCFSESSION", sid)]
    # 3DES reads 24 key bytes
    assert ("CIOCGSESSION", 2, 0, 24, b"012345678901234567890123") in kernel.log
    # MD5: session, info, second session, hash-state copy 1 -> 2, both closed
    j = kernel.log.index(("CIOCGSESSION", 0, 13, 0))
    s1, s2 = kernel.log[j + 1][1], kernel.log[j + 3][1]
    assert s1 != s2
    assert kernel.log[j : j + 6] == [
        ("CIOCGSESSION", 0, 13, 0),
        ("CIOCGSESSINFO", s1),
        ("CIOCGSESSION", 0, 13, 0),
        ("CIOCCPHASH", s2, s1),
        ("CIOCFSESSION", s1),
        ("CIOCFSESSION", s2),
    ]
    # a failed open is not followed by a close of a stale id
    k = kernel.log.index(("CIOCGSESSION", 1, 0, 8))  # DES: no cbc(des) driver
    assert kernel.log[k + 1][0] == "CIOCGSESSION"
    assert kernel.open_sessions() == 0
    # binding happens once
    before = len(kernel.log)
    engine.capabilities()
    engine.init()
    assert len(kernel.log) == before


def test_driver_names_and_classification(engine: DevCryptoEngine) -> None:
    engine.init()
    by_sn = {
        c: (i.status.name, i.accelerated.name, i.driver_name)
        for c, i in zip(
            ["DES-CBC", "DES-EDE3-CBC", "BF-CBC", "CAST5-CBC", "AES-128-CBC"],
            engine.cipher_info,
            strict=False,
        )
    }
    assert by_sn == {
        "DES-CBC": ("NO_CIOCGSESSION", "UNKNOWN", None),
        "DES-EDE3-CBC": ("USABLE", "ACCELERATED", "cbc-3des-caam"),
        "BF-CBC": ("USABLE", "NOT_ACCELERATED", "cbc(blowfish-generic)"),
        "CAST5-CBC": ("NO_CIOCGSESSION", "UNKNOWN", None),
        "AES-128-CBC": ("USABLE", "NOT_ACCELERATED", "cbc-aes-aesni"),
    }
    assert engine.cipher_info[4].alignmask == 15
    camellia = engine.cipher_info[14]
    assert (camellia.status.name, camellia.accelerated.name) == ("USABLE", "UNKNOWN")
    digests = [(i.status.name, i.accelerated.name, i.driver_name) for i in engine.digest_info]
    assert digests == [
        ("USABLE", "NOT_ACCELERATED", "md5-generic"),
        ("USABLE", "NOT_ACCELERATED", "sha1-ni"),
        ("NO_CIOCGSESSION", "UNKNOWN", None),
        ("USABLE", "NOT_ACCELERATED", "sha224-avx2"),
        ("USABLE", "ACCELERATED", "sha256-caam"),
        ("NO_CIOCCPHASH", "NOT_ACCELERATED", "sha384-avx2"),
        ("USABLE", "NOT_ACCELERATED", "sha512-avx2"),
    ]


# -- capabilities and ctrls ---------------------------------------------------------------
def test_capabilities_follow_use_softdrivers(engine: DevCryptoEngine) -> None:
    # default 2: confirmed software drivers are refused, unknown ones allowed
    assert engine.capabilities() == [
        "DES-EDE3-CBC", "CAMELLIA-128-CBC", "CAMELLIA-192-CBC", "CAMELLIA-256-CBC", "SHA256",
    ]  # fmt: skip
    engine.ctrl_cmd_string("USE_SOFTDRIVERS", "1")
    assert engine.capabilities() == ALL_CIPHERS + ALL_DIGESTS
    engine.ctrl_cmd_string("USE_SOFTDRIVERS", "0")
    assert engine.capabilities() == ["DES-EDE3-CBC", "SHA256"]
    engine.ctrl_cmd_string("USE_SOFTDRIVERS", "2")
    assert engine.capabilities()[0] == "DES-EDE3-CBC"
    assert err_text(engine) == ""


@pytest.mark.parametrize(
    ("arg", "shown"),
    [("3", "3"), ("-1", "-1"), ("+7", "7"), ("99999999999999999999", "9223372036854775807")],
)
def test_use_softdrivers_invalid(engine: DevCryptoEngine, arg: str, shown: str) -> None:
    with pytest.raises(CtrlError):
        engine.ctrl_cmd_string("USE_SOFTDRIVERS", arg)
    assert err_text(engine) == f"devcrypto: invalid value ({shown}) for USE_SOFTDRIVERS\n"
    assert engine.use_softdrivers == 2


def test_ctrl_generic_failures(engine: DevCryptoEngine) -> None:
    cases = [
        ("USE_SOFTDRIVERS", "one", "argument is not a number"),
        ("USE_SOFTDRIVERS", None, "command takes input"),
        ("CIPHERS", None, "command takes input"),
        ("DUMP_INFO", "x", "command takes no input"),
        ("NOSUCH", None, "invalid cmd name"),
    ]
    for name, arg, reason in cases:
        with pytest.raises(CtrlError) as info:
            engine.ctrl_cmd_string(name, arg)
        assert info.value.reason == reason
    assert err_text(engine) == ""


def test_ciphers_and_digests_lists(engine: DevCryptoEngine) -> None:
    engine.ctrl_cmd_string("USE_SOFTDRIVERS", "1")
    engine.ctrl_cmd_string("CIPHERS", "NONE")
    assert engine.capabilities() == ALL_DIGESTS
    engine.ctrl_cmd_string("CIPHERS", "all")  # ALL / NONE are case-insensitive
    assert engine.capabilities() == ALL_CIPHERS + ALL_DIGESTS
    # a list replaces the selection; unknown and unavailable names are reported, not fatal
    engine.ctrl_cmd_string("CIPHERS", " aes128 , nosuch,aes-128-gcm,,DES-EDE3-CBC ,des-cbc")
    assert err_text(engine) == (
        "devcrypto: unknown cipher nosuch\ndevcrypto: cipher aes-128-gcm not available\n"
    )
    # DES-CBC is selected but its session cannot be opened: still not offered
    assert engine.capabilities() == ["DES-EDE3-CBC", "AES-128-CBC", *ALL_DIGESTS]
    engine.ctrl_cmd_string("DIGESTS", "sha256,SHA3-256, whatever,SHA-1,rmd160,sha384")
    assert err_text(engine) == (
        "devcrypto: digest SHA3-256 not available\ndevcrypto: unknown digest whatever\n"
    )
    assert engine.capabilities() == ["DES-EDE3-CBC", "AES-128-CBC", "SHA1", "SHA256"]
    assert engine.selected_digests == [False, True, True, False, True, True, False]
    engine.ctrl_cmd_string("DIGESTS", "")  # CONF_parse_list of "": nothing selected
    assert engine.capabilities() == ["DES-EDE3-CBC", "AES-128-CBC"]
    assert err_text(engine) == ""


def test_dump_info_exact(engine: DevCryptoEngine) -> None:
    engine.ctrl_cmd_string("DUMP_INFO", None)
    assert err_text(engine) == DUMP


def test_dump_info_follows_policy_independently(engine: DevCryptoEngine) -> None:
    # DUMP_INFO reports the probe, whatever the selection and policy
    engine.ctrl_cmd_string("CIPHERS", "NONE")
    engine.ctrl_cmd_string("USE_SOFTDRIVERS", "0")
    assert engine.dump_info() == DUMP


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


# -- unavailable device ----------------------------------------------------------------------
def test_missing_device() -> None:
    e = DevCryptoEngine(
        device_path="/nonexistent/crypto", proc_crypto_path=str(DATA / "nosuch.txt")
    )
    e.err = io.StringIO()
    assert e.capabilities() == []
    with pytest.raises(EngineUnavailable) as info:
        e.init()
    reason = "/nonexistent/crypto: No such file or directory (the cryptodev module is not loaded)"
    assert str(info.value) == reason
    assert not e.try_init() and e.unavailable_reason == reason
    with pytest.raises(Unsupported, match=r"^/nonexistent/crypto: No such file"):
        e.check(SYM_ALGOS[SYM_WORDS["aes-128-cbc"]])
    with pytest.raises(Unsupported, match=r"^/nonexistent/crypto: No such file"):
        e.prepare(SymCase(SYM_ALGOS[SYM_WORDS["sha1"]], 16, 1.0), OPTS)
    # public-key algorithms are refused for what they are, not for the device
    with pytest.raises(Unsupported, match=r"ciphers and digests only"):
        e.check(PKEY_WORDS["rsa2048"])
    # ctrls that only change the selection still work; ENOENT prints nothing (as OpenSSL)
    e.ctrl_cmd_string("USE_SOFTDRIVERS", "1")
    e.ctrl_cmd_string("CIPHERS", "aes-128-cbc")
    assert err_text(e) == ""
    e.ctrl_cmd_string("DUMP_INFO", None)
    text = err_text(e)
    assert "Kernel crypto API (" in text and "cannot read it: No such file or directory" in text
    assert "kernel cbc(aes): unknown (/proc/crypto unreadable)" in text


def test_missing_device_dump_lists_proc_crypto() -> None:
    e = DevCryptoEngine(
        device_path="/nonexistent/crypto",
        proc_crypto_path=str(DATA / "proc_crypto_qat_virtio_sample.txt"),
    )
    reason = "/nonexistent/crypto: No such file or directory (the cryptodev module is not loaded)"
    unavailable = f"/dev/crypto unavailable: {reason}"
    not_registered = "not registered (the kernel may build it on first use)"
    qat_cbc = (
        "kernel cbc(aes): driver=qat_aes_cbc (hardware driver), priority=4001, "
        "module=intel_qat, type=skcipher"
    )
    qat_ctr = (
        "kernel ctr(aes): driver=qat_aes_ctr (hardware driver), priority=4001, "
        "module=intel_qat, type=skcipher"
    )
    ecb = (
        "kernel ecb(aes): driver=ecb-aes-aesni (software (CPU instructions)), priority=400, "
        "module=aesni_intel, type=skcipher"
    )
    none = "kernel: none (cryptodev-linux maps no kernel algorithm to this id)"
    path = DATA / "proc_crypto_qat_virtio_sample.txt"
    expected = [
        "Information about ciphers supported by the /dev/crypto engine:",
        unavailable,
        f"Cipher DES-CBC, NID=31, /dev/crypto info: id=1, kernel cbc(des): {not_registered}",
        "Cipher DES-EDE3-CBC, NID=44, /dev/crypto info: id=2, kernel cbc(des3_ede): "
        + not_registered,
        f"Cipher BF-CBC, NID=91, /dev/crypto info: id=3, kernel cbc(blowfish): {not_registered}",
        f"Cipher CAST5-CBC, NID=108, /dev/crypto info: id=4, {none}",
        f"Cipher AES-128-CBC, NID=419, /dev/crypto info: id=11, {qat_cbc}",
        f"Cipher AES-192-CBC, NID=423, /dev/crypto info: id=11, {qat_cbc}",
        f"Cipher AES-256-CBC, NID=427, /dev/crypto info: id=11, {qat_cbc}",
        f"Cipher RC4, NID=5, /dev/crypto info: id=12, {none}",
        f"Cipher AES-128-CTR, NID=904, /dev/crypto info: id=21, {qat_ctr}",
        f"Cipher AES-192-CTR, NID=905, /dev/crypto info: id=21, {qat_ctr}",
        f"Cipher AES-256-CTR, NID=906, /dev/crypto info: id=21, {qat_ctr}",
        f"Cipher AES-128-ECB, NID=418, /dev/crypto info: id=23, {ecb}",
        f"Cipher AES-192-ECB, NID=422, /dev/crypto info: id=23, {ecb}",
        f"Cipher AES-256-ECB, NID=426, /dev/crypto info: id=23, {ecb}",
        "Cipher CAMELLIA-128-CBC, NID=751, /dev/crypto info: id=101, kernel cbc(camellia): "
        + not_registered,
        "Cipher CAMELLIA-192-CBC, NID=752, /dev/crypto info: id=101, kernel cbc(camellia): "
        + not_registered,
        "Cipher CAMELLIA-256-CBC, NID=753, /dev/crypto info: id=101, kernel cbc(camellia): "
        + not_registered,
        "",
        "Information about digests supported by the /dev/crypto engine:",
        unavailable,
        f"Digest MD5, NID=4, /dev/crypto info: id=13, kernel md5: {not_registered}",
        "Digest SHA1, NID=64, /dev/crypto info: id=14, kernel sha1: driver=sha1-ni (software "
        "(CPU instructions)), priority=250, module=sha1_ssse3, type=shash",
        f"Digest RIPEMD160, NID=117, /dev/crypto info: id=102, kernel rmd160: {not_registered}",
        f"Digest SHA224, NID=675, /dev/crypto info: id=103, kernel sha224: {not_registered}",
        "Digest SHA256, NID=672, /dev/crypto info: id=104, kernel sha256: driver=sha256-avx2 "
        "(software (CPU instructions)), priority=170, module=sha256_ssse3, type=shash",
        f"Digest SHA384, NID=673, /dev/crypto info: id=105, kernel sha384: {not_registered}",
        f"Digest SHA512, NID=674, /dev/crypto info: id=106, kernel sha512: {not_registered}",
        "",
        f"Kernel crypto API ({path}), 12 implementations:",
        "cbc(aes): driver=qat_aes_cbc (hardware driver), priority=4001, module=intel_qat, "
        "type=skcipher",
        "ctr(aes): driver=qat_aes_ctr (hardware driver), priority=4001, module=intel_qat, "
        "type=skcipher",
        "authenc(hmac(sha256),cbc(aes)): driver=qat_aes_cbc_hmac_sha256 (hardware driver), "
        "priority=4001, module=intel_qat, type=aead",
        "rsa: driver=qat-rsa (hardware driver), priority=1000, module=intel_qat, type=akcipher",
        "cbc(aes): driver=virtio_crypto_aes_cbc (hardware driver), priority=150, "
        "module=virtio_crypto, type=skcipher",
        "__cbc(aes): driver=__cbc-aes-aesni (software (CPU instructions)), priority=400, "
        "module=aesni_intel, type=skcipher, internal",
        "cbc(aes): driver=cbc-aes-aesni (software (CPU instructions)), priority=400, "
        "module=aesni_intel, type=skcipher",
        "ecb(aes): driver=ecb-aes-aesni (software (CPU instructions)), priority=400, "
        "module=aesni_intel, type=skcipher",
        "sha256: driver=sha256-avx2 (software (CPU instructions)), priority=170, "
        "module=sha256_ssse3, type=shash",
        "sha256: driver=sha256-generic (software), priority=100, module=kernel, type=shash",
        "sha1: driver=sha1-ni (software (CPU instructions)), priority=250, module=sha1_ssse3, "
        "type=shash",
        "aes: driver=aes-generic (software), priority=100, module=kernel, type=cipher",
        "",
    ]
    assert e.dump_info() == "\n".join(expected) + "\n"


def test_permission_denied(kernel: FakeCryptodev) -> None:
    kernel.open_errno = errno.EACCES
    e = DevCryptoEngine(kernel=kernel)
    e.err = io.StringIO()
    assert not e.try_init()
    assert e.unavailable_reason == "/dev/crypto: Permission denied"
    assert err_text(e) == "Could not open /dev/crypto: Permission denied\n"  # OpenSSL's line


def test_enxio_is_silent(kernel: FakeCryptodev) -> None:
    kernel.open_errno = errno.ENXIO
    e = DevCryptoEngine(kernel=kernel)
    e.err = io.StringIO()
    assert not e.try_init()
    assert "is the cryptodev module loaded?" in (e.unavailable_reason or "")
    assert err_text(e) == ""


def test_not_a_cryptodev_device() -> None:
    e = DevCryptoEngine(device_path="/dev/whatever", kernel=NotCryptodev())
    with pytest.raises(EngineUnavailable, match=r"^/dev/whatever: not a cryptodev device"):
        e.init()
    assert e.capabilities() == []
