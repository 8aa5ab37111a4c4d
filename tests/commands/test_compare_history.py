"""`pyspeed compare --base-from-history BRANCH NEW`: the baseline is the branch's latest
comparable run in the history, and the gate is exactly the one between two files."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from pyspeed.results import history
from pyspeed.results.document import load
from pyspeed.results.gate import EXIT_BAD_INPUT, EXIT_INCOMPARABLE, EXIT_REGRESSION

from support.gate_runs import compare_json, one_line, rates, run_compare, write


def _run(tmp_path: Path, name: str, rsa: float, *, branch: str, started: str,
         fingerprint: str = "f" * 16, label: str | None = None, seed: int = 1) -> str:
    def edit(doc: dict[str, Any]) -> None:
        doc["started"] = started
        doc["run_id"] = name
        doc["commit_info"] = {"id": f"{seed:x}" * 40, "dirty": False, "branch": branch}
        if label:
            doc["machine_info"]["label"] = label

    return write(tmp_path / f"{name}.json", {"rsa2048/sign": rates(rsa, 0.005, seed),
                                             "sha256/16": rates(5e8, 0.005, seed + 50)},
                 fingerprint=fingerprint, edit=edit)


def _history(store: str, *paths: str) -> None:
    for path in paths:
        history.append(load(path), store)


def test_the_branch_baseline_gates_as_the_file_does(store: str, tmp_path: Path) -> None:
    base = _run(tmp_path, "main-2", 1000, branch="main", started="2026-01-02T00:00:00+00:00")
    _history(store,
             _run(tmp_path, "main-1", 2000, branch="main", started="2026-01-01T00:00:00+00:00",
                  seed=2),
             base,
             _run(tmp_path, "other-machine", 3000, branch="main", fingerprint="e" * 16,
                  started="2026-01-03T00:00:00+00:00", seed=3),
             _run(tmp_path, "feature-old", 4000, branch="feature",
                  started="2026-01-04T00:00:00+00:00", seed=4))
    new = _run(tmp_path, "feature-new", 900, branch="feature",
               started="2026-01-05T00:00:00+00:00", seed=5)
    _history(store, new)  # its own --save appended it: it is never its own baseline
    from_file = compare_json(base, new)
    from_history = compare_json("--base-from-history", "main", "--db", store, new)
    heading = "history:main@1111111111 (2026-01-02T00:00:00+00:00)"
    assert from_history[1]["base"].pop("path") == heading
    assert from_file[1]["base"].pop("path") == base
    assert from_history == from_file and from_file[0] == EXIT_REGRESSION
    rc, out, err = run_compare("--base-from-history", "main", "--db", store, new)
    assert rc == EXIT_REGRESSION and err == ""
    assert f"base: {heading}" in out
    # the feature branch's latest other run, on this machine
    rc, doc = compare_json("--base-from-history", "feature", "--db", store, new)
    assert doc["cases"][0]["base_median"] == pytest.approx(4000)


def test_the_machine_label_picks_among_runs_of_one_fingerprint(store: str,
                                                              tmp_path: Path) -> None:
    _history(store,
             _run(tmp_path, "box-a", 1000, branch="main", label="box-a",
                  started="2026-01-02T00:00:00+00:00"),
             _run(tmp_path, "box-b", 2000, branch="main", label="box-b",
                  started="2026-01-01T00:00:00+00:00", seed=2))
    new = _run(tmp_path, "new", 2000, branch="topic", label="box-b",
               started="2026-01-05T00:00:00+00:00", seed=3)
    _, doc = compare_json("--base-from-history", "main", "--db", store, new)
    assert doc["cases"][0]["base_median"] == pytest.approx(2000)


def test_no_run_of_the_branch_is_3(store: str, tmp_path: Path) -> None:
    new = _run(tmp_path, "new", 900, branch="main", started="2026-01-05T00:00:00+00:00")
    rc, out, err = run_compare("--base-from-history", "main", "--db", store, new)
    assert (rc, out) == (EXIT_INCOMPARABLE, "") and "baseline missing" in one_line(err)
    _history(store, new)  # only the run itself: still no baseline
    rc, out, err = run_compare("--base-from-history", "main", "--db", store, new)
    assert (rc, out) == (EXIT_INCOMPARABLE, "")
    shown = history.locate(store).display
    assert one_line(err) == f"compare: baseline missing: no run of branch main in {shown}"


def test_a_damaged_stored_run_is_skipped(tmp_path: Path) -> None:
    store = str(tmp_path / "h.sqlite")
    _history(store,
             _run(tmp_path, "old", 1000, branch="main", started="2026-01-01T00:00:00+00:00"),
             _run(tmp_path, "latest", 2000, branch="main", seed=2,
                  started="2026-01-02T00:00:00+00:00"))
    with sqlite3.connect(store) as con:
        con.execute("UPDATE runs SET document = x'00ff' WHERE run_key = 'latest'")
    new = _run(tmp_path, "new", 1000, branch="topic", started="2026-01-05T00:00:00+00:00",
               seed=3)
    rc, out, err = run_compare("--base-from-history", "main", "--db", store, "--format",
                               "csv", new)
    assert rc == 0 and "rsa2048/sign" in out
    assert one_line(err).startswith("compare: skipped 1 damaged run(s) of branch main in ")
    assert "stored document damaged" in err


def test_usage(tmp_path: Path) -> None:
    new = _run(tmp_path, "new", 900, branch="main", started="2026-01-05T00:00:00+00:00")
    rc, _, err = run_compare("--base-from-history", "main", new, new)
    assert rc == EXIT_BAD_INPUT and "expected one file, NEW, got 2" in one_line(err)
    rc, _, err = run_compare("--db", str(tmp_path / "h.sqlite"), new, new)
    assert rc == EXIT_BAD_INPUT and one_line(err) == "compare: --db goes with --base-from-history"
    rc, _, err = run_compare("--base-from-history", "main", "--db",
                             str(tmp_path / "none.sqlite"), new)
    assert rc == EXIT_INCOMPARABLE and one_line(err).startswith("compare: baseline missing")
