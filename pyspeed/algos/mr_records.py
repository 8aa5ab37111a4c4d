"""The `+R<n>` numbering of `openssl speed -mr`, per release line: which record number
reports which public-key operation (docs/openssl-compat.md §1.10 and §4.6).

One table for both directions: pyspeed writes these records in its 3.0 and 3.5 dialects,
and the native engine reads them back from any binary.
"""

from __future__ import annotations

R_111: dict[int, tuple[str, str]] = {
    1: ("rsa", "sign"), 2: ("rsa", "verify"), 3: ("dsa", "sign"), 4: ("dsa", "verify"),
    5: ("ecdsa", "sign"), 6: ("ecdsa", "verify"), 7: ("ecdh", "derive"),
    8: ("eddsa", "sign"), 9: ("eddsa", "verify"),
}
R_30 = {**R_111, 10: ("sm2", "sign"), 11: ("sm2", "verify"), 12: ("ffdh", "derive")}
R_32: dict[int, tuple[str, str]] = {
    1: ("rsa", "sign"), 2: ("rsa", "verify"), 3: ("rsa", "encrypt"), 4: ("rsa", "decrypt"),
    5: ("dsa", "sign"), 6: ("dsa", "verify"), 7: ("ecdsa", "sign"), 8: ("ecdsa", "verify"),
    9: ("ecdh", "derive"), 10: ("eddsa", "sign"), 11: ("eddsa", "verify"),
    12: ("sm2", "sign"), 13: ("sm2", "verify"), 14: ("ffdh", "derive"),
    15: ("kem", "keygen"), 16: ("kem", "encaps"), 17: ("kem", "decaps"),
    18: ("sig", "keygen"), 19: ("sig", "sign"), 20: ("sig", "verify"),
}

_BY_DIALECT = {"3.0": {v: k for k, v in R_30.items()}, "3.5": {v: k for k, v in R_32.items()}}


def record_number(family: str, op: str, dialect: str) -> int:
    """The `+R` number pyspeed writes for an operation in a dialect."""
    return _BY_DIALECT[dialect][(family, op)]
