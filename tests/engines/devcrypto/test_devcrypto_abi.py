"""The engine's ABI constants against the numbers the reference measured (docs/qat-model.md
§3.1-3.4, x86_64, compiled against the real header). The values are typed in here, not
derived, so a wrong formula or struct in the engine cannot agree with itself."""

from __future__ import annotations

import pytest

from pyspeed.engines.devcrypto import abi

REQUESTS = {
    "CRIOGET": 0xC0046365,
    "CIOCGSESSION": 0xC0306366,
    "CIOCFSESSION": 0x40046367,
    "CIOCCRYPT": 0xC0306368,
    "CIOCKEY": 0xC0906369,
    "CIOCASYMFEAT": 0x8004636A,
    "CIOCGSESSINFO": 0xC10C636B,
    "CIOCAUTHCRYPT": 0xC048636D,
    "CIOCASYNCCRYPT": 0x4030636E,
    "CIOCASYNCFETCH": 0x8030636F,
    "CIOCCPHASH": 0x40086370,
}
DECIMAL = {
    "CRIOGET": 3221513061,
    "CIOCGSESSION": 3224396646,
    "CIOCFSESSION": 1074029415,
    "CIOCCRYPT": 3224396648,
    "CIOCKEY": 3230688105,
    "CIOCASYMFEAT": 2147771242,
    "CIOCGSESSINFO": 3238814571,
    "CIOCAUTHCRYPT": 3225969517,
    "CIOCASYNCCRYPT": 1076913006,
    "CIOCASYNCFETCH": 2150654831,
    "CIOCCPHASH": 1074291568,
}
ALGORITHM_IDS = {
    "CRYPTO_DES_CBC": 1,
    "CRYPTO_3DES_CBC": 2,
    "CRYPTO_BLF_CBC": 3,
    "CRYPTO_CAST_CBC": 4,
    "CRYPTO_SKIPJACK_CBC": 5,
    "CRYPTO_MD5_HMAC": 6,
    "CRYPTO_SHA1_HMAC": 7,
    "CRYPTO_RIPEMD160_HMAC": 8,
    "CRYPTO_MD5_KPDK": 9,
    "CRYPTO_SHA1_KPDK": 10,
    "CRYPTO_AES_CBC": 11,
    "CRYPTO_ARC4": 12,
    "CRYPTO_MD5": 13,
    "CRYPTO_SHA1": 14,
    "CRYPTO_DEFLATE_COMP": 15,
    "CRYPTO_NULL": 16,
    "CRYPTO_LZS_COMP": 17,
    "CRYPTO_SHA2_256_HMAC": 18,
    "CRYPTO_SHA2_384_HMAC": 19,
    "CRYPTO_SHA2_512_HMAC": 20,
    "CRYPTO_AES_CTR": 21,
    "CRYPTO_AES_XTS": 22,
    "CRYPTO_AES_ECB": 23,
    "CRYPTO_AES_CFB": 24,
    "CRYPTO_AES_OFB": 25,
    "CRYPTO_AES_GCM": 50,
    "CRYPTO_AES_CCM": 51,
    "CRYPTO_CAMELLIA_CBC": 101,
    "CRYPTO_RIPEMD160": 102,
    "CRYPTO_SHA2_224": 103,
    "CRYPTO_SHA2_256": 104,
    "CRYPTO_SHA2_384": 105,
    "CRYPTO_SHA2_512": 106,
    "CRYPTO_SHA2_224_HMAC": 107,
    "CRYPTO_TLS11_AES_CBC_HMAC_SHA1": 108,
    "CRYPTO_TLS12_AES_CBC_HMAC_SHA256": 109,
}
FLAGS = {
    "COP_FLAG_NONE": 0,
    "COP_FLAG_UPDATE": 1,
    "COP_FLAG_FINAL": 2,
    "COP_FLAG_WRITE_IV": 4,
    "COP_FLAG_NO_ZC": 8,
    "COP_FLAG_AEAD_TLS_TYPE": 16,
    "COP_FLAG_AEAD_SRTP_TYPE": 32,
    "COP_FLAG_RESET": 64,
    "SIOP_FLAG_KERNEL_DRIVER_ONLY": 1,
    "COP_ENCRYPT": 0,
    "COP_DECRYPT": 1,
}
LIMITS = {
    "CRYPTO_HMAC_MAX_KEY_LEN": 512,
    "CRYPTO_CIPHER_MAX_KEY_LEN": 64,
    "CRYPTODEV_MAX_ALG_NAME": 64,
    "HASH_MAX_LEN": 64,
    "EALG_MAX_BLOCK_LEN": 16,
    "AALG_MAX_RESULT_LEN": 64,
}


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_request_numbers(name: str) -> None:
    assert getattr(abi, name) == REQUESTS[name] == DECIMAL[name]


def test_struct_sizes() -> None:
    assert abi.SESSION_OP.size == 48
    assert abi.CRYPT_OP.size == 48
    assert abi.CRYPT_AUTH_OP.size == 72
    assert abi.SESSION_INFO_OP.size == 268
    assert abi.CPHASH_OP.size == 8
    assert abi.CRYPT_KOP_SIZE == 144


def test_struct_field_offsets() -> None:
    # session_op: ses at 40, key pointer at 16, mackey at 32
    raw = abi.pack_session_op(cipher=1, mac=2, keylen=3, key=4, mackeylen=5, mackey=6, ses=7)
    assert raw[0] == 1 and raw[4] == 2 and raw[8] == 3
    assert raw[16] == 4 and raw[24] == 5 and raw[32] == 6 and raw[40] == 7
    assert abi.session_op_ses(raw) == 7
    # crypt_op: ses 0, op 4, flags 6, len 8, src 16, dst 24, mac 32, iv 40
    raw = abi.pack_crypt_op(1, 2, 3, 4, 5, 6, 7, 8)
    assert [raw[i] for i in (0, 4, 6, 8, 16, 24, 32, 40)] == [1, 2, 3, 4, 5, 6, 7, 8]
    # session_info_op: names at 4/68/132/196, alignmask 260, flags 264
    info = bytearray(268)
    info[4:8] = b"cbc("
    info[68:72] = b"drv1"
    info[132:136] = b"sha1"
    info[196:200] = b"drv2"
    info[260] = 15
    info[264] = 1
    parsed = abi.unpack_session_info_op(info)
    assert parsed == abi.SessionInfo("cbc(", "drv1", "sha1", "drv2", 15, 1)
    assert parsed.kernel_driver_only


@pytest.mark.parametrize("name", sorted(ALGORITHM_IDS))
def test_algorithm_ids(name: str) -> None:
    assert getattr(abi, name) == ALGORITHM_IDS[name]


@pytest.mark.parametrize("name", sorted(FLAGS))
def test_flags(name: str) -> None:
    assert getattr(abi, name) == FLAGS[name]


@pytest.mark.parametrize("name", sorted(LIMITS))
def test_limits(name: str) -> None:
    assert getattr(abi, name) == LIMITS[name]


def test_platform_problem() -> None:
    assert abi.platform_problem("x86_64", 8) is None
    assert abi.platform_problem("aarch64", 8) is None
    assert "32-bit" in (abi.platform_problem("i686", 4) or "")
    assert "ppc64le" in (abi.platform_problem("ppc64le", 8) or "")
    assert "mips64" in (abi.platform_problem("mips64", 8) or "")
