"""Map OpenSSL cipher names (evp.EvpCipher) to cryptography algorithm/mode objects.

Two shapes exist because openssl speed runs them differently:

* *stream* specs (every non-AEAD cipher, including block modes): one context for the
  whole test, one `EVP_Update` per iteration; state carries over between iterations;
* *AEAD* specs (GCM, CCM, OCB, SIV, ChaCha20-Poly1305): a full per-message sequence
  (IV, optional AAD, data, tag) per iteration.

Everything here is cheap (object construction and at most one throw-away context, a few
microseconds), so the engine's `check()` can call it. Whether a pair is really available
is asked of cryptography (by building a context) rather than assumed, because it depends
on cryptography's build and on OpenSSL's legacy provider being loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.backends.openssl import backend
from cryptography.hazmat.decrepit.ciphers import algorithms as decrepit
from cryptography.hazmat.decrepit.ciphers import modes as decrepit_modes
from cryptography.hazmat.primitives.ciphers import Cipher, CipherAlgorithm, aead, algorithms, modes

from pyspeed.algos.evp import EvpCipher
from pyspeed.engines.software.common import key_bytes
from pyspeed.model import Unsupported


def _tdes(key: bytes) -> CipherAlgorithm:
    # two-key 3DES (des-ede) is K1,K2,K1: cryptography deprecates 16-byte keys and asks
    # for the equivalent 24-byte form
    return decrepit.TripleDES(key + key[:8] if len(key) == 16 else key)


#: family -> factory taking the raw key bytes
_FAMILIES: dict[str, Callable[[bytes], CipherAlgorithm]] = {
    "aes": algorithms.AES,
    "camellia": decrepit.Camellia,  # the primitives alias is deprecated
    "sm4": algorithms.SM4,
    "des-ede": _tdes,
    "des-ede3": _tdes,
    "bf": decrepit.Blowfish,
    "cast5": decrepit.CAST5,
    "seed": decrepit.SEED,
    "idea": decrepit.IDEA,
    "rc2": decrepit.RC2,
    "rc4": decrepit.ARC4,
    "chacha20": lambda key: algorithms.ChaCha20(key, bytes(16)),  # counter||nonce, all zero
}

#: families cryptography does not have at all, with the reason
_MISSING_FAMILIES: dict[str, str] = {
    "des": "cryptography has no single DES (TripleDES with a repeated key would do three "
    "DES passes)",
    "rc5": "cryptography has no RC5",
    "aria": "cryptography has no ARIA",
}

#: OpenSSL mode -> cryptography mode factory taking the IV length (all IVs are zero)
_MODES: dict[str, Callable[[int], modes.Mode]] = {
    "cbc": lambda n: modes.CBC(bytes(n)),
    "ecb": lambda n: modes.ECB(),
    "ctr": lambda n: modes.CTR(bytes(n)),
    "ofb": lambda n: decrepit_modes.OFB(bytes(n)),
    "cfb": lambda n: decrepit_modes.CFB(bytes(n)),  # OpenSSL's CFB is CFB128 (full block)
    "cfb8": lambda n: decrepit_modes.CFB8(bytes(n)),
    "xts": lambda n: modes.XTS(bytes(16)),  # the tweak
}

_MISSING_MODES: dict[str, str] = {
    "cfb1": "cryptography has no CFB1 mode",
    "wrap": "cryptography has AES key wrap only as a one-shot function (keywrap), not as a "
    "cipher context",
}

#: modes whose Update needs whole blocks (padding is off in openssl speed)
BLOCK_ALIGNED = frozenset({"cbc", "ecb"})


@dataclass(frozen=True)
class StreamSpec:
    """A non-AEAD cipher run as one continuing context."""

    label: str
    family: str
    mode: str  # OpenSSL's mode name; "stream" for RC4/ChaCha20, "cbc-hmac-*" for TLS
    key: bytes
    block: int  # cipher block in bytes (1 for stream ciphers)

    def make_algorithm(self) -> CipherAlgorithm:
        return _FAMILIES[self.family](self.key)

    def make_mode(self) -> modes.Mode | None:
        if self.mode in ("stream",):
            return None
        if self.mode.startswith("cbc-hmac-"):
            return modes.CBC(bytes(16))
        return _MODES[self.mode](self.block)


AeadKind = Literal["aead", "siv", "gcm-api"]


@dataclass(frozen=True)
class AeadSpec:
    """An AEAD cipher run as one complete message per iteration."""

    label: str
    kind: AeadKind  # aead: one-shot class with nonce; siv: AESSIV (no nonce); gcm-api: Cipher
    factory: Callable[[bytes], Any]  # key -> AEAD object (or SM4 algorithm for gcm-api)
    key: bytes
    nonce_len: int
    max_size: int | None = None  # largest message the nonce length allows (CCM)


def _family_factory(cipher: EvpCipher) -> Callable[[bytes], CipherAlgorithm]:
    if cipher.family in _MISSING_FAMILIES:
        raise Unsupported(_MISSING_FAMILIES[cipher.family])
    factory = _FAMILIES.get(cipher.family)
    if factory is None:
        raise Unsupported(f"cryptography has no {cipher.family} cipher")
    return factory


def stream_spec(cipher: EvpCipher) -> StreamSpec:
    """The spec for a non-AEAD cipher, or Unsupported with the reason."""
    if cipher.is_aead:
        raise ValueError(f"{cipher.label} is an AEAD cipher")
    _family_factory(cipher)
    if cipher.mode in _MISSING_MODES:
        raise Unsupported(_MISSING_MODES[cipher.mode])
    block = 1 if cipher.mode == "stream" else cipher.block_size
    spec = StreamSpec(cipher.label, cipher.family, cipher.mode, key_bytes(cipher.key_len), block)
    alg = spec.make_algorithm()
    mode = spec.make_mode()
    try:
        # building a context is the only probe that also covers the stream ciphers (mode
        # None): cipher_supported() wants a mode
        Cipher(alg, mode).encryptor()
    except UnsupportedAlgorithm as exc:
        what = f"{alg.name} in {mode.name} mode" if mode is not None else alg.name
        raise Unsupported(f"cryptography does not support {what} ({cipher.label})") from exc
    return spec


def aead_spec(cipher: EvpCipher) -> AeadSpec:
    """The spec for an AEAD cipher (12-byte nonce and 16-byte tag, as speed.c uses)."""
    if not cipher.is_aead:
        raise ValueError(f"{cipher.label} is not an AEAD cipher")
    if cipher.family in _MISSING_FAMILIES:
        raise Unsupported(_MISSING_FAMILIES[cipher.family])
    key = key_bytes(cipher.key_len)
    fam, mode = cipher.family, cipher.mode
    if fam == "aes" and mode == "gcm":
        return AeadSpec(cipher.label, "aead", aead.AESGCM, key, 12)
    if fam == "aes" and mode == "ccm":
        # 12-byte nonce leaves a 3-byte length field: messages up to 2**24 - 1 bytes
        return AeadSpec(
            cipher.label, "aead", lambda k: aead.AESCCM(k, tag_length=16), key, 12, 2**24 - 1
        )
    if fam == "aes" and mode == "ocb":
        return AeadSpec(cipher.label, "aead", aead.AESOCB3, key, 12)
    if fam == "aes" and mode == "siv":
        return AeadSpec(cipher.label, "siv", aead.AESSIV, key, 0)
    if fam == "chacha20" and mode == "aead-stream":
        return AeadSpec(cipher.label, "aead", aead.ChaCha20Poly1305, key, 12)
    if fam == "sm4" and mode == "gcm":
        alg = algorithms.SM4(key)
        if not backend.cipher_supported(alg, modes.GCM(bytes(12))):
            raise Unsupported("cryptography does not support SM4 in GCM mode")
        # no one-shot SM4-GCM class: the Cipher API with GCM does the same per-message work
        return AeadSpec(cipher.label, "gcm-api", algorithms.SM4, key, 12)
    raise Unsupported(f"cryptography has no {cipher.label}")
