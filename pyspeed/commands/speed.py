"""`pyspeed speed`: parse (openssl's rules) -> measure -> view -> persist.

The measuring is pyspeed.measure's; this module only turns the command line into its
options, picks the view (openssl's text and -mr for one engine, pyspeed's tables for any
number) and writes what was asked for.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

from pyspeed.algos.cases import Selection
from pyspeed.commands.speed_args import SPEED_OPTS, SpeedRequest, parse_speed_args
from pyspeed.errors import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_WORKER_FAILED,
    EXIT_WRITE_FAILED,
    PyspeedError,
    UsageError,
    report,
)
from pyspeed.model import Listener, Run

_BUILTIN_PROVIDERS = ("default", "legacy", "base")


def speed_main(argv: list[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run `pyspeed speed ARGV`."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        req = parse_speed_args(argv)
        if req.help:
            err.write(SPEED_OPTS.help_text(req.dialect or "3.0"))
            return EXIT_OK
    except PyspeedError as exc:
        return report(exc, err)
    return execute(req, out, err, argv)


def execute(req: SpeedRequest, out: TextIO, err: TextIO, argv: list[str] | None = None) -> int:
    """Measure a parsed request and show it; the exit status documented in errors.py."""
    from pyspeed.runner.measure import measure, selection_for

    options = req.measure_options()
    try:
        selection = selection_for(list(req.words), options)
    except UsageError as exc:
        status = report(exc, err)
        _options_first_hint(req, err)
        return status
    try:
        _check_random_state(req)
        _check_providers(req, err)
    except PyspeedError as exc:
        return report(exc, err)
    fmt = output_format(req)
    listener = _listener(req, selection, fmt, err, out)
    try:
        run = measure(selection, req.engines, options=options, listener=listener,
                      command=["pyspeed", "speed", *(argv if argv is not None else req.words)])
    except PyspeedError as exc:
        return report(exc, err)
    run.options["mr"] = req.mr
    label_machine(run, req.machine)
    _view(req, selection, run, fmt, out, err)
    if req.writerand:
        _write_rand(req.writerand, err)
    from pyspeed.commands.persist import keep

    kept = keep(run, req.save, req.benchmark_json, err, history=req.history)
    return _status(run, err) or (EXIT_OK if kept else EXIT_WRITE_FAILED)


def label_machine(run: Run, given: str | None) -> None:
    """Record the machine's label (`--machine`, `$PYSPEED_MACHINE`) with its provenance,
    where the history and the gate's baseline lookup find it."""
    from pyspeed.provenance import machine_label

    label = machine_label(given)
    if label:
        run.machine_info["label"] = label


def output_format(req: SpeedRequest) -> str:
    return req.format or ("openssl" if len(set(req.engines)) <= 1 else "table")


def _listener(req: SpeedRequest, selection: Selection, fmt: str, err: TextIO,
              out: TextIO) -> Listener:
    from pyspeed.views.openssl_run import OpensslListener

    notice = OpensslListener.ELAPSED_NOTICE if req.elapsed and not (req.mr or req.multi) \
        else None
    listener: Listener = OpensslListener(
        err, mr=req.mr or bool(req.multi), elapsed=req.elapsed or bool(req.multi),
        forks=out if req.multi and fmt == "openssl" else None, notice=notice,
        dialect=selection.dialect)
    if not req.mr and not req.multi and err.isatty():
        from pyspeed.algos.cases import plan
        from pyspeed.views.progress import TtyProgress

        cases = plan(selection, req.seconds) * req.repeat * max(len(set(req.engines)), 1)
        listener = TtyProgress(listener, cases, err)
    return listener


def _view(req: SpeedRequest, selection: Selection, run: Run, fmt: str, out: TextIO,
          err: TextIO) -> None:
    if fmt != "openssl":
        from pyspeed.views.pyspeed_tables import render

        out.write(render(run, fmt) if run.records else "")
    elif req.multi:
        out.write("".join(line + "\n" for line in _multi_lines(req, selection, run, err)))
    else:
        from pyspeed.views.openssl_header import version_lines
        from pyspeed.views.openssl_run import final_report

        header = [] if req.mr else version_lines()
        lines = final_report(selection, run, mr=req.mr, header=header)
        out.write("".join(line + "\n" for line in lines))
    out.flush()


def _multi_lines(req: SpeedRequest, selection: Selection, run: Run, err: TextIO) -> list[str]:
    """openssl's -multi parent: each worker's records echoed, then the summed tables."""
    from pyspeed.views.openssl_header import version_lines
    from pyspeed.views.openssl_multi import (
        child_status_lines,
        echo_and_sum,
        parent_tables,
        summed_rates,
        worker_lines,
    )

    got, complaints, _, _ = echo_and_sum(worker_lines(selection, run), len(selection.sizes),
                                         selection.dialect)
    sym, pkey = summed_rates(selection, run)
    err.write("".join(line + "\n" for line in complaints + child_status_lines(run.workers)))
    lines = got + ([] if req.mr else version_lines())
    return lines + parent_tables(selection, sym, pkey, mr=req.mr)


def _status(run: Run, err: TextIO) -> int:
    """Interrupted or a failed worker: say so (the results shown are what completed)."""
    failed = [w for w in run.workers if w.failed and not w.stopped]
    for w in failed:
        err.write(f"pyspeed: {w.describe_failure()}; the run was stopped, the results "
                  "above are what the workers completed\n")
    if run.interrupted:
        if run.workers:
            err.write("pyspeed: interrupted; every worker was stopped, results above are "
                      "what they completed\n")
        else:
            err.write("pyspeed: interrupted; results above are the tests that completed\n")
        return EXIT_INTERRUPTED
    return EXIT_WORKER_FAILED if failed else EXIT_OK


def _options_first_hint(req: SpeedRequest, err: TextIO) -> None:
    """After openssl's `Unknown algorithm --save`: options go before algorithm words."""
    late = [w for w in req.words if w.startswith("-")]
    if late:
        words = [w for w in req.words if not w.startswith("-")]
        err.write(f"pyspeed: options come before algorithm words "
                  f"(pyspeed speed {late[0]} ... {' '.join(words[:1]) or 'ALGORITHM'})\n")


def _write_rand(path: str, err: TextIO) -> None:
    try:
        with open(path, "wb") as fh:
            fh.write(os.urandom(1024))
    except OSError as exc:
        err.write(f"speed: Cannot write random bytes to {path}: {exc.strerror}\n")


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
