"""Device profiles: what one modelled QAT part is made of, read from engines.d.

A profile is a data section `[qat_profile_NAME]` in an engines.d drop-in (shipped:
qat-c62x.cnf, qat-8970.cnf, qat-dh895xcc.cnf, qat-4xxx.cnf, qat-c62x-vf.cnf; users add
their own through PYSPEED_ENGINES_DIR). `base = NAME` inherits every key of another
profile, so a variant states only what differs. Every figure in the shipped files carries
a comment naming its source (docs/qat-model.md §1.12 driver config, §2.1-2.4 figures) or
saying it is derived/assumed; this module only checks that the numbers are usable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pyspeed.engines.qat.ctrls import parse_faults

PREFIX = "qat_profile_"
DEFAULT_PROFILE = "c62x"
SHIPPED = ("c62x", "c62x-vf", "8970", "dh895xcc", "4xxx")


class ProfileError(Exception):
    """A profile that does not exist or cannot be used; the message is one line."""


_NUMBERS = (
    "endpoints", "acceleration_engines", "instances_per_process", "processes_per_device",
    "limit_dev_access", "asym_ring", "sym_ring", "pke_servers", "sym_servers",
    "transport_us", "sym_transport_us", "dma_ns_per_byte", "service_jitter",
    "sym_op_us", "sym_ns_per_byte", "asym_submit_us", "asym_complete_us", "sym_submit_us",
    "sym_complete_us", "retry_us", "poll_pass_us", "poll_response_us", "timer_slack_us",
    "wake_us", "yield_us", "yield_user_fraction", "irq_latency_us", "event_cpu_us", "heartbeat_ms",
)  # fmt: skip
_SERVICE_PREFIXES = ("rsa", "dsa", "ecdsa_", "ecdh_", "ffdh", "prf")
_RING_SIZES = tuple(64 << n for n in range(11))  # 64, 128, ... 65536 (docs/qat-model.md §1.12)


@dataclass(frozen=True)
class Profile:
    """One modelled part. Times are microseconds unless the name says otherwise."""

    name: str
    description: str
    endpoints: int  # PCIe endpoints (QAT devices) of the part
    acceleration_engines: int  # per endpoint (docs/qat-model.md §2.1)
    driver_config: str  # multi-process | multi-thread (docs/qat-model.md §1.12)
    sections: tuple[str, ...]  # user sections of the driver config ([SHIM] ...)
    instances_per_process: int
    processes_per_device: int  # NumProcesses
    limit_dev_access: int
    asym_ring: int  # CyNumConcurrentAsymRequests
    sym_ring: int  # CyNumConcurrentSymRequests
    pke_servers: int  # parallel public-key units per endpoint
    sym_servers: int  # parallel cipher+auth units per endpoint
    transport_us: float  # fixed request+response latency outside the servers (asym)
    sym_transport_us: float
    dma_ns_per_byte: float  # extra transport latency per byte moved (in + out)
    service_jitter: float  # +- fraction of uniform jitter on every service time
    sym_op_us: float  # per-record service on one sym server, plus ...
    sym_ns_per_byte: float  # ... this much per record byte
    asym_submit_us: float  # submitting core: build and post one request
    asym_complete_us: float  # submitting core: resume the job, finish the operation
    sym_submit_us: float
    sym_complete_us: float
    retry_us: float  # one async resubmit attempt on a full ring (pause, resume, post)
    poll_pass_us: float  # one icp_sal_CyPollInstance pass over the instances
    poll_response_us: float  # per response found (callback, job wake-up)
    timer_slack_us: float  # nanosleep overshoot of the poll thread
    wake_us: float  # a blocked thread (poll thread, select()) becomes running
    yield_us: float  # a sync thread spinning on sched_yield sees its flag
    yield_user_fraction: float  # share of a sched_yield spin that is user time
    irq_latency_us: float  # event-driven mode: response -> epoll_wait returns
    event_cpu_us: float  # event-driven mode: CPU per wake-up (syscalls)
    heartbeat_ms: float  # period of the heartbeat check (fault detection)
    service_us: Mapping[str, float] = field(default_factory=dict)  # op key -> microseconds
    faults: tuple[tuple[int, float, float], ...] = ()

    def process_slots(self) -> int:
        """How many processes can start (icp_sal_userStart) before `userstart fail`."""
        if self.limit_dev_access:
            return self.processes_per_device * self.endpoints
        return self.processes_per_device

    def instance_endpoints(self, process: int) -> list[int]:
        """Endpoint of each crypto instance a process gets (docs/qat-model.md §1.10, §1.12).

        LimitDevAccess=1: all of a process's instances are on one endpoint; processes are
        spread over the endpoints in turn (an assumption: the driver's slot order is not
        documented; this is what makes `-multi 9` on an 8970 reach all 3 devices, as in
        issue #93). LimitDevAccess=0: instance i is on endpoint i mod endpoints.
        """
        if self.limit_dev_access:
            return [process % self.endpoints] * self.instances_per_process
        return [i % self.endpoints for i in range(self.instances_per_process)]

    def service(self, key: str) -> float | None:
        return self.service_us.get(key)


def section_name(name: str) -> str:
    return PREFIX + name


def _raw(name: str) -> dict[str, str] | None:
    from pyspeed.engines.dropins import dropin_section

    return dropin_section(section_name(name))


def known_profiles() -> list[str]:
    """Shipped profile names plus any `qat_profile_*` section of the drop-ins."""
    from pyspeed.conf import load
    from pyspeed.engines.dropins import dropin_files

    names = set(SHIPPED)
    for path in dropin_files():
        try:
            config = load(str(path))
        except Exception:  # a broken drop-in is reported where it is used, not here
            continue
        names.update(s[len(PREFIX) :] for s in config.sections() if s.startswith(PREFIX))
    return sorted(names)


def exists(name: str) -> bool:
    return _raw(name) is not None


def load_profile(name: str) -> Profile:
    """The profile NAME with its `base` chain resolved; ProfileError says what is wrong."""
    return _build(name, _merged(name, ()))


def _merged(name: str, chain: tuple[str, ...]) -> dict[str, str]:
    if name in chain:
        raise ProfileError(f"QAT profile {name}: 'base' loops ({' -> '.join((*chain, name))})")
    raw = _raw(name)
    if raw is None:
        known = ", ".join(known_profiles())
        raise ProfileError(f"unknown QAT device profile '{name}' (known: {known})")
    base = raw.get("base")
    out = _merged(base, (*chain, name)) if base else {}
    out.update({k: v for k, v in raw.items() if k != "base"})
    return out


def _number(name: str, key: str, raw: Mapping[str, str]) -> float:
    if key not in raw:
        raise ProfileError(f"QAT profile {name}: missing key {key}")
    try:
        value = float(raw[key])
    except ValueError:
        raise ProfileError(f"QAT profile {name}: {key} = {raw[key]!r} is not a number") from None
    if value < 0:
        raise ProfileError(f"QAT profile {name}: {key} must not be negative")
    return value


def _build(name: str, raw: Mapping[str, str]) -> Profile:
    nums = {k: _number(name, k, raw) for k in _NUMBERS}
    ints = ("endpoints", "acceleration_engines", "instances_per_process",
            "processes_per_device", "limit_dev_access", "asym_ring", "sym_ring",
            "pke_servers", "sym_servers")  # fmt: skip
    for key in ints:
        if nums[key] != int(nums[key]) or (nums[key] < 1 and key != "limit_dev_access"):
            raise ProfileError(f"QAT profile {name}: {key} must be a positive integer")
    for key in ("asym_ring", "sym_ring"):
        if int(nums[key]) not in _RING_SIZES:
            raise ProfileError(f"QAT profile {name}: {key} must be 64, 128, ... 65536")
    for key in ("service_jitter", "yield_user_fraction"):
        if nums[key] >= 1:
            raise ProfileError(f"QAT profile {name}: {key} must be below 1")
    config = raw.get("driver_config", "multi-process")
    if config not in ("multi-process", "multi-thread"):
        raise ProfileError(
            f"QAT profile {name}: driver_config must be multi-process or multi-thread"
        )
    service = {}
    for key in raw:
        if key.startswith(_SERVICE_PREFIXES) and key not in _NUMBERS:
            service[key] = _number(name, key, raw)
            if service[key] <= 0:
                raise ProfileError(f"QAT profile {name}: {key} must be positive")
    try:
        faults = parse_faults(raw.get("fault", ""))
    except ValueError as exc:
        raise ProfileError(f"QAT profile {name}: {exc}") from None
    sections = tuple(s.strip() for s in raw.get("sections", "SHIM").split(",") if s.strip())
    fields = {k: (int(v) if k in ints else v) for k, v in nums.items()}
    return Profile(
        name=name,
        description=raw.get("description", name),
        driver_config=config,
        sections=sections,
        service_us=service,
        faults=faults,
        **fields,  # type: ignore[arg-type]
    )
