"""Plain data in and out of the simulation: costs, polling, topology, and the result.

Kept apart from the event loop so that the engine builds a `SimConfig` from a profile
and the ctrl settings without knowing how the loop works, and tests can build one by hand.
All times are seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

POLL_MODES = ("internal", "event", "external", "heuristic", "inline")

# shared by the event loop (sim.py) and the fault handling (faults.py)
READY_EVENT, TICK = 1, 2  # event kinds (CORE, SYNC_RETRY: sim.py)
COMPLETE, SW_REDO, SW_NEW = (
    1,
    3,
    4,
)  # a job's next core chunk: redo a stuck request / run a new one in software
SPIN, BUSYPOLL = 2, 3  # core states: spinning on a full ring / busy-polling
POLL_PASS = -1  # a poll pass queued on a core (external / heuristic polling)
FAILED = 4  # job state: its operation failed, its loop ended (openssl's count = -1)
ON_DEVICE, STUCK, READY = 0, 1, 2  # request states
# per-process counters, a flat list per process so that a window's deltas replicate in one loop
N_COUNT, N_USER, N_SYS, N_RESUB, N_RETRY, N_OFF, N_SWFB, N_FAIL, N_POLLS, N_REDO = range(10)
N_SLOTS = 10


@dataclass(frozen=True)
class OpCosts:
    """What one request of the case costs the device and the submitting core."""

    service: float  # mean time on one device server (per-byte part included)
    jitter: float  # service time is uniform in service * (1 +- jitter)
    transport_in: float  # submit -> the device can start (not holding a server)
    transport_out: float  # device done -> the response is in the ring
    submit: float  # core: build and post the request
    complete: float  # core: resume the job and finish the operation
    retry: float  # core: one resubmit attempt on a full ring


@dataclass(frozen=True)
class PollCosts:
    """How responses are found (docs/qat-model.md §1.5) and what finding them costs."""

    mode: str  # one of POLL_MODES
    interval: float  # SET_INTERNAL_POLL_INTERVAL
    period: float  # internal poll thread: sleep between passes (interval + timer slack)
    pass_cost: float  # one pass over the instances
    per_response: float  # callback + job wake-up per response found
    wake: float  # a blocked thread starts running
    yield_: float  # a sync thread spinning on sched_yield sees its flag
    yield_user_fraction: float  # share of that spinning accounted as user time
    irq: float  # event-driven: response -> epoll_wait returns
    event_cpu: float  # event-driven: CPU per wake-up
    external_period: float  # external polling: the application's POLL timer
    heuristic_threshold: int  # heuristic polling: poll when this many are in flight
    retry_sleep_base: float  # sync ring-full back-off (the poll interval's ns read as µs)


@dataclass(frozen=True)
class SimConfig:
    """One run: every process of the modelled machine, each with threads and jobs."""

    op: OpCosts
    poll: PollCosts
    endpoints: int
    servers: int  # per endpoint, for this operation class
    ring: int  # request ring depth per instance, for this operation class
    instance_endpoints: tuple[tuple[int, ...], ...]  # per process: endpoint of each instance
    jobs: int = 0  # async jobs per thread; 0 = synchronous calls
    threads: int = 1  # submitting threads per process (openssl speed: 1)
    worker: int = 0  # the process whose numbers are reported
    pinned_instance: int | None = None  # SET_INSTANCE_FOR_THREAD
    max_retry: int = 5  # SET_MAX_RETRY_COUNT (-1: infinite)
    retries_before: int = 0  # the engine's retry counter before this run
    fallback: bool = False  # ENABLE_SW_FALLBACK
    faults: tuple[tuple[int, float, float], ...] = ()  # (endpoint, offline at, online at)
    heartbeat: float = 0.5  # seconds between heartbeat checks
    seed: int = 0
    fast_forward: bool = True  # replicate measured steady-state windows


@dataclass(frozen=True)
class SimResult:
    """What the reported process did, in modelled time."""

    count: int
    wall: float
    user: float
    sys: float
    retries: int  # sync ring-full retries (GET_NUM_OP_RETRIES)
    resubmits: int  # async jobs paused and resubmitted on a full ring
    offloaded: int
    sw_fallback: int
    sw_redone: int  # of those, requests stuck on a failed device and redone in software
    failed: int
    polls: int
    peak_in_flight: int
    error: str | None
    simulated: float  # modelled seconds simulated event by event (the rest replicated)
    sw_seconds: float  # host seconds spent running fallback operations for real
