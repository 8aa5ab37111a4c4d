"""The `dynamic` engine: loads another engine from a path, as OpenSSL's does from a .so.

Same id, name and ctrl commands as OpenSSL's (SO_PATH, NO_VCHECK, ID, LIST_ADD, DIR_LOAD,
DIR_ADD, LOAD), so configs and `-pre` sequences written for OpenSSL carry over. Where
OpenSSL dlopens a shared library, pyspeed imports a Python engine:

* `SO_PATH` = `package.module:Factory`, `package.module` (attribute `ENGINE`), or a file
  `path/to/engine.py` (optionally `:Factory`);
* with `ID` and `DIR_LOAD`, the file `<dir>/<id>.py` is looked for in the `DIR_ADD`
  directories, like OpenSSL's `<dir>/<id>.so`.

A factory is called with no arguments and must return an engine: a subclass of
`pyspeed.engines.base.Engine`, or an object with `id`, `name`, `check` and `prepare`
(adapted to the contract by `adapt`).
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys

from pyspeed.engines.base import Engine, adapt, is_engine
from pyspeed.engines.ctrl import (
    CMD_BASE,
    NO_INPUT,
    NUMERIC,
    STRING,
    CtrlCommand,
    CtrlError,
    CtrlValue,
    EngineUnavailable,
)
from pyspeed.model import Algo, Case, CaseOptions, Operation, Unsupported

_COMMANDS = (
    CtrlCommand(CMD_BASE, "SO_PATH", "Specifies the path to the new ENGINE shared library",
                STRING),
    CtrlCommand(CMD_BASE + 1, "NO_VCHECK",
                "Specifies to continue even if version checking fails (boolean)", NUMERIC),
    CtrlCommand(CMD_BASE + 2, "ID", "Specifies an ENGINE id name for loading", STRING),
    CtrlCommand(CMD_BASE + 3, "LIST_ADD",
                "Whether to add a loaded ENGINE to the internal list (0=no,1=yes,2=mandatory)",
                NUMERIC),
    CtrlCommand(CMD_BASE + 4, "DIR_LOAD",
                "Specifies whether to load from 'DIR_ADD' directories (0=no,1=yes,2=mandatory)",
                NUMERIC),
    CtrlCommand(CMD_BASE + 5, "DIR_ADD", "Adds a directory from which ENGINEs can be loaded",
                STRING),
    CtrlCommand(CMD_BASE + 6, "LOAD", "Load up the ENGINE specified by other settings",
                NO_INPUT),
)


class EngineImportError(CtrlError):
    """The path names nothing that can be imported, or nothing that is an engine."""


def import_engine(path: str) -> Engine:
    """Build the engine a SO_PATH / dynamic_path names (see the module docstring)."""
    target, _, attr = path.rpartition(":") if _has_attr_suffix(path) else (path, "", "")
    try:
        if target.endswith(".py") or os.sep in target:
            if not os.path.isfile(target):
                raise EngineImportError(f"no such file: {target}")
            name = "pyspeed_dynamic_" + os.path.splitext(os.path.basename(target))[0]
            spec = importlib.util.spec_from_file_location(name, target)
            if spec is None or spec.loader is None:
                raise EngineImportError(f"cannot import {target}")
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            spec.loader.exec_module(module)
        else:
            module = importlib.import_module(target)
    except EngineImportError:
        raise
    except Exception as exc:  # any error of foreign code at import time is a load failure
        raise EngineImportError(f"cannot import {target}: {type(exc).__name__}: {exc}") from exc
    factory = getattr(module, attr or "ENGINE", None)
    if factory is None:
        raise EngineImportError(f"{target} does not define an engine ({attr or 'ENGINE'})")
    try:
        if isinstance(factory, type) or (callable(factory) and not is_engine(factory)):
            engine = factory()
        else:
            engine = factory
    except Exception as exc:
        raise EngineImportError(f"{path}: engine factory failed: {exc}") from exc
    if not is_engine(engine):
        raise EngineImportError(f"{path} does not define an engine (no id/name/check/prepare)")
    return adapt(engine)


def _has_attr_suffix(path: str) -> bool:
    head, sep, tail = path.rpartition(":")
    return bool(sep and head and tail.isidentifier())


class DynamicEngine(Engine):
    id = "dynamic"
    name = "Dynamic engine loading support"
    CTRL_COMMANDS = _COMMANDS

    def __init__(self) -> None:
        super().__init__()
        self.so_path: str | None = None
        self.engine_id: str | None = None
        self.dir_load = 1
        self.dirs: list[str] = []
        self._loaded: Engine | None = None

    def do_ctrl(self, cmd: CtrlCommand, value: CtrlValue) -> None:
        if cmd.name == "SO_PATH":
            self.so_path = str(value)
        elif cmd.name == "ID":
            self.engine_id = str(value)
        elif cmd.name == "DIR_LOAD":
            if value not in (0, 1, 2):
                raise CtrlError("invalid argument")
            self.dir_load = int(value)  # type: ignore[arg-type]
        elif cmd.name == "DIR_ADD":
            self.dirs.append(str(value))
        elif cmd.name in ("NO_VCHECK", "LIST_ADD"):
            pass  # no version check and no global list in pyspeed: accepted, as OpenSSL does
        elif cmd.name == "LOAD":
            self._loaded = self.load()
        else:  # pragma: no cover - Engine only passes listed commands
            raise CtrlError("invalid cmd name")

    def load(self) -> Engine:
        if self.so_path:
            engine = import_engine(self.so_path)
        elif self.engine_id and self.dir_load:
            candidates = [os.path.join(d, f"{self.engine_id}.py") for d in self.dirs]
            found = next((c for c in candidates if os.path.isfile(c)), None)
            if found is None:
                raise EngineImportError(
                    f"no {self.engine_id}.py in " + (", ".join(self.dirs) or "no DIR_ADD directory")
                )
            engine = import_engine(found)
        else:
            raise EngineImportError("no SO_PATH and no ID to load")
        if self.engine_id and engine.id != self.engine_id and not engine.adopt_id(
                self.engine_id):
            raise EngineImportError(f"loaded engine has id {engine.id!r}, not {self.engine_id!r}")
        return engine

    def loaded(self) -> Engine | None:
        return self._loaded

    def init(self) -> None:
        raise EngineUnavailable("nothing loaded: send SO_PATH (or ID and DIR_ADD) and LOAD")

    def check(self, algo: Algo) -> None:
        raise Unsupported("the dynamic engine runs nothing itself; LOAD an engine first")

    def prepare(self, case: Case, options: CaseOptions) -> Operation:
        raise Unsupported("the dynamic engine runs nothing itself; LOAD an engine first")
