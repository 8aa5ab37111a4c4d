"""A test double of cryptodev-linux at the system-call boundary.

It is handed what `fcntl.ioctl` would hand the kernel: the request number and the packed
struct (the engine's bytearray). It is written from the tables of docs/qat-model.md
§3.1-3.5, not from the engine's modules: request numbers as the measured hex values,
structs as (offset, struct-code) per field. Memory behind the struct's pointers is read
and written with ctypes, as copy_from_user / copy_to_user would. The crypto is real
(pyca/cryptography), so tests can check ciphertexts and digests. Errors follow the
module's source: EINVAL for unknown ids, bad key lengths, unknown sessions, bad `op`,
partial blocks; ENOENT/EDEADLK for CIOCCPHASH; CIOCFSESSION of an unknown id returns 0
(the list-iterator quirk) unless `strict_free`.
"""

from __future__ import annotations

import ctypes
import errno
import os
import struct
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.decrepit.ciphers import algorithms as decrepit
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

# -- the documented numbers -----------------------------------------------------------
CIOCGSESSION = 0xC0306366
CIOCFSESSION = 0x40046367
CIOCCRYPT = 0xC0306368
CIOCGSESSINFO = 0xC10C636B
CIOCCPHASH = 0x40086370
REQUEST_NAMES = {CIOCGSESSION: "CIOCGSESSION", CIOCFSESSION: "CIOCFSESSION",
                 CIOCCRYPT: "CIOCCRYPT", CIOCGSESSINFO: "CIOCGSESSINFO",
                 CIOCCPHASH: "CIOCCPHASH"}

# field -> (offset, struct code), from the layout tables
SESSION_OP = {
    "cipher": (0, "I"),
    "mac": (4, "I"),
    "keylen": (8, "I"),
    "key": (16, "Q"),
    "mackeylen": (24, "I"),
    "mackey": (32, "Q"),
    "ses": (40, "I"),
}
SESSION_OP_SIZE = 48
CRYPT_OP = {
    "ses": (0, "I"),
    "op": (4, "H"),
    "flags": (6, "H"),
    "len": (8, "I"),
    "src": (16, "Q"),
    "dst": (24, "Q"),
    "mac": (32, "Q"),
    "iv": (40, "Q"),
}
CRYPT_OP_SIZE = 48
SESSION_INFO_OP_SIZE = 268
SIOP = {
    "ses": (0, "I"),
    "cipher_name": (4, "64s"),
    "cipher_driver": (68, "64s"),
    "hash_name": (132, "64s"),
    "hash_driver": (196, "64s"),
    "alignmask": (260, "H"),
    "flags": (264, "I"),
}
CPHASH_OP = {"dst_ses": (0, "I"), "src_ses": (4, "I")}

COP_FLAG_UPDATE, COP_FLAG_FINAL, COP_FLAG_WRITE_IV, COP_FLAG_RESET = 1, 2, 4, 64

CIPHER_NAMES = {
    1: "cbc(des)",
    2: "cbc(des3_ede)",
    3: "cbc(blowfish)",
    11: "cbc(aes)",
    16: "ecb(cipher_null)",
    21: "ctr(aes)",
    22: "xts(aes)",
    23: "ecb(aes)",
    101: "cbc(camellia)",
}
HASH_NAMES = {
    13: "md5",
    14: "sha1",
    102: "rmd160",
    103: "sha224",
    104: "sha256",
    105: "sha384",
    106: "sha512",
}


def decode(buf: bytes | bytearray, layout: dict[str, tuple[int, str]]) -> dict[str, Any]:
    return {
        name: struct.unpack_from("=" + code, buf, off)[0] for name, (off, code) in layout.items()
    }


def encode_into(buf: bytearray, layout: dict[str, tuple[int, str]], **values: Any) -> None:
    for name, value in values.items():
        off, code = layout[name]
        struct.pack_into("=" + code, buf, off, value)


def _oserror(code: int) -> OSError:
    return OSError(code, os.strerror(code))


