"""Figures of results documents (optional extra: `pip install 'pyspeed[plot]'`).

Why these three: *throughput* shows where an engine wins (offload engines lose on small
blocks and win on large ones: the crossover is the point of the plot), *compare* shows
what changed between two runs at a glance, *sweep* shows how throughput scales with
`-multi` workers and `-async_jobs`. Every figure is a function of the runs' statistics
(pyspeed.results.statistics: the numbers of `pyspeed report`), with the 95% interval
drawn where there is one; the compare figure is coloured by `pyspeed compare`'s verdicts.

matplotlib is imported lazily, with the Agg backend (no display needed, same output on
every host); without it every entry point raises PlotError with one line (exit 2).
"""

from __future__ import annotations

import math
import os
from typing import TYPE_CHECKING, Any

from pyspeed.errors import EXIT_CONFIG, PyspeedError
from pyspeed.model import Run
from pyspeed.results.files import write_atomically
from pyspeed.results.gate import compare
from pyspeed.results.statistics import run_stats
from pyspeed.results.verdicts import (
    FAILING,
    FIXED,
    IMPROVEMENT,
    REGRESSION,
    GateSettings,
    Incomparable,
)

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

MISSING = "pyspeed plot needs matplotlib: pip install 'pyspeed[plot]'"
EXIT_INCOMPARABLE = 3


class PlotError(PyspeedError):
    """A figure that cannot be drawn: matplotlib missing, unwritable output (exit 2)."""

    exit_code = EXIT_CONFIG


class NothingToPlot(PyspeedError):
    """Documents that hold nothing the chosen kind can show (no common case...) (exit 3)."""

    exit_code = EXIT_INCOMPARABLE


def _pyplot() -> Any:
    try:
        import matplotlib
    except ImportError:
        raise PlotError(MISSING) from None
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def _summary(doc: Run) -> pd.DataFrame:
    """The medians and intervals of pyspeed.results.statistics, one row per case and
    engine (cases with no sample are not drawn)."""
    import pandas as pd

    stats = [s for s in run_stats(doc) if s.n]
    if not stats:
        raise NothingToPlot("plot: the run holds no results")
    return pd.DataFrame([{
        "case": s.case, "engine": s.engine, "algorithm": s.algorithm, "size": s.size,
        "operation": s.operation, "unit": s.unit, "median": s.median, "ci_low": s.ci_low,
        "ci_high": s.ci_high, "repeats": s.n, "modelled": s.modelled,
    } for s in stats])


def _engine_styles(engines: list[str], modelled: set[str]) -> dict[str, dict[str, Any]]:
    """One colour per engine across every subplot; modelled engines dashed/hatched."""
    palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
               "#7f7f7f", "#bcbd22", "#17becf"]
    return {
        e: {
            "color": palette[i % len(palette)],
            "label": e + (" (modelled)" if e in modelled else ""),
            "linestyle": "--" if e in modelled else "-",
            "hatch": "//" if e in modelled else None,
        }
        for i, e in enumerate(engines)
    }


def _grid(plt: Any, n: int, width: float = 5.6, height: float = 3.9) -> tuple[Figure, list]:
    ncols = 1 if n == 1 else 2 if n <= 4 else 3
    nrows = math.ceil(n / ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(width * ncols, height * nrows + 0.9), squeeze=False
    )
    flat = [ax for row in axes for ax in row]
    for ax in flat[n:]:
        ax.set_visible(False)
    return fig, flat[:n]


def _rate_axis(ax: Axes, unit: str) -> float:
    """Label the y axis in MB/s (openssl's 1000s) or operations/s; returns the divisor."""
    from matplotlib.ticker import FuncFormatter

    scale = 1e6 if unit == "bytes/s" else 1.0
    ax.set_ylabel("MB/s" if unit == "bytes/s" else "operations/s")
    ax.yaxis.set_major_formatter(
        FuncFormatter(lambda v, _pos: f"{v:,.0f}" if v >= 100 else f"{v:,.3g}")
    )
    ax.grid(True, axis="y", alpha=0.3)
    return scale


def _err(row: Any, scale: float) -> tuple[float, float]:
    if row["repeats"] < 2 or not row["median"]:
        return (0.0, 0.0)
    return ((row["median"] - row["ci_low"]) / scale, (row["ci_high"] - row["median"]) / scale)


