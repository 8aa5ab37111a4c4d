"""The cryptodev-linux user ABI (`crypto/cryptodev.h`), for LP64 Linux.

Request numbers are computed with the kernel's generic `_IOC` layout (2 direction bits
at 30, 14 size bits at 16, type `'c'` at 8, number at 0) from the struct sizes below;
the tests pin them to the values the reference measured on x86_64 with the real header.
Alpha, MIPS, PowerPC and SPARC lay `_IOC` out differently, and 32-bit processes have
other struct sizes: `platform_problem()` says so instead of sending wrong requests.

Struct layouts are the upstream ones (cryptodev-linux 1.10 to 1.14, and the copy OpenSSL
bundles). The unmerged compression pull request (#26) adds a `compr` field to
`session_op` and `dlen` to `crypt_op`; a module built from it is not ABI compatible.
"""

from __future__ import annotations

import platform
import struct
from dataclasses import dataclass

# -- _IOC ---------------------------------------------------------------------------
IOC_NONE = 0
IOC_WRITE = 1
IOC_READ = 2
_IOC_NRSHIFT = 0
_IOC_TYPESHIFT = 8
_IOC_SIZESHIFT = 16
_IOC_DIRSHIFT = 30
IOC_TYPE = ord("c")


def ioc(direction: int, nr: int, size: int) -> int:
    """The generic Linux `_IOC(dir, 'c', nr, size)`."""
    return (
        (direction << _IOC_DIRSHIFT)
        | (size << _IOC_SIZESHIFT)
        | (IOC_TYPE << _IOC_TYPESHIFT)
        | (nr << _IOC_NRSHIFT)
    )


# -- structs (native x86_64/aarch64 alignment spelled out as explicit padding) -------
#: struct session_op {u32 cipher, mac, keylen; u8 *key; u32 mackeylen; u8 *mackey; u32 ses}
SESSION_OP = struct.Struct("=III4xQI4xQI4x")
#: struct session_info_op {u32 ses; alg_info cipher_info, hash_info; u16 alignmask; u32 flags}
SESSION_INFO_OP = struct.Struct("=I64s64s64s64sH2xI")
#: struct crypt_op {u32 ses; u16 op, flags; u32 len; u8 *src, *dst, *mac, *iv}
CRYPT_OP = struct.Struct("=IHHI4xQQQQ")
#: struct crypt_auth_op (CIOCAUTHCRYPT; not used by the devcrypto engine)
CRYPT_AUTH_OP = struct.Struct("=IHHIIQQQQI4xQI4x")
#: struct cphash_op {u32 dst_ses, src_ses}
CPHASH_OP = struct.Struct("=II")
U32 = struct.Struct("=I")
CRYPT_KOP_SIZE = 144  # struct crypt_kop (CIOCKEY, never implemented by cryptodev-linux)

# field offsets inside crypt_op and session_op that the engine patches in place
SESSION_OP_SES_OFFSET = 40
CRYPT_OP_LEN_OFFSET = 8

# -- ioctl requests -----------------------------------------------------------------
CRIOGET = ioc(IOC_READ | IOC_WRITE, 101, U32.size)
CIOCGSESSION = ioc(IOC_READ | IOC_WRITE, 102, SESSION_OP.size)
CIOCFSESSION = ioc(IOC_WRITE, 103, U32.size)
CIOCCRYPT = ioc(IOC_READ | IOC_WRITE, 104, CRYPT_OP.size)
CIOCKEY = ioc(IOC_READ | IOC_WRITE, 105, CRYPT_KOP_SIZE)
CIOCASYMFEAT = ioc(IOC_READ, 106, U32.size)
CIOCGSESSINFO = ioc(IOC_READ | IOC_WRITE, 107, SESSION_INFO_OP.size)
CIOCAUTHCRYPT = ioc(IOC_READ | IOC_WRITE, 109, CRYPT_AUTH_OP.size)
CIOCASYNCCRYPT = ioc(IOC_WRITE, 110, CRYPT_OP.size)
CIOCASYNCFETCH = ioc(IOC_READ, 111, CRYPT_OP.size)
CIOCCPHASH = ioc(IOC_WRITE, 112, CPHASH_OP.size)

