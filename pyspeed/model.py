"""The plain types every layer shares: algorithm, case, operation, measurement, record, run.

This module is the bottom of pyspeed: it imports nothing of pyspeed's, so that the
algorithm tables, the engines, the runner, the results and the views can all speak the
same language without importing each other. Everything here is data; the only behaviour
is what follows from the data itself (a case's key, a record made from a result).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

SymKind = Literal["digest", "hmac", "cipher", "ghash", "rand", "cmac", "kmac", "evp_cipher",
                  "evp_digest"]
# kem and sig: the KEM and signature tables of OpenSSL 3.2+, rows named by algorithm
Family = Literal["rsa", "dsa", "ecdsa", "ecdh", "eddsa", "sm2", "ffdh", "kem", "sig"]


@dataclass(frozen=True)
class SymAlgo:
    """One row of the symmetric table (digest, MAC, cipher, ghash, rand, evp, cmac)."""

    index: int
    label: str
    kind: SymKind
    evp_name: str  # OpenSSL name of the digest/cipher behind the row ("" for rand)
    decrypt: bool = False  # -evp cipher only
    aead: bool = False  # -evp AEAD cipher with -aead: 13-byte AAD per message

    @property
    def word(self) -> str:
        return self.label

    def case_key(self, size: int) -> str:
        """The row's case at one block size. `-evp sha256` prints the label `sha256` as
        the digest row does; its key says `evp:` so the two never merge."""
        prefix = "evp:" if self.kind == "evp_digest" else ""
        return f"{prefix}{self.label}/{size}"


@dataclass(frozen=True)
class PkeyAlgo:
    """One public-key test: a key size or curve within a family."""

    family: Family
    k: int  # index within the family, as in +F2..+F8
    word: str
    bits: int
    curve: str = ""  # curve label for ECDSA/ECDH/EdDSA/SM2 ("" for RSA/DSA/FFDH)

    @property
    def name(self) -> str:
        """The algorithm's unique name in results. A KEM or signature row is named by
        its algorithm (`ML-KEM-768`), except where that is also a word of the classical
        tables (openssl's `rsa2048` KEM and signature rows): those say which table
        (`kem:rsa2048`, `sig:rsa2048`), as `-evp` digests say `evp:`."""
        if self.family in ("kem", "sig") and self.word[:3] in ("rsa", "dsa") \
                and self.word[3:].isdigit():
            return f"{self.family}:{self.word}"
        return self.word


Algo = SymAlgo | PkeyAlgo


@dataclass(frozen=True)
class SymCase:
    algo: SymAlgo
    size: int
    seconds: float

    @property
    def key(self) -> str:
        return self.algo.case_key(self.size)


@dataclass(frozen=True)
class PkeyCase:
    algo: PkeyAlgo
    op: str  # sign | verify | derive
    seconds: float

    @property
    def key(self) -> str:
        return f"{self.algo.name}/{self.op}"


Case = SymCase | PkeyCase


def algo_key(case: Case) -> str:
    """The name an unsupported algorithm is reported under (label or unique name)."""
    return case.algo.label if isinstance(case, SymCase) else case.algo.name


class Unsupported(Exception):
    """This engine cannot run the case; the message says why, in one line."""


@dataclass(frozen=True)
class CaseOptions:
    """Per-run settings that change how an operation is prepared (not what it is)."""

    misalign: int = 0
    primes: int = 2
    async_jobs: int = 0  # -async_jobs N: concurrent jobs per worker (0: synchronous)
    multi: int = 0  # -multi M: worker processes running at the same time (0: no -multi)
    worker: int = 0  # this worker's index under -multi (a model shares its device by it)
    elapsed: bool = False  # the run divides by wall-clock time (an external tool is told)
    dialect: str = "3.0"  # the release line whose operations the run has cases for


@dataclass(frozen=True)
class Measurement:
    """Raw counters of one timed test: every divisor is chosen later, by a view."""

    count: int
    wall: float  # seconds, monotonic clock
    user: float  # user CPU seconds of the measuring process
    sys: float  # system CPU seconds of the measuring process
    error: str | None = None  # the test stopped on an error (openssl's "LABEL error!")
    modelled: bool = False  # times come from an engine model's virtual clock, not this host
    counters: tuple[tuple[str, float], ...] = ()  # engine counters (retries, fallbacks...)
    # what the engine measured on the way that the run has no case for (a native 3.5
    # binary's RSA encrypt, or its rsa2048 KEM row, under 3.0's vocabulary), kept as
    # (family, algorithm word, operation, measurement)
    extra: tuple[tuple[str, str, str, Measurement], ...] = ()

    def time(self, elapsed: bool) -> float:
        """openssl's divisor rule: user CPU time unless -elapsed."""
        return self.wall if elapsed else self.user


Measure = Callable[[float], Measurement]


@dataclass(frozen=True)
class Operation:
    """One case, ready to measure. It comes in two kinds, and the runner knows both:

    * **timed**: `fn(*args)` performs one operation; the runner's batched loop
      (pyspeed.timing) calls it until the test's time is up. `fn` and `args` are fixed
      before timing starts (keys made, buffers allocated), and `fn` should be a C-level
      callable where the engine can manage it: every Python frame inside the loop is
      overhead that native `openssl speed` does not pay.
    * **self-measuring**: `measure(seconds)` runs the whole test and returns its
      Measurement: a model on a virtual clock, an external process that times itself.
      `fn(*args)`, when given, still performs one real operation (for verification).
    """

    fn: Callable[..., object] | None = None
    args: tuple[object, ...] = ()
    implementation: str = ""  # who really serves it, e.g. "cryptography 48.0.0 (OpenSSL 4.0.0)"
    engine: str = ""  # id of the engine that served it, set by the router ("": the engine asked)
    notes: tuple[str, ...] = field(default=())
    measure: Measure | None = None


@dataclass(frozen=True)
class Result:
    """A measurement with its provenance: which case, which engine, which implementation."""

    case: Case
    measurement: Measurement
    engine: str  # the engine that served it
    implementation: str
    repeat: int = 0
    front: str = ""  # the engine that was asked (engine: the one that served it)
    worker: int = 0  # -multi worker index


@dataclass(frozen=True)
class Record:
    """One measurement of one case, by one engine, in one repetition, in one worker:
    raw counters only, as saved in a results document and sent by -multi workers."""

    case: str  # "rsa2048/sign", "aes-128-cbc/16384"
    family: str  # "sym" or the public-key family (rsa, dsa, ecdsa, ecdh, eddsa, sm2, ffdh)
    algorithm: str  # table label (sym) or speed word (pkey)
    operation: str  # sym kind (digest, cipher, evp_cipher...) or sign/verify/derive/...
    size: int  # bytes per operation (sym); 0 for public key
    bits: int  # key size (pkey); 0 for sym
    engine: str  # the engine asked for (the router's front engine)
    served_by: str  # the engine that ran it (software when the engine declined)
    implementation: str
    modelled: bool
    repeat: int
    worker: int
    seconds: float  # nominal duration
    count: int
    wall: float
    user: float
    sys: float
    error: str | None = None
    counters: dict[str, float] = field(default_factory=dict)
    multi: int = 0  # the -multi setting it ran under (0: none)
    async_jobs: int = 0  # the -async_jobs setting it ran under (0: synchronous)

    @property
    def per_op(self) -> int:
        """Bytes per operation for a block test, 1 for a public-key operation."""
        return self.size if self.size > 0 else 1

    def time(self, elapsed: bool) -> float:
        """openssl's divisor rule: wall-clock with -elapsed, else user CPU time (for a
        modelled engine: its modelled CPU time)."""
        return self.wall if elapsed else self.user

    def ok(self, elapsed: bool) -> bool:
        """A usable measurement: no error and a time to divide by."""
        return self.error is None and self.time(elapsed) > 0

    def rate(self, elapsed: bool) -> float:
        """bytes/s or ops/s of this worker; only meaningful when `ok(elapsed)`."""
        t = self.time(elapsed)
        return self.count * self.per_op / t if t > 0 else 0.0


RECORD_FIELDS = tuple(Record.__dataclass_fields__)


def record_from(result: Result, options: CaseOptions | None = None) -> Record:
    """The record of one measured case (what a worker sends its parent, what is saved)."""
    case, m = result.case, result.measurement
    pkey = isinstance(case, PkeyCase)
    return Record(
        case=case.key,
        family=case.algo.family if isinstance(case.algo, PkeyAlgo) else "sym",
        algorithm=case.algo.name if isinstance(case, PkeyCase) else case.algo.word,
        operation=case.op if isinstance(case, PkeyCase) else case.algo.kind,
        size=0 if pkey else case.size,  # type: ignore[union-attr]
        bits=case.algo.bits if isinstance(case.algo, PkeyAlgo) else 0,
        engine=result.front or result.engine,
        served_by=result.engine,
        implementation=result.implementation,
        modelled=m.modelled,
        repeat=result.repeat,
        worker=result.worker,
        seconds=case.seconds,
        count=m.count,
        wall=m.wall,
        user=m.user,
        sys=m.sys,
        error=m.error,
        counters=dict(m.counters),
        multi=options.multi if options else 0,
        async_jobs=options.async_jobs if options else 0,
    )


@dataclass(frozen=True)
class EngineInfo:
    """An engine of a run: who it is and whether its numbers are modelled."""

    id: str
    name: str = ""
    modelled: bool = False
    provenance: str = ""  # the implementations that served its cases


@dataclass
class WorkerInfo:
    """How a -multi worker ended (the supervisor's account of it)."""

    index: int
    pid: int = 0
    exit_code: int | None = None
    signal: int | None = None
    cpu: float = 0.0  # user+sys CPU seconds of the whole worker (wait4 rusage)
    failure: str | None = None  # why the supervisor gave up on it
    stopped: bool = False  # the supervisor asked it to stop (Ctrl-C, or another one failed)
    current: str | None = None  # case running when its last status line came

    @property
    def failed(self) -> bool:
        return self.failure is not None or self.signal is not None or bool(self.exit_code)

    def describe_failure(self) -> str:
        import signal as _signal

        where = f" during {self.current}" if self.current else ""
        if self.failure:
            what = self.failure
        elif self.signal is not None:
            what = f"was terminated by signal {self.signal} ({_signal.Signals(self.signal).name})"
        else:
            what = f"exited with status {self.exit_code}"
        return f"worker {self.index} (pid {self.pid}) {what}{where}"


@dataclass
class Run:
    """Everything one run produced: the typed form of a results document.

    `records` hold raw counters only; every number a person reads is derived from them
    by pyspeed.results.statistics. What could not be measured is kept too:
    `unsupported` (engine -> algorithm -> reason), `dropped` (engine -> public-key words
    that openssl's early-stop rule ended) and `workers` (how each -multi worker ended).
    `complete` is False when the run was interrupted or a worker failed.
    """

    records: list[Record] = field(default_factory=list)
    engines: list[EngineInfo] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)
    command: list[str] = field(default_factory=list)
    started: str = ""
    run_id: str = ""
    pyspeed: str = ""
    machine_info: dict[str, Any] = field(default_factory=dict)
    commit_info: dict[str, Any] | None = None
    unsupported: dict[str, dict[str, str]] = field(default_factory=dict)
    dropped: dict[str, list[str]] = field(default_factory=dict)
    workers: list[WorkerInfo] = field(default_factory=list)
    complete: bool = True
    interrupted: bool = False

    @property
    def elapsed(self) -> bool:
        """The rate divisor of the run: wall-clock (-elapsed) or user CPU time."""
        return bool(self.options.get("elapsed"))

    def engine_ids(self) -> list[str]:
        return [e.id for e in self.engines] or list(dict.fromkeys(r.engine for r in self.records))


class Listener:
    """What a run tells while it goes: the runner calls these, a view decides what to
    show. Every method does nothing by default, so a listener overrides what it needs."""

    def message(self, text: str) -> None:
        """A line for the user: an engine set or refused, a fallback to software."""

    def worker_started(self, index: int) -> None:
        """A -multi worker process was started."""

    def started(self, case: Case, worker: int = 0) -> None:
        """A test starts (in worker `worker` under -multi)."""

    def finished(self, result: Result) -> None:
        """A test ended; `result.worker` says which worker ran it."""

    def extra(self, result: Result) -> None:
        """An operation measured beside the case asked for, which the run has no case
        for: recorded, never shown as a test of the run."""

    def unsupported(self, engine: str, name: str, reason: str) -> None:
        """`engine` cannot run algorithm `name`; reported once per engine and name."""
