"""The parsed configuration: ordered sections of ordered name/value pairs.

OpenSSL keeps a hash of (section, name) plus one ordered stack per section; the order
of a section's stack is what the engines module and every other consumer iterates,
so that order (with OpenSSL's duplicate rule: the last value wins and takes the
position of the last occurrence) is what `Config` preserves.  Sections are kept in
the order they were created; `dump` sorts them the way OpenSSL's own dump does.

`get` answers like OpenSSL's `NCONF_get_string`: the exact section, then (for the
section `ENV`) the environment the file was parsed with, then the `default`
section.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from pyspeed.conf.config_error import ConfigError

DEFAULT_SECTION = "default"


@dataclass(frozen=True)
class Entry:
    """One `name = value` pair and where it was read (for error messages).

    `line` is the file's physical line; for a continued line, its last one.
    """

    name: str
    value: str
    file: str | None
    line: int | None
    from_env: bool = False  # took something from the environment: messages hide it


class Config:
    """An immutable parsed configuration."""

    def __init__(
        self,
        sections: Mapping[str, Mapping[str, Entry]],
        *,
        env: Mapping[str, str] | None = None,
        file: str | None = None,
        warnings: tuple[ConfigError, ...] = (),
    ) -> None:
        self._sections = {s: dict(v) for s, v in sections.items()}
        self._sections.setdefault(DEFAULT_SECTION, {})
        self._env = dict(env) if env is not None else {}
        #: The file that was loaded (None for text parsed from a string).
        self.file = file
        #: Non-fatal problems OpenSSL leaves on its error queue (missing include...).
        self.warnings = warnings

    def sections(self) -> list[str]:
        """Section names in creation order (`default` first)."""
        return list(self._sections)

    def has_section(self, name: str) -> bool:
        return name in self._sections

    def section(self, name: str) -> dict[str, str] | None:
        """The section's pairs in OpenSSL's order, or None if there is no such section."""
        sect = self._sections.get(name)
        if sect is None:
            return None
        return {k: e.value for k, e in sect.items()}

    def entries(self, name: str) -> list[Entry]:
        """The section's entries (with locations) in order; empty if it does not exist."""
        return list(self._sections.get(name, {}).values())

    def entry(self, section: str, name: str) -> Entry | None:
        """The entry stored exactly at (section, name), without any fallback."""
        return self._sections.get(section, {}).get(name)

    def get(self, section: str | None, name: str, default: str | None = None) -> str | None:
        """Look a value up as `NCONF_get_string` does; `default` when nothing is found."""
        if section is not None:
            e = self.entry(section, name)
            if e is not None:
                return e.value
            if section == "ENV" and name and name in self._env:
                return self._env[name]
        e = self.entry(DEFAULT_SECTION, name)
        return e.value if e is not None else default

    def locate(self, section: str | None, name: str) -> Entry | None:
        """The entry `get(section, name)` would read from (None for env or missing)."""
        if section is not None:
            e = self.entry(section, name)
            if e is not None:
                return e
        return self.entry(DEFAULT_SECTION, name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._sections)

    def __len__(self) -> int:
        return len(self._sections)

    def __repr__(self) -> str:
        return f"Config(file={self.file!r}, sections={self.sections()!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Config):
            return NotImplemented
        return self._pairs() == other._pairs()

    def _pairs(self) -> list[tuple[str, list[tuple[str, str]]]]:
        return [(s, [(k, e.value) for k, e in v.items()]) for s, v in self._sections.items()]

    __hash__ = None  # type: ignore[assignment]
