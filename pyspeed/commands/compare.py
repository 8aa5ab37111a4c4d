"""`pyspeed compare BASE NEW`: the CI regression gate over two saved runs (`--save`).

Usage: pyspeed compare BASE NEW [--alpha 0.01] [--threshold 5] [--threshold-for CASE=PCT ...]
       [--noise-floor PCT] [--format table|markdown|csv|json] [--force]
       pyspeed compare --base-from-history BRANCH [--db PATH|URL] [options] NEW

`--base-from-history BRANCH` takes the baseline from the history store
(pyspeed.results.history): the latest run of that branch, preferring one of the same
machine fingerprint, then the same machine label, sharing an engine and rate divisor
with NEW (NEW itself, already appended by its --save, is never its own baseline); the
gate is then exactly the one between two files.

GNU-style options (pyspeed.commands.gnu_args), before, between or after the two files
(`--opt value` or `--opt=value`; `-opt` works too; `--` ends the options). The rule is in
pyspeed.results.gate: a case is a regression only if it is significant (Mann-Whitney U,
p < alpha), slower than its threshold and above the noise floor.

Exit codes (this command's own, printed by --help):

* 0: no regression;
* 1: regression: at least one case slower beyond its threshold, or newly failing;
* 2: usage error (unknown option, bad value, unknown format, not two files), or a file
  that cannot be used: NEW missing, unreadable, truncated or hand-edited JSON, not a
  pyspeed results file, a schema newer than this pyspeed;
  With --base-from-history: a history that cannot be read, cannot be reached, or has a
  newer schema;
* 3: baseline missing or incomparable: the BASE file does not exist, or the history has
  no run of the branch (a CI job's first
  run: `pyspeed compare ... || [ $? -eq 3 ]` lets it pass), the runs come from
  different machine fingerprints or used different rate divisors (-elapsed) and
  --force was not given, or the two runs have no case (and engine) in common.

A missing BASE is 3 and a missing NEW is 2: the baseline is fetched from elsewhere and
may legitimately not exist yet, while NEW is the job's own output. NEW is read first,
so a broken NEW is 2 even when BASE is missing too. Every error is one line on stderr.
"""

from __future__ import annotations

import os
from typing import Any, TextIO

import typer

from pyspeed.commands.gnu_args import GnuCommand
from pyspeed.model import Run
from pyspeed.provenance import MAX_BRANCH
from pyspeed.results.verdicts import (
    DEFAULT_ALPHA,
    DEFAULT_THRESHOLD,
    EXIT_BAD_INPUT,
    EXIT_PASS,
    CompareError,
    GateSettings,
    Incomparable,
)

EPILOG = """\b
Exit codes:
  0  no regression
  1  regression (a case slower beyond its threshold, or newly failing)
  2  usage error or unusable file (NEW missing, truncated or edited JSON, newer schema),
     or a history that cannot be read or reached (--base-from-history)
  3  baseline missing or incomparable (BASE missing, no run of the branch in the
     history, different machine fingerprint without --force, no case in common)
"""


# the gate's settings, declared once: `pyspeed dashboard` judges with the same options
ALPHA = typer.Option(DEFAULT_ALPHA, "--alpha", metavar="A",
                     help="significance level of the two-sided test")
THRESHOLD = typer.Option(f"{DEFAULT_THRESHOLD:g}", "--threshold", metavar="PCT",
                         help="slowdown that counts, in % of throughput")
THRESHOLD_FOR = typer.Option(
    [], "--threshold-for", metavar="CASE=PCT",
    help="threshold of one case (exact key such as rsa2048/sign, or a glob such as "
         "'aes-*/16'); repeatable; an exact key beats a glob, then the first matching "
         "glob wins")
NOISE_FLOOR = typer.Option(None, "--noise-floor", metavar="PCT",
                           help="smallest change that counts (default: the larger 95% CI "
                                "half-width of the two medians, per case)")


def _spec(
    files: list[str] = typer.Argument(None, metavar="BASE NEW",
                                      help="results files written by `pyspeed speed --save`"),
    alpha: float = ALPHA,
    threshold: str = THRESHOLD,
    threshold_for: list[str] = THRESHOLD_FOR,
    noise_floor: str = NOISE_FLOOR,
    fmt: str = typer.Option("table", "--format", metavar="FMT",
                            help="table, markdown (for $GITHUB_STEP_SUMMARY), csv, json"),
    force: bool = typer.Option(False, "--force",
                               help="compare runs from different machines or -elapsed "
                                    "settings"),
    base_branch: str = typer.Option(None, "--base-from-history", metavar="BRANCH",
                                    help="baseline: the latest comparable run of BRANCH in "
                                         "the history (then only NEW is given)"),
    db: str = typer.Option(None, "--db", metavar="PATH|URL",
                           help="history for --base-from-history (default: "
                                "$PYSPEED_HISTORY, else the per-user SQLite file)"),
) -> None:
    """Declares the options (pyspeed.commands.gnu_args)."""


