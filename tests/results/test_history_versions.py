"""Schema versions: a history written by pyspeed before version 2 (SQLite, `user_version`
1) is read as it is and upgraded in place by the next append, keeping every run; a
store that is no history is refused; the same run imported twice is stored once."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

from pyspeed.commands.history import history_main
from pyspeed.results import history
from pyspeed.results.document import save
from pyspeed.results.history.tables import SCHEMA_VERSION
from pyspeed.results.statistics import run_stats

from support.documents import as_run

#: the tables exactly as pyspeed wrote them before schema version 2
V1_SCHEMA = """
CREATE TABLE runs (id INTEGER PRIMARY KEY, run_key TEXT NOT NULL UNIQUE, started TEXT NOT NULL,
    pyspeed TEXT, fingerprint TEXT, cpu TEXT, commit_id TEXT, dirty INTEGER, command TEXT,
    divisor TEXT);
CREATE TABLE results (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    case_key TEXT NOT NULL, algorithm TEXT NOT NULL, operation TEXT, family TEXT,
    size INTEGER, engine TEXT NOT NULL, served_by TEXT, modelled INTEGER, unit TEXT,
    median REAL, ci_low REAL, ci_high REAL, repeats INTEGER, cpu_per_op REAL,
    PRIMARY KEY (run_id, case_key, engine));
CREATE INDEX results_case ON results (case_key COLLATE NOCASE, engine);
CREATE INDEX results_algorithm ON results (algorithm COLLATE NOCASE);
PRAGMA user_version = 1;
"""


def hist(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    rc = history_main(list(argv), out, err)
    return rc, out.getvalue(), err.getvalue()


def _v1_file(path: Path, doc: dict) -> None:  # type: ignore[type-arg]
    """A version 1 history holding `doc`, as that version's append stored it."""
    run = as_run(doc)
    with sqlite3.connect(path) as con:
        con.executescript(V1_SCHEMA)
        cur = con.execute("INSERT INTO runs (run_key, started, pyspeed, fingerprint, cpu, "
                          "commit_id, dirty, command, divisor) VALUES (?,?,?,?,?,?,?,?,?)",
                          ("v1-run", run.started, "0.1.0", run.machine_info["fingerprint"],
                           run.machine_info["cpu"], run.commit_info["id"], 0,  # type: ignore[index]
                           json.dumps(run.command), "wall"))
        con.executemany("INSERT INTO results VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", [
            (cur.lastrowid, r.case, r.algorithm, r.operation, r.family, r.size, r.engine,
             r.served_by, int(r.modelled), r.unit, r.median, r.ci_low, r.ci_high, r.n,
             r.cpu_per_op) for r in run_stats(run)])


def _version(path: Path) -> tuple[int, list[str]]:
    with sqlite3.connect(path) as con:
        tables = sorted(r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"))
        return con.execute("PRAGMA user_version").fetchone()[0], tables


def test_a_version_1_file_is_read_then_upgraded(make_doc, tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite"
    _v1_file(db, make_doc({("rsa2048/sign", "software"): [100, 100, 100]},
                          started="2025-06-01T00:00:00+00:00", commit="1" * 40))
    before = db.read_bytes()
    rc, out, err = hist("--db", str(db), "--format", "json", "rsa2048")
    assert rc == 0 and err == ""
    (old,) = json.loads(out)
    assert (old["median"], old["machine"], old["branch"]) == (100, None, None)
    assert db.read_bytes() == before and _version(db)[0] == 1  # reading changes nothing
    rc, _, err = hist("--db", str(db), "--branch", "main", "rsa2048")
    assert rc == 3 and "on branch main" in err  # version 1 recorded no branch

    new = make_doc({("rsa2048/sign", "software"): [90, 90, 90]},
                   started="2026-06-01T00:00:00+00:00", commit="2" * 40)
    new["commit_info"]["branch"] = "main"
    new["machine_info"]["label"] = "ci-box"
    assert history.append(as_run(new), str(db)) == 1  # the writer upgrades
    assert _version(db) == (SCHEMA_VERSION, ["pyspeed_schema", "results", "runs"])
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("SELECT version FROM pyspeed_schema").fetchall() == [(2,)]
    points = history.query(["rsa2048"], str(db))
    assert [(p.median, p.branch, p.machine) for p in points] == [
        (100, None, None), (90, "main", "ci-box")]
    assert points[1].change == -10.0 and not points[1].new_machine  # same fingerprint
    assert [p.median for p in history.query([], str(db), branch="main")] == [90]
    assert [p.median for p in history.query([], str(db), machine="ci-box")] == [90]
    assert history.append(as_run(new), str(db)) == 0  # and stays usable


def test_files_that_are_not_a_history_are_refused(make_doc, tmp_path: Path) -> None:
    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as con:
        con.execute("CREATE TABLE other (x)")
    before = foreign.read_bytes()
    doc = as_run(make_doc({("rsa2048/sign", "software"): [1]}))
    err = io.StringIO()
    assert history.record(doc, err, str(foreign))  # spooled, not written into it
    assert "not a pyspeed history database" in err.getvalue()
    assert foreign.read_bytes() == before and _version(foreign) == (0, ["other"])


def test_the_same_run_imported_twice_is_stored_once(store: str, make_doc,
                                                    tmp_path: Path) -> None:
    run_file = tmp_path / "run.json"
    save(make_doc({("ecdhp256/derive", "software"): [100, 110]}), str(run_file))
    rc, _, err = hist("--db", store, "--import", str(run_file), "--import", str(run_file))
    assert rc == 0 and err.splitlines()[:2] == [f"pyspeed history: {run_file}: 1 result(s) added",
                                                f"pyspeed history: {run_file}: already recorded"]
    rc, _, _ = hist("--db", store, "--import", str(run_file))
    assert rc == 0
    assert len(history.query(["ecdhp256"], store)) == 1


def test_commit_range(store: str, make_doc) -> None:
    for i, commit in enumerate(("aaaa1111", "bbbb2222", "cccc3333", "dddd4444")):
        history.append(as_run(make_doc({("rsa2048/sign", "software"): [100 + i]},
                                       started=f"2026-01-0{i + 1}T00:00:00+00:00",
                                       commit=commit * 5)), store)
    between = history.query(["rsa2048"], store, since_commit="bbbb", until_commit="cccc3333")
    assert [p.median for p in between] == [101, 102]
    assert [p.median for p in history.query([], store, since_commit="cccc")] == [102, 103]
    assert [p.median for p in history.query([], store, until_commit="BBBB")] == [100, 101]
    rc, _, err = hist("--db", store, "--since-commit", "eeee", "rsa2048")
    assert rc == 3 and "no run at commit eeee" in err
    rc, _, err = hist("--db", store, "--since-commit", "xyz!", "rsa2048")
    assert rc == 1 and err.startswith("history: --since-commit wants a commit id")
