"""The five-line version header of `openssl speed`, filled with pyspeed's own stack.

openssl prints its version, build date, bignum options, compiler flags and CPU
capability vector. pyspeed keeps the five lines (scripts count them) and says what
actually ran: pyspeed, the `cryptography` package and the OpenSSL it is built on, the
Python that drives the loop, and the CPU's crypto-relevant features.
"""

from __future__ import annotations

import os
import platform
import sys
from functools import cache

from pyspeed import __version__

_CRYPTO_FLAGS = ("aes", "pclmulqdq", "avx", "avx2", "avx512f", "sha_ni", "vaes", "vpclmulqdq",
                 "adx", "bmi2", "rdrand", "sha1", "sha2", "pmull")


@cache
def cpu_description() -> str:
    model, flags = platform.processor() or platform.machine(), set()
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                key, _, value = line.partition(":")
                key = key.strip()
                unnamed = model in ("", platform.machine())
                if key in ("model name", "Model", "cpu model") and unnamed:
                    model = value.strip()
                elif key in ("flags", "Features"):
                    flags = set(value.split())
                    break
    except OSError:
        pass
    have = " ".join(f for f in _CRYPTO_FLAGS if f in flags)
    text = f"{model} ({have})" if have else model
    cap = os.environ.get("OPENSSL_ia32cap")  # noqa: SIM112 - OpenSSL spells it so
    return f"{text} OPENSSL_ia32cap={cap}" if cap else text


def version_lines() -> list[str]:
    import cryptography
    from cryptography.hazmat.backends.openssl.backend import backend

    build = platform.python_build()
    bits = "64" if sys.maxsize > 2**32 else "32"
    return [
        f"version: pyspeed {__version__} (cryptography {cryptography.__version__}, "
        f"{backend.openssl_version_text()})",
        f"built on: {platform.python_implementation()} {platform.python_version()} "
        f"({build[0]}, {build[1]})",
        f"options: bn(64,{bits})",
        f"compiler: {platform.python_compiler()}",
        f"CPUINFO: {cpu_description()}",
    ]
