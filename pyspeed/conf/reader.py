"""Where the lines come from: the main file, included files, included directories.

OpenSSL reads configuration through a stack of open files and at most one open
directory, and several observable behaviours follow from exactly how (reference 3.7):

* a file is read in `fgets` chunks of at most 510 bytes (a NUL byte ends a chunk's
  text; a chunk that is empty *at its first byte* counts as the end of the file);
* a directory include walks the directory in readdir order (`os.listdir` keeps it),
  taking names ending in `.cnf`/`.conf` (case-insensitive, longer than the suffix);
* only one directory can be open: a directory include met while one is being read
  is skipped (`recursive directory include`, not fatal);
* when any file ends while a directory is open, the next file of the directory
  replaces it; only when the directory is exhausted does the parent resume.  So a
  file included from a directory's file is followed by the *rest of the directory*,
  then by the rest of the file that included it (an OpenSSL quirk, kept);
* a missing or unreadable include is skipped, leaving an error on the queue.

`Reader` reproduces that state machine; the parser drives it.  File contents are
read whole when a file is opened (OpenSSL reads lazily; the difference is invisible
unless files change during the load).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass

#: `fgets(p, CONFBUFSIZE - 1)` with CONFBUFSIZE 512 reads at most 510 bytes.
CHUNK = 510

#: A file included from an included file from ... is nested this deep at most.
#: OpenSSL has no limit of its own (it stops when fopen runs out of descriptors);
#: a self-including file would otherwise recurse until memory runs out here.
MAX_DEPTH = 256


@dataclass
class Source:
    """One open file: its latin-1 held bytes, read position and physical line count."""

    name: str
    data: str
    pos: int = 0
    line: int = 0


@dataclass(frozen=True)
class Skipped:
    """A non-fatal include problem (OpenSSL leaves it on the error queue)."""

    reason: str
    value: str


def display(path: bytes) -> str:
    """A path as text for messages and `ConfigError.file`."""
    return os.fsdecode(path)


def open_source(path: bytes) -> Source:
    """Open a file the way `BIO_new_file` + `fgets` would see it; OSError if it cannot be.

    A directory opens fine and reads as empty (glibc `fopen` of a directory succeeds
    and the first read fails).
    """
    try:
        with open(path, "rb") as f:
            data = f.read()
    except IsADirectoryError:
        data = b""
    return Source(display(path), data.decode("latin-1"))


def read_source(path: bytes) -> Source | None:
    """`open_source`, with None for a file that cannot be opened."""
    try:
        return open_source(path)
    except (OSError, ValueError):
        return None


def _wanted(name: str) -> bool:
    low = name.lower()
    return (len(name) > 5 and low.endswith(".conf")) or (len(name) > 4 and low.endswith(".cnf"))


class Reader:
    """The stack of open sources plus the (single) open directory."""

    def __init__(self, main: Source) -> None:
        self.cur = main
        self._stack: list[Source] = []
        self._dir: Iterator[bytes] | None = None
        self._dirpath = b""

    def gets(self) -> str:
        """The next chunk of the current source, `fgets`-style ("" at its end)."""
        src = self.cur
        data, pos = src.data, src.pos
        if pos >= len(data):
            return ""
        limit = min(pos + CHUNK, len(data))
        nl = data.find("\n", pos, limit)
        end = limit if nl < 0 else nl + 1
        src.pos = end
        return data[pos:end]

    def advance(self) -> bool:
        """Leave the current source: next directory file, else the parent; False at the end."""
        if self._dir is not None:
            nxt = self._next_dir_file()
            if nxt is not None:
                self.cur = nxt
                return True
        if self._stack:
            self.cur = self._stack.pop()
            return True
        return False

    def include(self, path: bytes) -> Skipped | None:
        """Start reading `path` (file or directory) before the rest of the current source."""
        if len(self._stack) >= MAX_DEPTH:
            return Skipped("too many nested includes", display(path))
        try:
            st = os.stat(path)
        except (OSError, ValueError) as exc:
            errno = getattr(exc, "errno", None)
            return Skipped(f"system error {errno}", f"calling stat({display(path)})")
        nxt: Source | None
        if stat.S_ISDIR(st.st_mode):
            if self._dir is not None:
                return Skipped("recursive directory include", display(path))
            try:
                names = os.listdir(path)
            except OSError:
                names = []
            self._dir = iter(names)
            self._dirpath = path
            nxt = self._next_dir_file()
        else:
            nxt = read_source(path)
            if nxt is None:
                return Skipped("system error", f"calling fopen({display(path)}, r)")
        if nxt is None:
            return None
        self._stack.append(self.cur)
        self.cur = nxt
        return None

    def _next_dir_file(self) -> Source | None:
        assert self._dir is not None
        for name in self._dir:
            if not _wanted(name.decode("latin-1")):
                continue
            src = read_source(self._dirpath + b"/" + name)
            if src is not None:
                return src
        self._dir = None
        return None
