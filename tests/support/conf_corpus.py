"""Test support: tricky configuration files, hand-written and generated.

A case is bytes with `{inc}` standing for the include fixture directory (see
`build_include_tree`) plus the environment to load it with.  The generator is
seeded, so a failing case number always names the same file.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Case:
    id: str
    text: bytes
    env: dict[str, str] = field(default_factory=dict)

    def render(self, inc: Path) -> bytes:
        return self.text.replace(b"{inc}", os.fsencode(inc))

    def environment(self, inc: Path) -> dict[str, str]:
        return {k: v.replace("{inc}", str(inc)) for k, v in self.env.items()}


def build_include_tree(root: Path) -> Path:
    """Files and directories the cases include; returns the directory to use as `{inc}`."""
    inc = root / "inc"
    (inc / "dir" / "sub.cnf").mkdir(parents=True)
    (inc / "dir2").mkdir()
    (inc / "emptydir").mkdir()
    files = {
        "one.cnf": "single = yes\n",
        "sect.cnf": "k = v\n[incsec]\nx = $k\n",
        "vars.cnf": "fromvar = ${top}\n",
        "err.cnf": "ok = 1\n\nbad line here\n",
        "cont.cnf": "c = 1\\\n",
        "nonl.cnf": "n = 1\\",
        "empty.cnf": "",
        "nested.cnf": f"nested = 1\n.include {inc}/one.cnf\nnested_after = 2\n",
        "dir/b.cnf": "fromA = 1\n",
        "dir/D.CNF": "upper = 4\n",
        "dir/e.cnf": f"inner = 1\n.include {inc}/dir2\n.include {inc}/one.cnf\nafter_inner = 1\n",
        "dir/c.txt": "ignored = 1\n",
        "dir/a.conf": "fromB = 2\n[changed]\nc = 1\n",
        "dir/.cnf": "dotonly = 1\n",
        "dir2/x.cnf": "x = 1\n",
    }
    for name, text in files.items():
        (inc / name).write_text(text)
    return inc


# -- hand-written cases --------------------------------------------------------------

REFERENCE_EX = rb"""# full-line comment
top = global          # trailing comment removed
dup = first
other = x
dup = second
q1 = 'single # kept'  # comment
q2 = "dq \"esc\""
q3 = `tick`
mid = x'y z'w"q"
apos = it's
inq = 'a\nb'
esc = a\nb\tc\\d\#e\ f
cont = abc\
     def
