"""The shipped RSA and DSA test keys, loaded lazily and once per process.

openssl speed compiles its test keys in (testrsa.h, testdsa.h); pyspeed ships the same
sizes as PEM files in `keys/`. Loading skips cryptography's RSA consistency check: the
keys are ours and trusted, and the check is a primality test that takes ~8 s for
rsa7680 and ~40 s for rsa15360 (openssl speed does not check them either).
"""

from __future__ import annotations

import functools
from importlib import resources

from cryptography.hazmat.primitives.asymmetric import dsa, rsa
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from pyspeed.model import Unsupported

RSA_BITS: tuple[int, ...] = (512, 1024, 2048, 3072, 4096, 7680, 15360)
DSA_BITS: tuple[int, ...] = (1024, 2048)


def _pem(name: str) -> bytes:
    ref = resources.files("pyspeed.engines.software").joinpath("keys", f"{name}.pem")
    try:
        return ref.read_bytes()
    except FileNotFoundError as exc:
        raise Unsupported(f"no shipped test key {name}.pem") from exc


@functools.cache
def rsa_key(bits: int) -> rsa.RSAPrivateKey:
    if bits not in RSA_BITS:
        raise Unsupported(f"no shipped RSA test key of {bits} bits")
    key = load_pem_private_key(_pem(f"rsa{bits}"), None, unsafe_skip_rsa_key_validation=True)
    if not isinstance(key, rsa.RSAPrivateKey) or key.key_size != bits:
        raise Unsupported(f"keys/rsa{bits}.pem is not a {bits}-bit RSA key")
    return key


@functools.cache
def dsa_key(bits: int) -> dsa.DSAPrivateKey:
    if bits not in DSA_BITS:
        # cryptography rejects any other p length (512 is what openssl's dsa512 needs)
        raise Unsupported("cryptography accepts DSA keys of 1024, 2048, 3072 or 4096 bits only")
    key = load_pem_private_key(_pem(f"dsa{bits}"), None)
    if not isinstance(key, dsa.DSAPrivateKey) or key.key_size != bits:
        raise Unsupported(f"keys/dsa{bits}.pem is not a {bits}-bit DSA key")
    return key
