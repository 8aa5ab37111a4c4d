"""The native engine: real `openssl speed` binaries, read through their `-mr` records."""

from pyspeed.engines.native.engine import NativeEngine

__all__ = ["NativeEngine"]
