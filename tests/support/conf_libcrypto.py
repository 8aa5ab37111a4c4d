"""Test support: load a config file with the real libcrypto (ctypes) and read it back.

Only tests use this.  It answers with the same shapes as pyspeed's parser so the
differential tests can compare them directly: either the sections (sorted as
`NCONF_get_section_names` returns them) with their ordered (name, value) pairs, or
the failing line (`eline`) and OpenSSL's reason text; plus the non-fatal errors a
successful load left on the error queue.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from dataclasses import dataclass, field


class _ConfValue(ctypes.Structure):
    _fields_ = [
        ("section", ctypes.c_char_p),
        ("name", ctypes.c_char_p),
        ("value", ctypes.c_char_p),
    ]


def _text(b: bytes) -> str:
    return b.decode("utf-8", "surrogateescape")


@dataclass
class RealResult:
    """What libcrypto made of one file."""

    ok: bool
    sections: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    eline: int | None = None
    reason: str | None = None
    data: str | None = None
    #: (reason, data) of errors left on the queue by a successful load
    leftovers: list[tuple[str, str]] = field(default_factory=list)


class LibCrypto:
    """A thin ctypes binding of the NCONF functions of libcrypto.so.3."""

    def __init__(self, lib: ctypes.CDLL) -> None:
        self.lib = lib
        vp, cp = ctypes.c_void_p, ctypes.c_char_p
        lib.NCONF_new.restype = vp
        lib.NCONF_new.argtypes = [vp]
        lib.NCONF_free.argtypes = [vp]
        lib.NCONF_load.restype = ctypes.c_int
        lib.NCONF_load.argtypes = [vp, cp, ctypes.POINTER(ctypes.c_long)]
        lib.NCONF_get_section_names.restype = vp
        lib.NCONF_get_section_names.argtypes = [vp]
        lib.NCONF_get_section.restype = vp
        lib.NCONF_get_section.argtypes = [vp, cp]
        lib.OPENSSL_sk_num.restype = ctypes.c_int
        lib.OPENSSL_sk_num.argtypes = [vp]
        lib.OPENSSL_sk_value.restype = vp
        lib.OPENSSL_sk_value.argtypes = [vp, ctypes.c_int]
        lib.OPENSSL_sk_free.argtypes = [vp]
        lib.ERR_get_error_all.restype = ctypes.c_ulong
        lib.ERR_get_error_all.argtypes = [
            ctypes.POINTER(cp),
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(cp),
            ctypes.POINTER(cp),
            ctypes.POINTER(ctypes.c_int),
        ]
        lib.ERR_reason_error_string.restype = cp
        lib.ERR_reason_error_string.argtypes = [ctypes.c_ulong]
        lib.ERR_clear_error.argtypes = []

    @classmethod
    def find(cls) -> LibCrypto | None:
        name = ctypes.util.find_library("crypto")
        if name is None:
            return None
        try:
            lib = ctypes.CDLL(name)
            lib.NCONF_get_section_names  # noqa: B018  (3.0+ only)
        except (OSError, AttributeError):
            return None
        return cls(lib)

    def _errors(self) -> list[tuple[str, str]]:
        out = []
        while True:
            file, func, data = ctypes.c_char_p(), ctypes.c_char_p(), ctypes.c_char_p()
            line, flags = ctypes.c_int(), ctypes.c_int()
            code = self.lib.ERR_get_error_all(
                ctypes.byref(file), ctypes.byref(line), ctypes.byref(func),
                ctypes.byref(data), ctypes.byref(flags),
            )  # fmt: skip
            if code == 0:
                return out
            reason = self.lib.ERR_reason_error_string(code)
            out.append((_text(reason) if reason else f"code {code:#x}", _text(data.value or b"")))

    def load(self, path: str | bytes) -> RealResult:
        lib = self.lib
        lib.ERR_clear_error()
        conf = lib.NCONF_new(None)
        eline = ctypes.c_long(-1)
        try:
            ok = lib.NCONF_load(conf, os.fsencode(path), ctypes.byref(eline))
            errors = self._errors()
            if not ok:
                reason, data = errors[-1] if errors else (None, None)
                if data is not None and data.endswith(f"line {eline.value}"):
                    data = data[: -len(f"line {eline.value}")]
                return RealResult(False, eline=eline.value, reason=reason, data=data)
            result = RealResult(True, leftovers=errors)
            names = lib.NCONF_get_section_names(conf)
            try:
                for i in range(lib.OPENSSL_sk_num(names)):
                    raw = ctypes.cast(lib.OPENSSL_sk_value(names, i), ctypes.c_char_p).value
                    assert raw is not None
                    stack = lib.NCONF_get_section(conf, raw)
                    pairs = []
                    for j in range(lib.OPENSSL_sk_num(stack)):
                        v = ctypes.cast(
                            lib.OPENSSL_sk_value(stack, j), ctypes.POINTER(_ConfValue)
                        ).contents
                        pairs.append((_text(v.name or b""), _text(v.value or b"")))
                    result.sections[_text(raw)] = pairs
            finally:
                lib.OPENSSL_sk_free(names)
            return result
        finally:
            lib.NCONF_free(conf)
            lib.ERR_clear_error()


def pyspeed_result(path: str | bytes) -> RealResult:
    """pyspeed's parse of `path` in the same shape as `LibCrypto.load`'s."""
    from pyspeed.conf import ConfigError, load

    try:
        config = load(path)
    except ConfigError as exc:
        return RealResult(False, eline=exc.eline, reason=exc.reason, data=exc.value)
    sections = {
        name: [(e.name, e.value) for e in config.entries(name)]
        for name in sorted(config.sections(), key=lambda s: s.encode("utf-8", "surrogateescape"))
    }
    leftovers = [(w.reason, w.value or "") for w in config.warnings]
    return RealResult(True, sections=sections, leftovers=leftovers)