# -- kernel-side algorithms -----------------------------------------------------------
_BLOCK_CIPHERS: dict[str, tuple[Any, tuple[int, ...], int]] = {
    # kernel cipher -> (factory, valid key lengths, block size)
    "aes": (algorithms.AES, (16, 24, 32), 16),
    "des3_ede": (decrepit.TripleDES, (24,), 8),
    "blowfish": (decrepit.Blowfish, tuple(range(4, 57)), 8),
    "camellia": (decrepit.Camellia, (16, 24, 32), 16),
}
_HASHES: dict[str, Any] = {
    "md5": hashes.MD5,
    "sha1": hashes.SHA1,
    "sha224": hashes.SHA224,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


@dataclass
class Driver:
    """A registered kernel implementation: what CIOCGSESSINFO will report."""

    driver: str
    kern_driver_only: bool = False
    alignmask: int = 0
    info_errno: int | None = None  # make CIOCGSESSINFO fail (injected fault)
    cphash_errno: int | None = None  # make CIOCCPHASH from this hash fail


@dataclass
class Session:
    sid: int
    cipher_name: str = ""
    hash_name: str = ""
    key: bytes = b""
    cipher_driver: Driver | None = None
    hash_driver: Driver | None = None
    hash_ctx: Any = None
    finalized: bool = False

    @property
    def mode(self) -> str:
        return self.cipher_name.split("(")[0]

    @property
    def base(self) -> str:
        return self.cipher_name[self.cipher_name.index("(") + 1 : -1]

    @property
    def blocksize(self) -> int:
        return 1 if self.mode == "ctr" else _BLOCK_CIPHERS[self.base][2]

    @property
    def ivsize(self) -> int:
        return 0 if self.mode == "ecb" else _BLOCK_CIPHERS[self.base][2]


@dataclass
class FakeCryptodev:
    """A Kernel (open/ioctl/close) whose only file is a cryptodev device at `path`."""

    drivers: dict[str, Driver]
    path: str = "/dev/crypto"
    strict_free: bool = False
    open_errno: int | None = None
    log: list[tuple[Any, ...]] = field(default_factory=list)
    files: dict[int, dict[int, Session]] = field(default_factory=dict)
    open_flags: list[int] = field(default_factory=list)
    closed: list[int] = field(default_factory=list)
    _next_fd: int = 100
    _next_sid: int = 0x5EED0001

    # -- file operations ------------------------------------------------------------
    def open(self, path: str, flags: int, /) -> int:
        if self.open_errno is not None:
            raise _oserror(self.open_errno)
        if path != self.path:
            raise _oserror(errno.ENOENT)
        if flags & os.O_ACCMODE != os.O_RDWR:
            raise _oserror(errno.EINVAL)
        fd, self._next_fd = self._next_fd, self._next_fd + 1
        self.files[fd] = {}
        self.open_flags.append(flags)
        return fd

    def close(self, fd: int, /) -> None:
        if fd not in self.files:
            raise _oserror(errno.EBADF)
        del self.files[fd]  # cryptodev_release: every session of the file ends
        self.closed.append(fd)

    def ioctl(self, fd: int, request: int, arg: bytearray, /) -> int:
        if fd not in self.files:
            raise _oserror(errno.EBADF)
        assert isinstance(arg, bytearray), "the engine must pass a mutable buffer"
        size = (request >> 16) & 0x3FFF
        assert len(arg) == size, f"struct of {len(arg)} bytes for a request of {size}"
        sessions = self.files[fd]
        handler = {
            CIOCGSESSION: self._gsession,
            CIOCFSESSION: self._fsession,
            CIOCCRYPT: self._crypt,
            CIOCGSESSINFO: self._sessinfo,
            CIOCCPHASH: self._cphash,
        }.get(request)
        if handler is None:
            raise _oserror(errno.EINVAL)  # cryptodev's default: case
        return handler(sessions, arg)

    # -- sessions ---------------------------------------------------------------------
    def _gsession(self, sessions: dict[int, Session], arg: bytearray) -> int:
        sop = decode(arg, SESSION_OP)
        self.log.append(("CIOCGSESSION", sop["cipher"], sop["mac"], sop["keylen"]))
        if not sop["cipher"] and not sop["mac"]:
            raise _oserror(errno.EINVAL)
        ses = Session(0)
        if sop["cipher"]:
            name = CIPHER_NAMES.get(sop["cipher"])
            if name is None or sop["keylen"] > 64:
                raise _oserror(errno.EINVAL)
            if sop["keylen"] and not sop["key"]:
                raise _oserror(errno.EFAULT)
            key = ctypes.string_at(sop["key"], sop["keylen"]) if sop["keylen"] else b""
            driver = self.drivers.get(name)
            base = name[name.index("(") + 1 : -1]
            if driver is None or base not in _BLOCK_CIPHERS:
                raise _oserror(errno.EINVAL)  # "Failed to load cipher"
            if len(key) not in _BLOCK_CIPHERS[base][1]:
                raise _oserror(errno.EINVAL)  # setkey refused
            ses.cipher_name, ses.key, ses.cipher_driver = name, key, driver
            self.log[-1] += (key,)
        if sop["mac"]:
            name = HASH_NAMES.get(sop["mac"])
            driver = self.drivers.get(name or "")
            if name is None or driver is None or name not in _HASHES:
                raise _oserror(errno.EINVAL)
            if sop["mackeylen"] > 512:
                raise _oserror(errno.EINVAL)
            ses.hash_name, ses.hash_driver = name, driver
            ses.hash_ctx = hashes.Hash(_HASHES[name]())
        ses.sid, self._next_sid = self._next_sid, self._next_sid + 0x1111
        sessions[ses.sid] = ses
        encode_into(arg, SESSION_OP, ses=ses.sid)
        return 0

    def _fsession(self, sessions: dict[int, Session], arg: bytearray) -> int:
        sid = struct.unpack_from("=I", arg, 0)[0]
        self.log.append(("CIOCFSESSION", sid))
        if sessions.pop(sid, None) is None and self.strict_free:
            raise _oserror(errno.ENOENT)
        return 0

    def _sessinfo(self, sessions: dict[int, Session], arg: bytearray) -> int:
        sid = decode(arg, SIOP)["ses"]
        self.log.append(("CIOCGSESSINFO", sid))
        ses = sessions.get(sid)
        if ses is None:
            raise _oserror(errno.EINVAL)
        drivers = [d for d in (ses.cipher_driver, ses.hash_driver) if d is not None]
        for d in drivers:
            if d.info_errno is not None:
                raise _oserror(d.info_errno)
        encode_into(
            arg,
            SIOP,
            cipher_name=ses.cipher_name.encode(),
            cipher_driver=(ses.cipher_driver.driver if ses.cipher_driver else "").encode(),
            hash_name=ses.hash_name.encode(),
            hash_driver=(ses.hash_driver.driver if ses.hash_driver else "").encode(),
            alignmask=max([d.alignmask for d in drivers] or [0]),
            flags=1 if any(d.kern_driver_only for d in drivers) else 0,
        )
        return 0

    def _cphash(self, sessions: dict[int, Session], arg: bytearray) -> int:
        op = decode(arg, CPHASH_OP)
        self.log.append(("CIOCCPHASH", op["dst_ses"], op["src_ses"]))
        if op["dst_ses"] == op["src_ses"]:
            raise _oserror(errno.EDEADLK)
        src, dst = sessions.get(op["src_ses"]), sessions.get(op["dst_ses"])
        if src is None or dst is None:
            raise _oserror(errno.ENOENT)
        if src.hash_driver is None or dst.hash_driver is None:
            raise _oserror(errno.EINVAL)
        if src.hash_driver.cphash_errno is not None:
            raise _oserror(src.hash_driver.cphash_errno)
        dst.hash_ctx = src.hash_ctx.copy() if src.hash_ctx is not None else None
        dst.finalized = src.finalized
        return 0

    # -- CIOCCRYPT --------------------------------------------------------------------
    def _crypt(self, sessions: dict[int, Session], arg: bytearray) -> int:
        cop = decode(arg, CRYPT_OP)
        self.log.append(("CIOCCRYPT", cop["ses"], cop["op"], cop["flags"], cop["len"]))
        if cop["op"] not in (0, 1):
            raise _oserror(errno.EINVAL)
        ses = sessions.get(cop["ses"])
        if ses is None:
            raise _oserror(errno.EINVAL)
        flags, length = cop["flags"], cop["len"]
        if ses.hash_name and (flags == 0 or flags & COP_FLAG_RESET):
            ses.hash_ctx, ses.finalized = hashes.Hash(_HASHES[ses.hash_name]()), False
        if ses.cipher_name:
            if length % ses.blocksize:
                raise _oserror(errno.EINVAL)
            iv = ctypes.string_at(cop["iv"], ses.ivsize) if cop["iv"] and ses.ivsize else None
            if length:
                data = ctypes.string_at(cop["src"], length)
                out, new_iv = self._cipher(ses, cop["op"] == 1, data, iv)
                ctypes.memmove(cop["dst"], out, length)
                if iv is not None and flags & COP_FLAG_WRITE_IV:
                    ctypes.memmove(cop["iv"], new_iv, ses.ivsize)
        if ses.hash_name:
            if ses.finalized:
                # the kernel would hash on from a finalised (undefined) state; the double
                # makes that visible instead of returning a wrong digest
                raise _oserror(errno.EIO)
            if length:
                ses.hash_ctx.update(ctypes.string_at(cop["src"], length))
            if flags & COP_FLAG_FINAL or not flags & COP_FLAG_UPDATE or length == 0:
                digest = ses.hash_ctx.finalize()
                ctypes.memmove(cop["mac"], digest, len(digest))
                ses.hash_ctx, ses.finalized = None, True
        return 0

    @staticmethod
    def _cipher(ses: Session, decrypt: bool, data: bytes, iv: bytes | None) -> tuple[bytes, bytes]:
        factory, _, block = _BLOCK_CIPHERS[ses.base]
        algo = factory(ses.key)
        iv = iv if iv is not None else bytes(block)
        if ses.mode == "cbc":
            mode: Any = modes.CBC(iv)
        elif ses.mode == "ctr":
            mode = modes.CTR(iv)
        else:
            mode = modes.ECB()
        c = Cipher(algo, mode)
        ctx = c.decryptor() if decrypt else c.encryptor()
        out = ctx.update(data) + ctx.finalize()
        if ses.mode == "cbc":
            new_iv = (data if decrypt else out)[-block:]
        elif ses.mode == "ctr":
            blocks = -(-len(data) // block)
            new_iv = ((int.from_bytes(iv, "big") + blocks) % (1 << 128)).to_bytes(16, "big")
        else:
            new_iv = b""
        return out, new_iv

    # -- helpers for tests ----------------------------------------------------------
    def open_sessions(self) -> int:
        return sum(len(s) for s in self.files.values())

    def requests(self) -> list[str]:
        return [entry[0] for entry in self.log]


class NotCryptodev:
    """A file that is not a cryptodev device: every ioctl is ENOTTY."""

    def open(self, path: str, flags: int, /) -> int:
        return 7

    def ioctl(self, fd: int, request: int, arg: bytearray, /) -> int:
        raise _oserror(errno.ENOTTY)

    def close(self, fd: int, /) -> None:
        pass


def scenario() -> dict[str, Driver]:
    """A mixed host: CAAM hardware for 3DES and SHA-256, x86 CPU drivers, a QAT driver
    (which the kernel does not flag KERN_DRIVER_ONLY), a Camellia driver whose session
    info fails, no DES/RMD160, SHA-384 without hash-state copy."""
    return {
        "cbc(des3_ede)": Driver("cbc-3des-caam", kern_driver_only=True),
        "cbc(blowfish)": Driver("cbc(blowfish-generic)"),
        "cbc(aes)": Driver("cbc-aes-aesni", alignmask=15),
        "ctr(aes)": Driver("qat_aes_ctr"),
        "ecb(aes)": Driver("ecb-aes-aesni"),
        "cbc(camellia)": Driver("cbc-camellia-aesni", info_errno=errno.EIO),
        "md5": Driver("md5-generic"),
        "sha1": Driver("sha1-ni"),
        "sha224": Driver("sha224-avx2"),
        "sha256": Driver("sha256-caam", kern_driver_only=True),
        "sha384": Driver("sha384-avx2", cphash_errno=errno.EINVAL),
        "sha512": Driver("sha512-avx2"),
    }
