"""What a command keeps of a run: `--save` (and the history store that comes with it,
`--history` to name another) and `--benchmark-json`.

A run that did not complete (interrupted, or a -multi worker failed) never replaces a
file with less: its document (marked `"complete": false`) is written beside the file
asked for, as FILE.partial, and it is not added to the history. A write that fails is
one line naming the file; the caller exits non-zero (errors.EXIT_WRITE_FAILED).
A history that cannot be updated is a warning: the run is spooled and uploaded later
(pyspeed.results.history); only a run kept nowhere (no --save, no spool) is a failure.
"""

from __future__ import annotations

from typing import TextIO

from pyspeed.model import Run

PARTIAL_SUFFIX = ".partial"


def keep(run: Run, save: str | None, benchmark_json: str | None, err: TextIO,
         history: str | None = None) -> bool:
    """Write what was asked; False if any write failed (each failure is reported).
    `history`: the store to append to (`--history`); without it, `--save` appends to
    the default one."""
    ok, saved = True, False
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
            saved = True
            if history is None:
                from pyspeed.results.history import record

                record(run, err)
    if history is not None and run.complete:
        from pyspeed.results.history import record

        # lost only if neither stored, nor spooled, nor saved to a file
        ok = (record(run, err, history) or saved) and ok
    return ok
