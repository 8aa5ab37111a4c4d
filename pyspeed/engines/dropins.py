"""engines.d: engine definitions in openssl.cnf syntax, shipped and user-supplied.

Each `.cnf`/`.conf` file holds engine sections written exactly like the per-engine
sections of OpenSSL's engines module; a section with a `dynamic_path` key defines an
engine whose id is its `engine_id` (or the section name). Other sections (QAT device
profiles, for instance) are data for the engines. Files come from the `engines.d`
shipped in the package, then from each directory of `PYSPEED_ENGINES_DIR`
(colon-separated); a later definition of an id replaces an earlier one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path

from pyspeed.conf import Config, load
from pyspeed.conf.config_error import ConfigError
from pyspeed.conf.engine_section import engine_spec
from pyspeed.conf.parsed import Entry
from pyspeed.conf.specs import EngineSpec
from pyspeed.errors import ConfigUseError

ENV_VAR = "PYSPEED_ENGINES_DIR"
_SUFFIXES = (".cnf", ".conf")


def dropin_dirs(env: Mapping[str, str] | None = None) -> list[Path]:
    env = os.environ if env is None else env
    dirs: list[Path] = [_shipped_dir()]
    dirs.extend(Path(d) for d in env.get(ENV_VAR, "").split(os.pathsep) if d)
    return dirs


@cache
def _shipped_dir() -> Path:
    """Installed: the package pyspeed.engines_d; a source tree never installed: engines.d."""
    try:
        return Path(str(resources.files("pyspeed.engines_d")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "engines.d"


def dropin_files(env: Mapping[str, str] | None = None) -> list[Path]:
    files: list[Path] = []
    for d in dropin_dirs(env):
        if d.is_dir():
            files.extend(sorted(p for p in d.iterdir() if p.suffix.lower() in _SUFFIXES))
    return files


def specs_in(config: Config) -> list[EngineSpec]:
    """The engine definitions of one parsed drop-in file, in file order."""
    out = []
    for section in config.sections():
        entries = config.entries(section)
        if not any(e.name.rpartition(".")[2] == "dynamic_path" for e in entries):
            continue
        first = entries[0]
        spec = engine_spec(config, Entry(section, section, first.file, first.line))
        out.append(spec)
    return out


@cache
def _load_all(key: tuple[str, ...]) -> tuple[dict[str, EngineSpec], dict[str, Config]]:
    specs: dict[str, EngineSpec] = {}
    configs: dict[str, Config] = {}
    for name in key:
        try:
            config = load(name)
        except ConfigError as exc:
            raise ConfigUseError(f"engines.d: {exc}") from exc
        configs[name] = config
        for spec in specs_in(config):
            specs[spec.id] = spec
    return specs, configs


def dropin_specs(env: Mapping[str, str] | None = None) -> dict[str, EngineSpec]:
    """Engine id -> its drop-in spec."""
    return _load_all(tuple(str(p) for p in dropin_files(env)))[0]


def dropin_section(name: str, env: Mapping[str, str] | None = None) -> dict[str, str] | None:
    """A non-engine section (a device profile...) by name, searched across drop-ins."""
    found = None
    for config in _load_all(tuple(str(p) for p in dropin_files(env)))[1].values():
        section = config.section(name)
        if section is not None:
            found = section
    return found
