"""Key encapsulation (OpenSSL 3.5's KEM table): keygen, encaps and decaps per call.

What each row runs, as OpenSSL's providers implement it:

* ML-KEM-768/1024: FIPS 203 through cryptography (its OpenSSL); ML-KEM-512 is not there.
* the TLS hybrid groups (X25519MLKEM768, SecP256r1MLKEM768, SecP384r1MLKEM1024,
  X448MLKEM1024): an ML-KEM key pair plus a classical one; encapsulation is ML-KEM's plus
  an ephemeral key agreement, decapsulation ML-KEM's plus the agreement, the secrets
  concatenated in the group's order (ECDH first for the SecP groups, ML-KEM first for the
  X groups), as TLS combines them;
* the EC KEM rows (P-256, P-384, P-521, X25519, X448): DHKEM of RFC 9180, an ephemeral
  agreement and the labelled HKDF of the suite;
* the RSA KEM (RSASVE) needs raw RSA, which cryptography does not expose: unsupported.

Every row is checked once before timing: the decapsulated secret equals the encapsulated
one. The timed callables are the library's own methods where one call is the operation
(ML-KEM); composed rows are small functions whose work is all in C.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cryptography.hazmat.backends.openssl import backend
from cryptography.hazmat.primitives import hashes, hmac, serialization
from cryptography.hazmat.primitives.asymmetric import ec, mlkem, x448, x25519
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand

from pyspeed.engines.software.common import versions
from pyspeed.model import Operation, Unsupported

_RAW = (serialization.Encoding.Raw, serialization.PublicFormat.Raw)
_POINT = (serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


@dataclass(frozen=True)
class Agreement:
    """A classical key agreement: how to make a key, agree, and put a public key on the
    wire."""

    generate: Callable[[], object]
    agree: Callable[[object, object], bytes]
    encode: Callable[[object], bytes]


def _x(cls: type[x25519.X25519PrivateKey] | type[x448.X448PrivateKey]) -> Agreement:
    return Agreement(cls.generate, lambda sk, pk: sk.exchange(pk),  # type: ignore[attr-defined]
                     lambda pk: pk.public_bytes(*_RAW))  # type: ignore[attr-defined]


def _ec(curve: type[ec.EllipticCurve]) -> Agreement:
    ecdh = ec.ECDH()
    return Agreement(lambda: ec.generate_private_key(curve()),
                     lambda sk, pk: sk.exchange(ecdh, pk),  # type: ignore[attr-defined]
                     lambda pk: pk.public_bytes(*_POINT))  # type: ignore[attr-defined]


AGREEMENTS: dict[str, Agreement] = {
    "X25519": _x(x25519.X25519PrivateKey),
    "X448": _x(x448.X448PrivateKey),
    "P-256": _ec(ec.SECP256R1),
    "P-384": _ec(ec.SECP384R1),
    "P-521": _ec(ec.SECP521R1),
}

_MLKEM: dict[int, type[mlkem.MLKEM768PrivateKey] | type[mlkem.MLKEM1024PrivateKey]] = {
    768: mlkem.MLKEM768PrivateKey,
    1024: mlkem.MLKEM1024PrivateKey,
}

# RFC 9180 §7.1: KEM id, hash and secret length of each DHKEM
_DHKEM: dict[str, tuple[int, type[hashes.HashAlgorithm], int]] = {
    "P-256": (0x0010, hashes.SHA256, 32),
    "P-384": (0x0011, hashes.SHA384, 48),
    "P-521": (0x0012, hashes.SHA512, 64),
    "X25519": (0x0020, hashes.SHA256, 32),
    "X448": (0x0021, hashes.SHA512, 64),
}


@dataclass(frozen=True)
class KemSpec:
    """What a KEM row is made of: ML-KEM's level, a classical agreement, or both."""

    mlkem: int = 0  # 768 or 1024 (512: cryptography has none); 0: no ML-KEM part
    agreement: str = ""  # a key of AGREEMENTS; "" for pure ML-KEM
    ecdh_first: bool = False  # the hybrid's order of secrets and ciphertexts
    rsa_bits: int = 0  # the RSA KEM (RSASVE)


SPECS: dict[str, KemSpec] = {
    **{f"rsa{b}": KemSpec(rsa_bits=b) for b in (512, 1024, 2048, 3072, 4096, 7680, 15360)},
    "ECP-256": KemSpec(agreement="P-256"),
    "ECP-384": KemSpec(agreement="P-384"),
    "ECP-521": KemSpec(agreement="P-521"),
    "X25519": KemSpec(agreement="X25519"),
    "X448": KemSpec(agreement="X448"),
    "ML-KEM-512": KemSpec(512),
    "ML-KEM-768": KemSpec(768),
    "ML-KEM-1024": KemSpec(1024),
    "X25519MLKEM768": KemSpec(768, "X25519"),
    "X448MLKEM1024": KemSpec(1024, "X448"),
    "SecP256r1MLKEM768": KemSpec(768, "P-256", ecdh_first=True),
    "SecP384r1MLKEM1024": KemSpec(1024, "P-384", ecdh_first=True),
}


def spec_of(name: str) -> KemSpec:
    spec = SPECS.get(name)
    if spec is None:
        raise Unsupported(f"cryptography has no {name} KEM")
    return spec


