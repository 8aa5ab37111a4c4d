"""Command line: which command runs, nothing else.

Every command takes its raw argument list and parses it itself: openssl's rules for the
commands that mirror openssl (pyspeed.commands.openssl_args), typer for pyspeed's own
(pyspeed.commands.gnu_args). Nothing heavy is imported here, not even typer: `pyspeed
--help` prints the command table and starts fast, and a Python without pyspeed's
dependencies gets one line saying which one is missing.
"""

from __future__ import annotations

import sys

from pyspeed.errors import EXIT_CONFIG, EXIT_USAGE, EXIT_WRITE_FAILED

# name -> (module, function, help): main() imports a command's module only to run it
_RAW_COMMANDS = {
    "speed": ("pyspeed.commands.speed", "speed_main",
              "Benchmark algorithms like `openssl speed` (try `pyspeed speed -help`)."),
    "engine": ("pyspeed.commands.engine", "engine_main",
               "List and test engines like `openssl engine` (try `pyspeed engine -help`)."),
    "sweep": ("pyspeed.commands.sweep", "sweep_main",
              "Sweep -async_jobs and -multi: throughput, scaling, the setting to use."),
    "compare": ("pyspeed.commands.compare", "compare_main",
                "Compare two saved runs: the CI regression gate (exit 1 on a regression)."),
    "history": ("pyspeed.commands.history", "history_main",
                "Show the trend of saved runs (the history database)."),
    "dashboard": ("pyspeed.commands.dashboard", "dashboard_main",
                  "Build a static site of the history: trends, regressions, engines, runs."),
    "plot": ("pyspeed.commands.plot", "plot_main",
             "Draw a saved run: throughput, compare, sweep (needs matplotlib)."),
    "report": ("pyspeed.commands.report", "report_cli",
               "Show a saved run (--save FILE) again, in any format."),
    "config": ("pyspeed.commands.config", "config_cli",
               "Read openssl.cnf-style configuration files: config dump|check FILE."),
    "version": ("pyspeed.commands.version", "version_main", "Print pyspeed's version."),
}


def _dispatch(name: str, argv: list[str]) -> int:
    from importlib import import_module

    module, func, _ = _RAW_COMMANDS[name]
    status: int = getattr(import_module(module), func)(argv, sys.stdout, sys.stderr)
    return status


SUMMARY = "Measure cryptographic engines the way `openssl speed` does, and compare them."
_HELP_WORDS = ("-h", "-help", "--help", "help")


def help_text() -> str:
    """`pyspeed --help`: the command table. Each command has its own help (openssl's
    layout for the commands that mirror openssl, typer's for the others)."""
    width = max(len(name) for name in _RAW_COMMANDS)
    rows = "".join(f"  {name:<{width}}  {text}\n"
                   for name, (_, _, text) in _RAW_COMMANDS.items())
    return (f"Usage: pyspeed COMMAND [ARGS]...\n\n  {SUMMARY}\n\nCommands:\n{rows}\n"
            "Each command's own help: pyspeed COMMAND --help (speed, engine and sweep: "
            "-help, as openssl).\n")


def _top(argv: list[str]) -> int:
    """No command, or help: the table; anything else is not a command."""
    if not argv or argv[0] in _HELP_WORDS:
        sys.stdout.write(help_text())
        return 0
    sys.stderr.write(f"pyspeed: unknown command {argv[0]!r} (commands: "
                     f"{', '.join(_RAW_COMMANDS)}; see pyspeed --help)\n")
    return EXIT_USAGE


def main() -> None:
    argv = sys.argv[1:]
    _prepare_streams()
    try:
        raw = bool(argv) and argv[0] in _RAW_COMMANDS
        status = _dispatch(argv[0], argv[1:]) if raw else _top(argv)
        sys.stdout.flush()
    except ModuleNotFoundError as exc:  # a dependency pyspeed was installed without
        if (exc.name or "").partition(".")[0] == "pyspeed":
            raise
        sys.stderr.write(f"pyspeed: the package {exc.name!r} it needs is not installed; "
                         "install pyspeed with its dependencies (python3 -m pip install -e "
                         "'.[test]' in its source tree)\n")
        sys.exit(EXIT_CONFIG)
    except KeyboardInterrupt:  # pragma: no cover - interrupted before a command took over
        sys.exit(130)
    except BrokenPipeError:
        # the reader went away (`pyspeed engine | head`): stop quietly, as a C tool on
        # SIGPIPE would, and keep Python from complaining about stdout at exit
        _silence_stdout()
        sys.exit(141)
    except OSError as exc:  # /dev/full, an I/O error: one line, never a traceback
        _silence_stdout()
        sys.stderr.write(f"pyspeed: cannot write to standard output: "
                         f"{exc.strerror or exc}\n")
        sys.exit(EXIT_WRITE_FAILED)
    sys.exit(status)


def _prepare_streams() -> None:
    """Arguments that are not UTF-8 reach Python as lone surrogates: write them back out
    as the bytes they were, as openssl would. A closed stdout (`>&-`) is said once and
    read as /dev/null: the results still reach --save."""
    import os

    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
        if sys.stderr is not None:
            sys.stderr.write("pyspeed: standard output is closed; nothing is printed there\n")
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="surrogateescape")


def _silence_stdout() -> None:
    import contextlib
    import os

    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
