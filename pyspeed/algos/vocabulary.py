"""The words, tables and run order of each `openssl speed` release line pyspeed speaks.

3.0 is pyspeed.algos.tables. 3.5 (docs/openssl-compat.md §4) differs in what a run can
name and in what it measures:

* the HMAC row is `hmac(sha256)`; KMAC rows (29, 30) and the `cmac` and `kmac` words;
* DSA has 1024 and 2048 bits only (`+F3` indices 0 and 1);
* RSA also encrypts and decrypts;
* a KEM table (keygen, encaps, decaps) and a signature table (keygen, sign, verify), rows
  named by algorithm. openssl builds both lists from what its providers offer; pyspeed's
  are the default provider's of 3.5.5/3.6 (where ML-DSA and SLH-DSA sign: 3.5.0-3.5.4
  stop the signature table at their first composite name). A word is matched against
  every table, so `rsa2048` selects the RSA row, the `rsa2048` KEM row and the `rsa2048`
  signature row, as in openssl.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pyspeed.algos import tables as t30
from pyspeed.model import Family, PkeyAlgo, SymAlgo

DIALECTS = ("3.0", "3.5")
DEFAULT_DIALECT = "3.0"

KMAC_INDICES = (29, 30)

KEM_NAMES: tuple[str, ...] = (
    *(f"rsa{b}" for b in (512, 1024, 2048, 3072, 4096, 7680, 15360)),
    "ECP-256", "ECP-384", "ECP-521", "X25519", "X448",
    "ML-KEM-512", "ML-KEM-768", "ML-KEM-1024",
    "X25519MLKEM768", "X448MLKEM1024", "SecP256r1MLKEM768", "SecP384r1MLKEM1024",
)

SIG_NAMES: tuple[str, ...] = (
    *(f"rsa{b}" for b in (512, 1024, 2048, 3072, 4096, 7680, 15360)),
    "dsa1024", "dsa2048",
    "ML-DSA-44", "ML-DSA-65", "ML-DSA-87",
    *(f"SLH-DSA-{h}-{n}{v}" for h in ("SHA2", "SHAKE") for n in (128, 192, 256)
      for v in ("s", "f")),
)


@dataclass(frozen=True)
class Vocabulary:
    """One release line's `speed` words and tables."""

    dialect: str
    sym_algos: dict[int, SymAlgo]
    sym_words: dict[str, int]
    sym_groups: dict[str, tuple[int, ...]]
    sym_run_order: tuple[int, ...]
    pkey_families: dict[Family, tuple[PkeyAlgo, ...]]
    family_ops: dict[Family, tuple[str, ...]]
    family_order: tuple[Family, ...]
    cmac_word: bool  # `cmac` is a word (3.3+), not only `-cmac CIPHER`

    def pkey_matches(self, word: str) -> list[PkeyAlgo]:
        """Every public-key row a word names: one per table it appears in."""
        return [a for fam in self.family_order for a in self.pkey_families[fam]
                if a.word == word]

    def pkey_group(self, word: str) -> tuple[PkeyAlgo, ...]:
        """The rows of a family word (`rsa`, `ecdh`, ...); KEM and signature tables have
        no family word (`-kem-algorithms`, `-signature-algorithms` select them)."""
        if word in t30.PKEY_GROUPS:
            return self.pkey_families[t30.PKEY_GROUPS[word]]
        return ()

    def knows(self, word: str) -> bool:
        return (word in self.sym_words or word in self.sym_groups or word == "openssl"
                or bool(self.pkey_matches(word)) or bool(self.pkey_group(word))
                or (self.cmac_word and word == "cmac"))


def _rows(family: Family, names: tuple[str, ...]) -> tuple[PkeyAlgo, ...]:
    return tuple(PkeyAlgo(family, k, name, 0) for k, name in enumerate(names))


V30 = Vocabulary(
    dialect="3.0",
    sym_algos=t30.SYM_ALGOS,
    sym_words=t30.SYM_WORDS,
    sym_groups=t30.SYM_GROUPS,
    sym_run_order=t30.SYM_RUN_ORDER,
    pkey_families=t30.PKEY_FAMILIES,
    family_ops=t30.FAMILY_OPS,
    family_order=t30.FAMILY_ORDER,
    cmac_word=False,
)

_SYM35 = {
    **t30.SYM_ALGOS,
    t30.HMAC_INDEX: SymAlgo(t30.HMAC_INDEX, "hmac(sha256)", "hmac", "sha256"),
    29: SymAlgo(29, "kmac128", "kmac", "kmac128"),
    30: SymAlgo(30, "kmac256", "kmac", "kmac256"),
}
_WORDS35 = {**t30.SYM_WORDS, "kmac128": 29, "kmac256": 30}
_FAMILIES35: dict[Family, tuple[PkeyAlgo, ...]] = {
    **t30.PKEY_FAMILIES,
    "dsa": tuple(replace(a, k=a.k - 1) for a in t30.PKEY_FAMILIES["dsa"] if a.bits >= 1024),
    "kem": _rows("kem", KEM_NAMES),
    "sig": _rows("sig", SIG_NAMES),
}

V35 = Vocabulary(
    dialect="3.5",
    sym_algos=_SYM35,
    sym_words=_WORDS35,
    sym_groups={**t30.SYM_GROUPS, "kmac": KMAC_INDICES},
    sym_run_order=(*t30.SYM_RUN_ORDER, *KMAC_INDICES),
    pkey_families=_FAMILIES35,
    family_ops={**t30.FAMILY_OPS, "rsa": ("sign", "verify", "encrypt", "decrypt"),
                "kem": ("keygen", "encaps", "decaps"), "sig": ("keygen", "sign", "verify")},
    family_order=(*t30.FAMILY_ORDER, "kem", "sig"),
    cmac_word=True,
)

VOCABULARIES = {"3.0": V30, "3.5": V35}


def vocabulary(dialect: str) -> Vocabulary:
    return VOCABULARIES[dialect]


def family_ops(family: str, dialect: str) -> tuple[str, ...]:
    """The operations a public-key family measures in a release line (none: not there)."""
    return vocabulary(dialect).family_ops.get(family, ())  # type: ignore[call-overload]


def only_in_35(word: str) -> bool:
    """A word 3.5's speed knows and 3.0's does not (it makes an unset dialect 3.5)."""
    return V35.knows(word) and not V30.knows(word)
