"""/dev/crypto at the system-call boundary: open, ioctl, close, and memory the kernel reads.

Everything the engine sends to the kernel goes through a `Kernel`, three calls with the
signatures of `os.open`, `fcntl.ioctl` (a mutable buffer, changed in place) and
`os.close`. `SystemKernel` is exactly those functions; a test double receives the same
packed bytes and request numbers and plays the module's part.

The structs carry raw user-space addresses (key, src, dst, iv, mac), so data lives in
`Pinned` memory: a bytearray whose storage is exported to ctypes, which both yields its
address and forbids resizing it (so the address cannot change under the kernel).
"""

from __future__ import annotations

import ctypes
import fcntl
import os
from typing import Protocol

from pyspeed.engines.devcrypto import abi

DEVICE_PATH = "/dev/crypto"


class Kernel(Protocol):
    def open(self, path: str, flags: int, /) -> int: ...

    def ioctl(self, fd: int, request: int, arg: bytearray, /) -> int: ...

    def close(self, fd: int, /) -> None: ...


class SystemKernel:
    """The real system calls. `ioctl` is `fcntl.ioctl` itself, so a speed operation that
    calls it runs no Python frame: the buffer is copied in, the kernel runs, it is copied
    back (fcntl's mutate_flag defaults to true)."""

    open = staticmethod(os.open)
    ioctl = staticmethod(fcntl.ioctl)
    close = staticmethod(os.close)


class Pinned:
    """`size` zeroed bytes at a fixed address, `misalign` bytes past a 64-byte boundary.

    speed.c offsets its buffers from malloc's alignment by `-misalign`; 64 makes the base
    alignment the same on every run (cache line, and more than any cryptodev alignmask).
    """

    ALIGN = 64
    SLACK = 64

    def __init__(self, size: int, misalign: int = 0, data: bytes | None = None) -> None:
        if size < 0 or misalign < 0:
            raise ValueError("size and misalign must be >= 0")
        raw = bytearray(size + self.ALIGN + misalign + self.SLACK)
        self._raw = raw
        self._export = (ctypes.c_char * len(raw)).from_buffer(raw)
        base = ctypes.addressof(self._export)
        offset = (-base) % self.ALIGN + misalign
        self.address = base + offset
        self.size = size
        self.view = memoryview(raw)[offset : offset + size]
        if data is not None:
            self.view[: len(data)] = data

    def __len__(self) -> int:
        return self.size

    def bytes(self) -> bytes:
        return bytes(self.view)


class CryptOp(bytearray):
    """A packed `struct crypt_op` that keeps alive the memory its pointers name."""

    keep: tuple[Pinned, ...]


class Device:
    """One open file of /dev/crypto; sessions belong to it and die with it."""

    def __init__(self, kernel: Kernel, fd: int, path: str = DEVICE_PATH) -> None:
        self.kernel = kernel
        self.fd = fd
        self.path = path

    @classmethod
    def open(cls, kernel: Kernel, path: str = DEVICE_PATH) -> Device:
        """open(path, O_RDWR | O_CLOEXEC); OSError as the kernel reports it.

        OpenSSL then asks CRIOGET for a cloned descriptor. cryptodev-linux documents that
        as unneeded (CRIOGET_NOT_NEEDED) and its clone is not close-on-exec, so it is not
        used here: sessions work the same on the descriptor open() returned.
        """
        return cls(kernel, kernel.open(path, os.O_RDWR | os.O_CLOEXEC), path)

    def close(self) -> None:
        fd, self.fd = self.fd, -1
        if fd >= 0:
            self.kernel.close(fd)

    @property
    def closed(self) -> bool:
        return self.fd < 0

    # -- sessions ---------------------------------------------------------------------
    def open_session(
        self, cipher: int = 0, mac: int = 0, key: bytes = b"", mackey: bytes = b""
    ) -> int:
        """CIOCGSESSION; returns the session id the kernel wrote into the struct."""
        key_mem = Pinned(len(key), data=key) if key else None
        mackey_mem = Pinned(len(mackey), data=mackey) if mackey else None
        sop = abi.pack_session_op(
            cipher=cipher,
            mac=mac,
            keylen=len(key),
            key=key_mem.address if key_mem else 0,
            mackeylen=len(mackey),
            mackey=mackey_mem.address if mackey_mem else 0,
        )
        self.kernel.ioctl(self.fd, abi.CIOCGSESSION, sop)
        del key_mem, mackey_mem  # the kernel copied the keys during the call
        return abi.session_op_ses(sop)

    def session_info(self, ses: int) -> abi.SessionInfo:
        siop = abi.pack_session_info_op(ses)
        self.kernel.ioctl(self.fd, abi.CIOCGSESSINFO, siop)
        return abi.unpack_session_info_op(siop)

    def close_session(self, ses: int) -> None:
        self.kernel.ioctl(self.fd, abi.CIOCFSESSION, abi.pack_u32(ses))

    def copy_hash(self, dst_ses: int, src_ses: int) -> None:
        self.kernel.ioctl(self.fd, abi.CIOCCPHASH, abi.pack_cphash_op(dst_ses, src_ses))

    # -- operations -------------------------------------------------------------------
    def crypt_op(
        self,
        ses: int,
        op: int,
        flags: int,
        length: int,
        src: Pinned | None,
        dst: Pinned | None = None,
        mac: Pinned | None = None,
        iv: Pinned | None = None,
    ) -> CryptOp:
        """A packed crypt_op for CIOCCRYPT, holding references to its buffers."""
        cop = CryptOp(
            abi.pack_crypt_op(
                ses,
                op,
                flags,
                length,
                src.address if src else 0,
                dst.address if dst else 0,
                mac.address if mac else 0,
                iv.address if iv else 0,
            )
        )
        cop.keep = tuple(m for m in (src, dst, mac, iv) if m is not None)
        return cop

    def crypt(self, cop: bytearray) -> None:
        self.kernel.ioctl(self.fd, abi.CIOCCRYPT, cop)
