"""Configuration: OpenSSL's `openssl.cnf` syntax and library (engines) configuration.

`load`/`parse` read the syntax exactly as OpenSSL 3.0's `NCONF_load` does;
`library_config` turns a parsed file into engine specs the way `CONF_modules_load`
and the engines module would; `find_config` picks the file.
"""

from pyspeed.conf.algorithms import default_algorithms_flags, parse_default_algorithms
from pyspeed.conf.config_error import ConfigError, ErrorRecord
from pyspeed.conf.dump import dump
from pyspeed.conf.library import find_config, library_config
from pyspeed.conf.parsed import DEFAULT_SECTION, Config, Entry
from pyspeed.conf.parser import load, parse
from pyspeed.conf.specs import EngineSpec, LibraryConfig, Module, Step

__all__ = [
    "DEFAULT_SECTION",
    "Config",
    "ConfigError",
    "EngineSpec",
    "Entry",
    "ErrorRecord",
    "LibraryConfig",
    "Module",
    "Step",
    "default_algorithms_flags",
    "dump",
    "find_config",
    "library_config",
    "load",
    "parse",
    "parse_default_algorithms",
]
