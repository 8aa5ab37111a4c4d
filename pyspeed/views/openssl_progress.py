"""The per-test lines `openssl speed` writes to stderr while it runs.

The formats: docs/openssl-compat.md §1.7 and §1.10.

Each test writes a prefix before it starts (flushed, so a user sees what is running) and
completes the same line when it ends. The quirks are deliberate: two spaces in
`Doing 256 bits  ecdh's`, `256-bits ECDH ops`, the trailing space after EdDSA/SM2
`signs in 1.00s `.
"""

from __future__ import annotations

from pyspeed.model import Case, Measurement, PkeyCase, SymCase

# family -> (op word per op, family word, result noun) for the "Doing" and result lines
_PKEY_OP_WORD = {
    ("rsa", "sign"): "private",
    ("rsa", "verify"): "public",
    ("ecdh", "derive"): "",
    ("ffdh", "derive"): "",
}

# +R record number per (family, op)
_R_RECORD = {
    ("rsa", "sign"): 1, ("rsa", "verify"): 2,
    ("dsa", "sign"): 3, ("dsa", "verify"): 4,
    ("ecdsa", "sign"): 5, ("ecdsa", "verify"): 6,
    ("ecdh", "derive"): 7,
    ("eddsa", "sign"): 8, ("eddsa", "verify"): 9,
    ("sm2", "sign"): 10, ("sm2", "verify"): 11,
    ("ffdh", "derive"): 12,
}


def _op_word(case: PkeyCase) -> str:
    return _PKEY_OP_WORD.get((case.algo.family, case.op), case.op)


def _family_word(case: PkeyCase) -> str:
    fam = case.algo.family
    return case.algo.curve if fam in ("eddsa", "sm2") else fam


def _secs(case: Case) -> int:
    return int(case.seconds)


def start_line(case: Case, mr: bool) -> str:
    """What is written (without newline) before the test runs."""
    if isinstance(case, SymCase):
        if mr:
            return f"+DT:{case.algo.label}:{_secs(case)}:{case.size}\n"
        return f"Doing {case.algo.label} for {_secs(case)}s on {case.size} size blocks: "
    bits = case.algo.bits
    if mr:
        return f"+DTP:{bits}:{_op_word(case)}:{_family_word(case)}:{_secs(case)}\n"
    return f"Doing {bits} bits {_op_word(case)} {_family_word(case)}'s for {_secs(case)}s: "


def end_line(case: Case, m: Measurement, elapsed: bool, mr: bool) -> str:
    """What completes the test's line: its count and time, or `LABEL error!`."""
    t = m.time(elapsed)
    if isinstance(case, SymCase):
        label = case.algo.label
        if m.error is not None:
            return f"{label} error!\n{m.error}\n"
        if mr:
            return f"+R:{m.count}:{label}:{t:f}\n"
        return f"{m.count} {label}'s in {t:.2f}s\n"
    a = case.algo
    if m.error is not None:
        return f"{_failure_message(case)}\n{m.error}\n"
    if mr:
        rec = _R_RECORD[(a.family, case.op)]
        curve = f"{a.curve}:" if a.family in ("eddsa", "sm2") else ""
        return f"+R{rec}:{m.count}:{a.bits}:{curve}{t:.2f}\n"
    fam = a.family
    if fam == "rsa":
        return f"{m.count} {a.bits} bits {_op_word(case)} RSA's in {t:.2f}s\n"
    if fam in ("ecdh", "ffdh"):
        return f"{m.count} {a.bits}-bits {fam.upper()} ops in {t:.2f}s\n"
    noun = {"dsa": "DSA", "ecdsa": "ECDSA"}.get(fam, a.curve)
    if case.op == "sign":
        trailing = " " if fam in ("eddsa", "sm2") else ""
        return f"{m.count} {a.bits} bits {noun} signs in {t:.2f}s{trailing}\n"
    return f"{m.count} {a.bits} bits {noun} verify in {t:.2f}s\n"


def _failure_message(case: PkeyCase) -> str:
    fam = case.algo.family
    if fam in ("ecdh", "ffdh"):
        return f"{fam.upper()} computation failure."
    name = {"rsa": "RSA", "dsa": "DSA", "ecdsa": "ECDSA", "eddsa": "EdDSA", "sm2": "SM2"}[fam]
    return f"{name} {case.op} failure."
