"""The regressions as an Atom feed (RFC 4287): a feed reader or a chat integration
learns of a regression without anyone opening the dashboard. One entry per run whose
verdicts gate, newest first, linking to the run's page (relative, as every link of the
site: the feed works wherever the folder is published)."""

from __future__ import annotations

import datetime as dt
import hashlib
from xml.sax.saxutils import escape, quoteattr

from pyspeed.dashboard.gating import Gated
from pyspeed.dashboard.series import run_page
from pyspeed.results.verdicts import CaseVerdict

MAX_ENTRIES = 200  # a feed is what is new: older regressions stay on the page


def _time(started: str) -> str:
    """RFC 3339 as Atom wants it (a time without an offset is taken as UTC)."""
    try:
        moment = dt.datetime.fromisoformat(started)
    except ValueError:
        moment = dt.datetime(1970, 1, 1)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="seconds").replace(
        "+00:00", "Z")


def feed(found: list[tuple[Gated, list[CaseVerdict]]], store: str) -> str:
    """The feed; `store` (the store's display name, no password) makes its id stable."""
    feed_id = "urn:pyspeed:dashboard:" + hashlib.sha256(store.encode(
        "utf-8", "surrogateescape")).hexdigest()[:16]
    updated = _time(found[0][0].run.started) if found else "1970-01-01T00:00:00Z"
    entries = []
    for g, bad in found[:MAX_ENTRIES]:
        run = g.run
        lines = "\n".join(f"{v.case} on {v.engine}: {v.verdict}, {v.change:+.1f}%"
                          if v.change == v.change else f"{v.case} on {v.engine}: {v.verdict}"
                          for v in bad)
        title = (f"{len(bad)} regression(s) on {run.machine_name}"
                 f" ({run.branch or 'no branch'} @ {(run.commit or 'no commit')[:10]})")
        entry_id = f"{feed_id}:run:{run.run.run_id or run.id}:base:{g.base.id}"
        entries.append(
            f"<entry>\n<id>{escape(entry_id)}</id>\n<title>{escape(title)}</title>\n"
            f"<updated>{_time(run.started)}</updated>\n"
            f"<link rel=\"alternate\" type=\"text/html\" href={quoteattr(run_page(run.id))}/>\n"
            f"<summary type=\"text\">{escape(lines)}</summary>\n</entry>")
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom">\n'
            f"<id>{feed_id}</id>\n<title>pyspeed regressions</title>\n"
            f"<updated>{updated}</updated>\n<author><name>pyspeed</name></author>\n"
            '<link rel="alternate" type="text/html" href="regressions.html"/>\n'
            '<link rel="self" type="application/atom+xml" href="feed.xml"/>\n'
            + "\n".join(entries) + "\n</feed>\n")
