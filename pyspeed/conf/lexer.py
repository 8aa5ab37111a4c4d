"""Character classes and the small scanners of OpenSSL's config syntax (conf_def.c).

Everything here works on *byte strings held as latin-1 `str`*: one character is one
byte, so positions, lengths and the 64 KiB expansion bound are the ones OpenSSL
sees, and bytes >= 0x80 (which belong to no class in OpenSSL's table) stay
classless whatever encoding the file uses.  The conversion to real text happens once,
when the parsed configuration is handed out.

The scanners mirror OpenSSL's `eat_ws`, `trim_ws`, `eat_alpha_numeric`,
`scan_quote`, `scan_esc` and `clear_comments` one for one, because their odd corners
(an escape at the end of a line, an unterminated quote running to the end) are
observable in parse results.
"""

from __future__ import annotations

#: Whitespace: space, tab, CR, LF (not VT or FF).
WS = frozenset(" \t\r\n")
#: The three quote characters; all behave identically in the default syntax.
QUOTES = frozenset("'\"`")
ESC = "\\"
COMMENT = "#"
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
#: Variable-name characters (`IS_ALNUM`): letters, digits, underscore.
ALNUM = frozenset(_LETTERS + "0123456789_")
#: Name characters (`IS_ALNUM_PUNCT`): ALNUM plus this punctuation.
ALNUM_PUNCT = ALNUM | frozenset("!.%&*+,/;?@^~|-")


def eat_ws(s: str, i: int) -> int:
    """Skip whitespace from `i`; return the first non-whitespace position."""
    n = len(s)
    while i < n and s[i] in WS:
        i += 1
    return i


def trim_ws(s: str, start: int = 0) -> str:
    """Return `s[start:]` without trailing whitespace (OpenSSL's in-place `trim_ws`)."""
    end = len(s)
    while end > start and s[end - 1] in WS:
        end -= 1
    return s[start:end]


def scan_esc(s: str, i: int) -> int:
    """Skip the escape at `i` and the character it escapes (just the `\\` at the end)."""
    return i + 1 if i + 1 >= len(s) else i + 2


def scan_quote(s: str, i: int) -> int:
    """Skip the quoted run starting at `i`; an unterminated quote runs to the end."""
    q = s[i]
    n = len(s)
    i += 1
    while i < n and s[i] != q:
        if s[i] == ESC:
            i += 1
            if i >= n:
                return i
        i += 1
    if i < n and s[i] == q:
        i += 1
    return i


def eat_alpha_numeric(s: str, i: int, dollarid: bool) -> int:
    """Skip a name: name characters and escape pairs (and `$` with `dollarid`)."""
    n = len(s)
    while i < n:
        c = s[i]
        if c == ESC:
            i = scan_esc(s, i)
            continue
        if c in ALNUM_PUNCT or (dollarid and c == "$"):
            i += 1
            continue
        break
    return i


def clear_comments(s: str) -> str:
    """Cut the line at the first `#` that is outside quotes and not escaped."""
    n = len(s)
    i = eat_ws(s, 0)
    while i < n:
        c = s[i]
        if c == COMMENT:
            return s[:i]
        if c in QUOTES:
            i = scan_quote(s, i)
        elif c == ESC:
            i = scan_esc(s, i)
        else:
            i += 1
    return s
