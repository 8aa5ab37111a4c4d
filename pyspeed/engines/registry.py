"""Finding engines by id: built-in ones and third parties, all through one entry-point group.

The built-in engines are registered in pyproject.toml under `pyspeed.engines` like any
third-party engine; the table below is only the fallback for a source tree that was never
installed (no entry-point metadata), so that `python -m pyspeed` works from a checkout.
"""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points

from pyspeed.engines.base import Engine

ENTRY_POINT_GROUP = "pyspeed.engines"
DEFAULT_ENGINE = "software"

_BUILTIN: dict[str, str] = {
    "software": "pyspeed.engines.software:SoftwareEngine",
    "devcrypto": "pyspeed.engines.devcrypto:DevCryptoEngine",
    "dynamic": "pyspeed.engines.dynamic:DynamicEngine",
}


class EngineLoadError(Exception):
    """The engine id names nothing loadable; the message says what was tried."""


def known_engines() -> dict[str, str]:
    """Engine id -> "module:attr", entry points over the built-in fallback."""
    found = dict(_BUILTIN)
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        found[ep.name] = ep.value
    return found


def engine_ids() -> list[str]:
    """Every engine id pyspeed knows, built-in ones first in a stable order."""
    known = known_engines()
    return [i for i in _BUILTIN if i in known] + sorted(i for i in known if i not in _BUILTIN)


def load_engine(engine_id: str) -> Engine:
    target = known_engines().get(engine_id)
    if target is None:
        known = ", ".join(sorted(known_engines()))
        raise EngineLoadError(f"no engine with id {engine_id!r} (known engines: {known})")
    module_name, _, attr = target.partition(":")
    try:
        factory = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise EngineLoadError(f"cannot load engine {engine_id!r} from {target}: {exc}") from exc
    engine: Engine = factory()
    return engine
