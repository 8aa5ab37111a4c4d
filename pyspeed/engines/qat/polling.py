"""Finding responses: the polling modes of docs/qat-model.md §1.5, as part of `Simulation`.

* internal: the engine's poll thread wakes when a request is posted while none was in
  flight, polls every instance, sleeps the poll interval (stretched by the kernel's timer
  slack), and goes back to waiting once nothing is in flight;
* event: each response raises an interrupt; the epoll thread wakes after `irq` and polls;
* external: the application (pyspeed, like nginx's timer) calls POLL every
  `external_period` on its main thread, so polling competes with the jobs for the core;
* heuristic: the application polls when the requests in flight reach the threshold and
  whenever it has nothing else to do (all jobs waiting, or spinning on a full ring);
* inline: a synchronous RSA call busy-polls its own instance.

A synchronous caller waits spinning on sched_yield (mostly system time, the profile's
`yield_user_fraction` of it user time); an async job waits
paused and costs nothing until the main thread (blocked in select) is woken.
A synchronous run in external or heuristic mode is polled by an application thread on
the external timer, since its only thread is blocked in the call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyspeed.engines.qat.simconfig import (
    BUSYPOLL,
    COMPLETE,
    N_POLLS,
    N_SYS,
    N_USER,
    ON_DEVICE,
    POLL_PASS,
    READY,
    SPIN,
    TICK,
)

if TYPE_CHECKING:
    import random
    from collections import deque
    from collections.abc import Callable

    from pyspeed.engines.qat.simconfig import SimConfig


class PollingMixin:
    """Responses, pollers and job wake-ups for `Simulation` (which provides the rest)."""

    cfg: SimConfig
    rng: random.Random
    sync: bool
    inst_proc: list[int]
    ring_used: list[int]
    inflight: list[int]
    job_action: list[int]
    job_th: list[int]
    th_proc: list[int]
    wait_since: list[float]
    acct: list[list[float]]
    runq: list[deque[int]]
    ready: list[list[list]]
    tick_pending: list[bool]
    poll_free: list[float]
    poll_asleep: list[bool]
    proc_threads: list[list[int]]
    core: list[int]
    # provided by the other parts of Simulation
    push: Callable[..., None]
    slot_freed: Callable[..., None]
    start_chunk: Callable[..., None]
    start_poll: Callable[..., None]
    kick: Callable[..., None]
    close_interval: Callable[..., None]
    forget: Callable[..., None]

    def service_time(self) -> float:
        op = self.cfg.op
        return op.service * (1.0 + op.jitter * (2.0 * self.rng.random() - 1.0))

    def deliver(self, req: list, now: float) -> None:
        """A poll found the response: the slot frees and the job resumes."""
        j, inst = req[1], req[2]
        p = self.inst_proc[inst]
        self.ring_used[inst] -= 1
        self.inflight[p] -= 1
        self.slot_freed(p, now)
        self.job_action[j] = COMPLETE
        self.resume(j, now)

    def resume(self, j: int, now: float) -> None:
        """The job's operation is over (done or handed to software): it continues."""
        th = self.job_th[j]
        if self.sync:
            pc = self.cfg.poll
            acct = self.acct[self.th_proc[th]]
            waited = now - self.wait_since[j]
            if pc.mode == "inline":
                acct[N_USER] += waited  # busy-polling its own instance
                self.start_chunk(th, j, now)
            else:  # spinning on sched_yield: mostly in the kernel
                spun = waited + pc.yield_
                acct[N_USER] += spun * pc.yield_user_fraction
                acct[N_SYS] += spun * (1.0 - pc.yield_user_fraction)
                self.start_chunk(th, j, now + pc.yield_)
        else:
            self.runq[th].append(j)
            self.kick(th, now, woke=True)

    def on_ready(self, req: object, _b: object, now: float) -> None:
        assert isinstance(req, list)
        if req[5] != ON_DEVICE:
            return
        req[5] = READY
        self.forget(req)
        p = self.inst_proc[req[2]]
        pc = self.cfg.poll
        mode = pc.mode
        if mode == "inline" and self.sync:
            self.acct[p][N_POLLS] += 1
            self.deliver(req, now + pc.pass_cost)
            return
        self.ready[p].append(req)
        if mode == "event":
            if not self.tick_pending[p]:
                self.tick_pending[p] = True
                self.push(max(now + pc.irq, self.poll_free[p]), TICK, p)
        elif mode == "heuristic" and not self.sync:
            for th in self.proc_threads[p]:
                # idle, or spinning on a full ring (each pause re-checks the threshold)
                if self.core[th] in (BUSYPOLL, SPIN):
                    self.close_interval(th, now)
                    self.start_poll(th, now)
                    break

    def poller_submitted(self, p: int, now: float) -> None:
        mode = self.cfg.poll.mode
        if mode in ("event", "inline"):
            return
        if mode in ("external", "heuristic") and not self.sync:
            if mode == "external" and self.poll_asleep[p]:
                self.poll_asleep[p] = False
                self.push(now + self.cfg.poll.external_period, TICK, p)
            return
        if self.poll_asleep[p]:  # the poll thread waits on a semaphore while idle
            self.poll_asleep[p] = False
            self.push(now + self.cfg.poll.wake, TICK, p)

    def on_tick(self, p: object, _b: object, now: float) -> None:
        """A poller runs: the internal thread, the event thread, or the app's POLL timer."""
        assert isinstance(p, int)
        pc = self.cfg.poll
        acct = self.acct[p]
        if pc.mode in ("external", "heuristic") and not self.sync:
            th = self.proc_threads[p][0]  # the application's main thread polls
            q = self.runq[th]
            if not q or q[0] != POLL_PASS:
                q.appendleft(POLL_PASS)
            self.kick(th, now)
            if self.inflight[p]:
                self.push(now + pc.external_period, TICK, p)
            else:
                self.poll_asleep[p] = True
            return
        found, self.ready[p] = self.ready[p], []
        cost = pc.pass_cost + pc.per_response * len(found)
        acct[N_POLLS] += 1
        if pc.mode == "event":
            self.tick_pending[p] = False
            acct[N_SYS] += pc.event_cpu
            acct[N_USER] += pc.per_response * len(found)
            self.poll_free[p] = now + cost
        else:
            acct[N_USER] += cost
        done = now + cost
        for req in found:
            self.deliver(req, done)
        if pc.mode == "event":
            return
        period = pc.period if pc.mode == "internal" else pc.external_period
        if self.inflight[p]:
            self.push(done + period, TICK, p)
        else:
            self.poll_asleep[p] = True
