"""/proc/crypto parsing and the hardware/CPU/software rule, on recorded and hand-made text."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pyspeed.engines.devcrypto.procfs import (
    ProcCryptoEntry,
    classify,
    kernel_choice,
    proc_crypto_entries,
    read_proc_crypto,
)

DATA = Path(__file__).parent / "data"
RECORDED = DATA / "proc_crypto_linux_6.18_x86_64.txt"  # this machine's /proc/crypto
SAMPLE = DATA / "proc_crypto_qat_virtio_sample.txt"  # hand-written: QAT, virtio, AES-NI


def test_recorded_machine() -> None:
    entries = proc_crypto_entries(RECORDED.read_text())
    assert len(entries) == 56
    first = entries[0]
    assert first == ProcCryptoEntry(
        name="cbc(aes)",
        driver="cbc(ecb(aes-fixed-time))",
        module="kernel",
        priority=101,
        type="lskcipher",
        selftest="passed",
        internal=False,
    )
    assert first.fields["ivsize"] == "16"
    assert first.fields["min keysize"] == "16"  # keys with spaces keep them
    assert all(e.module == "kernel" for e in entries)
    assert {e.kind for e in entries} == {"software"}
    stdrng = [e for e in entries if e.name == "stdrng"]
    assert len(stdrng) == 18 and stdrng[0].driver == "drbg_nopr_hmac_sha512"
    assert kernel_choice(entries, "cbc(aes)", hash_=False) is first
    sha256 = kernel_choice(entries, "sha256", hash_=True)
    assert sha256 is not None and sha256.driver == "sha256-lib" and sha256.priority == 300
    assert kernel_choice(entries, "ctr(aes)", hash_=False) is None
    # a single-block "cipher" is not what cryptodev allocates for cbc(aes)/sha256
    assert kernel_choice(entries, "aes", hash_=False) is None


def test_hand_written_sample() -> None:
    entries = proc_crypto_entries(SAMPLE.read_text())
    assert [(e.driver, e.kind) for e in entries] == [
        ("qat_aes_cbc", "hardware"),
        ("qat_aes_ctr", "hardware"),
        ("qat_aes_cbc_hmac_sha256", "hardware"),
        ("qat-rsa", "hardware"),
        ("virtio_crypto_aes_cbc", "hardware"),
        ("__cbc-aes-aesni", "cpu"),
        ("cbc-aes-aesni", "cpu"),
        ("ecb-aes-aesni", "cpu"),
        ("sha256-avx2", "cpu"),
        ("sha256-generic", "software"),
        ("sha1-ni", "cpu"),
        ("aes-generic", "software"),
    ]
    internal = [e for e in entries if e.internal]
    assert [e.name for e in internal] == ["__cbc(aes)"]
    assert entries[0].fields["async"] == "yes"
    assert entries[2].fields["geniv"] == "<none>"
    assert entries[0].kind_text == "hardware driver"
    assert entries[6].kind_text == "software (CPU instructions)"
    # the kernel gives cryptodev the highest priority: QAT over virtio and AES-NI
    assert kernel_choice(entries, "cbc(aes)", hash_=False) is entries[0]
    assert kernel_choice(entries, "sha256", hash_=True) is entries[8]
    without_qat = [e for e in entries if e.module != "intel_qat"]
    choice = kernel_choice(without_qat, "cbc(aes)", hash_=False)
    assert choice is not None and choice.driver == "cbc-aes-aesni"  # internal one skipped


@pytest.mark.parametrize(
    ("driver", "module", "kind"),
    [
        ("cbc-aes-caam", "caam_jr", "hardware"),
        ("cbc-aes-ccp", "ccp_crypto", "hardware"),
        ("cbc(aes-talitos)", "talitos", "hardware"),
        ("sun8i-ce-aes-cbc", "sun8i_ce", "hardware"),  # Allwinner CE, not Arm CE
        ("cbc-aes-ce", "aes_ce_blk", "cpu"),  # Armv8 crypto extensions
        ("cbc-aes-neonbs", "aes_neon_bs", "cpu"),
        ("crc32c-intel", "crc32c_intel", "cpu"),
        ("des3_ede-asm", "des3_ede_x86_64", "cpu"),
        ("sha512-lib", "kernel", "software"),
        ("cbc(aes-generic)", "kernel", "software"),
        ("ecb-cipher_null", "kernel", "software"),
    ],
)
def test_classify(driver: str, module: str, kind: str) -> None:
    assert classify(driver, module) == kind


def test_parser_edge_cases() -> None:
    text = "\n\nname : a\ndriver : a-generic\npriority : x\nno colon here\n\n\ndriver : orphan\n"
    entries = proc_crypto_entries(text)
    assert len(entries) == 1  # the block without a name is dropped
    assert entries[0].priority == 0 and entries[0].module == ""
    assert proc_crypto_entries("") == []


@pytest.mark.skipif(not os.path.exists("/proc/crypto"), reason="no /proc/crypto here")
def test_live_proc_crypto() -> None:
    entries = read_proc_crypto()
    assert entries and all(e.name and e.driver for e in entries)
