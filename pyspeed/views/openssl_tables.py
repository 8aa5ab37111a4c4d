"""The final result tables of `openssl speed`, text and `-mr` (docs/openssl-compat.md §1.8-1.10;
§4 for 3.5: RSA's encrypt and decrypt columns, the KEM and signature tables, `+F9`/`+F10`).

Rows are built from rates, not from measurements, so that the `-multi` parent (which
only ever sees its children's rates) and a normal run share one renderer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from pyspeed.algos.vocabulary import family_ops, vocabulary
from pyspeed.model import PkeyAlgo, SymAlgo


@dataclass
class SymRow:
    algo: SymAlgo
    rates: list[float]  # bytes per second, one per block size


@dataclass
class PkeyRow:
    algo: PkeyAlgo
    rates: dict[str, float] = field(default_factory=dict)  # op -> operations per second


def _inv(rate: float) -> float:
    return 1.0 / rate if rate else math.inf


def sym_cell(rate: float) -> str:
    """The cell rule: above 10000 B/s print thousands with `k`, else the raw rate + space."""
    if rate > 10000:
        return f" {rate / 1000:11.2f}k"
    return f" {rate:11.2f} "


def sym_table(rows: list[SymRow], sizes: tuple[int, ...], header: bool = True) -> list[str]:
    out: list[str] = []
    if header:
        out.append("The 'numbers' are in 1000s of bytes per second processed.")
        out.append("type        " + "".join(f"{s:7d} bytes" for s in sizes))
    for row in rows:
        out.append(f"{row.algo.label:<13s}" + "".join(sym_cell(r) for r in row.rates))
    return out


_SIGN_HEADER = "sign    verify    sign/s verify/s"
_PKEY_HEADERS = {
    "rsa": " " * 18 + _SIGN_HEADER,
    "dsa": " " * 18 + _SIGN_HEADER,
    "ecdsa": " " * 30 + _SIGN_HEADER,
    "ecdh": " " * 30 + "op      op/s",
    "eddsa": " " * 30 + _SIGN_HEADER,
    "sm2": " " * 30 + _SIGN_HEADER,
    "ffdh": " " * 23 + "op     op/s",
}


_HEADERS35 = {
    **_PKEY_HEADERS,
    "rsa": " " * 19 + "sign    verify    encrypt   decrypt   sign/s verify/s  encr./s  decr./s",
    "kem": " " * 31 + "keygen    encaps    decaps keygens/s  encaps/s  decaps/s",
    "sig": " " * 31 + "keygen     signs    verify keygens/s    sign/s  verify/s",
}
_NAMED_ROWS = ("kem", "sig")  # rows named by algorithm, three rates each

def _pkey_line(row: PkeyRow, dialect: str = "3.0") -> str:
    a = row.algo
    fam = a.family
    if fam in _NAMED_ROWS:
        r = [row.rates.get(op, 0.0) for op in family_ops(fam, "3.5")]
        return (f"{a.word:>27s} " + " ".join(f"{_inv(x):8.6f}s" for x in r)
                + "".join(f" {x:9.1f}" for x in r))
    if fam == "rsa" and dialect == "3.5":
        r = [row.rates.get(op, 0.0) for op in family_ops("rsa", "3.5")]
        return (f"rsa {a.bits:5d} bits " + " ".join(f"{_inv(x):8.6f}s" for x in r)
                + "".join(f" {x:8.1f}" for x in r))
    if fam in ("ecdh", "ffdh"):
        r = row.rates.get("derive", 0.0)
        if fam == "ecdh":
            return f"{a.bits:4d} bits ecdh ({a.curve}) {_inv(r):8.4f}s {r:8.1f}"
        return f"{a.bits:4d} bits ffdh {_inv(r):8.4f}s {r:8.1f}"
    s, v = row.rates.get("sign", 0.0), row.rates.get("verify", 0.0)
    if fam in ("rsa", "dsa"):
        return f"{fam} {a.bits:4d} bits {_inv(s):8.6f}s {_inv(v):8.6f}s {s:8.1f} {v:8.1f}"
    name = {"ecdsa": "ecdsa", "eddsa": "EdDSA", "sm2": "SM2"}[fam]
    return f"{a.bits:4d} bits {name} ({a.curve}) {_inv(s):8.4f}s {_inv(v):8.4f}s {s:8.1f} {v:8.1f}"


def pkey_tables(rows: list[PkeyRow], dialect: str = "3.0") -> list[str]:
    out: list[str] = []
    headers = _HEADERS35 if dialect == "3.5" else _PKEY_HEADERS
    for fam in vocabulary(dialect).family_order:
        fam_rows = [r for r in rows if r.algo.family == fam]
        if fam_rows:
            out.append(headers[fam])
            out.extend(_pkey_line(r, dialect) for r in fam_rows)
    return out


_F_RECORD = {"rsa": 2, "dsa": 3, "ecdsa": 4, "ecdh": 5, "eddsa": 6, "sm2": 7, "ffdh": 8,
             "kem": 9, "sig": 10}


def mr_records(
    sym_rows: list[SymRow], sizes: tuple[int, ...], pkey_rows: list[PkeyRow], header: bool = True,
    dialect: str = "3.0",
) -> list[str]:
    out: list[str] = []
    if sym_rows and header:
        out.append("+H" + "".join(f":{s}" for s in sizes))
    for row in sym_rows:
        out.append(
            f"+F:{row.algo.index}:{row.algo.label}" + "".join(f":{r:.2f}" for r in row.rates)
        )
    order = vocabulary(dialect).family_order
    for row in sorted(pkey_rows, key=lambda r: (order.index(r.algo.family), r.algo.k)):
        a = row.algo
        n = _F_RECORD[a.family]
        if a.family in _NAMED_ROWS:
            out.append(f"+F{n}:{a.k}" + "".join(f":{row.rates.get(op, 0.0):f}"
                                                for op in family_ops(a.family, "3.5")))
        elif a.family == "rsa" and dialect == "3.5":
            out.append(f"+F{n}:{a.k}:{a.bits}" + "".join(f":{row.rates.get(op, 0.0):f}"
                                                         for op in family_ops("rsa", "3.5")))
        elif a.family in ("ecdh", "ffdh"):
            r = row.rates.get("derive", 0.0)
            out.append(f"+F{n}:{a.k}:{a.bits}:{r:f}:{_inv(r):f}")
        elif a.family in ("eddsa", "sm2"):
            s, v = row.rates.get("sign", 0.0), row.rates.get("verify", 0.0)
            out.append(f"+F{n}:{a.k}:{a.bits}:{a.curve}:{s:f}:{v:f}")
        else:
            s, v = row.rates.get("sign", 0.0), row.rates.get("verify", 0.0)
            out.append(f"+F{n}:{a.k}:{a.bits}:{s:f}:{v:f}")
    return out
