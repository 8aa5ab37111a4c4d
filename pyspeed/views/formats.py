"""How pyspeed's own views write a rate and its interval: one place, every view."""

from __future__ import annotations

import math


def rate(value: float | None, unit: str | None) -> str:
    """`1,234.5 MB/s` for bytes/s (openssl's 1000s), `1,234.5/s` for operations."""
    if value is None or math.isnan(value):
        return "-"
    if unit == "bytes/s":
        return f"{value / 1e6:,.1f} MB/s"
    return f"{value:,.1f}/s"


def plus_minus(half_width: float | None) -> str:
    """`±1.2%` from a relative half-width in percent; nothing where there is none."""
    if half_width is None or math.isnan(half_width):
        return ""
    return f"±{half_width:.1f}%"
