"""The dashboard in a real browser (headless Chromium, support.browser), served by
`pyspeed dashboard --serve`: every page loads without a JavaScript error, every chart
draws its traces, the seeded regression is on the regressions page and in the feed,
and the links between pages lead to pages that exist."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin
from urllib.request import urlopen

import pytest

from support.browser import console_errors
from support.dashboard_runs import seed_history

PAGES = ("index.html", "regressions.html", "engines.html", "runs.html", "runs/5.html")
WAIT_DRAWN = """
const done = arguments[arguments.length - 1];
const started = Date.now();
const check = () => {
  const charts = document.querySelectorAll('.chart');
  const drawn = document.querySelectorAll('.chart[data-drawn]');
  if (drawn.length === charts.length || Date.now() - started > 20000) done(drawn.length);
  else setTimeout(check, 20);
};
check();
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site of a seeded history, served by the command itself on a free port; the
    folder is the module's temporary folder's `site`."""
    tmp = tmp_path_factory.mktemp("served")
    db = str(tmp / "history.sqlite")
    seed_history(db)
    proc = subprocess.Popen(
        [sys.executable, "-m", "pyspeed", "dashboard", "-o", str(tmp / "site"), "--db", db,
         "--serve", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert proc.stdout is not None
        built, serving = proc.stdout.readline(), proc.stdout.readline()
        assert "6 run(s)" in built, (built, proc.stderr.read() if proc.poll() else "")
        url = serving.split(" at ")[1].split()[0]
        assert serving.split(" at ")[0].endswith(str(tmp / "site"))
        yield url
    finally:
        proc.send_signal(signal.SIGINT)  # Ctrl-C: the command stops serving, status 0
        assert proc.wait(timeout=30) == 0
        assert proc.stdout is not None and "stopped" in proc.stdout.read()


def _open(driver: Any, url: str) -> None:
    driver.get(url)
    driver.set_script_timeout(30)
    for chart in driver.find_elements("css selector", ".chart"):
        driver.execute_script("arguments[0].scrollIntoView();", chart)
    driver.execute_async_script(WAIT_DRAWN)


@pytest.mark.parametrize("page", PAGES)
def test_page_loads_without_errors_and_draws(chromium: Any, served: str, page: str) -> None:
    console_errors(chromium)  # what earlier pages left
    _open(chromium, served + page)
    assert chromium.title.endswith("pyspeed dashboard")
    charts = chromium.find_elements("css selector", ".chart")
    for chart in charts:
        assert chart.get_attribute("data-drawn") == "true", chart.get_attribute("id")
        assert chart.find_elements("css selector", ".main-svg")
        traces = chart.find_elements("css selector", ".scatterlayer .trace, .barlayer .trace")
        assert traces, f"{chart.get_attribute('id')} drew no data"
    expected = {"index.html": 4, "engines.html": 1}.get(page, 0)
    assert len(charts) == expected
    assert console_errors(chromium) == []


def test_the_trend_marks_the_regression(chromium: Any, served: str) -> None:
    _open(chromium, served + "index.html")
    chart = chromium.find_element("css selector", '.chart[data-case="sha256/16"]')
    names = chromium.execute_script(
        "return arguments[0].data.map(t => t.name || '');", chart)
    assert "regression" in names
    assert {"software @ ci-box", "qat @ ci-box"} <= set(names)


def test_the_regression_is_on_the_page_and_in_the_feed(chromium: Any, served: str) -> None:
    _open(chromium, served + "regressions.html")
    rows = chromium.find_elements("css selector", "table.regressions tbody tr")
    assert len(rows) == 1
    cells = [c.text for c in rows[0].find_elements("css selector", "td")]
    assert cells[1:3] == ["run 5", "run 4"]
    assert cells[6:9] == ["sha256/16", "software", "regression"]
    with urlopen(served + "feed.xml", timeout=10) as response:
        assert response.headers.get_content_type() in ("application/xml", "text/xml",
                                                       "application/atom+xml")
        feed = ET.fromstring(response.read())
    links = [e.get("href") for e in feed.iter("{http://www.w3.org/2005/Atom}link")
             if e.get("href", "").startswith("runs/")]
    assert links == ["runs/5.html"]


def test_every_link_leads_to_a_page(chromium: Any, served: str) -> None:
    seen: set[str] = set()
    for page in PAGES:
        chromium.get(served + page)
        for a in chromium.find_elements("css selector", "a[href]"):
            href = a.get_attribute("href")
            if href.startswith(served) and "#" not in href:
                seen.add(href)
    assert {served + p for p in ("index.html", "feed.xml", "runs/1.html", "runs/4.html")} \
        <= seen
    for href in sorted(seen):
        with urlopen(href, timeout=10) as response:
            assert response.status == 200, href
    # and following them in the browser: the run of the regression, then back to the top
    chromium.get(served + "regressions.html")
    chromium.find_element("link text", "run 5").click()
    assert chromium.current_url == urljoin(served, "runs/5.html")
    assert chromium.find_element("css selector", "h1").text == "Run 5"
    chromium.find_element("link text", "run 4").click()
    assert chromium.find_element("css selector", "h1").text == "Run 4"
    chromium.find_element("link text", "Trends").click()
    assert chromium.current_url == urljoin(served, "index.html")


def test_a_point_opens_its_run(chromium: Any, served: str) -> None:
    _open(chromium, served + "index.html")
    chart = chromium.find_element("css selector", ".chart")
    chromium.execute_script("window.scrollTo(0, 0); arguments[0].scrollIntoView();", chart)
    from selenium.webdriver.common.action_chains import ActionChains

    # a real click where the point is drawn (plotly's drag layer takes it, as it takes a
    # user's, and finds the point under it)
    point = chart.find_elements("css selector", ".scatterlayer .trace .points path")[0]
    ActionChains(chromium).move_to_element(point).click().perform()
    assert chromium.current_url.startswith(served + "runs/")
    assert chromium.find_element("css selector", "h1").text.startswith("Run ")


def test_the_folder_works_opened_from_disk(chromium: Any, tmp_path: Path) -> None:
    """No server (an artifact unpacked on a laptop): file:// pages draw and link."""
    db = str(tmp_path / "history.sqlite")
    seed_history(db, runs=3)
    subprocess.run([sys.executable, "-m", "pyspeed", "dashboard", "-o", str(tmp_path / "site"),
                    "--db", db], check=True, capture_output=True, timeout=120)
    console_errors(chromium)
    _open(chromium, (tmp_path / "site" / "index.html").as_uri())
    charts = chromium.find_elements("css selector", ".chart")
    assert charts and all(c.get_attribute("data-drawn") == "true" for c in charts)
    chromium.find_element("link text", "Runs").click()
    chromium.find_element("link text", "run 3").click()
    assert chromium.find_element("css selector", "h1").text == "Run 3"
    assert console_errors(chromium) == []
