"""The engines of one run: from `-engine` values and the configuration, with routing."""

from __future__ import annotations

from typing import TextIO

from pyspeed.engines.base import Engine
from pyspeed.engines.builder import ConfiguredEngine
from pyspeed.engines.configured import config_path, configured_engines
from pyspeed.engines.registry import DEFAULT_ENGINE, EngineLoadError, load_engine
from pyspeed.engines.routing import ALL, Router


def setup_engines(engine_ids: tuple[str, ...], config: str | None, err: TextIO) -> list[Router]:
    """One router per `-engine` value (in order, duplicates dropped), or one for the
    engines the config makes default; the software engine stands behind each.
    openssl's rule: a bad -engine is reported and that run goes on without it."""
    configured = configured_engines(config_path(config))
    config_routes: list[tuple[Engine, int]] = []
    for c in configured:
        if c.available is False:
            err.write(f"pyspeed: engine {c.engine.id} is unavailable: {c.unavailable_reason}; "
                      "its cases run in software\n")
        elif c.methods:
            config_routes.append((c.engine, c.methods))

    def note(name: str, engine_id: str, reason: str) -> None:
        err.write(f"pyspeed: engine {engine_id} cannot run {name}: {reason}; "
                  "software serves it\n")

    if not engine_ids:
        return [Router(config_routes, load_engine(DEFAULT_ENGINE), note)]
    routers = []
    for engine_id in dict.fromkeys(engine_ids):
        chosen = _engine_by_id(engine_id, configured, err)
        if chosen is not None:
            routers.append(Router([(chosen, ALL)], load_engine(DEFAULT_ENGINE), note))
        else:
            routers.append(Router(config_routes, load_engine(DEFAULT_ENGINE), note,
                                  label=(engine_id, f"{engine_id} (not usable)")))
    return routers


def _engine_by_id(engine_id: str, configured: list[ConfiguredEngine], err: TextIO
                  ) -> Engine | None:
    for c in configured:
        if c.engine.id == engine_id:
            engine = c.engine
            break
    else:
        try:
            engine = load_engine(engine_id)
        except EngineLoadError as exc:
            err.write(f'Invalid engine "{engine_id}"\n')
            err.write(f"pyspeed: {exc}\n")
            return None
    try_init = getattr(engine, "try_init", None)
    if try_init is not None and not getattr(engine, "initialised", False) and not try_init():
        reason = getattr(engine, "unavailable_reason", None)
        err.write(f'Invalid engine "{engine_id}"\n')
        err.write(f"pyspeed: engine {engine_id} is unavailable: {reason}\n")
        return None
    err.write(f'Engine "{engine_id}" set.\n')
    return engine


