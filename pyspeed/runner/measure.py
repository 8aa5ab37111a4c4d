"""`measure()`: pyspeed's core. Algorithm words or cases in, a typed results document out.

    import pyspeed
    run = pyspeed.measure(["rsa2048", "sha256"], engines=["software", "qat"],
                          options=pyspeed.MeasureOptions(seconds=0.5, repeat=5))
    for s in pyspeed.run_stats(run):
        print(s.case, s.engine, s.median, s.unit)

It prints nothing and writes nothing: a Listener hears what happens as it happens
(engine messages, tests starting and ending, what an engine cannot run), and the Run it
returns holds every measurement and every failure. Every command, `sweep` and the
pytest plugin call it; the views and the files are theirs.

One process runs the plan repetition by repetition, case by case, engine by engine
(`run_matrix`), or until each median is precise enough (`run_until_precise`). With
`multi`, worker processes run it side by side (openssl's -multi) and the parent hears
their events through the worker protocol.
"""

from __future__ import annotations

import datetime as dt
import gc
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields, replace

from pyspeed._version import __version__
from pyspeed.algos.cases import Selection, SelectOptions, evp_algo, plan, select
from pyspeed.engines.routing import Router
from pyspeed.engines.setup import setup_engines
from pyspeed.errors import PyspeedError
from pyspeed.model import (
    Case,
    CaseOptions,
    EngineInfo,
    Listener,
    Measurement,
    Result,
    Run,
    SymAlgo,
    Unsupported,
    record_from,
)
from pyspeed.provenance import commit_info, machine_info
from pyspeed.runner.protocol import Event, Sender, record_of
from pyspeed.runner.session import Precision, Session, run_matrix, run_until_precise
from pyspeed.runner.workers import CASE_GRACE, run_workers

MAX_MULTI = 1024  # worker processes one run may start
MAX_REPEAT = 10_000  # repetitions of one case


@dataclass(frozen=True)
class MeasureOptions:
    """How to measure: openssl speed's options and pyspeed's own, as plain values.

    `seconds` None means openssl's defaults (3 s symmetric, 10 s public key); any
    positive float is accepted here (the command line takes whole seconds, as openssl).
    """

    seconds: float | None = None
    elapsed: bool = False
    bytes: int | None = None
    misalign: int = 0
    primes: int = 2
    async_jobs: int = 0
    multi: int = 0
    evp: str | None = None
    hmac: str | None = None
    cmac: str | None = None
    decrypt: bool = False
    aead: bool = False
    mb: bool = False
    dialect: str | None = None  # 3.0 or 3.5 (None: 3.0 unless 3.5-only names are asked for)
    kem_algorithms: bool = False
    signature_algorithms: bool = False
    repeat: int = 1
    precision: float | None = None  # percent: repeat until the median's 95% CI is this wide
    config: str | None = None  # openssl.cnf to read engines from (None: $OPENSSL_CONF)
    worker_grace: float = CASE_GRACE
    extra: dict[str, object] = field(default_factory=dict)  # kept in the document's options

    def select_options(self) -> SelectOptions:
        """The options that decide what a word selects: every SelectOptions field is one
        of ours by the same name, so a new selection option cannot be left behind."""
        return SelectOptions(**{f.name: getattr(self, f.name) for f in fields(SelectOptions)})


class MeasureError(PyspeedError):
    """A run that cannot start (bad option combination, limit exceeded): exit 1."""


def selection_for(words: Sequence[str] | Selection, options: MeasureOptions) -> Selection:
    """What a run measures: words are expanded with openssl's rules (UsageError if one is
    unknown); a Selection is taken as it is."""
    if isinstance(words, Selection):
        return words
    return select(list(words), options.select_options())


def measure(words: Sequence[str] | Selection = (), engines: Sequence[str] = (), *,
            options: MeasureOptions | None = None, listener: Listener | None = None,
            command: Sequence[str] = ()) -> Run:
    """Measure `words` (openssl speed's algorithm words; none: the whole default matrix)
    on `engines` (ids; none: the software engine, or those the config makes default)."""
    options = options or MeasureOptions()
    _check_limits(options)
    listener = listener or Listener()
    selection = selection_for(words, options)
    run = Run(
        options={**_options_dict(options), "words": _words(words),
                 "engines": list(engines), "dialect": selection.dialect},
        command=list(command),
        started=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        run_id=uuid.uuid4().hex,
        pyspeed=__version__,
        machine_info=machine_info(),
        commit_info=commit_info(),
    )
    if options.multi:
        run.options["elapsed"] = True  # concurrent workers: only wall-clock rates add up
        _measure_workers(run, selection, tuple(engines), options, listener)
    else:
        _measure_here(run, selection, tuple(engines), options, listener, worker=0)
    run.complete = not run.interrupted and not any(
        w.failed and not w.stopped for w in run.workers)
    return run