# -- enum cryptodev_crypto_op_t -----------------------------------------------------
CRYPTO_DES_CBC = 1
CRYPTO_3DES_CBC = 2
CRYPTO_BLF_CBC = 3
CRYPTO_CAST_CBC = 4
CRYPTO_SKIPJACK_CBC = 5
CRYPTO_MD5_HMAC = 6
CRYPTO_SHA1_HMAC = 7
CRYPTO_RIPEMD160_HMAC = 8
CRYPTO_MD5_KPDK = 9
CRYPTO_SHA1_KPDK = 10
CRYPTO_AES_CBC = 11  # CRYPTO_RIJNDAEL128_CBC
CRYPTO_ARC4 = 12
CRYPTO_MD5 = 13
CRYPTO_SHA1 = 14
CRYPTO_DEFLATE_COMP = 15
CRYPTO_NULL = 16
CRYPTO_LZS_COMP = 17
CRYPTO_SHA2_256_HMAC = 18
CRYPTO_SHA2_384_HMAC = 19
CRYPTO_SHA2_512_HMAC = 20
CRYPTO_AES_CTR = 21
CRYPTO_AES_XTS = 22
CRYPTO_AES_ECB = 23
CRYPTO_AES_CFB = 24
CRYPTO_AES_OFB = 25
CRYPTO_AES_GCM = 50
CRYPTO_AES_CCM = 51
CRYPTO_CAMELLIA_CBC = 101
CRYPTO_RIPEMD160 = 102
CRYPTO_SHA2_224 = 103
CRYPTO_SHA2_256 = 104
CRYPTO_SHA2_384 = 105
CRYPTO_SHA2_512 = 106
CRYPTO_SHA2_224_HMAC = 107
CRYPTO_TLS11_AES_CBC_HMAC_SHA1 = 108
CRYPTO_TLS12_AES_CBC_HMAC_SHA256 = 109

# -- limits and flags ---------------------------------------------------------------
CRYPTO_HMAC_MAX_KEY_LEN = 512
CRYPTO_CIPHER_MAX_KEY_LEN = 64
CRYPTODEV_MAX_ALG_NAME = 64
HASH_MAX_LEN = 64
EALG_MAX_BLOCK_LEN = 16
AALG_MAX_RESULT_LEN = 64

COP_ENCRYPT = 0
COP_DECRYPT = 1

COP_FLAG_NONE = 0  # hash: reset, update and final in one call
COP_FLAG_UPDATE = 1 << 0
COP_FLAG_FINAL = 1 << 1
COP_FLAG_WRITE_IV = 1 << 2
COP_FLAG_NO_ZC = 1 << 3
COP_FLAG_AEAD_TLS_TYPE = 1 << 4
COP_FLAG_AEAD_SRTP_TYPE = 1 << 5
COP_FLAG_RESET = 1 << 6

SIOP_FLAG_KERNEL_DRIVER_ONLY = 1

#: machines whose kernel uses the generic _IOC layout with LP64 structs
_GENERIC_IOC_MACHINES = frozenset(
    {"x86_64", "amd64", "aarch64", "arm64", "riscv64", "s390x", "loongarch64"}
)


def platform_problem(machine: str | None = None, pointer_bytes: int | None = None) -> str | None:
    """Why the ABI above would be wrong on this machine, or None if it is right."""
    machine = (machine if machine is not None else platform.machine()).lower()
    pointer_bytes = pointer_bytes if pointer_bytes is not None else struct.calcsize("P")
    if pointer_bytes != 8:
        return f"cryptodev ABI for {pointer_bytes * 8}-bit processes is not implemented"
    if machine not in _GENERIC_IOC_MACHINES:
        return f"cryptodev ioctl numbers for {machine or 'this machine'} are not implemented"
    return None


# -- pack / unpack ------------------------------------------------------------------
def pack_session_op(
    cipher: int = 0,
    mac: int = 0,
    keylen: int = 0,
    key: int = 0,
    mackeylen: int = 0,
    mackey: int = 0,
    ses: int = 0,
) -> bytearray:
    return bytearray(SESSION_OP.pack(cipher, mac, keylen, key, mackeylen, mackey, ses))


def session_op_ses(buf: bytes | bytearray) -> int:
    return int(U32.unpack_from(buf, SESSION_OP_SES_OFFSET)[0])


def pack_crypt_op(
    ses: int, op: int, flags: int, length: int, src: int, dst: int, mac: int, iv: int
) -> bytearray:
    return bytearray(CRYPT_OP.pack(ses, op, flags, length, src, dst, mac, iv))


def pack_u32(value: int) -> bytearray:
    return bytearray(U32.pack(value))


def pack_cphash_op(dst_ses: int, src_ses: int) -> bytearray:
    return bytearray(CPHASH_OP.pack(dst_ses, src_ses))


def _cstr(raw: bytes) -> str:
    return raw.split(b"\0", 1)[0].decode("utf-8", "replace")


@dataclass(frozen=True)
class SessionInfo:
    """What CIOCGSESSINFO reports about a session's kernel transforms."""

    cipher_name: str
    cipher_driver: str
    hash_name: str
    hash_driver: str
    alignmask: int
    flags: int

    @property
    def kernel_driver_only(self) -> bool:
        """SIOP_FLAG_KERNEL_DRIVER_ONLY: a driver only the kernel can use (hardware)."""
        return bool(self.flags & SIOP_FLAG_KERNEL_DRIVER_ONLY)


def pack_session_info_op(ses: int) -> bytearray:
    return bytearray(SESSION_INFO_OP.pack(ses, b"", b"", b"", b"", 0, 0))


def unpack_session_info_op(buf: bytes | bytearray) -> SessionInfo:
    _ses, cname, cdrv, hname, hdrv, alignmask, flags = SESSION_INFO_OP.unpack(buf)
    return SessionInfo(_cstr(cname), _cstr(cdrv), _cstr(hname), _cstr(hdrv), alignmask, flags)
