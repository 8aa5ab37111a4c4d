"""`pyspeed speed`: request in, exit status out.

Wires cli -> algos -> engines -> runner -> report; each step hands the next plain data.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from typing import TextIO

from pyspeed.algos.cases import Selection, SelectOptions, evp_algo, plan, select, with_seconds
from pyspeed.engines.base import CaseOptions, Engine, Unsupported
from pyspeed.engines.registry import DEFAULT_ENGINE, EngineLoadError, load_engine
from pyspeed.engines.routing import ALL, Router
from pyspeed.errors import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_WORKER_FAILED,
    PyspeedError,
    UsageError,
    report,
)
from pyspeed.request import SPEED_OPTS, SpeedRequest, parse_speed_args
from pyspeed.runner.measurement import Measurement

_BUILTIN_PROVIDERS = ("default", "legacy", "base")


def speed_main(
    argv: list[str],
    out: TextIO | None = None,
    err: TextIO | None = None,
    *,
    seconds_override: float | None = None,
) -> int:
    """Run `pyspeed speed ARGV`. `seconds_override` lets tests run sub-second cases."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        req = parse_speed_args(argv)
        if req.help:
            err.write(SPEED_OPTS.help_text())
            return EXIT_OK
        selection = select(list(req.words), _select_options(req))
        _check_unimplemented(req)
        _check_random_state(req)
        _check_providers(req, err)
    except PyspeedError as exc:
        return report(exc, err)

    if req.multi:
        return run_multi(req, selection, out, err, seconds_override)
    return run_single(req, selection, out, err, seconds_override)


Collected = list[tuple[int, str, Measurement]]  # (worker, case key, measurement)


def run_single(req: SpeedRequest, selection: Selection, out: TextIO, err: TextIO,
               seconds_override: float | None, status: TextIO | None = None,
               collect: Collected | None = None) -> int:
    """One process: set up engines, run the plan, print the openssl view. `collect`
    receives every measurement, for views other than openssl's."""
    try:
        engine = _setup_engine(req, err)
    except PyspeedError as exc:
        return report(exc, err)
    from pyspeed.report.header import version_lines
    from pyspeed.report.openssl_view import OpensslListener, final_report
    from pyspeed.runner.session import Listener, run_cases

    listener = OpensslListener(err, mr=req.mr, elapsed=req.elapsed, engine_id=engine.id,
                               status=status)
    if req.elapsed and not req.mr:
        err.write("You have chosen to measure elapsed time instead of user CPU time.\n")
    if req.mb:
        label = evp_algo(req.evp or "").label
        err.write(f"speed: -mb: engine {engine.id} has no multi-block implementation of {label}\n")
        return 1
    selection = _drop_default_unsupported(selection, engine, listener)
    cases = plan(selection, req.seconds)
    if seconds_override is not None:
        cases = with_seconds(cases, seconds_override)
    options = CaseOptions(req.misalign, req.primes, req.async_jobs)
    shown: Listener = listener
    if status is None and not req.mr and err.isatty():
        from pyspeed.report.progress import TtyProgress

        shown = TtyProgress(listener, cases, err)
    outcome = run_cases(cases, engine, options, shown)
    if collect is not None:
        collect.extend((0, r.case.key, r.measurement) for r in outcome.results)
    header = [] if req.mr else version_lines()
    lines = final_report(selection, outcome, elapsed=req.elapsed, mr=req.mr, header=header)
    out.write("".join(line + "\n" for line in lines))
    out.flush()
    if req.writerand:
        _write_rand(req.writerand, err)
    if outcome.interrupted:
        err.write("pyspeed: interrupted; results above are the tests that completed\n")
        return EXIT_INTERRUPTED
    return EXIT_OK


