"""What one timed test produced. Plain data: it crosses process boundaries and files."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspeed.algos.cases import Case


@dataclass(frozen=True)
class Measurement:
    """Raw counters of one timed loop: every divisor is chosen later, by a view."""

    count: int
    wall: float  # seconds, monotonic clock
    user: float  # user CPU seconds of the measuring process
    sys: float  # system CPU seconds of the measuring process
    error: str | None = None  # the loop stopped on an exception (openssl's "LABEL error!")
    modelled: bool = False  # times come from an engine model's virtual clock, not this host
    counters: tuple[tuple[str, float], ...] = ()  # engine counters (retries, fallbacks...)

    def time(self, elapsed: bool) -> float:
        """openssl's divisor rule: user CPU time unless -elapsed."""
        return self.wall if elapsed else self.user


@dataclass(frozen=True)
class Result:
    """A measurement with its provenance: which case, which engine, which implementation."""

    case: Case
    measurement: Measurement
    engine: str
    implementation: str
    repeat: int = 0
    front: str = ""  # the engine that was asked (engine: the one that served it)
