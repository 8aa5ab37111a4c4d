"""The engine protocol: who am I, what can I run, and one ready-to-time operation per case.

An engine never times anything. It hands the runner an `Operation`, a callable and its
arguments, so that the runner's loop is the same for every engine and the only code
inside the timed region is the operation itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from pyspeed.algos.cases import Case
from pyspeed.algos.registry import PkeyAlgo, SymAlgo
from pyspeed.runner.measurement import Measurement


class Unsupported(Exception):
    """This engine cannot run the case; the message says why, in one line."""


@dataclass(frozen=True)
class CaseOptions:
    """Per-run settings that change how an operation is prepared (not what it is)."""

    misalign: int = 0
    primes: int = 2
    async_jobs: int = 0  # -async_jobs N: concurrent jobs per worker (0: synchronous)
    multi: int = 0  # -multi M: worker processes running at the same time (0: no -multi)
    worker: int = 0  # this worker's index under -multi (a model shares its device by it)


@dataclass(frozen=True)
class Operation:
    """One operation, ready for the timed loop: `fn(*args)` performs it once.

    `fn` and `args` are fixed before timing starts (keys made, buffers allocated), and
    `fn` should be a C-level callable where the engine can manage it, since every Python
    frame inside the loop is overhead that native `openssl speed` does not pay.
    """

    fn: Callable[..., object]
    args: tuple[object, ...] = ()
    implementation: str = ""  # who really serves it, e.g. "cryptography 48.0.0 (OpenSSL 4.0.0)"
    engine: str = ""  # id of the engine that served it, set by the router ("": the engine asked)
    notes: tuple[str, ...] = field(default=())
    # A modelled engine times itself on a virtual clock: simulate(seconds) runs the case
    # for that much modelled time and returns its Measurement (modelled=True). The runner
    # calls it instead of its wall-clock loop.
    simulate: Callable[[float], Measurement] | None = None


@runtime_checkable
class Engine(Protocol):
    id: str
    name: str

    def check(self, algo: SymAlgo | PkeyAlgo) -> None:
        """Raise Unsupported if this engine cannot run `algo` at all (cheap, no key work)."""

    def prepare(self, case: Case, options: CaseOptions) -> Operation:
        """Build the operation for one case, or raise Unsupported."""
