"""DevCryptoEngine when /dev/crypto cannot be used: missing, permission denied, ENXIO,
not a cryptodev device; what it still says about the kernel crypto API.
"""

from __future__ import annotations

import errno
import io

import pytest

from pyspeed.algos.tables import PKEY_WORDS, SYM_ALGOS, SYM_WORDS
from pyspeed.engines.ctrl import EngineUnavailable
from pyspeed.engines.devcrypto import DevCryptoEngine
from pyspeed.model import SymCase, Unsupported

from support.devcrypto import (
    DATA,
    OPTS,
    err_text,
)
from support.devcrypto_fake import FakeCryptodev, NotCryptodev


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
