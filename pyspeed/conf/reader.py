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

# pyspeed's bounds on one load (README, "Configuration"). OpenSSL has none of its own: it
# reads /dev/zero until memory runs out, blocks on a FIFO, and follows an include loop
# until it runs out of file descriptors. Reaching one is a one-line error naming it.
MAX_DEPTH = 64  # includes nested in includes
MAX_FILES = 1024  # files one load reads: the main file and every included one
MAX_FILE_BYTES = 4 << 20  # one file
MAX_TOTAL_BYTES = 16 << 20  # all the files of one load


class LimitError(Exception):
    """A bound of the load was reached, or a path is not something a config can be."""

    def __init__(self, reason: str, value: str) -> None:
        super().__init__(f"{reason} ({value})")
        self.reason = reason
        self.value = value


@dataclass
class Source:
    """One open file: its latin-1 held bytes, read position and physical line count."""

    name: str
    data: str
    pos: int = 0
    line: int = 0
    real: str = ""  # the resolved path, to recognise a file that includes itself


@dataclass(frozen=True)
class Skipped:
    """A non-fatal include problem (OpenSSL leaves it on the error queue)."""

    reason: str
    value: str


def display(path: bytes) -> str:
    """A path as text for messages and `ConfigError.file`."""
    return os.fsdecode(path)


def open_source(path: bytes, budget: int = MAX_FILE_BYTES) -> Source:
    """Open a file the way `BIO_new_file` + `fgets` would see it; OSError if it cannot be,
    LimitError if it is not a regular file or holds more than `budget` bytes.

    A directory opens fine and reads as empty (glibc `fopen` of a directory succeeds
    and the first read fails).
    """
    st = os.stat(path)
    if stat.S_ISDIR(st.st_mode):
        data = b""
    elif not stat.S_ISREG(st.st_mode):
        raise LimitError("not a regular file or directory", display(path))
    else:
        limit = min(budget, MAX_FILE_BYTES)
        with open(path, "rb") as f:
            data = f.read(limit + 1)
        if len(data) > limit:
            what = (f"file larger than {MAX_FILE_BYTES} bytes" if limit == MAX_FILE_BYTES
                    else f"configuration larger than {MAX_TOTAL_BYTES} bytes in all")
            raise LimitError(what, display(path))
    return Source(display(path), data.decode("latin-1"), real=display(os.path.realpath(path)))


def read_source(path: bytes, budget: int = MAX_FILE_BYTES) -> Source | None:
    """`open_source`, with None for a file that cannot be opened (LimitError passes)."""
    try:
        return open_source(path, budget)
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
        self.files = 1
        self.total = len(main.data)

    def _read(self, path: bytes) -> Source | None:
        """An included file, counted against the load's bounds."""
        self.files += 1
        if self.files > MAX_FILES:
            raise LimitError(f"more than {MAX_FILES} files in one configuration", display(path))
        src = read_source(path, MAX_TOTAL_BYTES - self.total)
        if src is not None:
            self.total += len(src.data)
        return src

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
        try:
            real = display(os.path.realpath(path))
        except (OSError, ValueError):
            real = ""
        if real and real in {s.real for s in (*self._stack, self.cur)}:
            raise LimitError("include loop: the file is already being read", display(path))
        if len(self._stack) >= MAX_DEPTH:
            raise LimitError(f"includes nested deeper than {MAX_DEPTH} levels", display(path))
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
            nxt = self._read(path)
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
            src = self._read(self._dirpath + b"/" + name)
            if src is not None:
                return src
        self._dir = None
        return None
