"""`pyspeed version`: pyspeed's version and the crypto stack it measures with."""

from __future__ import annotations

from typing import TextIO

from pyspeed._version import __version__
from pyspeed.commands.gnu_args import GnuCommand
from pyspeed.errors import EXIT_OK, EXIT_USAGE, PyspeedError, report


def _spec() -> None:
    """No options (pyspeed.commands.gnu_args)."""


COMMAND = GnuCommand("version", _spec, usage_exit=EXIT_USAGE, help="Print pyspeed's version.")


def version_main(argv: list[str], out: TextIO, err: TextIO) -> int:
    try:
        if COMMAND.parse(argv, out) is None and argv:
            return EXIT_OK  # --help
    except PyspeedError as exc:
        return report(exc, err)
    out.write(f"pyspeed {__version__}\n")
    return EXIT_OK
