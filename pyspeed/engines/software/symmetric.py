"""Cipher operations: continuing contexts, AEAD messages and the TLS MAC-then-encrypt record.

Per iteration openssl speed (3.0) does, and so do these operations:

* non-AEAD ciphers: one `EVP_Update` of `size` bytes on a context created once for the
  whole test (CBC chains and CTR counters carry over), padding off, IV zero. Here:
  `update_into(data, out)` on one cryptography context - a bound Rust method with
  preallocated buffers, so the timed loop runs no Python bytecode;
* AEAD ciphers: set IV, (13-byte AAD with `-aead`), update, final/tag. Here: one
  `encrypt_into` / `decrypt_into` of a one-shot AEAD object, again a bound method.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, modes

from pyspeed.algos.evp import EvpCipher
from pyspeed.engines.software import ciphers
from pyspeed.engines.software.common import KEY32, buffer, out_buffer, versions
from pyspeed.model import Operation, Unsupported

#: speed.c's AAD for `-aead`: 13 bytes (a TLS record header), first byte 0xcc
AEAD_AAD: bytes = b"\xcc" + bytes(12)
#: speed.c's AEAD IV: 12 zero bytes
AEAD_NONCE: bytes = bytes(12)
TAG_LEN = 16
#: OpenSSL's XTS refuses data units above 2**20 blocks
_XTS_MAX = (1 << 20) * 16


def cipher_op(cipher: EvpCipher, size: int, misalign: int, decrypt: bool, aad: bool) -> Operation:
    if cipher.is_aead:
        return aead_op(cipher, size, misalign, decrypt, aad)
    spec = ciphers.stream_spec(cipher)
    if spec.mode.startswith("cbc-hmac-"):
        if decrypt:
            raise Unsupported(f"-decrypt is not implemented for {cipher.label} (TLS composition)")
        return tls_record_op(spec, size, misalign)
    if spec.mode in ciphers.BLOCK_ALIGNED and size % spec.block:
        raise Unsupported(
            f"{cipher.label}: block size {size} is not a multiple of the cipher block "
            f"({spec.block} bytes); openssl runs it with padding disabled"
        )
    if spec.mode == "xts" and not 16 <= size <= _XTS_MAX:
        raise Unsupported(f"{cipher.label}: XTS needs 16 to {_XTS_MAX} bytes per update")
    c = Cipher(spec.make_algorithm(), spec.make_mode())
    ctx = c.decryptor() if decrypt else c.encryptor()
    data = buffer(size, misalign)
    out = out_buffer(size, misalign, spec.block)
    return Operation(ctx.update_into, (data, out), implementation=versions())


def tls_record_op(spec: ciphers.StreamSpec, size: int, misalign: int) -> Operation:
    """AES-CBC-HMAC-SHA1/SHA256 as the plain TLS 1.1 MAC-then-encrypt composition.

    This is the composition, NOT OpenSSL's stitched implementation (which interleaves the
    AES-NI and SHA code and is what makes those ciphers fast); cryptography has no
    access to it. Per iteration, one record of `size` payload bytes, as speed.c's `-mb`
    loop does when the cipher cannot do multi-block (its EVP_CTRL_AEAD_TLS1_AAD path):

    * HMAC (20-byte key for SHA-1, 32 for SHA-256) over the 13-byte TLS header and the
      payload - a copy of a keyed context into which the header was absorbed once;
    * AES-CBC encryption, on a context that continues across records, of
      explicit IV (16) || payload || MAC || padding, the padding precomputed so the total
      is block-aligned.

    With a multi-block capable CPU openssl instead splits `size` into 8 interleaved
    records; the header's sequence number stays 0 here (it does not change the work).
    """
    sha256 = spec.mode.endswith("sha256")
    alg = hashes.SHA256() if sha256 else hashes.SHA1()
    mac_len = alg.digest_size
    mac_base = hmac.HMAC(KEY32[:mac_len], alg)
    # seq_num(8) || type 23 (application data) || version 3.2 || payload length (truncated
    # to 16 bits exactly as speed.c does for its 128 KiB -mb sizes)
    mac_base.update(bytes(8) + bytes((23, 3, 2, (size >> 8) & 0xFF, size & 0xFF)))
    pad_len = (-(16 + size + mac_len + 1)) % 16
    pad = bytes([pad_len]) * (pad_len + 1)
    enc = Cipher(spec.make_algorithm(), modes.CBC(bytes(16))).encryptor()
    record = buffer(16 + size, misalign)  # explicit IV || payload
    payload = record[16:]
    total = 16 + size + mac_len + len(pad)
    out = buffer(total, misalign, extra=15)
    head = (16 + size) // 16 * 16
    out_tail = out[head:]

    def tls_record(
        record: memoryview,
        out: memoryview,
        payload: memoryview = payload,
        out_tail: memoryview = out_tail,
        copy: Callable[[], hmac.HMAC] = mac_base.copy,
        encrypt_into: Callable[[bytes | memoryview, memoryview], int] = enc.update_into,
        pad: bytes = pad,
    ) -> int:
        h = copy()
        h.update(payload)
        encrypt_into(record, out)
        return encrypt_into(h.finalize() + pad, out_tail)

    return Operation(
        tls_record,
        (record, out),
        implementation=versions(),
        notes=("TLS MAC-then-encrypt composition (HMAC + AES-CBC), not OpenSSL's stitched code",),
    )


def aead_op(cipher: EvpCipher, size: int, misalign: int, decrypt: bool, aad: bool) -> Operation:
    """One complete AEAD message per iteration (12-byte nonce, 16-byte tag).

    Decryption times `decrypt_into` of a ciphertext and tag precomputed for the same
    nonce/AAD, so the tag check passes. (openssl 3.0 decrypts with a fake tag and ignores
    the failed final; the work done is the same.)
    """
    spec = ciphers.aead_spec(cipher)
    if spec.max_size is not None and size > spec.max_size:
        raise Unsupported(
            f"{cipher.label}: {size} bytes is more than a 12-byte nonce allows "
            f"({spec.max_size} bytes)"
        )
    if spec.kind == "gcm-api":
        return _gcm_api_op(spec, size, misalign, decrypt, aad)
    ad: bytes | list[bytes] | None = AEAD_AAD if aad else None
    obj: Any = spec.factory(spec.key)
    pre: tuple[object, ...] = (AEAD_NONCE,)
    if spec.kind == "siv":  # AESSIV has no nonce; its AAD is a list of components
        pre = ()
        ad = [AEAD_AAD] if aad else None
    data = buffer(size, misalign)
    sealed = buffer(size, misalign, extra=TAG_LEN)
    if not decrypt:
        return Operation(obj.encrypt_into, (*pre, data, ad, sealed), implementation=versions())
    sealed[:] = obj.encrypt(*pre, bytes(data), ad)
    return Operation(obj.decrypt_into, (*pre, sealed, ad, data), implementation=versions())


def _gcm_api_op(
    spec: ciphers.AeadSpec, size: int, misalign: int, decrypt: bool, aad: bool
) -> Operation:
    """GCM through the Cipher API (SM4-GCM has no one-shot class): a new context per
    message, which is what openssl's per-message re-init amounts to."""
    alg: Any = spec.factory(spec.key)
    data = buffer(size, misalign)
    out = out_buffer(size, misalign, 16)
    ad = AEAD_AAD if aad else b""
    note = (f"{spec.label} via the Cipher API (GCM mode), one context per message",)
    if not decrypt:
        mode = modes.GCM(AEAD_NONCE)

        def gcm_encrypt(
            data: memoryview,
            out: memoryview,
            alg: Any = alg,
            mode: modes.GCM = mode,
            ad: bytes = ad,
        ) -> bytes:
            enc = Cipher(alg, mode).encryptor()
            if ad:
                enc.authenticate_additional_data(ad)
            enc.update_into(data, out)
            enc.finalize()
            return enc.tag

        return Operation(gcm_encrypt, (data, out), implementation=versions(), notes=note)

    enc = Cipher(alg, modes.GCM(AEAD_NONCE)).encryptor()
    if ad:
        enc.authenticate_additional_data(ad)
    ct = buffer(size, misalign)
    ct[:] = enc.update(bytes(data)) + enc.finalize()
    mode = modes.GCM(AEAD_NONCE, enc.tag)

    def gcm_decrypt(
        ct: memoryview, out: memoryview, alg: Any = alg, mode: modes.GCM = mode, ad: bytes = ad
    ) -> bytes:
        dec = Cipher(alg, mode).decryptor()
        if ad:
            dec.authenticate_additional_data(ad)
        dec.update_into(ct, out)
        return dec.finalize()

    return Operation(gcm_decrypt, (ct, out), implementation=versions(), notes=note)
