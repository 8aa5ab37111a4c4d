"""Engines from openssl.cnf and engines.d: building, routing by default_algorithms,
`pyspeed config`, and every kind of bad configuration (one line, file:line, exit code)."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest

from pyspeed.algos.cases import SelectOptions, plan, select
from pyspeed.commands.config import check_main, dump_main
from pyspeed.commands.engine import engine_main
from pyspeed.engines.configured import configured_engines
from pyspeed.engines.dropins import dropin_specs
from pyspeed.engines.loading import engine_ids, load_engine
from pyspeed.engines.routing import Router
from pyspeed.errors import ConfigUseError
from pyspeed.model import CaseOptions, Listener

from support.runs import run_cases, run_speed

# A digest-only engine: it serves sha1 (hashlib, so results are real), declines the rest.
DIGEST_ENGINE = '''
import hashlib
from pyspeed.model import Operation, Unsupported
from pyspeed.engines.base import Engine
from pyspeed.engines.ctrl import CtrlCommand, CtrlError, NUMERIC

class Sha1Only(Engine):
    id = "sha1only"
    name = "SHA-1 only engine for tests"
    CTRL_COMMANDS = (CtrlCommand(200, "LANES", "lanes from 1 to 8", NUMERIC),)
    lanes = 1

    def do_ctrl(self, cmd, value):
        if not 1 <= value <= 8:
            raise CtrlError("LANES out of range")
        self.lanes = value

    def capabilities(self):
        return ["SHA1"]

    def check(self, algo):
        if getattr(algo, "label", None) != "sha1":
            raise Unsupported("sha1only runs sha1 only")

    def prepare(self, case, options):
        self.check(case.algo)
        return Operation(hashlib.sha1, (bytes(case.size),), f"hashlib, {self.lanes} lanes")

ENGINE = Sha1Only
'''


@pytest.fixture
def engine_file(tmp_path: Path) -> Path:
    path = tmp_path / "sha1only.py"
    path.write_text(DIGEST_ENGINE)
    return path


def write_conf(tmp_path: Path, body: str, name: str = "test.cnf") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body).lstrip())
    return path


def sha1only_conf(tmp_path: Path, engine_file: Path, extra: str = "LANES = 4") -> Path:
    return write_conf(tmp_path, f"""
        openssl_conf = init
        [init]
        engines = engine_section
        [engine_section]
        sha1only = sha1only_section
        [sha1only_section]
        engine_id = sha1only
        dynamic_path = {engine_file}
        {extra}
        default_algorithms = DIGESTS
    """)


def test_config_builds_the_engine_with_its_ctrls_in_order(tmp_path: Path,
                                                         engine_file: Path) -> None:
    (c,) = configured_engines(str(sha1only_conf(tmp_path, engine_file)))
    assert (c.engine.id, c.engine.lanes, c.available) == ("sha1only", 4, True)
    assert c.methods == 0x0080  # ENGINE_METHOD_DIGESTS


def test_default_algorithms_routes_digests_and_falls_back_to_software(
        tmp_path: Path, engine_file: Path) -> None:
    (c,) = configured_engines(str(sha1only_conf(tmp_path, engine_file)))
    notes: list[tuple[str, str, str]] = []
    router = Router([(c.engine, c.methods)], load_engine("software"),
                    lambda *n: notes.append(n))
    cases = plan(select(["sha1", "sha256", "aes-128-cbc"], SelectOptions(bytes=64)), 0.02)
    out = run_cases(cases, router, CaseOptions(), _Quiet())
    served = {r.case.algo.label: (r.engine, r.implementation) for r in out.results}
    assert served["sha1"] == ("sha1only", "hashlib, 4 lanes")
    assert served["sha256"][0] == "software"  # a digest it declines
    assert served["aes-128-cbc"][0] == "software"  # a cipher: not its method class
    assert notes == [("sha256", "sha1only", "sha1only runs sha1 only")]


def test_speed_uses_the_configured_engine_without_engine_flag(
        tmp_path: Path, engine_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENSSL_CONF", str(sha1only_conf(tmp_path, engine_file)))
    out, err = io.StringIO(), io.StringIO()
    rc = run_speed(["-bytes", "64", "sha1", "sha256"], out, err, seconds=0.02)
    assert rc == 0
    assert "pyspeed: engine sha1only cannot run sha256: sha1only runs sha1 only; " \
           "software serves it" in err.getvalue()
    assert out.getvalue().splitlines()[-1].startswith("sha256 ")


def test_engine_listing_shows_the_configured_state(tmp_path: Path, engine_file: Path) -> None:
    conf = sha1only_conf(tmp_path, engine_file)
    out, err = io.StringIO(), io.StringIO()
    rc = engine_main(["-config", str(conf), "-c", "-t", "-vv", "sha1only"], out, err)
    assert rc == 0
    assert out.getvalue().splitlines() == [
        "(sha1only) SHA-1 only engine for tests", " [SHA1]", "     [ available ]",
        "     LANES: lanes from 1 to 8",
    ]


def test_config_check_and_dump(tmp_path: Path, engine_file: Path) -> None:
    conf = sha1only_conf(tmp_path, engine_file)
    out, err = io.StringIO(), io.StringIO()
    assert check_main(str(conf), out, err) == 0
    assert out.getvalue().splitlines() == [
        f"{conf}: OK",
        "  engine sha1only (sha1only: SHA-1 only engine for tests): available, "
        "default_algorithms = DIGESTS",
    ]
    out = io.StringIO()
    assert dump_main(str(conf), out, err) == 0
    assert "[ sha1only_section ]\nengine_id = sha1only\n" in out.getvalue()


BAD = [
    ("syntax", "openssl_conf = init\n[init\n", ":2: missing close square bracket"),
    ("undefined variable", "a = $nosuch\n", ":1: variable has no value"),
    ("missing section", "openssl_conf = init\n[init]\nengines = nosect\n",
     "nosect"),
    ("unknown engine", "openssl_conf = init\n[init]\nengines = e\n[e]\nx = xs\n[xs]\n"
     "engine_id = nosuch\ninit = 1\n", "nosuch"),
    ("unknown ctrl", "openssl_conf = init\n[init]\nengines = e\n[e]\nx = xs\n[xs]\n"
     "engine_id = devcrypto\nFOO = bar\n",
     ":8: engine x: ctrl FOO failed: invalid cmd name (FOO=bar)"),
    ("ctrl out of range", "openssl_conf = init\n[init]\nengines = e\n[e]\nx = xs\n[xs]\n"
     "engine_id = devcrypto\nUSE_SOFTDRIVERS = 9\n",
     ":8: engine x: ctrl USE_SOFTDRIVERS failed: refused (USE_SOFTDRIVERS=9)"),
    ("dynamic_path missing", "openssl_conf = init\n[init]\nengines = e\n[e]\nx = xs\n[xs]\n"
     "dynamic_path = /nonexistent/eng.py\n", ":7: engine x: dynamic_path: no such file"),
    ("dynamic_path not an engine", "openssl_conf = init\n[init]\nengines = e\n[e]\nx = xs\n"
     "[xs]\ndynamic_path = json\n", ":7: engine x: dynamic_path: json does not define an engine"),
]


@pytest.mark.parametrize(("what", "body", "expected"), BAD, ids=[b[0] for b in BAD])
def test_bad_configs_give_one_line_with_file_line_and_value(
        tmp_path: Path, what: str, body: str, expected: str) -> None:
    conf = tmp_path / "bad.cnf"
    conf.write_text(body)
    out, err = io.StringIO(), io.StringIO()
    assert check_main(str(conf), out, err) == 2
    lines = [line for line in err.getvalue().splitlines() if line.startswith("pyspeed:")]
    assert len(lines) == 1 and str(conf) in lines[0] and expected in lines[0]
    out, err = io.StringIO(), io.StringIO()
    rc = run_speed(["-config", str(conf), "sha1"], out, err, seconds=0.01)
    assert (rc, out.getvalue()) == (2, "")
    assert "Traceback" not in err.getvalue() and expected in err.getvalue()


def test_engines_d_dropins_from_the_environment(tmp_path: Path, engine_file: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    write_conf(tmp_path, f"""
        # a user's drop-in: the SHA-1 engine with 8 lanes
        [sha1only]
        dynamic_path = {engine_file}
        LANES = 8
    """, name="sha1only.cnf")
    monkeypatch.setenv("PYSPEED_ENGINES_DIR", str(tmp_path))
    assert "sha1only" in dropin_specs() and "sha1only" in engine_ids()
    assert load_engine("sha1only").lanes == 8
    out, err = io.StringIO(), io.StringIO()
    assert engine_main([], out, err) == 0
    assert "(sha1only) SHA-1 only engine for tests" in out.getvalue().splitlines()


def test_bad_dropin_is_a_config_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "broken.cnf").write_text("[broken\n")
    monkeypatch.setenv("PYSPEED_ENGINES_DIR", str(tmp_path))
    with pytest.raises(ConfigUseError, match=r"broken\.cnf:1: missing close square bracket"):
        dropin_specs()


class _Quiet(Listener):
    def started(self, case: object, worker: int = 0) -> None: ...
    def finished(self, result: object) -> None: ...
    def unsupported(self, engine: str, name: str, reason: str) -> None: ...


def test_an_include_loop_is_an_error(tmp_path: Path) -> None:
    loop = tmp_path / "loop.cnf"
    loop.write_text(f"a = 1\n.include {loop}\n")
    out, err = io.StringIO(), io.StringIO()
    assert check_main(str(loop), out, err) == 2
    assert err.getvalue().splitlines() == [
        f"pyspeed: {loop}:2: include loop: the file is already being read ({loop})"]
    out, err = io.StringIO(), io.StringIO()
    assert run_speed(["-config", str(loop), "sha1"], out, err) == 2
    assert "include loop" in err.getvalue() and out.getvalue() == ""
