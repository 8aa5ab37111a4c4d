"""openssl 3.5's stop rule: which operation's count ends a table (apps/speed.c 3.5:
`op_count` is set by RSA's sign, encrypt and decrypt, by DSA, ECDSA, EdDSA and SM2's
sign, and by the KEM and signature loops' every operation; the last one set is checked)."""

from __future__ import annotations

import time

import pytest

from pyspeed.algos.cases import SelectOptions, plan, select
from pyspeed.model import Case, CaseOptions, Listener, Operation, PkeyAlgo, SymAlgo

from support.runs import run_cases


class SlowOp:
    """Every case is fast except `slow` operations of `word`, which take longer than
    the test's time: at most one run of them fits."""

    id = "fake"
    name = "Fake engine for tests"

    def __init__(self, word: str, slow: str) -> None:
        self.word, self.slow = word, slow

    def check(self, algo: SymAlgo | PkeyAlgo) -> None:
        pass

    def prepare(self, case: Case, options: CaseOptions) -> Operation:
        if case.algo.word == self.word and getattr(case, "op", "") == self.slow:
            return Operation(time.sleep, (case.seconds * 1.5,), "sleepy")
        return Operation(len, (b"x",), "fast")


@pytest.mark.parametrize(("words", "slow", "stops"), [
    (["rsa1024", "rsa2048"], "decrypt", True),  # RSA: decrypt is the last count kept
    (["rsa1024", "rsa2048"], "verify", False),  # verify does not set it
    (["dsa1024", "dsa2048"], "sign", True),  # DSA: only sign sets it
    (["dsa1024", "dsa2048"], "verify", False),
    (["ecdsap256", "ecdsap384"], "verify", False),
    (["ML-KEM-768", "ML-KEM-1024"], "decaps", True),
    (["ML-KEM-768", "ML-KEM-1024"], "keygen", False),
    (["ML-DSA-44", "ML-DSA-65"], "verify", True),
    (["ML-DSA-44", "ML-DSA-65"], "sign", False),
])
def test_which_count_ends_the_table(words: list[str], slow: str, stops: bool) -> None:
    sel = select(words, SelectOptions(dialect="3.5"))
    cases = [c for c in plan(sel, 0.02) if c.algo.family not in ("kem", "sig")
             or c.algo.word in words]  # rsa/dsa words also select KEM and signature rows
    out = run_cases(cases, SlowOp(words[0], slow), CaseOptions(dialect="3.5"), Listener())
    first = next(c.algo for c in cases if c.algo.word == words[0])
    ran_second = any(r.case.algo.word == words[1] and r.case.algo.family == first.family
                     for r in out.results)
    assert (first.name in out.dropped) is stops
    assert ran_second is not stops
