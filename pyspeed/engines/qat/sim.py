"""The offload model: a discrete-event simulation of jobs, rings, devices and polling.

Per modelled process: submitting threads, each running `jobs` async jobs (openssl speed's
ASYNC_JOBs) or one synchronous call at a time on its own core; crypto instances with
request rings of the profile's depth; a poller per the polling mode. Endpoints (devices)
are pools of identical servers fed first-come first-served. A request's life:

    core: submit  -> transport_in -> queue + service on a server -> transport_out
    -> response in the ring -> found by a poll -> job runnable -> core: complete (+ submit)

A ring slot stays taken until its response is polled (adf counts in-flight messages so).
A full ring makes an async job pause and resubmit (spinning the core when nothing else is
runnable) and a synchronous call sleep `usleep(poll interval + retries % 8)` and retry,
failing after SET_MAX_RETRY_COUNT retries counted process-wide (v0.5.x code,
docs/qat-model.md §1.7).

Faults (`faults.py`) take endpoints offline; fallback operations run real software on
this host and advance the virtual clock by their measured duration.

Speed: after a warm-up, one steady-state window is measured and, where no fault or the
deadline is near, replicated as many whole times as fit (its counters added, the clock
shifted), then the rest is simulated exactly, including openssl's drain at the alarm.
Jitter comes from one seeded generator, so a seed gives the same numbers every time.
"""

from __future__ import annotations

import heapq
import random
from collections import deque
from collections.abc import Callable

from pyspeed.engines.qat.faults import FaultMixin
from pyspeed.engines.qat.polling import PollingMixin
from pyspeed.engines.qat.simconfig import (
    BUSYPOLL,
    COMPLETE,
    N_COUNT,
    N_FAIL,
    N_OFF,
    N_POLLS,
    N_REDO,
    N_RESUB,
    N_RETRY,
    N_SLOTS,
    N_SWFB,
    N_SYS,
    N_USER,
    POLL_PASS,
    SPIN,
    SW_NEW,
    SW_REDO,
    SimConfig,
    SimResult,
)

_CORE, _SYNC_RETRY = 0, 3  # event kinds (READY, TICK: simconfig)
_FIRST, _RETRY = 0, 2  # a job's next core chunk (COMPLETE, SW_REDO, SW_NEW: simconfig)
_WAIT, _BLOCKED, _RUNNING, _DONE = 0, 1, 2, 3  # job states (FAILED: simconfig)
_IDLE, _BUSY = 0, 1  # core states of an async thread (SPIN, BUSYPOLL: simconfig)
# fast-forward: warm-up, then a window of at least this long, this many completions and this
# many poller periods (responses arrive in bursts of one poll; 200 keep the error < 0.5%)
WARMUP, WINDOW, WINDOW_OPS, WINDOW_POLLS = 0.01, 0.02, 2000, 200


