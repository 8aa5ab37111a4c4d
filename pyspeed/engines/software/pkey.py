"""Public-key operations: one sign, verify or derive per call, keys made beforehand.

Every operation is a bound method of a cryptography key with its arguments fixed, so the
timed loop calls straight into Rust/OpenSSL. Inputs follow speed.c (3.0): RSA signs 36
random bytes with raw PKCS#1 v1.5 (no DigestInfo, like EVP_PKEY_sign with default
padding); DSA, ECDSA and EdDSA sign the first 20 of those bytes (DSA/ECDSA take them as an
already-hashed SHA-1 value); verify checks a signature made in prepare.
"""

from __future__ import annotations

import os
import secrets
import warnings
from collections.abc import Callable

from cryptography.hazmat.backends.openssl import backend
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import dh, ec, ed448, ed25519, padding, x448, x25519
from cryptography.hazmat.primitives.asymmetric.utils import NoDigestInfo, Prehashed
from cryptography.utils import CryptographyDeprecationWarning

from pyspeed.engines.software import ffdhe, kem, keys, signature
from pyspeed.engines.software.common import versions
from pyspeed.model import CaseOptions, Operation, PkeyAlgo, PkeyCase, Unsupported

#: openssl curve label -> cryptography curve class
EC_CURVES: dict[str, type[ec.EllipticCurve]] = {
    "nistp192": ec.SECP192R1,
    "nistp224": ec.SECP224R1,
    "nistp256": ec.SECP256R1,
    "nistp384": ec.SECP384R1,
    "nistp521": ec.SECP521R1,
    "brainpoolP256r1": ec.BrainpoolP256R1,
    "brainpoolP384r1": ec.BrainpoolP384R1,
    "brainpoolP512r1": ec.BrainpoolP512R1,
}

#: openssl's NIST K/B labels -> the SEC names (for the message only)
_BINARY: dict[str, str] = {
    **{f"nistk{b}": f"sect{b}k1" for b in (163, 233, 283, 409, 571)},
    **{f"nistb{b}": f"sect{b}r1" for b in (233, 283, 409, 571)},
    "nistb163": "sect163r2",
}


def _curve_reason(curve: str) -> str | None:
    """Why cryptography cannot use an openssl curve label, or None if it can."""
    if curve in EC_CURVES:
        return None
    if curve in _BINARY:
        # cryptography only knows prime curves; asked about sect* it says not supported
        return f"cryptography has no binary (EC2M) curves ({curve} is {_BINARY[curve]})"
    if curve.startswith("brainpoolP") and curve.endswith("t1"):
        return f"cryptography has no {curve} curve (only the r1 brainpool curves)"
    return f"cryptography has no {curve} curve"


def check(algo: PkeyAlgo) -> None:
    """Raise Unsupported for algorithms no options can make work; no key is touched."""
    fam = algo.family
    if fam == "rsa":
        if algo.bits not in keys.RSA_BITS:
            raise Unsupported(f"no shipped RSA test key of {algo.bits} bits")
    elif fam == "dsa":
        if algo.bits not in keys.DSA_BITS:
            raise Unsupported("cryptography accepts DSA keys of 1024, 2048, 3072 or 4096 bits only")
    elif fam in ("ecdsa", "ecdh"):
        if algo.curve == "X25519":
            if not backend.x25519_supported():
                raise Unsupported("cryptography's OpenSSL has no X25519")
        elif algo.curve == "X448":
            if not backend.x448_supported():
                raise Unsupported("cryptography's OpenSSL has no X448")
        else:
            reason = _curve_reason(algo.curve)
            if reason is None and not backend.elliptic_curve_supported(EC_CURVES[algo.curve]()):
                reason = f"cryptography's OpenSSL does not support {algo.curve}"
            if reason is not None:
                raise Unsupported(reason)
    elif fam == "eddsa":
        supported = {"Ed25519": backend.ed25519_supported, "Ed448": backend.ed448_supported}
        probe = supported.get(algo.curve)
        if probe is None or not probe():
            raise Unsupported(f"cryptography has no {algo.curve}")
    elif fam == "sm2":
        raise Unsupported("cryptography has no SM2")
    elif fam == "ffdh":
        if algo.bits not in ffdhe.PRIMES:
            raise Unsupported(f"no RFC 7919 group ffdhe{algo.bits}")
    elif fam == "kem":
        kem.check(kem.spec_of(algo.word))
    elif fam == "sig":
        signature.check(algo.word)
    else:
        raise Unsupported(f"unknown public-key family {fam}")


