"""Value processing: quotes, escapes and variable expansion (OpenSSL's `str_copy`).

The same routine processes assignment values, `.include` paths and (with no section,
so without any possible expansion) section names.  It is kept separate from the line
loop because it is where nearly all the syntax lives, and because its one resource
bound, the 64 KiB limit on expansion, must be computed exactly as OpenSSL does for
errors to appear on the same inputs: OpenSSL compares a running buffer size, not the
length of the result, so a long literal value with one empty expansion can already
be "too long".

Strings are latin-1 held bytes (see `lexer`).
"""

from __future__ import annotations

from collections.abc import Callable

from pyspeed.conf.lexer import ALNUM, ESC, QUOTES

#: OpenSSL's MAX_CONF_VALUE_LENGTH.
MAX_VALUE_LENGTH = 65536

_ESCAPES = {"r": "\r", "n": "\n", "b": "\b", "t": "\t"}

#: `lookup(section, name)` -> value or None, with OpenSSL's `_CONF_get_string` rules.
Lookup = Callable[[str | None, str], str | None]


class ValueProblem(Exception):
    """A value that cannot be processed; the caller adds the file and line."""

    def __init__(self, reason: str, detail: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


def _var_end(s: str, i: int, dollarid: bool) -> int:
    n = len(s)
    while i < n and (s[i] in ALNUM or (dollarid and s[i] == "$")):
        i += 1
    return i


def expand(s: str, section: str | None, lookup: Lookup, *, dollarid: bool = False) -> str:
    """Process one raw value (already comment-stripped and trimmed) into its final form.

    `section` is the section unqualified variables are resolved in (for
    `sect::name = ...` lines that is `sect`, not the open section).  Raises
    `ValueProblem` for `no close brace`, `variable has no value` and
    `variable expansion too long`.
    """
    out: list[str] = []
    n = len(s)
    size = n + 1  # OpenSSL's buf->length: grows and shrinks with every expansion
    i = 0
    while i < n:
        c = s[i]
        if c in QUOTES:
            i += 1
            start = i
            while i < n and s[i] != c:
                if s[i] == ESC:
                    out.append(s[start:i])
                    i += 1
                    if i >= n:
                        start = i
                        break
                    start = i
                i += 1
            out.append(s[start:i])
            if i < n:
                i += 1  # the closing quote
        elif c == ESC:
            if i + 1 >= n:
                break  # a lone backslash at the end is dropped
            v = s[i + 1]
            out.append(_ESCAPES.get(v, v))
            i += 2
        elif c == "$" and (not dollarid or s[i + 1 : i + 2] in ("{", "(")):
            i, size = _expand_one(s, i, section, lookup, dollarid, size, out)
        else:
            j = i + 1
            while j < n and s[j] not in QUOTES and s[j] != ESC and s[j] != "$":
                j += 1
            out.append(s[i:j])
            i = j
    return "".join(out)


def _expand_one(
    s: str,
    i: int,
    section: str | None,
    lookup: Lookup,
    dollarid: bool,
    size: int,
    out: list[str],
) -> tuple[int, int]:
    """Expand the reference starting at the `$` at `i`; return (next index, new size)."""
    j = i + 1
    opener = s[j : j + 1]
    closer = "}" if opener == "{" else ")" if opener == "(" else ""
    if closer:
        j += 1
    sect = section
    name_start = j
    e = _var_end(s, j, dollarid)
    if s[e : e + 2] == "::":
        sect = s[name_start:e]
        name_start = e + 2
        e = _var_end(s, name_start, dollarid)
    name = s[name_start:e]
    shown = name if sect is section else f"{sect}::{name}"
    if closer:
        if s[e : e + 1] != closer:
            raise ValueProblem("no close brace", s[i:e])
        e += 1
    value = lookup(sect, name)
    if value is None:
        raise ValueProblem("variable has no value", shown)
    size = len(value) + size - (e - i)
    if size > MAX_VALUE_LENGTH:
        raise ValueProblem("variable expansion too long", shown)
    out.append(value)
    return e, size
