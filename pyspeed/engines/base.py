"""The engine contract: everything the runner and `pyspeed engine` use, named in one base.

An engine answers four questions, in this order of a run:

* **who am I**: `id` (what `-engine` and the config name it by), `name` (what
  `pyspeed engine` prints), `capabilities()` (what `engine -c` lists);
* **how am I set up**: `ctrl_commands()` and `ctrl_cmd_string()` with OpenSSL's rules
  (the generic checks are done here; an engine implements `do_ctrl` for valid commands);
* **am I available**: `init()` raises EngineUnavailable with the reason; `try_init()`
  remembers it in `unavailable_reason` (what `engine -t` reports); `finish()`;
* **what can I run**: `check(algo)` is cheap and raises Unsupported for an algorithm it
  never runs; `prepare(case, options)` returns an Operation: either a timed one (the
  runner's loop calls `fn(*args)`) or one that measures itself (`measure(seconds)`: a
  model on a virtual clock, an external process), or raises Unsupported.

An engine never times anything itself unless it measures itself: the runner's loop is
the same for every engine. Third-party engines subclass Engine (entry point group
`pyspeed.engines`, an engines.d definition, or the `dynamic` engine's SO_PATH); a
minimal object with only `id`, `name`, `check` and `prepare` is accepted too and
adapted here (`adapt`), so that nothing else in pyspeed probes an engine for members.
`docs/engines.md` documents the contract with a complete example engine.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pyspeed.engines.ctrl import (
    NO_INPUT,
    NUMERIC,
    STRING,
    CtrlCommand,
    CtrlError,
    CtrlValue,
    EngineUnavailable,
)
from pyspeed.model import Algo, Case, CaseOptions, Operation, Unsupported

_NUMBER = re.compile(r"[+-]?\d+\Z")


class EngineLoadError(Exception):
    """The engine id names nothing loadable; the message says what was tried."""


class Engine:
    """Base of every engine. Subclasses set `id`, `name`, `CTRL_COMMANDS` and implement
    `prepare` (and `check`, `capabilities`, `do_ctrl`, `init` where they have them)."""

    id: str = ""
    name: str = ""
    CTRL_COMMANDS: Sequence[CtrlCommand] = ()

    def __init__(self) -> None:
        self.initialised = False
        self.unavailable_reason: str | None = None

    # -- who am I ------------------------------------------------------------------
    def capabilities(self) -> list[str]:
        """What `engine -c` lists: RSA, DSA, DH, RAND, then cipher/digest/pkey names."""
        return []

    def loaded(self) -> Engine | None:
        """The engine this one loaded in its place (the `dynamic` engine's LOAD), if any."""
        return None

    def adopt_id(self, engine_id: str) -> bool:
        """Take the id a definition gives it (`engine_id` of an engines.d section); an
        engine that can stand for several things at once (the native engine: one id per
        binary) says yes, the others keep their own id."""
        return False

    # -- how am I set up -------------------------------------------------------------
    def ctrl_commands(self) -> Sequence[CtrlCommand]:
        return self.CTRL_COMMANDS

    def find_ctrl(self, name: str) -> CtrlCommand | None:
        for cmd in self.ctrl_commands():
            if cmd.name == name:
                return cmd
        return None

    def ctrl_cmd_string(self, name: str, arg: str | None) -> None:
        """Send a command by name, as a string argument (None: no argument), with
        OpenSSL's ENGINE_ctrl_cmd_string checks and reason strings."""
        cmd = self.find_ctrl(name)
        if cmd is None:
            raise CtrlError("invalid cmd name")
        if not cmd.flags & (NUMERIC | STRING | NO_INPUT):
            raise CtrlError("cmd not executable")
        if cmd.flags & NO_INPUT:
            if arg is not None:
                raise CtrlError("command takes no input")
            self.do_ctrl(cmd, None)
            return
        if arg is None:
            raise CtrlError("command takes input")
        if cmd.flags & STRING:
            self.do_ctrl(cmd, arg)
            return
        if not _NUMBER.match(arg):
            raise CtrlError("argument is not a number")
        self.do_ctrl(cmd, int(arg))

    def do_ctrl(self, cmd: CtrlCommand, value: CtrlValue) -> None:
        """Carry out a validated command; raise CtrlError if the engine refuses it."""
        raise CtrlError("invalid cmd name")

    # -- am I available --------------------------------------------------------------
    def init(self) -> None:
        """Make the engine ready (open devices...); raise EngineUnavailable with the reason."""
        self.initialised = True

    def try_init(self) -> bool:
        """init, remembering why it failed: what `engine -t` reports."""
        try:
            self.init()
        except EngineUnavailable as exc:
            self.unavailable_reason = str(exc)
            return False
        self.initialised = True
        self.unavailable_reason = None
        return True

    def ensure_init(self) -> bool:
        """init unless already done; whether the engine is usable."""
        return self.initialised or self.try_init()

    def finish(self) -> None:
        self.initialised = False

    # -- what can I run --------------------------------------------------------------
    def check(self, algo: Algo) -> None:
        """Raise Unsupported if this engine cannot run `algo` at all (cheap, no key work)."""

    def prepare(self, case: Case, options: CaseOptions) -> Operation:
        """Build the operation for one case, or raise Unsupported."""
        raise Unsupported(f"engine {self.id} prepares no operation")


class _Adapted(Engine):
    """A minimal third-party engine (id, name, check, prepare) behind the full contract;
    members it does have (capabilities, ctrl commands, init...) are used."""

    def __init__(self, inner: Any) -> None:
        super().__init__()
        self.inner = inner
        self.id = str(inner.id)
        self.name = str(inner.name)

    def capabilities(self) -> list[str]:
        caps = getattr(self.inner, "capabilities", None)
        return list(caps()) if callable(caps) else []

    def ctrl_commands(self) -> Sequence[CtrlCommand]:
        cmds = getattr(self.inner, "ctrl_commands", None)
        return tuple(cmds()) if callable(cmds) else ()

    def ctrl_cmd_string(self, name: str, arg: str | None) -> None:
        send = getattr(self.inner, "ctrl_cmd_string", None)
        if not callable(send):
            raise CtrlError("invalid cmd name")
        send(name, arg)

    def init(self) -> None:
        init = getattr(self.inner, "init", None)
        if callable(init):
            init()
        self.initialised = True

    def finish(self) -> None:
        finish = getattr(self.inner, "finish", None)
        if callable(finish):
            finish()
        self.initialised = False

    def check(self, algo: Algo) -> None:
        self.inner.check(algo)

    def prepare(self, case: Case, options: CaseOptions) -> Operation:
        op = self.inner.prepare(case, options)
        if not isinstance(op, Operation):
            raise Unsupported(f"engine {self.id} returned {type(op).__name__}, not an Operation")
        return op


REQUIRED = ("id", "name", "check", "prepare")


def is_engine(obj: object) -> bool:
    """An Engine, or an object with the four members an engine cannot do without."""
    return isinstance(obj, Engine) or all(hasattr(obj, a) for a in REQUIRED)


def adapt(obj: object) -> Engine:
    """The one place where a foreign engine object meets the contract."""
    if isinstance(obj, Engine):
        return obj
    if not is_engine(obj):
        raise TypeError(f"{obj!r} is not an engine (it needs {', '.join(REQUIRED)})")
    return _Adapted(obj)
