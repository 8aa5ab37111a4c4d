"""pytest plugin: measure a pyspeed case inside a test, report it through pytest-benchmark.

Registered as the `pytest11` entry point `pyspeed`, or with `-p pyspeed.pytest_plugin`.

    def test_rsa_sign(pyspeed_case):
        result = pyspeed_case("rsa2048", op="sign", engine="software", seconds=0.2)
        assert result.median > 100          # operations per second
        assert result.served_by == "software"

Why this shape: the numbers must be pyspeed's, measured by pyspeed.measure (the same
engine setup, routing, fallback and stop rules as `pyspeed speed`), not pytest-benchmark
timing a wrapper, and summarised by pyspeed.results.statistics (the numbers of `pyspeed
report`). So the case is measured first (`repeat` interleaved repetitions), then, when
pytest-benchmark is active, its `benchmark` fixture is fed those measurements:
`benchmark.pedantic` runs one round per repetition, with a clock (the `benchmark`
marker's public `timer` option) that reads each repetition's measured seconds per
operation. pytest-benchmark's table, `--benchmark-json`, `--benchmark-save`,
`--benchmark-compare` and `--benchmark-compare-fail` then all work on pyspeed's numbers;
its JSON names the timer `pyspeed_measured_time` so nobody mistakes them for its own.

Without pytest-benchmark (or with `report=False`) the fixture simply returns the result.
pytest-benchmark allows one benchmark per test: parametrize the test for more cases.

PYTEST_DONT_REWRITE (a plugin module: pytest must not rewrite its asserts, and it may be
imported before pytest loads it)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from pyspeed.model import Record, Run


class PyspeedCaseError(Exception):
    """A case that could not be measured: one line saying why (pyspeed's own message)."""


@dataclass
class MeasuredCase:
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
    run: Run = field(repr=False)
    failed: int = 0  # failed repetitions (not samples)
    records: list[Record] = field(repr=False, default_factory=list)

    @property
    def ops_per_second(self) -> float:
        """Median operations per second (for bytes/s cases: blocks per second)."""
        return self.median / (self.size or 1)


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
) -> MeasuredCase:
    """Measure one case with pyspeed.measure, exactly as `pyspeed speed` would.

    `case` is an algorithm word (`rsa2048`, `sha256`) or a case key (`rsa2048/sign`,
    `sha256/16`); `op` picks the operation of a public-key algorithm, `size` the block
    size of a symmetric one. `elapsed` (default, as pytest-benchmark measures wall time)
    divides by wall-clock time; False uses user CPU time like openssl's default. `args`
    are more `pyspeed speed` options (`["-evp", "aes-128-gcm"]`, `["-config", F]`).
    The algorithm's other operations run too (openssl's stop rules need them) but only
    this case is returned. Raises PyspeedCaseError with one line when it cannot."""
    from dataclasses import replace

    from pyspeed.algos.cases import plan
    from pyspeed.commands.speed_args import parse_speed_args
    from pyspeed.errors import PyspeedError
    from pyspeed.model import Listener
    from pyspeed.runner.measure import measure, selection_for

    word, _, detail = case.partition("/")
    if detail.isdigit() and size is None:
        size = int(detail)
    elif detail and op is None:
        op = detail
    if repeat < 1 or seconds <= 0:
        raise PyspeedCaseError(
            f"pyspeed_case: repeat ({repeat}) and seconds ({seconds}) must be positive"
        )
    argv = ["-engine", engine, "--repeat", str(repeat), *(["-elapsed"] if elapsed else []),
            *args, *(["-bytes", str(size)] if size is not None else []), word]
    try:
        options = replace(parse_speed_args(argv).measure_options(), seconds=seconds)
        selection = selection_for([word], options)
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
    why: list[str] = []

    class _Why(Listener):
        def message(self, text: str) -> None:
            why.append(text)

        def unsupported(self, engine_id: str, name: str, reason: str) -> None:
            why.append(f"engine {engine_id} cannot run {name}: {reason}")

    try:
        run = measure(selection, [engine], options=options, listener=_Why(),
                      command=["pyspeed", "speed", *argv])
    except PyspeedError as exc:
        raise PyspeedCaseError(f"pyspeed_case: {key} on {engine} was not measured: "
                               f"{exc.message.splitlines()[0]}") from None
    if not any(r.case == key for r in run.records):
        reason = why[-1] if why else "nothing was measured"
        raise PyspeedCaseError(f"pyspeed_case: {key} on {engine} was not measured: {reason}")
    return measured_case(run, key, engine)


def measured_case(run: Run, key: str, engine: str) -> MeasuredCase:
    """One case of a run as the fixture returns it: the samples and the numbers of
    pyspeed.results.statistics (the same median and interval as `pyspeed report`)."""
    from pyspeed.results.statistics import case_stats

    mine = [r for r in run.records if r.case == key and r.engine == engine]
    (stats,) = case_stats(mine, run.elapsed)
    if not stats.n:
        raise PyspeedCaseError(f"pyspeed_case: {key} on {engine} failed: "
                               f"{stats.error or 'no repetition took measurable time'}")
    return MeasuredCase(
        case=key,
        engine=engine,
        served_by=stats.served_by,
        implementation=stats.implementation,
        modelled=stats.modelled,
        unit=stats.unit,
        size=stats.size,
        rates=list(stats.rates),
        seconds_per_op=list(stats.seconds_per_op),
        operations=sum(stats.counts),
        median=stats.median,
        ci_low=stats.ci_low,
        ci_high=stats.ci_high,
        run=run,
        failed=stats.failed,
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


def _report(bench: Any, clock: MeasuredClock, result: MeasuredCase) -> None:
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

    def one_repetition() -> MeasuredCase:
        clock.pending = next(times, result.seconds_per_op[-1])
        return result

    bench.pedantic(one_repetition, rounds=len(result.seconds_per_op), iterations=1, warmup_rounds=0)


@pytest.fixture
def pyspeed_case(request: pytest.FixtureRequest) -> Iterator[Callable[..., MeasuredCase]]:
    """`pyspeed_case(case, op=None, *, engine="software", seconds=0.2, size=None,
    repeat=3, elapsed=True, args=(), report=True) -> MeasuredCase`: measure a case with
    pyspeed and, unless report=False, report it through pytest-benchmark when active."""
    clock = MeasuredClock()
    bench = _benchmark_fixture(request, clock)
    reported: list[str] = []

    def run(case: str, op: str | None = None, *, report: bool = True,
            **kwargs: Any) -> MeasuredCase:
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


__all__ = ["MeasuredCase", "MeasuredClock", "PyspeedCaseError", "measure_case", "measured_case",
           "pyspeed_case"]
