"""How using the history fails: each a one-line message and the exit status that tells a
script what to do next (fix the store, wait for the server, or just record a first run)."""

from __future__ import annotations

from pyspeed.errors import EXIT_CONFIG, EXIT_UNAVAILABLE, PyspeedError

EXIT_NO_HISTORY = 3


class HistoryError(PyspeedError):
    """A store that cannot be used: damaged, foreign, newer than this pyspeed, unwritable,
    or a location that is not a path or a PostgreSQL URL. Retrying will not help."""

    exit_code = EXIT_CONFIG


class StoreUnreachable(HistoryError):
    """The server is down, unknown, or refuses the credentials. A run being saved is
    spooled instead (pyspeed.results.history.spool); a later append uploads it."""

    exit_code = EXIT_UNAVAILABLE


class NoHistory(PyspeedError):
    """Nothing recorded yet, or nothing matching: a first CI run is not an error."""

    exit_code = EXIT_NO_HISTORY
