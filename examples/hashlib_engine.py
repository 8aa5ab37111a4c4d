"""A complete, small pyspeed engine: message digests from Python's hashlib.

It shows every part of the engine contract (docs/engines.md): identity, capabilities, a
ctrl command with OpenSSL's rules, an init that can fail with a reason, a cheap `check`,
and `prepare` returning a timed Operation. Load it without installing anything:

    pyspeed engine dynamic -pre SO_PATH:examples/hashlib_engine.py -pre LOAD -t -c -vvv
    PYSPEED_ENGINES_DIR=examples pyspeed speed -engine hashlib -seconds 1 sha256

(examples/hashlib.cnf is the engines.d definition the second line reads.)
"""

from __future__ import annotations

import hashlib

from pyspeed.engines.base import Engine
from pyspeed.engines.ctrl import (
    CMD_BASE,
    STRING,
    CtrlCommand,
    CtrlError,
    CtrlValue,
    EngineUnavailable,
)
from pyspeed.model import Algo, Case, CaseOptions, Operation, SymAlgo, SymCase, Unsupported

#: openssl speed's digest names -> hashlib's
DIGESTS = {"md5": "md5", "sha1": "sha1", "sha256": "sha256", "sha512": "sha512",
           "sha3-256": "sha3_256", "blake2b512": "blake2b"}


class HashlibEngine(Engine):
    id = "hashlib"
    name = "Python hashlib digests (example engine)"
    CTRL_COMMANDS = (
        CtrlCommand(CMD_BASE, "DIGESTS",
                    "Comma-separated digests to serve (default: all it knows)", STRING),
    )

    def __init__(self) -> None:
        super().__init__()
        self.serving = set(DIGESTS)

    def capabilities(self) -> list[str]:
        return sorted(name.upper() for name in self.serving)

    def do_ctrl(self, cmd: CtrlCommand, value: CtrlValue) -> None:
        if cmd.name == "DIGESTS":
            wanted = {v.strip().lower() for v in str(value).split(",") if v.strip()}
            unknown = wanted - set(DIGESTS)
            if unknown or not wanted:
                raise CtrlError(f"unknown digest: {', '.join(sorted(unknown)) or '(none)'}")
            self.serving = wanted
            return
        super().do_ctrl(cmd, value)

    def init(self) -> None:
        missing = [n for n in self.serving if DIGESTS[n] not in hashlib.algorithms_available]
        if missing:
            raise EngineUnavailable(f"this Python's hashlib lacks {', '.join(sorted(missing))}")
        super().init()

    def check(self, algo: Algo) -> None:
        if not isinstance(algo, SymAlgo) or algo.kind not in ("digest", "evp_digest"):
            raise Unsupported("hashlib computes message digests only")
        if algo.evp_name not in self.serving:
            raise Unsupported(f"not serving {algo.evp_name} (DIGESTS ctrl)")

    def prepare(self, case: Case, options: CaseOptions) -> Operation:
        self.check(case.algo)
        assert isinstance(case, SymCase)
        buf = memoryview(bytes(case.size + options.misalign))[options.misalign:]
        # one call is one openssl iteration: the constructor hashes the block
        return Operation(getattr(hashlib, DIGESTS[case.algo.evp_name]), (buf,),
                         implementation=f"hashlib {DIGESTS[case.algo.evp_name]}")


ENGINE = HashlibEngine  # what the `dynamic` engine's SO_PATH looks for
