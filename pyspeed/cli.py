"""Command line: subcommands and their arguments, nothing else.

Commands that mirror an openssl app (`speed`) take their raw argument list and parse it
with openssl's rules (pyspeed.openssl_opts), so typer only routes. Heavy modules are
imported inside the commands: `pyspeed --help` must stay fast.
"""

from __future__ import annotations

import sys

import typer

app = typer.Typer(
    name="pyspeed",
    help="Measure cryptographic engines the way `openssl speed` does, and compare them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_RAW = {
    "allow_extra_args": True,
    "ignore_unknown_options": True,
    "help_option_names": [],
}


@app.command(
    context_settings=_RAW,
    add_help_option=False,
    help="Benchmark algorithms like `openssl speed` (try `pyspeed speed -help`).",
)
def speed(ctx: typer.Context) -> None:
    from pyspeed.speed import speed_main

    raise typer.Exit(speed_main(list(ctx.args)))


@app.command(
    context_settings=_RAW,
    add_help_option=False,
    help="List and test engines like `openssl engine` (try `pyspeed engine -help`).",
)
def engine(ctx: typer.Context) -> None:
    from pyspeed.engine_cmd import engine_main

    raise typer.Exit(engine_main(list(ctx.args)))


@app.command(help="Print pyspeed's version.")
def version() -> None:
    from pyspeed import __version__

    typer.echo(f"pyspeed {__version__}")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - interrupted before a command took over
        sys.exit(130)
