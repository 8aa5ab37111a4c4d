"""Where the history lives: a SQLite file (the default, nothing to set up) or a
PostgreSQL database a team shares (`postgresql://user:pass@host[:port]/db`).

`PYSPEED_HISTORY` (or `--db`/`--history`) names it; a value with a URL scheme is a URL,
anything else a path, so that `postgresql://...` can never be taken for a directory.
The password is part of the URL the driver gets and of nothing pyspeed prints or
writes: messages and the spool name the store by `display`.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qs, urlsplit

from pyspeed.results.history.failures import HistoryError

ENV = "PYSPEED_HISTORY"
DISABLED = ("off", "none", "no", "0")
MAX_LOCATION = 4096  # characters in a path or URL
POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
DEFAULT_PORT = 5432
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


@dataclass(frozen=True)
class Location:
    """A store: `kind` picks the backend, `target` is what it opens (path or full URL)."""

    kind: Literal["sqlite", "postgresql"]
    target: str
    display: str  # for messages and the spool: the path, or the URL without its password
    host: str  # who a connection failure is about: the server, or the file

    @property
    def spool_key(self) -> str:
        """A name for this store's spool folder: runs spooled for one store are never
        uploaded into another."""
        return hashlib.sha256(self.display.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def data_home() -> str:
    """`$XDG_DATA_HOME`, else `~/.local/share`: the default store and the spool."""
    return os.environ.get("XDG_DATA_HOME", "").strip() or os.path.join(
        os.path.expanduser("~"), ".local", "share")


def default_path() -> str:
    """The store used when none is given: `$PYSPEED_HISTORY`, else the per-user file."""
    env = os.environ.get(ENV, "").strip()
    if env and env.lower() not in DISABLED:
        return env if _SCHEME.match(env) else os.path.expanduser(env)
    return os.path.join(data_home(), "pyspeed", "history.sqlite")


def appending_disabled() -> bool:
    """`PYSPEED_HISTORY=off`: `--save` writes the file only (CI, tests, shared hosts)."""
    return os.environ.get(ENV, "").strip().lower() in DISABLED


def locate(spec: str | None = None) -> Location:
    """The store named by `spec` (a path or URL), else the default one."""
    spec = default_path() if spec is None or not spec.strip() else spec.strip()
    if len(spec) > MAX_LOCATION:
        raise HistoryError(f"pyspeed: history location longer than {MAX_LOCATION} characters")
    scheme = _SCHEME.match(spec)
    if scheme is None:
        return Location("sqlite", spec, spec, spec)
    name = scheme.group(1).lower()
    if name == "sqlite":  # sqlite:///relative or sqlite:////absolute, as SQLAlchemy spells it
        path = spec[len("sqlite:///"):] if spec.startswith("sqlite:///") else ""
        if not path:
            raise HistoryError(f"pyspeed: {spec}: a sqlite URL needs a path (sqlite:///FILE)")
        return Location("sqlite", path, path, path)
    if name not in POSTGRES_SCHEMES:
        raise HistoryError(f"pyspeed: {_redact(spec)}: unsupported history URL (a path, or "
                           "postgresql://user:pass@host[:port]/db)")
    return _postgres(spec)


def _postgres(spec: str) -> Location:
    try:
        parts = urlsplit(spec)
        port = parts.port
        host = parts.hostname
    except ValueError as exc:
        raise HistoryError(f"pyspeed: {_redact(spec)}: not a valid PostgreSQL URL ({exc})"
                           ) from None
    database = parts.path.lstrip("/")
    if not database:
        raise HistoryError(f"pyspeed: {_redact(spec)}: the URL names no database "
                           "(postgresql://user:pass@host[:port]/db)")
    if not host:  # libpq's unix socket: ?host=/run/postgresql
        socket = (parse_qs(parts.query).get("host") or ["localhost"])[0]
        where = f"{socket} (port {port or DEFAULT_PORT})"
    else:
        where = f"{host}:{port or DEFAULT_PORT}"
    return Location("postgresql", spec, _redact(spec), where)


def _redact(url: str) -> str:
    """The URL without its password (and without a `password=` query parameter)."""
    url = re.sub(r"(://[^/@:]*):[^/@]*@", r"\1@", url)
    return re.sub(r"(?i)([?&]password=)[^&]*", r"\1***", url)
