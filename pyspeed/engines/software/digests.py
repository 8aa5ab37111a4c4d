"""Digests, HMAC, CMAC, GHASH and rand: one-shot operations over a block of `size` bytes.

What openssl times per iteration (speed.c 3.0):

* digest: `EVP_Digest()` = init + update + final on a fresh context;
* HMAC / CMAC: `EVP_MAC_init()` with the key already set (a re-init), update, final;
* ghash: only `EVP_MAC_update()` on one GMAC context that is never finalised;
* rand: `RAND_bytes()`.

For digests and MACs the cheapest faithful equivalent in cryptography is `copy()` of a
context made once (for MACs that copy is the keyed state, exactly what openssl's re-init
restores). A fresh `Hash(alg)` per iteration is ~0.7 us slower at 16 bytes (measured:
1546 ns vs 840 ns for SHA-256) because it re-validates the algorithm in Python.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.backends.openssl import backend
from cryptography.hazmat.primitives import cmac, hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from pyspeed.algos import evp
from pyspeed.engines.software import ciphers
from pyspeed.engines.software.common import GMAC_IV, HMAC_KEY, KEY32, buffer, versions
from pyspeed.model import Operation, Unsupported

#: canonical EVP digest name -> cryptography algorithm factory
_HASHES: dict[str, Callable[[], hashes.HashAlgorithm]] = {
    "md5": hashes.MD5,
    "sha1": hashes.SHA1,
    "sha224": hashes.SHA224,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
    "sha512-224": hashes.SHA512_224,
    "sha512-256": hashes.SHA512_256,
    "sha3-224": hashes.SHA3_224,
    "sha3-256": hashes.SHA3_256,
    "sha3-384": hashes.SHA3_384,
    "sha3-512": hashes.SHA3_512,
    # XOFs: openssl's EVP_Digest uses the default output length (16 / 32 bytes)
    "shake128": lambda: hashes.SHAKE128(16),
    "shake256": lambda: hashes.SHAKE256(32),
    "blake2b512": lambda: hashes.BLAKE2b(64),
    "blake2s256": lambda: hashes.BLAKE2s(32),
    "sm3": hashes.SM3,
}


def hash_algorithm(name: str) -> hashes.HashAlgorithm:
    """The cryptography algorithm for a canonical EVP digest name, or Unsupported.

    md2, md4, mdc2, ripemd160, whirlpool and md5-sha1 have no class in
    `cryptography.hazmat.primitives.hashes`, so they cannot be reached at all.
    """
    factory = _HASHES.get(name)
    if factory is None:
        raise Unsupported(f"cryptography has no {name.upper()} digest")
    alg = factory()
    if not backend.hash_supported(alg):
        raise Unsupported(f"cryptography's OpenSSL does not provide {name.upper()}")
    return alg


def check_digest(name: str) -> None:
    hash_algorithm(name)


def check_hmac(name: str) -> None:
    alg = hash_algorithm(name)
    if isinstance(alg, hashes.ExtendableOutputFunction) or not backend.hmac_supported(alg):
        raise Unsupported(f"cryptography cannot compute HMAC with {name.upper()}")


def _cmac_algorithm(label: str) -> algorithms.BlockCipherAlgorithm:
    cipher = evp.lookup_cipher(label)
    if cipher is None:
        raise Unsupported(f"unknown cipher {label}")
    if cipher.mode != "cbc":
        # OpenSSL's CMAC provider rejects non-CBC ciphers (PROV_R_INVALID_MODE)
        raise Unsupported(f"CMAC needs a CBC-mode cipher, {cipher.label} is {cipher.mode}")
    spec = ciphers.stream_spec(cipher)
    alg = spec.make_algorithm()
    if not isinstance(alg, algorithms.BlockCipherAlgorithm) or not (
        backend.cmac_algorithm_supported(alg)
    ):
        raise Unsupported(f"cryptography cannot compute CMAC with {cipher.label}")
    return alg


def check_cmac(label: str) -> None:
    _cmac_algorithm(label)


def digest_op(name: str, size: int, misalign: int) -> Operation:
    """One EVP_Digest: copy a fresh context, absorb the block, finalise."""
    base = hashes.Hash(hash_algorithm(name))
    data = buffer(size, misalign)

    def digest_once(data: memoryview, copy: Callable[[], hashes.HashContext] = base.copy) -> bytes:
        h = copy()
        h.update(data)
        return h.finalize()

    return Operation(digest_once, (data,), implementation=versions())


def _mac_op(base: hmac.HMAC | cmac.CMAC, size: int, misalign: int) -> Operation:
    data = buffer(size, misalign)

    def mac_once(data: memoryview, copy: Callable[[], hmac.HMAC | cmac.CMAC] = base.copy) -> bytes:
        h = copy()
        h.update(data)
        return h.finalize()

    return Operation(mac_once, (data,), implementation=versions())


def hmac_op(name: str, size: int, misalign: int) -> Operation:
    """HMAC keyed once with speed.c's 16-byte key; each iteration restarts from that key."""
    check_hmac(name)
    try:
        base = hmac.HMAC(HMAC_KEY, hash_algorithm(name))
    except UnsupportedAlgorithm as exc:
        raise Unsupported(f"cryptography cannot compute HMAC with {name.upper()}: {exc}") from exc
    return _mac_op(base, size, misalign)


def cmac_op(label: str, size: int, misalign: int) -> Operation:
    """CMAC keyed once (first key_len bytes of KEY32); each iteration restarts from that key."""
    return _mac_op(cmac.CMAC(_cmac_algorithm(label)), size, misalign)


def ghash_op(size: int, misalign: int) -> Operation:
    """GMAC update only: GHASH over `size` bytes of AAD on one never-finalised AES-GCM context.

    `authenticate_additional_data` on a GCM encryptor is exactly EVP_MAC_update on a GMAC
    context (OpenSSL's GMAC is AES-GCM fed with AAD only), and it is a bound Rust method.
    """
    enc = Cipher(algorithms.AES(KEY32[:16]), modes.GCM(GMAC_IV)).encryptor()
    data = buffer(size, misalign)
    return Operation(enc.authenticate_additional_data, (data,), implementation=versions())


def rand_op(size: int) -> Operation:
    """os.urandom: the CSPRNG cryptography recommends (it has no RAND_bytes of its own)."""
    return Operation(
        os.urandom,
        (size,),
        implementation="os.urandom (kernel CSPRNG)",
        notes=("openssl times its own DRBG (RAND_bytes); this is the kernel's getrandom()",),
    )