v1 = $top/x
v2 = ${top}-$(dup)
v3 = $top.$top
env = $ENV::MYVAR
pad = ' padded '
empty =
[ sec2 ]
k = kk
fromdef = $top
me = ${k}
[  spaced  name  ]
cross = ${sec2::k}+$sec2::fromdef
sec2::injected = yes
a.b-c,d;e!f = punct name
1.OU = first
2.OU = second
.pragma dollarid:on
d1 = foo$bar
d2 = ${top}$x
"""

_REFERENCE_T2 = b"""a = 1
b = 2
a = 3
mid = x'y z'w"q"
.include {inc}/one.cnf
.include = {inc}/dir
.include {inc}/missing.cnf
after = 1
.pragma dollarid:on
d1 = foo$bar
d2 = ${a}$x
.pragma = dollarid:off
.pragma includedir:{inc}
.include one.cnf
[ENV]
MYVAR = fromsection
[s]
ev = $ENV::MYVAR $ENV::HOME
"""

_HAND: list[tuple[str, bytes, dict[str, str]]] = [
    ("ref-ex", REFERENCE_EX, {"MYVAR": "envval"}),
    ("ref-t2", _REFERENCE_T2, {"MYVAR": "envval"}),
    ("ref-t4", b"[s1]\na = 1\n.include {inc}/sect.cnf\ny = 2\n", {}),
    ("ref-e_eq", b"a = 1\n\n[sec]\nfoo bar\n", {}),
    ("ref-e_br", b"a = 1\n[sec\nb=2\n", {}),
    ("ref-e_brace", b"a = ${b\n", {}),
    ("ref-e_novar", b"a = 1\nb = $nosuch\n", {}),
    ("ref-e_pragma", b".pragma foo\n", {}),
    ("ref-e_pragma2", b".pragma dollarid:maybe\n", {}),
    ("ref-e_abs", b".pragma abspath:on\n.include rel.cnf\n", {}),
    ("ref-e_cont", b"a = 1\\\n  continued\nb = 2\nc = $(a\n", {}),
    ("empty-name", b"= foo\nx = $\n", {}),
    ("empty-section-var", b"::x = 1\ny = $::x\n", {}),
    ("pragma-prefix", b".pragmax = 1\n", {}),
    ("include-prefix", b".includex\n", {}),
    ("bare-include", b".include\n", {}),
    ("raw-target-section", b"a\\ b::x = 1\n[a\\ b]\ny = 2\n", {}),
    ("trailing-escapes", b"a = x\\ \nb = x\\\\\\\nc = \\\n", {}),
    ("empty-headers", b"[]\nx=1\n[ ]\ny=2\n", {}),
    ("header-garbage", b"[a]b\nx=1\n[a = b]\n", {}),
    ("env-missing", b"x = $ENV::HOME $ENV::PYSPEED_NOPE\n", {"HOME": "/home/u"}),
    ("env-section", b"PYSPEED_NOPE = d\nx = $ENV::PYSPEED_NOPE\n[ENV]\nHOME = h\ny = $HOME\n", {}),
    ("double-colon", b"a = 1\na::b::c = 1\n", {}),
    ("doubled-quotes", b'x = "a""b"\ny = \'\\\'\'\nz = `a\\`b`\n', {}),
    ("comment-continued", b"a = b # c \\\nd = e\n", {}),
    ("double-backslash-end", b"a = 1 \\\\\nb = 2\n", {}),
    ("header-comment", b"[s] # comment\nk=v\n", {}),
    ("dollarid-spaced", b".pragma dollarid : on\nx$y = 1\nz = $x$y\n", {}),
    ("dollarid-braces", b".pragma dollarid:on\nx$y = 1\nz = ${x$y}\n", {}),
    ("many-forms", b"a=1\nb=${a}${a}$a$(a)\nc=${a }\n", {}),
    ("qualified", b"x=1\ny=${default::x}\nz=$nosect::x\n", {}),
    ("bom", b"\xef\xbb\xbfa=1\n", {}),
    ("nul-mid", b"a=1\x00junk\nb=2\n", {}),
    ("nul-start", b"a=1\n\x00junk\nb=2\n", {}),
    ("long-line", b"a=" + b"x" * 600 + b"\nb=2\n", {}),
    ("cr-at-chunk-end", b"a=" + b"x" * 507 + b"\r" + b"y" * 20 + b"\nb=2\n", {}),
    ("escape-at-chunk-end", b"a=" + b"x" * 508 + b"\\\nb=2\n", {}),
    ("eof-continuation", b"a=1\\", {}),
    ("eof-continuation-nl", b"a=1\\\nb=$nope", {}),
    ("crlf", b"a=1\r\r\nb=2\r\n", {}),
    ("inner-cr", b"a=b\rc\n", {}),
    ("utf8", b"a=\xc3\xa9\xff\n\xc3\xa9=1\n", {}),
    ("too-long", b"x=" + b"y" * 70000 + b"\nz=$x$x\n", {}),
    ("just-fits", b"x=" + b"y" * 32767 + b"\nz=$x$x\n", {}),
    ("just-too-long", b"x=" + b"y" * 32768 + b"\nz=$x$x\n", {}),
    ("long-literal-empty-var", b"e=\nx=" + b"y" * 65540 + b"$e\n", {}),
    ("long-literal-fits", b"e=\nx=" + b"y" * 65534 + b"$e\n", {}),
    ("vt", b"a=1\x0bb\n\x0bc=1\n", {}),
    ("t4-section-change", b"[s1]\na=1\n.include {inc}/sect.cnf\ny=2\n", {}),
    ("include-error", b"x=1\n.include {inc}/err.cnf\n", {}),
    ("include-cont", b"x=1\n.include {inc}/cont.cnf\nz = 2\nq = $nope\n", {}),
    ("include-nonl", b"x=1\n.include {inc}/nonl.cnf\nz = 2\nq = $nope\n", {}),
    ("include-env-prefix", b".include one.cnf\n", {"OPENSSL_CONF_INCLUDE": "{inc}"}),
    ("include-env-empty", b".include one.cnf\n", {"OPENSSL_CONF_INCLUDE": ""}),
    (
        "include-env-over-pragma",
        b".pragma includedir:/nonexist\n.include one.cnf\n",
        {"OPENSSL_CONF_INCLUDE": "{inc}/"},
    ),
    ("abspath-ok", b".pragma abspath:true\n.pragma includedir:{inc}\n.include one.cnf\nx=1\n", {}),
    ("include-vars", b"d = {inc}\n.include $d/one.cnf\n[q]\nq::.include = ${d}/dir\n", {}),
    ("include-dir-twice", b".include {inc}/dir\n.include {inc}/dir\nz=$nope\n", {}),
    ("include-dir-quirk", b"top=1\n.include {inc}/dir\nend=1\n", {}),
    ("include-dir-named-cnf", b".include {inc}/dir/sub.cnf\nx=1\n", {}),
    ("include-empty-dir", b".include {inc}/emptydir\nx=1\n", {}),
    ("include-vars-scope", b"top=t\n[s]\ntop=s\n.include {inc}/vars.cnf\n", {}),
    ("include-nested", b".include {inc}/nested.cnf\nend=1\n", {}),
    ("pragma-unknown", b".pragma whatever:x\n.pragma includedir : {inc} \n.include one.cnf\n", {}),
    ("pragma-eq-only", b".pragma=\n", {}),
    ("pragma-colon-only", b".pragma :on\n", {}),
    ("pragma-empty-value", b".pragma dollarid:\n", {}),
    ("pragma-case", b".pragma dollarid:ON\n.pragma abspath:False\nx$=1\n", {}),
    ("sect-include", b"[a]\nv=1\nb::.include {inc}/one.cnf\nafter=1\n", {}),
    ("dup-moves", b"a=1\nb=2\na=3\n[s]\nx=1\ns::x=2\ny=1\n", {}),
    ("reopen", b"[s]\na=1\n[t]\nb=1\n[s]\nc=1\n", {}),
    ("case-sections", b"[S]\na=1\n[s]\na=2\n[ENV]\nx=1\n", {}),
    ("env-in-env-section", b"[ENV]\ny = $PYSPEED_VAR\n", {"PYSPEED_VAR": "pv"}),
    (
        "env-section-var",
        b"[ENV]\nPYSPEED_VAR=mine\n[x]\ny = $ENV::PYSPEED_VAR\n",
        {"PYSPEED_VAR": "pv"},
    ),
    ("escape-in-name", b"a\\=b = 1\nc\\#d = 2\n", {}),
    ("escape-in-header", b"[a\\]b]\nx=1\n[c\\ d]\ny=2\n", {}),
    ("escaped-dollar", b"a = \\$x \\${y}\n", {}),
    ("quote-unterminated-var", b"a = 'x $y\nb = \"\\\n", {}),
    ("tab-ws", b"a=1\t\n\tb\t=\t2\t\n", {}),
    ("dollar-paren-mismatch", b"a=1\nb=${a)\n", {}),
    ("dollar-brace-paren", b"a=1\nb=$(a}\n", {}),
    ("var-followed", b"a=1\nb=$a:x $a::\n", {}),
    ("var-section-empty-name", b"a=1\nb=$default::\n", {}),
    ("only-comments", b"# a\n   # b\n\n\t\n", {}),
    ("empty", b"", {}),
    ("only-newlines", b"\n\n\n", {}),
    ("header-unclosed-escape", b"[a\\", {}),
    ("header-dollarid", b".pragma dollarid:on\n[a$b]\nx=1\n", {}),
    ("header-dollar", b"[a$b]\nx=1\n", {}),
]

HAND_CASES = [Case(name, text, env) for name, text, env in _HAND]


# -- generated cases ------------------------------------------------------------------

_NAMES = ["a", "b", "top", "x", "dup", "Key_1", "1.OU", "2.OU", "a.b", "p-q", "x!y", "s%t", "u;v"]
_SECTIONS = ["s", "sec2", "ENV", "default", "spaced  name", "x.y", "S"]
_WORDS = [
    "v",
    "value",
    "/usr/lib",
    "1",
    "0",
    "yes",
    "EMPTY",
    "a,b",
    "x:y",
    "::",
    ":",
    "=",
    "[",
    "]",
]
_INCLUDES = [
    "{inc}/one.cnf",
    "{inc}/sect.cnf",
    "{inc}/dir",
    "{inc}/dir2",
    "{inc}/missing.cnf",
    "{inc}/vars.cnf",
    "{inc}/nonl.cnf",
    "{inc}/cont.cnf",
    "{inc}/empty.cnf",
    "{inc}/nested.cnf",
    "one.cnf",
    "dir2",
    "$incdir/one.cnf",
    "${incdir}/dir",
    "'{inc}/one.cnf'",
]


class _Gen:
    """One random file; `dirty` allows constructs that are (or may be) errors."""

    def __init__(self, rng: random.Random, dirty: bool) -> None:
        self.r = rng
        self.dirty = dirty
        self.defined: list[str] = []
        self.in_default = True

    def pick(self, seq: list[str]) -> str:
        return self.r.choice(seq)

    def ws(self) -> str:
        return self.r.choice(["", "", " ", "  ", "\t", " \t "])

    def variable(self) -> str:
        r = self.r
        usable = [n for n in self.defined if n.isidentifier()]
        if not usable:
            return "literal"
        name = self.pick(usable) if r.random() < 0.85 or not self.dirty else "undef"
        # A bare reference takes the longest run of name characters: end it clearly.
        stop = r.choice([" ", "/", ".", "-", ",", "'q'"])
        form = r.randrange(9)
        if form == 0:
            return "$" + name + stop
        if form == 1:
            return "${" + name + "}"
        if form == 2:
            return "$(" + name + ")"
        if form == 3:
            return "${default::" + name + "}"
        if form == 4:
            return "$default::" + name + stop
        if form == 5:
            unset = ["a", "PYSPEED_UNSET"] if self.dirty else []
            return "$ENV::" + r.choice(["MYVAR", "HOME", *unset]) + stop
        if form == 6 and self.dirty:
            return r.choice(["${" + name, "$(" + name, "$", "${}", "$(a}", "$" + name + "::"])
        if form == 7:
            return "$" + name + "$" + name + stop
        return "${s::" + name + "}" if self.dirty else "$" + name + stop

    def token(self) -> str:
        r = self.r
        kind = r.randrange(12)
        if kind < 3:
            return self.pick(_WORDS)
        if kind == 3:
            return r.choice([" ", "  ", "\t"])
        if kind == 4:
            q = r.choice("'\"`")
            inner = "".join(
                self.r.choice(["a", " ", "#", "$x", "\\n", "\\" + q, "x y"])
                for _ in range(r.randrange(4))
            )
            return q + inner + (q if r.random() < 0.85 else "")
        if kind == 5:
            return "\\" + r.choice(["n", "t", "r", "b", "\\", "#", " ", "$", "'", "x", "="])
        if kind in (6, 7):
            return self.variable()
        if kind == 8:
            return r.choice(["#", " # c", "#x'y"])
        if kind == 9:
            return r.choice(["\xc3\xa9", "\xff", "\x01", "\x0b"])
        return r.choice(["$", "{", "}", "(", ")", "::"]) if self.dirty else "w"

    def value(self) -> str:
        return "".join(self.token() for _ in range(self.r.randrange(5)))

    def name(self) -> str:
        r = self.r
        name = self.pick(_NAMES)
        if r.random() < 0.1:
            name = name + "\\ " + "z"
        if r.random() < 0.1:
            name = self.pick(_SECTIONS).replace(" ", "") + "::" + name
        return name

    def line(self) -> str:
        r = self.r
        kind = r.randrange(20)
        if kind < 9:
            name = self.name()
            sep = "=" if not self.dirty or r.random() < 0.97 else r.choice([" ", ":", ""])
            text = self.ws() + name + self.ws() + sep + self.ws() + self.value()
            plain = "::" not in name and "\\" not in name
            if self.in_default and plain and name not in self.defined:
                self.defined.append(name)
            return text
        if kind < 11:
            sect = self.pick(_SECTIONS)
            if self.dirty and r.random() < 0.1:
                sect = r.choice(["a = b", "a", "x]y", "a\\]"])
            close = "]" if not self.dirty or r.random() < 0.95 else ""
            self.in_default = sect == "default"
            return (
                self.ws() + "[" + self.ws() + sect + self.ws() + close + r.choice(["", " # c", "x"])
            )
        if kind == 11:
            return r.choice(["# comment", "", "   ", "\t# x", "#"])
        if kind == 12:
            return self.ws() + "cont = " + self.value() + "\\"  # continued below
        if kind == 13:
            if self.dirty:
                pragma = r.choice(
                    ["dollarid:on", "dollarid:off", "abspath:on", "x", "dollarid:maybe", ":on"]
                )
            else:
                pragma = r.choice(["dollarid:on", "dollarid:off", "dollarid : true", "unknown:1"])
            return ".pragma" + r.choice([" ", " = ", "="]) + pragma
        if kind == 14:
            return ".pragma includedir:{inc}"
        if kind in (15, 16):
            target = self.pick(_INCLUDES)
            if "sect" in target or "dir" in target:
                self.in_default = False  # these files open sections of their own
            return ".include" + r.choice([" ", " = ", "\t"]) + target
        if kind == 17:
            return "twoslash = " + self.value() + "\\\\"
        return "a = " + self.value()

    def file(self) -> bytes:
        r = self.r
        lines = []
        if r.random() < 0.7:
            lines.append("incdir = {inc}")
            self.defined.append("incdir")
        lines += [self.line() for _ in range(r.randrange(1, 16))]
        end = r.choice(["\n", "\n", "\r\n"])
        text = end.join(lines) + (end if r.random() < 0.9 else "")
        return text.encode("latin-1")


def generated_cases(count: int, seed: int = 20240611) -> list[Case]:
    """`count` seeded random files; about a third may contain errors."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        dirty = rng.random() < 0.35
        env = {"MYVAR": rng.choice(["envval", "", "with space"]), "HOME": "/home/user"}
        if rng.random() < 0.15:
            env["OPENSSL_CONF_INCLUDE"] = rng.choice(["{inc}", "{inc}/", ""])
        out.append(Case(f"gen{i:04d}", _Gen(rng, dirty).file(), env))
    return out
