"""The software engine's KEM and signature rows (OpenSSL 3.5's tables), each checked
independently of the code under test: secrets recomputed from the parts, signatures
verified by the public key, sizes from real objects against the wire table."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.asymmetric import ec, padding, x448, x25519
from cryptography.hazmat.primitives.asymmetric.utils import NoDigestInfo
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand

from pyspeed.algos.vocabulary import KEM_NAMES, SIG_NAMES
from pyspeed.algos.wire import wire
from pyspeed.engines.software import SoftwareEngine, kem
from pyspeed.model import CaseOptions, PkeyAlgo, PkeyCase, Unsupported

RUNS = [n for n in KEM_NAMES if not n.startswith(("rsa", "ML-KEM-512"))]


def _op(family: str, name: str, op: str):  # type: ignore[no-untyped-def]
    algo = PkeyAlgo(family, 0, name, 0)  # type: ignore[arg-type]
    return SoftwareEngine().prepare(PkeyCase(algo, op, 1.0), CaseOptions(dialect="3.5"))


@pytest.mark.parametrize("name", RUNS)
def test_every_kem_row_round_trips_and_has_its_wire_sizes(name: str) -> None:
    k = kem._Kem(kem.spec_of(name))
    ss, ct = k.encaps()
    assert k.decaps(ct) == ss and len(ss) >= 32
    w = wire("kem", name, 0)
    public = (k.pk_ml.public_bytes_raw() if k.pk_ml is not None else b"") + k.pk_r
    assert w is not None and (len(public), len(ct)) == (w.public_key, w.output)
    for op in ("keygen", "encaps", "decaps"):
        o = _op("kem", name, op)
        assert o.fn is not None
        o.fn(*o.args)  # one timed call works


def test_x25519mlkem768_is_ml_kem_then_x25519() -> None:
    """The hybrid's secret is ML-KEM's then X25519's, its ciphertext ML-KEM's then the
    ephemeral X25519 key: recomputed here from the parts."""
    k = kem._Kem(kem.spec_of("X25519MLKEM768"))
    ss, ct = k.encaps()
    assert len(ct) == 1088 + 32 and len(ss) == 64
    assert k.sk_ml.decapsulate(ct[:1088]) == ss[:32]  # type: ignore[union-attr]
    eph = x25519.X25519PublicKey.from_public_bytes(ct[1088:])
    assert k.sk_ec.exchange(eph) == ss[32:]  # type: ignore[union-attr]


@pytest.mark.parametrize(("name", "point", "secret", "curve"), [
    ("SecP256r1MLKEM768", 65, 32, ec.SECP256R1), ("SecP384r1MLKEM1024", 97, 48, ec.SECP384R1)])
def test_the_secp_hybrids_put_the_ec_share_first(name: str, point: int, secret: int,
                                                 curve: type[ec.EllipticCurve]) -> None:
    """ECDH's point and secret first, then ML-KEM's: both halves recomputed."""
    k = kem._Kem(kem.spec_of(name))
    ss, ct = k.encaps()
    assert ct[0] == 4 and len(ss) == secret + 32  # an uncompressed point, then ML-KEM's
    assert k.sk_ml.decapsulate(ct[point:]) == ss[secret:]  # type: ignore[union-attr]
    eph = ec.EllipticCurvePublicKey.from_encoded_point(curve(), ct[:point])
    assert k.sk_ec.exchange(ec.ECDH(), eph) == ss[:secret]  # type: ignore[union-attr]


def test_x448mlkem1024_is_ml_kem_then_x448() -> None:
    k = kem._Kem(kem.spec_of("X448MLKEM1024"))
    ss, ct = k.encaps()
    assert len(ct) == 1568 + 56 and len(ss) == 32 + 56
    assert k.sk_ml.decapsulate(ct[:1568]) == ss[:32]  # type: ignore[union-attr]
    eph = x448.X448PublicKey.from_public_bytes(ct[1568:])
    assert k.sk_ec.exchange(eph) == ss[32:]  # type: ignore[union-attr]


def test_dhkem_x25519_follows_rfc_9180() -> None:
    """DHKEM(X25519, HKDF-SHA256): the shared secret recomputed with RFC 9180's labelled
    extract and expand, written out here."""
    k = kem._Kem(kem.spec_of("X25519"))
    ss, enc = k.encaps()
    suite = b"KEM\x00\x20"
    dh = k.sk_ec.exchange(x25519.X25519PublicKey.from_public_bytes(enc))  # type: ignore[union-attr]
    h = hmac.HMAC(bytes(32), hashes.SHA256())
    h.update(b"HPKE-v1" + suite + b"eae_prk" + dh)
    context = enc + k.pk_r
    info = b"\x00\x20" + b"HPKE-v1" + suite + b"shared_secret" + context
    assert HKDFExpand(hashes.SHA256(), 32, info).derive(h.finalize()) == ss


@pytest.mark.parametrize("name", ["ML-DSA-44", "ML-DSA-65", "ML-DSA-87", "rsa2048", "dsa2048"])
def test_signature_rows_sign_what_verifies(name: str) -> None:
    sign = _op("sig", name, "sign")
    assert sign.fn is not None
    sig = sign.fn(*sign.args)
    verify = _op("sig", name, "verify")
    key = sign.fn.__self__  # type: ignore[attr-defined]
    key.public_key().verify(sig, *sign.args)  # raises if the signature is not good
    assert verify.fn is not None and verify.fn(*verify.args) is None
    w = wire("sig", name, 0)
    assert w is not None
    if name.startswith("ML-DSA"):
        assert (len(key.public_key().public_bytes_raw()), len(sig)) == (w.public_key, w.output)
    else:  # DER at its largest (pyspeed's DSA test keys have a 224-bit q, as 2048's)
        assert len(sig) <= w.output and key.key_size // 8 == w.public_key


def test_rsa_signature_row_is_raw_pkcs1_over_32_zero_bytes() -> None:
    sign = _op("sig", "rsa2048", "sign")
    key = sign.fn.__self__  # type: ignore[union-attr]
    sig = sign.fn(*sign.args)  # type: ignore[misc]
    key.public_key().verify(sig, bytes(32), padding.PKCS1v15(), NoDigestInfo())


def test_rsa_encrypt_and_decrypt() -> None:
    algo = PkeyAlgo("rsa", 2, "rsa2048", 2048)
    case = PkeyCase(algo, "encrypt", 1.0)
    enc = SoftwareEngine().prepare(case, CaseOptions(dialect="3.5"))
    dec = SoftwareEngine().prepare(PkeyCase(algo, "decrypt", 1.0), CaseOptions(dialect="3.5"))
    ct = enc.fn(*enc.args)  # type: ignore[misc]
    msg, pad = enc.args
    assert len(ct) == 256 and dec.fn.__self__.decrypt(ct, pad) == msg  # type: ignore[union-attr]


@pytest.mark.parametrize(("family", "name", "reason"), [
    ("kem", "ML-KEM-512", "no ML-KEM-512"),
    ("kem", "rsa2048", "RSASVE"),
    ("sig", "SLH-DSA-SHA2-128s", "no SLH-DSA"),
    ("sig", "rsa512", "under 1024 bits"),
])
def test_what_cryptography_cannot_run_says_why(family: str, name: str, reason: str) -> None:
    with pytest.raises(Unsupported, match=reason):
        SoftwareEngine().check(PkeyAlgo(family, 0, name, 0))  # type: ignore[arg-type]


def test_every_row_of_both_tables_has_wire_sizes() -> None:
    assert all(wire("kem", n, 0) for n in KEM_NAMES)
    assert all(wire("sig", n, 0) for n in SIG_NAMES)


def test_a_hybrid_whose_part_is_missing_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """A build of cryptography without X448 cannot run X448MLKEM1024; the reason names
    the missing part (the probe is cryptography's own, answered here as such a build)."""
    monkeypatch.setattr(kem.backend, "x448_supported", lambda: False)
    with pytest.raises(Unsupported, match="no X448, a part of this KEM"):
        SoftwareEngine().check(PkeyAlgo("kem", 0, "X448MLKEM1024", 0))
    SoftwareEngine().check(PkeyAlgo("kem", 0, "X25519MLKEM768", 0))
