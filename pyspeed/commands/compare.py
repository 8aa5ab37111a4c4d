"""`pyspeed compare BASE NEW`: the CI regression gate over two saved runs (`--save`).

Usage: pyspeed compare BASE NEW [--alpha 0.01] [--threshold 5] [--threshold-for CASE=PCT ...]
       [--noise-floor PCT] [--format table|markdown|csv|json] [--force]

GNU-style options, before, between or after the two files (`--opt value` or
`--opt=value`; `-opt` works too; `--` ends the options). The rule is in
pyspeed.results.gate: a case is a regression only if it is significant (Mann-Whitney U,
p < alpha), slower than its threshold and above the noise floor.

Exit codes (this command's own, printed by --help):

* 0: no regression;
* 1: regression: at least one case slower beyond its threshold, or newly failing;
* 2: usage error (unknown option, bad value, unknown format, not two files), or a file
  that cannot be used: NEW missing, unreadable, truncated or hand-edited JSON, not a
  pyspeed results file, a schema newer than this pyspeed;
* 3: baseline missing or incomparable: the BASE file does not exist (a CI job's first
  run: `pyspeed compare ... || [ $? -eq 3 ]` lets it pass), the runs come from
  different machine fingerprints or used different rate divisors (-elapsed) and
  --force was not given, or the two runs have no case (and engine) in common.

A missing BASE is 3 and a missing NEW is 2: the baseline is fetched from elsewhere and
may legitimately not exist yet, while NEW is the job's own output. NEW is read first,
so a broken NEW is 2 even when BASE is missing too. Every error is one line on stderr.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TextIO

from pyspeed.model import Run
from pyspeed.results.verdicts import (
    DEFAULT_ALPHA,
    DEFAULT_THRESHOLD,
    EXIT_PASS,
    CompareError,
    Incomparable,
)

USAGE = (
    "Usage: pyspeed compare BASE NEW [--alpha 0.01] [--threshold 5] "
    "[--threshold-for CASE=PCT ...] [--noise-floor PCT] "
    "[--format table|markdown|csv|json] [--force]"
)

HELP = f"""{USAGE}

Compare two results files written by `pyspeed speed --save FILE`, case by case: the
medians, the change in %, a Mann-Whitney U test. A case is a regression only if
p < alpha, its throughput dropped by more than its threshold, and the change exceeds
the noise floor. Modelled (deterministic) results need no test: the threshold decides.

Options:
  --alpha A               significance level of the two-sided test (default {DEFAULT_ALPHA:g})
  --threshold PCT         slowdown that counts, in % of throughput (default {DEFAULT_THRESHOLD:g})
  --threshold-for CASE=PCT
                          threshold of one case (exact key such as rsa2048/sign, or a glob
                          such as 'aes-*/16'); repeatable; an exact key beats a glob,
                          then the first matching glob wins
  --noise-floor PCT       smallest change that counts (default: the larger 95% CI
                          half-width of the two medians, per case)
  --format FMT            table (default), markdown (for $GITHUB_STEP_SUMMARY), csv, json
  --force                 compare runs from different machines or -elapsed settings
  -h, --help              this text

