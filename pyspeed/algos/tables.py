"""The OpenSSL 3.0 `speed` vocabulary: every word, its table index and its label.

The indices are the ones `openssl speed -mr` writes into `+F:` and `+F2..+F8` records,
so they are part of the interface, not an implementation detail. Binary (EC2M) curves
keep their indices even though no engine pyspeed ships can run them: the system OpenSSL
is built with EC2M, and a `-mr` record must mean the same curve in both tools.
"""

from __future__ import annotations

from pyspeed.model import Family, PkeyAlgo, SymAlgo, SymKind

# index, label, kind, evp name, extra command-line words
_SYM_ROWS: tuple[tuple[int, str, SymKind, str, tuple[str, ...]], ...] = (
    (0, "md2", "digest", "md2", ()),
    (1, "mdc2", "digest", "mdc2", ()),
    (2, "md4", "digest", "md4", ()),
    (3, "md5", "digest", "md5", ()),
    (4, "sha1", "digest", "sha1", ()),
    (5, "rmd160", "digest", "ripemd160", ("ripemd", "ripemd160")),
    (6, "sha256", "digest", "sha256", ()),
    (7, "sha512", "digest", "sha512", ()),
    (8, "whirlpool", "digest", "whirlpool", ()),
    (9, "hmac(md5)", "hmac", "md5", ("hmac",)),
    (10, "des-cbc", "cipher", "des-cbc", ()),
    (11, "des-ede3", "cipher", "des-ede3-cbc", ()),
    (12, "rc4", "cipher", "rc4", ()),
    (13, "idea-cbc", "cipher", "idea-cbc", ("idea",)),
    (14, "seed-cbc", "cipher", "seed-cbc", ("seed",)),
    (15, "rc2-cbc", "cipher", "rc2-cbc", ("rc2",)),
    (16, "rc5-cbc", "cipher", "rc5-cbc", ("rc5",)),
    (17, "blowfish", "cipher", "bf-cbc", ("bf-cbc", "bf")),
    (18, "cast-cbc", "cipher", "cast5-cbc", ("cast", "cast5")),
    (19, "aes-128-cbc", "cipher", "aes-128-cbc", ()),
    (20, "aes-192-cbc", "cipher", "aes-192-cbc", ()),
    (21, "aes-256-cbc", "cipher", "aes-256-cbc", ()),
    (22, "camellia-128-cbc", "cipher", "camellia-128-cbc", ()),
    (23, "camellia-192-cbc", "cipher", "camellia-192-cbc", ()),
    (24, "camellia-256-cbc", "cipher", "camellia-256-cbc", ()),
    (26, "ghash", "ghash", "aes-128-gcm", ()),
    (27, "rand", "rand", "", ()),
)

EVP_INDEX = 25
CMAC_INDEX = 28
HMAC_INDEX = 9

SYM_ALGOS: dict[int, SymAlgo] = {
    idx: SymAlgo(idx, label, kind, evp) for idx, label, kind, evp, _ in _SYM_ROWS
}

#: command-line word -> symmetric index
SYM_WORDS: dict[str, int] = {}
for _idx, _label, _kind, _evp, _extra in _SYM_ROWS:
    SYM_WORDS[_label if _kind != "hmac" else "hmac"] = _idx
    for _w in _extra:
        SYM_WORDS[_w] = _idx
SYM_WORDS["des-cbc"] = 10

#: the order in which openssl *runs* symmetric tests (docs/openssl-compat.md §1.5);
#: the print order is index order
SYM_RUN_ORDER: tuple[int, ...] = (
    0, 1, 2, 3, 4, 6, 7, 8, 5, 9, 10, 11, 19, 20, 21, 22, 23, 24,
    12, 13, 14, 15, 16, 17, 18, 26, 27, EVP_INDEX, CMAC_INDEX,
)

SYM_GROUPS: dict[str, tuple[int, ...]] = {
    "des": (10, 11),
    "sha": (4, 6, 7),
    "aes": (19, 20, 21),
    "camellia": (22, 23, 24),
}

