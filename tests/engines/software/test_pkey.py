"""The software engine's public-key operations: RSA as openssl signs, signatures that
verify, ECDH and FFDH secrets."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding
from cryptography.hazmat.primitives.asymmetric.utils import NoDigestInfo, Prehashed

from pyspeed.algos.tables import FAMILY_OPS, PKEY_FAMILIES, PKEY_WORDS
from pyspeed.engines.software import ffdhe, pkey
from pyspeed.model import (
    PkeyAlgo,
    PkeyCase,
    Unsupported,
)

from support.software import ENGINE, OPTS, pkey_op

# --- public key -------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["rsa512", "rsa2048"])
def test_rsa_sign_is_raw_pkcs1(word: str) -> None:
    op = pkey_op(word, "sign")
    msg = op.args[0]
    assert len(msg) == 36
    sig = op.fn(*op.args)
    pub = op.fn.__self__.public_key()  # type: ignore[attr-defined]
    pub.verify(sig, msg, padding.PKCS1v15(), NoDigestInfo())
    # textbook check, no DigestInfo: EM = 00 01 FF..FF 00 || msg
    n, e = pub.public_numbers().n, pub.public_numbers().e
    em = pow(int.from_bytes(sig, "big"), e, n).to_bytes(len(sig), "big")
    assert em == b"\x00\x01" + b"\xff" * (len(sig) - 39) + b"\x00" + msg


@pytest.mark.parametrize("word", ["dsa1024", "ecdsap256", "ecdsabrp384r1", "ed25519", "ed448"])
def test_signatures_verify(word: str) -> None:
    sign = pkey_op(word, "sign")
    msg = sign.args[0]
    assert len(msg) == 20
    sig = sign.fn(*sign.args)
    pub = sign.fn.__self__.public_key()  # type: ignore[attr-defined]
    if word.startswith("dsa"):
        pub.verify(sig, msg, Prehashed(hashes.SHA1()))
    elif word.startswith("ecdsa"):
        pub.verify(sig, msg, ec.ECDSA(Prehashed(hashes.SHA1())))
    else:
        pub.verify(sig, msg)
    verify = pkey_op(word, "verify")
    assert verify.fn(*verify.args) is None


@pytest.mark.parametrize("word", ["ecdhp256", "ecdhp521", "ecdhx25519", "ecdhx448"])
def test_ecdh_derives_a_stable_secret(word: str) -> None:
    op = pkey_op(word, "derive")
    secret = op.fn(*op.args)
    assert secret == op.fn(*op.args)
    assert len(secret) == (PKEY_WORDS[word].bits + 7) // 8


def test_mismatched_agreement_is_unsupported() -> None:
    with pytest.raises(Unsupported, match="ECDH computations don't match"):
        pkey._derive("derive", lambda: b"a", (), b"b", "ECDH")


def test_ffdh_uses_named_group_and_short_exponent() -> None:
    op = pkey_op("ffdh2048", "derive")
    priv, peer = op.fn.__self__, op.args[0]  # type: ignore[attr-defined]
    nums = priv.private_numbers()
    p = ffdhe.PRIMES[2048]
    assert nums.public_numbers.parameter_numbers.p == p
    assert nums.public_numbers.parameter_numbers.g == 2
    assert nums.x.bit_length() <= ffdhe.PRIVATE_BITS[2048]
    expected = pow(peer.public_numbers().y, nums.x, p)
    assert int.from_bytes(op.fn(*op.args), "big") == expected


def test_ffdhe_primes_follow_rfc7919() -> None:
    """p = 2^b - 2^(b-64) + {floor(2^(b-130) e) + X} * 2^64 - 1, e from its series."""
    for bits, p in ffdhe.PRIMES.items():
        prec = bits - 130 + 64
        e_fixed, term, k = 0, 1 << prec, 0
        while term:
            e_fixed += term
            k += 1
            term //= k
        mid = (e_fixed >> 64) + ffdhe.RFC7919_X[bits]
        assert p == (1 << bits) - (1 << (bits - 64)) + (mid << 64) - 1


_SLOW = {"rsa7680", "rsa15360"}  # ~1 s per signature (the verify case signs once)
_PKEY_CASES = [
    pytest.param(
        a,
        op,
        id=f"{a.word}-{op}",
        marks=[pytest.mark.slow] if a.word in _SLOW else [],
    )
    for fam, algos in PKEY_FAMILIES.items()
    for a in algos
    for op in FAMILY_OPS[fam]
]


@pytest.mark.parametrize(("algo", "op"), _PKEY_CASES)
def test_every_pkey_algo_prepares_or_is_unsupported(algo: PkeyAlgo, op: str) -> None:
    """Anything but Unsupported (a crash, a wrong key type) is a bug."""
    try:
        ENGINE.check(algo)
        prepared = ENGINE.prepare(PkeyCase(algo, op, 10.0), OPTS)
    except Unsupported as exc:
        assert str(exc)
        return
    prepared.fn(*prepared.args)
