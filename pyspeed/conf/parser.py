"""OpenSSL 3.0's configuration parser (`NCONF_load`, crypto/conf/conf_def.c), in Python.

The goal is to agree with libcrypto on every input, values and errors alike (a
differential test checks it), because a pyspeed configuration is an `openssl.cnf`
and people move them between the two.  So this is a faithful port of
`def_load_bio`: the same physical-line loop (chunks, CR/LF stripping, continuation
by a trailing single backslash, the line counter), the same treatment of a logical
line (comment removal, `[section]` headers, `name = value`, `sect::name = value`,
`.include`, `.pragma`), and the same error conditions at the same lines.

Deliberate differences from libcrypto are limited to what a library that raises
instead of returning an error code needs: `ConfigError.line` is the line within the
file where the error is (libcrypto's counter, which keeps counting across included
files, is `ConfigError.eline`), and non-fatal include problems are collected in
`Config.warnings` instead of an error queue.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Mapping

from pyspeed.conf.config_error import ConfigError
from pyspeed.conf.lexer import clear_comments, eat_alpha_numeric, eat_ws, trim_ws
from pyspeed.conf.parsed import DEFAULT_SECTION, Config, Entry
from pyspeed.conf.reader import LimitError, Reader, Source, display, open_source
from pyspeed.conf.records import record
from pyspeed.conf.values import ValueProblem, expand

#: pyspeed's bound on all values of one load after `$var` expansion (each value is bounded
#: by OpenSSL's 64 KiB; thousands of them are not).
MAX_EXPANDED = 16 << 20

_BOM = "\xef\xbb\xbf"
_BOOLS = {"on": True, "true": True, "off": False, "false": False}


def _text(s: str) -> str:
    """latin-1 held bytes -> text (UTF-8, undecodable bytes as surrogates)."""
    return s.encode("latin-1").decode("utf-8", "surrogateescape")


def _held(s: str) -> str:
    """text -> latin-1 held bytes (inverse of `_text`)."""
    return s.encode("utf-8", "surrogateescape").decode("latin-1")


def _continued(buf: list[str]) -> bool:
    """Whether the joined (non-empty) buffer ends in one backslash, not two."""
    last = buf[-1]
    if last[-1] != "\\":
        return False
    prev = last[-2] if len(last) >= 2 else (buf[-2][-1] if len(buf) >= 2 else "")
    return prev != "\\"


class _Parser:
    """The state of one load: sections, current section, pragmas, reader, line counter."""

    def __init__(self, main: Source, env: Mapping[str, str]) -> None:
        self.reader = Reader(main)
        self.env = {_held(k): _held(v) for k, v in env.items()}
        self.store: dict[str, dict[str, tuple[str, str, int]]] = {DEFAULT_SECTION: {}}
        self.section = DEFAULT_SECTION
        self.dollarid = False
        self.abspath = False
        self.includedir: str | None = None
        self.eline = 0
        self.expanded = 0  # bytes of all values after expansion, bounded by MAX_EXPANDED
        self.secrets: set[str] = set()  # values taken from the environment
        self.warnings: list[ConfigError] = []

    # -- errors ---------------------------------------------------------------------

    def error(self, reason: str, value: str | None = None, *, key: str = "") -> ConfigError:
        """The error at the current line; `value` is latin-1 held detail."""
        src = self.reader.cur
        text = None if value is None else _text(value)
        data = text if reason == "missing equal sign" else ""
        records = (record(key or reason, f"{data}line {self.eline}"),) if key != "-" else ()
        return ConfigError(src.name, src.line, reason, text, eline=self.eline, records=records)

    # -- the physical-line loop (def_load_bio's outer loop) ---------------------------

    def run(self) -> None:
        try:
            self._run()
        except LimitError as exc:  # pyspeed's bounds: fatal, at the line that reached one
            raise self.error(exc.reason, _held(exc.value), key="-") from None

    def _run(self) -> None:
        buf: list[str] = []
        buflen = 0
        again = False
        first = True
        reader = self.reader
        while True:
            chunk = reader.gets()
            while True:
                nul = chunk.find("\0")
                if nul >= 0:
                    chunk = chunk[:nul]
                if first:
                    first = False
                    if chunk.startswith(_BOM):
                        chunk = chunk[3:]
                if chunk or again:
                    break
                # End of this source (or a chunk starting with NUL, which looks the same).
                if not reader.advance():
                    return
                chunk = reader.gets()
            ii = i = len(chunk)
            while i > 0 and chunk[i - 1] in "\r\n":
                i -= 1
            again = bool(ii) and i == ii  # no line end in this chunk: a long line
            if not again:
                self.eline += 1
                reader.cur.line += 1
            if i:
                buf.append(chunk[:i])
                buflen += i
            if not again and buflen >= 1 and _continued(buf):
                buf[-1] = buf[-1][:-1]
                if not buf[-1]:
                    buf.pop()
                buflen -= 1
                again = True
            if again:
                continue
            line = "".join(buf)
            buf.clear()
            buflen = 0
            self.line(line)

    # -- one logical line -----------------------------------------------------------

    def line(self, raw: str) -> None:
        s = clear_comments(raw)
        pos = eat_ws(s, 0)
        if pos >= len(s):
            return
        if s[pos] == "[":
            self.header(s, pos + 1)
        else:
            self.statement(s, pos)

    def header(self, s: str, pos: int) -> None:
        start = eat_ws(s, pos)
        ss = start
        n = len(s)
        while True:
            end = eat_alpha_numeric(s, ss, self.dollarid)
            p = eat_ws(s, end)
            if p < n and s[p] == "]":
                break
            if p < n and ss != p:
                ss = p
                continue
            raise self.error("missing close square bracket")
        self.section = self.expand(s[start:end], None)
        self.store.setdefault(self.section, {})

    def statement(self, s: str, pos: int) -> None:
        name_at = pos
        end = eat_alpha_numeric(s, pos, self.dollarid)
        if s[end : end + 2] == "::":
            target = s[pos:end]
            name_at = end + 2
            end = eat_alpha_numeric(s, name_at, self.dollarid)
        else:
            target = self.section
        p = eat_ws(s, end)
        eq = s[p : p + 1] == "="
        if s.startswith(".pragma", name_at) and (p != name_at + 7 or eq):
            self.pragma(trim_ws(s, eat_ws(s, p + 1) if eq else p))
        elif s.startswith(".include", name_at) and (p != name_at + 8 or eq):
            self.include(trim_ws(s, eat_ws(s, p + 1) if eq else p), target)
        elif not eq:
            raise self.error("missing equal sign", "HERE-->" + s[p:])
        else:
            raw = trim_ws(s, eat_ws(s, p + 1))
            value = self.expand(raw, target)
            sect = self.store.setdefault(target, {})
            name = s[name_at:end]
            sect.pop(name, None)
            src = self.reader.cur
            sect[name] = (value, src.name, src.line, self._from_env(raw, value))

    def _from_env(self, raw: str, value: str) -> bool:
        """Whether the value took something from the environment (`$ENV::NAME`, or a
        variable that did): such a value may be a secret, and messages do not show it."""
        if "ENV::" in raw or ("$" in raw and any(v and v in value for v in self.secrets)):
            self.secrets.add(value)
            return True
        return False

    def pragma(self, text: str) -> None:
        colon = text.find(":")
        if colon <= 0 or colon + 1 >= len(text):
            raise self.error("invalid pragma")
        key = trim_ws(text[:colon])
        val = text[eat_ws(text, colon + 1) :]
        if key in ("dollarid", "abspath"):
            flag = _BOOLS.get(val.lower()) if val.isascii() else None
            if flag is None:
                raise self.error("invalid pragma", key="invalid pragma value")
            setattr(self, key, flag)
        elif key == "includedir":
            self.includedir = val
        # Unknown pragmas are ignored, as OpenSSL does.

    def include(self, text: str, target: str) -> None:
        include_dir = self.env.get("OPENSSL_CONF_INCLUDE", self.includedir)
        path = self.expand(text, target)
        if include_dir is not None and not path.startswith("/"):
            path = include_dir + ("" if include_dir.endswith("/") else "/") + path
        if self.abspath and not path.startswith("/"):
            raise self.error("relative path")
        skipped = self.reader.include(path.encode("latin-1"))
        if skipped is not None:
            self.warnings.append(self.error(skipped.reason, _held(skipped.value), key="-"))

    # -- values ---------------------------------------------------------------------

    def lookup(self, section: str | None, name: str) -> str | None:
        """OpenSSL's `_CONF_get_string`: the section, then ENV's environment, then default."""
        if section is not None:
            sect = self.store.get(section)
            if sect is not None and name in sect:
                return sect[name][0]
            if section == "ENV" and name:
                env = self.env.get(name)
                if env is not None:
                    return env
        hit = self.store[DEFAULT_SECTION].get(name)
        return hit[0] if hit is not None else None

    def expand(self, raw: str, section: str | None) -> str:
        try:
            value = expand(raw, section, self.lookup, dollarid=self.dollarid)
        except ValueProblem as exc:
            raise self.error(exc.reason, exc.detail) from None
        self.expanded += len(value)
        if self.expanded > MAX_EXPANDED:
            raise self.error(f"values expand to more than {MAX_EXPANDED} bytes in all",
                             key="-")
        return value

    def result(self, file: str | None, env: Mapping[str, str]) -> Config:
        sections = {
            _text(sname): {
                _text(name): Entry(_text(name), _text(v), f, ln, from_env)
                for name, (v, f, ln, from_env) in items.items()
            }
            for sname, items in self.store.items()
        }
        return Config(sections, env=env, file=file, warnings=tuple(self.warnings))


def _environment(env: Mapping[str, str] | None) -> dict[str, str]:
    return dict(os.environ if env is None else env)


def parse(
    text: str | bytes,
    *,
    file: str = "<string>",
    env: Mapping[str, str] | None = None,
) -> Config:
    """Parse configuration text (as if it were the content of `file`).

    `env` is the environment for `$ENV::NAME` and `OPENSSL_CONF_INCLUDE`
    (default: the process environment).  `.include` paths are read from the file
    system, relative ones from the current directory, as OpenSSL does.
    Raises ConfigError.
    """
    data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogateescape")
    environment = _environment(env)
    parser = _Parser(Source(file, data.decode("latin-1")), environment)
    parser.run()
    return parser.result(None, environment)


def load(path: str | bytes | os.PathLike[str], *, env: Mapping[str, str] | None = None) -> Config:
    """Load a configuration file like `NCONF_load`.  Raises ConfigError.

    A missing file is `no such file`; a directory loads as an empty configuration
    (OpenSSL opens it and reads nothing).
    """
    raw = os.fsencode(path)
    environment = _environment(env)
    try:
        src = open_source(raw)
    except OSError as exc:
        missing = exc.errno in (errno.ENOENT, errno.ENXIO)
        if missing:
            records = (record("no such file"),)
            raise ConfigError(display(raw), None, "no such file", records=records) from None
        raise ConfigError(display(raw), None, "system lib", exc.strerror) from None
    except LimitError as exc:
        raise ConfigError(display(raw), None, exc.reason) from None
    parser = _Parser(src, environment)
    parser.run()
    return parser.result(display(raw), environment)
