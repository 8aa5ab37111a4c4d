"""What a command keeps of a run: `--save` (and the history store that comes with it) and
`--benchmark-json`.

A run that did not complete (interrupted, or a -multi worker failed) never replaces a
file with less: its document (marked `"complete": false`) is written beside the file
asked for, as FILE.partial, and it is not added to the history. A write that fails is
one line naming the file; the caller exits non-zero (errors.EXIT_WRITE_FAILED).
"""

from __future__ import annotations

from typing import TextIO

from pyspeed.model import Run

PARTIAL_SUFFIX = ".partial"


def keep(run: Run, save: str | None, benchmark_json: str | None, err: TextIO) -> bool:
    """Write what was asked; False if any write failed (each failure is reported)."""
    ok = True
    for path, what in ((save, "results"), (benchmark_json, "pytest-benchmark")):
        if not path:
            continue  # nothing to write: nothing imported (the schema costs ~0.15 s)
        if path is save:
            from pyspeed.results.document import save as write
        else:
            from pyspeed.views.benchjson import write_benchmark_json as write
        target = path if run.complete else path + PARTIAL_SUFFIX
        try:
            write(run, target)
        except OSError as exc:
            err.write(f"pyspeed: cannot write {what} to {target}: {exc.strerror or exc}\n")
            ok = False
            continue
        if not run.complete:
            err.write(f"pyspeed: the run did not complete; its {what} went to {target} "
                      f"({path} is unchanged)\n")
        elif path is save:
            from pyspeed.results.history_store import record

            record(run, err)
    return ok
