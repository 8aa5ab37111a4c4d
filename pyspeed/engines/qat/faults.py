"""Devices going offline: heartbeat detection, stuck requests, software fallback.

The engine's behaviour modelled here: docs/qat-model.md §1.9.

A fault `(endpoint, t1, t2)`: at t1 the endpoint stops answering. Requests it has not
finished, and requests posted to it until the failure is detected, are stuck in their
rings. Detection happens at the next heartbeat check (every `heartbeat` seconds of the
run: the internal poll thread's timer, or the application's HEARTBEAT_POLL), or at t2
when the device's reset completes, whichever is first. Then:

* with ENABLE_SW_FALLBACK every stuck request is redone in software by its job, and new
  requests skip instances on the device (running in software if no other device is up);
* without it every stuck request fails, and so does any later request to the device. As
  in openssl speed, a job whose operation fails ends its loop; the run goes on with the
  other jobs and the measurement carries the error.

At t2 the endpoint serves again. Software operations are run for real on this host (the
caller's `software()`), and the virtual clock advances by their measured duration: the
fallback's speed is this host's, by design, so fault runs are not bit-for-bit repeatable.
"""

from __future__ import annotations

import heapq
import math
from typing import TYPE_CHECKING

from pyspeed.engines.qat.simconfig import FAILED, N_FAIL, ON_DEVICE, READY_EVENT, STUCK, SW_REDO

if TYPE_CHECKING:
    from collections import deque
    from collections.abc import Callable

    from pyspeed.engines.qat.simconfig import SimConfig

_OFFLINE, _DETECT, _ONLINE = 0, 1, 2
_INF = float("inf")