COMMAND = GnuCommand(
    "compare", _spec, usage_exit=EXIT_BAD_INPUT, epilog=EPILOG,
    help="Compare two results files case by case: the medians, the change in %, a "
         "Mann-Whitney U test. A case is a regression only if p < alpha, its throughput "
         "dropped by more than its threshold, and the change exceeds the noise floor. "
         "Modelled (deterministic) results need no test: the threshold decides.")


def _fail(message: str) -> CompareError:
    return CompareError(f"compare: {message}")


def _percent(option: str, text: str, prog: str = "compare") -> float:
    body = text.strip()
    body = body[:-1] if body.endswith("%") else body
    try:
        value = float(body)
    except ValueError:
        raise CompareError(f"{prog}: --{option}: not a percentage: {text!r}") from None
    if not 0 <= value < float("inf"):
        raise CompareError(f"{prog}: --{option}: must be a percentage >= 0: {text!r}")
    return value


def gate_settings(values: dict[str, Any], prog: str = "compare",
                  force: bool = False) -> GateSettings:
    """The gate's settings from --alpha, --threshold, --threshold-for and --noise-floor
    (`pyspeed compare` and the dashboard's regressions judge by the same ones)."""
    alpha = values["alpha"]
    if not 0 < alpha < 1:
        raise CompareError(f"{prog}: --alpha must be between 0 and 1 (exclusive): {alpha!r}")
    overrides = []
    for item in values["threshold_for"] or []:
        case, sep, pct = item.rpartition("=")
        if not sep or not case:
            raise CompareError(f"{prog}: --threshold-for wants CASE=PCT, got {item!r}")
        overrides.append((case, _percent("threshold-for", pct, prog)))
    noise = values["noise_floor"]
    return GateSettings(
        alpha=alpha, threshold=_percent("threshold", values["threshold"], prog),
        overrides=tuple(overrides),
        noise_floor=None if noise is None else _percent("noise-floor", noise, prog),
        force=force)


def settings_from(values: dict[str, Any]) -> tuple[list[str], str, GateSettings]:
    """Files, format and gate settings from the parsed options, with the gate's checks."""
    from pyspeed.views.compare_text import FORMATS

    files = list(values["files"] or [])
    branch = values.get("base_branch")
    if branch is not None:
        if len(files) != 1:
            raise _fail(f"with --base-from-history, expected one file, NEW, got {len(files)} "
                        "(see pyspeed compare --help)")
        if not 0 < len(branch) <= MAX_BRANCH:
            raise _fail(f"--base-from-history takes a branch name of 1 to {MAX_BRANCH} "
                        "characters")
        files = ["", *files]
    elif values.get("db") is not None:
        raise _fail("--db goes with --base-from-history")
    elif len(files) != 2:
        raise _fail(f"expected two files, BASE and NEW, got {len(files)} "
                    "(see pyspeed compare --help)")
    settings = gate_settings(values, force=bool(values["force"]))
    if values["fmt"] not in FORMATS:
        raise _fail(f"unknown format {values['fmt']!r} (one of {', '.join(FORMATS)})")
    return files, values["fmt"], settings


def _load(path: str, label: str) -> Run:
    from pyspeed.results.document import ResultsError, load

    if label == "BASE" and not os.path.exists(path):
        raise Incomparable(f"compare: baseline missing: {path}: no such file")
    try:
        return load(path)
    except ResultsError as exc:
        raise _fail(f"{label} {exc.message}") from None


def _from_history(branch: str, db: str | None, new: Run, err: TextIO) -> tuple[Run, str]:
    """The baseline from the history, and how the headings name it. Every failure of
    the store is exit 2 (it must be fixed), a branch with no run is 3 (a first run)."""
    from pyspeed.results import history

    try:
        base, row = history.baseline(branch, new, db, err)
    except history.NoHistory as exc:
        message = exc.message.replace("pyspeed history: ", "compare: baseline missing: ", 1)
        raise Incomparable(message) from None
    except history.HistoryError as exc:
        message = exc.message.removeprefix("pyspeed: ")
        raise CompareError(f"compare: {message}") from None
    commit = (row.get("commit_id") or "no commit")[:10]
    return base, f"history:{branch}@{commit} ({row.get('started')})"


def compare_main(argv: list[str], out: TextIO, err: TextIO) -> int:
    """Run the gate; returns the exit code documented in this module's docstring."""
    from pyspeed.errors import PyspeedError

    try:
        values = COMMAND.parse(argv, out)
        if values is None:
            return EXIT_PASS
        (base_path, new_path), fmt, settings = settings_from(values)
        from pyspeed.results.gate import compare
        from pyspeed.views.compare_text import render

        new = _load(new_path, "NEW")
        if values.get("base_branch") is not None:
            base, base_path = _from_history(values["base_branch"], values["db"], new, err)
        else:
            base = _load(base_path, "BASE")
        result = compare(base, new, settings)
        text = render(result, fmt, {"path": base_path, "doc": base}, {"path": new_path, "doc": new})
    except PyspeedError as exc:
        err.write(" ".join(exc.message.split()) + "\n")
        return exc.exit_code
    try:
        out.write(text)
        out.flush()
    except BrokenPipeError:  # `pyspeed compare ... | head`: the verdict still counts
        pass
    return result.exit_code
