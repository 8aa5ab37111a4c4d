"""Running `pyspeed speed` once its request is valid: one process or `-multi` workers,
then the chosen view (openssl's, or pyspeed's table/markdown/csv/json) and `--save`."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import asdict, replace
from typing import TextIO

from pyspeed.algos.cases import Selection, evp_algo, plan, with_seconds
from pyspeed.engines.base import CaseOptions, Unsupported
from pyspeed.engines.routing import Router
from pyspeed.engines.setup import setup_engines
from pyspeed.errors import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_WORKER_FAILED,
    PyspeedError,
    report,
)
from pyspeed.report.results import Record, record_from
from pyspeed.request import SpeedRequest

Collected = list[Record]


def output_format(req: SpeedRequest) -> str:
    return req.format or ("openssl" if len(set(req.engines)) <= 1 else "table")


def run_single(req: SpeedRequest, selection: Selection, out: TextIO, err: TextIO,
               seconds_override: float | None, status: TextIO | None = None,
               collect: Collected | None = None, worker: tuple[int, int] = (0, 0)) -> int:
    """One process: set up engines, run the plan (repetitions and engines interleaved),
    print the view. `collect` receives every record, for callers with their own views."""
    started = dt.datetime.now(dt.timezone.utc)
    try:
        routers = setup_engines(req.engines, req.config, err)
    except PyspeedError as exc:
        return report(exc, err)
    from pyspeed.report.openssl_view import OpensslListener
    from pyspeed.runner.session import Listener, Session, run_matrix

    listener = OpensslListener(err, mr=req.mr, elapsed=req.elapsed, engine_id=routers[0].id,
                               status=status)
    if req.elapsed and not req.mr:
        err.write("You have chosen to measure elapsed time instead of user CPU time.\n")
    if req.mb:
        label = evp_algo(req.evp or "").label
        err.write(f"speed: -mb: engine {routers[0].id} has no multi-block implementation "
                  f"of {label}\n")
        return 1
    selection = drop_default_unsupported(selection, routers[0], listener)
    cases = plan(selection, req.seconds)
    if seconds_override is not None:
        cases = with_seconds(cases, seconds_override)
    options = CaseOptions(req.misalign, req.primes, req.async_jobs, *worker)
    shown: Listener = listener
    if status is None and not req.mr and err.isatty():
        from pyspeed.report.progress import TtyProgress

        shown = TtyProgress(listener, cases * req.repeat * len(routers), err)
    sessions = [Session(r, options, shown) for r in routers]
    if req.precision is not None:
        completed, ran = _run_precise(req, selection, sessions, seconds_override, err)
    else:
        completed, ran = run_matrix(cases, sessions, req.repeat)
    records = [record_from(r, worker[1]) for r in ran]
    if collect is not None:
        collect.extend(records)
    _views(req, selection, sessions, records, routers, started, out, err)
    if req.writerand:
        _write_rand(req.writerand, err)
    if not completed:
        err.write("pyspeed: interrupted; results above are the tests that completed\n")
        return EXIT_INTERRUPTED
    return EXIT_OK


def _run_precise(req: SpeedRequest, selection: Selection, sessions: list,  # type: ignore[type-arg]
                 seconds_override: float | None, err: TextIO
                 ) -> tuple[bool, list]:  # type: ignore[type-arg]
    """--precision P: short repetitions (a tenth of the test's duration, at least 0.1 s)
    until the median is known to P%; the test's usual duration (-seconds, or openssl's
    3 s / 10 s) becomes the cap on the total time a case may take."""
    from pyspeed.runner.session import Precision, run_until_precise

    full = plan(selection, req.seconds)
    short = [replace(c, seconds=max(c.seconds / 10, 0.1)) for c in full]
    if seconds_override is not None:
        short = with_seconds(short, seconds_override)
    cap = max(c.seconds for c in full) if seconds_override is None else 20 * seconds_override

    def capped(engine: str, key: str, width: float, spent: float) -> None:
        err.write(f"pyspeed: {key} on {engine}: ±{width:.1f}% after {spent:.1f} s (cap), "
                  f"not ±{req.precision:g}%\n")

    return run_until_precise(short, sessions, Precision(req.precision, cap, req.elapsed),
                             capped)  # type: ignore[arg-type]


def _views(req: SpeedRequest, selection: Selection, sessions: list, records: Collected,
           routers: list[Router], started: dt.datetime, out: TextIO, err: TextIO) -> None:
    fmt = output_format(req)
    doc = None
    if req.save or req.benchmark_json or fmt != "openssl":
        doc = _document(req, records, {r.id: r.name for r in routers}, started)
    if fmt == "openssl":
        from pyspeed.report.header import version_lines
        from pyspeed.report.openssl_view import final_report

        header = [] if req.mr else version_lines()
        lines = final_report(selection, sessions[0].outcome, elapsed=req.elapsed, mr=req.mr,
                             header=header)
        out.write("".join(line + "\n" for line in lines))
    else:
        from pyspeed.report.summary import render

        out.write(render(doc, fmt) if records else "")  # type: ignore[arg-type]
    out.flush()
    _keep(req, doc, err)


def _keep(req: SpeedRequest, doc: dict | None, err: TextIO) -> None:  # type: ignore[type-arg]
    """--save (and the history store that comes with it), --benchmark-json."""
    if doc is None:
        return
    if req.save:
        from pyspeed.report.history import record

        _save(doc, req.save, err)
        record(doc, err)
    if req.benchmark_json:
        from pyspeed.report.benchjson import write_benchmark_json

        try:
            write_benchmark_json(doc, req.benchmark_json)
        except OSError as exc:
            err.write(f"pyspeed: cannot write {req.benchmark_json}: {exc.strerror}\n")


def _document(req: SpeedRequest, records: Collected, names: dict[str, str],
              started: dt.datetime) -> dict:  # type: ignore[type-arg]
    from pyspeed.report.results import document

    engines = []
    for engine_id in dict.fromkeys(r.engine for r in records):
        mine = [r for r in records if r.engine == engine_id]
        engines.append({
            "id": engine_id,
            "name": names.get(engine_id, ""),
            "modelled": any(r.modelled for r in mine),
            "provenance": "; ".join(sorted({r.implementation for r in mine if r.implementation})),
        })
    options = {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(req).items()}
    return document(records, command=["pyspeed", "speed", *sys.argv[2:]], options=options,
                    engines=engines, started=started)


def _save(doc: dict, path: str, err: TextIO) -> None:  # type: ignore[type-arg]
    from pyspeed.report.results import save

    try:
        save(doc, path)
    except OSError as exc:
        err.write(f"pyspeed: cannot save results to {path}: {exc.strerror}\n")


def run_multi(req: SpeedRequest, selection: Selection, out: TextIO, err: TextIO,
              seconds_override: float | None, collect: Collected | None = None,
              child_err: TextIO | None = None) -> int:
    """openssl's -multi: children run with -mr and -elapsed forced; the parent sums."""
    from pyspeed.report.header import version_lines
    from pyspeed.report.openssl_multi import child_status_lines, echo_and_sum, parent_tables
    from pyspeed.runner.workers import run_workers

    started = dt.datetime.now(dt.timezone.utc)
    fmt = output_format(req)
    child_req = replace(req, multi=0, mr=True, elapsed=True, save=None, format=None,
                        benchmark_json=None)

    def child(index: int, child_out: TextIO, status: TextIO) -> int:
        return run_single(child_req, selection, child_out, child_err or sys.stderr,
                          seconds_override, status, worker=(req.multi, index))

    workers, interrupted = run_workers(req.multi, child, out if fmt == "openssl" else None,
                                       case_grace=req.worker_grace)
    records = [r for w in workers for r in w.measured]
    if collect is not None:
        collect.extend(records)
    got, complaints, sym, pkey = echo_and_sum(workers, len(selection.sizes))
    err.write("".join(line + "\n" for line in complaints + child_status_lines(workers)))
    doc = _document(replace(req, elapsed=True), records, {}, started) \
        if (req.save or req.benchmark_json or fmt != "openssl") else None
    if fmt == "openssl":
        lines = got + ([] if req.mr else version_lines())
        lines += parent_tables(selection, sym, pkey, mr=req.mr)
        out.write("".join(line + "\n" for line in lines))
    elif records:
        from pyspeed.report.summary import render

        out.write(render(doc, fmt))  # type: ignore[arg-type]
    out.flush()
    _keep(req, doc, err)
    failed = [w for w in workers if w.failed and not w.stopped]
    for w in failed:
        err.write(f"pyspeed: {w.describe_failure()}; the run was stopped, the results "
                  "above are what the workers completed\n")
    if interrupted:
        err.write("pyspeed: interrupted; every worker was stopped, results above are what "
                  "they completed\n")
        return EXIT_INTERRUPTED
    return EXIT_WORKER_FAILED if failed else EXIT_OK


def _write_rand(path: str, err: TextIO) -> None:
    import os

    try:
        with open(path, "wb") as fh:
            fh.write(os.urandom(1024))
    except OSError as exc:
        err.write(f"speed: Cannot write random bytes to {path}: {exc.strerror}\n")


def drop_default_unsupported(
    selection: Selection, engine: Router, listener: object
) -> Selection:
    """The default matrix keeps only the symmetric rows the engine can run (as openssl keeps
    only fetchable ones); each row left out is reported once, never dropped silently."""
    if selection.explicit:
        return selection
    keep = []
    for algo in selection.sym:
        try:
            engine.check(algo)
        except Unsupported as exc:
            listener.unsupported(algo.label, str(exc))  # type: ignore[attr-defined]
        else:
            keep.append(algo)
    return replace(selection, sym=tuple(keep))
