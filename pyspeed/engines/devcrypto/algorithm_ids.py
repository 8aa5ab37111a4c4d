"""The algorithms OpenSSL's devcrypto engine tries, in its table order.

`e_devcrypto.c` (OpenSSL 1.1.1 to 3.x) maps these NIDs to cryptodev ids; the order is the
order of `engine -c`, of DUMP_INFO and of the probe. The short names are OBJ_nid2sn's,
which are also the labels pyspeed's EVP table gives these ciphers. The XTS and GCM rows
of the C table are `#if 0` and so absent here. Keys and IVs are OpenSSL's lengths.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pyspeed.engines.devcrypto import abi

CipherMode = Literal["cbc", "ctr", "ecb", "stream"]


@dataclass(frozen=True)
class CipherCandidate:
    sn: str  # OBJ_nid2sn, e.g. AES-128-CBC
    nid: int
    crypto_id: int  # enum cryptodev_crypto_op_t
    block: int  # cipher block size (bytes)
    keylen: int
    ivlen: int
    mode: CipherMode
    kernel_name: str  # the kernel algorithm cryptodev-linux asks for ("" if it maps none)


@dataclass(frozen=True)
class DigestCandidate:
    sn: str
    nid: int
    crypto_id: int
    digestlen: int
    canonical: str  # pyspeed's EVP digest name
    kernel_name: str


def _aes(bits: int, mode: CipherMode, nid: int, crypto_id: int, kernel: str) -> CipherCandidate:
    ivlen = 0 if mode == "ecb" else 16
    return CipherCandidate(
        f"AES-{bits}-{mode.upper()}", nid, crypto_id, 16, bits // 8, ivlen, mode, kernel
    )


CIPHERS: tuple[CipherCandidate, ...] = (
    CipherCandidate("DES-CBC", 31, abi.CRYPTO_DES_CBC, 8, 8, 8, "cbc", "cbc(des)"),
    CipherCandidate("DES-EDE3-CBC", 44, abi.CRYPTO_3DES_CBC, 8, 24, 8, "cbc", "cbc(des3_ede)"),
    CipherCandidate("BF-CBC", 91, abi.CRYPTO_BLF_CBC, 8, 16, 8, "cbc", "cbc(blowfish)"),
    CipherCandidate("CAST5-CBC", 108, abi.CRYPTO_CAST_CBC, 8, 16, 8, "cbc", ""),
    _aes(128, "cbc", 419, abi.CRYPTO_AES_CBC, "cbc(aes)"),
    _aes(192, "cbc", 423, abi.CRYPTO_AES_CBC, "cbc(aes)"),
    _aes(256, "cbc", 427, abi.CRYPTO_AES_CBC, "cbc(aes)"),
    CipherCandidate("RC4", 5, abi.CRYPTO_ARC4, 1, 16, 0, "stream", ""),
    _aes(128, "ctr", 904, abi.CRYPTO_AES_CTR, "ctr(aes)"),
    _aes(192, "ctr", 905, abi.CRYPTO_AES_CTR, "ctr(aes)"),
    _aes(256, "ctr", 906, abi.CRYPTO_AES_CTR, "ctr(aes)"),
    _aes(128, "ecb", 418, abi.CRYPTO_AES_ECB, "ecb(aes)"),
    _aes(192, "ecb", 422, abi.CRYPTO_AES_ECB, "ecb(aes)"),
    _aes(256, "ecb", 426, abi.CRYPTO_AES_ECB, "ecb(aes)"),
    CipherCandidate(
        "CAMELLIA-128-CBC", 751, abi.CRYPTO_CAMELLIA_CBC, 16, 16, 16, "cbc", "cbc(camellia)"
    ),
    CipherCandidate(
        "CAMELLIA-192-CBC", 752, abi.CRYPTO_CAMELLIA_CBC, 16, 24, 16, "cbc", "cbc(camellia)"
    ),
    CipherCandidate(
        "CAMELLIA-256-CBC", 753, abi.CRYPTO_CAMELLIA_CBC, 16, 32, 16, "cbc", "cbc(camellia)"
    ),
)

DIGESTS: tuple[DigestCandidate, ...] = (
    DigestCandidate("MD5", 4, abi.CRYPTO_MD5, 16, "md5", "md5"),
    DigestCandidate("SHA1", 64, abi.CRYPTO_SHA1, 20, "sha1", "sha1"),
    DigestCandidate("RIPEMD160", 117, abi.CRYPTO_RIPEMD160, 20, "ripemd160", "rmd160"),
    DigestCandidate("SHA224", 675, abi.CRYPTO_SHA2_224, 28, "sha224", "sha224"),
    DigestCandidate("SHA256", 672, abi.CRYPTO_SHA2_256, 32, "sha256", "sha256"),
    DigestCandidate("SHA384", 673, abi.CRYPTO_SHA2_384, 48, "sha384", "sha384"),
    DigestCandidate("SHA512", 674, abi.CRYPTO_SHA2_512, 64, "sha512", "sha512"),
)

#: the dummy key OpenSSL's probe opens cipher sessions with (keylen bytes of it are read)
PROBE_KEY = b"01234567890123456789012345678901234567890123456789"

CIPHER_BY_SN = {c.sn: i for i, c in enumerate(CIPHERS)}
DIGEST_BY_CANONICAL = {d.canonical: i for i, d in enumerate(DIGESTS)}
