"""`pyspeed speed` arguments -> one immutable request. Validation only; no work."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING

from pyspeed.algos.cases import SelectOptions
from pyspeed.commands.openssl_args import PYSPEED_SECTION, Opt, OptTable, parse
from pyspeed.errors import UsageError

if TYPE_CHECKING:
    from pyspeed.runner.measure import MeasureOptions

_G, _S, _T, _R, _P = (
    "General options",
    "Selection options",
    "Timing options",
    "Random state options",
    "Provider options",
)

SPEED_OPTS = OptTable(
    prog="speed",
    usage="[options] [algorithm...]",
    opts=(
        Opt("help", "-", "Display this summary", _G),
        Opt("mb", "-", "Enable (tls1>=1) multi-block mode on EVP-named cipher", _G),
        Opt("mr", "-", "Produce machine readable output", _G),
        Opt("multi", "+int", "Run benchmarks in parallel", _G),
        Opt("async_jobs", "+int", "Enable async mode and start specified number of jobs", _G),
        Opt("engine", "val", "Use engine, possibly a hardware device", _G, repeat=True),
        Opt("primes", "+int", "Specify number of primes (for RSA only)", _G),
        Opt("evp", "val", "Use EVP-named cipher or digest", _S),
        Opt("hmac", "val", "HMAC using EVP-named digest", _S),
        Opt("cmac", "val", "CMAC using EVP-named cipher", _S),
        Opt("decrypt", "-", "Time decryption instead of encryption (only EVP)", _S),
        Opt("aead", "-", "Benchmark EVP-named AEAD cipher in TLS-like sequence", _S),
        Opt("kem-algorithms", "-", "Benchmark KEM algorithms", _S, since="3.5"),
        Opt("signature-algorithms", "-", "Benchmark signature algorithms", _S, since="3.5"),
        Opt("elapsed", "-", "Use wall-clock time instead of CPU user time as divisor", _T),
        Opt("seconds", "+int", "Run benchmarks for specified amount of seconds", _T),
        Opt("bytes", "+int", "Run [non-PKI] benchmarks on custom-sized buffer", _T),
        Opt("misalign", "+int", "Use specified offset to mis-align buffers", _T),
        Opt("rand", "val", "Load the given file(s) into the random number generator", _R),
        Opt("writerand", "outfile", "Write random data to the specified file", _R),
        Opt("provider-path", "val",
            "Provider load path (must be before 'provider' argument if required)", _P),
        Opt("provider", "val", "Provider to load (can be specified multiple times)", _P,
            repeat=True),
        Opt("propquery", "val", "Property query used when fetching algorithms", _P),
        Opt("config", "val", "Engine configuration file (default: $OPENSSL_CONF)",
            PYSPEED_SECTION),
        Opt("-dialect", "val", "openssl speed release to speak: 3.0 (default) or 3.5 "
            "($PYSPEED_DIALECT)", PYSPEED_SECTION),
        Opt("-format", "val", "Output: openssl (one engine), table, markdown, csv, json",
            PYSPEED_SECTION),
        Opt("-save", "val", "Also save the results document (JSON) to this file",
            PYSPEED_SECTION),
        Opt("-benchmark-json", "val", "Also write the results in pytest-benchmark's JSON format",
            PYSPEED_SECTION),
        Opt("-history", "val",
            "Append the run to this history (a path or a postgresql:// URL)",
            PYSPEED_SECTION),
        Opt("-machine", "val", "Label this machine in results and history ($PYSPEED_MACHINE)",
            PYSPEED_SECTION),
        Opt("-repeat", "+int", "Run every test N times, interleaved; views show medians",
            PYSPEED_SECTION),
        Opt("-precision", "float",
            "Repeat each test until its 95% CI is within this % (capped by -seconds)",
            PYSPEED_SECTION),
        Opt("-worker-grace", "float",
            "Seconds past twice a test's time before a -multi worker counts as hung (10)",
            PYSPEED_SECTION),
    ),
    trailer=(
        "",
        "Parameters:",
        " algorithm           Algorithm(s) to test (optional; otherwise tests all)",
    ),
)

MAX_ASYNC_JOBS = 99999
MAX_MISALIGN = 64


@dataclass(frozen=True)
class SpeedRequest:
    words: tuple[str, ...] = ()
    help: bool = False
    mb: bool = False
    mr: bool = False
    multi: int = 0
    async_jobs: int = 0
    engines: tuple[str, ...] = ()
    primes: int = 2
    evp: str | None = None
    hmac: str | None = None
    cmac: str | None = None
    decrypt: bool = False
    aead: bool = False
    kem_algorithms: bool = False
    signature_algorithms: bool = False
    dialect: str | None = None  # --dialect, else $PYSPEED_DIALECT, else the config's key
    elapsed: bool = False
    seconds: float | None = None  # whole seconds from the command line
    bytes: int | None = None
    misalign: int = 0
    rand: str | None = None
    writerand: str | None = None
    providers: tuple[str, ...] = field(default=())
    provider_path: str | None = None
    propquery: str | None = None
    config: str | None = None
    worker_grace: float = 10.0
    format: str | None = None
    save: str | None = None
    repeat: int = 1
    precision: float | None = None
    benchmark_json: str | None = None
    history: str | None = None
    machine: str | None = None

    def select_options(self) -> SelectOptions:
        return self.measure_options().select_options()

    def measure_options(self) -> MeasureOptions:
        """What pyspeed.measure needs of the request; the view's options ride along in
        the document's options (`extra`)."""
        from pyspeed.runner.measure import MeasureOptions

        shared = {f.name: getattr(self, f.name) for f in fields(MeasureOptions)
                  if f.name != "extra"}  # every measure option is a request field by name
        return MeasureOptions(**shared,
                              extra={"format": self.format, "providers": list(self.providers)})