def prepare(case: PkeyCase, options: CaseOptions) -> Operation:
    algo = case.algo
    check(algo)
    if algo.family == "kem":
        return kem.prepare(kem.spec_of(algo.word), case.op)
    if algo.family == "sig":
        return signature.prepare(algo.word, case.op)
    if case.op not in ("sign", "verify", "derive", "encrypt", "decrypt"):
        raise Unsupported(f"unknown operation {case.op}")
    msg = os.urandom(36)  # speed.c: RAND_bytes(buf, 36); the 20-byte tests use its start
    fam = algo.family
    if fam == "rsa":
        return _rsa(algo, case.op, msg, options)
    if fam == "dsa":
        key = keys.dsa_key(algo.bits)
        return _sign_verify(
            case.op, key.sign, key.public_key().verify, msg[:20], Prehashed(hashes.SHA1())
        )
    if fam == "ecdsa":
        priv = ec.generate_private_key(EC_CURVES[algo.curve]())
        alg = ec.ECDSA(Prehashed(hashes.SHA1()))
        return _sign_verify(case.op, priv.sign, priv.public_key().verify, msg[:20], alg)
    if fam == "eddsa":
        ed = ed25519.Ed25519PrivateKey if algo.curve == "Ed25519" else ed448.Ed448PrivateKey
        edkey = ed.generate()
        return _sign_verify(case.op, edkey.sign, edkey.public_key().verify, msg[:20])
    if fam == "ecdh":
        return _ecdh(algo, case.op)
    return _ffdh(algo, case.op)


def _rsa(algo: PkeyAlgo, op: str, msg: bytes, options: CaseOptions) -> Operation:
    if options.primes > 2:
        raise Unsupported("cryptography cannot load or generate multi-prime RSA keys (-primes N)")
    key = keys.rsa_key(algo.bits)
    if op in ("encrypt", "decrypt"):  # 3.5: EVP_PKEY_encrypt of the 36 bytes, PKCS#1 v1.5
        pad = padding.PKCS1v15()
        ct = key.public_key().encrypt(msg, pad)
        if key.decrypt(ct, pad) != msg:
            raise Unsupported("RSA decryption does not give back the plaintext")
        if op == "encrypt":
            return Operation(key.public_key().encrypt, (msg, pad), implementation=versions())
        return Operation(key.decrypt, (ct, pad), implementation=versions())
    return _sign_verify(
        op, key.sign, key.public_key().verify, msg, padding.PKCS1v15(), NoDigestInfo()
    )


def _sign_verify(
    op: str,
    sign: Callable[..., bytes],
    verify: Callable[..., None],
    msg: bytes,
    *params: object,
) -> Operation:
    """sign: `sign(msg, *params)`; verify: `verify(sig, msg, *params)` of a fresh signature."""
    if op == "sign":
        return Operation(sign, (msg, *params), implementation=versions())
    if op == "verify":
        sig = sign(msg, *params)
        verify(sig, msg, *params)  # fails loudly here, not in the timed loop
        return Operation(verify, (sig, msg, *params), implementation=versions())
    raise Unsupported(f"no {op} operation for signatures")


def _derive(
    op: str, fn: Callable[..., bytes], args: tuple[object, ...], other: bytes, what: str
) -> Operation:
    """`fn(*args)` derives our side; `other` is the peer's result, which must be equal."""
    if op != "derive":
        raise Unsupported(f"no {op} operation for key agreement")
    if fn(*args) != other:
        raise Unsupported(f"{what} computations don't match")
    return Operation(fn, args, implementation=versions())


def _ecdh(algo: PkeyAlgo, op: str) -> Operation:
    """Two fresh key pairs per test, as speed.c generates them; derive with the peer's."""
    if algo.curve in ("X25519", "X448"):
        xmod = x25519.X25519PrivateKey if algo.curve == "X25519" else x448.X448PrivateKey
        a, b = xmod.generate(), xmod.generate()
        return _derive(op, a.exchange, (b.public_key(),), b.exchange(a.public_key()), "ECDH")
    curve = EC_CURVES[algo.curve]
    pa, pb = ec.generate_private_key(curve()), ec.generate_private_key(curve())
    other = pb.exchange(ec.ECDH(), pa.public_key())
    return _derive(op, pa.exchange, (ec.ECDH(), pb.public_key()), other, "ECDH")


def dh_key(bits: int) -> dh.DHPrivateKey:
    """A key of the named group with OpenSSL's short private exponent.

    OpenSSL draws x below 2^N with N = twice the group's security strength (225..400
    bits), not below q, which makes every derive a ~225-400-bit exponentiation instead of
    a full-size one. cryptography would generate full-size exponents, so x is drawn here.
    Passing q costs nothing measurable at load (both ~6 ms for 2048, ~140 ms for 8192).
    """
    p, n = ffdhe.PRIMES[bits], ffdhe.PRIVATE_BITS[bits]
    x = secrets.randbelow((1 << n) - 1) + 1
    # cryptography 50 deprecates FFDH; openssl speed still measures it, so pyspeed does,
    # without letting the library's warning into the run's output
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        params = dh.DHParameterNumbers(p, ffdhe.G, q=(p - 1) // 2)
        y = pow(ffdhe.G, x, p)
        return dh.DHPrivateNumbers(x, dh.DHPublicNumbers(y, params)).private_key()


def _ffdh(algo: PkeyAlgo, op: str) -> Operation:
    a, b = dh_key(algo.bits), dh_key(algo.bits)
    return _derive(op, a.exchange, (b.public_key(),), b.exchange(a.public_key()), "FFDH")
