"""pytest plugin: measure a pyspeed case inside a test, report it through pytest-benchmark.

Registered as the `pytest11` entry point `pyspeed`, or with `-p pyspeed.pytest_plugin`.

    def test_rsa_sign(pyspeed_case):
        result = pyspeed_case("rsa2048", op="sign", engine="software", seconds=0.2)
        assert result.median > 100          # operations per second
        assert result.served_by == "software"

Why this shape: the numbers must be pyspeed's, measured by pyspeed's runner (the same
engine setup, routing, fallback and stop rules as `pyspeed speed`), not pytest-benchmark
timing a wrapper. So the case is measured first (`repeat` interleaved repetitions through
`run_single`), then, when pytest-benchmark is active, its `benchmark` fixture is fed
those measurements: `benchmark.pedantic` runs one round per repetition, with a clock
(the `benchmark` marker's public `timer` option) that reads each repetition's measured
seconds per operation. pytest-benchmark's table, `--benchmark-json`, `--benchmark-save`,
`--benchmark-compare` and `--benchmark-compare-fail` then all work on pyspeed's numbers;
its JSON names the timer `pyspeed_measured_time` so nobody mistakes them for its own.

Without pytest-benchmark (or with `report=False`) the fixture simply returns the result.
pytest-benchmark allows one benchmark per test: parametrize the test for more cases.

PYTEST_DONT_REWRITE (a plugin module: pytest must not rewrite its asserts, and it may be
imported before pytest loads it)
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from pyspeed.algos.cases import Selection
    from pyspeed.report.results import Record
    from pyspeed.request import SpeedRequest


class PyspeedCaseError(Exception):
    """A case that could not be measured: one line saying why (pyspeed's own message)."""


@dataclass
class CaseResult:
    """One case measured on one engine: per-repetition rates and their summary.

    `median`, `ci_low`, `ci_high` are in `unit` (ops/s, or bytes/s for block ciphers and
    digests), the median and 95% interval of the median as `pyspeed report` shows them;
    `seconds_per_op` is what pytest-benchmark records, one value per repetition."""

    case: str
    engine: str
    served_by: str
    implementation: str
    modelled: bool
    unit: str
    size: int
    rates: list[float]
    seconds_per_op: list[float]
    operations: int
    median: float
    ci_low: float
    ci_high: float
    doc: dict[str, Any] = field(repr=False)
    records: list[Record] = field(repr=False, default_factory=list)

    @property
    def ops_per_second(self) -> float:
        """Median operations per second (for bytes/s cases: blocks per second)."""
        return self.median / (self.size or 1)


def _selection(argv: list[str]) -> tuple[SpeedRequest, Selection]:
    """The request and selection `pyspeed speed ARGV` would run (same parser, same rules)."""
    from pyspeed.algos.cases import SelectOptions, select
    from pyspeed.request import parse_speed_args

    req = parse_speed_args(argv)
    opts = SelectOptions(
        evp=req.evp,
        hmac=req.hmac,
        cmac=req.cmac,
        decrypt=req.decrypt,
        aead=req.aead,
        mb=req.mb,
        bytes=req.bytes,
    )
    return req, select(list(req.words), opts)


def _document(records: list[Record], argv: list[str], elapsed: bool) -> dict[str, Any]:
    """A results document for these records (so a test can save or export them)."""
    import datetime as dt

    from pyspeed.report.results import document

    engines = []
    for engine_id in dict.fromkeys(r.engine for r in records):
        mine = [r for r in records if r.engine == engine_id]
        engines.append(
            {
                "id": engine_id,
                "name": "",
                "modelled": any(r.modelled for r in mine),
                "provenance": "; ".join(
                    sorted({r.implementation for r in mine if r.implementation})
                ),
            }
        )
    started = dt.datetime.now(dt.timezone.utc)
    return document(
        records,
        command=["pyspeed", "speed", *argv],
        options={"elapsed": elapsed, "source": "pyspeed.pytest_plugin"},
        engines=engines,
        started=started,
    )


def measure_case(
    case: str,
    op: str | None = None,
    *,
    engine: str = "software",
    seconds: float = 0.2,
    size: int | None = None,
    repeat: int = 3,
    elapsed: bool = True,
    args: Sequence[str] = (),
) -> CaseResult:
    """Measure one case with pyspeed's runner, exactly as `pyspeed speed` would.

    `case` is an algorithm word (`rsa2048`, `sha256`) or a case key (`rsa2048/sign`,
    `sha256/16`); `op` picks the operation of a public-key algorithm, `size` the block
    size of a symmetric one. `elapsed` (default, as pytest-benchmark measures wall time)
    divides by wall-clock time; False uses user CPU time like openssl's default. `args`
    are more `pyspeed speed` options (`["-evp", "aes-128-gcm"]`, `["-config", F]`).
    The algorithm's other operations run too (openssl's stop rules need them) but only
    this case is returned. Raises PyspeedCaseError with one line when it cannot."""
    from pyspeed.algos.cases import plan
    from pyspeed.errors import PyspeedError
    from pyspeed.report.benchjson import case_rounds
    from pyspeed.report.summary import median_ci
    from pyspeed.run_speed import run_single

    word, _, detail = case.partition("/")
    if detail.isdigit() and size is None:
        size = int(detail)
    elif detail and op is None:
        op = detail
    if repeat < 1 or seconds <= 0:
        raise PyspeedCaseError(
            f"pyspeed_case: repeat ({repeat}) and seconds ({seconds}) must be positive"
        )
    argv = [
        "-engine",
        engine,
        "--repeat",
        str(repeat),
        "-mr",
        *(["-elapsed"] if elapsed else []),
        *args,
        *(["-bytes", str(size)] if size is not None else []),
        word,
    ]
    try:
        req, selection = _selection(argv)
    except PyspeedError as exc:
        raise PyspeedCaseError(exc.message.splitlines()[0]) from None
    keys = [c.key for c in plan(selection, 1)]
    wanted = [k for k in keys if op is None or k.endswith(f"/{op}")]
    if not wanted:
        raise PyspeedCaseError(
            f"pyspeed_case: {case!r} has no operation {op!r} "
            f"(it measures {', '.join(keys) or 'nothing'})"
        )
    if len(wanted) > 1:
        hint = "size=..." if wanted[0].rsplit("/", 1)[-1].isdigit() else "op='...'"
        raise PyspeedCaseError(
            f"pyspeed_case: {case!r} measures {', '.join(wanted)}; name one ({hint})"
        )
    key = wanted[0]
    records: list[Record] = []
    out, err = io.StringIO(), io.StringIO()
    rc = run_single(req, selection, out, err, seconds, collect=records)
    mine = [r for r in records if r.case == key]
    if rc != 0 or not mine:
        lines = [ln for ln in err.getvalue().splitlines() if ln.strip()]
        why = lines[-1] if lines else f"pyspeed speed exited with status {rc}"
        raise PyspeedCaseError(f"pyspeed_case: {key} on {engine} was not measured: {why}")
    failed = next((r.error for r in mine if r.error), None)
    if failed:
        raise PyspeedCaseError(f"pyspeed_case: {key} on {engine} failed: {failed}")
    doc = _document(mine, argv, elapsed)
    (cr,) = [c for c in case_rounds(doc) if c.case == key]
    if not cr.rates:
        raise PyspeedCaseError(
            f"pyspeed_case: {key} on {engine}: no repetition took measurable time"
        )
    med, lo, hi = median_ci(cr.rates)
    return CaseResult(
        case=key,
        engine=engine,
        served_by=",".join(cr.served_by),
        implementation="; ".join(cr.implementation),
        modelled=cr.modelled,
        unit=cr.unit,
        size=cr.size,
        rates=cr.rates,
        seconds_per_op=cr.times,
        operations=sum(cr.counts),
        median=med,
        ci_low=lo,
        ci_high=hi,
        doc=doc,
        records=mine,
    )


class MeasuredClock:
    """A pytest-benchmark timer that reads pyspeed's measurement instead of a clock.

    pytest-benchmark times a round as `end - start` around the target; the target
    (one repetition) leaves its measured seconds per operation here, so the first read
    gives 0 and the second gives exactly pyspeed's value."""

    __name__ = "pyspeed_measured_time"
    __module__ = "pyspeed"

    def __init__(self) -> None:
        self.pending: float | None = None

    def __call__(self) -> float:
        value, self.pending = self.pending, None
        return 0.0 if value is None else value


def _benchmark_fixture(request: pytest.FixtureRequest, clock: MeasuredClock) -> Any:
    """pytest-benchmark's `benchmark` fixture timed by `clock`, or None without it."""
    if not request.config.pluginmanager.hasplugin(
        "pytest_benchmark.plugin"
    ) and not request.config.pluginmanager.hasplugin("benchmark"):
        return None
    node = request.node
    marker = node.get_closest_marker("benchmark")
    kwargs = dict(marker.kwargs) if marker else {}
    kwargs["timer"] = clock
    # closest marker wins in pytest-benchmark: put ours (user options kept) first
    node.add_marker(pytest.mark.benchmark(**kwargs), append=False)
    try:
        bench = request.getfixturevalue("benchmark")
    except pytest.FixtureLookupError:
        return None
    if getattr(bench, "_timer", clock) is not clock:
        # the test asked for `benchmark` itself, so it was made before our marker
        bench._timer = clock
    return bench


def _report(bench: Any, clock: MeasuredClock, result: CaseResult) -> None:
    """Feed pyspeed's repetitions to pytest-benchmark as its rounds."""
    bench.extra_info.update(
        {
            "case": result.case,
            "engine": result.engine,
            "served_by": result.served_by,
            "modelled": result.modelled,
            "unit": result.unit,
            "size": result.size,
            "rate_median": result.median,
            "rates": result.rates,
            "implementation": result.implementation,
        }
    )
    if bench.group is None:
        bench.group = result.case.split("/")[0]
    times = iter(result.seconds_per_op)

    def one_repetition() -> CaseResult:
        clock.pending = next(times, result.seconds_per_op[-1])
        return result

    bench.pedantic(one_repetition, rounds=len(result.seconds_per_op), iterations=1, warmup_rounds=0)


@pytest.fixture
def pyspeed_case(request: pytest.FixtureRequest) -> Iterator[Callable[..., CaseResult]]:
    """`pyspeed_case(case, op=None, *, engine="software", seconds=0.2, size=None,
    repeat=3, elapsed=True, args=(), report=True) -> CaseResult`: measure a case with
    pyspeed and, unless report=False, report it through pytest-benchmark when active."""
    clock = MeasuredClock()
    bench = _benchmark_fixture(request, clock)
    reported: list[str] = []

    def run(case: str, op: str | None = None, *, report: bool = True, **kwargs: Any) -> CaseResult:
        report = report and bench is not None
        failure = ""
        if report and reported:
            failure = (
                f"pyspeed_case: this test already reported {reported[0]} to pytest-benchmark, "
                "which keeps one benchmark per test; parametrize the test, or pass report=False"
            )
        else:
            try:
                result = measure_case(case, op, **kwargs)
            except PyspeedCaseError as exc:
                failure = str(exc)
        if failure:  # outside the except: one line, no chained traceback
            pytest.fail(failure, pytrace=False)
        if report:
            reported.append(result.case)
            _report(bench, clock, result)
        return result

    yield run
    if bench is not None and not reported:
        # nothing to report (report=False, or the case failed): pytest-benchmark's
        # "fixture was not used" warning would only be noise; its own flag for that
        bench.skipped = True


__all__ = ["CaseResult", "MeasuredClock", "PyspeedCaseError", "measure_case", "pyspeed_case"]
