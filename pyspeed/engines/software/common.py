"""Constants and buffer helpers shared by the software engine's modules.

The keys and IVs are the ones `openssl speed` (3.0) uses for its cipher words, so the
engine's output can be compared byte for byte with openssl's (the tests do that with
`openssl enc`), and buffers are laid out like speed.c's (offset by `-misalign`, with slack
after them) so alignment effects match too.
"""

from __future__ import annotations

import functools

import cryptography
from cryptography.hazmat.backends.openssl import backend

#: speed.c's `key32`: 12 34 56 78 9a bc de f0 34 56 ... (ciphers take the first key_len bytes)
KEY32: bytes = bytes.fromhex("123456789abcdef03456789abcdef01256789abcdef01234789abcdef0123456")
#: speed.c's `hmac_key`, used with strlen() so 16 bytes
HMAC_KEY: bytes = b"This is a key..."
#: speed.c's GMAC IV for the `ghash` test (12 bytes)
GMAC_IV: bytes = b"0123456789ab"
#: the slack openssl allocates after every buffer (speed.c MISALIGN), which also covers the
#: `block_size - 1` bytes cryptography's update_into insists on
SLACK = 64


def key_bytes(n: int) -> bytes:
    """The first `n` key bytes; past 32 (AES-256-XTS, AES-256-SIV) a second, different half.

    openssl uses a random key for `-evp`; the fixed one keeps runs reproducible. The second
    half is KEY32 xor 0x5a so the two XTS halves differ (cryptography rejects equal halves).
    """
    if n <= len(KEY32):
        return KEY32[:n]
    ext = KEY32 + bytes(b ^ 0x5A for b in KEY32)
    if n > len(ext):
        raise ValueError(f"no fixed key material for {n} bytes")
    return ext[:n]


@functools.cache
def versions() -> str:
    """`cryptography 48.0.0 (OpenSSL 4.0.0 14 Apr 2026)`: who really runs the operation."""
    return f"cryptography {cryptography.__version__} ({backend.openssl_version_text()})"


def buffer(size: int, misalign: int, extra: int = 0) -> memoryview:
    """A zeroed, writable view of `size + extra` bytes starting `misalign` bytes into a fresh
    allocation, like speed.c's `buf_malloc + misalign`; the allocation has SLACK spare bytes
    after the view so a misaligned view never runs off the end.

    The memoryview keeps its bytearray alive, so callers need not hold on to it.
    """
    if misalign < 0:
        raise ValueError("misalign must be >= 0")
    raw = bytearray(size + extra + SLACK + misalign)
    return memoryview(raw)[misalign : misalign + size + extra]


def out_buffer(size: int, misalign: int, block: int) -> memoryview:
    """An output view for `update_into`: cryptography requires `len(data) + block - 1` bytes."""
    return buffer(size, misalign, extra=max(block - 1, 0))
