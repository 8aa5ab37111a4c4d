"""The history store: `--save` appends, `pyspeed history WORD` shows the trend; the same
tests on both backends (`store`: a SQLite path, or a database of a throwaway PostgreSQL
server, tests/support/postgres.py)."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest

from pyspeed.commands.history import history_main
from pyspeed.results import history as history_store

from support.documents import as_run


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    rc = history_main(list(argv), out, err)
    return rc, out.getvalue(), err.getvalue()


def test_default_path_follows_xdg_and_override(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv("PYSPEED_HISTORY", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert history_store.default_path() == str(tmp_path / "data" / "pyspeed" / "history.sqlite")
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert history_store.default_path() == str(tmp_path / ".local/share/pyspeed/history.sqlite")
    monkeypatch.setenv("PYSPEED_HISTORY", str(tmp_path / "h.db"))
    assert history_store.default_path() == str(tmp_path / "h.db")
    assert not history_store.appending_disabled()
    monkeypatch.setenv("PYSPEED_HISTORY", "off")
    assert history_store.appending_disabled()


def test_trend_per_case_and_engine(make_doc, store: str) -> None:
    db = store  # SQLite: the directory is made on first append
    runs = [
        ("2026-01-01T10:00:00+00:00", "1" * 40, "m1", 1000, 5000),
        ("2026-01-02T10:00:00+00:00", "2" * 40, "m1", 900, 5000),
        ("2026-01-03T10:00:00+00:00", "3" * 40, "m2", 2000, 9000),  # another machine
    ]
    for started, commit, fp, sign, verify in runs:
        doc = make_doc(
            {
                ("rsa2048/sign", "software"): [sign, sign, sign],
                ("rsa2048/verify", "software"): [verify, verify, verify],
                ("sha256/1024", "software"): [10, 10, 10],
            },
            started=started,
            commit=commit,
            fingerprint=fp * 8,
        )
        assert history_store.append(as_run(doc), db) == 3
    assert history_store.append(as_run(doc), db) == 0  # the same run twice is stored once

    points = history_store.query(["rsa2048"], db)
    assert [(p.case, p.median) for p in points] == [
        ("rsa2048/sign", 1000),
        ("rsa2048/sign", 900),
        ("rsa2048/sign", 2000),
        ("rsa2048/verify", 5000),
        ("rsa2048/verify", 5000),
        ("rsa2048/verify", 9000),
    ]
    sign = points[:3]
    assert sign[0].change is None and not sign[0].new_machine
    assert sign[1].change == pytest.approx(-10.0)
    assert sign[2].change is None and sign[2].new_machine  # not a trend across machines
    assert sign[0].overlap is None and sign[1].overlap is False  # [900, 900] vs [1000, 1000]
    verify = points[3:]
    assert verify[1].change == 0 and verify[1].overlap is True
    assert all(p.modelled is False for p in points)
    assert sign[1].commit == "2" * 40 and sign[1].repeats == 3 and sign[1].unit == "ops/s"
    # a case key, a family, an engine filter, the last N
    assert {p.case for p in history_store.query(["rsa2048/verify"], db)} == {"rsa2048/verify"}
    assert len(history_store.query(["rsa"], db)) == 6
    assert len(history_store.query(["sha256"], db, last=1)) == 1
    with pytest.raises(history_store.NoHistory):
        history_store.query(["rsa2048"], db, engine="qat")

    rc, out, err = run("--db", db, "rsa2048/sign")
    assert rc == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == [
        "time",
        "(UTC)",
        "commit",
        "machine",
        "case",
        "engine",
        "median",
        "±95%",
        "change",
    ]
    assert "2026-01-02 10:00" in lines[3] and "2222222222" in lines[3] and "-10.0%" in lines[3]
    assert "new machine" in lines[4] and "2,000.0/s" in lines[4]

    rc, out, _ = run("--db", db, "--format", "json", "--engine", "software", "rsa2048/sign")
    data = json.loads(out)
    assert rc == 0 and [d["median"] for d in data] == [1000, 900, 2000]
    rc, out, _ = run("--db", db, "--format", "csv", "sha256")
    assert rc == 0 and out.splitlines()[0].startswith("started,commit,")
    assert len(out.splitlines()) == 4 and "bytes/s" in out


def test_unmatched_is_exit_3(make_doc, store: str) -> None:
    rc, out, err = run("--db", store, "rsa2048")
    assert rc == 3 and out == "" and len(err.splitlines()) == 1 and "no history yet" in err
    history_store.append(as_run(make_doc({("rsa2048/sign", "software"): [1]})), store)
    rc, _, err = run("--db", store, "ecdhp256")
    shown = history_store.locate(store).display
    assert rc == 3 and err == f"pyspeed history: no history for ecdhp256 in {shown}\n"
    assert "secret" not in err  # the password is never printed


def test_missing_empty_and_unmatched_are_exit_3(make_doc, tmp_path: Path) -> None:
    missing = tmp_path / "none.sqlite"
    rc, out, err = run("--db", str(missing), "rsa2048")
    assert rc == 3 and out == "" and len(err.splitlines()) == 1 and "no history yet" in err
    assert not missing.exists()  # reading never creates the store
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    rc, _, err = run("--db", str(empty), "rsa2048")
    assert rc == 3 and "no history yet" in err
    db = str(tmp_path / "h.sqlite")
    history_store.append(as_run(make_doc({("rsa2048/sign", "software"): [1]})), db)
    rc, _, err = run("--db", db, "ecdhp256")
    assert rc == 3 and err == f"pyspeed history: no history for ecdhp256 in {db}\n"


def test_damaged_foreign_or_newer_db_is_exit_2(make_doc, tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"this is not a database at all" * 100)
    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as con:
        con.execute("CREATE TABLE other (x)")
    newer = tmp_path / "newer.sqlite"
    history_store.append(as_run(make_doc({("rsa2048/sign", "software"): [1]})), str(newer))
    with sqlite3.connect(newer) as con:
        con.execute("PRAGMA user_version = 99")
    for path, words in (
        (garbage, "not a readable history database"),
        (foreign, "not a pyspeed history database"),
        (newer, "newer than this pyspeed"),
    ):
        rc, out, err = run("--db", str(path), "rsa2048")
        assert rc == 2 and out == "" and len(err.splitlines()) == 1 and words in err, err
        with pytest.raises(history_store.HistoryError):
            history_store.append(as_run(make_doc({("rsa2048/sign", "software"): [1]})), str(path))


def test_usage_errors_are_exit_1(tmp_path: Path) -> None:
    for argv in (["--format", "xml", "rsa"], ["--bogus"], ["--last", "0", "rsa"], ["--last", "x"]):
        rc, out, err = run("--db", str(tmp_path / "h"), *argv)
        assert rc == 1 and out == "" and len(err.splitlines()) == 1 and err.startswith("history: ")
    rc, out, _ = run("--help")
    assert rc == 0 and out.startswith("Usage: pyspeed history")


def test_import_and_record(make_doc, monkeypatch, tmp_path: Path, store: str) -> None:
    from pyspeed.results.document import save

    run_file = tmp_path / "run.json"
    save(make_doc({("ecdhp256/derive", "software"): [100, 110]}), str(run_file))
    db = store
    rc, out, err = run("--db", db, "--import", str(run_file), "ecdhp256")
    assert rc == 0 and "ecdhp256/derive" in out and "1 result(s) added" in err
    rc, _, err = run("--db", db, "--import", str(run_file), "ecdhp256")
    assert rc == 0 and "already recorded" in err
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    rc, _, err = run("--db", db, "--import", str(bad))
    assert rc == 2 and "not a complete JSON document" in err

    # --save's companion: honours PYSPEED_HISTORY, never fails the run
    doc = as_run(make_doc({("rsa2048/sign", "software"): [5]},
                          started="2026-02-01T00:00:00+00:00"))
    monkeypatch.setenv("PYSPEED_HISTORY", "off")
    err_io = io.StringIO()
    history_store.record(doc, err_io)
    assert err_io.getvalue() == ""
    monkeypatch.setenv("PYSPEED_HISTORY", db)
    history_store.record(doc, err_io)
    assert [p.median for p in history_store.query(["rsa2048"])] == [5]
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert history_store.record(doc, err_io, str(blocker / "h.sqlite"))  # spooled
    assert err_io.getvalue().startswith("pyspeed: history not updated: ")
    assert len(err_io.getvalue().splitlines()) == 1 and "run spooled to" in err_io.getvalue()


def test_real_run_round_trip(tmp_path: Path, store: str) -> None:
    from pyspeed.results.document import load

    from support.runs import run_speed

    save = str(tmp_path / "run.json")
    rc = run_speed(
        ["-elapsed", "--repeat", "2", "--save", save, "--format", "csv", "rsa2048"],
        io.StringIO(),
        io.StringIO(),
        seconds=0.02,
    )
    assert rc == 0
    db = store
    assert history_store.append(load(save), db) == 2
    rc, out, _ = run("--db", db, "rsa2048")
    assert rc == 0 and "rsa2048/sign" in out and "rsa2048/verify" in out


def test_runs_are_identified_by_their_run_id(make_doc, store: str) -> None:
    """Ten runs with the same results in the same second are ten runs; one file imported
    twice is one run."""
    db = store
    doc = make_doc({("rsa2048/sign", "qat"): [5]}, started="2026-03-01T00:00:00+00:00")
    for i in range(10):
        assert history_store.append(as_run({**doc, "run_id": f"run-{i}"}), db) == 1
    assert history_store.append(as_run({**doc, "run_id": "run-3"}), db) == 0
    assert len(history_store.query(["rsa2048/sign"], db)) == 10


def test_importing_a_missing_file_is_not_a_bad_database(tmp_path: Path) -> None:
    rc, out, err = run("--db", str(tmp_path / "h.sqlite"), "--import",
                       str(tmp_path / "gone.json"), "sha1")
    assert (rc, out) == (66, "")
    assert err == f"pyspeed: {tmp_path / 'gone.json'}: no such results file\n"
