"""The TTY progress line: shown only on a terminal, and erased so openssl's lines stay whole."""

from __future__ import annotations

import io
import re

from support.runs import run_speed


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run(err: io.StringIO, *args: str) -> str:
    assert run_speed(["-bytes", "64", *args], io.StringIO(), err, seconds=0.02) == 0
    return err.getvalue()


def test_status_lines_on_a_tty_then_openssl_lines_whole() -> None:
    raw = _run(Tty(), "sha1", "md5")
    status = r"\[(\d)/(\d)\] (\S+) \(0\.02s\) · \d+:\d\d elapsed · about \d+:\d\d left"
    statuses = re.findall(status, raw)
    assert [s[:3] for s in statuses] == [("1", "2", "md5/64"), ("2", "2", "sha1/64")]
    # what remains on screen once each status line is erased: exactly openssl's lines
    screen = [line.rsplit("\r\x1b[K", 1)[-1] for line in raw.split("\n") if line]
    assert [re.sub(r"\d+", "N", line) for line in screen] == [
        "Doing mdN for Ns on N size blocks: N mdN's in N.Ns",
        "Doing shaN for Ns on N size blocks: N shaN's in N.Ns",
    ]


def test_nothing_extra_off_a_tty_or_with_mr() -> None:
    assert "\x1b" not in _run(io.StringIO(), "sha1")
    assert "\x1b" not in _run(Tty(), "-mr", "sha1")
