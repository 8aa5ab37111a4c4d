"""One engine's section -> `EngineSpec` (OpenSSL's `int_engine_configure`, as data).

Key order is behaviour here (reference 3.10): `engine_id` and `soft_load` only count
before the engine is loaded; the first key that is not one of the three pseudo-keys
loads the engine by id (unless `dynamic_path` already loaded one); `init` is read by
its *literal* name from the section (falling back to the default section) even when
the line was written `x.init`; `EMPTY` means "no argument"; an engine that was
loaded and saw no `init` key is initialised at the end.  The steps list keeps that
order so the engines package can replay it.
"""

from __future__ import annotations

from pyspeed.conf.algorithms import KEYWORDS, default_algorithms_flags
from pyspeed.conf.config_error import ConfigError, ErrorRecord
from pyspeed.conf.parsed import Config, Entry
from pyspeed.conf.records import record
from pyspeed.conf.specs import EngineSpec, Step

_LONG_MAX = 2**63 - 1


def skip_dot(name: str) -> str:
    """Drop everything up to and including the first `.` (OpenSSL's `skip_dot`)."""
    dot = name.find(".")
    return name[dot + 1 :] if dot >= 0 else name


def leading_number(text: str) -> int | None:
    """`NCONF_get_number_e`'s reading: leading decimal digits (none = 0); None on overflow."""
    result = 0
    for ch in text:
        if not "0" <= ch <= "9":
            break
        d = ord(ch) - 48
        if result > (_LONG_MAX - d) // 10:
            return None
        result = result * 10 + d
    return result


def _failed(at: Entry, section: str, first: list[ErrorRecord], reason: str,
            hint: str = "") -> ConfigError:
    """The error of a key that fails: its own records, then `engine configuration error`."""
    shown = "<from the environment>" if at.from_env else at.value
    data = f"section={section}, name={at.name}, value={shown}"
    records = (*first, record("engine configuration error", data))
    return ConfigError(at.file, at.line, reason, data, records=tuple(records), hint=hint)


def _init_value(config: Config, section: str, at: Entry) -> tuple[int | None, ConfigError | None]:
    text = config.get(section, "init")
    if text is None:
        no_value = record("no value", f"group={section} name=init")
        return None, _failed(at, section, [no_value], "no value")
    number = leading_number(text)
    if number is None:
        return None, _failed(at, section, [record("number too large")], "number too large")
    if number not in (0, 1):
        return None, _failed(at, section, [record("invalid init value")], "invalid init value")
    return number, None


def engine_spec(config: Config, entry: Entry) -> EngineSpec:
    """The spec of the engine configured by one `name = section` line of the engines section."""
    name, section = skip_dot(entry.name), entry.value
    base = {"name": name, "section": section, "file": entry.file, "line": entry.line}
    if not config.has_section(section):
        err = ConfigError(
            entry.file,
            entry.line,
            "engine section error",
            section,
            records=(record("engine section error"),),
        )
        return EngineSpec(**base, error=err)
    load_id = name
    engine_id: str | None = None
    soft = soft_at_load = False
    loaded = False
    dynamic_path: str | None = None
    init: int | None = None
    default_algorithms: str | None = None
    ctrls: list[tuple[str, str | None]] = []
    steps: list[Step] = []
    error: ConfigError | None = None
    id_at: dict[str, str | int | None] = {}
    for at in config.entries(section):
        key, value = skip_dot(at.name), at.value
        where = {"name": at.name, "raw_value": value, "file": at.file, "line": at.line,
                 "from_env": at.from_env}
        if key == "engine_id":
            load_id = value
            id_at = {"file": at.file, "line": at.line}
            if not loaded:
                engine_id = value
            continue
        if key == "soft_load":
            soft = True
            continue
        if key == "dynamic_path":
            steps.append(Step("dynamic_path", key, value, **where))
            dynamic_path, loaded = value, True
            continue
        if not loaded:
            # the load is OpenSSL's, at the first other key; a failure is the id's, so
            # it is reported at the engine_id line when there is one
            steps.append(Step("load", "", load_id, soft=soft, **{**where, **id_at}))
            loaded, soft_at_load = True, soft
        arg = None if value == "EMPTY" else value
        if key == "init":
            number, error = _init_value(config, section, at)
            if error is not None:
                break
            init = number
            steps.append(Step("init", key, str(number), **where))
        elif key == "default_algorithms":
            try:
                flags = default_algorithms_flags(arg)
            except ConfigError as exc:
                error = _failed(at, section, list(exc.records), exc.reason,
                                hint="default_algorithms takes a comma-separated list of "
                                     + ", ".join(k for k, _ in KEYWORDS))
                break
            default_algorithms = arg
            steps.append(Step("default_algorithms", key, arg, flags=flags, **where))
        else:
            ctrls.append((key, arg))
            steps.append(Step("ctrl", key, arg, **where))
    if error is None and loaded and init is None:
        steps.append(Step("implicit_init", "", None, file=entry.file, line=entry.line))
    return EngineSpec(
        **base,
        engine_id=engine_id,
        dynamic_path=dynamic_path,
        soft_load=soft_at_load,
        init=init,
        default_algorithms=default_algorithms,
        ctrls=ctrls,
        steps=tuple(steps),
        error=error,
    )
