"""Reading `openssl speed -mr` per-test records, whatever OpenSSL line wrote them.

Each test ends with a `+R` record on stderr: `+R:COUNT:NAME:SECONDS` for a symmetric
test, `+R<n>:COUNT:...:SECONDS` for a public-key one. The count comes first and the
divisor time last in every version; what changes is which `<n>` means which operation
(docs/openssl-compat.md §1.10 for 3.0; apps/speed.c of each release line):

* 1.1.1: R1/R2 RSA sign/verify, R3/R4 DSA, R5/R6 ECDSA, R7 ECDH, R8/R9 EdDSA;
* 3.0-3.1: as 1.1.1, plus R10/R11 SM2 and R12 FFDH;
* 3.2-3.6: renumbered: R1-R4 RSA sign/verify/encrypt/decrypt, R5/R6 DSA, R7/R8 ECDSA,
  R9 ECDH, R10/R11 EdDSA, R12/R13 SM2, R14 FFDH, R15-R17 KEM, R18-R20 signatures;
* 4.x: the EC paths are merged: R7/R8 sign/verify for ECDSA, EdDSA and SM2 alike (with
  the curve's name), R9 ECDH; R10-R13 are gone.

A record's number says its family and operation; KEM and signature records (and 4.x's
EC ones) name their algorithm, the others belong to the algorithm word that ran. From
3.5 on one word may run several tables (`rsa2048`: RSA, its KEM row, its signature row).
"""

from __future__ import annotations

from dataclasses import dataclass

from pyspeed.algos.mr_records import R_30, R_32, R_111

_EC_MERGED = ("ecdsa", "eddsa", "sm2")


def line_of(version: tuple[int, int]) -> str:
    """The release line whose record numbering a version uses."""
    if version >= (4, 0):
        return "4.x"
    if version >= (3, 2):
        return "3.2"
    if version >= (3, 0):
        return "3.0"
    return "1.1.1"


def operation(version: tuple[int, int], number: int, name: str = "") -> tuple[str, str] | None:
    """(family, operation) of a `+R<number>` record (None: no such record in that line).
    4.x's merged EC records are told apart by the curve's name."""
    line = line_of(version)
    if line == "4.x":
        if number in (7, 8):
            family = {"Ed25519": "eddsa", "Ed448": "eddsa", "SM2": "sm2"}.get(name, "ecdsa")
            return family, "sign" if number == 7 else "verify"
        if 10 <= number <= 13:
            return None
        return R_32.get(number)
    return {"3.2": R_32, "3.0": R_30, "1.1.1": R_111}[line].get(number)


@dataclass(frozen=True)
class Result:
    family: str  # "sym" for a block test, else the public-key family (kem, sig included)
    op: str  # sign, verify, derive, encrypt, keygen, encaps, ... ("" for a block test)
    name: str  # the record's name field: the KEM or signature algorithm, the curve; or ""
    count: int
    seconds: float  # openssl's divisor: user CPU time, or wall-clock with -elapsed
    line: str


class RecordError(ValueError):
    """A `+R` line that does not read as one (the message names the version and line)."""


def results(stderr: str, version: tuple[int, int]) -> list[Result]:
    """Every per-test record of a run, in the order written, with what it measured."""
    out = []
    for line in stderr.splitlines():
        if not line.startswith("+R"):
            continue
        tag, *fields = line.split(":")
        try:
            count, seconds = int(fields[0]), float(fields[-1])
        except (IndexError, ValueError):
            raise RecordError(f"OpenSSL {version[0]}.{version[1]}: cannot read the record "
                              f"{line!r}") from None
        if tag == "+R":
            out.append(Result("sym", "", "", count, seconds, line))
            continue
        try:
            number = int(tag[2:])
        except ValueError:
            raise RecordError(f"OpenSSL {version[0]}.{version[1]}: unknown record "
                              f"{line!r}") from None
        # count:bits:secs, count:bits:name:secs, or count:name:secs (KEM, signature, 4.x EC)
        name = fields[-2] if len(fields) >= 3 and not fields[-2].isdigit() else ""
        found = operation(version, number, name)
        if found is None:
            raise RecordError(f"OpenSSL {version[0]}.{version[1]}: unknown record "
                              f"{line!r}")
        out.append(Result(found[0], found[1], name, count, seconds, line))
    return out
