"""What a run carries into the history: `--machine` (or `$PYSPEED_MACHINE`), the git
branch, and `--history` naming the store to append to (speed and sweep)."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pytest

from pyspeed.commands.sweep import sweep_main
from pyspeed.provenance import commit_info
from pyspeed.results import history
from pyspeed.results.document import load

from support.runs import run_speed


def _speed(*argv: str) -> tuple[int, str]:
    err = io.StringIO()
    rc = run_speed([*argv, "-bytes", "64", "sha1"], io.StringIO(), err)
    return rc, "".join(ln for ln in err.getvalue().splitlines(True) if not ln.startswith("Doing"))


def test_machine_label_and_history_option(tmp_path: Path, monkeypatch) -> None:
    store = str(tmp_path / "team.sqlite")
    save = tmp_path / "run.json"
    assert _speed("--machine", "ci-box-1", "--history", store, "--save", str(save)) == (0, "")
    assert load(str(save)).machine_info["label"] == "ci-box-1"
    monkeypatch.setenv("PYSPEED_MACHINE", "from-env")
    assert _speed("--history", store) == (0, "")  # no --save needed to append
    (label, env), = [[p.machine for p in history.query(["sha1"], store)]]
    assert (label, env) == ("ci-box-1", "from-env")
    # the default store was not touched: --history names the one to use
    assert not Path(history.default_path()).exists()
    out = io.StringIO()
    from pyspeed.commands.history import history_main

    assert history_main(["--db", store, "--machine", "ci-box-1", "sha1"], out, io.StringIO()) == 0
    rows = out.getvalue().splitlines()
    assert len(rows) == 2 + 1 + 2 and "ci-box-1" in rows[2]  # header, rule, one run, notes


@pytest.mark.parametrize(("argv", "message"), [
    (["--machine", ""], "speed: --machine: the label is empty"),
    (["--machine", "x" * 65], "speed: --machine: at most 64 characters"),
    (["--machine", "a\nb"], "speed: --machine: the label has control characters"),
    (["--history", " "], "speed: --history needs a file name or URL"),
    (["--history", "mysql://u:pw@h/db"], "speed: --history: mysql://u@h/db: unsupported "
     "history URL (a path, or postgresql://user:pass@host[:port]/db)"),
])
def test_bad_values_are_usage_errors(argv: list[str], message: str) -> None:
    rc, err = _speed(*argv)
    assert (rc, err) == (1, message + "\n")


def test_sweep_appends_with_its_label(tmp_path: Path) -> None:
    store = str(tmp_path / "h.sqlite")
    out, err = io.StringIO(), io.StringIO()
    rc = sweep_main(["-seconds", "1", "-bytes", "64", "--repeat", "1", "--machine", "rig",
                     "--history", store, "sha1"], out, err)
    assert rc == 0, err.getvalue()
    points = history.query(["sha1"], store)
    assert points and {p.machine for p in points} == {"rig"}


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout.strip()


def test_the_branch_is_recorded(tmp_path: Path, monkeypatch) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "perf-work")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q",
         "--allow-empty", "-m", "one")
    info = commit_info(str(repo))
    assert info is not None and info["branch"] == "perf-work" and len(info["id"]) == 40
    detached = tmp_path / "repo2"  # as CI checks out a pull request
    _git(tmp_path, "clone", "-q", str(repo), str(detached))
    _git(detached, "checkout", "-q", "--detach")
    assert commit_info(str(detached))["branch"] is None  # type: ignore[index]
    monkeypatch.setenv("GITHUB_HEAD_REF", "feature/x")
    assert commit_info(str(detached))["branch"] == "feature/x"  # type: ignore[index]
    monkeypatch.chdir(detached)
    save = tmp_path / "run.json"
    assert _speed("--save", str(save))[0] == 0
    doc = json.loads(save.read_text())
    assert doc["commit_info"]["branch"] == "feature/x" and doc["version"] == 1


def test_history_off_and_names_that_are_not_utf8(tmp_path: Path, make_doc) -> None:
    from pyspeed.results.document import save as write

    assert _speed("--history", "off") == (0, "")
    assert not (Path.cwd() / "off").exists() and not Path(history.default_path()).exists()
    odd = str(tmp_path / "h\udcff.sqlite")  # a file name that is not UTF-8
    run_file = tmp_path / "run.json"
    write(make_doc({("rsa2048/sign", "software"): [5]}), str(run_file))
    assert history.append(load(str(run_file)), odd) == 1
    assert [p.median for p in history.query(["rsa2048"], odd)] == [5]
    assert (tmp_path / b"h\xff.sqlite".decode("utf-8", "surrogateescape")).exists()
    bad = "postgresql://u:pw@127.0.0.1:1/\udcff"
    err = io.StringIO()
    from pyspeed.commands.history import history_main

    assert history_main(["--db", bad, "rsa2048"], io.StringIO(), err) == 2
    assert len(err.getvalue().splitlines()) == 1 and "pw" not in err.getvalue()