Exit codes: 0 no regression; 1 regression (or a newly failing case); 2 usage error or
unusable file (NEW missing, truncated or edited JSON, newer schema); 3 baseline missing or
incomparable (BASE missing, different machine fingerprint without --force, no case in
common).
"""

_VALUED = ("alpha", "threshold", "threshold-for", "noise-floor", "format")
_FLAGS = ("force", "help")


@dataclass
class Args:
    files: list[str] = field(default_factory=list)
    alpha: float = DEFAULT_ALPHA
    threshold: float = DEFAULT_THRESHOLD
    overrides: list[tuple[str, float]] = field(default_factory=list)
    noise_floor: float | None = None
    fmt: str = "table"
    force: bool = False
    help: bool = False


def _fail(message: str) -> CompareError:
    return CompareError(f"compare: {message}")


def _percent(option: str, text: str) -> float:
    body = text.strip()
    body = body[:-1] if body.endswith("%") else body
    try:
        value = float(body)
    except ValueError:
        raise _fail(f"--{option}: not a percentage: {text!r}") from None
    if not 0 <= value < float("inf"):
        raise _fail(f"--{option}: must be a percentage >= 0: {text!r}")
    return value


def parse_args(argv: list[str]) -> Args:
    """GNU-style options anywhere, two positional files; CompareError (exit 2) otherwise."""
    from pyspeed.views.compare_text import FORMATS

    a = Args()
    i = 0
    only_files = False
    while i < len(argv):
        arg = argv[i]
        i += 1
        if only_files or arg == "-" or not arg.startswith("-"):
            a.files.append(arg)
            continue
        if arg == "--":
            only_files = True
            continue
        body = arg[2:] if arg.startswith("--") else arg[1:]
        name, eq, inline = body.partition("=")
        if name == "h":
            name = "help"
        if name in _FLAGS:
            if eq:
                raise _fail(f"option --{name} takes no value")
            setattr(a, name, True)
            continue
        if name not in _VALUED:
            raise _fail(f"unknown option {arg.partition('=')[0]} (see pyspeed compare --help)")
        if eq:
            value = inline
        elif i < len(argv):
            value = argv[i]
            i += 1
        else:
            raise _fail(f"option --{name} needs a value")
        if name == "alpha":
            try:
                a.alpha = float(value)
            except ValueError:
                raise _fail(f"--alpha: not a number: {value!r}") from None
            if not 0 < a.alpha < 1:
                raise _fail(f"--alpha must be between 0 and 1 (exclusive): {value!r}")
        elif name == "threshold":
            a.threshold = _percent(name, value)
        elif name == "noise-floor":
            a.noise_floor = _percent(name, value)
        elif name == "threshold-for":
            case, sep, pct = value.rpartition("=")
            if not sep or not case:
                raise _fail(f"--threshold-for wants CASE=PCT, got {value!r}")
            a.overrides.append((case, _percent(name, pct)))
        else:
            if value not in FORMATS:
                raise _fail(f"unknown format {value!r} (one of {', '.join(FORMATS)})")
            a.fmt = value
    if not a.help and len(a.files) != 2:
        raise _fail(
            f"expected two files, BASE and NEW, got {len(a.files)} (see pyspeed compare --help)"
        )
    return a


def _load(path: str, label: str) -> Run:
    from pyspeed.results.document import ResultsError, load

    if label == "BASE" and not os.path.exists(path):
        raise Incomparable(f"compare: baseline missing: {path}: no such file")
    try:
        return load(path)
    except ResultsError as exc:
        raise _fail(f"{label} {exc.message}") from None


def compare_main(argv: list[str], out: TextIO, err: TextIO) -> int:
    """Run the gate; returns the exit code documented in this module's docstring."""
    from pyspeed.errors import PyspeedError

    try:
        args = parse_args(argv)
        if args.help:
            out.write(HELP)
            return EXIT_PASS
        from pyspeed.results.gate import compare
        from pyspeed.results.verdicts import GateSettings
        from pyspeed.views.compare_text import render

        base_path, new_path = args.files
        new = _load(new_path, "NEW")
        base = _load(base_path, "BASE")
        settings = GateSettings(
            alpha=args.alpha,
            threshold=args.threshold,
            overrides=tuple(args.overrides),
            noise_floor=args.noise_floor,
            force=args.force,
        )
        result = compare(base, new, settings)
        text = render(
            result, args.fmt, {"path": base_path, "doc": base}, {"path": new_path, "doc": new}
        )
    except PyspeedError as exc:
        err.write(" ".join(exc.message.split()) + "\n")
        return exc.exit_code
    try:
        out.write(text)
        out.flush()
    except BrokenPipeError:  # `pyspeed compare ... | head`: the verdict still counts
        pass
    return result.exit_code