class Simulation(PollingMixin, FaultMixin):
    """Run one case of `seconds` modelled seconds: `Simulation(cfg, sw).run(seconds)`.

    `software()` performs one real software operation and returns its host duration; it
    is only called for fallback operations.
    """

    def __init__(self, cfg: SimConfig, software: Callable[[], float] | None = None) -> None:
        self.cfg = cfg
        self.sw = software
        self.rng = random.Random(cfg.seed)
        self.heap: list[tuple[float, int, int, object, object]] = []
        self.seq = 0
        self.sync = cfg.jobs == 0
        p_count = len(cfg.instance_endpoints)
        self.inst_ep: list[int] = []
        self.inst_proc: list[int] = []
        self.proc_insts: list[list[int]] = []
        for p, eps in enumerate(cfg.instance_endpoints):
            self.proc_insts.append(list(range(len(self.inst_ep), len(self.inst_ep) + len(eps))))
            self.inst_ep.extend(eps)
            self.inst_proc.extend([p] * len(eps))
        self.ring_used = [0] * len(self.inst_ep)
        self.servers = [[0.0] * cfg.servers for _ in range(cfg.endpoints)]
        self.acct = [[0.0] * N_SLOTS for _ in range(p_count)]
        self.inflight = [0] * p_count
        self.peak = [0] * p_count
        self.ready: list[list[list]] = [[] for _ in range(p_count)]
        self.poll_asleep = [True] * p_count
        self.tick_pending = [False] * p_count
        self.poll_free = [0.0] * p_count
        self.last_done = [0.0] * p_count
        self.errors: list[str | None] = [None] * p_count
        self.proc_threads: list[list[int]] = []
        self.th_proc: list[int] = []
        self.job_th: list[int] = []
        jobs_per_thread = max(cfg.jobs, 1)
        for p in range(p_count):
            ths = []
            for _ in range(cfg.threads):
                th = len(self.th_proc)
                self.th_proc.append(p)
                ths.append(th)
                self.job_th.extend([th] * jobs_per_thread)
            self.proc_threads.append(ths)
        n_th, n_jobs = len(self.th_proc), len(self.job_th)
        self.runq: list[deque[int]] = [deque() for _ in range(n_th)]
        self.blocked: list[deque[int]] = [deque() for _ in range(n_th)]
        self.core = [_IDLE] * n_th
        self.core_since = [0.0] * n_th
        self.rr = [0] * n_th
        self.job_action = [_FIRST] * n_jobs
        self.job_state = [_RUNNING] * n_jobs
        self.job_ending = [False] * n_jobs
        self.wait_since = [0.0] * n_jobs
        self.deadline = 0.0
        self.skipped = 0.0
        self.sw_seconds = 0.0
        self.init_faults()

    # -- event plumbing -------------------------------------------------------------
    def push(self, t: float, kind: int, a: object, b: object = None) -> None:
        self.seq += 1
        heapq.heappush(self.heap, (t, self.seq, kind, a, b))

    def run(self, seconds: float) -> SimResult:
        cfg = self.cfg
        self.deadline = seconds
        for th in range(len(self.th_proc)):
            jobs = [j for j in range(len(self.job_th)) if self.job_th[j] == th]
            if self.sync:
                self.start_chunk(th, jobs[0], 0.0)
            else:
                self.runq[th].extend(jobs)
                self.kick(th, 0.0)
        heap, pop = self.heap, heapq.heappop
        ff = cfg.fast_forward
        window = max(WINDOW, WINDOW_POLLS * self._poll_period())
        phase, regime_start, t0, snap = 0, 0.0, 0.0, None
        handlers = (self._core_end, self.on_ready, self.on_tick, self._sync_retry)
        now = 0.0
        n_events = 0
        while True:
            nb = self.next_boundary()
            if heap and heap[0][0] < nb:
                now, _, kind, a, b = pop(heap)
                handlers[kind](a, b, now)
            elif nb != float("inf") and self.waiting_on_faults(heap):
                now = nb
                self.handle_boundary(now)
                phase, regime_start = 0, now
                continue
            else:
                break
            n_events += 1
            if not ff or phase == 2 or n_events & 127:
                continue
            if phase == 0 and now - regime_start >= WARMUP:
                phase, t0, snap = 1, now, [a[:] for a in self.acct]
            elif phase == 1 and snap is not None:
                ops = sum(a[N_COUNT] for a in self.acct) - sum(s[N_COUNT] for s in snap)
                if now - t0 >= window and ops >= WINDOW_OPS:
                    if self._replicate(now, now - t0, snap):
                        phase = 2
                    else:  # not steady yet (fallback work still queued...): measure again
                        phase, t0, snap = 1, now, [a[:] for a in self.acct]
        self.close_open_intervals(now)
        return self._result(now)

    def _poll_period(self) -> float:
        """The longest regular gap between polls in this configuration."""
        pc = self.cfg.poll
        if pc.mode == "external" or (self.sync and pc.mode == "heuristic"):
            return pc.external_period
        return pc.period if pc.mode == "internal" else 0.0

    def _replicate(self, now: float, width: float, snap: list[list[float]]) -> bool:
        """Add k copies of the last window, k whole windows fitting before the next fault or
        one window before the deadline; the clock's offset `skipped` grows by k windows.

        Only a window of pure offload is replicated: none while a device is down, none
        with software or failed operations in it (those run for real, one by one).
        False: the window was not steady, measure another.
        """
        mixed = any(
            a[N_SWFB] != s[N_SWFB] or a[N_FAIL] != s[N_FAIL]
            for a, s in zip(self.acct, snap, strict=True)
        )
        if mixed or not self.steady():
            return False
        limit = min(self.deadline, self.next_boundary()) - now - width
        k = int(limit // width)
        if k < 1:
            return True
        for acct, before in zip(self.acct, snap, strict=True):
            for i in range(len(acct)):
                acct[i] += k * (acct[i] - before[i])
        self.skipped += k * width
        self.deadline -= k * width
        return True

    def _result(self, now: float) -> SimResult:
        w = self.cfg.worker
        a = self.acct[w]
        return SimResult(
            count=int(a[N_COUNT]),
            wall=self.last_done[w] + self.skipped,
            user=a[N_USER],
            sys=a[N_SYS],
            retries=int(a[N_RETRY]),
            resubmits=round(a[N_RESUB]),
            offloaded=int(a[N_OFF]),
            sw_fallback=int(a[N_SWFB]),
            sw_redone=int(a[N_REDO]),
            failed=int(a[N_FAIL]),
            polls=int(a[N_POLLS]),
            peak_in_flight=self.peak[w],
            error=self.errors[w],
            simulated=now,
            sw_seconds=self.sw_seconds,
        )

    # -- cores ----------------------------------------------------------------------
    def kick(self, th: int, now: float, woke: bool = False) -> None:
        """Give an async thread's core its next chunk, or let it spin, busy-poll or sleep."""
        state = self.core[th]
        if state == _BUSY:
            return
        q = self.runq[th]
        p = self.th_proc[th]
        if not q:
            if state == _IDLE:
                if self.blocked[th]:
                    self.core[th], self.core_since[th] = SPIN, now
                elif self.cfg.poll.mode == "heuristic" and self.inflight[p]:
                    self.core[th], self.core_since[th] = BUSYPOLL, now
            return
        start = now
        if state in (SPIN, BUSYPOLL):
            self.close_interval(th, now)
        elif woke:
            start = now + self.cfg.poll.wake  # the main thread was blocked in select()
        j = q.popleft()
        if j == POLL_PASS:
            self.start_poll(th, start)
        else:
            self.start_chunk(th, j, start)

    def close_interval(self, th: int, now: float) -> None:
        """End a spin (ring full: jobs resubmitting) or busy-poll stretch; its CPU is user."""
        acct = self.acct[self.th_proc[th]]
        spent = now - self.core_since[th]
        acct[N_USER] += spent
        if self.core[th] == SPIN:
            acct[N_RESUB] += spent / self.cfg.op.retry
        self.core[th] = _IDLE

    def start_chunk(self, th: int, j: int, t: float) -> None:
        op = self.cfg.op
        action = self.job_action[j]
        cost = 0.0
        if action == COMPLETE:
            cost = op.complete
        elif action == _RETRY:
            cost = op.retry
        elif action in (SW_REDO, SW_NEW):
            cost = self.run_software() + (op.complete if action == SW_REDO else 0.0)
        ending = action != _RETRY and t >= self.deadline
        if not ending and action != _RETRY:
            cost += op.submit
        self.job_ending[j] = ending
        self.job_state[j] = _RUNNING
        self.core[th] = _BUSY
        self.acct[self.th_proc[th]][N_USER] += cost
        self.push(t + cost, _CORE, th, j)

    def start_poll(self, th: int, t: float) -> None:
        p = self.th_proc[th]
        found, self.ready[p] = self.ready[p], []
        pc = self.cfg.poll
        cost = pc.pass_cost + pc.per_response * len(found)
        self.acct[p][N_USER] += cost
        self.acct[p][N_POLLS] += 1
        self.core[th] = _BUSY
        self.push(t + cost, _CORE, th, found)

    def _core_end(self, th: object, j: object, now: float) -> None:
        assert isinstance(th, int)
        p = self.th_proc[th]
        if isinstance(j, list):  # a poll pass on this core
            self.core[th] = _IDLE
            for req in j:
                self.deliver(req, now)
            self.kick(th, now)
            return
        assert isinstance(j, int)
        acct = self.acct[p]
        action = self.job_action[j]
        if action in (COMPLETE, SW_REDO, SW_NEW):
            acct[N_COUNT] += 1
            acct[N_OFF if action == COMPLETE else N_SWFB] += 1
            if action == SW_REDO:
                acct[N_REDO] += 1
        if not self.sync:
            self.core[th] = _IDLE
        if self.job_ending[j]:
            self.job_state[j] = _DONE
            self.last_done[p] = now
        else:
            self._submit(j, now)
        if not self.sync:
            mode = self.cfg.poll.mode
            if mode == "heuristic" and self.inflight[p] >= self.cfg.poll.heuristic_threshold:
                q = self.runq[th]
                if not q or q[0] != POLL_PASS:
                    q.appendleft(POLL_PASS)
            self.kick(th, now)

    # -- submission -----------------------------------------------------------------
    def _submit(self, j: int, now: float) -> None:
        th = self.job_th[j]
        p = self.th_proc[th]
        inst = self.choose_instance(th, p)
        if inst is None or self.detected[self.inst_ep[inst]]:
            # every instance is on a device known to be down (fallback skips those)
            if self.cfg.fallback:
                self.job_action[j] = SW_NEW
                self._runnable(j, now)
            else:
                self.fail(j, now, "request to a device that is down")
            return
        if self.ring_used[inst] >= self.cfg.ring:
            self._ring_full(j, th, p, now)
            return
        self.ring_used[inst] += 1
        self.inflight[p] += 1
        if self.inflight[p] > self.peak[p]:
            self.peak[p] = self.inflight[p]
        self.job_state[j] = _WAIT
        self.wait_since[j] = now
        self.send(j, inst, now)
        self.poller_submitted(p, now)

    def _ring_full(self, j: int, th: int, p: int, now: float) -> None:
        if self.sync:
            backoff = self.cfg.poll.retry_sleep_base
            retries = self.cfg.retries_before + int(self.acct[p][N_RETRY])
            self.job_state[j] = _WAIT
            self.push(now + backoff + (retries % 8) * 1e-6, _SYNC_RETRY, j)
            return
        self.acct[p][N_RESUB] += 1
        self.job_state[j] = _BLOCKED
        self.blocked[th].append(j)

    def _sync_retry(self, j: object, _b: object, now: float) -> None:
        assert isinstance(j, int)
        p = self.th_proc[self.job_th[j]]
        acct = self.acct[p]
        acct[N_RETRY] += 1
        total = self.cfg.retries_before + int(acct[N_RETRY])
        if self.cfg.max_retry != -1 and total >= self.cfg.max_retry:
            self.fail(j, now, f"No. of retries exceeded max retry : {self.cfg.max_retry}")
            return
        self.job_action[j] = _RETRY
        self.start_chunk(self.job_th[j], j, now)

    def _runnable(self, j: int, now: float) -> None:
        th = self.job_th[j]
        if self.sync:
            self.start_chunk(th, j, now)
        else:
            self.runq[th].append(j)
            self.kick(th, now)

    def close_open_intervals(self, now: float) -> None:
        for th, state in enumerate(self.core):
            if state in (SPIN, BUSYPOLL):
                self.close_interval(th, now)

    def slot_freed(self, p: int, now: float) -> None:
        """A ring slot of process p came free: one blocked job gets to retry first."""
        for th in self.proc_threads[p]:
            if self.blocked[th]:
                j = self.blocked[th].popleft()
                self.job_action[j] = _RETRY
                self.runq[th].appendleft(j)
                self.kick(th, now)
                return
