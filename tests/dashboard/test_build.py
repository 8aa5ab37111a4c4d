"""`pyspeed dashboard` builds its site from a real store: the regression found is the
one `pyspeed compare` finds on the same two runs, the pages hold the numbers of
pyspeed.results.statistics, and every failure is one line with its exit status."""

from __future__ import annotations

import io
import re
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pyspeed.commands.compare import compare_main
from pyspeed.commands.dashboard import dashboard_main
from pyspeed.results.document import save
from pyspeed.results.statistics import mann_whitney, mann_whitney_many, run_stats

from support.dashboard_runs import seed_history, synthetic_run

ATOM = "{http://www.w3.org/2005/Atom}"


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = dashboard_main(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("dash")
    db = str(tmp / "history.sqlite")
    seed_history(db)
    status, out, err = run_cli("-o", str(tmp / "site"), "--db", db)
    assert (status, err) == (0, "")
    assert "6 run(s), 4 case(s), 1 regression(s)" in out
    return tmp / "site"


def test_the_site_has_every_page(site: Path) -> None:
    names = {str(p.relative_to(site)) for p in site.rglob("*") if p.is_file()}
    assert {"index.html", "regressions.html", "engines.html", "runs.html", "feed.xml",
            "assets/plotly-basic.min.js", "assets/dashboard.js", "assets/dashboard.css"} <= names
    assert {f"runs/{i}.html" for i in range(1, 7)} <= names
    # offline: nothing is loaded from another host
    for page in site.rglob("*.html"):
        assert not re.search(r"(src|href)=\"(https?:)?//", page.read_text()), page


def test_the_regression_is_compares_own(site: Path, tmp_path: Path) -> None:
    """Run 5 (index 4) is the first with sha256/16 slower on software: the gate, as
    `pyspeed compare` runs it on the two documents, says regression, and so do the
    regressions page and the feed; nothing else is one."""
    base, new = tmp_path / "base.json", tmp_path / "new.json"
    save(synthetic_run(3), str(base))
    save(synthetic_run(4, slow={"sha256/16": 1.3}), str(new))
    out, err = io.StringIO(), io.StringIO()
    assert compare_main([str(base), str(new), "--format", "csv"], out, err) == 1
    gated = [line for line in out.getvalue().splitlines() if line.endswith(",regression")]
    assert len(gated) == 1 and gated[0].startswith("sha256/16,software")

    page = (site / "regressions.html").read_text()
    rows = re.findall(r"<tr>(.*?)</tr>", page.split("<tbody>")[1])
    assert len(rows) == 1
    assert all(word in rows[0] for word in ("run 5", "run 4", "sha256/16", "software",
                                            "regression", "ci-box", "main"))
    feed = ET.parse(site / "feed.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    assert entries[0].find(f"{ATOM}link").get("href") == "runs/5.html"
    assert "sha256/16 on software: regression" in entries[0].find(f"{ATOM}summary").text
    assert feed.find(f"{ATOM}id").text and feed.find(f"{ATOM}updated").text


def test_the_run_page_has_provenance_and_openssl_tables(site: Path) -> None:
    page = (site / "runs" / "5.html").read_text()
    for text in ("ci-box", "fp-ci-box", "0000000400000004", "main", "pyspeed speed sha256",
                 "The &#x27;numbers&#x27; are in 1000s of bytes per second processed.",
                 'href="../runs/4.html"', 'href="../index.html"'):
        assert text in page, text
    assert "<h3>software</h3>" in page and "<h3>qat</h3>" in page


def test_the_trend_reads_the_statistics(site: Path) -> None:
    import json

    page = (site / "index.html").read_text()
    data = json.loads(re.search(r'id="charts">(.*?)</script>', page, re.S).group(1)
                      .replace("<\\/", "</"))
    chart = next(c for c in data if c["title"] == "sha256/16")
    software = next(s for s in chart["series"] if s["name"] == "software @ ci-box")
    stats = {(s.case, s.engine): s for s in run_stats(synthetic_run(0))}
    first = stats[("sha256/16", "software")]
    assert software["median"][0] == first.median
    assert (software["low"][0], software["high"][0]) == (first.ci_low, first.ci_high)
    assert software["verdicts"] == [None, None, None, None, "regression", None]
    assert software["links"][4] == "runs/5.html"


def test_the_engines_page_has_the_speedup(site: Path) -> None:
    page = (site / "engines.html").read_text()
    assert "qat over software" in page
    # qat's rate is three times software's; sha256/16 on software is slower from run 5
    assert re.search(r"<td>aes-128-cbc/16</td><td><span class=\"num\">3\.0\d×", page)
    assert re.search(r"<td>sha256/16</td><td><span class=\"num\">3\.9\d×", page)


def test_bulk_p_values_are_mann_whitneys() -> None:
    import random

    rng = random.Random(7)
    pairs = []
    for _ in range(300):
        n1, n2 = rng.choice((1, 3, 5, 9, 12)), rng.choice((2, 5, 10))
        rounding = rng.choice((None, 1))  # rounded values tie: scipy's other method
        a = [round(rng.gauss(10, 1), rounding or 9) for _ in range(n1)]
        b = [round(rng.gauss(10.5, 1), rounding or 9) for _ in range(n2)]
        pairs.append((a, b))
    assert mann_whitney_many(pairs) == [mann_whitney(a, b) for a, b in pairs]


def test_no_history_is_exit_3(tmp_path: Path) -> None:
    status, _, err = run_cli("-o", str(tmp_path / "site"), "--db", str(tmp_path / "none.sqlite"))
    assert status == 3 and err.count("\n") == 1 and "no history yet" in err
    assert not (tmp_path / "site").exists()


def test_an_unusable_store_is_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_text("not a database\n" * 100)
    status, _, err = run_cli("-o", str(tmp_path / "site"), "--db", str(bad))
    assert status == 2 and err.count("\n") == 1 and err.startswith("pyspeed:")
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).executescript("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
    status, _, err = run_cli("-o", str(tmp_path / "site"), "--db", str(other))
    assert status == 2 and err.count("\n") == 1


@pytest.mark.parametrize(("argv", "words"), [
    ([], "-o DIR is required"),
    (["-o", "x", "--last", "0"], "--last takes 1 to 5000"),
    (["-o", "x", "--last", "5001"], "--last takes 1 to 5000"),
    (["-o", "x", "--port", "80"], "--port goes with --serve"),
    (["-o", "x", "--serve", "--port", "70000"], "--port takes 0 to 65535"),
    (["-o", "x", "--nosuch"], "No such option"),
])
def test_usage_errors_are_exit_1(argv: list[str], words: str, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    seed_history(str(tmp_path / "h.sqlite"), runs=1)
    monkeypatch.setenv("PYSPEED_HISTORY", str(tmp_path / "h.sqlite"))
    status, _, err = run_cli(*argv)
    assert status == 1 and err.count("\n") == 1 and words in err, err
    assert err.startswith("dashboard:")


@pytest.mark.parametrize(("limit", "value", "runs", "message"), [
    ("MAX_CASES", 3, 1, "dashboard: 4 distinct cases in the newest 1 run(s), more than 3: "
                        "use --last to read fewer runs\n"),
    ("MAX_POINTS", 15, 2, "dashboard: 16 points (run x case x engine) in the newest 2 run(s), "
                          "more than 15: use --last to read fewer runs\n"),
])
def test_a_bound_reached_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     limit: str, value: int, runs: int, message: str) -> None:
    import pyspeed.dashboard

    db = str(tmp_path / "h.sqlite")
    seed_history(db, runs=runs)
    monkeypatch.setattr(pyspeed.dashboard, limit, value)
    status, _, err = run_cli("-o", str(tmp_path / "site"), "--db", db)
    assert status == 1 and err == message
    assert run_cli("-o", str(tmp_path / "site"), "--db", db, "--last", "1")[0] == \
        (1 if limit == "MAX_CASES" else 0)  # one run has 4 cases but only 8 points


def test_an_unwritable_folder_is_exit_4(tmp_path: Path) -> None:
    db = str(tmp_path / "h.sqlite")
    seed_history(db, runs=1)
    (tmp_path / "file").write_text("")
    status, _, err = run_cli("-o", str(tmp_path / "file"), "--db", db)
    assert status == 4 and err.count("\n") == 1 and "cannot write" in err


def test_last_keeps_the_newest_runs_and_removes_old_pages(site: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "h.sqlite")
    seed_history(db)
    out = tmp_path / "site"
    assert run_cli("-o", str(out), "--db", db)[0] == 0
    status, text, _ = run_cli("-o", str(out), "--db", db, "--last", "2")
    assert status == 0 and "2 run(s) of 6" in text
    assert sorted(p.name for p in (out / "runs").iterdir()) == ["5.html", "6.html"]


def test_the_bundled_plotly_is_the_version_named(site: Path) -> None:
    from pyspeed.dashboard.assets import PLOTLY_VERSION

    head = (site / "assets" / "plotly-basic.min.js").read_text()[:200]
    assert f"plotly.js (basic - minified) v{PLOTLY_VERSION}" in head
    assert "MIT" in (site / "assets" / "plotly-basic.LICENSE.txt").read_text()


def test_a_port_in_use_is_one_line(tmp_path: Path) -> None:
    import socket

    db = str(tmp_path / "h.sqlite")
    seed_history(db, runs=1)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status, _, err = run_cli("-o", str(tmp_path / "site"), "--db", db, "--serve",
                                 "--port", str(port))
    assert status == 1 and err.startswith(f"dashboard: cannot serve on port {port}: ")
    assert err.count("\n") == 1 and (tmp_path / "site" / "index.html").is_file()


def test_each_backend_builds_the_site(store: str, tmp_path: Path) -> None:
    """A SQLite file and a shared PostgreSQL database give the same pages."""
    seed_history(store)
    status, out, err = run_cli("-o", str(tmp_path / "site"), "--db", store)
    assert (status, err) == (0, "") and "6 run(s), 4 case(s), 1 regression(s)" in out
    page = (tmp_path / "site" / "regressions.html").read_text()
    assert page.count("<tr><td>") == 1 and "sha256/16" in page
    from support.postgres import PASSWORD

    assert not [p for p in (tmp_path / "site").rglob("*.*")
                if p.suffix != ".js" and PASSWORD in p.read_text()]


def test_an_unreachable_server_is_exit_69(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    status, _, err = run_cli("-o", str(tmp_path / "site"), "--db",
                             f"postgresql://u:secret@127.0.0.1:{port}/h")
    assert status == 69 and err.count("\n") == 1 and "secret" not in err


def test_the_gate_settings_are_compares(tmp_path: Path) -> None:
    """A team that gates with `pyspeed compare --threshold 40` sees the same verdicts on
    the dashboard: the seeded 23% slowdown is no regression there, and with
    `--threshold-for 'sha256/*=10'` it is one again."""
    db = str(tmp_path / "history.sqlite")
    seed_history(db)
    status, out, err = run_cli("-o", str(tmp_path / "a"), "--db", db, "--threshold", "40")
    assert (status, err) == (0, "") and "0 regression(s)" in out
    status, out, _ = run_cli("-o", str(tmp_path / "b"), "--db", db, "--threshold", "40",
                             "--threshold-for", "sha256/*=10")
    assert status == 0 and "1 regression(s)" in out
    status, _, err = run_cli("-o", str(tmp_path / "c"), "--db", db, "--alpha", "2")
    assert status == 1
    assert err == "dashboard: --alpha must be between 0 and 1 (exclusive): 2.0\n"
