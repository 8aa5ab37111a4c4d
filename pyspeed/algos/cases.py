"""Expansion of command-line words into cases: algorithm x operation x size.

This module knows OpenSSL's vocabulary and ordering rules and nothing about engines:
whether an engine can run a case is decided later, case by case.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyspeed.algos import evp
from pyspeed.algos.tables import (
    AEAD_SIZES,
    CMAC_INDEX,
    DEFAULT_SIZES,
    EVP_INDEX,
    HMAC_INDEX,
    MB_SIZES,
    PKEY_SECONDS,
    SYM_SECONDS,
)
from pyspeed.algos.vocabulary import DEFAULT_DIALECT, Vocabulary, only_in_35, vocabulary
from pyspeed.errors import UsageError
from pyspeed.model import Case, PkeyAlgo, PkeyCase, SymAlgo, SymCase


@dataclass(frozen=True)
class Selection:
    """What a run measures, before any engine is asked whether it can."""

    sym: tuple[SymAlgo, ...]  # index order (the print order)
    pkey: tuple[PkeyAlgo, ...]  # family order, then k
    sizes: tuple[int, ...]
    explicit: bool  # False: nothing was named, this is the default matrix
    dialect: str = DEFAULT_DIALECT  # the release line whose speed this run speaks

    @property
    def vocabulary(self) -> Vocabulary:
        return vocabulary(self.dialect)

    def sym_run_order(self) -> list[SymAlgo]:
        rank = {idx: pos for pos, idx in enumerate(self.vocabulary.sym_run_order)}
        return sorted(self.sym, key=lambda a: rank[a.index])

    def ops(self, algo: PkeyAlgo) -> tuple[str, ...]:
        """The operations measured of a public-key row, in run order."""
        return self.vocabulary.family_ops[algo.family]


@dataclass(frozen=True)
class SelectOptions:
    evp: str | None = None
    hmac: str | None = None
    cmac: str | None = None
    decrypt: bool = False
    aead: bool = False
    mb: bool = False
    bytes: int | None = None
    dialect: str | None = None  # None: 3.0, unless a word or flag exists in 3.5 only
    kem_algorithms: bool = False  # -kem-algorithms (3.5)
    signature_algorithms: bool = False  # -signature-algorithms (3.5)


def evp_algo(name: str, decrypt: bool = False, aead: bool = False) -> SymAlgo:
    """The `-evp NAME` row: a cipher (looked up first) or a digest, as openssl does."""
    cipher = evp.lookup_cipher(name)
    if cipher is not None:
        return SymAlgo(EVP_INDEX, cipher.label, "evp_cipher", cipher.label, decrypt, aead)
    digest = evp.lookup_digest(name)
    if digest is not None:
        return SymAlgo(EVP_INDEX, name, "evp_digest", digest.canonical)
    raise UsageError(f"speed: {name} is an unknown cipher or digest", usage_hint=False)


def resolve_dialect(words: list[str], opts: SelectOptions) -> str:
    """The release line of a run: the one asked for, else 3.5 when something only 3.5's
    speed has is named (a KEM, a signature algorithm, their flags, KMAC), else 3.0. A
    3.5 name under an explicit 3.0 is a usage error that says which dialect has it."""
    newer = [w for w in words if only_in_35(w)]
    newer += ["-kem-algorithms"] * opts.kem_algorithms
    newer += ["-signature-algorithms"] * opts.signature_algorithms
    if opts.dialect is None:
        return "3.5" if newer else DEFAULT_DIALECT
    if opts.dialect != "3.5" and newer:
        raise UsageError(f"speed: {newer[0]} is in OpenSSL 3.5's speed, not "
                         f"{opts.dialect}'s (--dialect 3.5)", usage_hint=False)
    return opts.dialect


def select(words: list[str], opts: SelectOptions) -> Selection:
    dialect = resolve_dialect(words, opts)
    v = vocabulary(dialect)
    sym: dict[int, SymAlgo] = {}
    pkey: dict[str, PkeyAlgo] = {}
    cmac_word = False
    for word in words:
        if word == "openssl":
            continue
        matches = v.pkey_matches(word) or list(v.pkey_group(word))
        for a in matches:
            pkey[a.name] = a
        if word in v.sym_words:
            idx = v.sym_words[word]
            sym[idx] = v.sym_algos[idx]
        elif word in v.sym_groups:
            for idx in v.sym_groups[word]:
                sym[idx] = v.sym_algos[idx]
        elif v.cmac_word and word == "cmac":
            cmac_word = True
        elif not matches:
            raise UsageError(f"speed: Unknown algorithm {word}", usage_hint=False)
    for family, flag in (("kem", opts.kem_algorithms), ("sig", opts.signature_algorithms)):
        if flag and not any(a.family == family for a in pkey.values()):
            pkey.update((a.name, a) for a in v.pkey_families[family])  # type: ignore[index]
    if cmac_word and opts.cmac is None:
        sym[CMAC_INDEX] = SymAlgo(CMAC_INDEX, "cmac(aes-128-cbc)", "cmac", "aes-128-cbc")

    if opts.hmac is not None:
        digest = evp.lookup_digest(opts.hmac)
        if digest is None:
            raise UsageError(f"speed: {opts.hmac} is an unknown digest", usage_hint=False)
        sym[HMAC_INDEX] = SymAlgo(HMAC_INDEX, f"hmac({opts.hmac})", "hmac", digest.canonical)
    elif HMAC_INDEX in sym:
        sym[HMAC_INDEX] = v.sym_algos[HMAC_INDEX]
    if opts.cmac is not None:
        cipher = evp.lookup_cipher(opts.cmac)
        if cipher is None:
            raise UsageError(f"speed: {opts.cmac} is an unknown cipher", usage_hint=False)
        sym[CMAC_INDEX] = SymAlgo(CMAC_INDEX, f"cmac({opts.cmac})", "cmac", cipher.label)
    if opts.evp is not None:
        sym[EVP_INDEX] = evp_algo(opts.evp, opts.decrypt, opts.aead)
    _check_evp_modes(sym.get(EVP_INDEX), opts)

    explicit = bool(sym or pkey)
    if not explicit:
        sym = dict(v.sym_algos)
        pkey = {a.name: a for fam in v.family_order for a in v.pkey_families[fam]}

    return Selection(
        sym=tuple(sym[i] for i in sorted(sym)),
        pkey=tuple(sorted(pkey.values(), key=lambda a: (v.family_order.index(a.family), a.k))),
        sizes=block_sizes(opts),
        explicit=explicit,
        dialect=dialect,
    )


def _check_evp_modes(row: SymAlgo | None, opts: SelectOptions) -> None:
    cipher = evp.lookup_cipher(row.evp_name) if row and row.kind == "evp_cipher" else None
    if opts.aead:
        if cipher is None:
            raise UsageError("-aead can be used only with an AEAD cipher", usage_hint=False)
        if not cipher.is_aead:
            raise UsageError(f"{cipher.label} is not an AEAD cipher", usage_hint=False)
    if opts.mb:
        if cipher is None:
            raise UsageError(
                "-mb can be used only with a multi-block capable cipher", usage_hint=False
            )
        if not cipher.is_multiblock:
            raise UsageError(f"{cipher.label} is not a multi-block capable", usage_hint=False)


def block_sizes(opts: SelectOptions) -> tuple[int, ...]:
    if opts.bytes is not None:
        return (opts.bytes,)
    if opts.mb:
        return MB_SIZES
    if opts.aead:
        return AEAD_SIZES
    return DEFAULT_SIZES


def plan(selection: Selection, seconds: int | float | None) -> list[Case]:
    """All cases in openssl's run order; `seconds` overrides both default durations."""
    sym_s = seconds if seconds is not None else SYM_SECONDS
    pkey_s = seconds if seconds is not None else PKEY_SECONDS
    cases: list[Case] = [
        SymCase(a, size, sym_s) for a in selection.sym_run_order() for size in selection.sizes
    ]
    for a in selection.pkey:
        cases.extend(PkeyCase(a, op, pkey_s) for op in selection.ops(a))
    return cases