_EC_CURVES: tuple[tuple[str, str, int], ...] = (
    ("p160", "secp160r1", 160),
    ("p192", "nistp192", 192),
    ("p224", "nistp224", 224),
    ("p256", "nistp256", 256),
    ("p384", "nistp384", 384),
    ("p521", "nistp521", 521),
    ("k163", "nistk163", 163),
    ("k233", "nistk233", 233),
    ("k283", "nistk283", 283),
    ("k409", "nistk409", 409),
    ("k571", "nistk571", 571),
    ("b163", "nistb163", 163),
    ("b233", "nistb233", 233),
    ("b283", "nistb283", 283),
    ("b409", "nistb409", 409),
    ("b571", "nistb571", 571),
    ("brp256r1", "brainpoolP256r1", 256),
    ("brp256t1", "brainpoolP256t1", 256),
    ("brp384r1", "brainpoolP384r1", 384),
    ("brp384t1", "brainpoolP384t1", 384),
    ("brp512r1", "brainpoolP512r1", 512),
    ("brp512t1", "brainpoolP512t1", 512),
)


def _family(family: Family, rows: list[tuple[str, int, str]]) -> tuple[PkeyAlgo, ...]:
    return tuple(PkeyAlgo(family, k, w, bits, curve) for k, (w, bits, curve) in enumerate(rows))


PKEY_FAMILIES: dict[Family, tuple[PkeyAlgo, ...]] = {
    "rsa": _family("rsa", [(f"rsa{b}", b, "") for b in (512, 1024, 2048, 3072, 4096, 7680, 15360)]),
    "dsa": _family("dsa", [(f"dsa{b}", b, "") for b in (512, 1024, 2048)]),
    "ecdsa": _family("ecdsa", [(f"ecdsa{s}", b, c) for s, c, b in _EC_CURVES]),
    "ecdh": _family(
        "ecdh",
        [(f"ecdh{s}", b, c) for s, c, b in _EC_CURVES]
        + [("ecdhx25519", 253, "X25519"), ("ecdhx448", 448, "X448")],
    ),
    "eddsa": _family("eddsa", [("ed25519", 253, "Ed25519"), ("ed448", 456, "Ed448")]),
    "sm2": _family("sm2", [("curveSM2", 256, "CurveSM2")]),
    "ffdh": _family("ffdh", [(f"ffdh{b}", b, "") for b in (2048, 3072, 4096, 6144, 8192)]),
}

PKEY_WORDS: dict[str, PkeyAlgo] = {
    a.word: a for algos in PKEY_FAMILIES.values() for a in algos
}

PKEY_GROUPS: dict[str, Family] = {
    "rsa": "rsa",
    "dsa": "dsa",
    "ecdsa": "ecdsa",
    "ecdh": "ecdh",
    "eddsa": "eddsa",
    "sm2": "sm2",
    "ffdh": "ffdh",
}

#: operations per family, in run order (sign before verify)
FAMILY_OPS: dict[Family, tuple[str, ...]] = {
    "rsa": ("sign", "verify"),
    "dsa": ("sign", "verify"),
    "ecdsa": ("sign", "verify"),
    "ecdh": ("derive",),
    "eddsa": ("sign", "verify"),
    "sm2": ("sign", "verify"),
    "ffdh": ("derive",),
}

FAMILY_ORDER: tuple[Family, ...] = ("rsa", "dsa", "ecdsa", "ecdh", "eddsa", "sm2", "ffdh")

DEFAULT_SIZES: tuple[int, ...] = (16, 64, 256, 1024, 8192, 16384)
AEAD_SIZES: tuple[int, ...] = (2, 31, 136, 1024, 8192, 16384)
MB_SIZES: tuple[int, ...] = (8192, 16384, 32768, 65536, 131072)
SYM_SECONDS = 3
PKEY_SECONDS = 10
