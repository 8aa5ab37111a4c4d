"""A run's page: where it comes from (machine, commit, branch, command, pyspeed), the
gate's verdicts against its baseline, its numbers, and openssl's tables of each engine
(the views of `pyspeed report --format openssl`), so that a point on a trend or a line
of the regressions page leads to everything known about that run."""

from __future__ import annotations

import shlex

from pyspeed.dashboard.gating import Gated
from pyspeed.dashboard.html import e, link, page, percent, table
from pyspeed.results.history.archive import StoredRun
from pyspeed.results.statistics import CaseStats, divisor_text, failure_notes
from pyspeed.views.formats import plus_minus, rate

ROOT = "../"


def _provenance(stored: StoredRun) -> str:
    run = stored.run
    info = run.machine_info
    commit = stored.commit or "unknown"
    if stored.dirty:
        commit += " (uncommitted changes)"
    rows = [("machine", stored.machine or "(no --machine label)"),
            ("fingerprint", stored.fingerprint or "unknown"),
            ("CPU", info.get("cpu") or info.get("processor") or "unknown"),
            ("commit", commit), ("branch", stored.branch or "unknown"),
            ("started", stored.started),
            ("command", shlex.join(run.command) if run.command else stored.command or ""),
            ("pyspeed", stored.pyspeed or run.pyspeed or "unknown"),
            ("rates divided by", divisor_text(run.elapsed)),
            ("engines", ", ".join(run.engine_ids())),
            ("complete", "yes" if run.complete else "no (interrupted or a worker failed)")]
    return "<dl>" + "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in rows) + "</dl>"


def _verdicts(judged: list[Gated]) -> str:
    if not judged:
        return "<p>No earlier comparable run of this machine, engine and branch.</p>"
    parts = []
    for g in judged:
        rows = [[e(v.case), e(v.engine), f'<span class="{e(v.verdict)}">{e(v.verdict)}</span>',
                 f'<span class="num">{percent(v.change)}</span>',
                 "–" if v.p is None else f"{v.p:.2g}"] for v in g.verdicts]
        parts.append(f"<p>Against {link(ROOT + f'runs/{g.base.id}.html', f'run {g.base.id}')}"
                     f" ({e(g.base.started)}, commit "
                     f"<code>{e((g.base.commit or '')[:10])}</code>):</p>\n"
                     + table(["case", "engine", "verdict", "change", "p"], rows,
                             cls="verdicts"))
    return "\n".join(parts)


def _numbers(stats: list[CaseStats]) -> str:
    rows = [[e(s.case), e(s.engine), f'<span class="num">{e(rate(s.median, s.unit))}</span>',
             e(plus_minus(s.half_width)), str(s.n), str(s.failed)] for s in stats]
    notes = "".join(f'<p class="note">{e(n)}</p>' for n in failure_notes(stats))
    return table(["case", "engine", "median", "95% CI", "repetitions", "failed"],
                 rows) + notes


def _openssl(stored: StoredRun, stats: list[CaseStats]) -> str:
    from pyspeed.errors import PyspeedError
    from pyspeed.views.openssl_saved import saved_report, saved_selection

    try:
        selection = saved_selection(stored.run)
        blocks = [f"<h3>{e(engine)}</h3>\n<pre>"
                  f"{e(saved_report(stored.run, engine, selection, stats))}</pre>"
                  for engine in dict.fromkeys(r.engine for r in stored.run.records)]
    except (PyspeedError, KeyError, ValueError) as exc:  # options an older pyspeed saved
        message = exc.message if isinstance(exc, PyspeedError) else str(exc)
        return f'<p class="note">openssl\'s tables cannot be rebuilt: {e(message)}</p>'
    return "\n".join(blocks)


def run_page(stored: StoredRun, stats: list[CaseStats], judged: list[Gated]) -> str:
    body = (f"<h2>Provenance</h2>\n{_provenance(stored)}\n"
            f"<h2>Regression gate</h2>\n{_verdicts(judged)}\n"
            f"<h2>Numbers</h2>\n{_numbers(stats)}\n"
            f"<h2>openssl speed</h2>\n{_openssl(stored, stats)}")
    return page(f"Run {stored.id}", body, root=ROOT)