def check(spec: KemSpec) -> None:
    """A row runs only if every part of it does: a hybrid whose key agreement this
    cryptography lacks is unsupported, with the missing part named."""
    if spec.rsa_bits:
        raise Unsupported("cryptography has no raw RSA, which the RSA KEM (RSASVE) needs")
    if spec.mlkem and spec.mlkem not in _MLKEM:
        raise Unsupported(f"cryptography has no ML-KEM-{spec.mlkem}")
    probe = {"X25519": backend.x25519_supported, "X448": backend.x448_supported}
    if spec.agreement in probe and not probe[spec.agreement]():
        raise Unsupported(f"cryptography's OpenSSL has no {spec.agreement}, a part of this KEM")


class _Kem:
    """One row's three operations over one key pair (made in prepare, as speed does)."""

    def __init__(self, spec: KemSpec) -> None:
        self.spec = spec
        self.ml = _MLKEM[spec.mlkem] if spec.mlkem else None
        self.ag = AGREEMENTS[spec.agreement] if spec.agreement else None
        self.sk_ml, self.sk_ec = self.keygen()
        self.pk_ml = self.sk_ml.public_key() if self.sk_ml is not None else None
        self.pk_ec = self.sk_ec.public_key() if self.sk_ec is not None else None  # type: ignore[attr-defined]
        # the classical public key on the wire; its length is the share's in a hybrid
        self.pk_r = self.ag.encode(self.pk_ec) if self.ag is not None else b""
        if self.ag is not None and not self.ml:
            kem_id, hash_cls, self.n_secret = _DHKEM[spec.agreement]
            self.suite = b"KEM" + kem_id.to_bytes(2, "big")
            self.hash = hash_cls()

    def keygen(self) -> tuple[object | None, object | None]:
        return (self.ml.generate() if self.ml else None,
                self.ag.generate() if self.ag else None)

    # -- DHKEM (RFC 9180 §4.1) ----------------------------------------------------------
    def _extract_and_expand(self, dh: bytes, context: bytes) -> bytes:
        h = hmac.HMAC(bytes(self.hash.digest_size), self.hash)  # LabeledExtract, empty salt
        h.update(b"HPKE-v1" + self.suite + b"eae_prk" + dh)
        info = (self.n_secret.to_bytes(2, "big") + b"HPKE-v1" + self.suite
                + b"shared_secret" + context)
        return HKDFExpand(self.hash, self.n_secret, info).derive(h.finalize())

    def _dh_encaps(self) -> tuple[bytes, bytes]:
        assert self.ag is not None
        sk_e = self.ag.generate()
        enc = self.ag.encode(sk_e.public_key())  # type: ignore[attr-defined]
        return self._extract_and_expand(self.ag.agree(sk_e, self.pk_ec), enc + self.pk_r), enc

    def _dh_decaps(self, enc: bytes) -> bytes:
        assert self.ag is not None
        pk_e = _decode(self.spec.agreement, enc)
        return self._extract_and_expand(self.ag.agree(self.sk_ec, pk_e), enc + self.pk_r)

    # -- ML-KEM and the hybrids ---------------------------------------------------------
    def encaps(self) -> tuple[bytes, bytes]:
        if self.ml is None:
            return self._dh_encaps()
        ss, ct = self.pk_ml.encapsulate()  # type: ignore[union-attr]
        if self.ag is None:
            return ss, ct
        sk_e = self.ag.generate()
        ss_ec, ct_ec = self.ag.agree(sk_e, self.pk_ec), self.ag.encode(sk_e.public_key())  # type: ignore[attr-defined]
        if self.spec.ecdh_first:
            return ss_ec + ss, ct_ec + ct
        return ss + ss_ec, ct + ct_ec

    def decaps(self, ct: bytes) -> bytes:
        if self.ml is None:
            return self._dh_decaps(ct)
        if self.ag is None:
            return self.sk_ml.decapsulate(ct)  # type: ignore[union-attr]
        share = len(self.pk_r)
        if self.spec.ecdh_first:
            ct_ec, ct_ml = ct[:share], ct[share:]
        else:
            ct_ml, ct_ec = ct[:-share], ct[-share:]
        ss = self.sk_ml.decapsulate(ct_ml)  # type: ignore[union-attr]
        ss_ec = self.ag.agree(self.sk_ec, _decode(self.spec.agreement, ct_ec))
        return ss_ec + ss if self.spec.ecdh_first else ss + ss_ec


def _decode(agreement: str, data: bytes) -> object:
    if agreement == "X25519":
        return x25519.X25519PublicKey.from_public_bytes(data)
    if agreement == "X448":
        return x448.X448PublicKey.from_public_bytes(data)
    curve = {"P-256": ec.SECP256R1, "P-384": ec.SECP384R1, "P-521": ec.SECP521R1}[agreement]
    return ec.EllipticCurvePublicKey.from_encoded_point(curve(), data)


def prepare(spec: KemSpec, op: str) -> Operation:
    """One timed operation of a KEM row, after one checked round trip."""
    check(spec)
    kem = _Kem(spec)
    ss, ct = kem.encaps()
    if kem.decaps(ct) != ss:
        raise Unsupported("the decapsulated secret differs from the encapsulated one")
    pure = kem.ml is not None and kem.ag is None  # one library call is the operation
    calls: dict[str, tuple[Callable[..., object], tuple[object, ...]]] = {
        "keygen": (kem.ml.generate if pure else kem.keygen, ()),  # type: ignore[union-attr]
        "encaps": (kem.pk_ml.encapsulate if pure else kem.encaps, ()),  # type: ignore[union-attr]
        "decaps": (kem.sk_ml.decapsulate if pure else kem.decaps, (ct,)),  # type: ignore[union-attr]
    }
    if op not in calls:
        raise Unsupported(f"no {op} operation for a KEM")
    fn, args = calls[op]
    return Operation(fn, args, implementation=versions())
