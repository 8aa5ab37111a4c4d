"""Which engine serves a case: OpenSSL's default-engine semantics, made visible.

An engine made default for a method class (`default_algorithms` in the config, or every
class with `-engine`) is asked first for the cases of that class; a case it declines goes
to the software engine, as OpenSSL falls back to its default provider. Each result
names the engine that served it, and each fallback is reported once with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from pyspeed.conf.algorithms import METHOD_ALL, METHOD_BITS
from pyspeed.engines.base import Engine
from pyspeed.model import (
    Case,
    CaseOptions,
    Operation,
    PkeyAlgo,
    SymAlgo,
    Unsupported,
    algo_key,
)

_SYM_METHOD = {
    "digest": "DIGESTS", "evp_digest": "DIGESTS", "hmac": "DIGESTS",
    "cipher": "CIPHERS", "evp_cipher": "CIPHERS", "cmac": "CIPHERS", "ghash": "CIPHERS",
    "rand": "RAND", "kmac": "DIGESTS",
}
_PKEY_METHOD = {"rsa": "RSA", "dsa": "DSA", "ffdh": "DH", "ecdsa": "EC", "ecdh": "EC",
                "sm2": "EC", "eddsa": "PKEY_CRYPTO", "kem": "PKEY_CRYPTO", "sig": "PKEY_CRYPTO"}


def method_bit(algo: SymAlgo | PkeyAlgo) -> int:
    """The ENGINE_METHOD_* class an algorithm belongs to."""
    if isinstance(algo, SymAlgo):
        return METHOD_BITS[_SYM_METHOD[algo.kind]]
    if algo.curve in ("X25519", "X448"):
        return METHOD_BITS["PKEY_CRYPTO"]
    return METHOD_BITS[_PKEY_METHOD[algo.family]]


Notify = Callable[[str, str, str], None]  # algorithm name, engine id, reason


class Router(Engine):
    """An Engine that dispatches each case to the engine that serves it."""

    def __init__(self, routes: list[tuple[Engine, int]], fallback: Engine,
                 on_fallback: Notify | None = None, *,
                 label: tuple[str, str] | None = None) -> None:
        super().__init__()
        self.routes = routes
        self.fallback = fallback
        self.on_fallback = on_fallback
        front = routes[0][0] if routes else fallback
        # results are labelled with the engine that was asked for, even one that could
        # not be used (its cases then say "served by software")
        self.id, self.name = label or (front.id, front.name)
        self._told: set[tuple[str, str]] = set()

    def _candidates(self, algo: SymAlgo | PkeyAlgo) -> list[Engine]:
        bit = method_bit(algo)
        return [e for e, bits in self.routes if bits & bit]

    def check(self, algo: SymAlgo | PkeyAlgo) -> None:
        reasons = []
        for engine in [*self._candidates(algo), self.fallback]:
            try:
                engine.check(algo)
                return
            except Unsupported as exc:
                reasons.append((engine.id, str(exc)))
        raise _combined(reasons)

    def prepare(self, case: Case, options: CaseOptions) -> Operation:
        reasons: list[tuple[str, str]] = []
        for engine in [*self._candidates(case.algo), self.fallback]:
            try:
                op = _checked(engine, engine.prepare(case, options))
            except Unsupported as exc:
                reasons.append((engine.id, str(exc)))
                continue
            except Exception as exc:  # a broken engine declines; it does not end the run
                reasons.append((engine.id, f"prepare failed: {type(exc).__name__}: {exc}"))
                continue
            if reasons and engine is self.fallback:
                self._tell(case, reasons)
            return replace(op, engine=engine.id)
        raise _combined(reasons)

    def _tell(self, case: Case, reasons: list[tuple[str, str]]) -> None:
        name = algo_key(case)
        for engine_id, reason in reasons:
            if self.on_fallback is not None and (name, engine_id) not in self._told:
                self._told.add((name, engine_id))
                self.on_fallback(name, engine_id, reason)


def _checked(engine: Engine, op: object) -> Operation:
    """The engine contract's promise about what prepare returns, kept here for every
    engine: an Operation that can be timed or measures itself."""
    if not isinstance(op, Operation):
        raise Unsupported(f"prepare returned {type(op).__name__}, not an Operation")
    if op.measure is None and not callable(op.fn):
        raise Unsupported("prepare returned an Operation with neither fn nor measure")
    return op


def _combined(reasons: list[tuple[str, str]]) -> Unsupported:
    if len(reasons) == 1:
        return Unsupported(reasons[0][1])
    return Unsupported("; ".join(f"{eid}: {why}" for eid, why in reasons))


ALL = METHOD_ALL
