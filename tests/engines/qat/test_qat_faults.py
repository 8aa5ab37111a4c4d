"""Heartbeat failures with and without software fallback; sync retries; realtime mode."""

from __future__ import annotations

from dataclasses import replace

from pyspeed.engines.qat.sim import Simulation
from pyspeed.engines.qat.simconfig import OpCosts, PollCosts, SimConfig

from support.qat import counters, engine, measure, rate

FAULT = ("PYSPEED_FAULT", "0:0.4:0.6")  # device 0 offline from 0.4 s to 0.6 s
HEARTBEAT = ("PYSPEED_HEARTBEAT_INTERVAL", "100")


def test_fallback_loses_no_operation_async() -> None:
    e = engine("c62x", FAULT, HEARTBEAT, ("ENABLE_SW_FALLBACK", None))
    m = measure(e, "rsa2048", jobs=72, seconds=1.0)
    c = counters(m)
    assert m.error is None and c["failed_ops"] == 0
    assert c["sw_fallback_ops"] > 0 and c["offloaded_ops"] > 0
    assert m.count == c["offloaded_ops"] + c["sw_fallback_ops"]
    assert 50 <= c["sw_redone_inflight_ops"] <= 64  # the requests in flight at the failure
    assert c["host_sw_seconds"] > 0.1  # the offline 0.2 s ran real software on this host
    assert 0.99 < m.wall < 1.01
    assert e.counters.sw_fallback_ops == c["sw_fallback_ops"]


def test_fallback_loses_no_operation_sync() -> None:
    e = engine("c62x", FAULT, HEARTBEAT, ("ENABLE_SW_FALLBACK", None))
    m = measure(e, "rsa2048", seconds=1.0)
    c = counters(m)
    assert m.error is None and c["failed_ops"] == 0 and c["sw_fallback_ops"] > 0
    assert m.count == c["offloaded_ops"] + c["sw_fallback_ops"]


def test_without_fallback_failures_are_reported_and_the_run_ends() -> None:
    e = engine("c62x", FAULT, HEARTBEAT)
    m = measure(e, "rsa2048", jobs=72, seconds=1.0)
    c = counters(m)
    assert c["failed_ops"] == 72  # every job's operation failed: openssl's loops end
    assert c["sw_fallback_ops"] == 0
    assert m.error is not None and "72 operation(s) failed" in m.error
    assert "no ENABLE_SW_FALLBACK" in m.error
    assert abs(m.wall - 0.4) < 0.01  # detected at the heartbeat check at 0.4 s
    assert m.count == c["offloaded_ops"] > 0
    assert e.counters.failed_ops == 72


def test_detection_waits_for_the_heartbeat_check() -> None:
    e = engine("c62x", ("PYSPEED_FAULT", "0:0.41:0.9"), HEARTBEAT)
    m = measure(e, "rsa2048", jobs=8, seconds=1.0)
    assert abs(m.wall - 0.5) < 0.01  # stuck from 0.41 s until the check at 0.5 s


def test_fault_on_one_of_three_devices_hits_only_its_processes() -> None:
    e = engine("8970", ("PYSPEED_FAULT", "1:0.2:0.3"), HEARTBEAT, ("ENABLE_SW_FALLBACK", None))
    m = measure(e, "rsa2048", jobs=72, seconds=1.0, multi=3, worker=1)
    assert counters(m)["sw_fallback_ops"] > 0 and m.error is None
    other = measure(e, "rsa2048", jobs=72, seconds=1.0, multi=3, worker=0)
    assert counters(other)["sw_fallback_ops"] == 0  # device 0 never failed


def _sync_threads(threads: int, max_retry: int, retries_before: int = 0) -> SimConfig:
    us = 1e-6
    op = OpCosts(514 * us, 0.05, 14 * us, 14 * us, 5 * us, 3 * us, 1 * us)
    poll = PollCosts("internal", 10 * us, 60 * us, 1 * us, 0.3 * us, 5 * us, 2 * us, 0.3,
                     15 * us, 3 * us, 1000 * us, 48, 10_000 * us)  # fmt: skip
    return SimConfig(op, poll, endpoints=1, servers=18, ring=64, instance_endpoints=((0,),),
                     jobs=0, threads=threads, max_retry=max_retry,
                     retries_before=retries_before)  # fmt: skip


def test_sync_ring_full_retries_then_fails_after_max_retry_count() -> None:
    # 80 synchronous threads share one 64-deep ring: 16 get CPA_STATUS_RETRY
    ok = Simulation(_sync_threads(80, -1)).run(0.5)
    assert ok.retries > 0 and ok.failed == 0
    limited = Simulation(_sync_threads(80, 5)).run(0.5)
    assert limited.retries >= 5  # the process-wide counter reaches the limit ...
    assert limited.failed >= 1  # ... and a call whose retry finds it there fails
    assert limited.error == "No. of retries exceeded max retry : 5"
    assert Simulation(_sync_threads(80, 5, retries_before=5)).run(0.5).failed >= 16


def test_engine_retry_counter_feeds_get_num_op_retries() -> None:
    e = engine()
    assert e.num_op_retries() == 0
    e.counters.op_retries = 3  # e.g. from earlier runs
    e.ctrl_cmd_string("GET_NUM_OP_RETRIES", None)
    assert e.ctrl_values["GET_NUM_OP_RETRIES"] == 3
    e.finish()
    assert e.num_op_retries() == 0


def test_realtime_mode_delivers_in_wall_clock_time() -> None:
    import time

    e = engine("c62x", ("PYSPEED_REALTIME", "1"))
    t0 = time.perf_counter()
    m = measure(e, "rsa2048", jobs=4, seconds=0.3)
    took = time.perf_counter() - t0
    assert 0.29 < m.wall < 0.6 and took >= 0.29
    assert m.modelled and counters(m)["realtime"] == 1.0
    assert 0.5 * 4 * 1700 < rate(m) < 1.1 * 4 * 1750  # ~4 x the sync rate, minus Python


def test_realtime_refuses_faults_cleanly() -> None:
    e = engine("c62x", ("PYSPEED_REALTIME", "1"), FAULT)
    m = measure(e, "rsa2048", seconds=0.1)
    assert m.count == 0 and m.error is not None and "virtual clock" in m.error


def test_replication_never_crosses_a_fault() -> None:
    e = engine("c62x", ("PYSPEED_FAULT", "0:5:5.2"), ("ENABLE_SW_FALLBACK", None), HEARTBEAT)
    m = measure(e, "rsa2048", jobs=72, seconds=10.0)
    c = counters(m)
    assert c["sw_redone_inflight_ops"] > 0 and c["failed_ops"] == 0
    # replaying the same case without the fault: the same offload rate outside the window
    plain = measure(engine(), "rsa2048", jobs=72, seconds=10.0)
    assert abs(c["offloaded_ops"] / 9.8 - rate(plain)) / rate(plain) < 0.02


def test_faults_with_fast_forward_off_agree() -> None:
    e = engine("c62x", FAULT, HEARTBEAT)
    from pyspeed.engines.qat.offload import Plan
    from pyspeed.engines.qat.operation import sim_config
    from pyspeed.model import CaseOptions

    assert e.profile is not None
    cfg = sim_config(e, e.profile, Plan(True, "asym", "rsa2048_sign"), CaseOptions(async_jobs=8))
    a, b = Simulation(cfg).run(1.0), Simulation(replace(cfg, fast_forward=False)).run(1.0)
    assert a.failed == b.failed == 8 and abs(a.count - b.count) / b.count < 0.01
