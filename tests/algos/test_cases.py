"""The speed vocabulary: words, groups, aliases, labels, sizes and orders.

The rules: docs/openssl-compat.md §1.2-1.5."""

from __future__ import annotations

import pytest

from pyspeed.algos.cases import SelectOptions, evp_algo, plan, select
from pyspeed.algos.tables import PKEY_FAMILIES, SYM_ALGOS
from pyspeed.errors import UsageError
from pyspeed.model import SymCase


def labels(words: list[str], **kw: object) -> list[str]:
    sel = select(words, SelectOptions(**kw))  # type: ignore[arg-type]
    return [a.label for a in sel.sym] + [a.word for a in sel.pkey]


def test_groups_and_aliases_expand_in_table_order() -> None:
    assert labels(["aes", "sha", "des"]) == [
        "sha1", "sha256", "sha512", "des-cbc", "des-ede3",
        "aes-128-cbc", "aes-192-cbc", "aes-256-cbc",
    ]
    assert labels(["ripemd", "bf", "cast5", "idea", "hmac"]) == [
        "rmd160", "hmac(md5)", "idea-cbc", "blowfish", "cast-cbc",
    ]


def test_pkey_groups_cover_every_openssl_entry() -> None:
    assert len(labels(["rsa"])) == 7
    assert len(labels(["dsa"])) == 3
    assert len(labels(["ecdsa"])) == 22
    assert len(labels(["ecdh"])) == 24
    assert labels(["eddsa"]) == ["ed25519", "ed448"]
    assert labels(["sm2"]) == ["curveSM2"]
    assert len(labels(["ffdh"])) == 5


def test_pkey_indices_are_openssl_3_mr_indices() -> None:
    ecdsa = {a.word: a.k for a in PKEY_FAMILIES["ecdsa"]}
    assert ecdsa["ecdsap256"] == 3 and ecdsa["ecdsabrp256r1"] == 16
    ecdh = {a.word: (a.k, a.bits, a.curve) for a in PKEY_FAMILIES["ecdh"]}
    assert ecdh["ecdhx25519"] == (22, 253, "X25519")
    assert ecdh["ecdhx448"] == (23, 448, "X448")


def test_symmetric_indices_are_openssl_3_indices() -> None:
    idx = {a.label: a.index for a in SYM_ALGOS.values()}
    assert (idx["sha1"], idx["rmd160"], idx["sha256"], idx["hmac(md5)"]) == (4, 5, 6, 9)
    assert (idx["aes-128-cbc"], idx["ghash"], idx["rand"]) == (19, 26, 27)


def test_run_order_differs_from_print_order() -> None:
    sel = select(["sha1", "rmd160", "sha512", "sha256"], SelectOptions(bytes=16))
    ran = [c.algo.label for c in plan(sel, 1) if isinstance(c, SymCase)]
    assert ran == ["sha1", "sha256", "sha512", "rmd160"]
    assert [a.label for a in sel.sym] == ["sha1", "rmd160", "sha256", "sha512"]


def test_pkey_ops_run_sign_before_verify_family_by_family() -> None:
    sel = select(["ed25519", "rsa512", "ecdhp256"], SelectOptions())
    assert [(c.algo.word, c.op) for c in plan(sel, None)] == [
        ("rsa512", "sign"), ("rsa512", "verify"), ("ecdhp256", "derive"),
        ("ed25519", "sign"), ("ed25519", "verify"),
    ]


def test_default_durations_and_the_seconds_option() -> None:
    sel = select(["sha1", "rsa512"], SelectOptions())
    assert {c.seconds for c in plan(sel, None)} == {3, 10}
    assert {c.seconds for c in plan(sel, 2)} == {2}


def test_block_sizes() -> None:
    assert select(["sha1"], SelectOptions()).sizes == (16, 64, 256, 1024, 8192, 16384)
    assert select(["sha1"], SelectOptions(bytes=100)).sizes == (100,)
    aead = select([], SelectOptions(evp="aes-128-gcm", aead=True))
    assert aead.sizes == (2, 31, 136, 1024, 8192, 16384)


def test_default_matrix_when_nothing_is_named() -> None:
    sel = select([], SelectOptions())
    assert not sel.explicit
    assert 25 not in {a.index for a in sel.sym} and 28 not in {a.index for a in sel.sym}
    assert len(sel.pkey) == 7 + 3 + 22 + 24 + 2 + 1 + 5


@pytest.mark.parametrize(
    ("name", "label"),
    # observed with OpenSSL 3.0.19: the provider's canonical name, upper case
    [("aes-128-cbc", "AES-128-CBC"), ("aes128", "AES-128-CBC"), ("des-ede3", "DES-EDE3-ECB"),
     ("sm4", "SM4-CBC"), ("id-aes128-GCM", "AES-128-GCM"),
     ("chacha20-poly1305", "ChaCha20-Poly1305"),
     ("aes-128-cbc-hmac-sha1", "AES-128-CBC-HMAC-SHA1")],
)
def test_evp_cipher_labels(name: str, label: str) -> None:
    algo = evp_algo(name)
    assert (algo.index, algo.label, algo.kind) == (25, label, "evp_cipher")


def test_evp_digest_label_is_the_string_as_typed() -> None:
    algo = evp_algo("SHA256")
    assert (algo.label, algo.kind, algo.evp_name) == ("SHA256", "evp_digest", "sha256")


def test_hmac_and_cmac_labels() -> None:
    assert labels([], hmac="sha256") == ["hmac(sha256)"]
    sel = select([], SelectOptions(cmac="aes-128-cbc"))
    assert [(a.index, a.label, a.evp_name) for a in sel.sym] == [
        (28, "cmac(aes-128-cbc)", "AES-128-CBC")
    ]


def test_openssl_word_is_ignored() -> None:
    assert labels(["openssl", "sha1"]) == ["sha1"]


def test_unknown_words_fail() -> None:
    with pytest.raises(UsageError, match="Unknown algorithm SHA1"):
        select(["SHA1"], SelectOptions())  # names are case-sensitive
