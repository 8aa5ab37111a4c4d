"""NativeEngine: each case measured by a real `openssl speed` process, read through `-mr`.

pyspeed's software engine pays Python's cost of one call into `cryptography`; this
engine pays nothing of the kind: the binary times itself, exactly as `openssl speed`
does when a person runs it, and pyspeed reads its per-test `+R` records. Everything
pyspeed adds (repetitions, intervals, side-by-side engines, the gate, the history)
then works on the numbers of the real thing: another OpenSSL build, an OpenSSL engine
(`ENGINE`) or providers (`PROVIDER`, `PROVIDER_PATH`, `PROPQUERY`) inside it.

The binary: the `OPENSSL_BIN` ctrl, else `$PYSPEED_OPENSSL`, else `openssl` on PATH.
One process runs one algorithm word (a public-key word measures sign and verify in one
run; the second operation's record is kept for its own case). The record's time is
openssl's divisor (user CPU, or wall-clock when the run says `-elapsed`); the child's
user and system CPU (getrusage of the children) are kept beside it in the record's
counters, with openssl's own time.
"""

from __future__ import annotations

import math
import os
import re
import resource
import shutil
import subprocess
import time
from dataclasses import replace

from pyspeed.algos.vocabulary import family_ops
from pyspeed.engines.base import Engine
from pyspeed.engines.ctrl import (
    CMD_BASE,
    NUMERIC,
    STRING,
    CtrlCommand,
    CtrlError,
    CtrlValue,
    EngineUnavailable,
)
from pyspeed.engines.native.records import RecordError, Result, line_of, results
from pyspeed.model import (
    Algo,
    Case,
    CaseOptions,
    Measurement,
    Operation,
    PkeyAlgo,
    PkeyCase,
    SymCase,
    Unsupported,
)

ENV_BINARY = "PYSPEED_OPENSSL"
# an OpenSSL error-stack line: ...:error:CODE:LIBRARY:FUNCTION:REASON:...
_STACK = re.compile(r"error:[0-9A-Fa-f]+:([^:]*):([^:]*):([^:]*)")
_PROVIDER = re.compile(r"^  (\S+)$")  # `openssl list -providers`: a provider's id line
_ENGINE = re.compile(r"^\((\S+)\) ")  # `openssl engine`: "(id) name"
NEWER_TESTS = (3, 2)  # RSA encrypt/decrypt, the KEM and signature tables
GRACE = 60.0  # seconds past a run's own duration before a child counts as hung

_COMMANDS = (
    CtrlCommand(CMD_BASE, "OPENSSL_BIN", "Path of the openssl binary to run", STRING),
    CtrlCommand(CMD_BASE + 1, "ENGINE", "OpenSSL engine the binary loads (-engine ID)", STRING),
    CtrlCommand(CMD_BASE + 2, "PROVIDER", "Provider the binary loads (-provider NAME); "
                "repeatable", STRING),
    CtrlCommand(CMD_BASE + 3, "PROVIDER_PATH", "Where the binary finds providers "
                "(-provider-path DIR)", STRING),
    CtrlCommand(CMD_BASE + 4, "PROPQUERY", "Property query for fetching algorithms "
                "(-propquery Q)", STRING),
    CtrlCommand(CMD_BASE + 5, "GRACE", "Seconds past a run's own duration before the "
                "binary counts as hung (default 60)", NUMERIC),
)


