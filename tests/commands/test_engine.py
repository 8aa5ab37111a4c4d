"""`pyspeed engine`: openssl engine's layout, ctrl semantics and exit status.

The rules: docs/openssl-compat.md §2."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from pyspeed.commands.engine import engine_main

DYNAMIC_VVVV = """\
(dynamic) Dynamic engine loading support
     [ unavailable ]
     SO_PATH: Specifies the path to the new ENGINE shared library
          (input flags): STRING
     NO_VCHECK: Specifies to continue even if version checking fails (boolean)
          (input flags): NUMERIC
     ID: Specifies an ENGINE id name for loading
          (input flags): STRING
     LIST_ADD: Whether to add a loaded ENGINE to the internal list (0=no,1=yes,2=mandatory)
          (input flags): NUMERIC
     DIR_LOAD: Specifies whether to load from 'DIR_ADD' directories (0=no,1=yes,2=mandatory)
          (input flags): NUMERIC
     DIR_ADD: Adds a directory from which ENGINEs can be loaded
          (input flags): STRING
     LOAD: Load up the ENGINE specified by other settings
          (input flags): NO_INPUT
"""


def run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    rc = engine_main(args, out, err)
    return rc, out.getvalue(), err.getvalue()


def test_dynamic_listing_matches_openssl_exactly() -> None:
    rc, out, err = run(["-t", "-c", "-vvvv", "dynamic"])
    assert (rc, out) == (0, DYNAMIC_VVVV)
    assert err.startswith("pyspeed: engine dynamic is unavailable: nothing loaded")


def test_v_lists_names_on_one_line_and_vv_adds_descriptions() -> None:
    assert run(["-v", "dynamic"])[1] == (
        "(dynamic) Dynamic engine loading support\n"
        "     SO_PATH, NO_VCHECK, ID, LIST_ADD, DIR_LOAD, DIR_ADD, LOAD\n"
    )
    vv = run(["-vv", "dynamic"])[1].splitlines()
    assert vv[1] == "     SO_PATH: Specifies the path to the new ENGINE shared library"
    assert len(vv) == 8 and "(input flags)" not in "".join(vv)


def test_pre_failure_and_unknown_ids_count_in_exit_status() -> None:
    rc, out, err = run(["-pre", "FOO:bar", "dynamic"])
    assert rc == 0
    assert out.splitlines()[:2] == [
        "(dynamic) Dynamic engine loading support", "[Failure]: FOO:bar"]
    assert out.splitlines()[2] == "pyspeed: ctrl FOO: invalid cmd name"
    rc, out, err = run(["nosuch1", "nosuch2", "dynamic"])
    assert rc == 2
    assert out == "(dynamic) Dynamic engine loading support\n"
    assert err.count("nosuch") == 2 and len(err.splitlines()) == 2


def test_post_runs_only_with_t_and_an_available_engine() -> None:
    assert run(["-post", "FOO:1", "dynamic"])[1] == "(dynamic) Dynamic engine loading support\n"


def test_mixing_flags_and_names_is_a_usage_error() -> None:
    assert run(["dynamic", "-t", "foo", "-c"]) == (
        1, "", "engine: Cannot mix flags and engine names.\nengine: Use -help for summary.\n")


def test_help_matches_openssl() -> None:
    rc, out, err = run(["-help"])
    assert (rc, out) == (0, "")
    assert err.splitlines()[:5] == [
        "Usage: engine [options] engine...", "", "General options:",
        " -help      Display this summary", " -t         Check that specified engine is available",
    ]
    assert '            Commands are like "SO_PATH:/lib/libdriver.so"' in err.splitlines()


EXAMPLE_ENGINE = '''
from pyspeed.model import Unsupported
from pyspeed.engines.base import Engine
from pyspeed.engines.ctrl import CtrlCommand, NUMERIC, CtrlError

class Example(Engine):
    id = "example"
    name = "Example engine loaded from a file"
    CTRL_COMMANDS = (CtrlCommand(200, "LEVEL", "a level from 0 to 3", NUMERIC),)

    def do_ctrl(self, cmd, value):
        if not 0 <= value <= 3:
            raise CtrlError("level out of range")
        self.level = value

    def capabilities(self):
        return ["RSA"]

    def check(self, algo):
        raise Unsupported("example runs nothing")

    def prepare(self, case, options):
        self.check(case.algo)

ENGINE = Example
'''


def test_dynamic_loads_a_python_engine_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "example.py"
    path.write_text(EXAMPLE_ENGINE)
    rc, out, _ = run(["dynamic", "-pre", f"SO_PATH:{path}", "-pre", "LOAD", "-c", "-t", "-v",
                      "-post", "LEVEL:2", "-post", "LEVEL:9", "-post", "LEVEL:x"])
    assert rc == 0
    assert out.splitlines() == [
        "(dynamic) Dynamic engine loading support",
        f"[Success]: SO_PATH:{path}",
        "[Success]: LOAD",
        "Loaded: (example) Example engine loaded from a file",
        " [RSA]",
        "     [ available ]",
        "[Success]: LEVEL:2",
        "[Failure]: LEVEL:9",
        "pyspeed: ctrl LEVEL: level out of range",
        "[Failure]: LEVEL:x",
        "pyspeed: ctrl LEVEL: argument is not a number",
        "     LEVEL",
    ]


@pytest.mark.parametrize(
    ("so_path", "reason"),
    [("/nonexistent/engine.py", "no such file"),
     ("json", "does not define an engine"),
     ("pyspeed.nosuchmodule", "cannot import pyspeed.nosuchmodule")],
)
def test_dynamic_load_failures_say_why(so_path: str, reason: str) -> None:
    rc, out, _ = run(["dynamic", "-pre", f"SO_PATH:{so_path}", "-pre", "LOAD"])
    lines = out.splitlines()
    assert rc == 0
    assert lines[2] == "[Failure]: LOAD"
    assert reason in lines[3]


def test_ctrl_input_rules() -> None:
    out = run(["dynamic", "-pre", "LOAD:x", "-pre", "SO_PATH", "-pre", "DIR_LOAD:abc"])[1]
    assert out.splitlines()[1:] == [
        "[Failure]: LOAD:x", "pyspeed: ctrl LOAD: command takes no input",
        "[Failure]: SO_PATH", "pyspeed: ctrl SO_PATH: command takes input",
        "[Failure]: DIR_LOAD:abc", "pyspeed: ctrl DIR_LOAD: argument is not a number",
    ]


def test_software_engine_lists_capabilities_and_is_available() -> None:
    rc, out, _ = run(["-c", "-t", "software"])
    lines = out.splitlines()
    assert rc == 0 and lines[0].startswith("(software) Software (pyca/cryptography ")
    assert lines[1].startswith(" [RSA, DSA, DH, RAND, AES-128-CBC,") and "SHA256" in lines[1]
    assert lines[2] == "     [ available ]"


def test_wrapping_at_column_78() -> None:
    from pyspeed.engines.ctrl import NUMERIC, CtrlCommand
    from pyspeed.views.engine_listing import ctrl_listing

    names = [f"COMMAND_NUMBER_{i:02d}" for i in range(6)]
    lines = ctrl_listing([CtrlCommand(200 + i, n, "", NUMERIC) for i, n in enumerate(names)], 1)
    assert lines == [
        "     COMMAND_NUMBER_00, COMMAND_NUMBER_01, COMMAND_NUMBER_02, ",
        "     COMMAND_NUMBER_03, COMMAND_NUMBER_04, COMMAND_NUMBER_05",
    ]
    assert all(len(line) <= 80 for line in lines)


def test_a_closed_pipe_ends_quietly() -> None:
    import subprocess
    import sys

    # ~2 MB of listing: far more than a pipe buffer, so the writer must hit the closed pipe
    proc = subprocess.Popen([sys.executable, "-m", "pyspeed", "engine", "-c", "-vvvv",
                             *["software"] * 2000],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    proc.stdout.readline()
    proc.stdout.close()  # the reader goes away, as `| head -1` does
    _, err = proc.communicate(timeout=30)
    assert b"Traceback" not in err and b"Error" not in err
    assert proc.returncode == 141


def test_input_flags_text_follows_apps_engine_c() -> None:
    from pyspeed.engines.ctrl import INTERNAL, NO_INPUT, NUMERIC, STRING
    from pyspeed.views.engine_listing import flags_text

    assert flags_text(0) == "<no flags>"
    assert flags_text(NUMERIC | INTERNAL) == "[Internal] NUMERIC"
    # unknown bits first, then the complaint about mutually exclusive input kinds
    assert flags_text(NUMERIC | STRING | 0x0100) == "NUMERIC|STRING|<0x0100>  <illegal flags!>"
    assert flags_text(NO_INPUT | 0x0010) == "NO_INPUT|<0x0010>"


def test_long_command_name_ends_the_list_only_before_a_colon() -> None:
    long = "X" * 255
    _, out, _ = run(["-pre", long, "-pre", "SO_PATH:x", "dynamic"])
    assert out.splitlines()[1:3] == [f"[Failure]: {long}",
                                     f"pyspeed: ctrl {long}: invalid cmd name"]
    _, out, _ = run(["-pre", f"{long}:1", "-pre", "SO_PATH:x", "dynamic"])
    assert out.splitlines()[1:] == ["[Error]: command name too long"]
