"""The engines a configuration file sets up: `-config FILE`, else `OPENSSL_CONF`.

pyspeed is stricter than the openssl tool, which ignores most config errors unless
`config_diagnostics` is set: a config that pyspeed cannot apply is an error (exit 2)
naming file, line and value, because a benchmark run on the wrong engine is worse than
no run. An engine whose init fails (a device that is not there) is not an error: the run
goes on without it and says why.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from pyspeed.conf import Config, ConfigError, load
from pyspeed.conf.library import find_config, library_config
from pyspeed.engines.builder import ConfiguredEngine, build
from pyspeed.engines.loading import load_engine
from pyspeed.errors import ConfigUseError


def config_path(explicit: str | None, env: Mapping[str, str] | None = None) -> str | None:
    return find_config(explicit, os.environ if env is None else env)


def load_strict(path: str) -> Config:
    """Parse as OpenSSL does, within pyspeed's bounds (an include loop, a device or an
    oversized file is a ConfigError there); any error is exit 2."""
    try:
        return load(path)
    except ConfigError as exc:
        raise ConfigUseError(str(exc)) from exc


def configured_engines_for(explicit: str | None) -> list[ConfiguredEngine]:
    """The engines of `-config FILE`, else of `$OPENSSL_CONF`; an error about a file that
    came from the environment says so (the user may not know it is set)."""
    path = config_path(explicit)
    try:
        return configured_engines(path)
    except ConfigUseError as exc:
        if explicit is None and path is not None and exc.message.startswith(f"{path}:"):
            raise ConfigUseError(f"{path} (from OPENSSL_CONF){exc.message[len(path):]}"
                                 ) from None
        raise


def configured_engines(path: str | None) -> list[ConfiguredEngine]:
    """Build every engine of the config's engines module, in order; stop at the first error."""
    if path is None:
        return []
    config = load_strict(path)
    lib = library_config(config)
    out = []
    for spec in lib.engines:
        if spec.error is not None and spec is lib.engines[-1] and lib.error is spec.error:
            raise ConfigUseError(str(spec.error))
        built = build(spec, load_engine)
        if built is not None:
            out.append(built)
    if lib.error is not None:
        raise ConfigUseError(str(lib.error))
    return out
