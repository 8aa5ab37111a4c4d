"""Running a plan: unsupported cases, openssl's early stop, interrupts."""

from __future__ import annotations

import time

from pyspeed.algos.cases import SelectOptions, plan, select
from pyspeed.model import (
    Case,
    CaseOptions,
    Listener,
    Operation,
    PkeyAlgo,
    PkeyCase,
    Result,
    SymAlgo,
    Unsupported,
)

from support.runs import run_cases


class FakeEngine:
    id = "fake"
    name = "Fake engine for tests"

    def __init__(self, slow: set[str] = frozenset(), unsupported: set[str] = frozenset(),
                 interrupt_at: str | None = None) -> None:
        self.slow, self.unsupported_words, self.interrupt_at = slow, unsupported, interrupt_at
        self.prepared: list[str] = []

    def check(self, algo: SymAlgo | PkeyAlgo) -> None:
        pass

    def prepare(self, case: Case, options: CaseOptions) -> Operation:
        word = case.algo.word
        self.prepared.append(case.key)
        if word in self.unsupported_words:
            raise Unsupported(f"{word} is not here")
        if word == self.interrupt_at:
            def interrupt() -> None:
                raise KeyboardInterrupt
            return Operation(interrupt)
        if isinstance(case, PkeyCase) and word in self.slow and case.op in ("sign", "derive"):
            return Operation(time.sleep, (case.seconds * 1.5,), "sleepy")
        return Operation(len, (b"x",), "fast")


class Recorder(Listener):
    def __init__(self) -> None:
        self.events: list[str] = []

    def started(self, case: Case, worker: int = 0) -> None:
        self.events.append(f"start {case.key}")

    def finished(self, result: Result) -> None:
        self.events.append(f"end {result.case.key}")

    def unsupported(self, engine: str, name: str, reason: str) -> None:
        self.events.append(f"unsupported {name}: {reason}")


def _cases(words: list[str]) -> list[Case]:
    return plan(select(words, SelectOptions(bytes=16)), 0.02)


def test_unsupported_is_reported_once_and_the_run_goes_on() -> None:
    eng, rec = FakeEngine(unsupported={"ecdsap256"}), Recorder()
    out = run_cases(_cases(["ecdsap256", "ecdsap384"]), eng, CaseOptions(), rec)
    assert rec.events == [
        "unsupported ecdsap256: ecdsap256 is not here",
        "start ecdsap384/sign", "end ecdsap384/sign",
        "start ecdsap384/verify", "end ecdsap384/verify",
    ]
    assert out.unsupported == {"ecdsap256": "ecdsap256 is not here"}
    assert [r.case.key for r in out.results] == ["ecdsap384/sign", "ecdsap384/verify"]


def test_early_stop_drops_the_row_and_the_rest_of_the_family() -> None:
    eng, rec = FakeEngine(slow={"rsa2048"}), Recorder()
    out = run_cases(_cases(["rsa1024", "rsa2048", "rsa4096", "ed25519"]), eng, CaseOptions(), rec)
    ran = [r.case.key for r in out.results]
    # rsa2048's verify still runs (openssl decides after the pair), rsa4096 never does
    assert ran == ["rsa1024/sign", "rsa1024/verify", "rsa2048/sign", "rsa2048/verify",
                   "ed25519/sign", "ed25519/verify"]
    assert out.dropped == {"rsa2048"}


def test_interrupt_keeps_what_was_measured() -> None:
    eng, rec = FakeEngine(interrupt_at="rsa2048"), Recorder()
    out = run_cases(_cases(["sha1", "rsa1024", "rsa2048", "rsa4096"]), eng, CaseOptions(), rec)
    assert out.interrupted
    assert [r.case.key for r in out.results] == ["sha1/16", "rsa1024/sign", "rsa1024/verify"]
    assert "rsa4096/sign" not in eng.prepared


def test_results_carry_engine_and_implementation() -> None:
    out = run_cases(_cases(["sha1"]), FakeEngine(), CaseOptions(), Recorder())
    (r,) = out.results
    assert (r.engine, r.implementation) == ("fake", "fast")
    assert r.measurement.count > 0
