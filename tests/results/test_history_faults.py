"""When the history cannot be used: a server that is down or refuses the credentials is
one line naming the host and the cause, and the run waits in the spool until an append
works; a newer schema is exit 2; a damaged row is named once and skipped."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest

from pyspeed.commands.compare import compare_main
from pyspeed.commands.history import history_main
from pyspeed.results import history
from pyspeed.results.document import save

from support.documents import as_run
from support.postgres import PASSWORD, Server
from support.runs import run_speed


def hist(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    rc = history_main(list(argv), out, err)
    return rc, out.getvalue(), err.getvalue()


def spooled() -> list[Path]:
    return sorted(Path(history.location.data_home(), "pyspeed", "spool").rglob("*.json"))


def _speed(argv: list[str]) -> tuple[int, str]:
    """Its status and pyspeed's own lines on stderr (not openssl's `Doing ...`)."""
    err = io.StringIO()
    rc = run_speed([*argv, "-bytes", "64", "sha1"], io.StringIO(), err)
    return rc, "".join(ln for ln in err.getvalue().splitlines(True) if not ln.startswith("Doing"))


def test_server_down_spools_and_the_next_append_uploads(postgres_server: Server,
                                                        tmp_path: Path) -> None:
    url = postgres_server.database()
    assert _speed(["--history", url])[0] == 0  # the store exists and works
    postgres_server.stop()
    try:
        for name in ("a.json", "b.json"):
            rc, err = _speed(["--history", url, "--save", str(tmp_path / name)])
            assert rc == 0 and (tmp_path / name).exists()  # the results file is written
            (line,) = err.splitlines()
            assert line.startswith("pyspeed: history not updated: cannot reach the history "
                                   f"at 127.0.0.1:{postgres_server.port}: ")
            assert "refused" in line.lower() and "run spooled to" in line
            assert PASSWORD not in line and "Traceback" not in err
        assert len(spooled()) == 2
        rc, out, err = hist("--db", url, "sha1")
        assert rc == 69 and out == "" and len(err.splitlines()) == 1
        assert f"127.0.0.1:{postgres_server.port}" in err
    finally:
        postgres_server.start()
    rc, err = _speed(["--history", url])  # works again: uploads what waited
    assert rc == 0 and "2 spooled run(s) uploaded" in err and spooled() == []
    assert len(history.query(["sha1"], url)) == 4
    rc, _, err = hist("--db", url, "--flush")
    shown = history.locate(url).display
    assert rc == 0 and err == f"pyspeed history: nothing spooled for {shown}\n"


def test_wrong_credentials_then_flush(postgres_server: Server, make_doc) -> None:
    good = postgres_server.database()
    bad = good.replace(PASSWORD, "wrong-password")
    run = as_run(make_doc({("rsa2048/sign", "software"): [7, 8, 9]}))
    err = io.StringIO()
    assert history.record(run, err, bad)  # kept: spooled
    (line,) = err.getvalue().splitlines()
    assert f"at 127.0.0.1:{postgres_server.port}: " in line
    assert "password authentication failed" in line and "wrong-password" not in line
    rc, _, err_text = hist("--db", bad, "--flush")
    assert rc == 69 and len(err_text.splitlines()) == 1 and len(spooled()) == 1
    rc, _, err_text = hist("--db", good, "--flush")  # the same store, the right password
    assert rc == 0 and "1 spooled run(s) uploaded" in err_text and spooled() == []
    assert [p.median for p in history.query(["rsa2048"], good)] == [8]
    rc, _, err_text = hist("--db", good, "--flush")  # uploaded once, never twice
    assert rc == 0 and "nothing spooled" in err_text


def test_unknown_host_and_bad_locations(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PYSPEED_HISTORY", "postgresql://u:pw@127.0.0.1:1/db")
    rc, out, err = hist("sha1")
    assert rc == 69 and out == "" and err.startswith(
        "pyspeed: cannot reach the history at 127.0.0.1:1: ") and "pw" not in err
    assert list(tmp_path.iterdir()) == []  # never taken for a path: no `postgresql:` folder
    rc, _, err = hist("--db", "postgresql://u:pw@host.invalid/db?connect_timeout=5", "sha1")
    assert rc == 69 and "host.invalid:5432" in err and len(err.splitlines()) == 1
    for url, words in (("mysql://u:pw@h/db", "unsupported history URL"),
                       ("postgresql://u:pw@h:5432", "names no database"),
                       ("postgresql://u:pw@h:99999999/db", "not a valid PostgreSQL URL")):
        rc, _, err = hist("--db", url, "sha1")
        assert rc == 2 and words in err and "pw" not in err and len(err.splitlines()) == 1
    assert history.locate("postgres://me:s3cret@db.example:6543/perf").display == \
        "postgres://me@db.example:6543/perf"


def _set_version(store: str, version: int) -> None:
    if "://" in store:
        import psycopg

        with psycopg.connect(store) as con:
            con.execute("UPDATE pyspeed_schema SET version = %s", (version,))
    else:
        with sqlite3.connect(store) as con:
            con.execute("UPDATE pyspeed_schema SET version = ?", (version,))


def test_newer_schema_is_exit_2(store: str, make_doc, tmp_path: Path) -> None:
    doc = make_doc({("rsa2048/sign", "software"): [5] * 5})
    history.append(as_run(doc), store)
    _set_version(store, 99)
    rc, out, err = hist("--db", store, "rsa2048")
    assert rc == 2 and out == "" and len(err.splitlines()) == 1
    assert "history schema 99 is newer than this pyspeed reads (2); upgrade pyspeed" in err
    with pytest.raises(history.HistoryError) as caught:
        history.append(as_run({**doc, "run_id": "another"}), store)
    assert caught.value.exit_code == 2
    new = tmp_path / "new.json"
    save(doc, str(new))
    err_io = io.StringIO()
    rc = compare_main(["--base-from-history", "main", "--db", store, str(new)],
                      io.StringIO(), err_io)
    assert rc == 2 and "newer than this pyspeed" in err_io.getvalue()
    rc, err = _speed(["--history", store])  # a run is never lost to it: spooled
    assert rc == 0 and "newer than this pyspeed" in err and len(spooled()) == 1


def _damage(store: str) -> None:
    """One result row that no writer makes: a rate that is not a number."""
    if "://" in store:
        import psycopg

        with psycopg.connect(store) as con:
            con.execute("UPDATE results SET median = 'NaN' WHERE case_key = 'rsa2048/verify'"
                        " AND run_id = (SELECT min(id) FROM runs)")
    else:
        with sqlite3.connect(store) as con:
            con.execute("UPDATE results SET median = 'garbage' WHERE case_key = "
                        "'rsa2048/verify' AND run_id = (SELECT min(id) FROM runs)")


def test_a_damaged_row_is_named_and_skipped(store: str, make_doc) -> None:
    for day in (1, 2, 3):
        history.append(as_run(make_doc(
            {("rsa2048/sign", "software"): [100 * day] * 3,
             ("rsa2048/verify", "software"): [1000 * day] * 3},
            started=f"2026-01-0{day}T00:00:00+00:00")), store)
    _damage(store)
    rc, out, err = hist("--db", store, "--format", "csv", "rsa2048")
    assert rc == 0 and len(out.splitlines()) == 1 + 5  # header and the five good rows
    (line,) = err.splitlines()
    assert line.startswith("pyspeed history: skipped 1 damaged row(s) in ")
    assert "rsa2048/verify on software: median is not a rate" in line


def test_a_damaged_spooled_file_is_set_aside(tmp_path: Path, make_doc) -> None:
    store = str(tmp_path / "h.sqlite")
    blocked = str(tmp_path / "file" / "h.sqlite")
    (tmp_path / "file").write_text("")  # a file where the folder should be: append fails
    err = io.StringIO()
    for i in range(2):
        run = as_run({**make_doc({("rsa2048/sign", "software"): [10 + i]}), "run_id": f"r{i}"})
        assert history.record(run, err, blocked)
    first, _ = spooled()
    first.write_text("{")  # torn
    (tmp_path / "file").unlink()
    err = io.StringIO()
    assert history.flush(blocked, err) == 1
    lines = err.getvalue().splitlines()
    assert lines[0].startswith(f"pyspeed history: spooled run set aside as {first}.damaged: ")
    assert lines[1] == f"pyspeed history: 1 spooled run(s) uploaded to {blocked}"
    assert spooled() == [] and Path(f"{first}.damaged").exists()
    assert len(history.query(["rsa2048"], blocked)) == 1
    assert not Path(store).exists()  # only the store the runs were spooled for
