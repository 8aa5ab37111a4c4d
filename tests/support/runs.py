"""Running pyspeed from tests: a command line with a sub-second test duration, and a plan
of cases on one engine without the command around it."""

from __future__ import annotations

import io
from dataclasses import replace
from typing import TextIO

from pyspeed.commands.speed import execute
from pyspeed.commands.speed_args import parse_speed_args
from pyspeed.engines.base import Engine
from pyspeed.errors import PyspeedError, report
from pyspeed.model import Case, CaseOptions, Listener
from pyspeed.runner.session import Outcome, Session, run_matrix


def run_speed(argv: list[str], out: TextIO | None = None, err: TextIO | None = None, *,
              seconds: float = 0.02) -> int:
    """`pyspeed speed ARGV` with each test lasting `seconds` (the core takes floats; the
    command line, like openssl's, only whole seconds)."""
    out, err = out or io.StringIO(), err or io.StringIO()
    try:
        req = parse_speed_args(argv)
    except PyspeedError as exc:
        return report(exc, err)
    return execute(replace(req, seconds=seconds), out, err, argv)


def run_cases(cases: list[Case], engine: Engine, options: CaseOptions,
              listener: Listener) -> Outcome:
    """Every case in order on one engine, as the runner does it."""
    session = Session(engine, options, listener)
    run_matrix(cases, [session])
    return session.outcome
