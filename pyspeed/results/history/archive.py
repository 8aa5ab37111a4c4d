"""Reading whole stored runs back, documents and all, for what looks at many runs at
once (`pyspeed dashboard`): the trend rows carry a median, but the regression gate needs
every run's samples. Read-only, newest `last` runs, returned oldest first."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from pyspeed.model import Run
from pyspeed.results.history.failures import NoHistory
from pyspeed.results.history.location import Location
from pyspeed.results.history.reader import _document, reading
from pyspeed.results.history.tables import runs


@dataclass(frozen=True)
class StoredRun:
    """A run as the store keeps it: its row (the columns the trend and the baseline
    lookup group by) and its document."""

    id: int
    started: str
    commit: str | None
    dirty: bool | None
    fingerprint: str | None
    machine: str | None
    branch: str | None
    pyspeed: str | None
    command: str | None
    run: Run

    @property
    def machine_name(self) -> str:
        """How pages name the machine: its --machine label, else its fingerprint."""
        return self.machine or (self.fingerprint or "unknown machine")[:16]


def read_runs(loc: Location, last: int) -> tuple[list[StoredRun], int, list[str]]:
    """The newest `last` runs with a document, oldest first; how many runs the store
    holds; and the runs left out as damaged (named)."""
    with reading(loc) as (conn, present):
        total = int(conn.execute(select(func.count()).select_from(runs)).scalar() or 0)
        if not total:
            raise NoHistory(f"pyspeed history: no history yet in {loc.display}")
        if "document" not in present:
            raise NoHistory(f"pyspeed history: the runs in {loc.display} were stored by an "
                            "older pyspeed, without their documents")
        stmt = (select(runs.c.id, runs.c.started, runs.c.commit_id, runs.c.dirty,
                       runs.c.fingerprint, runs.c.machine, runs.c.branch, runs.c.pyspeed,
                       runs.c.command, runs.c.document)
                .where(runs.c.document.is_not(None))
                .order_by(runs.c.started.desc(), runs.c.id.desc()).limit(last))
        rows = list(conn.execute(stmt))
    stored, skipped = [], []
    for row in reversed(rows):
        run, why = _document(row.document, f"{loc.display} run {row.id}")
        if run is None:
            skipped.append(f"run {row.id} ({row.started}): {why}")
            continue
        stored.append(StoredRun(
            id=int(row.id), started=str(row.started), commit=_text(row.commit_id),
            dirty=None if row.dirty is None else bool(row.dirty),
            fingerprint=_text(row.fingerprint), machine=_text(row.machine),
            branch=_text(row.branch), pyspeed=_text(row.pyspeed), command=_text(row.command),
            run=run))
    if not stored:
        raise NoHistory(f"pyspeed history: no readable run in {loc.display}")
    return stored, total, skipped


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