def _check_limits(options: MeasureOptions) -> None:
    if options.multi < 0 or options.multi > MAX_MULTI:
        raise MeasureError(f"speed: -multi {options.multi}: at most {MAX_MULTI} workers")
    if not 1 <= options.repeat <= MAX_REPEAT:
        raise MeasureError(f"speed: --repeat {options.repeat}: must be 1 to {MAX_REPEAT}")
    if options.seconds is not None and not 0 < options.seconds < float("inf"):
        raise MeasureError(f"speed: seconds must be positive, not {options.seconds}")
    if options.precision is not None and options.repeat > 1:
        raise MeasureError("speed: --precision decides the repetitions; it does not combine "
                           "with --repeat")


def _options_dict(options: MeasureOptions) -> dict[str, object]:
    out = {k: v for k, v in asdict(options).items() if k != "extra"}
    out.update(options.extra)
    return out


def _words(words: Sequence[str] | Selection) -> list[str]:
    """The algorithm words of a run as a command line says them, so that a saved run
    selects the same rows again (`pyspeed report`): a row that an option made (`-evp`,
    `-cmac` in 3.0) comes back from the saved option, not from its label."""
    if not isinstance(words, Selection):
        return list(words)
    if not words.explicit:
        return []
    named = [_sym_word(a, words.dialect) for a in words.sym] + [a.word for a in words.pkey]
    return list(dict.fromkeys(w for w in named if w))


def _sym_word(algo: SymAlgo, dialect: str) -> str:
    if algo.kind in ("evp_cipher", "evp_digest"):
        return ""
    if algo.kind == "hmac":
        return "hmac"  # hmac(md5), hmac(sha256), or -hmac's digest (saved with the options)
    if algo.kind == "cmac":
        return "cmac" if dialect == "3.5" else ""
    return algo.word


def _measure_here(run: Run, selection: Selection, engines: tuple[str, ...],
                  options: MeasureOptions, listener: Listener, worker: int) -> None:
    """One process: set up the engines, run the plan, keep every record and failure."""
    routers = setup_engines(engines, options.config, listener.message)
    run.engines = [EngineInfo(r.id, r.name) for r in routers]
    if isinstance(listener, Sender):
        for info in run.engines:
            listener.engine(asdict(info))
    _check_mb(options, routers)
    selection = _drop_default_unsupported(selection, routers[0], listener, run)
    case_options = CaseOptions(options.misalign, options.primes, options.async_jobs,
                               options.multi, worker, options.elapsed, selection.dialect)
    sessions = [Session(r, case_options, listener) for r in routers]
    if options.precision is not None:
        completed, ran = _run_precise(selection, sessions, options, listener)
    else:
        completed, ran = run_matrix(plan(selection, options.seconds), sessions, options.repeat)
    extra = [r for s in sessions for r in s.outcome.extra]
    run.records = [record_from(r, case_options) for r in (*ran, *extra)]
    for s in sessions:
        if s.outcome.unsupported:
            run.unsupported.setdefault(s.engine.id, {}).update(s.outcome.unsupported)
        if s.outcome.dropped:
            run.dropped.setdefault(s.engine.id, []).extend(sorted(s.outcome.dropped))
            if isinstance(listener, Sender):
                for word in sorted(s.outcome.dropped):
                    listener.dropped(s.engine.id, word)
    run.interrupted = not completed
    _describe_engines(run)


def _check_mb(options: MeasureOptions, routers: list[Router]) -> None:
    if options.mb:
        label = evp_algo(options.evp or "").label
        raise MeasureError(f"speed: -mb: engine {routers[0].id} has no multi-block "
                           f"implementation of {label}")


def _describe_engines(run: Run) -> None:
    """Which engines were modelled, and which implementations served them."""
    infos = {e.id: e for e in run.engines}
    for engine_id in dict.fromkeys(r.engine for r in run.records):
        mine = [r for r in run.records if r.engine == engine_id]
        base = infos.get(engine_id, EngineInfo(engine_id))
        infos[engine_id] = replace(
            base, modelled=any(r.modelled for r in mine),
            provenance="; ".join(sorted({r.implementation for r in mine if r.implementation})))
    run.engines = list(infos.values())


