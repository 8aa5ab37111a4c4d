"""Writing a file so that readers never see less than a whole one.

A regular file (or a new one) is written to a temporary file in the same directory,
flushed to disk and renamed over the target: a crash or Ctrl-C leaves the old file or
the complete new one, never a torn one. A symbolic link is followed and the file it
names is replaced the same way (the link stays a link). Anything else that exists at
the path (a device such as /dev/stdout or /dev/null, a FIFO) is written through, as
`open(path, "w")` would: it cannot be replaced, and the user named it on purpose.

A new file gets the mode any other new file would (0666 less the umask); a replaced
file keeps its mode.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
from typing import IO


def write_atomically(path: str, write: Callable[[IO[bytes]], None]) -> None:
    """Write `path` with `write(binary file)`; OSError if it cannot be written (nothing
    is left behind then, and an existing file is untouched)."""
    target = os.path.realpath(path)
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        with open(target, "wb") as fh:  # a device or a FIFO: write through
            write(fh)
        return
    mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=".pyspeed-", suffix=".tmp",
                               dir=os.path.dirname(target))
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    """The process umask (reading it means setting it; it is set back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
