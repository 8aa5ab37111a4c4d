"""The config parser, rule by rule, with the reference's samples (reference section 3)."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from pyspeed.conf import Config, ConfigError, load, parse
from pyspeed.conf.values import MAX_VALUE_LENGTH

from support.conf_corpus import REFERENCE_EX as CORPUS_REFERENCE_EX

# the reference sample, shared with the differential corpus (which runs it against libcrypto)
REFERENCE_EX = CORPUS_REFERENCE_EX.decode()


def pairs(config: Config, section: str) -> list[tuple[str, str]]:
    sect = config.section(section)
    assert sect is not None, section
    return list(sect.items())


def p(text: str, **env: str) -> Config:
    return parse(text, file="t.cnf", env=env)


def error(text: str, **env: str) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        parse(text, file="t.cnf", env=env)
    return info.value


# -- the reference's observed example ---------------------------------------------------


def test_reference_example_parses_exactly_as_observed() -> None:
    config = p(REFERENCE_EX, MYVAR="envval")
    assert pairs(config, "default") == [
        ("top", "global"),
        ("other", "x"),
        ("dup", "second"),
        ("q1", "single # kept"),
        ("q2", 'dq "esc"'),
        ("q3", "tick"),
        ("mid", "xy zwq"),
        ("apos", "its"),
        ("inq", "anb"),
        ("esc", "a\nb\tc\\d#e f"),
        ("cont", "abc     def"),
        ("v1", "global/x"),
        ("v2", "global-second"),
        ("v3", "global.global"),
        ("env", "envval"),
        ("pad", " padded "),
        ("empty", ""),
    ]
    assert pairs(config, "sec2") == [
        ("k", "kk"),
        ("fromdef", "global"),
        ("me", "kk"),
        ("injected", "yes"),
    ]
    assert pairs(config, "spaced  name") == [
        ("cross", "kk+global"),
        ("a.b-c,d;e!f", "punct name"),
        ("1.OU", "first"),
        ("2.OU", "second"),
        ("d1", "foo$bar"),
        ("d2", "global$x"),
    ]
    assert config.sections() == ["default", "sec2", "spaced  name"]


# -- physical lines ---------------------------------------------------------------------


def test_continuation_keeps_next_line_leading_whitespace_and_double_backslash_does_not() -> None:
    config = p("a = abc\\\n   def\nb = x\\\\\nc = y\n")
    assert pairs(config, "default") == [("a", "abc   def"), ("b", "x\\"), ("c", "y")]


def test_bom_crlf_and_blank_lines() -> None:
    config = p("\ufeffa = 1\r\n\r\n   \n# c\nb = 2\r\r\n")
    assert pairs(config, "default") == [("a", "1"), ("b", "2")]


def test_comment_rules() -> None:
    config = p('a = x # c\nb = \'x # y\' # c\nc = x\\#y\nd = "q\\"#" # c\n')
    assert pairs(config, "default") == [("a", "x"), ("b", "x # y"), ("c", "x#y"), ("d", 'q"#')]


def test_long_lines_are_joined_from_chunks() -> None:
    value = "v" * 5000
    assert p(f"a = {value}\n").get("default", "a") == value


# -- sections ---------------------------------------------------------------------------


def test_section_names_keep_inner_spaces_take_escapes_and_ignore_trailing_text() -> None:
    config = p("[  a  b  ] trailing\nx=1\n[c\\ d]\ny=2\n[S]\nz=3\n[s]\nz=4\n")
    assert config.get("a  b", "x") == "1"
    assert config.get("c d", "y") == "2"
    assert (config.get("S", "z"), config.get("s", "z")) == ("3", "4")


def test_reopened_section_appends_and_empty_section_exists() -> None:
    config = p("[s]\na=1\n[t]\n[s]\nb=2\n")
    assert pairs(config, "s") == [("a", "1"), ("b", "2")]
    assert config.section("t") == {}
    assert config.section("nosuch") is None


# -- names, assignments, duplicates -----------------------------------------------------


def test_duplicates_last_wins_and_moves_to_last_position() -> None:
    assert pairs(p("a=1\nb=2\na=3\n"), "default") == [("b", "2"), ("a", "3")]


def test_sect_colon_colon_name_writes_elsewhere_and_resolves_there() -> None:
    config = p("v = d\n[cur]\nv = c\nother::x = $v\ny = $v\n[other]\nv = o\n")
    assert config.get("other", "x") == "d"  # `other` has no v yet: default's
    assert config.get("cur", "y") == "c"
    assert pairs(config, "other") == [("x", "d"), ("v", "o")]


def test_names_keep_escapes_raw_and_dots() -> None:
    config = p("a\\ b = 1\n1.OU = x\n2.OU = y\n")
    assert pairs(config, "default") == [("a\\ b", "1"), ("1.OU", "x"), ("2.OU", "y")]


def test_equal_sign_forms_and_empty_value() -> None:
    config = p("a=1\nb   =   2   \nc =\n")
    assert pairs(config, "default") == [("a", "1"), ("b", "2"), ("c", "")]


# -- values -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("'a b'", "a b"),
        ('"a b"', "a b"),
        ("`a b`", "a b"),
        ("'a\\nb'", "anb"),
        ("it's", "its"),
        ("x'y z'w\"q\"", "xy zwq"),
        ("'$x # y'", "$x # y"),
        ("\\n\\r\\t\\b", "\n\r\t\b"),
        ("\\\\\\#\\$\\q", "\\#$q"),
        ("a\\", "a"),
    ],
)
def test_quotes_and_escapes(raw: str, value: str) -> None:
    assert p(f"v = {raw}\n").get("default", "v") == value


def test_variable_forms() -> None:
    config = p("a = 1\n[s]\nb = 2\n[t]\nx = $a|${a}|$(a)|${s::b}|$(s::b)|$s::b|$a$a|$a.$a\n")
    assert config.get("t", "x") == "1|1|1|2|2|2|11|1.1"


def test_unqualified_variables_look_in_current_then_default_section() -> None:
    config = p("a = d\nb = db\n[s]\na = s\nx = $a $b\n")
    assert config.get("s", "x") == "s db"


def test_env_variables_prefer_the_env_section_then_environment_then_default() -> None:
    text = "ONLYDEF = fromdefault\n[ENV]\nBOTH = fromsection\n[t]\n"
    text += "x = $ENV::BOTH $ENV::ONLYENV $ENV::ONLYDEF\n"
    config = p(text, BOTH="fromenv", ONLYENV="envonly", ONLYDEF="envtoo")
    assert config.get("t", "x") == "fromsection envonly envtoo"
    config = p("ONLYDEF = fromdefault\nx = $ENV::ONLYDEF\n")
    assert config.get("default", "x") == "fromdefault"


def test_dollarid_makes_dollar_a_name_character() -> None:
    config = p(
        ".pragma dollarid:on\nx$y = 1\na = $x$y ${x$y} $(x$y)\n.pragma dollarid:off\nb = $a\n"
    )
    assert config.get("default", "a") == "$x$y 1 1"
    assert config.get("default", "b") == "$x$y 1 1"


def test_expansion_bound_is_computed_like_openssl() -> None:
    half = "y" * (MAX_VALUE_LENGTH // 2)
    assert len(p(f"x = {half[:-1]}\nz = $x$x\n").get("default", "z") or "") == 65534
    assert error(f"x = {half}\nz = $x$x\n").reason == "variable expansion too long"
    # A literal value near the bound fails even when the expansion is empty.
    assert error("e =\nx = " + "y" * 65540 + "$e\n").reason == "variable expansion too long"


# -- errors with the reference's files and lines ------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "reason", "value"),
    [
        ("a = 1\n\n[sec]\nfoo bar\n", 4, "missing equal sign", "HERE-->bar"),
        ("a = 1\n[sec\nb=2\n", 2, "missing close square bracket", None),
        ("a = ${b\n", 1, "no close brace", "${b"),
        ("a = 1\nb = $nosuch\n", 2, "variable has no value", "nosuch"),
        (".pragma foo\n", 1, "invalid pragma", None),
        (".pragma dollarid:maybe\n", 1, "invalid pragma", None),
        (".pragma abspath:on\n.include rel.cnf\n", 2, "relative path", None),
        ("a = 1\\\n  continued\nb = 2\nc = $(a\n", 4, "no close brace", "$(a"),
        ("[a = b]\n", 1, "missing close square bracket", None),
        ("x = ${a)\n", 1, "no close brace", "${a"),
        (".pragma :on\n", 1, "invalid pragma", None),
        (".pragma dollarid:\n", 1, "invalid pragma", None),
        (".pragmax = 1\n", 1, "invalid pragma", None),
        ("a::b::c = 1\n", 1, "missing equal sign", "HERE-->::c = 1"),
        ("x = $s::y\n", 1, "variable has no value", "s::y"),
    ],
)
def test_errors_and_their_lines(text: str, line: int, reason: str, value: str | None) -> None:
    exc = error(text)
    assert (exc.file, exc.line, exc.eline, exc.reason, exc.value) == (
        "t.cnf",
        line,
        line,
        reason,
        value,
    )


def test_error_string_and_openssl_record() -> None:
    exc = error("a = 1\n\n[sec]\nfoo bar\n")
    assert str(exc) == "t.cnf:4: missing equal sign (HERE-->bar)"
    assert [r.format() for r in exc.records] == [
        "<TID>:error:07000065:configuration file routines:def_load_bio:missing equal sign:"
        "../crypto/conf/conf_def.c:529:HERE-->barline 4"
    ]
    assert str(error("a = 1\nb = $x\n").records[0].format()).endswith(
        ":str_copy:variable has no value:../crypto/conf/conf_def.c:767:line 2"
    )
    again = pickle.loads(pickle.dumps(exc))
    assert (again.file, again.line, again.reason, again.value) == (
        "t.cnf",
        4,
        exc.reason,
        exc.value,
    )


def test_missing_main_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load(tmp_path / "nope.cnf")
    assert (info.value.line, info.value.reason) == (None, "no such file")
    assert str(info.value) == f"{tmp_path / 'nope.cnf'}: no such file"


def test_directory_as_main_file_is_empty(tmp_path: Path) -> None:
    assert load(tmp_path).sections() == ["default"]


# -- includes and pragmas -----------------------------------------------------------------


@pytest.fixture
def incdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "one.cnf").write_text("single = yes\n")
    (tmp_path / "sect.cnf").write_text("k = v\n[s2]\nx = 1\n")
    (tmp_path / "bad.cnf").write_text("ok = 1\n\nbroken line\n")
    d = tmp_path / "d"
    (d / "sub").mkdir(parents=True)
    (tmp_path / "d2").mkdir()
    (tmp_path / "d2" / "z.cnf").write_text("z = 1\n")
    for name, text in {
        "b.cnf": "fromA = 1\n",
        "D.CNF": "upper = 4\n",
        "e.cnf": f"inner = 1\n.include {tmp_path}/d2\n",
        "c.txt": "txt = 1\n",
        "a.conf": "fromB = 2\n",
        ".cnf": "dot = 1\n",
        "x.Conf": "mixed = 1\n",
    }.items():
        (d / name).write_text(text)
    return tmp_path


def test_include_file_inherits_and_changes_section(incdir: Path) -> None:
    config = p(f"[s1]\na = 1\n.include {incdir}/sect.cnf\ny = 2\n")
    assert pairs(config, "s1") == [("a", "1"), ("k", "v")]
    assert pairs(config, "s2") == [("x", "1"), ("y", "2")]


def test_missing_include_is_not_fatal(incdir: Path) -> None:
    config = p(f".include {incdir}/missing.cnf\nafter = 1\n")
    assert config.get("default", "after") == "1"
    assert [w.value for w in config.warnings] == [f"calling stat({incdir}/missing.cnf)"]


def test_directory_include_filters_names_in_readdir_order_without_nesting(incdir: Path) -> None:
    config = p(f".include = {incdir}/d\nafter = 1\n")
    wanted = {"b.cnf": "fromA", "D.CNF": "upper", "e.cnf": "inner", "a.conf": "fromB"}
    wanted["x.Conf"] = "mixed"
    order = [wanted[n] for n in os.listdir(incdir / "d") if n in wanted]
    assert [k for k, _ in pairs(config, "default")] == [*order, "after"]
    assert [(w.reason, w.value) for w in config.warnings] == [
        ("recursive directory include", f"{incdir}/d2")
    ]


def test_relative_includes_prefer_env_over_includedir(incdir: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "one.cnf").write_text("single = other\n")
    text = f".pragma includedir:{other}\n.include one.cnf\n"
    assert p(text).get("default", "single") == "other"
    assert p(text, OPENSSL_CONF_INCLUDE=str(incdir)).get("default", "single") == "yes"
    assert p(".include one.cnf\n").get("default", "single") == "yes"  # from the cwd
    config = p(".pragma abspath:true\n.pragma includedir:" + str(incdir) + "\n.include one.cnf\n")
    assert config.get("default", "single") == "yes"


def test_include_path_is_a_processed_value(incdir: Path) -> None:
    config = p(f"d = {incdir}\n.include '$d'/one.cnf\n.include ${{d}}/one.cnf\n")
    assert config.get("default", "single") == "yes"
    assert [w.value for w in config.warnings] == ["calling stat($d/one.cnf)"]


def test_error_inside_include_names_the_included_file(incdir: Path) -> None:
    exc = error(f"x = 1\n.include {incdir}/bad.cnf\n")
    assert (exc.file, exc.line, exc.eline) == (f"{incdir}/bad.cnf", 3, 5)
    assert exc.reason == "missing equal sign"


def test_unknown_pragmas_are_ignored_and_booleans_are_case_insensitive() -> None:
    config = p(".pragma whatever:x\n.pragma = dollarid : TRUE\na$ = 1\n.pragma dollarid:Off\n")
    assert config.get("default", "a$") == "1"


# -- the Config object --------------------------------------------------------------------


def test_get_falls_back_like_nconf_get_string() -> None:
    config = p("a = d\n[s]\nb = s\n", HOME="/h")
    assert config.get("s", "b") == "s"
    assert config.get("s", "a") == "d"
    assert config.get("nosuch", "a") == "d"
    assert config.get(None, "b") is None
    assert config.get("ENV", "HOME") == "/h"
    assert config.get("s", "HOME", "dflt") == "dflt"


def test_entries_carry_locations(tmp_path: Path) -> None:
    f = tmp_path / "x.cnf"
    f.write_text("a = 1\n[s]\nb = 2\\\n  3\n")
    config = load(f)
    entry = config.entry("s", "b")
    assert entry is not None
    assert (entry.file, entry.line, entry.value) == (str(f), 4, "2  3")
    assert config.file == str(f)


def test_bytes_and_non_utf8_survive() -> None:
    config = parse(b"a = \xc3\xa9\xff\n", env={})
    assert config.get("default", "a") == "\xe9\udcff"
