"""The per-test lines `openssl speed` writes to stderr while it runs.

The formats: docs/openssl-compat.md §1.7 and §1.10 (3.0), §4 (3.5: "ops" wording, the
renumbered `+R` records, the KEM and signature lines).

Each test writes a prefix before it starts (flushed, so a user sees what is running) and
completes the same line when it ends. The quirks are deliberate: two spaces in
`Doing 256 bits  ecdh's`, `256-bits ECDH ops`, the trailing space after EdDSA/SM2
`signs in 1.00s `.
"""

from __future__ import annotations

from pyspeed.algos.mr_records import record_number
from pyspeed.model import Case, Measurement, PkeyCase, SymCase

# family -> (op word per op, family word, result noun) for the "Doing" and result lines
_PKEY_OP_WORD = {
    ("rsa", "sign"): "private",
    ("rsa", "verify"): "public",
    ("ecdh", "derive"): "",
    ("ffdh", "derive"): "",
}

def _op_word(case: PkeyCase) -> str:
    return _PKEY_OP_WORD.get((case.algo.family, case.op), case.op)


def _family_word(case: PkeyCase) -> str:
    fam = case.algo.family
    return case.algo.curve if fam in ("eddsa", "sm2") else fam


def _secs(case: Case) -> int:
    return int(case.seconds)


def start_line(case: Case, mr: bool, dialect: str = "3.0") -> str:
    """What is written (without newline) before the test runs."""
    if dialect == "3.5":
        return _start35(case, mr)
    if isinstance(case, SymCase):
        if mr:
            return f"+DT:{case.algo.label}:{_secs(case)}:{case.size}\n"
        return f"Doing {case.algo.label} for {_secs(case)}s on {case.size} size blocks: "
    bits = case.algo.bits
    if mr:
        return f"+DTP:{bits}:{_op_word(case)}:{_family_word(case)}:{_secs(case)}\n"
    return f"Doing {bits} bits {_op_word(case)} {_family_word(case)}'s for {_secs(case)}s: "


def end_line(case: Case, m: Measurement, elapsed: bool, mr: bool, dialect: str = "3.0") -> str:
    """What completes the test's line: its count and time, or `LABEL error!`."""
    if dialect == "3.5":
        return _end35(case, m, elapsed, mr)
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
        rec = record_number(a.family, case.op, "3.0")
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


# -- 3.5 ---------------------------------------------------------------------------------
# (family, op) -> (str, str2) of pkey_print_message, the result line's words
_P35: dict[tuple[str, str], tuple[str, str, str]] = {
    ("rsa", "sign"): ("private", "rsa sign", "private RSA sign"),
    ("rsa", "verify"): ("public", "rsa verify", "public RSA verify"),
    ("rsa", "encrypt"): ("public", "rsa encrypt", "public RSA encrypt"),
    ("rsa", "decrypt"): ("private", "rsa decrypt", "private RSA decrypt"),
    ("dsa", "sign"): ("sign", "dsa", "DSA sign"),
    ("dsa", "verify"): ("verify", "dsa", "DSA verify"),
    ("ecdsa", "sign"): ("sign", "ecdsa", "ECDSA sign"),
    ("ecdsa", "verify"): ("verify", "ecdsa", "ECDSA verify"),
    ("ecdh", "derive"): ("", "ecdh", "ECDH"),
    ("eddsa", "sign"): ("sign", "", "sign"),
    ("eddsa", "verify"): ("verify", "", "verify"),
    ("sm2", "sign"): ("sign", "", "sign"),
    ("sm2", "verify"): ("verify", "", "verify"),
    ("ffdh", "derive"): ("", "ffdh", "FFDH"),
}
_KS_FAILURE = {("kem", "keygen"): "Error while generating KEM EVP_PKEY.",
               ("kem", "encaps"): "Encaps error for {}.", ("kem", "decaps"): "Decaps error for {}.",
               ("sig", "keygen"): "Error while generating signature EVP_PKEY for {}.",
               ("sig", "sign"): "SIG sign failure at count {}",
               ("sig", "verify"): "SIG verify failure at count {}"}


def _start35(case: Case, mr: bool) -> str:
    secs = _secs(case)
    if isinstance(case, SymCase):
        if mr:
            return f"+DT:{case.algo.label}:{secs}:{case.size}\n"
        return f"Doing {case.algo.label} ops for {secs}s on {case.size} size blocks: "
    a = case.algo
    if a.family in ("kem", "sig"):
        op = "signs" if case.op == "sign" else case.op
        return f"+DTP:{a.word}:{op}:{secs}\n" if mr else f"Doing {a.word} {op} ops for {secs}s: "
    first, second, _ = _P35[(a.family, case.op)]
    second = second or a.curve
    if mr:
        return f"+DTP:{a.bits}:{first}:{second}:{secs}\n"
    return f"Doing {a.bits} bits {first} {second} ops for {secs}s: "


def _end35(case: Case, m: Measurement, elapsed: bool, mr: bool) -> str:
    t = m.time(elapsed)
    if isinstance(case, SymCase):
        label = case.algo.label
        if m.error is not None:
            return f"{label} error!\n{m.error}\n"
        return f"+R:{m.count}:{label}:{t:f}\n" if mr else f"{m.count} {label} ops in {t:.2f}s\n"
    a, key = case.algo, (case.algo.family, case.op)
    if a.family in ("kem", "sig"):
        if m.error is not None:  # the signature loops say how far they got
            what = m.count if a.family == "sig" and case.op != "keygen" else a.word
            return f"{_KS_FAILURE[key].format(what)}\n{m.error}\n"
        if mr:
            return f"+R{record_number(*key, '3.5')}:{m.count}:{a.word}:{t:.2f}\n"
        table = "KEM" if a.family == "kem" else "signature"
        return f"{m.count} {a.word} {table} {case.op} ops in {t:.2f}s\n"
    _, _, words = _P35[key]
    if m.error is not None:
        name = {"rsa": "RSA", "dsa": "DSA", "ecdsa": "ECDSA", "eddsa": "EdDSA", "sm2": "SM2"}
        failure = (f"{a.family.upper()} computation failure." if a.family in ("ecdh", "ffdh")
                   else f"{name[a.family]} {case.op} failure")
        return f"{failure}\n{m.error}\n"
    if mr:
        curve = f"{a.curve}:" if a.family in ("eddsa", "sm2") else ""
        return f"+R{record_number(*key, '3.5')}:{m.count}:{a.bits}:{curve}{t:.2f}\n"
    if a.family in ("ecdh", "ffdh"):
        return f"{m.count} {a.bits}-bits {words} ops in {t:.2f}s\n"
    if a.family in ("eddsa", "sm2"):
        trailing = " " if case.op == "sign" else ""
        return f"{m.count} {a.bits} bits {a.curve} {words} ops in {t:.2f}s{trailing}\n"
    return f"{m.count} {a.bits} bits {words} ops in {t:.2f}s\n"
