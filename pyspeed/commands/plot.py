"""`pyspeed plot RUN.json... -o OUT.png [--kind throughput|sweep|compare] [--base BASE.json]`.

* throughput (default): throughput by block size per engine, one subplot per algorithm;
* compare (default when --base is given): % change per case, RUN against BASE;
* sweep: throughput against -multi / -async_jobs from several runs (one RUN.json per
  setting, as `pyspeed speed --save` writes them) or from one document whose records
  carry their own `multi`/`async_jobs`.

Needs the `plot` extra (matplotlib). Exit status: 0 written; 1 usage error; 2 unreadable
results file, matplotlib missing or output not writable; 3 nothing to plot (no case in
common with the base, no sweep settings).
"""

from __future__ import annotations

import argparse
import os
from typing import TextIO

import typer

from pyspeed.commands.gnu_args import GnuCommand
from pyspeed.errors import EXIT_OK, EXIT_USAGE, PyspeedError, UsageError, report

KINDS = ("throughput", "compare", "sweep")
IMAGE_TYPES = (".png", ".svg", ".pdf")


def _spec(
    runs: list[str] = typer.Argument(None, metavar="RUN.json",
                                     help="results file(s) from --save"),
    output: str = typer.Option(None, "-o", "--output", metavar="OUT.png",
                               help="image to write (.png, .svg, .pdf)"),
    kind: str = typer.Option(None, "--kind", metavar="KIND",
                             help="throughput (default), compare (default with --base), sweep"),
    base: str = typer.Option(None, "--base", metavar="BASE.json",
                             help="baseline run for --kind compare"),
    title: str = typer.Option(None, "--title", help="figure title"),
) -> None:
    """Declares the options (pyspeed.commands.gnu_args)."""


COMMAND = GnuCommand(
    "plot", _spec, usage_exit=EXIT_USAGE, help="Draw a saved run (--save FILE) as a figure.",
    epilog="\b\nExit status: 0 written; 1 usage error; 2 unreadable results file, matplotlib\n"
           "missing or output not writable; 3 nothing to plot.")


def plot_main(argv: list[str], out: TextIO, err: TextIO) -> int:
    """Run `pyspeed plot ARGV`; every failure is one line and a documented status."""
    try:
        values = COMMAND.parse(argv, out)
        if values is None:
            return EXIT_OK
        args = argparse.Namespace(**{**values, "runs": list(values["runs"] or [])})
        kind = args.kind or ("compare" if args.base else "throughput")
        _check(args, kind)
        from pyspeed.results.document import load
        from pyspeed.views import plots

        docs = [load(p) for p in args.runs]
        if kind == "compare":
            fig = plots.compare_figure(
                load(args.base),
                docs[0],
                base_label=os.path.basename(args.base),
                new_label=os.path.basename(args.runs[0]),
            )
        elif kind == "sweep":
            from pyspeed.views.plots_sweep import sweep_figure

            fig = sweep_figure(docs, title=args.title)
        else:
            fig = plots.throughput_figure(docs[0], title=args.title)
        plots.save_figure(fig, args.output)
    except PyspeedError as exc:
        return report(exc, err)
    err.write(f"pyspeed plot: wrote {args.output}\n")
    return EXIT_OK


def _check(args: argparse.Namespace, kind: str) -> None:
    if kind not in KINDS:
        raise UsageError(
            f"plot: unknown kind {kind!r} (one of {', '.join(KINDS)})", usage_hint=False
        )
    if not args.runs:
        raise UsageError("plot: name a results file (RUN.json)", usage_hint=False)
    if not args.output:
        raise UsageError("plot: name the image to write (-o OUT.png)", usage_hint=False)
    if os.path.splitext(args.output)[1].lower() not in IMAGE_TYPES:
        raise UsageError(
            f"plot: {args.output}: the image must end in {', '.join(IMAGE_TYPES)}", usage_hint=False
        )
    if kind == "compare" and not args.base:
        raise UsageError("plot: --kind compare needs --base BASE.json", usage_hint=False)
    if kind != "compare" and args.base:
        raise UsageError(f"plot: --base is for --kind compare, not {kind}", usage_hint=False)
    if kind != "sweep" and len(args.runs) > 1:
        raise UsageError(
            f"plot: --kind {kind} draws one run; several are for --kind sweep", usage_hint=False
        )
