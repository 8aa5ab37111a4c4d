"""`pyspeed dashboard` on a big history: how long the build takes and how long its pages
take to render in headless Chromium (the budget: 500 runs x 50 cases build in at most
10 s, and the largest page renders in at most 2 s).

    python benchmarks/dashboard.py                      # 500 runs x 50 cases
    python benchmarks/dashboard.py --runs 100 --cases 20 --keep /tmp/site
    python benchmarks/dashboard.py --runs 30 --screenshots /tmp/shots   # PNGs of the pages

Seeds a temporary SQLite history through pyspeed's own append (synthetic documents:
software on two machines, every tenth run also qat on ten cases, five repetitions per
case, a 30% regression in the last tenth of the runs), builds the site with the
`pyspeed dashboard` command, then loads each page in Chromium (Debian's chromium and
chromium-driver, through selenium) served over http.server, and prints per page: the
time from navigation to the charts on the first screen drawn ("render": the first
visit, which compiles plotly.js, then "cached", a second visit), and to every chart of
the page drawn, scrolling through ("all charts"; the page draws a chart as it comes
near the viewport). --screenshots writes a PNG of each page (scrolled to its top).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import random
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from pyspeed.model import EngineInfo, Record, Run

ROOT = Path(__file__).resolve().parents[1]
START = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
ALGOS = ("sha256", "sha512", "aes-128-cbc", "aes-256-cbc", "sha1")
SIZES = (16, 64, 256, 1024, 8192, 16384, 32, 128, 512, 4096)
REPEATS = 5
QAT_CASES = 10  # every tenth run also measures these cases on qat (the engines page)
PAGES = ("index.html", "regressions.html", "engines.html", "runs.html")


def synthetic_run(index: int, n_runs: int, n_cases: int) -> Run:
    """Run `index` of the series: alternating machines; the last tenth of the runs have
    the first case 30% slower (regressions for the gate to find)."""
    rng = random.Random(index)
    machine = f"bench-{index % 2}"
    records = []
    engines = ("software", "qat") if index % 10 == 0 else ("software",)
    for c in range(n_cases):
        algo, size = ALGOS[c % len(ALGOS)], SIZES[(c // len(ALGOS)) % len(SIZES)]
        slow = 1.3 if c == 0 and index >= n_runs * 9 // 10 else 1.0
        for engine in engines if c < QAT_CASES else ("software",):
            speed = (2 + c / 5) if engine == "qat" else 1.0
            for rep in range(REPEATS):
                rate = 1e9 * (1 + c / 10) * speed / slow * (1 + rng.gauss(0, 0.01))
                records.append(Record(
                    case=f"{algo}/{size}", family="sym", algorithm=algo, operation="digest",
                    size=size, bits=0, engine=engine, served_by=engine,
                    implementation="synthetic", modelled=False, repeat=rep, worker=0,
                    seconds=1.0, count=1_000_000, wall=1.0, user=1_000_000 * size / rate,
                    sys=0.0))
    return Run(records=records, engines=[EngineInfo(e) for e in engines],
               options={"words": list(ALGOS)}, command=["pyspeed", "speed", *ALGOS],
               started=(START + dt.timedelta(hours=index)).isoformat(timespec="seconds"),
               run_id=uuid.UUID(int=index + 1).hex, pyspeed="bench",
               machine_info={"fingerprint": f"fp-{machine}", "label": machine},
               commit_info={"id": f"{index:08x}" * 5, "dirty": False, "branch": "main"})


def seed(db: str, n_runs: int, n_cases: int) -> float:
    from pyspeed.results.history import append

    start = time.perf_counter()
    for i in range(n_runs):
        append(synthetic_run(i, n_runs, n_cases), db)
    return time.perf_counter() - start


def build(db: str, site: Path) -> float:
    """The command as a user runs it (start-up included)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pyspeed", "dashboard", "-o", str(site), "--db", db],
                   check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def _server(site: Path) -> ThreadingHTTPServer:
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


WAIT_DRAWN = """
const done = arguments[arguments.length - 1];
const check = () => {
  const started = document.querySelectorAll('.chart[data-started]');
  const drawn = document.querySelectorAll('.chart[data-drawn]');
  if (started.length === drawn.length && (started.length || !document.querySelector('.chart')))
    done(drawn.length); else setTimeout(check, 10);
};
check();
"""


def render(driver: Any, url: str) -> tuple[float, float, int]:
    """Seconds to the first screen drawn, to every chart drawn, and the charts."""
    driver.set_script_timeout(120)
    start = time.perf_counter()
    driver.get(url)
    driver.execute_async_script(WAIT_DRAWN)
    first = time.perf_counter() - start
    charts = driver.find_elements("css selector", ".chart")
    for chart in charts:
        driver.execute_script("arguments[0].scrollIntoView();", chart)
        driver.execute_async_script(WAIT_DRAWN)
    return first, time.perf_counter() - start, len(charts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--cases", type=int, default=50)
    parser.add_argument("--keep", type=Path, help="build the site here (kept)")
    parser.add_argument("--screenshots", type=Path, help="write a PNG of each page here")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "tests"))
    from support.browser import browser_paths, start_chromium

    with tempfile.TemporaryDirectory() as tmp:
        db, site = f"{tmp}/history.sqlite", args.keep or Path(tmp) / "site"
        seeded = seed(db, args.runs, args.cases)
        print(f"seeded {args.runs} runs x {args.cases} cases in {seeded:.1f} s")
        built = build(db, site)
        size = sum(p.stat().st_size for p in site.rglob("*.html")) / 1e6
        print(f"build: {built:.2f} s (pyspeed dashboard, start-up included), "
              f"{size:.1f} MB of HTML")
        if browser_paths() is None:
            print("render: skipped (chromium and chromedriver are not installed)")
            return 0
        server, driver = _server(site), start_chromium()
        try:
            base = f"http://127.0.0.1:{server.server_address[1]}/"
            driver.get(base + "runs.html")  # the browser's own start-up is not a page's
            for name in (*PAGES, f"runs/{args.runs}.html"):
                first, full, charts = render(driver, base + name)
                again = render(driver, base + name)[0]
                kb = (site / name).stat().st_size / 1e3
                print(f"render {name:18} {first:5.2f} s (cached: {again:5.2f} s), all "
                      f"{charts:3d} charts {full:6.2f} s ({kb:,.0f} kB)")
                if args.screenshots:
                    args.screenshots.mkdir(parents=True, exist_ok=True)
                    driver.execute_script("window.scrollTo(0, 0);")
                    shot = args.screenshots / (name.replace("/", "-").replace(".html", ".png"))
                    driver.save_screenshot(str(shot))
                    print(f"  screenshot {shot}")
        finally:
            driver.quit()
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
