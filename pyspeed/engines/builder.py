"""Engines from specs: replay an engine section's steps (OpenSSL's int_engine_configure).

Specs are plain data from the config (or an engines.d drop-in); this is where they
become engine objects, in every process that needs them (runner workers rebuild their
engines this way). Steps run in file order: load by id or through `dynamic_path`, ctrl
commands, `init`, `default_algorithms`, the implicit init at the end.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from pyspeed.conf.config_error import ConfigError
from pyspeed.conf.specs import EngineSpec, Step
from pyspeed.engines.base import Engine, EngineLoadError
from pyspeed.engines.ctrl import CtrlError
from pyspeed.engines.dynamic import DynamicEngine
from pyspeed.errors import ConfigUseError

# load an engine by id; spec_chain names the drop-in sections being built (loop guard)
LoadById = Callable[..., Engine]


@dataclass
class ConfiguredEngine:
    spec: EngineSpec
    engine: Engine
    methods: int  # ENGINE_METHOD_* bits from default_algorithms (0: none)
    available: bool | None  # None: never initialised
    unavailable_reason: str | None = None


def _where(step: Step | EngineSpec) -> str:
    if step.file is None:
        return ""
    return f"{step.file}:{step.line}: " if step.line is not None else f"{step.file}: "


def _fail(step: Step | EngineSpec, reason: str, value: str | None) -> ConfigUseError:
    detail = f" ({value})" if value is not None else ""
    return ConfigUseError(f"{_where(step)}{reason}{detail}")


def build(spec: EngineSpec, load_engine: LoadById, *,
          initialise: bool = True) -> ConfiguredEngine | None:
    """The engine a spec describes, or None if a soft load found nothing. `load_engine`
    finds an engine by id (pyspeed.engines.loading.load_engine, passed in because a
    drop-in definition may itself be loaded by id).

    Raises ConfigUseError naming file, line and value for anything that makes the
    section unusable. An init that fails (device missing...) is not an error: as in
    OpenSSL the run goes on without the engine, and `available` says why.
    """
    engine: Engine | None = None
    methods = 0
    available: bool | None = None
    reason: str | None = None
    for step in spec.steps:
        if step.kind == "load":
            try:
                engine = load_engine(step.value or spec.id, spec_chain=(spec.name,))
            except EngineLoadError as exc:
                if step.soft:
                    return None
                raise _fail(step, f"engine {spec.name}: {exc}", step.value) from exc
        elif step.kind == "dynamic_path":
            loader = DynamicEngine()
            loader.so_path = _beside(step.value or "", step.file)
            loader.engine_id = spec.engine_id
            try:
                engine = loader.load()
            except CtrlError as exc:
                raise _fail(step, f"engine {spec.name}: dynamic_path: {exc.reason}",
                            step.value) from exc
        elif engine is None:
            continue  # nothing loaded (a spec that failed before loading): error below
        elif step.kind == "ctrl":
            try:
                engine.ctrl_cmd_string(step.key, step.value)
            except CtrlError as exc:
                value = "<from the environment>" if step.from_env else step.value
                shown = step.key if value is None else f"{step.key}={value}"
                raise _fail(step, f"engine {spec.name}: ctrl {step.key} failed: "
                            f"{exc.reason or 'refused'}", shown) from exc
        elif step.kind in ("init", "implicit_init"):
            if step.kind == "init" and step.value == "0":
                continue
            if initialise:
                available, reason = _init(engine)
        elif step.kind == "default_algorithms":
            methods |= step.flags
    if spec.error is not None:
        raise _config_error(spec.error)
    if engine is None:
        raise _fail(spec, f"engine {spec.name}: nothing to load", spec.section)
    return ConfiguredEngine(spec, engine, methods, available, reason)


def _beside(path: str, config_file: str | None) -> str:
    """A relative file path in `dynamic_path` is relative to the config file that names
    it, not to wherever pyspeed was started (module paths are left as they are)."""
    target, sep, attr = path.rpartition(":") if _has_attr(path) else (path, "", "")
    is_file = target.endswith(".py") or "/" in target
    if not is_file or os.path.isabs(target) or not config_file:
        return path
    return os.path.join(os.path.dirname(os.path.abspath(config_file)), target) + sep + attr


def _has_attr(path: str) -> bool:
    head, sep, tail = path.rpartition(":")
    return bool(sep and head and tail.isidentifier())


def _init(engine: Engine) -> tuple[bool, str | None]:
    ok = engine.try_init()
    return ok, None if ok else engine.unavailable_reason


def _config_error(err: ConfigError) -> ConfigUseError:
    return ConfigUseError(str(err))
