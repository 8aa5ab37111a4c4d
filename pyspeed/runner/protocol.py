"""The worker protocol: what a -multi worker tells its parent, one JSON line per event.

The runner owns it at both ends: a worker's listener (`Sender`) writes the lines, the
supervisor (pyspeed.runner.workers) reads them. Events:

* `{"message": TEXT}`: a line for the user (engine set, fallback to software...);
* `{"engine": {id, name, modelled, provenance}}`: an engine the worker set up;
* `{"start": KEY, "seconds": S}`: a test starts (the supervisor's deadline runs from it);
* `{"end": RECORD}`: a test ended, with its record (pyspeed.model.Record as a dict);
* `{"unsupported": [ENGINE, NAME, REASON]}`: the engine cannot run NAME;
* `{"dropped": [ENGINE, WORD]}`: openssl's early stop ended WORD's family.

A torn line (a worker killed mid-write) is not an event: the record is lost, not the run.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any, TextIO

from pyspeed.model import RECORD_FIELDS, Case, CaseOptions, Listener, Record, Result, record_from

Event = dict[str, Any]


def encode(event: Event) -> str:
    return json.dumps(event, separators=(",", ":")) + "\n"


def decode(line: str) -> Event | None:
    try:
        event = json.loads(line)
    except ValueError:
        return None
    return event if isinstance(event, dict) and len(event) >= 1 else None


def record_of(event: Event, worker: int) -> Record | None:
    """The record an `end` event carries, stamped with the worker that sent it."""
    fields = event.get("end")
    if not isinstance(fields, dict):
        return None
    try:
        return Record(**{**{k: v for k, v in fields.items() if k in RECORD_FIELDS},
                         "worker": worker})
    except TypeError:
        return None


class Sender(Listener):
    """A worker's listener: every event goes to the parent through the status pipe."""

    def __init__(self, pipe: TextIO, options: CaseOptions | None = None) -> None:
        self.pipe = pipe
        self.options = options

    def _send(self, event: Event) -> None:
        self.pipe.write(encode(event))
        self.pipe.flush()

    def message(self, text: str) -> None:
        self._send({"message": text})

    def started(self, case: Case, worker: int = 0) -> None:
        self._send({"start": case.key, "seconds": case.seconds})

    def finished(self, result: Result) -> None:
        self._send({"end": asdict(record_from(result, self.options))})

    def extra(self, result: Result) -> None:
        self.finished(result)

    def unsupported(self, engine: str, name: str, reason: str) -> None:
        self._send({"unsupported": [engine, name, reason]})

    def engine(self, info: dict[str, Any]) -> None:
        self._send({"engine": info})

    def dropped(self, engine: str, word: str) -> None:
        self._send({"dropped": [engine, word]})
