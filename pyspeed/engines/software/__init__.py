"""The software engine: pyca/cryptography and the OpenSSL it bundles."""

from pyspeed.engines.software.engine import SoftwareEngine

__all__ = ["SoftwareEngine"]
