"""The engines of one run: from `-engine` values and the configuration, with routing.

What openssl prints while it sets engines up (`Engine "qat" set.`, `Invalid engine ...`)
is handed to `say`, one line at a time: the caller decides where it goes.
"""

from __future__ import annotations

from collections.abc import Callable

from pyspeed.engines.base import Engine
from pyspeed.engines.builder import ConfiguredEngine
from pyspeed.engines.configured import configured_engines_for
from pyspeed.engines.loading import DEFAULT_ENGINE, EngineLoadError, load_engine
from pyspeed.engines.routing import ALL, Router

Say = Callable[[str], None]


def setup_engines(engine_ids: tuple[str, ...], config: str | None, say: Say) -> list[Router]:
    """One router per `-engine` value (in order, duplicates dropped), or one for the
    engines the config makes default; the software engine stands behind each.
    openssl's rule: a bad -engine is reported and that run goes on without it."""
    configured = configured_engines_for(config)
    config_routes: list[tuple[Engine, int]] = []
    for c in configured:
        if c.available is False:
            say(f"pyspeed: engine {c.engine.id} is unavailable: {c.unavailable_reason}; "
            "its cases run in software")
        elif c.methods:
            config_routes.append((c.engine, c.methods))

    def note(name: str, engine_id: str, reason: str) -> None:
        say(f"pyspeed: engine {engine_id} cannot run {name}: {reason}; "
            "software serves it")

    if not engine_ids:
        return [Router(config_routes, load_engine(DEFAULT_ENGINE), note)]
    routers = []
    for engine_id in dict.fromkeys(engine_ids):
        chosen = _engine_by_id(engine_id, configured, say)
        if chosen is not None:
            routers.append(Router([(chosen, ALL)], load_engine(DEFAULT_ENGINE), note))
        else:
            routers.append(Router(config_routes, load_engine(DEFAULT_ENGINE), note,
                                  label=(engine_id, f"{engine_id} (not usable)")))
    return routers


def _engine_by_id(engine_id: str, configured: list[ConfiguredEngine], say: Say
                  ) -> Engine | None:
    for c in configured:
        if c.engine.id == engine_id:
            engine = c.engine
            break
    else:
        try:
            engine = load_engine(engine_id)
        except EngineLoadError as exc:
            say(f'Invalid engine "{engine_id}"')
            say(f"pyspeed: {exc}")
            return None
    if not engine.ensure_init():
        reason = engine.unavailable_reason
        say(f'Invalid engine "{engine_id}"')
        say(f"pyspeed: engine {engine_id} is unavailable: {reason}")
        return None
    say(f'Engine "{engine_id}" set.')
    return engine


