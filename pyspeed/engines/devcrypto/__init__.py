"""The devcrypto engine: OpenSSL's `devcrypto` engine as a Python client of /dev/crypto.

cryptodev-linux exposes the kernel crypto API's ciphers and digests through ioctls on
/dev/crypto; this engine speaks that ABI directly (`abi`, `device`), probes drivers the
way OpenSSL's `e_devcrypto.c` does (`probe`), honours its four ctrl commands (`engine`),
and falls back to /proc/crypto (`procfs`) to explain what the kernel offers when the
device is missing.
"""

from pyspeed.engines.devcrypto.engine import DevCryptoEngine

__all__ = ["DevCryptoEngine"]
