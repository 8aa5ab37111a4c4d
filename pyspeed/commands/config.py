"""`pyspeed config dump|check FILE`: see a config as OpenSSL reads it, and whether it works."""

from __future__ import annotations

from typing import TextIO

from pyspeed.conf import ConfigError, load
from pyspeed.conf.dump import dump
from pyspeed.conf.library import library_config
from pyspeed.errors import EXIT_OK, PyspeedError

EXIT_CHECK_FAILED = 1


def dump_main(path: str, out: TextIO, err: TextIO) -> int:
    try:
        out.write(dump(load(path)))
    except ConfigError as exc:
        err.write(f"pyspeed: {exc}\n")
        return EXIT_CHECK_FAILED
    return EXIT_OK


def check_main(path: str, out: TextIO, err: TextIO) -> int:
    """Parse, apply library configuration, build every engine (with init): one line per
    engine, or the first error with file, line and value."""
    from pyspeed.engines.builder import build
    from pyspeed.engines.configured import load_strict
    from pyspeed.engines.loading import load_engine

    try:
        config = load_strict(path)
        for warning in config.warnings:
            err.write(f"pyspeed: warning: {warning}\n")
        lib = library_config(config)
        if lib.error is not None and not lib.engines:
            raise lib.error
        lines = []
        for spec in lib.engines:
            built = build(spec, load_engine)
            if built is None:
                lines.append(f"engine {spec.name}: not loaded (soft_load)")
                continue
            state = {None: "loaded (not initialised)", True: "available"}.get(
                built.available, f"unavailable: {built.unavailable_reason}")
            algs = f", default_algorithms = {spec.default_algorithms}" \
                if spec.default_algorithms else ""
            lines.append(f"engine {spec.name} ({built.engine.id}: {built.engine.name}): "
                         f"{state}{algs}")
        if lib.error is not None:
            raise lib.error
    except ConfigError as exc:
        err.write(f"pyspeed: {exc}\n")
        return EXIT_CHECK_FAILED
    except PyspeedError as exc:
        err.write(f"pyspeed: {exc.message}\n")
        return EXIT_CHECK_FAILED
    out.write(f"{path}: OK\n" + "".join(f"  {line}\n" for line in lines))
    return EXIT_OK
