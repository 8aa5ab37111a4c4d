"""`pyspeed speed`: request in, exit status out.

Wires cli -> algos -> engines -> runner -> report; each step hands the next plain data.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

from pyspeed.algos.cases import select
from pyspeed.errors import (
    EXIT_OK,
    PyspeedError,
    UsageError,
    report,
)
from pyspeed.request import SPEED_OPTS, SpeedRequest, parse_speed_args

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
        selection = select(list(req.words), req.select_options())
        _check_random_state(req)
        _check_providers(req, err)
    except PyspeedError as exc:
        return report(exc, err)

    from pyspeed.run_speed import run_multi, run_single

    if req.multi:
        return run_multi(req, selection, out, err, seconds_override)
    return run_single(req, selection, out, err, seconds_override)


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
