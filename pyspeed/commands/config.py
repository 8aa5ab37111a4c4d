"""`pyspeed config dump|check FILE`: see a config as OpenSSL reads it, and whether it works."""

from __future__ import annotations

from typing import TextIO

import typer

from pyspeed.commands.gnu_args import GnuCommand
from pyspeed.conf import ConfigError, load
from pyspeed.conf.dump import dump
from pyspeed.conf.library import library_config
from pyspeed.errors import (
    EXIT_CONFIG,
    EXIT_OK,
    EXIT_USAGE,
    PyspeedError,
    UsageError,
    printable,
    report,
)

EXIT_CHECK_FAILED = EXIT_CONFIG  # 2, as a config error of speed or engine; 1 is a usage error
ACTIONS = ("dump", "check")


def _spec(
    action: str = typer.Argument(..., metavar="dump|check",
                                 help="dump: the parsed config as [ section ] and name = value "
                                      "lines; check: every engine built, or the first error"),
    file: str = typer.Argument(..., metavar="FILE", help="config file"),
) -> None:
    """Declares the options (pyspeed.commands.gnu_args)."""


COMMAND = GnuCommand("config", _spec, usage_exit=EXIT_USAGE,
                     help="Read openssl.cnf-style configuration files as pyspeed does.")


def config_cli(argv: list[str], out: TextIO, err: TextIO) -> int:
    """`pyspeed config dump|check FILE`."""
    try:
        values = COMMAND.parse(argv, out)
        if values is None:
            return EXIT_OK
        if values["action"] not in ACTIONS:
            raise UsageError(f"config: unknown action {values['action']!r} (dump or check)",
                             usage_hint=False)
    except PyspeedError as exc:
        return report(exc, err)
    run = dump_main if values["action"] == "dump" else check_main
    return run(values["file"], out, err)


def dump_main(path: str, out: TextIO, err: TextIO) -> int:
    try:
        out.write(dump(load(path)))
    except ConfigError as exc:
        err.write(f"pyspeed: {printable(str(exc))}\n")
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
        err.write(f"pyspeed: {printable(str(exc))}\n")
        return EXIT_CHECK_FAILED
    except PyspeedError as exc:
        err.write(f"pyspeed: {printable(exc.message)}\n")
        return EXIT_CHECK_FAILED
    out.write(f"{path}: OK\n" + "".join(f"  {line}\n" for line in lines))
    return EXIT_OK
