"""`pyspeed engine`: `openssl engine [-v...] [-c] [-t|-tt] [-pre CMD]... [-post CMD]... [id...]`.

stdout carries exactly what openssl prints (docs/openssl-compat.md §2.2). What openssl leaves to its
error stack, pyspeed says in one line: why an id could not be loaded (stderr), why a
ctrl failed (stdout, where openssl prints the stack), and, with `-t`, why an engine is
unavailable (stderr; stdout with `-tt`, where openssl prints the trace).
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

from pyspeed.commands.openssl_args import PYSPEED_SECTION, Opt, OptTable, parse
from pyspeed.engines.base import Engine
from pyspeed.engines.configured import configured_engines_for
from pyspeed.engines.ctrl import CtrlError
from pyspeed.engines.loading import EngineLoadError, engine_ids, load_engine
from pyspeed.errors import EXIT_OK, PyspeedError, UsageError, report
from pyspeed.views.engine_listing import availability_line, capabilities_line, ctrl_listing

_G, _O = "General options", "Output options"

ENGINE_OPTS = OptTable(
    prog="engine",
    usage="[options] engine...",
    opts=(
        Opt("help", "-", "Display this summary", _G),
        Opt("t", "-", "Check that specified engine is available", _G),
        Opt("pre", "val", "Run command against the ENGINE before loading it", _G, repeat=True),
        Opt("post", "val", "Run command against the ENGINE after loading it", _G, repeat=True),
        Opt("v", "-", "List 'control commands' For each specified engine", _O),
        Opt("vv", "-", "Also display each command's description", _O),
        Opt("vvv", "-", "Also add the input flags for each command", _O),
        Opt("vvvv", "-", "Also show internal input flags", _O),
        Opt("c", "-", "List the capabilities of specified engine", _O),
        Opt("tt", "-", "Display error trace for unavailable engines", _O),
        Opt("", "-", 'Commands are like "SO_PATH:/lib/libdriver.so"', _O),
        Opt("config", "val", "Engine configuration file (default: $OPENSSL_CONF)",
            PYSPEED_SECTION),
    ),
    trailer=("", "Parameters:", " engine     ID of engine(s) to load"),
)

MAX_EXIT = 127


def parse_engine_args(argv: list[str]) -> tuple[dict[str, Any], list[str]]:
    """Ids may come before the flags and after them, but not in between (openssl's rule)."""
    lead = 0
    while lead < len(argv) and not argv[lead].startswith("-"):
        lead += 1
    values, rest = parse(ENGINE_OPTS, argv[lead:])
    if any(word.startswith("-") for word in rest):
        raise UsageError("engine: Cannot mix flags and engine names.", prog="engine")
    return values, argv[:lead] + rest


def engine_main(argv: list[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        values, ids = parse_engine_args(argv)
    except UsageError as exc:
        return report(exc, err)
    if values.get("help"):
        err.write(ENGINE_OPTS.help_text())
        return EXIT_OK
    verbosity = max((n for n, flag in ((1, "v"), (2, "vv"), (3, "vvv"), (4, "vvvv"))
                     if values.get(flag)), default=0)
    view = _View(
        out=out, err=err, verbosity=verbosity, caps=bool(values.get("c")),
        test=bool(values.get("t") or values.get("tt")), trace=bool(values.get("tt")),
        pre=list(values.get("pre", [])), post=list(values.get("post", [])),
    )
    try:
        configured = {c.engine.id: c.engine
                      for c in configured_engines_for(values.get("config"))}
        all_ids = engine_ids()
    except PyspeedError as exc:
        return report(exc, err)
    failed = 0
    for engine_id in ids or all_ids + [i for i in configured if i not in all_ids]:
        try:
            engine = configured.get(engine_id) or load_engine(engine_id)
        except (EngineLoadError, PyspeedError) as exc:
            err.write(f"engine: {exc}\n")
            failed += 1
            continue
        view.show(engine_id, engine)
    out.flush()
    return min(failed, MAX_EXIT)


class _View:
    def __init__(self, *, out: TextIO, err: TextIO, verbosity: int, caps: bool, test: bool,
                 trace: bool, pre: list[str], post: list[str]) -> None:
        self.out, self.err = out, err
        self.verbosity, self.caps, self.test, self.trace = verbosity, caps, test, trace
        self.pre, self.post = pre, post

    def line(self, text: str) -> None:
        self.out.write(text + "\n")

    def show(self, requested_id: str, engine: Engine) -> None:
        self.line(f"({requested_id}) {engine.name}")
        self.run_ctrls(engine, self.pre)
        loaded = engine.loaded()
        if loaded is not None:
            engine = loaded
        if engine.id != requested_id:
            self.line(f"Loaded: ({engine.id}) {engine.name}")
        if self.caps:
            for text in capabilities_line(engine.capabilities()):
                self.line(text)
        if self.test:
            self.test_engine(engine)
        for text in ctrl_listing(engine.ctrl_commands(), self.verbosity):
            self.line(text)

    def test_engine(self, engine: Engine) -> None:
        available = engine.try_init()
        self.line(availability_line(available))
        if available:
            self.run_ctrls(engine, self.post)
            engine.finish()
            return
        reason = engine.unavailable_reason or "init failed"
        message = f"pyspeed: engine {engine.id} is unavailable: {reason}"
        (self.out if self.trace else self.err).write(message + "\n")

    def run_ctrls(self, engine: Engine, commands: list[str]) -> None:
        """Send `NAME[:ARG]` commands in order; a name before `:` too long to be a command
        ends the list, as in openssl (which checks the length only when there is a `:`)."""
        for text in commands:
            name, sep, arg = text.partition(":")
            if sep and len(name) > 254:
                self.line("[Error]: command name too long")
                return
            try:
                engine.ctrl_cmd_string(name, arg if sep else None)
            except CtrlError as exc:
                self.line(f"[Failure]: {text}")
                self.line(f"pyspeed: ctrl {name}: {exc.reason}")
            else:
                self.line(f"[Success]: {text}")
