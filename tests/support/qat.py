"""Shared helpers of the qat tests: engines with ctrls, cases, and modelled measurements."""

from __future__ import annotations

from pyspeed.algos.cases import evp_algo
from pyspeed.algos.tables import PKEY_WORDS
from pyspeed.engines.qat import QatEngine
from pyspeed.model import CaseOptions, Measurement, Operation, PkeyCase, SymCase


def engine(profile: str = "c62x", *ctrls: tuple[str, str | None]) -> QatEngine:
    """A modelled engine; its software work runs in Python here (fast, no binary needed)
    unless the ctrls say PYSPEED_SOFTWARE_PATH native."""
    e = QatEngine()
    e.ctrl_cmd_string("PYSPEED_PROFILE", profile)
    e.ctrl_cmd_string("PYSPEED_SOFTWARE_PATH", "python")
    for name, arg in ctrls:
        e.ctrl_cmd_string(name, arg)
    e.init()
    return e


def pkey_op(e: QatEngine, word: str, op: str = "sign", jobs: int = 0, multi: int = 1,
            worker: int = 0) -> Operation:  # fmt: skip
    case = PkeyCase(PKEY_WORDS[word], op, 1.0)
    return e.prepare(case, CaseOptions(async_jobs=jobs, multi=multi, worker=worker))


def sym_op(e: QatEngine, label: str, size: int, jobs: int = 0) -> Operation:
    return e.prepare(SymCase(evp_algo(label), size, 1.0), CaseOptions(async_jobs=jobs))


def simulate(op: Operation, seconds: float) -> Measurement:
    assert op.measure is not None
    return op.measure(seconds)


def measure(e: QatEngine, word: str, op: str = "sign", jobs: int = 0, seconds: float = 3.0,
            multi: int = 1, worker: int = 0) -> Measurement:  # fmt: skip
    return simulate(pkey_op(e, word, op, jobs, multi, worker), seconds)


def rate(m: Measurement) -> float:
    return m.count / m.wall


def counters(m: Measurement) -> dict[str, float]:
    return dict(m.counters)
