"""Which release line a run speaks, and what 3.5's words select (docs/openssl-compat.md §4)."""

from __future__ import annotations

import pytest

from pyspeed.algos.cases import SelectOptions, plan, select
from pyspeed.algos.vocabulary import KEM_NAMES, SIG_NAMES
from pyspeed.errors import UsageError


def test_3_0_is_the_default() -> None:
    sel = select(["rsa2048", "dsa512"], SelectOptions())
    assert sel.dialect == "3.0"
    assert [c.key for c in plan(sel, 1)] == ["rsa2048/sign", "rsa2048/verify",
                                             "dsa512/sign", "dsa512/verify"]


@pytest.mark.parametrize("word", ["ML-KEM-768", "ML-DSA-65", "X25519MLKEM768", "X25519",
                                  "SLH-DSA-SHAKE-256f", "kmac128"])
def test_a_name_only_3_5_has_makes_the_run_3_5(word: str) -> None:
    assert select([word], SelectOptions()).dialect == "3.5"


@pytest.mark.parametrize(("flag", "family"), [("kem_algorithms", "kem"),
                                              ("signature_algorithms", "sig")])
def test_the_table_flags_select_every_row(flag: str, family: str) -> None:
    sel = select([], SelectOptions(**{flag: True}))
    assert sel.dialect == "3.5" and sel.explicit
    names = KEM_NAMES if family == "kem" else SIG_NAMES
    assert [a.word for a in sel.pkey] == list(names) and not sel.sym


def test_a_named_row_with_the_flag_is_the_only_one() -> None:
    sel = select(["ML-KEM-768"], SelectOptions(kem_algorithms=True))
    assert [a.name for a in sel.pkey] == ["ML-KEM-768"]


def test_rsa2048_in_3_5_selects_three_tables() -> None:
    sel = select(["rsa2048"], SelectOptions(dialect="3.5"))
    assert [c.key for c in plan(sel, 1)] == [
        "rsa2048/sign", "rsa2048/verify", "rsa2048/encrypt", "rsa2048/decrypt",
        "kem:rsa2048/keygen", "kem:rsa2048/encaps", "kem:rsa2048/decaps",
        "sig:rsa2048/keygen", "sig:rsa2048/sign", "sig:rsa2048/verify"]


def test_3_5_has_no_dsa512_and_hmac_is_sha256() -> None:
    with pytest.raises(UsageError, match="speed: Unknown algorithm dsa512"):
        select(["dsa512"], SelectOptions(dialect="3.5"))
    assert select(["hmac"], SelectOptions(dialect="3.5")).sym[0].label == "hmac(sha256)"
    assert select(["hmac"], SelectOptions()).sym[0].label == "hmac(md5)"


def test_the_default_3_5_run_includes_every_kem_and_signature() -> None:
    sel = select([], SelectOptions(dialect="3.5"))
    families = [a.family for a in sel.pkey]
    assert families.count("kem") == len(KEM_NAMES) and families.count("sig") == len(SIG_NAMES)
    assert not sel.explicit and families[-1] == "sig"


def test_a_3_5_name_under_an_explicit_3_0_says_which_dialect_has_it() -> None:
    with pytest.raises(UsageError) as exc:
        select(["sha256", "ML-KEM-768"], SelectOptions(dialect="3.0"))
    assert str(exc.value.message) == ("speed: ML-KEM-768 is in OpenSSL 3.5's speed, not "
                                      "3.0's (--dialect 3.5)")


@pytest.mark.parametrize("word", ["ML-KEM768", "ml-kem-768", "MLKEM768", "X25519MLKEM"])
def test_a_misspelt_name_is_openssls_unknown_algorithm(word: str) -> None:
    """3.5 matches names exactly and case-sensitively (aliases came in 4.0)."""
    with pytest.raises(UsageError, match=f"^speed: Unknown algorithm {word}$"):
        select([word], SelectOptions(dialect="3.5"))
