"""Saved files: what is at the path decides how it is written (issue: data safety)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from pyspeed.model import Run
from pyspeed.results.document import load, save


def _doc() -> Run:
    return Run(started="2026-11-01T00:00:00+00:00", run_id="r1", pyspeed="test")


def test_a_symlink_stays_a_link_and_its_file_is_replaced(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere" / "run.json"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "run.json"
    link.symlink_to(real)
    save(_doc(), str(link))
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert load(str(real)).run_id == "r1"
    assert sorted(os.listdir(real.parent)) == ["run.json"]  # no temporary file left


def test_a_device_is_written_through_not_replaced(tmp_path: Path) -> None:
    save(_doc(), "/dev/null")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_fifo_is_written_through(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        save(_doc(), str(fifo))
        data = os.read(reader, 1 << 16)
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and json.loads(data)["run_id"] == "r1"


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_a_new_file_gets_the_umask_mode(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        save(_doc(), str(tmp_path / "run.json"))
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "run.json").st_mode) == 0o666 & ~umask


def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    path.write_text("old")
    path.chmod(0o640)
    save(_doc(), str(path))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640 and load(str(path)).run_id == "r1"
