"""`pyspeed dashboard`: a static site of the history store, for a team to look at rather
than query: trends with their intervals and the gate's verdicts, the regressions (also
as an Atom feed), each engine's speedup over software, and a page per run.

Why a static folder: it is a CI artifact or a GitHub Pages site as it is, opened from
disk or served by anything; plotly.js is copied in (assets), nothing is fetched.

How it is made: the newest runs are read with their documents
(pyspeed.results.history.stored_runs); every number comes from
pyspeed.results.statistics, every verdict from `pyspeed compare`'s gate (gating); the
pages are plain HTML with the charts' data inline, drawn by the bundled script.

Bounds: at most MAX_RUNS runs (`--last`, default DEFAULT_LAST: the newest), MAX_CASES
distinct cases and MAX_POINTS points on the trends (a page a browser still opens);
beyond, one line and no site.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from pyspeed.errors import EXIT_USAGE, EXIT_WRITE_FAILED, PyspeedError

if TYPE_CHECKING:
    from pyspeed.results.verdicts import GateSettings

DEFAULT_LAST = 1000  # runs read when --last is not given
MAX_RUNS = 5000  # the largest --last
MAX_CASES = 1000  # distinct cases (one chart each on the index)
MAX_POINTS = 250_000  # (run, case, engine) points on the index: about 30 MB of page


@dataclass(frozen=True)
class Built:
    """What a build wrote, for the one line the command prints."""

    folder: Path
    runs: int
    total: int
    cases: int
    regressions: int


def build(where: str | None, folder: Path, last: int = DEFAULT_LAST,
          err: TextIO | None = None, settings: GateSettings | None = None) -> Built:
    """Read the store `where` (None: the default one) and write the site into `folder`;
    regressions are judged with `settings` (pyspeed compare's; None: its defaults)."""
    from pyspeed.dashboard import gating, pages, run_page, series
    from pyspeed.dashboard.assets import copy_assets
    from pyspeed.dashboard.feed import feed
    from pyspeed.results import history
    from pyspeed.results.statistics import run_stats

    if not 1 <= last <= MAX_RUNS:
        raise PyspeedError(f"dashboard: --last takes 1 to {MAX_RUNS} runs",
                           exit_code=EXIT_USAGE)
    runs, total = history.stored_runs(where, last, err)
    stats, unusable = {}, []
    for stored in runs:
        try:
            stats[stored.id] = run_stats(stored.run)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:  # as the gate's
            unusable.append(f"run {stored.id}: {type(exc).__name__}: {exc}")
    if unusable and err is not None:
        err.write(f"pyspeed dashboard: left out {len(unusable)} run(s) whose records cannot "
                  f"be used ({'; '.join(unusable[:3])})\n")
    runs = [s for s in runs if s.id in stats]
    if not runs:
        raise history.NoHistory("pyspeed history: no usable run in "
                                f"{history.locate(where).display}")
    cases = {c.case for per_run in stats.values() for c in per_run}
    if len(cases) > MAX_CASES:
        raise PyspeedError(f"dashboard: {len(cases)} distinct cases in the newest {len(runs)} "
                           f"run(s), more than {MAX_CASES}: use --last to read fewer runs",
                           exit_code=EXIT_USAGE)
    points = sum(len(per_run) for per_run in stats.values())
    if points > MAX_POINTS:
        raise PyspeedError(f"dashboard: {points} points (run x case x engine) in the newest "
                           f"{len(runs)} run(s), more than {MAX_POINTS}: use --last to read "
                           "fewer runs", exit_code=EXIT_USAGE)
    gated = gating.gate_history(runs, stats, settings)
    found = pages.regressions(gated)
    files = {
        "index.html": pages.index(runs, total, series.trends(runs, stats, gated)),
        "regressions.html": pages.regressions_page(found),
        "engines.html": pages.engines_page(series.speedups(runs, stats)),
        "runs.html": pages.runs_page(runs, total, gated, {
            s.id: (len({c.case for c in stats[s.id]}),
                   list(dict.fromkeys(c.engine for c in stats[s.id]))) for s in runs}),
        "feed.xml": feed(found, history.locate(where).display),
    }
    for stored in runs:
        files[f"runs/{stored.id}.html"] = run_page.run_page(
            stored, stats[stored.id], gated.get(stored.id, []))
    _write(folder, files, copy_assets)
    return Built(folder, len(runs), total, len(cases), sum(len(bad) for _, bad in found))


def _write(folder: Path, files: dict[str, str], copy_assets: object) -> None:
    """Write the site; run pages of runs no longer shown are removed (the folder is the
    site, not an archive)."""
    try:
        (folder / "runs").mkdir(parents=True, exist_ok=True)
        keep = {name for name in files if name.startswith("runs/")}
        for old in (folder / "runs").glob("*.html"):
            if f"runs/{old.name}" not in keep:
                old.unlink()
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        copy_assets(folder)  # type: ignore[operator]
    except OSError as exc:
        where = exc.filename or folder
        raise PyspeedError(f"dashboard: cannot write {where}: {exc.strerror or exc}",
                           exit_code=EXIT_WRITE_FAILED) from None
