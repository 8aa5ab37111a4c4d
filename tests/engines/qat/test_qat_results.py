"""Modelled operations return real crypto: verified here with independent checks."""

from __future__ import annotations

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric.utils import NoDigestInfo

from pyspeed.engines.qat import pool_of
from pyspeed.engines.qat.result_pool import open_record, seal_record
from pyspeed.engines.software import keys

from support.qat import engine, pkey_op, simulate, sym_op


def test_rsa_signatures_verify_with_the_public_key() -> None:
    op = pkey_op(engine(), "rsa2048", jobs=8)
    sig = op.fn(*op.args)
    assert isinstance(sig, bytes) and len(sig) == 256
    pool = pool_of(op)
    assert pool.verify(sig)
    assert not pool.verify(bytes([sig[0] ^ 1]) + sig[1:])
    # independently: the shipped key's public half, and a message it must not match
    with pytest.raises(InvalidSignature):
        keys.rsa_key(2048).public_key().verify(sig, b"x" * 36, padding.PKCS1v15(),
                                               NoDigestInfo())  # fmt: skip


def test_every_completion_is_served_from_the_pool() -> None:
    op = pkey_op(engine(), "rsa2048", jobs=8)
    m = simulate(op, 0.5)
    assert pool_of(op).handed_out == m.count > 0


@pytest.mark.parametrize(
    ("word", "op"),
    [("rsa1024", "verify"), ("rsa4096", "sign"), ("dsa1024", "sign"), ("dsa2048", "verify"),
     ("ecdsap256", "sign"), ("ecdsap384", "verify"), ("ecdhp256", "derive"),
     ("ecdhp521", "derive"), ("ffdh2048", "derive")],
)  # fmt: skip
def test_public_key_results_are_real(word: str, op: str) -> None:
    o = pkey_op(engine(), word, op, jobs=4)
    pool = pool_of(o)
    results = {repr(o.fn()) for _ in range(20)}
    assert all(pool.verify(r) for r in pool.results)
    if op == "verify":
        assert pool.results == [True]
    elif word.startswith(("dsa", "ecdsa")):
        assert len(results) > 1  # randomised signatures, each checked above
        assert not pool.verify(b"\x30\x06\x02\x01\x01\x02\x01\x01")
    else:
        assert not pool.verify(b"\x00" * len(pool.results[0]))  # type: ignore[arg-type]


@pytest.mark.parametrize("label", ["aes-128-cbc-hmac-sha1", "aes-256-cbc-hmac-sha256"])
def test_chained_cipher_records_decrypt_and_authenticate(label: str) -> None:
    op = sym_op(engine(), label, 8192, jobs=64)
    pool = pool_of(op)
    record = op.fn()
    assert isinstance(record, bytes) and len(record) % 16 == 0
    assert pool.verify(record)
    seq = pool.results.index(record)
    payload = open_record(label.upper(), seq, record)
    assert payload is not None and len(payload) == 8192
    tampered = record[:-40] + bytes([record[-40] ^ 1]) + record[-39:]
    assert open_record(label.upper(), seq, tampered) is None
    assert open_record(label.upper(), seq + 1, record) is None  # the MAC binds the sequence


def test_seal_and_open_round_trip() -> None:
    label = "AES-128-CBC-HMAC-SHA1"
    for n in (0, 1, 15, 16, 1000):
        body = bytes(range(256)) * 4
        assert open_record(label, 9, seal_record(label, 9, body[:n])) == body[:n]


def test_software_paths_return_the_software_engines_results() -> None:
    op = sym_op(engine(), "aes-128-cbc-hmac-sha1", 1024)
    assert op.fn(*op.args) > 0  # the software engine's TLS record: bytes written
    with pytest.raises(TypeError):
        pool_of(op)
