"""The frame every page shares: the navigation that links the pages, the bundled assets
(relative paths, so that the folder works opened from disk, as a CI artifact or on
GitHub Pages), and escaping: every value from the store is text, never markup."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

NAV = (("index.html", "Trends"), ("regressions.html", "Regressions"),
       ("engines.html", "Engines"), ("runs.html", "Runs"), ("feed.xml", "Feed"))


def e(value: object) -> str:
    """A value as HTML text."""
    return escape("" if value is None else str(value), quote=True)


def link(href: str, text: object, cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return f'<a href="{e(href)}"{klass}>{e(text)}</a>'


def page(title: str, body: str, *, root: str = "", charts: list[dict[str, Any]] | None = None,
         current: str = "") -> str:
    """A whole page; `root` leads back to the site's top ("../" from runs/), `charts`
    the data the bundled script draws (plotly is loaded only where there are charts)."""
    here = ' aria-current="page"'
    nav = " ".join(f'<a href="{root}{href}"{here if href == current else ""}>{text}</a>'
                   for href, text in NAV)
    scripts = ""
    if charts is not None:
        data = json.dumps(charts, separators=(",", ":"), allow_nan=False)
        scripts = (f'<script type="application/json" id="charts">{_script_safe(data)}</script>\n'
                   f'<script src="{root}assets/plotly-basic.min.js"></script>\n'
                   f'<script src="{root}assets/dashboard.js"></script>\n')
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{e(title)} · pyspeed dashboard</title>\n'
            f'<link rel="icon" href="data:,">\n'
            f'<link rel="alternate" type="application/atom+xml" title="pyspeed regressions" '
            f'href="{root}feed.xml">\n'
            f'<link rel="stylesheet" href="{root}assets/dashboard.css">\n</head>\n<body>\n'
            f'<nav>{nav}</nav>\n<main>\n<h1>{e(title)}</h1>\n{body}\n</main>\n{scripts}'
            f"</body>\n</html>\n")


def _script_safe(data: str) -> str:
    """JSON inside a <script> element: `</script>` in a value must not end it."""
    return data.replace("</", "<\\/").replace("<!--", "<\\!--")


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], cls: str = "") -> str:
    """A table of cells that are already HTML (escaped by the caller)."""
    klass = f' class="{cls}"' if cls else ""
    head = "".join(f"<th>{e(h)}</th>" for h in headers)
    body = "\n".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table{klass}>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def percent(value: float | None) -> str:
    if value is None or value != value:
        return "–"
    return f"{value:+.1f}%"