FORMATS = ("openssl", "table", "markdown", "csv", "json")


def check_views(req: SpeedRequest) -> None:
    """openssl's views show one engine; pyspeed's own formats show any number."""
    for option, value in (("--save", req.save), ("--benchmark-json", req.benchmark_json)):
        if value is not None and not value.strip():
            raise UsageError(f"speed: {option} needs a file name", usage_hint=False)
    check_history_options("speed", req.history, req.machine)
    if req.format is not None and req.format not in FORMATS:
        raise UsageError(f"speed: unknown format {req.format!r} (one of {', '.join(FORMATS)})",
                         usage_hint=False)
    if req.mr and req.format not in (None, "openssl"):
        raise UsageError(f"speed: -mr is openssl's view; it does not combine with --format "
                         f"{req.format}", usage_hint=False)
    if req.precision is not None and req.repeat > 1:
        raise UsageError("speed: --precision decides the repetitions; it does not combine "
                         "with --repeat", usage_hint=False)
    several = len(set(req.engines)) > 1
    if several and (req.mr or req.format == "openssl"):
        raise UsageError("speed: openssl's view shows one engine; with several -engine values "
                         "use --format table, markdown, csv or json", usage_hint=False)


def check_history_options(prog: str, history: str | None, machine: str | None) -> None:
    """`--history` and `--machine` (speed and sweep): one line for a value that cannot be."""
    from pyspeed.provenance import check_label

    if history is not None:
        if not history.strip():
            raise UsageError(f"{prog}: --history needs a file name or URL", usage_hint=False)
        from pyspeed.results.history import HistoryError, locate

        try:
            locate(history)  # a URL pyspeed cannot use is a bad value, before measuring
        except HistoryError as exc:
            message = exc.message.removeprefix("pyspeed: ")
            raise UsageError(f"{prog}: --history: {message}", usage_hint=False) from None
    if machine is not None:
        problem = check_label(machine)
        if problem:
            raise UsageError(f"{prog}: --machine: {problem}", usage_hint=False)


