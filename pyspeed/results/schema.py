"""The results document's schema, checked whole on every load.

A document is read from files people keep, share and edit, so every field is checked
for its type and range before anything uses it: strict types (`true` is not a number, a
string is not a count), finite numbers only (no Infinity or NaN), non-negative counters,
bounded sizes. pydantic does the checking (typer already depends on it); the first
problem becomes one line with its JSON path, e.g.
`run.json: invalid results document at results[3].wall: Input should be a finite number`.

A key added without changing what the others mean is optional and keeps the version
(readers ignore keys they do not know, so older pyspeed still reads the document):
`machine_info.label` (--machine) and `commit_info.branch`. The version goes up only for
a change an older reader would misread; document.migrate then carries the step.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pyspeed.errors import EXIT_CONFIG, EXIT_NO_INPUT, PyspeedError

MAX_RECORDS = 10_000_000  # measurements in one document
MAX_SIZE = 1 << 31  # bytes per operation
MAX_INDEX = 1 << 20  # repetitions, workers, settings


class ResultsError(PyspeedError):
    """A results file that cannot be used (missing, torn, edited, from a newer pyspeed)."""

    exit_code = EXIT_CONFIG


class ResultsMissing(ResultsError):
    """A results file that does not exist or cannot be read: exit 66 (EX_NOINPUT)."""

    exit_code = EXIT_NO_INPUT


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, allow_inf_nan=False, extra="ignore")


class RecordModel(_Strict):
    case: str
    family: str
    algorithm: str
    operation: str
    size: int = Field(ge=0, le=MAX_SIZE)
    bits: int = Field(ge=0, le=MAX_SIZE)
    engine: str
    served_by: str
    implementation: str
    modelled: bool
    repeat: int = Field(ge=0, le=MAX_INDEX)
    worker: int = Field(ge=0, le=MAX_INDEX)
    seconds: float = Field(ge=0)
    count: int = Field(ge=0)
    wall: float = Field(ge=0)
    user: float = Field(ge=0)
    sys: float = Field(ge=0)
    error: str | None = None
    counters: dict[str, float] = Field(default_factory=dict)
    multi: int = Field(default=0, ge=0, le=MAX_INDEX)
    async_jobs: int = Field(default=0, ge=0, le=MAX_INDEX)


class EngineModel(_Strict):
    id: str
    name: str = ""
    modelled: bool = False
    provenance: str = ""


class WorkerModel(_Strict):
    index: int = Field(ge=0, le=MAX_INDEX)
    pid: int = Field(default=0, ge=0)
    exit_code: int | None = None
    signal: int | None = None
    cpu: float = Field(default=0.0, ge=0)
    failure: str | None = None
    stopped: bool = False
    current: str | None = None


class OptionsModel(_Strict):
    """The options views read back (openssl's view rebuilds the selection from them);
    other keys are kept as they are."""

    model_config = ConfigDict(strict=True, allow_inf_nan=False, extra="allow")
    words: list[str] = Field(default_factory=list)
    engines: list[str] = Field(default_factory=list)
    evp: str | None = None
    hmac: str | None = None
    cmac: str | None = None
    decrypt: bool = False
    aead: bool = False
    mb: bool = False
    mr: bool = False
    elapsed: bool = False
    bytes: int | None = Field(default=None, ge=1, le=MAX_SIZE)
    seconds: float | None = Field(default=None, gt=0)
    multi: int = Field(default=0, ge=0, le=MAX_INDEX)
    async_jobs: int = Field(default=0, ge=0, le=MAX_INDEX)
    repeat: int = Field(default=1, ge=1, le=MAX_INDEX)
    precision: float | None = Field(default=None, gt=0)


class DocumentModel(_Strict):
    schema_: Literal["pyspeed-results"] = Field(alias="schema")
    version: int = Field(ge=1)
    pyspeed: str = ""
    run_id: str = ""
    started: str = ""
    complete: bool = True
    interrupted: bool = False
    command: list[str] = Field(default_factory=list)
    options: OptionsModel = Field(default_factory=OptionsModel)
    machine_info: dict[str, Any] = Field(default_factory=dict)
    commit_info: dict[str, Any] | None = None
    engines: list[EngineModel] = Field(default_factory=list)
    unsupported: dict[str, dict[str, str]] = Field(default_factory=dict)
    dropped: dict[str, list[str]] = Field(default_factory=dict)
    workers: list[WorkerModel] = Field(default_factory=list)
    results: list[RecordModel] = Field(max_length=MAX_RECORDS)


def validate(doc: dict[str, Any], source: str) -> DocumentModel:
    """The document, checked; ResultsError naming the first problem's JSON path."""
    try:
        return DocumentModel.model_validate(doc)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = _path(first["loc"])
        message = " ".join(str(first["msg"]).split())
        raise ResultsError(f"{source}: invalid results document at {where}: {message}"
                           ) from None


def _path(loc: tuple[Any, ...]) -> str:
    """`results[3].wall`; a key that is not a plain name is quoted as JSON, so that a
    newline or a control character in a key cannot break the one-line message."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        name = "schema" if part == "schema_" else str(part)
        if name.replace("-", "_").isidentifier():
            out += f".{name}" if out else name
        else:
            out += f"[{json.dumps(name)}]"
    return out or "(top)"
