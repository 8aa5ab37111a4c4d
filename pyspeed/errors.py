"""Errors that end a command with a documented exit status.

Exit statuses (also in README.md):

* 0: success (an engine that could not be loaded, or an algorithm an engine cannot
  run, is reported but is not a failure, as with `openssl speed`);
* 1: usage error: unknown option or algorithm, bad option value (openssl's status);
* 2: configuration error: a config file or engine definition that cannot be used (syntax,
  undefined variable, missing section, unknown engine, failing ctrl, bad dynamic_path),
  or a package pyspeed needs that is not installed;
* 3: a `-multi` worker crashed, was killed or hung; the other workers' results are printed;
* 4: the run was measured and shown, but a file it was asked to write (`--save`,
  `--benchmark-json`) could not be written;
* 66: an input file named on the command line does not exist or cannot be read
  (`report`, `plot`, `history --import`; sysexits' EX_NOINPUT);
* 69: the history server cannot be reached or refuses the credentials (`history`;
  sysexits' EX_UNAVAILABLE); a run being saved is spooled locally instead, not failed;
* 130: interrupted (Ctrl-C); what was measured so far is still printed.

Every error is one line. pyspeed's own start with `pyspeed:`; those of the commands
that mirror openssl keep openssl's wording (`speed: Unknown algorithm nosuch`), and
pyspeed's other commands name themselves (`compare: ...`).
"""

from __future__ import annotations

from typing import TextIO

EXIT_OK = 0
EXIT_USAGE = 1
EXIT_CONFIG = 2
EXIT_WORKER_FAILED = 3
EXIT_WRITE_FAILED = 4
EXIT_NO_INPUT = 66
EXIT_UNAVAILABLE = 69
EXIT_INTERRUPTED = 130

#: error lines that already say who speaks
_SPEAKERS = ("pyspeed", "speed:", "engine:", "sweep:", "compare:", "history:", "dashboard:",
             "plot:", "report:", "config:", "version:")


class PyspeedError(Exception):
    """An error with a one-line message and an exit status."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code

    @property
    def message(self) -> str:
        return str(self.args[0])


class UsageError(PyspeedError):
    """Bad command line. `usage_hint` adds openssl's `PROG: Use -help for summary.` line."""

    def __init__(self, message: str, *, usage_hint: bool = True, prog: str = "speed") -> None:
        super().__init__(message, exit_code=EXIT_USAGE)
        self.usage_hint = usage_hint
        self.prog = prog

    def lines(self) -> list[str]:
        out = [self.message]
        if self.usage_hint:
            out.append(f"{self.prog}: Use -help for summary.")
        return out


class ConfigUseError(PyspeedError):
    """A configuration that parses but cannot be applied: `file:line: reason (value)`."""

    exit_code = EXIT_CONFIG


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """The text with control characters written as escapes: a value from a config file
    or an argument cannot move the cursor, clear the screen or start a new line."""
    return "".join(_NAMED.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 32 or 127 <= ord(c) < 160
                                     else c) for c in text)


def report(exc: PyspeedError, err: TextIO) -> int:
    """Write an error's line(s) and give its exit status: the one way commands fail."""
    if isinstance(exc, UsageError):
        lines = exc.lines()
    else:
        message = exc.message
        lines = [message if message.startswith(_SPEAKERS) else f"pyspeed: {message}"]
    err.write("".join(printable(line) + "\n" for ln in lines for line in ln.split("\n")))
    return exc.exit_code
