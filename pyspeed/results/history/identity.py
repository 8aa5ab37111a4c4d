"""A run's identity in the history, the same wherever it is computed (the writer, the
spool, the baseline lookup that must not pick the run being gated)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from typing import Any

from pyspeed.model import Run


def safe_text(value: Any, limit: int | None = None) -> Any:
    """A string both backends store: arguments that were not UTF-8 reach Python as lone
    surrogates, and PostgreSQL refuses NUL; both are stored (and looked up) escaped."""
    if not isinstance(value, str):
        return value
    text = value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    text = text.replace("\x00", "\\x00")
    return text[:limit] if limit else text


def run_key(run: Run) -> str:
    """The run's run_id, given when it was made (a file imported twice is stored once,
    and two runs never merge); documents from before run ids had none and are keyed by
    their start time and raw results."""
    if run.run_id:
        return str(safe_text(run.run_id))
    raw = json.dumps([run.started, [asdict(r) for r in run.records]], sort_keys=True,
                     default=str)
    return hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()
