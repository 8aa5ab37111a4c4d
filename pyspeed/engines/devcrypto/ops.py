"""Speed operations: one CIOCCRYPT per block, prepared so the timed call is `fcntl.ioctl`.

Per test, one session (CIOCGSESSION with speed.c's key) and one packed crypt_op whose
pointers are fixed here; the runner then calls `kernel.ioctl(fd, CIOCCRYPT, crypt_op)`,
which for the real kernel is `fcntl.ioctl` itself: no Python frame per iteration.

* ciphers, as OpenSSL's devcrypto `cipher_do_cipher` under `openssl speed`: in place
  (src = dst = the block buffer), IV starting at zero and written back by the kernel
  after every call (COP_FLAG_WRITE_IV), so CBC chains and CTR counts across iterations
  exactly like one continuing EVP context. CBC/ECB sizes must be whole cipher blocks
  (the kernel answers EINVAL otherwise, and openssl runs with padding off). CTR takes
  any size in one call: the kernel's ctr(aes) is a stream cipher; OpenSSL's engine
  would XOR a trailing partial block in user space after a second, one-block call.
* digests: COP_FLAG_NONE (cryptodev resets, hashes and finalises in one call, what
  OpenSSL's one-shot EVP_Digest path sends), digest written to a fixed `mac` buffer.

One untimed call checks that the kernel accepts the operation (a failing ioctl becomes
Unsupported); the cipher buffer and IV are zeroed again afterwards.
"""

from __future__ import annotations

import contextlib
import ctypes
import os

from pyspeed.engines.devcrypto import abi, algorithm_ids
from pyspeed.engines.devcrypto.device import CryptOp, Device, Pinned
from pyspeed.engines.devcrypto.probe import Accel, DriverInfo
from pyspeed.model import Operation, Unsupported

#: speed.c's key32; a cipher takes its first keylen bytes (des-ede3: speed.c's deskey)
KEY32: bytes = bytes.fromhex("123456789abcdef03456789abcdef01256789abcdef01234789abcdef0123456")
_MAX_LEN = 2**32 - 1


def _strerror(exc: OSError) -> str:
    return exc.strerror or (os.strerror(exc.errno) if exc.errno else str(exc))


def _accel_word(accel: Accel) -> str:
    return {
        Accel.ACCELERATED: "hw accelerated",
        Accel.NOT_ACCELERATED: "software",
    }.get(accel, "acceleration status unknown")


def _describe(dev: Device, ses: int, info: DriverInfo, hash_: bool) -> tuple[str, int]:
    """(`/dev/crypto: cbc-aes-aesni (software)`, alignmask) from this session's info."""
    driver, accel, alignmask = info.driver_name, info.accelerated, info.alignmask
    try:
        siop = dev.session_info(ses)
    except OSError:
        pass
    else:
        driver = siop.hash_driver if hash_ else siop.cipher_driver
        accel = Accel.ACCELERATED if siop.kernel_driver_only else Accel.NOT_ACCELERATED
        alignmask = siop.alignmask
    text = f"{dev.path} (cryptodev): kernel driver {driver or 'unknown'} ({_accel_word(accel)})"
    return text, alignmask


def _alignment_note(buf: Pinned, alignmask: int) -> tuple[str, ...]:
    if alignmask and buf.address & alignmask:
        return (
            f"buffer not aligned to the driver's {alignmask + 1} bytes: cryptodev "
            "falls back from zero-copy to copying the data",
        )
    return ()


def _close_quietly(dev: Device, ses: int) -> None:
    with contextlib.suppress(OSError):
        dev.close_session(ses)


def _trial(dev: Device, cop: CryptOp, ses: int, what: str) -> None:
    try:
        dev.crypt(cop)
    except OSError as exc:
        _close_quietly(dev, ses)
        raise Unsupported(f"{what}: CIOCCRYPT failed: {_strerror(exc)}") from exc


def cipher_op(
    dev: Device,
    cand: algorithm_ids.CipherCandidate,
    info: DriverInfo,
    size: int,
    misalign: int,
    decrypt: bool,
) -> tuple[Operation, CryptOp, int]:
    """The operation, its crypt_op (for the caller's session bookkeeping) and session id."""
    if cand.mode in ("cbc", "ecb") and size % cand.block:
        raise Unsupported(
            f"{cand.sn}: block size {size} is not a multiple of the cipher block "
            f"({cand.block} bytes); openssl runs it with padding disabled"
        )
    if size > _MAX_LEN:
        raise Unsupported(f"{cand.sn}: cryptodev lengths are 32-bit, {size} is too large")
    what = f"{cand.sn} with {size}-byte blocks"
    try:
        ses = dev.open_session(cipher=cand.crypto_id, key=KEY32[: cand.keylen])
    except OSError as exc:
        raise Unsupported(f"{cand.sn}: CIOCGSESSION failed: {_strerror(exc)}") from exc
    data = Pinned(size, misalign)
    iv = Pinned(abi.EALG_MAX_BLOCK_LEN)  # EVP_MAX_IV_LENGTH; the kernel reads ivsize bytes
    op = abi.COP_DECRYPT if decrypt else abi.COP_ENCRYPT
    cop = dev.crypt_op(ses, op, abi.COP_FLAG_WRITE_IV, size, data, data, None, iv)
    implementation, alignmask = _describe(dev, ses, info, hash_=False)
    _trial(dev, cop, ses, what)
    ctypes.memset(data.address, 0, size)
    ctypes.memset(iv.address, 0, len(iv))
    notes = (
        "one CIOCCRYPT per block, in place, IV written back by the kernel (COP_FLAG_WRITE_IV)",
        *_alignment_note(data, alignmask),
    )
    operation = Operation(
        dev.kernel.ioctl, (dev.fd, abi.CIOCCRYPT, cop), implementation, notes=notes
    )
    return operation, cop, ses


def digest_op(
    dev: Device, cand: algorithm_ids.DigestCandidate, info: DriverInfo, size: int, misalign: int
) -> tuple[Operation, CryptOp, int]:
    if size > _MAX_LEN:
        raise Unsupported(f"{cand.sn}: cryptodev lengths are 32-bit, {size} is too large")
    try:
        ses = dev.open_session(mac=cand.crypto_id)
    except OSError as exc:
        raise Unsupported(f"{cand.sn}: CIOCGSESSION failed: {_strerror(exc)}") from exc
    data = Pinned(size, misalign)
    mac = Pinned(abi.AALG_MAX_RESULT_LEN)
    cop = dev.crypt_op(ses, abi.COP_ENCRYPT, abi.COP_FLAG_NONE, size, data, None, mac, None)
    implementation, alignmask = _describe(dev, ses, info, hash_=True)
    _trial(dev, cop, ses, f"{cand.sn} with {size}-byte blocks")
    notes = (
        "one CIOCCRYPT per block (reset, update and final in one call) on one session; "
        "openssl's EVP_Digest through the devcrypto engine also opens and closes a "
        "session around every digest (two more ioctls per block)",
        *_alignment_note(data, alignmask),
    )
    operation = Operation(
        dev.kernel.ioctl, (dev.fd, abi.CIOCCRYPT, cop), implementation, notes=notes
    )
    return operation, cop, ses
