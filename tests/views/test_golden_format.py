"""Byte-exact formatting against real `openssl speed` output.

Each recorded sample is read back into counts, times and rates, rendered again with
pyspeed's formatters, and must come out identical to what OpenSSL printed, to the space.
"""

from __future__ import annotations

import re

import pytest

from pyspeed.algos.tables import PKEY_FAMILIES, SYM_ALGOS
from pyspeed.model import Measurement, PkeyAlgo, PkeyCase, SymAlgo, SymCase
from pyspeed.views.openssl_progress import end_line, start_line
from pyspeed.views.openssl_tables import PkeyRow, SymRow, mr_records, pkey_tables, sym_table

from support.golden import all_names, load

_LABELS = {a.label: a for a in SYM_ALGOS.values()}


def _sym_algo(label: str, index: int | None = None) -> SymAlgo:
    if label in _LABELS:
        return _LABELS[label]
    return SymAlgo(25 if index is None else index, label, "evp_cipher", label)


def _pkey_algo(family: str, bits: int, curve: str = "") -> PkeyAlgo:
    for a in PKEY_FAMILIES[family]:  # type: ignore[index]
        if a.bits == bits and (not curve or a.curve == curve):
            return a
    raise AssertionError(f"no {family} {bits} {curve}")


# ---------------------------------------------------------------- progress lines (stderr)

_DOING_SYM = re.compile(r"^Doing (\S+) for (\d+)s on (\d+) size blocks: (\d+) \1's in ([\d.]+)s$")
_DOING_PKEY = re.compile(
    r"^Doing (\d+) bits (\w*) (\w+)'s for (\d+)s: (\d+) \d+[ -]bits? .* in ([\d.]+)s ?$"
)
_FAMILY_OF_WORD = {"rsa": "rsa", "dsa": "dsa", "ecdsa": "ecdsa", "ecdh": "ecdh", "ffdh": "ffdh",
                   "Ed25519": "eddsa", "Ed448": "eddsa", "CurveSM2": "sm2"}
_OP_OF_WORD = {"private": "sign", "public": "verify", "sign": "sign", "verify": "verify",
               "": "derive"}


_DOING_ERR = re.compile(r"^Doing (\S+) for (\d+)s on (\d+) size blocks: \1 error!$")


def _rerender_stderr_line(line: str, elapsed: bool) -> str | None:
    e = _DOING_ERR.match(line)
    if e:
        label, secs, size = e.groups()
        case = SymCase(_sym_algo(label), int(size), int(secs))
        failed = Measurement(0, 0.0, 0.0, 0.0, error="digest unavailable")
        return start_line(case, mr=False) + end_line(case, failed, elapsed, mr=False).split("\n")[0]
    m = _DOING_SYM.match(line)
    if m:
        label, secs, size, count, t = m.groups()
        case = SymCase(_sym_algo(label), int(size), int(secs))
    else:
        m = _DOING_PKEY.match(line)
        if not m:
            return None
        bits, opword, famword, secs, count, t = m.groups()
        fam = _FAMILY_OF_WORD[famword]
        curve = famword if fam in ("eddsa", "sm2") else ""
        case = PkeyCase(_pkey_algo(fam, int(bits), curve), _OP_OF_WORD[opword], int(secs))
    meas = Measurement(int(count), float(t), float(t), 0.0)
    return (start_line(case, mr=False) + end_line(case, meas, elapsed, mr=False)).rstrip("\n")


_HUMAN_SAMPLES = [n for n in all_names() if load(n).exit == 0 and "-mr" not in load(n).args
                  and "-multi" not in load(n).args]


@pytest.mark.parametrize("name", _HUMAN_SAMPLES)
def test_progress_lines_match_openssl(name: str) -> None:
    sample = load(name)
    elapsed = "-elapsed" in sample.args
    checked = 0
    for line in sample.stderr:
        if line.startswith("Doing") and "evp's" in line:  # -mb lines: not this renderer
            continue
        again = _rerender_stderr_line(line, elapsed)
        if again is not None:
            assert again == line
            checked += 1
    if any(line.startswith("Doing") and "evp's" not in line for line in sample.stderr):
        assert checked > 0


# ---------------------------------------------------------------- result tables (stdout)

_SYM_ROW = re.compile(r"^(\S+)((?: +(?:[\d.]+k|[\d.]+ ?))+)$")
_PKEY_ROW = re.compile(
    r"^(?:(rsa|dsa) +(\d+) bits|\s*(\d+) bits (ecdsa|ecdh|EdDSA|SM2|ffdh)(?: \((\S+)\))?) (.*)$"
)


def _rate(rate_text: str, secs_text: str, fmt: str) -> float:
    """The rate that renders as both printed columns (slow ops lose digits in one of them)."""
    rate = float(rate_text)
    if f"{1 / rate:{fmt}}" == secs_text:
        return rate
    return 1 / float(secs_text)


