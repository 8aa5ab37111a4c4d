"""pyspeed: measure cryptographic engines the way `openssl speed` does, and compare them."""

__version__ = "0.1.0"
