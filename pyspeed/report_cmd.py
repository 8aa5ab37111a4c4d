"""`pyspeed report FILE`: show a saved run again, in any format (openssl's included)."""

from __future__ import annotations

from typing import TextIO

from pyspeed.errors import EXIT_OK, PyspeedError, UsageError, report
from pyspeed.request import FORMATS


def report_main(path: str, fmt: str, out: TextIO, err: TextIO) -> int:
    from pyspeed.report.results import load

    try:
        if fmt not in FORMATS:
            raise UsageError(f"report: unknown format {fmt!r} (one of {', '.join(FORMATS)})",
                             usage_hint=False)
        doc = load(path)
        if fmt == "openssl":
            out.write(_openssl(doc))
        else:
            from pyspeed.report.summary import render

            out.write(render(doc, fmt))
    except PyspeedError as exc:
        return report(exc, err)
    return EXIT_OK


def _openssl(doc: dict) -> str:  # type: ignore[type-arg]
    """openssl's tables from the medians of a saved run (one engine)."""
    from pyspeed.algos.cases import SelectOptions, select
    from pyspeed.report.openssl_tables import PkeyRow, SymRow, mr_records, pkey_tables, sym_table
    from pyspeed.report.results import ResultsError, to_frame
    from pyspeed.report.summary import summarize

    summary = summarize(to_frame(doc))
    engines = list(dict.fromkeys(summary["engine"]))
    if len(engines) != 1:
        raise ResultsError(f"report: openssl's view shows one engine; this run has "
                           f"{', '.join(engines)} (use --format table)")
    opts = doc.get("options", {})
    words = opts.get("words") or []
    sel = select(list(words), SelectOptions(
        evp=opts.get("evp"), hmac=opts.get("hmac"), cmac=opts.get("cmac"),
        decrypt=opts.get("decrypt", False), aead=opts.get("aead", False),
        bytes=opts.get("bytes")))
    med = {row["case"]: row["median"] for _, row in summary.iterrows()}
    sym_rows = [SymRow(a, [med.get(f"{a.label}/{s}", 0.0) for s in sel.sizes]) for a in sel.sym
                if any(f"{a.label}/{s}" in med for s in sel.sizes)]
    pkey_rows = []
    for a in sel.pkey:
        rates = {op: med[f"{a.word}/{op}"] for op in ("sign", "verify", "derive")
                 if f"{a.word}/{op}" in med}
        if rates:
            pkey_rows.append(PkeyRow(a, rates))
    if opts.get("mr"):
        lines = mr_records(sym_rows, sel.sizes, pkey_rows)
    else:
        lines = (sym_table(sym_rows, sel.sizes) if sym_rows else []) + pkey_tables(pkey_rows)
    return "".join(line + "\n" for line in lines)
