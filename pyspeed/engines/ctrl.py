"""Engine control commands, with OpenSSL's ENGINE_ctrl_cmd_string rules.

The rules: docs/openssl-compat.md §2.4.

The command table and its flags; the generic checks of a command (unknown name, input
flags, numeric parsing) are done by `Engine.ctrl_cmd_string` (pyspeed.engines.base), so
that every engine fails the same way, with OpenSSL's reason strings.
"""

from __future__ import annotations

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


CtrlValue = int | str | None