def _parse_tables(lines: list[str]) -> tuple[list[SymRow], tuple[int, ...], list[PkeyRow]]:
    sym_rows: list[SymRow] = []
    pkey_rows: list[PkeyRow] = []
    sizes: tuple[int, ...] = ()
    for line in lines:
        if line.startswith("type"):
            sizes = tuple(int(s) for s in re.findall(r"(\d+) bytes", line))
            continue
        pm = _PKEY_ROW.match(line)
        if pm and ("bits" in line):
            fam_a, bits_a, bits_b, fam_b, curve, rest = pm.groups()
            fam = (fam_a or {"EdDSA": "eddsa", "SM2": "sm2"}.get(fam_b, fam_b)).lower()
            bits = int(bits_a or bits_b)
            cols = rest.split()
            algo = _pkey_algo(fam, bits, curve or "")
            fmt = ".6f" if fam in ("rsa", "dsa") else ".4f"
            if fam in ("ecdh", "ffdh"):
                pkey_rows.append(PkeyRow(algo, {"derive": _rate(cols[1], cols[0][:-1], fmt)}))
            else:
                pkey_rows.append(PkeyRow(algo, {
                    "sign": _rate(cols[2], cols[0][:-1], fmt),
                    "verify": _rate(cols[3], cols[1][:-1], fmt),
                }))
            continue
        sm = _SYM_ROW.match(line)
        if sm and sizes:
            cells = re.findall(r"([\d.]+)(k?)", sm.group(2))
            rates = [float(v) * 1000 if k else float(v) for v, k in cells]
            sym_rows.append(SymRow(_sym_algo(sm.group(1)), rates))
    return sym_rows, sizes, pkey_rows


_TABLE_SAMPLES = [n for n in _HUMAN_SAMPLES if "-mb" not in load(n).args and load(n).stdout]


@pytest.mark.parametrize("name", _TABLE_SAMPLES)
def test_result_tables_match_openssl(name: str) -> None:
    expected = load(name).stdout_without_header()
    sym_rows, sizes, pkey_rows = _parse_tables(expected)
    rendered = (sym_table(sym_rows, sizes) if sym_rows else []) + pkey_tables(pkey_rows)
    assert rendered == expected
    assert len(sym_rows) + len(pkey_rows) > 0


def test_full_default_run_table_is_reproduced_exactly() -> None:
    expected = load("seconds_1").stdout_without_header()
    sym_rows, sizes, pkey_rows = _parse_tables(expected)
    assert len(sym_rows) == 15 and len(pkey_rows) == 7 + 3 + 22 + 24 + 2 + 1 + 5
    assert sym_table(sym_rows, sizes) + pkey_tables(pkey_rows) == expected


# ---------------------------------------------------------------- -mr records

_MR_SAMPLES = [n for n in all_names() if "-mr" in load(n).args and "-multi" not in load(n).args
               and "-mb" not in load(n).args]


def _parse_f(line: str) -> SymRow | PkeyRow:
    parts = line.split(":")
    if parts[0] == "+F":
        return SymRow(_sym_algo(parts[2], int(parts[1])), [float(x) for x in parts[3:]])
    n = int(parts[0][2:])
    fam = {2: "rsa", 3: "dsa", 4: "ecdsa", 5: "ecdh", 6: "eddsa", 7: "sm2", 8: "ffdh"}[n]
    algo = PKEY_FAMILIES[fam][int(parts[1])]  # type: ignore[index]
    assert algo.bits == int(parts[2])
    if fam in ("ecdh", "ffdh"):
        return PkeyRow(algo, {"derive": float(parts[3])})
    vals = parts[4:] if fam in ("eddsa", "sm2") else parts[3:]
    return PkeyRow(algo, {"sign": float(vals[0]), "verify": float(vals[1])})


@pytest.mark.parametrize("name", _MR_SAMPLES)
def test_mr_records_match_openssl(name: str) -> None:
    sample = load(name)
    rows = [_parse_f(line) for line in sample.stdout if line.startswith("+F")]
    sym = [r for r in rows if isinstance(r, SymRow)]
    pkey = [r for r in rows if isinstance(r, PkeyRow)]
    sizes = tuple(int(s) for s in sample.stdout[0].split(":")[1:]) if sym else ()
    assert mr_records(sym, sizes, pkey) == sample.stdout


@pytest.mark.parametrize("name", _MR_SAMPLES)
def test_mr_progress_records_match_openssl(name: str) -> None:
    sample = load(name)
    lines = sample.stderr
    for start, end in zip(lines[::2], lines[1::2], strict=True):
        if start.startswith("+DT:"):
            _, label, secs, size = start.split(":")
            case: SymCase | PkeyCase = SymCase(_sym_algo(label), int(size), int(secs))
            count, t = int(end.split(":")[1]), float(end.split(":")[-1])
        else:
            _, bits, opword, famword, secs = start.split(":")
            fam = _FAMILY_OF_WORD[famword]
            curve = famword if fam in ("eddsa", "sm2") else ""
            case = PkeyCase(_pkey_algo(fam, int(bits), curve), _OP_OF_WORD[opword], int(secs))
            count, t = int(end.split(":")[1]), float(end.split(":")[-1])
        meas = Measurement(count, t, t, 0.0)
        assert start_line(case, mr=True) == start + "\n"
        assert end_line(case, meas, elapsed=False, mr=True) == end + "\n"
