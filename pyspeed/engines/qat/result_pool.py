"""Real results for modelled operations: computed before timing, handed out per completion.

The model decides *when* an operation completes; *what* it returns is real crypto made in
`prepare` with the same library the software engine uses (pyca/cryptography), on the same
inputs openssl speed uses: PKCS#1 v1.5 signatures of the 36-byte message, DSA/ECDSA
signatures of its first 20 bytes taken as a SHA-1 value, ECDH/FFDH shared secrets of two
fresh key pairs, and TLS 1.1+ MAC-then-encrypt records of the chained ciphers. Nothing of
this work happens inside the modelled timing, so host speed cannot leak into it.

A `ResultPool` holds the distinct results (one where the operation is deterministic: RSA
signatures, shared secrets; several where it is randomised: DSA/ECDSA signatures, records
with their own sequence numbers and IVs) and hands them out round robin; `verify(result)`
checks one independently (signature verifies with the public key, the peer derives the
same secret, the record decrypts, its padding and MAC check out).
"""

from __future__ import annotations

import hmac as std_hmac
import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.asymmetric import ec, padding
from cryptography.hazmat.primitives.asymmetric.utils import NoDigestInfo, Prehashed
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.utils import CryptographyDeprecationWarning

from pyspeed.engines.software import keys
from pyspeed.engines.software.common import KEY32
from pyspeed.engines.software.pkey import EC_CURVES, dh_key
from pyspeed.model import PkeyCase, SymCase

RANDOMISED_POOL = 8
TLS_HEADER, EXPLICIT_IV = 5, 16


@dataclass
class ResultPool:
    """Real results of one case and how to check them."""

    what: str
    results: list[object]
    checker: Callable[[object], bool]
    handed_out: int = 0
    _next: int = field(default=0, repr=False)

    def take(self) -> object:
        """The result of one completed operation (round robin over the pool)."""
        result = self.results[self._next]
        self._next = (self._next + 1) % len(self.results)
        self.handed_out += 1
        return result

    def completed(self, count: int) -> None:
        """`count` modelled completions were served from this pool."""
        self.handed_out += count

    def verify(self, result: object) -> bool:
        return self.checker(result)


def tls_record_length(payload: int, mac_len: int) -> int:
    """The length the small-packet threshold is compared with (docs/qat-model.md §1.8): header,
    explicit IV, payload, MAC and CBC padding (with its length byte)."""
    body = EXPLICIT_IV + payload + mac_len + 1
    return TLS_HEADER + body + (-body) % 16


def pool_for(case: PkeyCase | SymCase) -> ResultPool:
    if isinstance(case, SymCase):
        return _records(case)
    fam, op = case.algo.family, case.op
    if fam == "rsa":
        return _rsa(case.algo.bits, op)
    if fam in ("dsa", "ecdsa"):
        return _dsa_ecdsa(case, op)
    if fam == "ecdh":
        return _ecdh(case.algo.curve)
    if fam == "ffdh":
        return _ffdh(case.algo.bits)
    raise ValueError(f"no real results for {case.algo.word}")


def _verifies(verify: Callable[..., None], *args: object) -> bool:
    try:
        verify(*args)
    except InvalidSignature:
        return False
    return True


def _rsa(bits: int, op: str) -> ResultPool:
    key = keys.rsa_key(bits)
    pub = key.public_key()
    msg = os.urandom(36)
    pad = padding.PKCS1v15()
    sig = key.sign(msg, pad, NoDigestInfo())
    if op == "sign":
        return ResultPool(
            f"rsa{bits} PKCS#1 v1.5 signature",
            [sig],
            lambda s: isinstance(s, bytes) and _verifies(pub.verify, s, msg, pad, NoDigestInfo()),
        )
    valid = _verifies(pub.verify, sig, msg, pad, NoDigestInfo())
    return ResultPool(
        f"rsa{bits} verification",
        [valid],
        lambda r: r is True and _verifies(pub.verify, sig, msg, pad, NoDigestInfo()),
    )


def _dsa_ecdsa(case: PkeyCase, op: str) -> ResultPool:
    algo = case.algo
    digest = os.urandom(20)  # speed.c signs the first 20 bytes as a SHA-1 value
    if algo.family == "dsa":
        key = keys.dsa_key(algo.bits)
        args: tuple[object, ...] = (Prehashed(hashes.SHA1()),)
    else:
        key = ec.generate_private_key(EC_CURVES[algo.curve]())
        args = (ec.ECDSA(Prehashed(hashes.SHA1())),)
    pub = key.public_key()
    sigs = [key.sign(digest, *args) for _ in range(RANDOMISED_POOL)]  # type: ignore[arg-type]

    def check_sig(s: object) -> bool:
        return isinstance(s, bytes) and _verifies(pub.verify, s, digest, *args)

    if op == "sign":
        return ResultPool(f"{algo.word} signature", list(sigs), check_sig)
    valid = check_sig(sigs[0])
    return ResultPool(
        f"{algo.word} verification", [valid], lambda r: r is True and check_sig(sigs[0])
    )


