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
    FAMILY_OPS,
    FAMILY_ORDER,
    HMAC_INDEX,
    MB_SIZES,
    PKEY_FAMILIES,
    PKEY_GROUPS,
    PKEY_SECONDS,
    PKEY_WORDS,
    SYM_ALGOS,
    SYM_GROUPS,
    SYM_RUN_ORDER,
    SYM_SECONDS,
    SYM_WORDS,
)
from pyspeed.errors import UsageError
from pyspeed.model import Case, PkeyAlgo, PkeyCase, SymAlgo, SymCase


@dataclass(frozen=True)
class Selection:
    """What a run measures, before any engine is asked whether it can."""

    sym: tuple[SymAlgo, ...]  # index order (the print order)
    pkey: tuple[PkeyAlgo, ...]  # family order, then k
    sizes: tuple[int, ...]
    explicit: bool  # False: nothing was named, this is the default matrix

    def sym_run_order(self) -> list[SymAlgo]:
        rank = {idx: pos for pos, idx in enumerate(SYM_RUN_ORDER)}
        return sorted(self.sym, key=lambda a: rank[a.index])


@dataclass(frozen=True)
class SelectOptions:
    evp: str | None = None
    hmac: str | None = None
    cmac: str | None = None
    decrypt: bool = False
    aead: bool = False
    mb: bool = False
    bytes: int | None = None


def evp_algo(name: str, decrypt: bool = False, aead: bool = False) -> SymAlgo:
    """The `-evp NAME` row: a cipher (looked up first) or a digest, as openssl does."""
    cipher = evp.lookup_cipher(name)
    if cipher is not None:
        return SymAlgo(EVP_INDEX, cipher.label, "evp_cipher", cipher.label, decrypt, aead)
    digest = evp.lookup_digest(name)
    if digest is not None:
        return SymAlgo(EVP_INDEX, name, "evp_digest", digest.canonical)
    raise UsageError(f"speed: {name} is an unknown cipher or digest", usage_hint=False)


def select(words: list[str], opts: SelectOptions) -> Selection:
    sym: dict[int, SymAlgo] = {}
    pkey: dict[str, PkeyAlgo] = {}
    for word in words:
        if word == "openssl":
            continue
        if word in SYM_WORDS:
            idx = SYM_WORDS[word]
            sym[idx] = SYM_ALGOS[idx]
        elif word in SYM_GROUPS:
            for idx in SYM_GROUPS[word]:
                sym[idx] = SYM_ALGOS[idx]
        elif word in PKEY_WORDS:
            a = PKEY_WORDS[word]
            pkey[a.word] = a
        elif word in PKEY_GROUPS:
            for a in PKEY_FAMILIES[PKEY_GROUPS[word]]:
                pkey[a.word] = a
        else:
            raise UsageError(f"speed: Unknown algorithm {word}", usage_hint=False)

    if opts.hmac is not None:
        digest = evp.lookup_digest(opts.hmac)
        if digest is None:
            raise UsageError(f"speed: {opts.hmac} is an unknown digest", usage_hint=False)
        sym[HMAC_INDEX] = SymAlgo(HMAC_INDEX, f"hmac({opts.hmac})", "hmac", digest.canonical)
    elif HMAC_INDEX in sym:
        sym[HMAC_INDEX] = SYM_ALGOS[HMAC_INDEX]
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
        sym = {idx: a for idx, a in SYM_ALGOS.items()}
        pkey = {a.word: a for fam in FAMILY_ORDER for a in PKEY_FAMILIES[fam]}

    return Selection(
        sym=tuple(sym[i] for i in sorted(sym)),
        pkey=tuple(sorted(pkey.values(), key=lambda a: (FAMILY_ORDER.index(a.family), a.k))),
        sizes=block_sizes(opts),
        explicit=explicit,
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
        cases.extend(PkeyCase(a, op, pkey_s) for op in FAMILY_OPS[a.family])
    return cases
