"""What the `openssl speed -multi` parent prints (docs/openssl-compat.md §1.11).

Each worker's `-mr` records are what a single-process run of the tests it finished
prints (`final_report` of that worker's records); the parent echoes them (`Got: LINE
from N`) and prints the summed rates like a normal run except: no symmetric header lines
(`The 'numbers'...`, `type ...`, `+H`), only the rows named on the command line, the
HMAC row labelled `hmac(md5)` and a CMAC row labelled `cmac` whatever was asked for.
The sums are pyspeed.results.statistics' (workers summed per repetition, the median over
repetitions), so this table and `pyspeed report` of the saved run agree.
"""

from __future__ import annotations

from dataclasses import replace

from pyspeed.algos.cases import Selection
from pyspeed.algos.tables import CMAC_INDEX, HMAC_INDEX
from pyspeed.algos.vocabulary import family_ops
from pyspeed.model import Run, WorkerInfo
from pyspeed.views.openssl_run import final_report, table_rates
from pyspeed.views.openssl_tables import PkeyRow, SymRow, mr_records, pkey_tables, sym_table

_F_FAMILY = {"+F2": "rsa", "+F3": "dsa", "+F4": "ecdsa", "+F5": "ecdh", "+F6": "eddsa",
             "+F7": "sm2", "+F8": "ffdh", "+F9": "kem", "+F10": "sig"}


def worker_lines(selection: Selection, run: Run) -> list[tuple[int, list[str]]]:
    """Each worker's `-mr` records of the rows it finished, in worker order (a worker
    that measured nothing wrote nothing)."""
    indices = [w.index for w in run.workers] or sorted({r.worker for r in run.records})
    out = []
    for i in indices:
        done = {r.case for r in run.records if r.worker == i}
        mine = replace(selection, sym=tuple(a for a in selection.sym
                                            if any(a.case_key(s) in done for s in selection.sizes)))
        out.append((i, final_report(mine, run, mr=True, header=[], worker=i) if done else []))
    return out


def summed_rates(selection: Selection, run: Run) -> tuple[dict[int, list[float]],
                                                         dict[tuple[str, int], dict[str, float]]]:
    """Per symmetric row (by index) and public-key row, the rates of all workers together,
    from pyspeed.results.statistics; rows no worker measured are absent."""
    rates = table_rates(run.records, elapsed=True)
    sym: dict[int, list[float]] = {}
    for a in selection.sym:
        if any(a.case_key(s) in rates for s in selection.sizes):
            sym[a.index] = [rates.get(a.case_key(s), 0.0) for s in selection.sizes]
    pkey: dict[tuple[str, int], dict[str, float]] = {}
    for a in selection.pkey:
        got = {op: rates[f"{a.name}/{op}"] for op in selection.ops(a)
               if f"{a.name}/{op}" in rates}
        if got:
            pkey[(a.family, a.k)] = got
    return sym, pkey


def echo_and_sum(
    workers: list[tuple[int, list[str]]], n_sizes: int, dialect: str = "3.0"
) -> tuple[list[str], list[str], dict[int, list[float]], dict[tuple[str, int], dict[str, float]]]:
    """stdout lines, stderr lines, summed bytes/s per symmetric index, ops/s per pkey row."""
    out: list[str] = []
    err: list[str] = []
    sym: dict[int, list[float]] = {}
    pkey: dict[tuple[str, int], dict[str, float]] = {}
    for index, lines in workers:
        for line in lines:
            if not line.startswith("+"):
                err.append(f"Don't understand line '{line}' from child {index}")
                continue
            out.append(f"Got: {line} from {index}")
            fields = line.split(":")
            kind = fields[0]
            try:
                if kind == "+H":
                    continue
                if kind == "+F":
                    row = sym.setdefault(int(fields[1]), [0.0] * n_sizes)
                    for i, value in enumerate(fields[3:3 + n_sizes]):
                        row[i] += float(value)
                elif kind in _F_FAMILY and family_ops(_F_FAMILY[kind], dialect):
                    fam = _F_FAMILY[kind]
                    rates = pkey.setdefault((fam, int(fields[1])), {})
                    # +F5/+F8: one rate (then its inverse); +F6/+F7: bits and curve first;
                    # +F9/+F10: no bits
                    vals = (fields[4:] if fam in ("eddsa", "sm2") else
                            fields[2:] if fam in ("kem", "sig") else fields[3:])
                    ops = ("derive",) if fam in ("ecdh", "ffdh") else family_ops(fam, dialect)
                    for op, value in zip(ops, vals, strict=False):
                        rates[op] = rates.get(op, 0.0) + float(value)
                else:
                    err.append(f"Unknown type '{line}' from child {index}")  # the whole line
            except (ValueError, IndexError):
                err.append(f"Don't understand line '{line}' from child {index}")
    return out, err, sym, pkey


def child_status_lines(workers: list[WorkerInfo]) -> list[str]:
    lines = []
    for w in workers:
        if w.signal is not None:
            lines.append(f"Child terminated by signal {w.signal}")
        elif w.exit_code:
            lines.append(f"Child exited with {w.exit_code}")
    return lines


def parent_tables(selection: Selection, sym: dict[int, list[float]],
                  pkey: dict[tuple[str, int], dict[str, float]], *, mr: bool) -> list[str]:
    """Rows for what the command line named (the default matrix is the children's only)."""
    if not selection.explicit:
        return []
    sym_rows = []
    for algo in selection.sym:
        if algo.index == HMAC_INDEX:  # the parent's names[] entry, whatever -hmac says
            algo = replace(algo, label=selection.vocabulary.sym_algos[HMAC_INDEX].label)
        elif algo.index == CMAC_INDEX:
            algo = replace(algo, label="cmac")
        sym_rows.append(SymRow(algo, sym.get(algo.index, [0.0] * len(selection.sizes))))
    # a row no worker reported (an algorithm the engines cannot run) is left out, as in a
    # single-process run
    pkey_rows = [PkeyRow(a, pkey[(a.family, a.k)]) for a in selection.pkey
                 if (a.family, a.k) in pkey]
    if mr:
        return mr_records(sym_rows, selection.sizes, pkey_rows, header=False,
                          dialect=selection.dialect)
    return (sym_table(sym_rows, selection.sizes, header=False)
            + pkey_tables(pkey_rows, selection.dialect))
