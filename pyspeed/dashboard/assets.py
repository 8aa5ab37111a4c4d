"""The files the pages load, copied into the site, so that it works offline (a CI
artifact, GitHub Pages, a laptop on a train): no CDN.

The charts use plotly.js's official "basic" bundle (scatter, bar and pie traces: what
the pages draw), from the npm package plotly.js-basic-dist-min, kept here with its MIT
licence (PLOTLY_VERSION; tools/update_plotly.sh replaces it). Why not the full
plotly.min.js the plotly Python package ships: it is four times larger (4.8 MB), and
compiling it is most of the time a page takes to draw on a first visit
(benchmarks/dashboard.py: about 1 s instead of 2 on the index of 500 runs x 50 cases).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

PLOTLY_VERSION = "4.1.1"  # plotly.js-basic-dist-min, the first line of the bundle says it
PLOTLY = "plotly-basic.min.js"
FILES = (PLOTLY, "plotly-basic.LICENSE.txt", "dashboard.js", "dashboard.css")


def copy_assets(folder: Path) -> None:
    """Write assets/ under the site's folder (unchanged files are left alone)."""
    target = folder / "assets"
    target.mkdir(parents=True, exist_ok=True)
    own = resources.files("pyspeed.dashboard") / "assets"
    for name in FILES:
        data = (own / name).read_bytes()
        copy = target / name
        if not copy.is_file() or copy.read_bytes() != data:
            copy.write_bytes(data)
