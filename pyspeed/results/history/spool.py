"""Runs that could not be appended wait here, one results document per run, until an
append to the same store succeeds (or `pyspeed history --flush`): a server that is down
during a CI job costs nothing. `$XDG_DATA_HOME/pyspeed/spool/<store>/`, one folder per
store (named by a hash of its location without password, which `store` spells out), so
that a run meant for the team's server is never uploaded into a private file."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from pyspeed.model import Run
from pyspeed.results.history.identity import run_key
from pyspeed.results.history.location import Location, data_home

MAX_SPOOLED = 10_000  # runs one flush uploads (the rest wait for the next)
DAMAGED_SUFFIX = ".damaged"


def folder(loc: Location) -> Path:
    return Path(data_home()) / "pyspeed" / "spool" / loc.spool_key


def put(run: Run, loc: Location) -> Path:
    """Keep the run for `loc` (atomically: a crash leaves the old spool or the new run);
    OSError if it cannot be written."""
    from pyspeed.results.document import save

    where = folder(loc)
    where.mkdir(parents=True, exist_ok=True)
    label = where / "store"
    if not label.exists():
        label.write_text(loc.display + "\n", encoding="utf-8", errors="surrogateescape")
    name = hashlib.sha256(run_key(run).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    path = where / f"{name}.json"
    save(run, str(path))
    return path


def pending(loc: Location) -> list[Path]:
    """The spooled runs of `loc`, oldest first (at most MAX_SPOOLED)."""
    try:
        found = [e for e in os.scandir(folder(loc))
                 if e.name.endswith(".json") and e.is_file(follow_symlinks=False)]
    except OSError:
        return []
    found.sort(key=lambda e: (e.stat().st_mtime, e.name))
    return [Path(e.path) for e in found[:MAX_SPOOLED]]


def set_aside(path: Path) -> Path:
    """A spooled file that is not a results document is kept (renamed) but not retried."""
    target = path.with_name(path.name + DAMAGED_SUFFIX)
    os.replace(path, target)
    return target


def done(path: Path) -> None:
    """Uploaded (by us or by a concurrent flush)."""
    path.unlink(missing_ok=True)
