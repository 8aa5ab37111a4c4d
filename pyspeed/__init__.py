"""pyspeed: measure cryptographic engines the way `openssl speed` does, and compare them.

The public API, in five lines:

    import pyspeed
    run = pyspeed.measure(["rsa2048", "sha256"], engines=["software"],
                          options=pyspeed.MeasureOptions(seconds=0.5, repeat=5))
    for s in pyspeed.run_stats(run):
        print(s.case, s.engine, f"{s.median:,.0f} {s.unit}", f"±{s.half_width:.1f}%")

`measure` returns a Run (pyspeed.model), the typed form of the results document that
`pyspeed.save` writes and `pyspeed.load` reads; `run_stats` gives every number a view
shows. Names are imported on first use, so `import pyspeed` (and `pyspeed --help`)
stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from pyspeed._version import __version__

_API = {
    "measure": "pyspeed.runner.measure",
    "MeasureOptions": "pyspeed.runner.measure",
    "Run": "pyspeed.model",
    "Record": "pyspeed.model",
    "Listener": "pyspeed.model",
    "Operation": "pyspeed.model",
    "Unsupported": "pyspeed.model",
    "Engine": "pyspeed.engines.base",
    "run_stats": "pyspeed.results.statistics",
    "CaseStats": "pyspeed.results.statistics",
    "load": "pyspeed.results.document",
    "save": "pyspeed.results.document",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'pyspeed' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