def _ecdh(curve: str) -> ResultPool:
    a = ec.generate_private_key(EC_CURVES[curve]())
    b = ec.generate_private_key(EC_CURVES[curve]())
    secret = a.exchange(ec.ECDH(), b.public_key())
    peer = b.exchange(ec.ECDH(), a.public_key())
    return ResultPool(
        f"ECDH {curve} shared secret",
        [secret],
        lambda s: isinstance(s, bytes) and std_hmac.compare_digest(s, peer),
    )


def _ffdh(bits: int) -> ResultPool:
    a, b = dh_key(bits), dh_key(bits)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        secret = a.exchange(b.public_key())
        peer = b.exchange(a.public_key())
    return ResultPool(
        f"ffdh{bits} shared secret",
        [secret],
        lambda s: isinstance(s, bytes) and std_hmac.compare_digest(s, peer),
    )


# -- chained ciphers: TLS MAC-then-encrypt records -----------------------------------
def record_keys(label: str) -> tuple[bytes, bytes, hashes.HashAlgorithm]:
    """Cipher key, MAC key and hash of a chained cipher, with speed.c's fixed key bytes."""
    key_len = 32 if label.startswith("AES-256") else 16
    alg: hashes.HashAlgorithm = hashes.SHA256() if label.endswith("SHA256") else hashes.SHA1()
    return KEY32[:key_len], KEY32[: alg.digest_size], alg


def _mac(mac_key: bytes, alg: hashes.HashAlgorithm, seq: int, payload: bytes) -> bytes:
    h = hmac.HMAC(mac_key, alg)
    n = len(payload)
    h.update(seq.to_bytes(8, "big") + bytes((23, 3, 2, (n >> 8) & 0xFF, n & 0xFF)) + payload)
    return h.finalize()


def seal_record(label: str, seq: int, payload: bytes) -> bytes:
    """One TLS 1.1 record body: AES-CBC(explicit IV || payload || MAC || padding).

    Each record gets a fresh random explicit IV, encrypted as the first block under a zero
    chaining value (OpenSSL's way), so any record decrypts on its own.
    """
    key, mac_key, alg = record_keys(label)
    mac = _mac(mac_key, alg, seq, payload)
    pad_len = (-(EXPLICIT_IV + len(payload) + len(mac) + 1)) % 16
    plain = os.urandom(EXPLICIT_IV) + payload + mac + bytes([pad_len]) * (pad_len + 1)
    enc = Cipher(algorithms.AES(key), modes.CBC(bytes(16))).encryptor()
    return enc.update(plain) + enc.finalize()


def open_record(label: str, seq: int, record: bytes) -> bytes | None:
    """The payload of a sealed record, or None if its padding or MAC is wrong."""
    key, mac_key, alg = record_keys(label)
    if len(record) % 16 or len(record) < EXPLICIT_IV + alg.digest_size + 1:
        return None
    dec = Cipher(algorithms.AES(key), modes.CBC(bytes(16))).decryptor()
    plain = (dec.update(record) + dec.finalize())[EXPLICIT_IV:]
    pad_len = plain[-1]
    if pad_len + 1 > len(plain) - alg.digest_size or plain[-pad_len - 1 :] != bytes([pad_len]) * (
        pad_len + 1
    ):
        return None
    body = plain[: -pad_len - 1]
    payload, mac = body[: -alg.digest_size], body[-alg.digest_size :]
    if not std_hmac.compare_digest(mac, _mac(mac_key, alg, seq, payload)):
        return None
    return payload


def _records(case: SymCase) -> ResultPool:
    label = case.algo.label
    payloads = [os.urandom(case.size) for _ in range(RANDOMISED_POOL)]
    sealed = [seal_record(label, seq, pl) for seq, pl in enumerate(payloads)]

    def check(record: object) -> bool:
        if not isinstance(record, bytes) or record not in sealed:
            return False
        seq = sealed.index(record)
        return open_record(label, seq, record) == payloads[seq]

    return ResultPool(f"{label} TLS record of {case.size} bytes", list(sealed), check)