class NativeEngine(Engine):
    id = "native"
    name = "A real openssl speed binary, read through -mr"
    CTRL_COMMANDS = _COMMANDS

    def __init__(self) -> None:
        super().__init__()
        self.binary = os.environ.get(ENV_BINARY) or "openssl"
        self.inner_engine: str | None = None
        self.providers: list[str] = []
        self.provider_path: str | None = None
        self.propquery: str | None = None
        self.grace = GRACE
        self.path = ""
        self.version: tuple[int, int] = (0, 0)
        self.version_text = ""
        self.label = ""
        self.build = ""
        self._kept: dict[tuple[str, float], Measurement] = {}

    # -- setup --------------------------------------------------------------------------
    def adopt_id(self, engine_id: str) -> bool:
        """Each definition (one binary, or one binary with other providers) is its own
        engine in a run: `-engine openssl35 -engine native` measures two side by side."""
        self.id = engine_id
        self.name = f"{NativeEngine.name} ({engine_id})"
        return True

    def do_ctrl(self, cmd: CtrlCommand, value: CtrlValue) -> None:
        text = str(value)
        if cmd.name == "OPENSSL_BIN":
            self.binary = text
        elif cmd.name == "ENGINE":
            self.inner_engine = text
        elif cmd.name == "PROVIDER":
            self.providers.append(text)
        elif cmd.name == "PROVIDER_PATH":
            self.provider_path = text
        elif cmd.name == "PROPQUERY":
            self.propquery = text
        elif cmd.name == "GRACE":
            if not isinstance(value, int) or value < 1:
                raise CtrlError("GRACE takes a whole number of seconds, 1 or more")
            self.grace = float(value)
        else:  # pragma: no cover - the base passes listed commands only
            raise CtrlError("invalid cmd name")
        self.initialised = False

    def init(self) -> None:
        path = shutil.which(self.binary)
        if path is None:
            raise EngineUnavailable(f"no openssl binary {self.binary!r} (OPENSSL_BIN, "
                                    f"${ENV_BINARY} or PATH)")
        try:  # `version -a`: the version line, then the build that tells two builds apart
            done = subprocess.run([path, "version", "-a"], capture_output=True, text=True,
                                  timeout=10, check=False)
        except (OSError, subprocess.SubprocessError) as exc:
            raise EngineUnavailable(f"{path} does not run: {exc}") from None
        lines = (done.stdout or done.stderr).strip().splitlines()
        words = lines[0].split() if lines else []
        if done.returncode != 0 or len(words) < 2 or words[0] not in ("OpenSSL", "LibreSSL"):
            raise EngineUnavailable(f"{path} is not openssl: "
                                    f"{lines[0] if lines else 'it printed nothing'}")
        self.path, self.version_text = path, lines[0]
        self.label = " ".join(words[:2])  # "OpenSSL 3.0.19": what messages name
        self.build = _build_summary(lines[1:])
        self.version = _version(words[1]) if words[0] == "OpenSSL" else (1, 1)
        if self.inner_engine and self.version >= (4, 0):
            raise EngineUnavailable(f"{self.label} has no engines (ENGINE "
                                    f"{self.inner_engine}); use PROVIDER")
        super().init()

    def capabilities(self) -> list[str]:
        """The binary's version, the providers it has active and the engines it lists
        (`openssl list -providers`, `openssl engine`), and what it is told to load."""
        if not self.version_text and not self.try_init():
            return []
        caps = [self.version_text]
        caps += [f"provider {p}" for p in self._listed(["list", "-providers"], _PROVIDER)]
        if self.version < (4, 0):
            caps += [f"engine {e}" for e in self._listed(["engine"], _ENGINE)]
        caps += [f"loads engine {self.inner_engine}"] if self.inner_engine else []
        return caps + [f"loads provider {p}" for p in self.providers]

    def _listed(self, args: list[str], pattern: re.Pattern[str]) -> list[str]:
        try:
            done = subprocess.run([self.path, *args], capture_output=True, text=True,
                                  timeout=10, check=False)
        except (OSError, subprocess.SubprocessError):
            return []
        return [m.group(1) for line in done.stdout.splitlines()
                if (m := pattern.match(line))]

    # -- cases --------------------------------------------------------------------------
    def check(self, algo: Algo) -> None:
        if not self.ensure_init():
            raise Unsupported(self.unavailable_reason or "the binary is not usable")
        if isinstance(algo, PkeyAlgo) and algo.family in ("kem", "sig") \
                and self.version < NEWER_TESTS:
            table = "KEM" if algo.family == "kem" else "signature"
            raise Unsupported(f"{self.label}'s speed has no {table} table (3.2 and later)")

    def prepare(self, case: Case, options: CaseOptions) -> Operation:
        self.check(case.algo)
        where = f"{self.path} ({self.version_text}" + (f"; {self.build})" if self.build
                                                        else ")")
        extras = [f"engine {self.inner_engine}"] if self.inner_engine else []
        extras += [f"provider {p}" for p in self.providers]
        implementation = where + (f" with {', '.join(extras)}" if extras else "")

        def measure(seconds: float) -> Measurement:
            return self._measure(case, options, seconds)

        return Operation(measure=measure, implementation=implementation)

    def _measure(self, case: Case, options: CaseOptions, seconds: float) -> Measurement:
        whole = max(1, math.ceil(seconds))  # openssl takes whole seconds
        if isinstance(case, PkeyCase):
            kept = self._kept.pop((case.key, whole), None)
            if kept is not None:  # measured by the run of a sibling operation or table
                return kept
        argv = [self.path, "speed", "-mr", "-seconds", str(whole), *self._flags(options),
                *_words(case)]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        ops = self._tests(case)
        try:
            done = subprocess.run(argv, capture_output=True, text=True, check=False,
                                  timeout=ops * whole + self.grace)
        except subprocess.TimeoutExpired:
            return Measurement(0, 0.0, 0.0, 0.0, error=f"{self.label}: {self.path} made no "
                               f"progress for {ops * whole + self.grace:.0f} s and was "
                               "stopped (GRACE)")
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        user, sys_ = after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
        try:
            found = results(done.stderr, self.version)
        except RecordError as exc:
            return Measurement(0, 0.0, 0.0, 0.0, error=str(exc))
        share = max(len(found), 1)  # the child's time, spread over the tests it ran
        measured = {_where(case, r): self._measurement(r, options, wall / share, user / share,
                                                       sys_ / share) for r in found}
        wanted = (case.algo.family, case.algo.word, case.op) if isinstance(case, PkeyCase) \
            else ("sym", "", "")
        if done.returncode == 0 and wanted not in measured and self.version < NEWER_TESTS \
                and wanted[2] in ("encrypt", "decrypt"):
            return Measurement(0, 0.0, 0.0, 0.0, error=f"{self.label}'s speed has no RSA "
                               f"{wanted[2]} test (3.2 and later)")
        if done.returncode != 0 or wanted not in measured:
            return Measurement(0, 0.0, 0.0, 0.0, error=_first_error(done, argv, self))
        extra = []
        for (family, word, op), m in measured.items():
            if (family, word, op) == wanted:
                continue
            if op in family_ops(family, options.dialect):  # a case of its own: kept for it
                key = PkeyCase(PkeyAlgo(family, 0, word, 0), op, seconds).key  # type: ignore[arg-type]
                self._kept[(key, whole)] = m
            else:  # nothing in this run's vocabulary: recorded under the binary's name
                extra.append((family, word, op, m))
        return replace(measured[wanted], extra=tuple(extra))

    def _tests(self, case: Case) -> int:
        """How many tests one run of the case's word makes (its time bound): from 3.2 on
        `rsa2048` also runs a KEM and a signature row, `dsa2048` a signature row."""
        if not isinstance(case, PkeyCase):
            return 1
        family = case.algo.family
        if (self.version >= (3, 2) and family in ("rsa", "dsa")) or family in ("kem", "sig"):
            return 10
        return 2

    def _measurement(self, r: Result, options: CaseOptions, wall: float, user: float,
                     sys_: float) -> Measurement:
        count, t = r.count, r.seconds
        if count < 0:  # speed.c's loops count -1 when an operation fails
            return Measurement(0, 0.0, 0.0, 0.0, error=f"{self.label}: the test failed "
                               f"(count -1 in {r.line!r})")
        counters = (("openssl_seconds", t), ("child_user", user), ("child_sys", sys_),
                    ("child_wall", wall))
        if options.elapsed:  # openssl divided by wall-clock time
            return Measurement(count, t, user, sys_, counters=counters)
        return Measurement(count, wall, t, sys_, counters=counters)

    def _flags(self, options: CaseOptions) -> list[str]:
        flags = ["-elapsed"] if options.elapsed else []
        if self.inner_engine:
            flags += ["-engine", self.inner_engine]
        if self.provider_path:
            flags += ["-provider-path", self.provider_path]
        for p in self.providers:
            flags += ["-provider", p]
        if self.propquery:
            flags += ["-propquery", self.propquery]
        if options.misalign:
            flags += ["-misalign", str(options.misalign)]
        if options.primes != 2:
            flags += ["-primes", str(options.primes)]
        if options.async_jobs:
            flags += ["-async_jobs", str(options.async_jobs)]
        return flags


