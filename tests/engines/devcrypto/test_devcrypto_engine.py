"""DevCryptoEngine against a double of cryptodev-linux at the ioctl boundary: identity,
the probe, capabilities and ctrls.

The double (support/devcrypto_fake.py) decodes the engine's packed structs with its own
layout tables and does real crypto on the memory behind their pointers, so these tests
check both the conversation (which ioctls, with which fields) and the bytes produced.
"""

from __future__ import annotations

import fcntl
import os

import pytest

from pyspeed.engines.base import Engine
from pyspeed.engines.ctrl import NO_INPUT, NUMERIC, STRING, CtrlError
from pyspeed.engines.devcrypto import DevCryptoEngine

from support.devcrypto import (
    ALL_CIPHERS,
    ALL_DIGESTS,
    DUMP,
    err_text,
)
from support.devcrypto_fake import FakeCryptodev


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


