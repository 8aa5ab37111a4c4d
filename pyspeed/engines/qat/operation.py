"""One case, ready to run: the model's Operation (self-measuring) or the software path.

Offloaded cases get a self-measuring Operation whose `measure(seconds)` runs the
simulation and returns a modelled Measurement (wall = modelled elapsed, user/sys =
modelled CPU of the reporting process), and whose `fn()` hands out one real result of the case (see
`result_pool.py`; `pool_of(op)` gives the pool, to verify results).

Cases the engine runs in software itself (records at or below the small-packet threshold,
RSA/DH sizes outside the hardware range, DISABLE_QAT_OFFLOAD) are not modelled at all:
they run the software engine's operation for real on this host, in the runner's timed
loop, and their Measurement is marked not modelled, with a counter that says why. That
is the honest number: it is what the engine's software path costs here.

Operations that fall back to software while a simulated device is offline cost what
OpenSSL's own code costs on this host: a native binary's per-operation time for the case
(measured once), or, without one, each is run and timed in Python and the notes say so.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from typing import Protocol

from pyspeed.engines.native import NativeEngine
from pyspeed.engines.qat.offload import Plan
from pyspeed.engines.qat.profiles import Profile
from pyspeed.engines.qat.result_pool import ResultPool, pool_for
from pyspeed.engines.qat.settings import Counters, Settings
from pyspeed.engines.qat.sim import Simulation
from pyspeed.engines.qat.simconfig import OpCosts, PollCosts, SimConfig, SimResult
from pyspeed.model import Case, CaseOptions, Measurement, Operation, PkeyCase, Unsupported
from pyspeed.timing import measure


class QatState(Protocol):
    """What an operation needs of the qat engine that built it (pyspeed.engines.qat.engine
    imports this module, so the engine is described here, not imported)."""

    profile: Profile | None
    settings: Settings
    counters: Counters

    def faults(self, profile: Profile) -> tuple[tuple[int, float, float], ...]: ...


US = 1e-6
HEURISTIC_THRESHOLD = {"asym": 48, "sym": 24}  # asynch_mode_nginx defaults (docs/qat-model.md §1.5)


def build_operation(engine: QatState, case: Case, options: CaseOptions, plan: Plan) -> Operation:

    profile = engine.profile
    assert profile is not None
    if isinstance(case, PkeyCase) and case.algo.family == "rsa" and options.primes > 2:
        raise Unsupported(
            "the modelled engine offloads 2-prime RSA keys only, and cryptography "
            "cannot make multi-prime ones (-primes N)"
        )
    if not plan.offload:
        return _software_inside(engine, *_host_software(engine, case, options), plan)
    if plan.service_key != "sym" and profile.service(plan.service_key) is None:
        raise Unsupported(f"QAT profile {profile.name} has no service time {plan.service_key}")
    pool = pool_for(case)
    mode = engine.settings.polling_mode()
    notes = [
        f"modelled: device profile {profile.name} ({profile.description}), "
        f"{mode} polling, results are real and precomputed"
    ]
    fallback: Callable[[], float] | None = None
    if engine.faults(profile) and engine.settings.sw_fallback:
        software, native = _host_software(engine, case, options)
        fallback = _fallback_cost(software, case, options)
        notes.append("fallback operations run in software on this host, timed for real "
                     + (f"by {software.implementation} (its per-operation time, measured "
                        "once)" if native else f"(Python-bound: {software.implementation})"))

    def simulate(seconds: float) -> Measurement:
        return _simulate(engine, profile, case, options, plan, pool, fallback, seconds)

    return Operation(
        pool.take,
        (),
        implementation=f"QAT model, profile {profile.name} (modelled)",
        notes=tuple(notes),
        measure=simulate,
    )


def pool_of(op: Operation) -> ResultPool:
    """The real results behind a modelled operation (for verification)."""
    pool = getattr(op.fn, "__self__", None)
    if not isinstance(pool, ResultPool):
        raise TypeError("not a modelled QAT operation")
    return pool


def _host_software(engine: QatState, case: Case, options: CaseOptions
                   ) -> tuple[Operation, bool]:
    """The engine's software work on this host. The real engine runs OpenSSL's own code
    there, so a native openssl binary times it when there is one (PYSPEED_SOFTWARE_PATH
    native, the default); else the software engine does, and the rows say they are
    Python-bound (a call into cryptography costs what OpenSSL's code does not)."""
    from pyspeed.engines.software import SoftwareEngine

    if engine.settings.software_path == "native":
        native = _native_binary()
        if native is not None:
            try:
                return native.prepare(case, options), True
            except Unsupported:
                pass
    return SoftwareEngine().prepare(case, options), False


@cache
def _native_binary() -> NativeEngine | None:
    native = NativeEngine()
    return native if native.try_init() else None


def _software_inside(engine: QatState, sw: Operation, native: bool, plan: Plan) -> Operation:
    def simulate(seconds: float) -> Measurement:
        m = measure(sw, seconds)
        engine.counters.add(plan.counter, m.count)
        return replace(m, modelled=False,
                       counters=(*m.counters, (plan.counter, float(m.count))))

    how = "run by" if native else "Python-bound:"
    return replace(
        sw,
        implementation=f"software inside the qat engine, {how} {sw.implementation}",
        notes=(plan.reason, *sw.notes),
        measure=simulate,
    )


def sim_config(engine: QatState, profile: Profile, plan: Plan, options: CaseOptions) -> SimConfig:
    """The simulation of one case from the profile, the plan and the engine's settings."""
    s = engine.settings
    if plan.op_class == "sym":
        service = profile.sym_op_us + plan.record_len * profile.sym_ns_per_byte / 1000
        transport = profile.sym_transport_us + 2 * plan.record_len * profile.dma_ns_per_byte / 1000
        submit, complete = profile.sym_submit_us, profile.sym_complete_us
        servers, ring = profile.sym_servers, profile.sym_ring
    else:
        service = profile.service_us[plan.service_key]
        transport = profile.transport_us
        submit, complete = profile.asym_submit_us, profile.asym_complete_us
        servers, ring = profile.pke_servers, profile.asym_ring
    op = OpCosts(
        service=service * US, jitter=profile.service_jitter,
        transport_in=transport / 2 * US, transport_out=transport / 2 * US,
        submit=submit * US, complete=complete * US, retry=profile.retry_us * US,
    )  # fmt: skip
    poll = PollCosts(
        mode=s.polling_mode(),
        interval=s.poll_interval_ns * 1e-9,
        period=(s.poll_interval_ns / 1000 + profile.timer_slack_us) * US,
        pass_cost=profile.poll_pass_us * US,
        per_response=profile.poll_response_us * US,
        wake=profile.wake_us * US,
        yield_=profile.yield_us * US,
        yield_user_fraction=profile.yield_user_fraction,
        irq=profile.irq_latency_us * US,
        event_cpu=profile.event_cpu_us * US,
        external_period=s.external_poll_us * US,
        heuristic_threshold=HEURISTIC_THRESHOLD[plan.op_class],
        # usleep() of the ns value (docs/qat-model.md §1.7)
        retry_sleep_base=s.poll_interval_ns * US,
    )
    processes = min(_multi(options), profile.process_slots())
    heartbeat = (s.heartbeat_ms if s.heartbeat_ms is not None else profile.heartbeat_ms) / 1000
    return SimConfig(
        op=op, poll=poll, endpoints=profile.endpoints, servers=servers, ring=ring,
        instance_endpoints=tuple(tuple(profile.instance_endpoints(p)) for p in range(processes)),
        jobs=max(options.async_jobs, 0), worker=_worker(options),
        pinned_instance=s.instance_for_thread, max_retry=s.max_retry,
        retries_before=engine.counters.op_retries, fallback=s.sw_fallback,
        faults=engine.faults(profile), heartbeat=heartbeat, seed=s.seed,
    )  # fmt: skip


def _multi(options: CaseOptions) -> int:
    """`-multi N`: worker processes sharing the card (0, no -multi, is one process)."""
    return max(options.multi, 1)


def _worker(options: CaseOptions) -> int:
    return max(options.worker, 0)


def _unusable(engine: QatState, profile: Profile, case: Case, options: CaseOptions) -> str | None:
    """Why this run cannot produce completions at all, as the real engine would not."""
    mode = engine.settings.polling_mode()
    rsa = isinstance(case, PkeyCase) and case.algo.family == "rsa"
    if mode == "inline" and (options.async_jobs > 0 or not rsa):
        return (
            "inline polling polls synchronous RSA requests only: nothing polls these "
            "requests (the real engine would wait for them forever)"
        )
    if _worker(options) >= profile.process_slots():
        return (
            f"icp sal userstart fail: profile {profile.name} ({profile.driver_config} "
            f"driver config) has {profile.process_slots()} process slots"
        )
    return None


def _simulate(
    engine: QatState, profile: Profile, case: Case, options: CaseOptions, plan: Plan,
    pool: ResultPool, fallback: Callable[[], float] | None, seconds: float,
) -> Measurement:  # fmt: skip
    problem = _unusable(engine, profile, case, options)
    if problem is not None:
        return Measurement(0, seconds, 0.0, 0.0, error=problem, modelled=True)
    cfg = sim_config(engine, profile, plan, options)
    if engine.settings.realtime:
        from pyspeed.engines.qat.realtime import run_realtime

        res = run_realtime(cfg, seconds)
    else:
        res = Simulation(cfg, fallback).run(seconds)
    _record(engine, plan, res)
    pool.completed(res.offloaded)
    return Measurement(
        count=res.count, wall=res.wall, user=res.user, sys=res.sys,
        error=_error(res, engine), modelled=True, counters=_counters(res, engine),
    )  # fmt: skip


def _fallback_cost(op: Operation, case: Case, options: CaseOptions) -> Callable[[], float]:
    """What one fallback operation costs on this host. The real engine's fallback runs
    OpenSSL's own code: with a native binary (a self-measuring operation) that is its
    per-operation time, measured once for the case (openssl's divisor over its count);
    if that run fails, or in Python, each fallback operation is run and timed."""
    if op.measure is None:
        return _timer(op)
    cost: list[Callable[[], float]] = []

    def native_cost() -> float:
        if not cost:
            assert op.measure is not None
            m = op.measure(1.0)
            spent = dict(m.counters).get("openssl_seconds", 0.0)
            if m.error is None and m.count > 0 and spent > 0:
                cost.append(lambda: spent / m.count)
            else:  # the binary could not run it: Python's cost, as without a binary
                from pyspeed.engines.software import SoftwareEngine

                cost.append(_timer(SoftwareEngine().prepare(case, options)))
        return cost[0]()

    return native_cost


def _timer(op: Operation) -> Callable[[], float]:
    """One real software operation, timed: what a fallback costs on this host."""
    fn, args, clock = op.fn, op.args, time.perf_counter

    def timed() -> float:
        t0 = clock()
        fn(*args)
        return clock() - t0

    return timed


def _record(engine: QatState, plan: Plan, res: SimResult) -> None:
    c = engine.counters
    c.op_retries += res.retries
    c.async_resubmits += res.resubmits
    c.offloaded_ops += res.offloaded
    c.sw_fallback_ops += res.sw_fallback
    c.failed_ops += res.failed
    c.polls += res.polls
    kind = "cipher" if plan.op_class == "sym" else "asym"
    c.peak_in_flight[kind] = max(c.peak_in_flight.get(kind, 0), res.peak_in_flight)


def _error(res: SimResult, engine: QatState) -> str | None:
    if not res.failed:
        return res.error
    why = res.error or "request failed"
    tail = "" if engine.settings.sw_fallback else " (no ENABLE_SW_FALLBACK)"
    return f"{res.failed} operation(s) failed: {why}{tail}"


def _counters(res: SimResult, engine: QatState) -> tuple[tuple[str, float], ...]:
    out = [
        ("offloaded_ops", float(res.offloaded)),
        ("sw_fallback_ops", float(res.sw_fallback)),
        ("sw_redone_inflight_ops", float(res.sw_redone)),
        ("failed_ops", float(res.failed)),
        ("retries", float(res.retries)),
        ("async_resubmits", float(res.resubmits)),
        ("polls", float(res.polls)),
        ("peak_in_flight", float(res.peak_in_flight)),
    ]
    if res.sw_seconds:
        out.append(("host_sw_seconds", res.sw_seconds))
    if engine.settings.realtime:
        out.append(("realtime", 1.0))
    return tuple(out)
