"""Engine control commands, with OpenSSL's ENGINE_ctrl_cmd_string rules (reference §2.4).

`-pre`/`-post` of `pyspeed engine` and every unrecognised key of an engine section in
the config end up here, as they do in OpenSSL. The generic checks (unknown name, input
flags, numeric parsing) live in one place so that every engine fails the same way, with
OpenSSL's reason strings; an engine only implements what a valid command does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

NUMERIC = 0x0001
STRING = 0x0002
NO_INPUT = 0x0004
INTERNAL = 0x0008
CMD_BASE = 200  # ENGINE_CMD_BASE: engine-specific commands are numbered from here


@dataclass(frozen=True)
class CtrlCommand:
    num: int
    name: str
    description: str
    flags: int


class CtrlError(Exception):
    """A ctrl command failed; `reason` is OpenSSL's reason text where one exists."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class EngineUnavailable(Exception):
    """init failed: the message says why in one line (device missing, permission denied...)."""


_NUMBER = re.compile(r"[+-]?\d+\Z")

CtrlValue = int | str | None


class ControlledEngine:
    """Base for engines with ctrl commands, capabilities and an init step.

    Subclasses set `id`, `name`, `CTRL_COMMANDS`, and override `do_ctrl`, `capabilities`
    and `init` as needed. `available` and `unavailable_reason` are the outcome of `init`.
    """

    id: str = ""
    name: str = ""
    CTRL_COMMANDS: Sequence[CtrlCommand] = ()

    def __init__(self) -> None:
        self.initialised = False
        self.unavailable_reason: str | None = None

    # -- identity and capabilities --------------------------------------------------
    def ctrl_commands(self) -> Sequence[CtrlCommand]:
        return self.CTRL_COMMANDS

    def capabilities(self) -> list[str]:
        """What `engine -c` lists: RSA, DSA, DH, RAND, then cipher/digest/pkey names."""
        return []

    # -- ctrl -----------------------------------------------------------------------
    def find_ctrl(self, name: str) -> CtrlCommand | None:
        for cmd in self.ctrl_commands():
            if cmd.name == name:
                return cmd
        return None

    def ctrl_cmd_string(self, name: str, arg: str | None) -> None:
        """Send a command by name, as a string argument (None: no argument)."""
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

    # -- life cycle -----------------------------------------------------------------
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

    def finish(self) -> None:
        self.initialised = False