def run_multi(req: SpeedRequest, selection: Selection, out: TextIO, err: TextIO,
              seconds_override: float | None, collect: Collected | None = None,
              child_err: TextIO | None = None) -> int:
    """openssl's -multi: children run with -mr and -elapsed forced; the parent sums."""
    from pyspeed.report.header import version_lines
    from pyspeed.report.openssl_multi import child_status_lines, echo_and_sum, parent_tables
    from pyspeed.runner.workers import run_workers

    child_req = replace(req, multi=0, mr=True, elapsed=True)

    def child(child_out: TextIO, status: TextIO) -> int:
        return run_single(child_req, selection, child_out, child_err or sys.stderr,
                          seconds_override, status)

    workers, interrupted = run_workers(req.multi, child, out, case_grace=req.worker_grace)
    if collect is not None:
        collect.extend((w.index, key, m) for w in workers for key, m in w.measured)
    got, complaints, sym, pkey = echo_and_sum(workers, len(selection.sizes))
    err.write("".join(line + "\n" for line in complaints + child_status_lines(workers)))
    lines = got + ([] if req.mr else version_lines())
    lines += parent_tables(selection, sym, pkey, mr=req.mr)
    out.write("".join(line + "\n" for line in lines))
    out.flush()
    failed = [w for w in workers if w.failed and not w.stopped]
    for w in failed:
        err.write(f"pyspeed: {w.describe_failure()}; the run was stopped, the results "
                  "above are what the workers completed\n")
    if interrupted:
        err.write("pyspeed: interrupted; every worker was stopped, results above are what "
                  "they completed\n")
        return EXIT_INTERRUPTED
    return EXIT_WORKER_FAILED if failed else EXIT_OK


def _select_options(req: SpeedRequest) -> SelectOptions:
    return SelectOptions(
        evp=req.evp, hmac=req.hmac, cmac=req.cmac, decrypt=req.decrypt, aead=req.aead,
        mb=req.mb, bytes=req.bytes,
    )


def _check_unimplemented(req: SpeedRequest) -> None:
    if len(req.engines) > 1:
        raise PyspeedError("speed: several -engine values in one run are not implemented yet")


def _check_random_state(req: SpeedRequest) -> None:
    if req.rand:
        for path in req.rand.split(os.pathsep):
            if not os.access(path, os.R_OK):
                raise UsageError(f"speed: Can't load {path} into RNG", usage_hint=False)


def _check_providers(req: SpeedRequest, err: TextIO) -> None:
    """cryptography always has the default and legacy providers loaded; nothing else exists."""
    for name in req.providers:
        if name not in _BUILTIN_PROVIDERS:
            raise UsageError(
                f"speed: unable to load provider {name}\n"
                "Hint: use -provider-path option or OPENSSL_MODULES environment variable.",
                usage_hint=False,
            )
    if req.propquery is not None or req.provider_path is not None:
        err.write("pyspeed: -propquery and -provider-path have no effect on pyspeed's engines\n")


def _setup_engine(req: SpeedRequest, err: TextIO) -> Router:
    """Engines from the config, then `-engine` (which takes every method class), with the
    software engine behind them. openssl's rule: a bad -engine is reported and the run
    goes on without it."""
    from pyspeed.engines.configured import config_path, configured_engines

    configured = configured_engines(config_path(req.config))
    routes: list[tuple[Engine, int]] = []
    for c in configured:
        if c.available is False:
            err.write(f"pyspeed: engine {c.engine.id} is unavailable: {c.unavailable_reason}; "
                      "its cases run in software\n")
        elif c.methods:
            routes.append((c.engine, c.methods))
    if req.engines:
        engine_id = req.engines[-1]
        chosen = _engine_by_id(engine_id, configured, err)
        if chosen is not None:
            routes = [(chosen, ALL)]

    def note(name: str, engine_id: str, reason: str) -> None:
        err.write(f"pyspeed: engine {engine_id} cannot run {name}: {reason}; "
                  "software serves it\n")

    return Router(routes, load_engine(DEFAULT_ENGINE), note)


def _engine_by_id(engine_id: str, configured: list, err: TextIO) -> Engine | None:
    for c in configured:
        if c.engine.id == engine_id:
            engine = c.engine
            break
    else:
        try:
            engine = load_engine(engine_id)
        except EngineLoadError as exc:
            err.write(f'Invalid engine "{engine_id}"\n')
            err.write(f"pyspeed: {exc}\n")
            return None
    try_init = getattr(engine, "try_init", None)
    if try_init is not None and not getattr(engine, "initialised", False) and not try_init():
        reason = getattr(engine, "unavailable_reason", None)
        err.write(f'Invalid engine "{engine_id}"\n')
        err.write(f"pyspeed: engine {engine_id} is unavailable: {reason}\n")
        return None
    err.write(f'Engine "{engine_id}" set.\n')
    return engine


def _drop_default_unsupported(
    selection: Selection, engine: Engine, listener: object
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


def _write_rand(path: str, err: TextIO) -> None:
    try:
        with open(path, "wb") as fh:
            fh.write(os.urandom(1024))
    except OSError as exc:
        err.write(f"speed: Cannot write random bytes to {path}: {exc.strerror}\n")
