"""The engine's settable state and the counters its GET_* ctrls read.

Split from the engine so that the simulation side (`operation.py`) reads plain data and
the ctrl side (`engine.py`) only validates and stores. Defaults are the engine's
(docs/qat-model.md §1.3, §1.4); `reset_on_finish` resets exactly what `qat_engine_finish` resets
(polling modes, instance-for-thread, fallback, offload switch, poll interval, retry
count, the retry counter), not the threshold, epoll timeout, section name or bitmaps.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from pyspeed.engines.qat import ctrls
from pyspeed.engines.qat.profiles import DEFAULT_PROFILE


def _default_thresholds() -> dict[str, int]:
    return {name: ctrls.THRESHOLD_DEFAULT for name in ctrls.THRESHOLD_CIPHERS}


def section_from_env() -> str:
    """QAT_SECTION_NAME, read at bind time, if it is 1..63 characters (docs/qat-model.md §1.12)."""
    name = os.environ.get("QAT_SECTION_NAME", "")
    return name if 0 < len(name) < ctrls.SECTION_NAME_SIZE else ctrls.SECTION_DEFAULT


@dataclass
class Settings:
    external_polling: bool = False
    inline_polling: bool = False
    event_driven: bool = False
    heuristic_polling: bool = False
    instance_for_thread: int | None = None  # stored i % num_instances
    max_retry: int = ctrls.MAX_RETRY_DEFAULT
    poll_interval_ns: int = ctrls.POLL_INTERVAL_DEFAULT_NS
    epoll_timeout_ms: int = ctrls.EPOLL_TIMEOUT_DEFAULT_MS
    thresholds: dict[str, int] = field(default_factory=_default_thresholds)
    section: str = field(default_factory=section_from_env)
    sw_fallback: bool = False
    disable_offload: bool = False
    hw_bitmap: int = ctrls.ALGO_BITMAP_DEFAULT
    sw_bitmap: int = ctrls.ALGO_BITMAP_DEFAULT
    # pyspeed model settings
    profile: str = DEFAULT_PROFILE
    faults: tuple[tuple[int, float, float], ...] | None = None  # None: the profile's
    realtime: bool = False
    seed: int = 0
    software_path: str = "native"  # what runs software work on this host: native | python
    external_poll_us: int = 1000
    heartbeat_ms: int | None = None  # None: the profile's

    def reset_on_finish(self) -> None:
        fresh = Settings()
        for name in ("external_polling", "inline_polling", "event_driven", "heuristic_polling",
                     "instance_for_thread", "sw_fallback", "disable_offload",
                     "poll_interval_ns", "max_retry"):  # fmt: skip
            setattr(self, name, getattr(fresh, name))

    def polling_mode(self) -> str:
        """The model's polling mode (docs/qat-model.md §1.5) from the engine's flags."""
        if self.inline_polling:
            return "inline"
        if self.external_polling:
            if self.event_driven:
                return "event"  # the application epolls the instances' fds
            return "heuristic" if self.heuristic_polling else "external"
        return "event" if self.event_driven else "internal"


@dataclass
class Counters:
    """Real counts from the runs of this process (what the GET_* ctrls read)."""

    op_retries: int = 0  # qatPerformOpRetries: sync ring-full retries; reset by finish
    async_resubmits: int = 0
    offloaded_ops: int = 0
    sw_fallback_ops: int = 0
    failed_ops: int = 0
    sw_small_packet_ops: int = 0
    sw_key_size_ops: int = 0
    sw_offload_disabled_ops: int = 0
    polls: int = 0
    heartbeat_polls: int = 0
    peak_in_flight: dict[str, int] = field(default_factory=dict)  # asym / cipher

    def add(self, name: str, value: int) -> None:
        setattr(self, name, getattr(self, name) + value)
