"""Opening a store with the settings its backend needs to take many writers at once.

SQLite: one file, one writer at a time. Writers begin with `BEGIN IMMEDIATE` (they queue
on the lock up front instead of failing when a read turns into a write), wait up to
BUSY_TIMEOUT for it, and the whole append is retried a few times if the lock still
cannot be had; the journal is WAL, so readers never block the writer. Readers open the
file read-only: reading never creates or changes a store.

PostgreSQL (psycopg 3): plain transactions; the unique run key and ON CONFLICT DO
NOTHING make concurrent appends of the same run store it once. A server that cannot be
reached, or refuses the credentials, is StoreUnreachable: one line naming the host and
the cause, never a traceback or the password.

No connection pool: a pyspeed process makes one or two connections and exits.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import NullPool

from pyspeed.results.history.failures import HistoryError, StoreUnreachable
from pyspeed.results.history.location import Location

BUSY_TIMEOUT = 10.0  # seconds a SQLite writer waits for another to finish
RETRIES = 6  # attempts of a SQLite append that still found the file locked
CONNECT_TIMEOUT = 10  # seconds to reach a PostgreSQL server (unless the URL says)
MAX_CAUSE = 300  # characters of a driver's message in ours
UPDATE_FAILED = "cannot update the history database"
READ_FAILED = "not a readable history database"
#: SQLSTATE classes of a server that is unreachable or will not let us in: connection
#: exception, invalid authorization, unknown database, operator intervention (shutdown)
_UNREACHABLE = ("08", "28", "3D", "57P")

T = TypeVar("T")


def open_engine(loc: Location, *, write: bool) -> Engine:
    """An engine for one command's work on the store."""
    if loc.kind == "sqlite":
        return _sqlite(loc.target, write)
    try:
        url = make_url(loc.target).set(drivername="postgresql+psycopg")
    except (sa_exc.ArgumentError, ValueError) as exc:
        raise HistoryError(f"pyspeed: {loc.display}: not a valid PostgreSQL URL ({exc})"
                           ) from None
    args: dict[str, Any] = {"application_name": "pyspeed"}
    if "connect_timeout" not in url.query:
        args["connect_timeout"] = CONNECT_TIMEOUT
    return create_engine(url, poolclass=NullPool, connect_args=args)


def _sqlite(path: str, write: bool) -> Engine:
    if write:
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise HistoryError(f"{path}: cannot update the history database "
                               f"({exc.strerror or exc})") from None

        def creator() -> sqlite3.Connection:  # bytes: a name that is not UTF-8 still opens
            return sqlite3.connect(os.fsencode(path), timeout=BUSY_TIMEOUT,
                                   check_same_thread=False)
    else:
        uri = Path(path).resolve().as_uri() + "?mode=ro"

        def creator() -> sqlite3.Connection:
            return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT, check_same_thread=False)

    engine = create_engine("sqlite+pysqlite://", creator=creator, poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _setup(con: sqlite3.Connection, _record: Any) -> None:
        con.isolation_level = None  # pysqlite's own BEGIN is deferred: ours is below
        con.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        if write and _ours_or_new(con):
            con.execute("PRAGMA journal_mode = WAL")

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _ours_or_new(con: sqlite3.Connection) -> bool:
    """WAL is a property of the file: only a pyspeed history (or a new file) gets it,
    never a foreign database that was named by mistake."""
    version = con.execute("PRAGMA user_version").fetchone()[0]
    tables = con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    return bool(version >= 1 or tables == 0)


def retrying(loc: Location, action: Callable[[], T]) -> T:
    """Run `action` (one whole transaction); a SQLite file still locked after the busy
    timeout is tried again after a random pause, so that queued writers spread out."""
    for attempt in range(RETRIES):
        try:
            return action()
        except sa_exc.OperationalError as exc:
            if loc.kind != "sqlite" or not _locked(exc) or attempt == RETRIES - 1:
                raise
            time.sleep(random.uniform(0.05, 0.25) * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover


def _locked(exc: sa_exc.OperationalError) -> bool:
    text = str(exc.orig).lower()
    return "locked" in text or "busy" in text


@contextlib.contextmanager
def failures(loc: Location, problem: str) -> Iterator[None]:
    """Driver errors as one-line HistoryErrors: `problem` says what it means for the
    command (cannot update the history database; not a readable history database)."""
    try:
        yield
    except sa_exc.DBAPIError as exc:
        if loc.kind == "postgresql" and _unreachable(exc):
            raise StoreUnreachable(
                f"pyspeed: cannot reach the history at {loc.host}: {cause(exc)}") from None
        raise HistoryError(f"{loc.display}: {problem} ({cause(exc)})") from None
    except sa_exc.SQLAlchemyError as exc:
        raise HistoryError(f"{loc.display}: {problem} ({cause(exc)})") from None
    except OSError as exc:
        raise HistoryError(f"{loc.display}: {problem} ({exc.strerror or exc})") from None
    except UnicodeError as exc:  # a location or value the driver cannot encode
        raise HistoryError(f"{loc.display}: {problem} ({getattr(exc, 'reason', exc)})"
                           ) from None


def _unreachable(exc: sa_exc.DBAPIError) -> bool:
    if exc.connection_invalidated:
        return True
    state = getattr(exc.orig, "sqlstate", None)
    if state is None:  # libpq failed before the server said anything
        return isinstance(exc, sa_exc.OperationalError)
    return str(state).startswith(_UNREACHABLE)


def cause(exc: BaseException) -> str:
    """The driver's reason, on one line, without libpq's framing and hints."""
    orig = getattr(exc, "orig", None) or exc
    lines = [ln.strip() for ln in str(orig).splitlines() if ln.strip()]
    text = lines[0] if lines else type(orig).__name__
    text = re.sub(r"^connection failed:\s*", "", text)
    text = re.sub(r"^connection to server (?:at|on) .*? failed:\s*", "", text)
    text = re.sub(r"^(?:FATAL|ERROR):\s*", "", text)
    text = text.split("[SQL:")[0].strip()
    return text[:MAX_CAUSE] or type(orig).__name__
