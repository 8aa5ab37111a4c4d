"""Plain data produced by library configuration: modules, engine specs and their steps.

These cross process boundaries (runner workers rebuild engines from specs), so they
are frozen dataclasses of strings and numbers, picklable, with no engine objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyspeed.conf.config_error import ConfigError


@dataclass(frozen=True)
class Step:
    """One action of `int_engine_configure`, in order.

    kind is one of `load` (ENGINE_by_id(value); `soft` says a failure ends the
    section successfully), `dynamic_path` (load value through the dynamic engine:
    SO_PATH, LIST_ADD=2, LOAD), `ctrl` (command `key`, argument `value`, None for
    `EMPTY`), `init` (value "1": initialise now; "0": never), `default_algorithms`
    (value the list, `flags` its mask), or `implicit_init` (no `init` key was seen).
    `name` is the key as written (for the `engine configuration error` data).
    """

    kind: str
    key: str
    value: str | None
    name: str = ""
    raw_value: str | None = None
    file: str | None = None
    line: int | None = None
    soft: bool = False
    flags: int = 0
    from_env: bool = False  # the value came from the environment: never shown


@dataclass(frozen=True)
class EngineSpec:
    """One engine of the engines module, as plain data.

    `name` is the engines-section key without its dotted prefix; `section` the
    engine's own section.  `engine_id` is the `engine_id` value in force when the
    engine is loaded by id (None if there was none); `dynamic_path` the last
    `dynamic_path`; `soft_load` whether `soft_load` preceded the load; `init` the
    explicit `init` (None: initialised at the end if loaded); `ctrls` the ctrl
    commands in order.  `steps` is the authoritative order.  `error` is set when the
    section fails for a reason the configuration alone shows (a bad `init` or
    `default_algorithms`, a missing section); `steps` then end where it fails, and a
    builder replays them and fails with `error`, unless a step failed first.
    """

    name: str
    section: str
    engine_id: str | None = None
    dynamic_path: str | None = None
    soft_load: bool = False
    init: int | None = None
    default_algorithms: str | None = None
    ctrls: list[tuple[str, str | None]] = field(default_factory=list)
    steps: tuple[Step, ...] = ()
    file: str | None = None
    line: int | None = None
    error: ConfigError | None = None

    @property
    def id(self) -> str:
        """The id a lazy load uses: `engine_id` if given, else the name."""
        return self.engine_id if self.engine_id is not None else self.name


@dataclass(frozen=True)
class Module:
    """One `name = value` line of the init section and the module it selects."""

    name: str
    value: str
    module: str | None
    file: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class LibraryConfig:
    """What library configuration does, and where it stopped."""

    diagnostics: bool = False
    section: str | None = None
    modules: tuple[Module, ...] = ()
    engines: tuple[EngineSpec, ...] = ()
    error: ConfigError | None = None

    @property
    def fatal(self) -> bool:
        """True when OpenSSL would fail startup (an error with config_diagnostics on)."""
        return self.diagnostics and self.error is not None

    def check(self) -> None:
        """Raise the error if it is fatal; otherwise OpenSSL would silently carry on."""
        if self.fatal:
            assert self.error is not None
            raise self.error
