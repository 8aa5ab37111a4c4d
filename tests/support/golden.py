"""Recorded real `openssl speed` outputs (tests/golden/*.txt) and helpers to read them.

The samples were captured from OpenSSL 3.0.19 and are copied verbatim from the project's
reference. Each file: `args:` line, `exit:` line, then `--- stdout` and `--- stderr`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

GOLDEN = Path(__file__).parent.parent / "golden"
HEADER_MARKER = "[version header: 5 lines, see above]"


@dataclass
class Sample:
    name: str
    args: list[str]
    exit: int
    stdout: list[str]
    stderr: list[str]

    def stdout_without_header(self) -> list[str]:
        """stdout with the 5-line version header (or the sample's marker for it) removed."""
        out = list(self.stdout)
        if HEADER_MARKER in out:
            out.remove(HEADER_MARKER)
            return out
        for i, line in enumerate(out):
            if line.startswith("version: "):
                return out[:i] + out[i + 5 :]
        return out


def load(name: str) -> Sample:
    text = (GOLDEN / f"{name}.txt").read_text()
    head, _, rest = text.partition("--- stdout\n")
    stdout, _, stderr = rest.partition("--- stderr\n")
    lines = head.splitlines()
    args = lines[0].removeprefix("args: ").split()
    return Sample(
        name=name,
        args=args,
        exit=int(lines[1].removeprefix("exit: ")),
        stdout=stdout.splitlines(),
        stderr=stderr.splitlines(),
    )


def all_names() -> list[str]:
    return sorted(p.stem for p in GOLDEN.glob("*.txt"))


_NUMBER = re.compile(r"\d+(?:\.\d+)?|inf")


def mask(lines: list[str]) -> list[str]:
    """Numbers become N and runs of spaces one space: what is left is the structure."""
    return [re.sub(r" +", " ", _NUMBER.sub("N", line)).rstrip() for line in lines]
