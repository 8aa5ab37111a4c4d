"""Library configuration: openssl_conf -> init section -> engines module -> EngineSpecs.

The reference's observed `openssl engine -t` runs (section 3.10) are the fixtures
(test_conf_openssl_tool.py compares the same files with the real tool).
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from pyspeed.conf import ConfigError, LibraryConfig, find_config, library_config, load, parse
from pyspeed.conf.library import match_module

from support.conf_engine_files import ATTIC, FILES, STACKS


def lib(text: str) -> LibraryConfig:
    return library_config(parse(text, file="t.cnf", env={}))


def stack(result: LibraryConfig) -> list[str]:
    assert result.error is not None
    return [r.format("")[len(":error:") :] for r in result.error.records]


# -- choosing the file ----------------------------------------------------------------------


def test_find_config_order() -> None:
    assert find_config("x.cnf", {"OPENSSL_CONF": "y.cnf"}) == "x.cnf"
    assert find_config(None, {"OPENSSL_CONF": "y.cnf"}) == "y.cnf"
    assert find_config(None, {"OPENSSL_CONF": ""}) is None
    assert find_config(None, {}) is None


# -- modules --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("engines", "engines"),
        ("engine", "engines"),
        ("engines.2", "engines"),
        ("e", "engines"),
        ("engine.x.y", None),  # the part before the *last* dot: "engine.x"
        ("o", "oid_section"),
        ("", "oid_section"),
        ("ssl", "ssl_conf"),
        ("providers", "providers"),
        ("bogus_module", None),
        ("enginesx", None),
    ],
)
def test_module_names_match_by_prefix(name: str, module: str | None) -> None:
    assert match_module(name) == module


def test_no_openssl_conf_configures_nothing() -> None:
    assert lib("a = 1\n") == LibraryConfig()
    assert library_config(None) == LibraryConfig()


def test_appname_section_takes_precedence() -> None:
    text = "myapp = mine\nopenssl_conf = init\n[mine]\nengines = e1\n[init]\nengines = e2\n"
    text += "[e1]\nx = xs\n[e2]\ny = ys\n[xs]\n[ys]\n"
    config = parse(text, env={})
    assert [s.name for s in library_config(config, appname="myapp").engines] == ["x"]
    assert [s.name for s in library_config(config, appname="other").engines] == ["y"]


@pytest.mark.parametrize(
    ("value", "on"),
    [("1", True), ("0", False), ("yes", False), ("2x", True), ("99999999999999999999", False)],
)
def test_config_diagnostics_is_read_as_a_leading_number(value: str, on: bool) -> None:
    result = lib(f"config_diagnostics = {value}\nopenssl_conf = nosuch\n")
    assert result.diagnostics is on
    assert result.fatal is on
    if on:
        with pytest.raises(ConfigError):
            result.check()
    else:
        result.check()


def test_a_failing_module_stops_processing() -> None:
    text = "openssl_conf = init\n[init]\nengines = e1\nbogus = x\nengines.2 = e2\n"
    text += "[e1]\na = as\n[e2]\nb = bs\n[as]\n[bs]\n"
    result = lib(text)
    assert [s.name for s in result.engines] == ["a"]
    assert result.error is not None and result.error.reason == "unknown module name"
    assert not result.fatal  # no config_diagnostics: OpenSSL carries on silently


def test_other_modules_are_listed_and_only_their_section_checked() -> None:
    result = lib("openssl_conf = init\n[init]\nproviders = p\nengine = e\n[e]\n[p]\nx = y\n")
    assert [(m.name, m.module) for m in result.modules] == [
        ("providers", "providers"),
        ("engine", "engines"),
    ]
    assert result.error is None
    result = lib("openssl_conf = init\n[init]\nproviders = p\nengine = e\n[e]\nx = xs\n[xs]\n")
    assert result.error is not None and result.error.reason == "provider section error"
    assert result.engines == ()


def test_system_openssl_cnf_configures_without_error() -> None:
    system = Path("/usr/lib/ssl/openssl.cnf")
    if not system.exists():
        pytest.skip("no system openssl.cnf")
    result = library_config(load(system))
    assert result.error is None


# -- the engines module ---------------------------------------------------------------------


def test_reference_good_file() -> None:
    result = lib(FILES["good"])
    assert result.diagnostics and result.error is None
    (spec,) = result.engines
    assert (spec.name, spec.section, spec.dynamic_path, spec.init) == (
        "attic",
        "attic_sect",
        ATTIC,
        1,
    )
    assert [(s.kind, s.value) for s in spec.steps] == [("dynamic_path", ATTIC), ("init", "1")]
    assert (spec.file, spec.line) == ("t.cnf", 6)


def test_reference_ctl_empty_file() -> None:
    (spec,) = lib(FILES["ctl_empty"]).engines
    assert (spec.engine_id, spec.id) == ("dynamic", "dynamic")
    assert spec.ctrls == [("SO_PATH", ATTIC), ("LIST_ADD", "1"), ("LOAD", None)]
    assert [s.kind for s in spec.steps] == ["load", "ctrl", "ctrl", "ctrl", "implicit_init"]
    assert spec.steps[0].value == "dynamic"


def test_reference_inityes_and_soft_files() -> None:
    (spec,) = lib(FILES["inityes"]).engines
    assert spec.init == 0
    assert [s.kind for s in spec.steps] == ["dynamic_path", "init"]
    (soft,) = lib(FILES["soft"]).engines
    assert soft.soft_load and soft.steps[0].kind == "load" and soft.steps[0].soft
    assert soft.id == "nosuch"


def test_runtime_failures_are_not_predicted() -> None:
    for name in ("bad_engine", "bad_engine_diag", "badctl"):
        assert lib(FILES[name]).error is None, name
    (spec,) = lib(FILES["badctl"]).engines
    assert spec.ctrls == [("FOO", "bar")]


@pytest.mark.parametrize("name", sorted(STACKS))
def test_reference_error_stacks(name: str) -> None:
    result = lib(FILES[name])
    assert result.fatal
    assert stack(result) == STACKS[name]


def test_engine_error_points_at_the_key() -> None:
    result = lib(FILES["init2"])
    assert result.error is not None
    assert (result.error.file, result.error.line, result.error.reason) == (
        "t.cnf",
        9,
        "invalid init value",
    )
    assert str(result.error) == "t.cnf:9: invalid init value (section=xs, name=init, value=2)"
    (spec,) = result.engines
    assert spec.error is result.error
    assert [s.kind for s in spec.steps] == ["dynamic_path"]


def test_keys_and_names_drop_their_dotted_prefix() -> None:
    text = "openssl_conf = i\n[i]\nengines = e\n[e]\n1.my.eng = s\n[s]\n"
    text += "a.engine_id = real\nx.soft_load = 1\n2.SO_PATH = p\n3.LOAD = EMPTY\n"
    (spec,) = lib(text).engines
    assert (spec.name, spec.id, spec.soft_load) == ("my.eng", "real", True)
    assert spec.ctrls == [("SO_PATH", "p"), ("LOAD", None)]
    assert [s.name for s in spec.steps[1:3]] == ["2.SO_PATH", "3.LOAD"]


def test_pseudo_keys_only_count_before_the_load() -> None:
    text = "openssl_conf = i\n[i]\nengines = e\n[e]\nname = s\n[s]\n"
    text += "CMD = 1\nengine_id = late\nsoft_load = 1\n"
    (spec,) = lib(text).engines
    assert (spec.id, spec.engine_id, spec.soft_load) == ("name", None, False)
    assert [(s.kind, s.value) for s in spec.steps] == [
        ("load", "name"),
        ("ctrl", "1"),
        ("implicit_init", None),
    ]


def test_pseudo_keys_alone_load_nothing() -> None:
    text = "openssl_conf = i\n[i]\nengines = e\n[e]\nname = s\nother = t\n[s]\nengine_id = x\n[t]\n"
    specs = lib(text).engines
    assert [s.steps for s in specs] == [(), ()]


def test_init_is_read_by_its_literal_name() -> None:
    base = "openssl_conf = i\n[i]\nengines = e\n[e]\nn = s\n[s]\n"
    (spec,) = lib(base + "x.init = 0\ninit = 1\n").engines
    assert [(s.kind, s.value) for s in spec.steps] == [("load", "n"), ("init", "1"), ("init", "1")]
    result = lib("init = 0\n" + base + "x.init = 7\n")
    assert result.error is None and result.engines[0].init == 0  # the default section's init
    result = lib(base + "x.init = 1\n")
    assert result.error is not None and result.error.reason == "no value"
    assert stack(result)[0].endswith(":no value:../crypto/conf/conf_lib.c:315:group=s name=init")
    result = lib(base + "init = 99999999999999999999\n")
    assert result.error is not None and result.error.reason == "number too large"


def test_engines_stop_at_the_first_failing_engine() -> None:
    text = "openssl_conf = i\n[i]\nengines = e\n[e]\na = as\nb = nosuch\nc = cs\n[as]\n[cs]\n"
    result = lib(text)
    assert [s.name for s in result.engines] == ["a", "b"]
    assert result.engines[-1].error is result.error


def test_specs_pickle() -> None:
    result = lib(FILES["init2"])
    again = pickle.loads(pickle.dumps(result))
    assert again.engines[0].steps == result.engines[0].steps
    assert again.error is not None and str(again.error) == str(result.error)


def test_a_load_that_fails_is_reported_at_the_engine_id_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = ("openssl_conf = i\n[i]\nengines = e\n[e]\nq = s\n[s]\n# note\n"
            "engine_id = qta\n\nFOO = 1\n")
    (spec,) = lib(text).engines
    load = spec.steps[0]
    assert (load.kind, load.value, load.line) == ("load", "qta", 8)  # not FOO's line 10