def _run_precise(selection: Selection, sessions: list[Session], options: MeasureOptions,
                 listener: Listener) -> tuple[bool, list]:  # type: ignore[type-arg]
    """--precision P: short repetitions (a tenth of the test's duration, at least 0.1 s
    unless the test itself is shorter) until the median is known to P%; the test's usual
    duration (-seconds, or openssl's 3 s / 10 s) becomes the cap on a case's total time."""
    full = plan(selection, options.seconds)
    short = [replace(c, seconds=min(c.seconds, max(c.seconds / 10, 0.1))) for c in full]
    cap = max((c.seconds for c in full), default=0.0)
    percent = options.precision or 0.0

    def capped(engine: str, key: str, width: float, spent: float) -> None:
        listener.message(f"pyspeed: {key} on {engine}: ±{width:.1f}% after {spent:.1f} s "
                         f"(cap), not ±{percent:g}%")

    return run_until_precise(short, sessions, Precision(percent, cap, options.elapsed), capped)


def _drop_default_unsupported(selection: Selection, engine: Router, listener: Listener,
                              run: Run) -> Selection:
    """The default matrix keeps only the symmetric rows the engine can run (as openssl keeps
    only fetchable ones); each row left out is reported once and kept in the run's
    `unsupported`, never dropped silently."""
    if selection.explicit:
        return selection
    keep = []
    for algo in selection.sym:
        try:
            engine.check(algo)
        except Unsupported as exc:
            run.unsupported.setdefault(engine.id, {})[algo.label] = str(exc)
            listener.unsupported(engine.id, algo.label, str(exc))
        else:
            keep.append(algo)
    return replace(selection, sym=tuple(keep))


def _measure_workers(run: Run, selection: Selection, engines: tuple[str, ...],
                     options: MeasureOptions, listener: Listener) -> None:
    """openssl's -multi: M workers run the plan side by side; the parent hears them.

    The parent builds the engines once, silently, before it forks, so that a config that
    cannot be applied is the same one-line error (exit 2) as without -multi; the workers
    build their own (engine objects never cross a fork)."""
    _check_mb(options, setup_engines(engines, options.config, lambda text: None))
    gc.collect()  # the parent's engines, and what they hold open, are gone before the fork
    child_options = replace(options, elapsed=True)
    cases: dict[str, Case] = {c.key: c for c in plan(selection, options.seconds)}
    engines_seen: dict[str, EngineInfo] = {}

    def child(index: int, status) -> int:  # type: ignore[no-untyped-def]
        sender = Sender(status, CaseOptions(async_jobs=options.async_jobs, multi=options.multi,
                                            worker=index))
        mine = Run(options=dict(run.options))
        try:
            _measure_here(mine, selection, engines, child_options, sender, worker=index)
        except PyspeedError as exc:
            sender.message(exc.message)
            return exc.exit_code
        return 130 if mine.interrupted else 0

    def on_event(index: int, event: Event) -> None:
        _hear(run, cases, engines_seen, listener, index, event)

    run.workers, run.interrupted = run_workers(
        options.multi, child, on_event, listener.worker_started,
        case_grace=options.worker_grace)
    run.engines = list(engines_seen.values())
    _describe_engines(run)


def _hear(run: Run, cases: dict[str, Case], engines_seen: dict[str, EngineInfo],
          listener: Listener, index: int, event: Event) -> None:
    """One worker event, in the parent: keep what it carries and tell the listener."""
    if "message" in event:
        listener.message(str(event["message"]))
    elif "engine" in event and isinstance(event["engine"], dict):
        info = EngineInfo(**{k: v for k, v in event["engine"].items()
                             if k in EngineInfo.__dataclass_fields__})
        engines_seen.setdefault(info.id, info)
    elif "start" in event:
        case = cases.get(str(event["start"]))
        seconds = event.get("seconds")
        if case is not None:  # the worker's own duration (--precision runs shorter tests)
            if isinstance(seconds, (int, float)) and not isinstance(seconds, bool):
                case = replace(case, seconds=float(seconds))
            listener.started(case, index)
    elif "end" in event:
        rec = record_of(event, index)
        if rec is None:
            return
        run.records.append(rec)
        case = cases.get(rec.case)
        if case is not None:
            case = replace(case, seconds=rec.seconds)
            m = Measurement(rec.count, rec.wall, rec.user, rec.sys, rec.error, rec.modelled,
                            tuple(rec.counters.items()))
            listener.finished(Result(case, m, rec.served_by, rec.implementation, rec.repeat,
                                     rec.engine, index))
    elif "unsupported" in event:
        engine, name, reason = (str(x) for x in event["unsupported"])
        known = run.unsupported.setdefault(engine, {})
        if name not in known:
            known[name] = reason
            listener.unsupported(engine, name, reason)
    elif "dropped" in event:
        engine, word = (str(x) for x in event["dropped"])
        words = run.dropped.setdefault(engine, [])
        if word not in words:
            words.append(word)
