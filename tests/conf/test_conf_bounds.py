"""pyspeed's bounds on reading a configuration: what is not a file, what is too big, too
deep, too many or expands too far is one line naming the limit, quickly and within a
memory bound."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from pyspeed.conf import ConfigError, load
from pyspeed.conf.parser import MAX_EXPANDED
from pyspeed.conf.reader import MAX_DEPTH, MAX_FILE_BYTES, MAX_FILES

ROOT = Path(__file__).resolve().parents[2]


def _error(path: Path) -> str:
    with pytest.raises(ConfigError) as info:
        load(path)
    assert "\n" not in str(info.value)
    return str(info.value)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_including_a_device_is_refused(tmp_path: Path, device: str) -> None:
    conf = tmp_path / "a.cnf"
    conf.write_text(f"a = 1\n.include {device}\n")
    assert _error(conf) == f"{conf}:2: not a regular file or directory ({device})"


def test_a_device_or_fifo_as_the_config_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.cnf"
    os.mkfifo(fifo)  # nobody writes it: reading would block for ever
    assert _error(fifo) == f"{fifo}: not a regular file or directory"
    with pytest.raises(ConfigError, match="not a regular file"):
        load("/dev/zero")


def test_an_oversized_file(tmp_path: Path) -> None:
    big = tmp_path / "big.cnf"
    big.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    assert _error(big) == f"{big}: file larger than {MAX_FILE_BYTES} bytes"


def test_a_file_that_includes_itself_twice_ends_at_once(tmp_path: Path) -> None:
    conf = tmp_path / "twice.cnf"
    conf.write_text(f".include {conf}\n.include {conf}\n")
    assert _error(conf) == f"{conf}:1: include loop: the file is already being read ({conf})"


def test_a_deep_acyclic_chain_names_the_depth_limit(tmp_path: Path) -> None:
    for i in range(300):
        (tmp_path / f"c{i}.cnf").write_text(f"v{i} = {i}\n.include {tmp_path / f'c{i + 1}.cnf'}\n")
    (tmp_path / "c300.cnf").write_text("end = 1\n")
    message = _error(tmp_path / "c0.cnf")
    assert f"includes nested deeper than {MAX_DEPTH} levels" in message
    assert "loop" not in message


def test_too_many_files(tmp_path: Path) -> None:
    parts = tmp_path / "parts"
    parts.mkdir()
    for i in range(MAX_FILES + 1):
        (parts / f"p{i}.cnf").write_text(f"k{i} = {i}\n")
    conf = tmp_path / "main.cnf"
    conf.write_text(f".include {parts}\n")
    assert f"more than {MAX_FILES} files in one configuration" in _error(conf)


def test_an_expansion_bomb_stops_within_a_memory_bound(tmp_path: Path) -> None:
    """64 KiB values referring to each other: a small file that would expand to gigabytes.
    In a subprocess limited to 1 GiB of address space it is one line, exit 2."""
    lines = ["a = " + "x" * 60000]
    lines += [f"v{i} = $a" for i in range(3000)]  # ~180 MB if nothing stopped it
    bomb = tmp_path / "bomb.cnf"
    bomb.write_text("\n".join(lines) + "\n")
    assert bomb.stat().st_size < 100_000

    def bound() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "pyspeed", "config", "dump", str(bomb)],
                          capture_output=True, text=True, timeout=60, env=env,
                          preexec_fn=bound, check=False)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.splitlines() == [
        f"pyspeed: {bomb}:{MAX_EXPANDED // 60000 + 1}: values expand to more than "
        f"{MAX_EXPANDED} bytes in all"]
