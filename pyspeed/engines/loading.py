"""Finding engines by id: engines.d definitions first, then the `pyspeed.engines` entry points.

The built-in engines are registered in pyproject.toml under `pyspeed.engines` like any
third-party engine; the table below is only the fallback for a source tree that was never
installed (no entry-point metadata), so that `python -m pyspeed` works from a checkout.
Every engine object that comes out of here has passed `adapt` (the engine contract).
"""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points

from pyspeed.engines.base import Engine, EngineLoadError, adapt
from pyspeed.engines.builder import build
from pyspeed.engines.dropins import dropin_specs

__all__ = ["DEFAULT_ENGINE", "EngineLoadError", "engine_ids", "known_engines", "load_engine"]

ENTRY_POINT_GROUP = "pyspeed.engines"
DEFAULT_ENGINE = "software"

_BUILTIN: dict[str, str] = {
    "software": "pyspeed.engines.software:SoftwareEngine",
    "devcrypto": "pyspeed.engines.devcrypto:DevCryptoEngine",
    "dynamic": "pyspeed.engines.dynamic:DynamicEngine",
    "qat": "pyspeed.engines.qat:QatEngine",
    "qatengine": "pyspeed.engines.qat:QatEngineNew",
    "native": "pyspeed.engines.native:NativeEngine",
}


def known_engines() -> dict[str, str]:
    """Engine id -> "module:attr", entry points over the built-in fallback."""
    found = dict(_BUILTIN)
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        found[ep.name] = ep.value
    return found


def engine_ids() -> list[str]:
    """Every engine id pyspeed knows (entry points and engines.d), built-in ones first."""
    known = set(known_engines()) | set(dropin_specs())
    return [i for i in _BUILTIN if i in known] + sorted(i for i in known if i not in _BUILTIN)


def load_engine(engine_id: str, *, spec_chain: tuple[str, ...] = ()) -> Engine:
    """A fresh engine: an engines.d definition (with its ctrls) first, else an entry point.

    `spec_chain` names drop-in sections already being built, so that a definition that
    loads its own id by name reaches the entry point instead of itself.
    """
    spec = dropin_specs().get(engine_id)
    if spec is not None and spec.name not in spec_chain:
        built = build(spec, load_engine, initialise=False)
        if built is None:
            raise EngineLoadError(f"engine {engine_id!r} (soft_load) could not be loaded")
        return built.engine
    return _load_entry_point(engine_id)


def _load_entry_point(engine_id: str) -> Engine:
    target = known_engines().get(engine_id)
    if target is None:
        known = ", ".join(sorted(known_engines()))
        raise EngineLoadError(f"no engine with id {engine_id!r} (known engines: {known})")
    module_name, _, attr = target.partition(":")
    try:
        factory = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise EngineLoadError(f"cannot load engine {engine_id!r} from {target}: {exc}") from exc
    try:
        return adapt(factory())
    except TypeError as exc:
        raise EngineLoadError(f"cannot load engine {engine_id!r} from {target}: {exc}") from exc
