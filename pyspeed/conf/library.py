"""Library configuration: `openssl_conf` -> init section -> modules -> engine specs.

This is OpenSSL's `CONF_modules_load` with its `engines` module (eng_cnf.c) reduced
to plain data.  Nothing is loaded here: each engine becomes an `EngineSpec` whose
`steps` replay `int_engine_configure` in file order; the engines package builds
engines from specs (which, being data, also cross process boundaries).

What OpenSSL rejects without loading anything is detected here, with its error queue
(`ConfigError.records`): an init section that does not exist, an unknown module, a
missing engines section or engine section, an `init` that is not 0 or 1, a bad
`default_algorithms` list.  OpenSSL stops at the first failure (the openssl tool
does not pass CONF_MFLAGS_IGNORE_ERRORS), so `LibraryConfig.engines` ends with the
engine that failed, if one did, and a builder must likewise stop at the first
engine that fails at run time.  Whether a failure matters is `config_diagnostics`'
call: with it startup fails, without it the tool runs with what was configured up
to the failure (`LibraryConfig.check`).

Modules other than `engines` (providers, alg_section, ...) are not applied; only
their simplest failure, a section that does not exist (or an empty `ssl_conf`
section), is detected, since it stops everything after it.  An unknown module name
is taken to be an unloadable shared library (`lib<name>.so`), which is what it is on
any normal system.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from pyspeed.conf.config_error import ConfigError
from pyspeed.conf.engine_section import engine_spec, leading_number
from pyspeed.conf.parsed import Config
from pyspeed.conf.records import module_failed, module_section_error, record
from pyspeed.conf.specs import EngineSpec, LibraryConfig, Module

#: Modules in OpenSSL's registration order; a config name selects the first one it prefixes.
BUILTIN_MODULES = (
    "oid_section",
    "stbl_section",
    "engines",
    "alg_section",
    "ssl_conf",
    "providers",
    "random",
)


def find_config(explicit: str | None, env: Mapping[str, str]) -> str | None:
    """The file to load: `-config FILE`, else `$OPENSSL_CONF` (empty: none), else none."""
    if explicit is not None:
        return explicit
    return env.get("OPENSSL_CONF") or None


def match_module(name: str) -> str | None:
    """The builtin module a name selects: its part before the last `.` must prefix it."""
    dot = name.rfind(".")
    prefix = name[:dot] if dot >= 0 else name
    return next((m for m in BUILTIN_MODULES if m.startswith(prefix)), None)


def diagnostics(config: Config) -> bool:
    """Whether `config_diagnostics` (default section, leading digits) is non-zero."""
    value = config.get(None, "config_diagnostics")
    return bool(leading_number(value)) if value is not None else False


def library_config(config: Config | None, *, appname: str | None = None) -> LibraryConfig:
    """What `CONF_modules_load` would do with `config` (None: no file, nothing to do).

    The init section is the value of `appname` in the default section if given and
    present, else of `openssl_conf`.  Never raises: the error that stopped
    processing is `LibraryConfig.error`; `LibraryConfig.check()` raises it when
    `config_diagnostics` makes it fatal.
    """
    if config is None:
        return LibraryConfig()
    diag = diagnostics(config)
    key = "openssl_conf"
    name = None
    if appname is not None:
        name = config.get(None, appname)
        key = appname
    if name is None:
        key, name = "openssl_conf", config.get(None, "openssl_conf")
    if name is None:
        return LibraryConfig(diagnostics=diag)
    if not config.has_section(name):
        data = f"openssl_conf={name}"
        at = config.locate(None, key)
        err = ConfigError(
            at.file if at else None,
            at.line if at else None,
            "openssl conf references missing section",
            data,
            records=(record("openssl conf references missing section", data),),
        )
        return LibraryConfig(diagnostics=diag, section=name, error=err)
    modules: list[Module] = []
    engines: list[EngineSpec] = []
    error: ConfigError | None = None
    for entry in config.entries(name):
        mod = Module(entry.name, entry.value, match_module(entry.name), entry.file, entry.line)
        modules.append(mod)
        if mod.module is None:
            error = _unknown_module(config, mod)
        elif mod.module == "engines":
            error = _engines_module(config, mod, engines)
        else:
            error = _other_module(config, mod)
        if error is not None:
            break
    return LibraryConfig(diag, name, tuple(modules), tuple(engines), error)


def _unknown_module(config: Config, mod: Module) -> ConfigError:
    path = config.get(mod.value, "path") or mod.name
    filename = path if "/" in path else f"lib{path}.so"
    why = f"{filename}: cannot open shared object file: No such file or directory"
    records = (
        record("dlfcn_load", f"filename({filename}): {why}"),
        record("DSO_load"),
        record("error loading dso", f"module={mod.name}, path={path}"),
        record("unknown module name", f"module={mod.name}"),
    )
    return ConfigError(
        mod.file, mod.line, "unknown module name", f"module={mod.name}", records=records
    )


def _other_module(config: Config, mod: Module) -> ConfigError | None:
    """Only the simplest failure of the modules pyspeed does not apply: no section."""
    assert mod.module is not None
    sect = config.section(mod.value)
    empty = mod.module == "ssl_conf" and sect is not None and not sect
    if sect is not None and not empty:
        return None
    first = module_section_error(mod.module, mod.value, empty=empty)
    records = (first, module_failed(mod.name, mod.value))
    return ConfigError(mod.file, mod.line, first.reason, mod.value, records=records)


def _engines_module(config: Config, mod: Module, out: list[EngineSpec]) -> ConfigError | None:
    """Append the module's engines to `out`; the error that stops it, if any."""
    if not config.has_section(mod.value):
        records = (record("engines section error"), module_failed(mod.name, mod.value))
        return ConfigError(mod.file, mod.line, "engines section error", mod.value,
                           records=records, hint="no such section")
    for entry in config.entries(mod.value):
        spec = engine_spec(config, entry)
        if spec.error is not None:
            inner = spec.error
            err = ConfigError(
                inner.file,
                inner.line,
                inner.reason,
                inner.value,
                records=(*inner.records, module_failed(mod.name, mod.value)),
                hint=inner.hint,
            )
            out.append(replace(spec, error=err))
            return err
        out.append(spec)
    return None
