"""The bind-time probe of OpenSSL's devcrypto engine, and its usability rule.

For every candidate cipher: CIOCGSESSION with the dummy key, CIOCGSESSINFO (driver name of
the cipher transform, SIOP_FLAG_KERNEL_DRIVER_ONLY = accelerated), CIOCFSESSION. For every
digest: CIOCGSESSION (no key), CIOCGSESSINFO (hash transform), a second session and
CIOCCPHASH between the two (OpenSSL offers a digest only if hash state can be copied),
then both sessions are closed. Unlike OpenSSL, a session is closed only if it was opened
(OpenSSL also sends CIOCFSESSION for a stale id when the first open failed).
"""

from __future__ import annotations

import contextlib
import errno
import os
from dataclasses import dataclass
from enum import IntEnum

from pyspeed.engines.devcrypto import algorithm_ids
from pyspeed.engines.devcrypto.device import Device


class Status(IntEnum):
    """enum devcrypto_status_t."""

    FAILURE = -3
    NO_CIOCCPHASH = -2
    NO_CIOCGSESSION = -1
    UNKNOWN = 0
    USABLE = 1


class Accel(IntEnum):
    """enum devcrypto_accelerated_t."""

    NOT_ACCELERATED = -1
    UNKNOWN = 0
    ACCELERATED = 1


# USE_SOFTDRIVERS values
REQUIRE_ACCELERATED = 0
USE_SOFTWARE = 1
REJECT_SOFTWARE = 2
DEFAULT_USE_SOFTDRIVERS = REJECT_SOFTWARE


@dataclass
class DriverInfo:
    status: Status = Status.UNKNOWN
    accelerated: Accel = Accel.UNKNOWN
    driver_name: str | None = None
    alignmask: int = 0
    error: str | None = None  # "IOCTL: strerror" of the call that failed, for reasons
    errno: int | None = None


def _strerror(exc: OSError) -> str:
    return exc.strerror or (os.strerror(exc.errno) if exc.errno else str(exc))


def _info_into(info: DriverInfo, dev: Device, ses: int, hash_: bool) -> None:
    try:
        siop = dev.session_info(ses)
    except OSError as exc:
        info.accelerated = Accel.UNKNOWN
        info.error = f"CIOCGSESSINFO: {_strerror(exc)}"
        return
    info.driver_name = siop.hash_driver if hash_ else siop.cipher_driver
    info.alignmask = siop.alignmask
    info.accelerated = Accel.ACCELERATED if siop.kernel_driver_only else Accel.NOT_ACCELERATED


def _close(dev: Device, ses: int) -> None:
    with contextlib.suppress(OSError):  # OpenSSL ignores the result of these closes too
        dev.close_session(ses)


def probe_cipher(dev: Device, cand: algorithm_ids.CipherCandidate) -> DriverInfo:
    info = DriverInfo()
    try:
        ses = dev.open_session(cipher=cand.crypto_id, key=algorithm_ids.PROBE_KEY[: cand.keylen])
    except OSError as exc:
        info.status = Status.NO_CIOCGSESSION
        info.error, info.errno = f"CIOCGSESSION: {_strerror(exc)}", exc.errno
        return info
    info.status = Status.USABLE
    _info_into(info, dev, ses, hash_=False)
    _close(dev, ses)
    return info


def probe_digest(dev: Device, cand: algorithm_ids.DigestCandidate) -> DriverInfo:
    info = DriverInfo()
    try:
        ses1 = dev.open_session(mac=cand.crypto_id)
    except OSError as exc:
        info.status = Status.NO_CIOCGSESSION
        info.error, info.errno = f"CIOCGSESSION: {_strerror(exc)}", exc.errno
        return info
    _info_into(info, dev, ses1, hash_=True)
    ses2 = 0
    try:
        ses2 = dev.open_session(mac=cand.crypto_id)
        try:
            dev.copy_hash(ses2, ses1)
        except OSError as exc:
            info.status = Status.NO_CIOCCPHASH
            info.error = f"CIOCCPHASH: {_strerror(exc)}"
        else:
            info.status = Status.USABLE
    except OSError as exc:
        info.status = Status.FAILURE
        info.error = f"second CIOCGSESSION: {_strerror(exc)}"
    _close(dev, ses1)
    if ses2:
        _close(dev, ses2)
    return info


def probe_all(dev: Device) -> tuple[list[DriverInfo], list[DriverInfo]]:
    return (
        [probe_cipher(dev, c) for c in algorithm_ids.CIPHERS],
        [probe_digest(dev, d) for d in algorithm_ids.DIGESTS],
    )


def not_a_cryptodev(ciphers: list[DriverInfo], digests: list[DriverInfo]) -> bool:
    """Every session open failed with ENOTTY: the file is not a cryptodev device."""
    infos = [*ciphers, *digests]
    return all(i.status == Status.NO_CIOCGSESSION and i.errno == errno.ENOTTY for i in infos)


def usable(info: DriverInfo, selected: bool, use_softdrivers: int) -> bool:
    """devcrypto_test_cipher / devcrypto_test_digest."""
    return (
        info.status == Status.USABLE
        and selected
        and (
            info.accelerated == Accel.ACCELERATED
            or use_softdrivers == USE_SOFTWARE
            or (info.accelerated != Accel.NOT_ACCELERATED and use_softdrivers == REJECT_SOFTWARE)
        )
    )


def why_unusable(sn: str, info: DriverInfo, selected: bool, use_softdrivers: int, ctrl: str) -> str:
    """One line: why `usable()` is false (the caller checked that it is)."""
    if info.status == Status.NO_CIOCGSESSION:
        return f"/dev/crypto cannot open a {sn} session ({info.error})"
    if info.status == Status.NO_CIOCCPHASH:
        return f"/dev/crypto cannot copy {sn} hash state ({info.error}); OpenSSL requires it"
    if info.status != Status.USABLE:
        return f"{sn} setup failed ({info.error or 'unknown error'})"
    if not selected:
        return f"{sn} is not enabled (ctrl {ctrl})"
    driver = info.driver_name or "unknown"
    if info.accelerated == Accel.NOT_ACCELERATED:
        return (
            f"{sn}: kernel driver {driver} is software (no CRYPTO_ALG_KERN_DRIVER_ONLY) and "
            f"USE_SOFTDRIVERS={use_softdrivers} refuses software drivers "
            "(USE_SOFTDRIVERS=1 allows them)"
        )
    return (
        f"{sn}: acceleration of kernel driver {driver} is unknown and USE_SOFTDRIVERS=0 "
        "accepts only confirmed hardware drivers"
    )
