"""The site's pages of many runs: trends (the index), regressions, engines, the list of
runs. A run's own page is in run_page; the frame and escaping in html."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pyspeed.dashboard.gating import Gated
from pyspeed.dashboard.html import e, link, page, percent, table
from pyspeed.dashboard.series import Series, Speedup, run_page
from pyspeed.results.history.archive import StoredRun
from pyspeed.results.verdicts import GATING, CaseVerdict


def regressions(gated: dict[int, list[Gated]]) -> list[tuple[Gated, list[CaseVerdict]]]:
    """The runs whose verdicts gate (regression, failing), newest first, with those
    verdicts: what the regressions page and the feed list."""
    found = []
    for judged in gated.values():
        for g in judged:
            bad = [v for v in g.verdicts if v.verdict in GATING]
            if bad:
                found.append((g, bad))
    found.sort(key=lambda item: (item[0].run.started, item[0].run.id), reverse=True)
    return found


def _span(runs: Sequence[StoredRun], total: int) -> str:
    shown = f"{len(runs)} run(s)" + (f" (the newest; the store holds {total})"
                                     if total > len(runs) else "")
    return (f'<p class="note">{e(shown)}, {e(runs[0].started)} to {e(runs[-1].started)}. '
            "Medians with their 95% confidence interval (the band); marks are the "
            "regression gate's verdicts against the previous comparable run "
            "(<code>pyspeed compare</code>'s rule). Click a point to open its run.</p>")


def index(runs: Sequence[StoredRun], total: int, trends: dict[str, list[Series]]) -> str:
    charts: list[dict[str, Any]] = []
    toc, blocks = [], []
    for i, (case, series) in enumerate(trends.items()):
        chart_id = f"trend-{i}"
        charts.append({"id": chart_id, "kind": "trend", "title": case,
                       "unit": series[0].unit, "series": [s.as_json() for s in series]})
        toc.append(f'<li><a href="#{chart_id}">{e(case)}</a></li>')
        blocks.append(f'<div class="chart" id="{chart_id}" data-case="{e(case)}"></div>')
    body = (_span(runs, total) + f'<ul class="toc">{"".join(toc)}</ul>\n'
            + "\n".join(blocks))
    return page("Trends", body, charts=charts, current="index.html")


def regressions_page(found: list[tuple[Gated, list[CaseVerdict]]]) -> str:
    rows = []
    for g, bad in found:
        for v in bad:
            rows.append([e(g.run.started), link(run_page(g.run.id), f"run {g.run.id}"),
                         link(run_page(g.base.id), f"run {g.base.id}"),
                         e(g.run.machine_name), e(g.run.branch or ""),
                         f"<code>{e((g.run.commit or '')[:10])}</code>", e(v.case),
                         e(v.engine), f'<span class="{e(v.verdict)}">{e(v.verdict)}</span>',
                         f'<span class="num">{percent(v.change)}</span>',
                         "–" if v.p is None else f"{v.p:.2g}", f"{v.threshold:g}%"])
    body = ('<p class="note">Each run against the previous comparable run of the same '
            "machine, engine and branch, with <code>pyspeed compare</code>'s rule and "
            'default settings; also in the <a href="feed.xml">Atom feed</a>.</p>\n')
    if rows:
        body += table(["when", "run", "baseline", "machine", "branch", "commit", "case",
                       "engine", "verdict", "change", "p", "threshold"], rows,
                      cls="regressions")
    else:
        body += '<p id="no-regressions">No regression found.</p>'
    return page("Regressions", body, current="regressions.html")


def engines_page(found: dict[str, list[Speedup]]) -> str:
    charts: list[dict[str, Any]] = []
    blocks = ['<p class="note">Speedup of each engine over <code>software</code> per case: '
              "the ratio of the two medians in one run, from the runs that measured both; "
              "the bar is the latest run (1 = as fast as software).</p>"]
    for i, (engine, cases) in enumerate(found.items()):
        chart_id = f"speedup-{i}"
        charts.append({"id": chart_id, "kind": "speedup", "unit": "× software",
                       "title": f"{engine} over software", "cases": [c.case for c in cases],
                       "ratios": [c.latest for c in cases],
                       "links": [run_page(c.runs[-1].id) for c in cases]})
        rows = [[e(c.case), f'<span class="num">{c.latest:.2f}×</span>',
                 link(run_page(c.runs[-1].id), f"run {c.runs[-1].id}"),
                 e(c.runs[-1].machine_name), f'<span class="num">{min(c.ratios):.2f}×</span>',
                 f'<span class="num">{max(c.ratios):.2f}×</span>', str(len(c.ratios))]
                for c in cases]
        blocks.append(f'<h2 id="engine-{e(engine)}">{e(engine)}</h2>\n'
                      f'<div class="chart" id="{chart_id}"></div>\n'
                      + table(["case", "latest", "run", "machine", "lowest", "highest",
                               "runs"], rows))
    if not found:
        blocks.append('<p id="no-speedups">No run measured software and another engine '
                      "on the same case.</p>")
    return page("Engines", "\n".join(blocks), charts=charts, current="engines.html")


def runs_page(runs: Sequence[StoredRun], total: int, gated: dict[int, list[Gated]],
              sizes: dict[int, tuple[int, list[str]]]) -> str:
    rows = []
    for stored in reversed(runs):
        bad = sum(1 for g in gated.get(stored.id, []) for v in g.verdicts
                  if v.verdict in GATING)
        cases, engines = sizes[stored.id]
        rows.append([link(run_page(stored.id), f"run {stored.id}"), e(stored.started),
                     e(stored.machine_name), e(stored.branch or ""),
                     f"<code>{e((stored.commit or '')[:10])}</code>", e(", ".join(engines)),
                     str(cases), f'<span class="regression">{bad}</span>' if bad else "0"])
    note = (f'<p class="note">{len(runs)} run(s), newest first'
            + (f" (the store holds {total})" if total > len(runs) else "") + ".</p>\n")
    return page("Runs", note + table(["run", "started", "machine", "branch", "commit",
                                      "engines", "cases", "regressions"], rows),
                current="runs.html")

