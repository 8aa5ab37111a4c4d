"""The devcrypto tests' fixtures: the cryptodev double and an engine on it."""

from support.devcrypto import engine, kernel  # noqa: F401 - fixtures, used by name
