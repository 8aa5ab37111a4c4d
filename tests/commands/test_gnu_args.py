"""pyspeed's own commands parse one way: options anywhere, `--`, `-opt` for `--opt`,
`-o=FILE` and `-oFILE` for a short option, a typo named whole, help, one line per error."""

from __future__ import annotations

import io

import pytest
import typer

from pyspeed.commands.gnu_args import GnuCommand
from pyspeed.errors import PyspeedError


def _spec(
    files: list[str] = typer.Argument(None, metavar="FILE"),
    output: str = typer.Option(None, "-o", "--output"),
    threshold: str = typer.Option("5", "--threshold"),
    force: bool = typer.Option(False, "--force"),
) -> None:
    """Declares the options."""


CMD = GnuCommand("demo", _spec, help="A demonstration.", usage_exit=7)


@pytest.mark.parametrize(("argv", "expected"), [
    (["a", "--threshold", "9", "b"], {"files": ["a", "b"], "threshold": "9"}),
    (["-threshold=9", "a"], {"files": ["a"], "threshold": "9"}),
    (["a", "-o=out.png"], {"files": ["a"], "output": "out.png"}),
    (["a", "-oout.png"], {"files": ["a"], "output": "out.png"}),
    (["a", "-o", "out.png", "--force"], {"output": "out.png", "force": True}),
    (["--", "-o", "--force"], {"files": ["-o", "--force"], "output": None, "force": False}),
])
def test_parses(argv: list[str], expected: dict[str, object]) -> None:
    values = CMD.parse(argv, io.StringIO())
    assert values is not None
    assert {k: values[k] for k in expected} == expected


@pytest.mark.parametrize(("argv", "message"), [
    (["a", "-treshold", "20"], "demo: No such option: --treshold"),
    (["--force=yes"], "demo: Option '--force' does not take a value."),
    (["--threshold"], "demo: Option '--threshold' requires an argument."),
])
def test_errors_are_one_line_with_the_usage_status(argv: list[str], message: str) -> None:
    with pytest.raises(PyspeedError) as info:
        CMD.parse(argv, io.StringIO())
    assert info.value.exit_code == 7 and "\n" not in info.value.message
    assert info.value.message.startswith(message)


@pytest.mark.parametrize("word", ["-h", "-help", "--help"])
def test_help_goes_to_the_output(word: str) -> None:
    out = io.StringIO()
    assert CMD.parse(["a", word], out) is None
    assert out.getvalue().startswith("Usage: pyspeed demo [OPTIONS] [FILE]")