def _bars(
    ax: Axes,
    groups: list[str],
    rows: dict[tuple[str, str], Any],
    engines: list[str],
    styles: dict[str, dict[str, Any]],
    scale: float,
) -> None:
    """Grouped bars: one group per operation/size, one bar per engine, value on top."""
    present = [e for e in engines if any((g, e) in rows for g in groups)]
    width = 0.8 / max(len(present), 1)
    for j, e in enumerate(present):
        xs, ys, lo, hi = [], [], [], []
        for i, g in enumerate(groups):
            row = rows.get((g, e))
            if row is None:
                continue
            xs.append(i - 0.4 + width * (j + 0.5))
            ys.append(row["median"] / scale)
            a, b = _err(row, scale)
            lo.append(a)
            hi.append(b)
        st = styles[e]
        bars = ax.bar(
            xs,
            ys,
            width * 0.92,
            color=st["color"],
            hatch=st["hatch"],
            edgecolor="white" if st["hatch"] else st["color"],
            label=st["label"],
            yerr=[lo, hi] if any(lo) or any(hi) else None,
            capsize=3,
            error_kw={"elinewidth": 1, "ecolor": "#333333"},
        )
        ax.bar_label(bars, labels=[_short(y) for y in ys], padding=2, fontsize=8)
    ax.set_xticks(range(len(groups)), groups)
    ax.margins(y=0.15)


