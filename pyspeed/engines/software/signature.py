"""OpenSSL 3.5's signature table: keygen, sign and verify per call, by algorithm name.

What each row runs, as speed.c's signature loops do (they sign 32 zero bytes, the size of
a SHA-256 digest, with a key made beforehand, and time key generation on its own):

* ML-DSA-44/65/87 (FIPS 204): the message signed as it is (OpenSSL 3.5.5's
  `EVP_PKEY_sign_message_init` path);
* rsa1024..rsa15360: PKCS#1 v1.5 padding over the 32 bytes without a DigestInfo, keygen
  of a key of that size with exponent 65537 (cryptography makes no RSA key under 1024
  bits, so rsa512 is unsupported);
* dsa1024/dsa2048: the 32 bytes taken as a SHA-256 digest, keygen over fixed domain
  parameters (openssl generates them once, untimed; pyspeed takes the shipped key's);
* SLH-DSA: not in cryptography, unsupported.

Every row is checked once before timing: a fresh signature verifies.
"""

from __future__ import annotations

from collections.abc import Callable

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import dsa, mldsa, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import NoDigestInfo, Prehashed

from pyspeed.engines.software import keys
from pyspeed.engines.software.common import versions
from pyspeed.model import Operation, Unsupported

_MLDSA: dict[str, type[mldsa.MLDSA44PrivateKey] | type[mldsa.MLDSA65PrivateKey]
             | type[mldsa.MLDSA87PrivateKey]] = {
    "ML-DSA-44": mldsa.MLDSA44PrivateKey,
    "ML-DSA-65": mldsa.MLDSA65PrivateKey,
    "ML-DSA-87": mldsa.MLDSA87PrivateKey,
}
MESSAGE = bytes(32)  # speed.c: unsigned char md[SHA256_DIGEST_LENGTH] = { 0 }
RSA_MIN_KEYGEN = 1024  # cryptography's smallest RSA key


def _bits(name: str, prefix: str) -> int:
    rest = name[len(prefix):]
    return int(rest) if name.startswith(prefix) and rest.isdigit() else 0


def check(name: str) -> None:
    if name in _MLDSA:
        return
    if name.startswith("SLH-DSA"):
        raise Unsupported("cryptography has no SLH-DSA")
    rsa_bits, dsa_bits = _bits(name, "rsa"), _bits(name, "dsa")
    if rsa_bits:
        if rsa_bits < RSA_MIN_KEYGEN:
            raise Unsupported(f"cryptography makes no RSA key under {RSA_MIN_KEYGEN} bits "
                              f"(the row times key generation)")
        keys.rsa_key(rsa_bits)  # Unsupported without a shipped key of that size
        return
    if dsa_bits:
        keys.dsa_key(dsa_bits)
        return
    raise Unsupported(f"cryptography has no {name} signature")


def _scheme(name: str) -> tuple[Callable[[], object], object, tuple[object, ...]]:
    """(keygen, a key to sign with, the extra sign/verify arguments)."""
    if name in _MLDSA:
        cls = _MLDSA[name]
        return cls.generate, cls.generate(), ()
    rsa_bits = _bits(name, "rsa")
    if rsa_bits:
        def rsa_keygen() -> rsa.RSAPrivateKey:
            return rsa.generate_private_key(65537, rsa_bits)

        return rsa_keygen, keys.rsa_key(rsa_bits), (padding.PKCS1v15(), NoDigestInfo())
    params = keys.dsa_key(_bits(name, "dsa")).parameters()
    key: dsa.DSAPrivateKey = params.generate_private_key()
    return params.generate_private_key, key, (Prehashed(hashes.SHA256()),)


def prepare(name: str, op: str) -> Operation:
    """One timed operation of a signature row, after one checked signature."""
    check(name)
    keygen, key, extra = _scheme(name)
    sign = key.sign  # type: ignore[attr-defined]
    verify = key.public_key().verify  # type: ignore[attr-defined]
    sig = sign(MESSAGE, *extra)
    verify(sig, MESSAGE, *extra)  # raises InvalidSignature here, not in the timed loop
    if op == "keygen":
        return Operation(keygen, implementation=versions())
    if op == "sign":
        return Operation(sign, (MESSAGE, *extra), implementation=versions())
    if op == "verify":
        return Operation(verify, (sig, MESSAGE, *extra), implementation=versions())
    raise Unsupported(f"no {op} operation for a signature")