class FaultMixin:
    """Endpoint state and instance choice for `Simulation` (which provides the rest)."""

    cfg: SimConfig
    sw: Callable[[], float] | None
    proc_insts: list[list[int]]
    inst_ep: list[int]
    inst_proc: list[int]
    ring_used: list[int]
    inflight: list[int]
    rr: list[int]
    servers: list[list[float]]
    blocked: list[deque[int]]
    job_th: list[int]
    th_proc: list[int]
    job_state: list[int]
    job_action: list[int]
    last_done: list[float]
    errors: list[str | None]
    acct: list[list[float]]
    skipped: float
    sync: bool
    sw_seconds: float
    # provided by the other parts of Simulation
    resume: Callable[..., None]
    slot_freed: Callable[..., None]
    service_time: Callable[..., float]
    push: Callable[..., None]

    def init_faults(self) -> None:
        cfg = self.cfg
        n = cfg.endpoints
        self.online = [True] * n
        self.detected = [False] * n
        self.stuck: list[list[list]] = [[] for _ in range(n)]
        self.track = bool(cfg.faults)
        self.dev_reqs: list[dict[int, list]] = [{} for _ in range(n)]
        self.rid = 0
        bounds = []
        for ep, t1, t2 in cfg.faults:
            if ep >= n:
                continue
            hb = cfg.heartbeat
            t_det = min(math.ceil(t1 / hb) * hb if hb > 0 else t1, t2)
            bounds += [(t1, _OFFLINE, ep), (t_det, _DETECT, ep), (t2, _ONLINE, ep)]
        self.bounds = sorted(bounds)
        self.bound_at = 0

    # -- the run loop's questions ---------------------------------------------------
    def next_boundary(self) -> float:
        """Modelled time (in the loop's frame) of the next fault transition, or inf."""
        if self.bound_at >= len(self.bounds):
            return _INF
        return self.bounds[self.bound_at][0] - self.skipped

    def waiting_on_faults(self, heap: list) -> bool:
        """Whether to process the next transition: events remain, or something waits on it."""
        return bool(heap) or any(self.stuck) or any(self.blocked)

    def steady(self) -> bool:
        return all(self.online) and not any(self.detected) and not any(self.stuck)

    def handle_boundary(self, now: float) -> None:
        _, kind, ep = self.bounds[self.bound_at]
        self.bound_at += 1
        if kind == _OFFLINE:
            self.online[ep] = False
            for rid, req in list(self.dev_reqs[ep].items()):
                if req[3] > now:  # not finished by the device: it never will be
                    req[5] = STUCK
                    self.stuck[ep].append(req)
                    del self.dev_reqs[ep][rid]
        elif kind == _DETECT:
            if not self.online[ep] and not self.detected[ep]:
                self.detected[ep] = True
                self._flush(ep, now)
        else:
            self._flush(ep, now)  # a reset ends whatever was still stuck
            self.online[ep] = True
            self.detected[ep] = False
            self.servers[ep] = [now] * len(self.servers[ep])

    def _flush(self, ep: int, now: float) -> None:
        stuck, self.stuck[ep] = self.stuck[ep], []
        freed = []
        for req in stuck:
            j, inst = req[1], req[2]
            p = self.inst_proc[inst]
            self.ring_used[inst] -= 1
            self.inflight[p] -= 1
            freed.append(p)
            if self.cfg.fallback:
                self.job_action[j] = SW_REDO
                self.resume(j, now)
            else:
                self.fail(j, now, "request lost: device went offline")
        for p in freed:
            self.slot_freed(p, now)

    # -- requests -------------------------------------------------------------------
    def choose_instance(self, th: int, p: int) -> int | None:
        """The next instance round robin (v0.5.x get_next_inst_num); with fallback,
        instances on devices known to be down are skipped. An async job's attempt takes
        the first of them with room (its quick pause/resume cycles find it)."""
        insts = self.proc_insts[p]
        n = len(insts)
        pinned = self.cfg.pinned_instance
        if pinned is not None:
            inst = insts[pinned % n]
            if self.cfg.fallback and self.detected[self.inst_ep[inst]]:
                return None
            return inst
        start = self.rr[th]
        first = None
        for k in range(n):
            inst = insts[(start + k) % n]
            if self.cfg.fallback and self.detected[self.inst_ep[inst]]:
                continue
            if first is None:
                first = inst
                self.rr[th] = (start + k + 1) % n
                if self.sync:
                    return inst
            if self.ring_used[inst] < self.cfg.ring:
                self.rr[th] = (start + k + 1) % n
                return inst
        return first

    def send(self, j: int, inst: int, now: float) -> None:
        """The request leaves the core: onto a server of its endpoint, or stuck if the
        endpoint is (undetectedly) down."""
        ep = self.inst_ep[inst]
        self.rid += 1
        if not self.online[ep]:
            self.stuck[ep].append([self.rid, j, inst, _INF, ep, STUCK])
            return
        op = self.cfg.op
        arrive = now + op.transport_in
        srv = self.servers[ep]
        start = srv[0] if srv[0] > arrive else arrive
        done = start + self.service_time()
        heapq.heapreplace(srv, done)
        req = [self.rid, j, inst, done, ep, ON_DEVICE]
        if self.track:
            self.dev_reqs[ep][self.rid] = req
        self.push(done + op.transport_out, READY_EVENT, req)

    def forget(self, req: list) -> None:
        if self.track:
            self.dev_reqs[req[4]].pop(req[0], None)

    def fail(self, j: int, now: float, reason: str) -> None:
        """The job's operation failed: counted, and its loop ends (openssl's count = -1)."""
        p = self.th_proc[self.job_th[j]]
        self.acct[p][N_FAIL] += 1
        self.job_state[j] = FAILED
        self.last_done[p] = max(self.last_done[p], now)
        if self.errors[p] is None:
            self.errors[p] = reason

    def run_software(self) -> float:
        """One real software operation on this host; its measured duration."""
        if self.sw is None:
            raise RuntimeError("software fallback requested but no software operation given")
        spent = self.sw()
        self.sw_seconds += spent
        return spent
