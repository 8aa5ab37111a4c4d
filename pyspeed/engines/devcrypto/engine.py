"""DevCryptoEngine: OpenSSL's `devcrypto` engine, as a real client of cryptodev-linux.

Life cycle, as in OpenSSL: the first thing that needs the device (capabilities, a ctrl
that reads the probe, init, check, prepare) "binds" the engine: /dev/crypto is opened
once and every candidate algorithm is probed (see `probe`). Constructing the engine
never touches the device, so a missing module still gives an engine that lists its
ctrls and says why it is unavailable. OpenSSL would not load at all in that case; here
`init()` raises EngineUnavailable with the reason, and DUMP_INFO falls back to what
/proc/crypto shows. The descriptor stays open until `close()` (OpenSSL's destroy):
`finish()` only drops the initialised state, so operations already prepared stay valid.

Messages OpenSSL writes to stderr (`devcrypto: ...`, DUMP_INFO, `Could not open
/dev/crypto: ...`) go to `self.err`, which is `sys.stderr` at the time of writing unless
set to another text stream.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import weakref
from typing import TextIO

from pyspeed.algos import evp
from pyspeed.engines.base import Engine
from pyspeed.engines.ctrl import (
    CMD_BASE,
    NO_INPUT,
    NUMERIC,
    STRING,
    CtrlCommand,
    CtrlError,
    CtrlValue,
    EngineUnavailable,
)
from pyspeed.engines.devcrypto import abi, algorithm_ids, dump_info, ops, probe, procfs
from pyspeed.engines.devcrypto.device import DEVICE_PATH, Device, Kernel, SystemKernel
from pyspeed.model import Case, CaseOptions, Operation, PkeyAlgo, SymAlgo, SymCase, Unsupported

USE_SOFTDRIVERS = CtrlCommand(
    CMD_BASE,
    "USE_SOFTDRIVERS",
    "specifies whether to use software (not accelerated) drivers (0=use only accelerated "
    "drivers, 1=allow all drivers, 2=use if acceleration can't be determined) [default=2]",
    NUMERIC,
)
CIPHERS = CtrlCommand(
    CMD_BASE + 1,
    "CIPHERS",
    "either ALL, NONE, or a comma-separated list of ciphers to enable [default=ALL]",
    STRING,
)
DIGESTS = CtrlCommand(
    CMD_BASE + 2,
    "DIGESTS",
    "either ALL, NONE, or a comma-separated list of digests to enable [default=ALL]",
    STRING,
)
DUMP_INFO = CtrlCommand(
    CMD_BASE + 3,
    "DUMP_INFO",
    "dump info about each algorithm to stderr; use 'openssl engine -pre DUMP_INFO devcrypto'",
    NO_INPUT,
)

_LONG_MIN, _LONG_MAX = -(2**63), 2**63 - 1
_NOT_SYMMETRIC = "(cryptodev offers ciphers and digests only)"


def open_failure_reason(path: str, exc: OSError) -> str:
    """One line for `engine -t`: the path, strerror and, where it helps, what to check."""
    text = f"{path}: {exc.strerror or os.strerror(exc.errno or 0)}"
    if exc.errno == errno.ENOENT:
        return f"{text} (the cryptodev module is not loaded)"
    if exc.errno in (errno.ENXIO, errno.ENODEV):
        return f"{text} (the device node has no driver: is the cryptodev module loaded?)"
    return text


def _parse_list(text: str) -> list[str]:
    """CONF_parse_list(text, ',', nospc=1, ...): items trimmed, empty items skipped."""
    return [item for part in text.split(",") if (item := part.strip(" \t\n\v\f\r"))]


def _close_session(dev: Device, ses: int) -> None:
    """Finalizer of a prepared operation: its session ends with it (if the fd is open)."""
    if not dev.closed:
        with contextlib.suppress(OSError):
            dev.close_session(ses)


class DevCryptoEngine(Engine):
    """`(devcrypto) /dev/crypto engine`: ciphers and digests of the kernel, via cryptodev."""

    id = "devcrypto"
    name = "/dev/crypto engine"
    CTRL_COMMANDS = (USE_SOFTDRIVERS, CIPHERS, DIGESTS, DUMP_INFO)

    def __init__(
        self,
        device_path: str = DEVICE_PATH,
        kernel: Kernel | None = None,
        proc_crypto_path: str = "/proc/crypto",
    ) -> None:
        super().__init__()
        self.device_path = device_path
        self.kernel: Kernel = kernel if kernel is not None else SystemKernel()
        self.proc_crypto_path = proc_crypto_path
        self._err: TextIO | None = None
        self.use_softdrivers = probe.DEFAULT_USE_SOFTDRIVERS
        self.selected_ciphers = [True] * len(algorithm_ids.CIPHERS)
        self.selected_digests = [True] * len(algorithm_ids.DIGESTS)
        self.cipher_info = [probe.DriverInfo() for _ in algorithm_ids.CIPHERS]
        self.digest_info = [probe.DriverInfo() for _ in algorithm_ids.DIGESTS]
        self.device: Device | None = None
        self.bind_error: str | None = None
        self._bound = False

    # -- stderr ---------------------------------------------------------------------
    @property
    def err(self) -> TextIO:
        return self._err if self._err is not None else sys.stderr

    @err.setter
    def err(self, stream: TextIO | None) -> None:
        self._err = stream

    def _say(self, text: str) -> None:
        self.err.write(text)
        self.err.flush()

    # -- binding --------------------------------------------------------------------
    def bind(self) -> str | None:
        """Open the device and probe every candidate, once; the failure reason or None."""
        if self._bound:
            return self.bind_error
        self._bound = True
        problem = abi.platform_problem()
        if problem is not None:
            self.bind_error = problem
            return problem
        try:
            dev = Device.open(self.kernel, self.device_path)
        except OSError as exc:
            self.bind_error = open_failure_reason(self.device_path, exc)
            if exc.errno not in (errno.ENOENT, errno.ENXIO):
                self._say(f"Could not open {self.device_path}: {exc.strerror}\n")
            return self.bind_error
        ciphers, digests = probe.probe_all(dev)
        if probe.not_a_cryptodev(ciphers, digests):
            dev.close()
            self.bind_error = (
                f"{self.device_path}: not a cryptodev device "
                f"(CIOCGSESSION: {os.strerror(errno.ENOTTY)})"
            )
            return self.bind_error
        self.device, self.cipher_info, self.digest_info = dev, ciphers, digests
        return None

    def close(self) -> None:
        """Close the device (OpenSSL's destroy): every session, prepared or not, ends."""
        if self.device is not None:
            self.device.close()
        self.device = None
        self.initialised = False

    # -- Engine -----------------------------------------------------------
    def init(self) -> None:
        reason = self.bind()
        if reason is not None:
            raise EngineUnavailable(reason)
        self.initialised = True

    def cipher_usable(self, i: int) -> bool:
        return probe.usable(self.cipher_info[i], self.selected_ciphers[i], self.use_softdrivers)

    def digest_usable(self, i: int) -> bool:
        return probe.usable(self.digest_info[i], self.selected_digests[i], self.use_softdrivers)

    def capabilities(self) -> list[str]:
        """Short names of the enabled, usable ciphers then digests (`engine -c`)."""
        if self.bind() is not None:
            return []
        names = [c.sn for i, c in enumerate(algorithm_ids.CIPHERS) if self.cipher_usable(i)]
        names += [d.sn for i, d in enumerate(algorithm_ids.DIGESTS) if self.digest_usable(i)]
        return names

    def do_ctrl(self, cmd: CtrlCommand, value: CtrlValue) -> None:
        if cmd.num == USE_SOFTDRIVERS.num:
            assert isinstance(value, int)
            value = min(max(value, _LONG_MIN), _LONG_MAX)  # strtol saturates
            if value not in (probe.REQUIRE_ACCELERATED, probe.USE_SOFTWARE, probe.REJECT_SOFTWARE):
                self._say(f"devcrypto: invalid value ({value}) for USE_SOFTDRIVERS\n")
                raise CtrlError("")  # the ctrl returns 0 without an OpenSSL error reason
            self.use_softdrivers = value
        elif cmd.num == CIPHERS.num:
            assert isinstance(value, str)
            self.selected_ciphers = self._selection(value, "cipher")
        elif cmd.num == DIGESTS.num:
            assert isinstance(value, str)
            self.selected_digests = self._selection(value, "digest")
        elif cmd.num == DUMP_INFO.num:
            self._say(self.dump_info())
        else:
            raise CtrlError("invalid cmd name")

    def _selection(self, value: str, what: str) -> list[bool]:
        count = len(algorithm_ids.CIPHERS) if what == "cipher" else len(algorithm_ids.DIGESTS)
        if value.upper() == "ALL":
            return [True] * count
        if value.upper() == "NONE":
            return [False] * count
        chosen = [False] * count
        for name in _parse_list(value):
            index = self._index(name, what)
            if index is None:
                continue
            chosen[index] = True
        return chosen

    def _index(self, name: str, what: str) -> int | None:
        if what == "cipher":
            cipher = evp.lookup_cipher(name)
            known = cipher is not None
            index = algorithm_ids.CIPHER_BY_SN.get(cipher.label if cipher else "")
        else:
            digest = evp.lookup_digest(name)
            known = digest is not None
            index = algorithm_ids.DIGEST_BY_CANONICAL.get(digest.canonical if digest else "")
        if not known:
            self._say(f"devcrypto: unknown {what} {name}\n")
        elif index is None:
            self._say(f"devcrypto: {what} {name} not available\n")
        return index

    def dump_info(self) -> str:
        """The DUMP_INFO text (see `dump`)."""
        if self.bind() is None:
            return dump_info.device_dump(self.cipher_info, self.digest_info)
        assert self.bind_error is not None
        try:
            entries: list[procfs.ProcCryptoEntry] | None = procfs.read_proc_crypto(
                self.proc_crypto_path
            )
            proc_error = None
        except OSError as exc:
            entries, proc_error = None, exc.strerror or str(exc)
        return dump_info.kernel_dump(self.bind_error, entries, proc_error, self.proc_crypto_path)

    # -- Engine ---------------------------------------------------------------------
    def _resolve(self, algo: SymAlgo | PkeyAlgo) -> tuple[str, int]:
        if isinstance(algo, PkeyAlgo):
            raise Unsupported(f"devcrypto has no {algo.family.upper()} {_NOT_SYMMETRIC}")
        if algo.kind in ("cipher", "evp_cipher"):
            cipher = evp.lookup_cipher(algo.evp_name)
            index = algorithm_ids.CIPHER_BY_SN.get(cipher.label) if cipher else None
            if index is None:
                label = cipher.label if cipher else algo.evp_name
                raise Unsupported(
                    f"devcrypto has no {label} (its ciphers: DES/3DES/BF/CAST5/AES/CAMELLIA-CBC, "
                    "RC4, AES-CTR, AES-ECB)"
                )
            return "cipher", index
        if algo.kind in ("digest", "evp_digest"):
            digest = evp.lookup_digest(algo.evp_name)
            index = algorithm_ids.DIGEST_BY_CANONICAL.get(digest.canonical) if digest else None
            if index is None:
                raise Unsupported(
                    f"devcrypto has no {algo.evp_name.upper()} digest (its digests: MD5, SHA1, "
                    "RIPEMD160, SHA224, SHA256, SHA384, SHA512)"
                )
            return "digest", index
        raise Unsupported(f"devcrypto has no {algo.label} {_NOT_SYMMETRIC}")

    def _require_usable(self, kind: str, index: int) -> None:
        if kind == "cipher":
            sn, info, sel = (
                algorithm_ids.CIPHERS[index].sn,
                self.cipher_info[index],
                self.selected_ciphers[index],
            )
        else:
            sn, info, sel = (
                algorithm_ids.DIGESTS[index].sn,
                self.digest_info[index],
                self.selected_digests[index],
            )
        if not probe.usable(info, sel, self.use_softdrivers):
            ctrl = "CIPHERS" if kind == "cipher" else "DIGESTS"
            raise Unsupported(probe.why_unusable(sn, info, sel, self.use_softdrivers, ctrl))

    def check(self, algo: SymAlgo | PkeyAlgo) -> None:
        kind, index = self._resolve(algo)
        reason = self.bind()
        if reason is not None:
            raise Unsupported(reason)
        self._require_usable(kind, index)

    def prepare(self, case: Case, options: CaseOptions) -> Operation:
        kind, index = self._resolve(case.algo)  # every public-key case stops here
        if not self.initialised and not self.try_init():
            raise Unsupported(self.unavailable_reason or "devcrypto is not initialised")
        if self.device is None:
            raise Unsupported(f"{self.device_path} is closed (engine destroyed)")
        self._require_usable(kind, index)
        dev = self.device
        assert isinstance(case, SymCase)
        if kind == "cipher":
            op, cop, ses = ops.cipher_op(
                dev,
                algorithm_ids.CIPHERS[index],
                self.cipher_info[index],
                case.size,
                options.misalign,
                case.algo.decrypt,
            )
        else:
            op, cop, ses = ops.digest_op(
                dev, algorithm_ids.DIGESTS[index], self.digest_info[index], case.size,
                options.misalign,
            )
        weakref.finalize(cop, _close_session, dev, ses)
        return op