def parse_speed_args(argv: list[str]) -> SpeedRequest:
    values, words = parse(SPEED_OPTS, argv)
    if values.get("evp#repeated"):
        raise UsageError("speed: -evp option cannot be used more than once")
    misalign = int(values.get("misalign", 0))  # type: ignore[call-overload]
    if misalign > MAX_MISALIGN:
        raise UsageError(f"speed: Maximum offset is {MAX_MISALIGN}")
    async_jobs = int(values.get("async_jobs", 0))  # type: ignore[call-overload]
    if async_jobs > MAX_ASYNC_JOBS:
        raise UsageError("speed: too many async_jobs")

    def opt_str(name: str) -> str | None:
        v = values.get(name)
        return None if v is None else str(v)

    req = SpeedRequest(
        words=tuple(words),
        help=bool(values.get("help")),
        mb=bool(values.get("mb")),
        mr=bool(values.get("mr")),
        multi=int(values.get("multi", 0)),  # type: ignore[call-overload]
        async_jobs=async_jobs,
        engines=tuple(str(e) for e in values.get("engine", [])),  # type: ignore[attr-defined]
        primes=int(values.get("primes", 2)),  # type: ignore[call-overload]
        evp=opt_str("evp"),
        hmac=opt_str("hmac"),
        cmac=opt_str("cmac"),
        decrypt=bool(values.get("decrypt")),
        aead=bool(values.get("aead")),
        kem_algorithms=bool(values.get("kem-algorithms")),
        signature_algorithms=bool(values.get("signature-algorithms")),
        dialect=opt_str("-dialect"),
        elapsed=bool(values.get("elapsed")),
        seconds=values.get("seconds"),  # type: ignore[arg-type]
        bytes=values.get("bytes"),  # type: ignore[arg-type]
        misalign=misalign,
        rand=opt_str("rand"),
        writerand=opt_str("writerand"),
        providers=tuple(str(p) for p in values.get("provider", [])),  # type: ignore[attr-defined]
        provider_path=opt_str("provider-path"),
        propquery=opt_str("propquery"),
        config=opt_str("config"),
        worker_grace=float(values.get("-worker-grace", 10.0)),  # type: ignore[arg-type]
        format=opt_str("-format"),
        save=opt_str("-save"),
        repeat=int(values.get("-repeat", 1)),  # type: ignore[call-overload]
        precision=values.get("-precision"),  # type: ignore[arg-type]
        benchmark_json=opt_str("-benchmark-json"),
        history=opt_str("-history"),
        machine=opt_str("-machine"),
    )
    check_views(req)
    return replace(req, dialect=chosen_dialect(req))


ENV_DIALECT = "PYSPEED_DIALECT"
CONFIG_DIALECT = "pyspeed_dialect"  # in the config file's default section


def chosen_dialect(req: SpeedRequest) -> str | None:
    """--dialect, else $PYSPEED_DIALECT, else `pyspeed_dialect` in the config file;
    None leaves it to the words (3.5 if they name what only 3.5 has, else 3.0)."""
    import os

    from pyspeed.algos.vocabulary import DIALECTS

    found = [(req.dialect, "--dialect"), (os.environ.get(ENV_DIALECT) or None, ENV_DIALECT)]
    value, source = next(((v, s) for v, s in found if v is not None), (None, ""))
    if value is None:
        value, source = _config_dialect(req.config)
    if value is not None and value not in DIALECTS:
        raise UsageError(f"speed: {source}: unknown dialect {value!r} (one of "
                         f"{', '.join(DIALECTS)})", usage_hint=False)
    return value


def _config_dialect(explicit: str | None) -> tuple[str | None, str]:
    import os

    from pyspeed.conf import ConfigError, load
    from pyspeed.conf.library import find_config

    path = find_config(explicit, os.environ)
    if path is None:
        return None, ""
    try:
        value = load(path).get(None, CONFIG_DIALECT)
    except (ConfigError, OSError):
        return None, ""  # the engines' setup reports a broken config, once
    return (value.strip() if value else None), f"{path}: {CONFIG_DIALECT}"
