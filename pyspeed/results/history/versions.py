"""Schema versions: which one a store has, and the scripted upgrades to this one.

Version 1 is the SQLite file of earlier pyspeed (its `PRAGMA user_version`, no version
table); from version 2 the `pyspeed_schema` table holds it on both backends. A writer
brings an older store up to SCHEMA_VERSION inside its transaction, step by step
(UPGRADES); concurrent writers cannot both do it (SQLite's write lock, PostgreSQL's
advisory lock). A store newer than this pyspeed is refused, reading or writing: its
rows may mean something this version does not know. Readers never upgrade: a version 1
file is read as it is.

The steps are plain SQLAlchemy, not alembic: two backends, additive changes, and no
migration scripts or extra package to ship inside a command-line tool.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import delete, func, inspect, select, text
from sqlalchemy.engine import Connection

from pyspeed.results.history.failures import HistoryError, NoHistory
from pyspeed.results.history.location import Location
from pyspeed.results.history.tables import (
    SCHEMA_VERSION,
    V2_INDEXES,
    V2_RUN_COLUMNS,
    metadata,
    runs,
    schema_version,
)

_LOCK_KEY = 0x7079737065656401  # PostgreSQL advisory lock: pyspeed's schema changes
_OURS = {"runs", "results"}


def stored_version(conn: Connection, loc: Location) -> int | None:
    """The store's schema version; None for an empty one. HistoryError if the database
    is someone else's."""
    names = set(inspect(conn).get_table_names())
    sqlite_version = 0
    if conn.dialect.name == "sqlite":
        sqlite_version = int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)
    if schema_version.name in names:
        found = conn.execute(select(func.max(schema_version.c.version))).scalar()
        if not isinstance(found, int):
            raise HistoryError(f"{loc.display}: damaged history database (no schema version)")
        return max(found, sqlite_version)
    if names >= _OURS:
        return max(1, sqlite_version)
    if sqlite_version > SCHEMA_VERSION:
        return sqlite_version
    # a PostgreSQL database may hold other tables; a SQLite file is the history or not
    if names & _OURS or (names and conn.dialect.name == "sqlite"):
        raise HistoryError(f"{loc.display}: not a pyspeed history database")
    return None


def _refuse_newer(version: int, loc: Location) -> None:
    if version > SCHEMA_VERSION:
        raise HistoryError(f"{loc.display}: history schema {version} is newer than this "
                           f"pyspeed reads ({SCHEMA_VERSION}); upgrade pyspeed")


def check_readable(conn: Connection, loc: Location) -> set[str]:
    """The columns of `runs` there are to read (a version 1 file lacks version 2's)."""
    version = stored_version(conn, loc)
    if version is None:
        raise NoHistory(f"pyspeed history: no history yet in {loc.display}")
    _refuse_newer(version, loc)
    return {c["name"] for c in inspect(conn).get_columns(runs.name)}


def ensure_current(conn: Connection, loc: Location) -> None:
    """Create or upgrade the tables (inside the caller's transaction)."""
    version = stored_version(conn, loc)
    if version == SCHEMA_VERSION:
        return
    if version is not None:
        _refuse_newer(version, loc)
    if conn.dialect.name == "postgresql":  # one writer creates; the others then see it
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        version = stored_version(conn, loc)
        if version == SCHEMA_VERSION:
            return
    if version is None:
        metadata.create_all(conn)
    else:
        for step in range(version, SCHEMA_VERSION):
            UPGRADES[step](conn)
    conn.execute(delete(schema_version))
    conn.execute(schema_version.insert().values(version=SCHEMA_VERSION))
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _v1_to_v2(conn: Connection) -> None:
    """Machine label, branch and the stored document; indexes to select by them."""
    present = {c["name"] for c in inspect(conn).get_columns(runs.name)}
    for name in V2_RUN_COLUMNS:
        if name not in present:
            kind = runs.c[name].type.compile(dialect=conn.dialect)
            conn.exec_driver_sql(f"ALTER TABLE {runs.name} ADD COLUMN {name} {kind}")
    for index in V2_INDEXES:
        index.create(conn, checkfirst=True)
    schema_version.create(conn, checkfirst=True)


#: UPGRADES[n] brings version n to n + 1
UPGRADES: dict[int, Callable[[Connection], None]] = {1: _v1_to_v2}
