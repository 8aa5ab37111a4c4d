"""Sweep curves: throughput against -async_jobs or -multi, with ideal linear scaling."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pyspeed.model import Record, Run
from pyspeed.results.statistics import case_stats
from pyspeed.views.plots import NothingToPlot, _engine_styles, _finish, _grid, _pyplot, _rate_axis

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def _points(docs: list[Run]) -> pd.DataFrame:
    """One row per case, engine and setting (-multi and -async_jobs, 0 meaning 1; a
    record's own setting, else its run's): the median and interval of
    pyspeed.results.statistics, with wall-clock rates."""
    import pandas as pd

    rows = []
    for doc in docs:
        by_setting: dict[tuple[int, int], list[Record]] = {}
        for r in doc.records:
            multi = r.multi or int(doc.options.get("multi") or 0)
            jobs = r.async_jobs or int(doc.options.get("async_jobs") or 0)
            by_setting.setdefault((max(multi, 1), max(jobs, 1)), []).append(r)
        for (multi, jobs), records in by_setting.items():
            for s in case_stats(records, elapsed=True):
                if s.n:
                    rows.append({"case": s.case, "engine": s.engine, "multi": multi,
                                 "jobs": jobs, "size": s.size, "median": s.median,
                                 "ci_low": s.ci_low, "ci_high": s.ci_high,
                                 "modelled": s.modelled})
    return pd.DataFrame(rows)


def sweep_figure(docs: list[Run], title: str | None = None) -> Figure:
    """Throughput against -multi (or -async_jobs where only that varies), one subplot per
    case, one line per engine and other setting; dotted: ideal linear scaling in -multi."""
    from matplotlib.ticker import FixedLocator, NullLocator

    df = _points(docs)
    if df.empty:
        raise NothingToPlot("plot: the run holds no results")
    settings = sorted(set(zip(df["multi"], df["jobs"], strict=True)))
    if len(settings) < 2:
        m, j = settings[0]
        raise NothingToPlot(
            f"plot: a sweep plot needs runs at several -multi or -async_jobs "
            f"settings; these hold only -multi {m} -async_jobs {j} (give "
            "several RUN.json files, one per setting)"
        )
    plt = _pyplot()
    per_rep = df
    cases = list(dict.fromkeys(per_rep["case"]))
    engines = list(dict.fromkeys(per_rep["engine"]))
    modelled = set(df.loc[df["modelled"], "engine"])
    styles = _engine_styles(engines, modelled)
    fig, axes = _grid(plt, len(cases))
    any_multi = False
    for ax, case in zip(axes, cases, strict=True):
        part = per_rep[per_rep["case"] == case]
        x_name = (
            "jobs"
            if _varies(part, "jobs", "multi") and not _varies(part, "multi", "jobs")
            else "multi"
        )
        any_multi = any_multi or x_name == "multi"
        ticks = _sweep_lines(ax, part, x_name, engines, styles)
        ax.set_xscale("log", base=2)
        ax.xaxis.set_major_locator(FixedLocator(ticks))
        ax.xaxis.set_minor_locator(NullLocator())
        ax.set_xticklabels([str(t) for t in ticks])
        ax.set_xlabel("-multi (worker processes)" if x_name == "multi" else "-async_jobs")
        ax.set_ylim(bottom=0)
        ax.set_title(case, fontsize=11, fontweight="bold")
    sub = "median over repetitions, wall-clock" + (
        "; dotted: linear scaling from the first point" if any_multi else ""
    )
    _finish(fig, engines, styles, title or "pyspeed: throughput scaling", sub)
    return fig


def _varies(part: pd.DataFrame, dim: str, other: str) -> bool:
    """Whether `dim` takes several values along some line (same engine, same `other`)."""
    return bool((part.groupby(["engine", other])[dim].nunique() > 1).any())


def _sweep_lines(
    ax: Axes, part: pd.DataFrame, x_name: str, engines: list[str], styles: dict[str, dict[str, Any]]
) -> list[int]:
    """One case's lines: per engine and value of the other setting; returns the x values."""

    other = "jobs" if x_name == "multi" else "multi"
    others = sorted(set(part[other]))
    scale = _rate_axis(ax, "bytes/s" if int(part["size"].iloc[0]) else "ops/s")
    markers = ["o", "s", "^", "D", "v", "P", "X"]
    xs_all: set[int] = set()
    for e in engines:
        for k, o in enumerate(others):
            line = part[(part["engine"] == e) & (part[other] == o)]
            if line.empty:
                continue
            pts = []
            for _, r in line.iterrows():
                med, lo, hi = float(r["median"]), float(r["ci_low"]), float(r["ci_high"])
                pts.append((int(r[x_name]), med / scale, (med - lo) / scale, (hi - med) / scale))
            pts.sort()
            xs_all.update(p[0] for p in pts)
            st = styles[e]
            setting = f", {'-async_jobs' if other == 'jobs' else '-multi'} {o}"
            ax.errorbar(
                [p[0] for p in pts],
                [p[1] for p in pts],
                yerr=[[p[2] for p in pts], [p[3] for p in pts]],
                color=st["color"],
                linestyle=st["linestyle"],
                marker=markers[k % len(markers)],
                markersize=5,
                capsize=3,
                label=st["label"] + (setting if len(others) > 1 else ""),
            )
            if x_name == "multi" and len(pts) > 1:
                x0, y0 = pts[0][0], pts[0][1]
                ax.plot(
                    [p[0] for p in pts],
                    [y0 * p[0] / x0 for p in pts],
                    color=st["color"],
                    linestyle=":",
                    linewidth=1,
                    alpha=0.6,
                )
    if len(others) > 1:
        ax.legend(fontsize=7, frameon=False)
    return sorted(xs_all)
