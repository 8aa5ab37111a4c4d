"""EVP names: what `-evp`, `-hmac` and `-cmac` accept, and the label each one prints.

OpenSSL fetches by name case-insensitively and knows many aliases (`aes128`,
`id-aes128-GCM`, `DES3` ...). This table holds the names of the default and legacy
providers of OpenSSL 3.0, so that pyspeed accepts what `openssl speed` accepts and
labels rows the way it does (`-evp aes128` prints `AES-128-CBC`; a digest prints the
string as typed). Whether an engine can *run* a name is the engine's business.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Mode = Literal["cbc", "ecb", "ctr", "ofb", "cfb", "cfb1", "cfb8", "gcm", "ccm", "ocb", "xts",
               "siv", "stream", "aead-stream", "cbc-hmac-sha1", "cbc-hmac-sha256", "wrap"]


@dataclass(frozen=True)
class EvpCipher:
    label: str  # what openssl speed prints for -evp
    family: str  # aes, aria, camellia, sm4, des, des-ede, des-ede3, bf, cast5, ...
    key_len: int  # bytes
    mode: Mode
    block_size: int = 16

    @property
    def is_aead(self) -> bool:
        return self.mode in ("gcm", "ccm", "ocb", "siv", "aead-stream")

    @property
    def is_multiblock(self) -> bool:
        return self.mode in ("cbc-hmac-sha1", "cbc-hmac-sha256")


@dataclass(frozen=True)
class EvpDigest:
    canonical: str  # lower-case canonical name used by engines
    size: int  # output bytes


CIPHERS: dict[str, EvpCipher] = {}
DIGESTS: dict[str, EvpDigest] = {}


def _c(names: tuple[str, ...], cipher: EvpCipher) -> None:
    for n in names:
        CIPHERS[n.lower()] = cipher


def _build() -> None:
    for fam, bits_list in (("aes", (128, 192, 256)), ("aria", (128, 192, 256)),
                           ("camellia", (128, 192, 256))):
        up = fam.upper()
        for bits in bits_list:
            kl = bits // 8
            base = f"{up}-{bits}"
            for mode in ("cbc", "ecb", "ctr", "ofb", "cfb", "cfb1", "cfb8"):
                names = [f"{base}-{mode.upper()}"]
                if mode == "cbc":
                    names.append(f"{up}{bits}")
                if mode == "cfb":
                    names.append(f"{base}-CFB128")
                if mode == "ofb":
                    names.append(f"{base}-OFB128")
                _c(tuple(names), EvpCipher(f"{base}-{mode.upper()}", fam, kl, mode))  # type: ignore[arg-type]
            if fam in ("aes", "aria"):
                for mode in ("gcm", "ccm"):
                    extra = (f"id-aes{bits}-{mode.upper()}",) if fam == "aes" else ()
                    _c((f"{base}-{mode.upper()}", *extra),
                       EvpCipher(f"{base}-{mode.upper()}", fam, kl, mode))  # type: ignore[arg-type]
            if fam == "aes":
                _c((f"{base}-OCB",), EvpCipher(f"{base}-OCB", fam, kl, "ocb"))
                _c((f"{base}-SIV",), EvpCipher(f"{base}-SIV", fam, kl * 2, "siv"))
                _c((f"{base}-WRAP", f"AES{bits}-WRAP", f"id-aes{bits}-wrap"),
                   EvpCipher(f"{base}-WRAP", fam, kl, "wrap", 8))
                if bits in (128, 256):
                    _c((f"{base}-XTS",), EvpCipher(f"{base}-XTS", fam, kl * 2, "xts"))
                    for h in ("sha1", "sha256"):
                        lab = f"{base}-CBC-HMAC-{h.upper()}"
                        _c((lab,), EvpCipher(lab, fam, kl, f"cbc-{'hmac'}-{h}"))  # type: ignore[arg-type]
    for mode in ("cbc", "ecb", "ctr", "ofb", "cfb"):
        names = [f"SM4-{mode.upper()}"] + (["SM4"] if mode == "cbc" else [])
        _c(tuple(names), EvpCipher(f"SM4-{mode.upper()}", "sm4", 16, mode))  # type: ignore[arg-type]
    _c(("SM4-GCM",), EvpCipher("SM4-GCM", "sm4", 16, "gcm"))
    _c(("ChaCha20",), EvpCipher("ChaCha20", "chacha20", 32, "stream", 1))
    _c(("ChaCha20-Poly1305",), EvpCipher("ChaCha20-Poly1305", "chacha20", 32, "aead-stream", 1))
    # 8-byte-block legacy ciphers: (family, key bytes, label prefix, aliases for CBC)
    for fam, kl, prefix, cbc_alias in (
        ("des", 8, "DES", ("DES",)),
        ("des-ede", 16, "DES-EDE", ()),
        ("des-ede3", 24, "DES-EDE3", ("DES3",)),
        ("bf", 16, "BF", ("BF", "blowfish")),
        ("cast5", 16, "CAST5", ("CAST", "CAST-cbc")),
        ("idea", 16, "IDEA", ("IDEA",)),
        ("seed", 16, "SEED", ("SEED",)),
        ("rc2", 16, "RC2", ("RC2",)),
        ("rc5", 16, "RC5", ("RC5",)),
    ):
        bs = 16 if fam == "seed" else 8
        for mode in ("cbc", "ecb", "ofb", "cfb"):
            names = [f"{prefix}-{mode.upper()}"]
            if mode == "cbc":
                names.extend(cbc_alias)
            if mode == "ecb" and fam in ("des-ede", "des-ede3"):
                names.append(prefix)  # "des-ede3" is ECB in the provider's name list
            _c(tuple(names), EvpCipher(f"{prefix}-{mode.upper()}", fam, kl, mode, bs))  # type: ignore[arg-type]
    _c(("RC4",), EvpCipher("RC4", "rc4", 16, "stream", 1))
    _c(("RC4-40",), EvpCipher("RC4-40", "rc4", 5, "stream", 1))

    for canonical, size, aliases in (
        ("md2", 16, ()), ("md4", 16, ()), ("md5", 16, ("ssl3-md5",)), ("mdc2", 16, ()),
        ("md5-sha1", 36, ()),
        ("sha1", 20, ("sha-1", "ssl3-sha1")),
        ("sha224", 28, ("sha-224", "sha2-224")), ("sha256", 32, ("sha-256", "sha2-256")),
        ("sha384", 48, ("sha-384", "sha2-384")), ("sha512", 64, ("sha-512", "sha2-512")),
        ("sha512-224", 28, ("sha-512/224", "sha2-512/224")),
        ("sha512-256", 32, ("sha-512/256", "sha2-512/256")),
        ("sha3-224", 28, ()), ("sha3-256", 32, ()), ("sha3-384", 48, ()), ("sha3-512", 64, ()),
        ("shake128", 16, ("shake-128",)), ("shake256", 32, ("shake-256",)),
        ("blake2b512", 64, ("blake2b-512",)), ("blake2s256", 32, ("blake2s-256",)),
        ("sm3", 32, ()), ("ripemd160", 20, ("ripemd", "ripemd-160", "rmd160")),
        ("whirlpool", 64, ()),
    ):
        d = EvpDigest(canonical, size)
        for n in (canonical, *aliases):
            DIGESTS[n.lower()] = d


_build()


def lookup_cipher(name: str) -> EvpCipher | None:
    return CIPHERS.get(name.lower())


def lookup_digest(name: str) -> EvpDigest | None:
    return DIGESTS.get(name.lower())
