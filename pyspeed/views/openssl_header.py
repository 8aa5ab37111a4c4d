"""The five-line version header of `openssl speed`, filled with pyspeed's own stack.

openssl prints its version, build date, bignum options, compiler flags and CPU
capability vector. pyspeed keeps the five lines (scripts count them) and says what
actually ran: pyspeed, the `cryptography` package and the OpenSSL it is built on, the
Python that drives the loop, and the CPU's crypto-relevant features.
"""

from __future__ import annotations

import platform
import sys

from pyspeed._version import __version__
from pyspeed.provenance import cpu_description


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
