"""What a command keeps of a run: `--save` (and the history store that comes with it) and
`--benchmark-json`. A write that fails is one line naming the file; the caller decides
the exit status."""

from __future__ import annotations

from typing import TextIO

from pyspeed.model import Run


def keep(run: Run, save: str | None, benchmark_json: str | None, err: TextIO) -> bool:
    """Write what was asked; False if any write failed (each failure is reported)."""
    ok = True
    if save:
        from pyspeed.results.document import save as save_run
        from pyspeed.results.history_store import record

        try:
            save_run(run, save)
        except OSError as exc:
            err.write(f"pyspeed: cannot save results to {save}: {exc.strerror}\n")
            ok = False
        else:
            record(run, err)
    if benchmark_json:
        from pyspeed.views.benchjson import write_benchmark_json

        try:
            write_benchmark_json(run, benchmark_json)
        except OSError as exc:
            err.write(f"pyspeed: cannot write {benchmark_json}: {exc.strerror}\n")
            ok = False
    return ok