def _y_range(ax: Axes, values: Any, limit: float) -> None:
    """Log y when the values span more than `limit`x (16-byte blocks against 16 KiB, sign
    against verify): on a linear axis the small ones, often the crossover, vanish."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    positive = [float(v) for v in values if v and v > 0]
    if positive and max(positive) / min(positive) > limit:
        ax.set_yscale("log")
        if max(positive) / min(positive) < 300:  # few decades: label 1-2-5 steps too
            ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _short(v)))
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.grid(True, axis="y", which="major", alpha=0.3)
    else:
        ax.set_ylim(bottom=0)


def _short(v: float) -> str:
    for limit, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(v) >= limit:
            return f"{v / limit:.3g}{suffix}"
    return f"{v:.3g}"


def _size_label(size: int) -> str:
    return f"{size // 1024} KiB" if size >= 1024 and size % 1024 == 0 else f"{size} B"


def throughput_figure(doc: Run, title: str | None = None) -> Figure:
    """Throughput by block size per engine (log x), one subplot per algorithm; public-key
    algorithms as bars per operation (they have no block size)."""
    plt = _pyplot()
    from matplotlib.ticker import FixedLocator, NullLocator

    summary = _summary(doc)
    engines = list(dict.fromkeys(summary["engine"]))
    modelled = set(summary.loc[summary["modelled"], "engine"])
    styles = _engine_styles(engines, modelled)
    algos = list(dict.fromkeys(summary["algorithm"]))
    fig, axes = _grid(plt, len(algos))
    for ax, algo in zip(axes, algos, strict=True):
        part = summary[summary["algorithm"] == algo]
        unit = str(part["unit"].iloc[0])
        scale = _rate_axis(ax, unit)
        sizes = sorted({int(s) for s in part["size"]})
        if unit == "bytes/s" and len(sizes) > 1:
            for e in engines:
                rows = part[part["engine"] == e].sort_values("size")
                if rows.empty:
                    continue
                errs = [_err(r, scale) for _, r in rows.iterrows()]
                st = styles[e]
                ax.errorbar(
                    rows["size"],
                    rows["median"] / scale,
                    yerr=[[a for a, _ in errs], [b for _, b in errs]],
                    color=st["color"],
                    linestyle=st["linestyle"],
                    marker="o",
                    markersize=4,
                    capsize=3,
                    label=st["label"],
                )
            ax.set_xscale("log", base=2)
            ax.xaxis.set_major_locator(FixedLocator(sizes))
            ax.xaxis.set_minor_locator(NullLocator())
            ax.set_xticklabels([_size_label(s) for s in sizes], fontsize=8)
            ax.set_xlabel("block size")
            _y_range(ax, part["median"] / scale, limit=20)
        else:
            key = "size" if unit == "bytes/s" else "operation"
            groups = [
                (_size_label(s) if key == "size" else str(s)) for s in dict.fromkeys(part[key])
            ]
            rows = {
                ((_size_label(r[key]) if key == "size" else str(r[key])), r["engine"]): r
                for _, r in part.iterrows()
            }
            _bars(ax, groups, rows, engines, styles, scale)
            _y_range(ax, part["median"] / scale, limit=50)
        ax.set_title(algo, fontsize=11, fontweight="bold")
    reps = int(summary["repeats"].max())
    divisor = "wall-clock" if doc.elapsed else "user CPU"
    cpu = doc.machine_info.get("cpu") or ""
    head = title or "pyspeed: throughput per engine"
    sub = f"median of {reps} repetition(s), {divisor} time" + (
        "; error bars: 95% CI of the median" + (" (the range below 6)" if reps < 6 else "")
        if reps > 1
        else ""
    )
    _finish(fig, engines, styles, head, sub, str(cpu)[:90])
    return fig


def _finish(
    fig: Figure,
    engines: list[str],
    styles: dict[str, dict[str, Any]],
    head: str,
    sub: str,
    foot: str = "",
) -> None:
    """Title, one legend for all subplots (engines keep their colour everywhere), the
    statistics and CPU in small print below; margins fixed in inches so that they do not
    grow or shrink with the number of subplots."""
    import matplotlib.patches as mpatches

    h = fig.get_figheight()
    fig.suptitle(head, fontsize=13, fontweight="bold", y=1 - 0.1 / h, va="top")
    handles = [
        mpatches.Patch(
            facecolor=styles[e]["color"],
            hatch=styles[e]["hatch"],
            edgecolor="white",
            label=styles[e]["label"],
        )
        for e in engines
    ]
    fig.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 1 - 0.42 / h),
        ncol=min(len(engines), 5),
        frameon=False,
        fontsize=9,
    )
    fig.text(
        0.5,
        0.08 / h,
        sub + (f"\n{foot}" if foot else ""),
        ha="center",
        va="bottom",
        fontsize=8,
        color="#555555",
    )
    fig.tight_layout(rect=(0, 0.42 / h, 1, 1 - 0.62 / h))


VERDICT_COLOURS = {REGRESSION: "#d62728", FAILING: "#d62728", IMPROVEMENT: "#2ca02c",
                   FIXED: "#2ca02c"}
NEUTRAL = "#9e9e9e"  # every other verdict: no change the gate counts


def compare_bars(base: Run, new: Run, settings: GateSettings | None = None,
                 labels: tuple[str, str] = ("base", "new")
                 ) -> list[tuple[tuple[str, str], float, str, str]]:
    """Per case in both runs: (case, engine), change in %, the gate's verdict and the
    bar's colour. The verdicts are `pyspeed compare`'s own, so the figure and the gate
    never disagree."""
    try:
        comparison = compare(base, new, settings or GateSettings(force=True))
    except Incomparable as exc:
        if "no case in common" not in exc.message:
            raise NothingToPlot(f"plot: {exc.message.removeprefix('compare: ')}") from None
        raise NothingToPlot(f"plot: {labels[1]} and {labels[0]} have no case in common"
                            ) from None
    return [((c.case, c.engine), c.change, c.verdict, VERDICT_COLOURS.get(c.verdict, NEUTRAL))
            for c in comparison.cases if not math.isnan(c.change)]


def compare_figure(base: Run, new: Run, base_label: str = "base", new_label: str = "new",
                   settings: GateSettings | None = None) -> Figure:
    """Change of each case's median throughput, new against base, in percent, coloured
    by the gate's verdict: red a regression, green an improvement, grey no change that
    counts (noise, within the threshold, too few repetitions)."""
    plt = _pyplot()
    rows = compare_bars(base, new, settings, (base_label, new_label))
    if not rows:
        raise NothingToPlot(f"plot: {new_label} and {base_label} have no case in common")
    engines = list(dict.fromkeys(k[1] for k, _, _, _ in rows))
    labels = [k[0] + (f" [{k[1]}]" if len(engines) > 1 else "") for k, _, _, _ in rows]
    fig, ax = plt.subplots(figsize=(8.5, 1.6 + 0.34 * len(rows)))
    ys = list(range(len(rows)))
    for y, (_, p, verdict, colour) in zip(ys, rows, strict=True):
        ax.barh(y, p, color=colour, alpha=0.95 if colour != NEUTRAL else 0.6, height=0.7)
        ax.text(p, y, f" {p:+.1f}% {verdict.replace('_', ' ')} ", va="center",
                ha="left" if p >= 0 else "right", fontsize=8)
    pcts = [p for _, p, _, _ in rows]
    ax.set_yticks(ys, labels, fontsize=8)
    ax.invert_yaxis()
    ax.axvline(0, color="#333333", linewidth=0.8)
    lim = max(5.0, max(abs(p) for p in pcts) * 1.6)
    ax.set_xlim(-lim, lim)
    ax.set_xlabel("throughput change (%)   ← slower · faster →")
    ax.grid(True, axis="x", alpha=0.3)
    ax.set_title(f"{new_label} vs {base_label}: median throughput change\n"
                 "colour: pyspeed compare's verdict (grey: no change that counts)", fontsize=11)
    fig.tight_layout()
    return fig


def save_figure(fig: Figure, path: str) -> None:
    """Write atomically (pyspeed.results.files); the format follows the extension (png,
    svg, pdf)."""
    import matplotlib.pyplot as plt

    ext = os.path.splitext(path)[1].lower() or ".png"
    try:
        write_atomically(path, lambda fh: fig.savefig(fh, format=ext[1:], dpi=110))
    except ValueError as exc:  # unknown image format
        raise PlotError(f"plot: cannot write {path}: {str(exc).splitlines()[0]}") from None
    except OSError as exc:
        raise PlotError(f"plot: cannot write {path}: {exc.strerror or exc}") from None
    finally:
        plt.close(fig)
