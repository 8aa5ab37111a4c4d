"""The files the pages load, copied into the site: plotly.js from the plotly package
(its bundled, minified build: no CDN, so that the folder works offline, as a CI artifact
or on GitHub Pages), and the dashboard's own script and style sheet."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from pyspeed.errors import EXIT_CONFIG, PyspeedError

OWN = ("dashboard.js", "dashboard.css")


def plotly_js() -> Path:
    """plotly.min.js as the plotly package ships it."""
    try:
        import plotly
    except ModuleNotFoundError:
        raise PyspeedError("dashboard: the plotly package is not installed (it ships the "
                           "charts' plotly.min.js); install pyspeed with its dependencies",
                           exit_code=EXIT_CONFIG) from None
    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise PyspeedError(f"dashboard: {path} is missing from the plotly package",
                           exit_code=EXIT_CONFIG)
    return path


def copy_assets(folder: Path) -> None:
    """Write assets/ under the site's folder."""
    target = folder / "assets"
    target.mkdir(parents=True, exist_ok=True)
    source = plotly_js()
    copy = target / "plotly.min.js"
    if not copy.is_file() or copy.stat().st_size != source.stat().st_size:
        shutil.copyfile(source, copy)
    own = resources.files("pyspeed.dashboard") / "assets"
    for name in OWN:
        (target / name).write_bytes((own / name).read_bytes())
