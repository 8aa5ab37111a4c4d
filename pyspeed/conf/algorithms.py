"""`default_algorithms` words: OpenSSL's `ENGINE_set_default_string` vocabulary.

The list is split like `CONF_parse_list(s, ',', 1, ...)`: items separated by commas,
C-locale whitespace around each item ignored, an empty item (or an empty string) is
an error.  Each item selects the *first* keyword, in OpenSSL's order, that it equals
or is a prefix of (case-sensitive): `R` is RSA, `D` is DSA (not DH or DIGESTS),
`P` is PKEY, `PKEY_` is PKEY_CRYPTO.  Anything else makes the whole string invalid,
reported as OpenSSL does: `invalid string` with data `str=<the string>`.
"""

from __future__ import annotations

from pyspeed.conf.config_error import ConfigError
from pyspeed.conf.records import record

#: ENGINE_METHOD_* bits of the method groups an engine can be made default for.
METHOD_BITS: dict[str, int] = {
    "RSA": 0x0001,
    "DSA": 0x0002,
    "DH": 0x0004,
    "RAND": 0x0008,
    "CIPHERS": 0x0040,
    "DIGESTS": 0x0080,
    "PKEY_CRYPTO": 0x0200,  # ENGINE_METHOD_PKEY_METHS
    "PKEY_ASN1": 0x0400,  # ENGINE_METHOD_PKEY_ASN1_METHS
    "EC": 0x0800,
}
METHOD_ALL = 0xFFFF

#: Keywords in the order `int_def_cb` tries them, with the bits each sets.
KEYWORDS: tuple[tuple[str, int], ...] = (
    ("ALL", METHOD_ALL),
    ("RSA", METHOD_BITS["RSA"]),
    ("DSA", METHOD_BITS["DSA"]),
    ("DH", METHOD_BITS["DH"]),
    ("EC", METHOD_BITS["EC"]),
    ("RAND", METHOD_BITS["RAND"]),
    ("CIPHERS", METHOD_BITS["CIPHERS"]),
    ("DIGESTS", METHOD_BITS["DIGESTS"]),
    ("PKEY", METHOD_BITS["PKEY_CRYPTO"] | METHOD_BITS["PKEY_ASN1"]),
    ("PKEY_CRYPTO", METHOD_BITS["PKEY_CRYPTO"]),
    ("PKEY_ASN1", METHOD_BITS["PKEY_ASN1"]),
)

_C_SPACE = " \t\n\v\f\r"


def invalid_string(text: str | None) -> ConfigError:
    """OpenSSL's error for a bad list; `None` is the `EMPTY` value (no list at all)."""
    data = f"str={'<NULL>' if text is None else text}"
    records = [record("invalid string", data)]
    if text is None:
        records.insert(0, record("list cannot be null"))
    return ConfigError(None, None, "invalid string", data, records=tuple(records))


def _word_bits(item: str) -> int | None:
    for keyword, bits in KEYWORDS:
        if keyword.startswith(item):
            return bits
    return None


def default_algorithms_flags(text: str | None) -> int:
    """The ENGINE_METHOD_* mask the list selects.  Raises ConfigError (`invalid string`)."""
    if text is None:
        raise invalid_string(text)
    flags = 0
    for raw in text.split(","):
        item = raw.strip(_C_SPACE)
        bits = _word_bits(item) if item else None
        if bits is None:
            raise invalid_string(text)
        flags |= bits
    return flags


def parse_default_algorithms(text: str | None) -> set[str]:
    """The method groups (keys of METHOD_BITS) a `default_algorithms` value selects.

    `ALL` selects every group; `PKEY` selects PKEY_CRYPTO and PKEY_ASN1.
    Raises ConfigError (`invalid string`, value `str=<text>`).
    """
    flags = default_algorithms_flags(text)
    return {name for name, bit in METHOD_BITS.items() if flags & bit}
