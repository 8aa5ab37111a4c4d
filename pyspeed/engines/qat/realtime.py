"""PYSPEED_REALTIME=1: the model delivering completions in wall-clock time.

The same device model (servers fed first-come first-served, transport latency, jittered
service times, ring depth) decides when each request is done, but nothing is simulated
ahead: async jobs are asyncio tasks that really pause on a future per request, and a
real polling thread (`time.sleep` between passes, so the host's timer slack applies)
completes the futures whose modelled response time has passed, through
`call_soon_threadsafe`, as the engine's poll thread wakes ASYNC_JOBs through their
eventfds. A full ring makes a job wait for a freed slot. Time is the host's, so the count
also reflects this host's Python overhead per operation; CPU time is the model's figure.

This is a demonstration of the model in real time, not a second model: it covers the
reporting process only, one submitting thread, without faults.
"""

from __future__ import annotations

import asyncio
import heapq
import random
import threading
import time
from collections import deque

from pyspeed.engines.qat.simconfig import SimConfig, SimResult


class _Realtime:
    def __init__(self, cfg: SimConfig) -> None:
        self.cfg = cfg
        self.rng = random.Random(cfg.seed)
        self.insts = list(cfg.instance_endpoints[cfg.worker])
        self.ring_used = [0] * len(self.insts)
        self.servers = {ep: [0.0] * cfg.servers for ep in set(self.insts)}
        self.responses: list[tuple[float, int, asyncio.Future[None], int]] = []
        self.lock = threading.Lock()
        self.waiting: deque[asyncio.Future[None]] = deque()
        self.seq = self.rr = self.count = self.resubmits = self.polls = self.peak = 0
        self.stop = threading.Event()
        self.t0 = 0.0

    def now(self) -> float:
        return time.perf_counter() - self.t0

    def _sleep(self) -> float:
        """What the polling thread sleeps between passes. The internal thread sleeps the
        poll interval, and the host's own timer slack stretches it, as on real hardware."""
        pc = self.cfg.poll
        if pc.mode in ("external", "heuristic"):
            return pc.external_period
        if pc.mode == "inline":
            return 0.0
        if pc.mode == "event":
            return pc.irq
        return pc.interval

    def poller(self, loop: asyncio.AbstractEventLoop) -> None:
        """The engine's polling thread: sleep, then complete what the device has done."""
        sleep = self._sleep()
        while not self.stop.is_set():
            time.sleep(sleep)
            now = self.now()
            found = []
            with self.lock:
                while self.responses and self.responses[0][0] <= now:
                    found.append(heapq.heappop(self.responses))
            self.polls += 1
            if found:
                loop.call_soon_threadsafe(self._deliver, found)

    def _deliver(self, found: list[tuple[float, int, asyncio.Future[None], int]]) -> None:
        for _, _, fut, inst in found:
            self.ring_used[inst] -= 1
            if self.waiting:
                waiter = self.waiting.popleft()
                if not waiter.done():
                    waiter.set_result(None)
            if not fut.done():
                fut.set_result(None)

    def _post(self, inst: int, fut: asyncio.Future[None]) -> None:
        op = self.cfg.op
        srv = self.servers[self.insts[inst]]
        with self.lock:
            arrive = self.now() + op.transport_in
            start = max(srv[0], arrive)
            done = start + op.service * (1 + op.jitter * (2 * self.rng.random() - 1))
            heapq.heapreplace(srv, done)
            self.seq += 1
            heapq.heappush(self.responses, (done + op.transport_out, self.seq, fut, inst))

    async def job(self, seconds: float) -> None:
        loop = asyncio.get_running_loop()
        while self.now() < seconds:
            inst = self.rr = (self.rr + 1) % len(self.insts)
            if self.cfg.pinned_instance is not None:
                inst = self.cfg.pinned_instance % len(self.insts)
            while self.ring_used[inst] >= self.cfg.ring:  # RETRY: pause, resubmit later
                self.resubmits += 1
                waiter = loop.create_future()
                self.waiting.append(waiter)
                await waiter
            self.ring_used[inst] += 1
            self.peak = max(self.peak, sum(self.ring_used))
            fut = loop.create_future()
            self._post(inst, fut)
            await fut
            self.count += 1

    async def main(self, seconds: float) -> float:
        loop = asyncio.get_running_loop()
        self.t0 = time.perf_counter()
        thread = threading.Thread(target=self.poller, args=(loop,), daemon=True)
        thread.start()
        try:
            await asyncio.gather(*(self.job(seconds) for _ in range(max(self.cfg.jobs, 1))))
        finally:
            wall = self.now()
            self.stop.set()
            thread.join()
        return wall


def run_realtime(cfg: SimConfig, seconds: float) -> SimResult:
    """Run the worker process's jobs for `seconds` of wall-clock time."""
    if cfg.faults:
        return _empty(seconds, "faults are modelled on the virtual clock only (PYSPEED_REALTIME 0)")
    rt = _Realtime(cfg)
    wall = asyncio.run(rt.main(seconds))
    op, pc = cfg.op, cfg.poll
    user = rt.count * (op.submit + op.complete + pc.per_response) + rt.polls * pc.pass_cost
    sys = max(wall - user, 0.0) if cfg.jobs == 0 and pc.mode != "inline" else 0.0
    return SimResult(
        count=rt.count, wall=wall, user=user, sys=sys, retries=0, resubmits=rt.resubmits,
        offloaded=rt.count, sw_fallback=0, sw_redone=0, failed=0, polls=rt.polls,
        peak_in_flight=rt.peak, error=None, simulated=wall, sw_seconds=0.0,
    )  # fmt: skip


def _empty(seconds: float, error: str) -> SimResult:
    return SimResult(0, seconds, 0.0, 0.0, 0, 0, 0, 0, 0, 0, 0, 0, error, 0.0, 0.0)