def _words(case: Case) -> list[str]:
    """The command line that runs exactly this case's algorithm (and block size)."""
    if isinstance(case, PkeyCase):
        return [case.algo.word]
    assert isinstance(case, SymCase)
    a = case.algo
    size = ["-bytes", str(case.size)]
    if a.kind == "evp_cipher":
        return [*size, *(["-decrypt"] if a.decrypt else []), *(["-aead"] if a.aead else []),
                "-evp", a.label]
    if a.kind == "evp_digest":
        return [*size, "-evp", a.label]
    if a.kind == "hmac":  # the bare word's digest depends on the release (md5, sha256)
        return [*size, "-hmac", a.evp_name]
    if a.kind == "cmac":
        return [*size, "-cmac", a.evp_name]
    return [*size, a.label]


def _where(case: Case, r: Result) -> tuple[str, str, str]:
    """(family, algorithm word, operation) of a record of a run of the case's word: KEM
    and signature records name their algorithm, the others are of the word that ran."""
    if r.family == "sym":
        return ("sym", "", "")
    word = case.algo.word if isinstance(case, PkeyCase) else ""
    return (r.family, r.name if r.family in ("kem", "sig") else word, r.op)


def _first_error(done: subprocess.CompletedProcess[str], argv: list[str],
                 engine: NativeEngine) -> str:
    """The binary's own first error line, or what is missing from its records."""
    lines = [ln.strip() for ln in done.stderr.splitlines()
             if ln.strip() and not ln.startswith(("+DT", "+DTP", "+R"))]
    if lines:
        stack = next((m for ln in lines[1:3] if (m := _STACK.search(ln))), None)
        why = f" ({stack.group(1)}: {stack.group(3)})" if stack else ""
        return f"{engine.label}: {lines[0]}{why}"
    return (f"{engine.label}: no per-test record for this case in the output of "
            f"{' '.join(argv[1:])} (exit {done.returncode})")


def _build_summary(lines: list[str]) -> str:
    """`openssl version -a`'s platform and build date: two builds of one version are
    told apart by them."""
    found = dict(line.split(": ", 1) for line in lines
                 if line.startswith(("platform: ", "built on: ")))
    return ", ".join(f"{k} {v.strip()}" for k, v in sorted(found.items(), reverse=True))


def _version(text: str) -> tuple[int, int]:
    parts = text.split(".")
    try:
        return int(parts[0]), int("".join(c for c in parts[1] if c.isdigit()) or 0)
    except (IndexError, ValueError):
        return (0, 0)


__all__ = ["NativeEngine", "line_of"]
