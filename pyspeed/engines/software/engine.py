"""SoftwareEngine: `openssl speed`'s tests run through pyca/cryptography.

cryptography links its own OpenSSL (4.0.0 in cryptography 48), so this engine measures
that OpenSSL plus the cost of reaching it from Python. Every operation is built so the
timed loop enters native code at once: a bound Rust method with preallocated arguments
where one call is one openssl iteration, a small function with its globals bound as
defaults where an iteration needs several calls (digests, MACs, the TLS record).
"""

from __future__ import annotations

import cryptography
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.backends.openssl import backend

from pyspeed.algos import evp
from pyspeed.engines.base import Engine
from pyspeed.engines.software import ciphers, digests, pkey, symmetric
from pyspeed.model import (
    Case,
    CaseOptions,
    Operation,
    PkeyAlgo,
    PkeyCase,
    SymAlgo,
    SymCase,
    Unsupported,
)


def _openssl_short() -> str:
    """`OpenSSL 4.0.0` out of `OpenSSL 4.0.0 14 Apr 2026`."""
    return " ".join(backend.openssl_version_text().split()[:2])


def _cipher(algo: SymAlgo) -> evp.EvpCipher:
    cipher = evp.lookup_cipher(algo.evp_name)
    if cipher is None:
        raise Unsupported(f"unknown cipher {algo.evp_name}")
    return cipher


def _check_sym(algo: SymAlgo) -> None:
    kind = algo.kind
    if kind in ("digest", "evp_digest"):
        digests.check_digest(algo.evp_name)
    elif kind == "hmac":
        digests.check_hmac(algo.evp_name)
    elif kind == "cmac":
        digests.check_cmac(algo.evp_name)
    elif kind in ("cipher", "evp_cipher"):
        cipher = _cipher(algo)
        if cipher.is_aead:
            ciphers.aead_spec(cipher)
        else:
            ciphers.stream_spec(cipher)
            if cipher.is_multiblock and algo.decrypt:
                raise Unsupported(
                    f"-decrypt is not implemented for {cipher.label} (TLS composition)"
                )
    elif kind == "kmac":
        raise Unsupported("cryptography has no KMAC")
    elif kind not in ("ghash", "rand"):
        raise Unsupported(f"unknown kind of test {kind}")


def _prepare_sym(case: SymCase, options: CaseOptions) -> Operation:
    algo, size, mis = case.algo, case.size, options.misalign
    _check_sym(algo)
    kind = algo.kind
    if kind in ("digest", "evp_digest"):
        op = digests.digest_op(algo.evp_name, size, mis)
    elif kind == "hmac":
        op = digests.hmac_op(algo.evp_name, size, mis)
    elif kind == "cmac":
        op = digests.cmac_op(algo.evp_name, size, mis)
    elif kind == "ghash":
        return digests.ghash_op(size, mis)  # stateful (GHASH accumulates): no trial call
    elif kind == "rand":
        op = digests.rand_op(size)
    else:
        cipher = _cipher(algo)
        op = symmetric.cipher_op(cipher, size, mis, algo.decrypt, algo.aead)
        if not cipher.is_aead:
            # a continuing context: leave it untouched, as openssl starts from a fresh one
            return op
    # one untimed call of a stateless operation: a size the library refuses (CCM length,
    # empty SIV message...) becomes Unsupported here instead of an error mid-measurement
    try:
        op.fn(*op.args)
    except (ValueError, OverflowError, UnsupportedAlgorithm) as exc:
        raise Unsupported(f"{algo.label} with {size}-byte blocks: {exc}") from exc
    return op


def _runs(algo: SymAlgo) -> bool:
    try:
        _check_sym(algo)
    except Unsupported:
        return False
    return True


class SoftwareEngine(Engine):
    """The reference engine: everything cryptography (and its bundled OpenSSL) can do."""

    id = "software"
    name = f"Software (pyca/cryptography {cryptography.__version__}, {_openssl_short()})"

    def capabilities(self) -> list[str]:
        """Like `openssl engine -c`: the method families, then cipher and digest names."""
        ciphers_ = sorted({c.label for c in evp.CIPHERS.values()
                           if _runs(SymAlgo(25, c.label, "evp_cipher", c.label))})
        digests_ = sorted({d.canonical.upper() for d in evp.DIGESTS.values()
                           if _runs(SymAlgo(25, d.canonical, "evp_digest", d.canonical))})
        return ["RSA", "DSA", "DH", "RAND", *ciphers_, *digests_,
                "X25519", "X448", "ED25519", "ED448", "ML-KEM-768", "ML-KEM-1024",
                "ML-DSA-44", "ML-DSA-65", "ML-DSA-87"]

    def check(self, algo: SymAlgo | PkeyAlgo) -> None:
        """Raise Unsupported if no case of `algo` can run (cheap: no keys, no buffers)."""
        if isinstance(algo, PkeyAlgo):
            pkey.check(algo)
        else:
            _check_sym(algo)

    def prepare(self, case: Case, options: CaseOptions) -> Operation:
        if isinstance(case, PkeyCase):
            return pkey.prepare(case, options)
        return _prepare_sym(case, options)
