"""The example engine of docs/engines.md, loaded every way the page describes: by the
`dynamic` engine, as an engines.d definition, and through pyspeed.measure."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from pyspeed.commands.engine import engine_main
from pyspeed.engines.loading import load_engine
from pyspeed.runner.measure import MeasureOptions, measure

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "hashlib_engine.py"


@pytest.fixture
def from_examples(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """examples/hashlib.cnf names its engine relative to itself: any working directory."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PYSPEED_ENGINES_DIR", str(ROOT / "examples"))


def _engine(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    rc = engine_main(argv, out, err)
    return rc, out.getvalue(), err.getvalue()


def test_dynamic_loads_it_with_openssls_listing() -> None:
    rc, out, err = _engine(["dynamic", "-pre", f"SO_PATH:{EXAMPLE}", "-pre", "LOAD",
                            "-t", "-c", "-vvv"])
    assert (rc, err) == (0, "")
    assert out.splitlines() == [
        "(dynamic) Dynamic engine loading support",
        f"[Success]: SO_PATH:{EXAMPLE}",
        "[Success]: LOAD",
        "Loaded: (hashlib) Python hashlib digests (example engine)",
        " [BLAKE2B512, MD5, SHA1, SHA256, SHA3-256, SHA512]",
        "     [ available ]",
        "     DIGESTS: Comma-separated digests to serve (default: all it knows)",
        "          (input flags): STRING",
    ]


def test_engines_d_definition_applies_its_ctrls(from_examples: None) -> None:
    rc, out, _ = _engine(["-t", "-c", "hashlib"])
    assert rc == 0
    assert out.splitlines()[1:] == [" [SHA1, SHA256, SHA512]", "     [ available ]"]
    engine = load_engine("hashlib")
    assert engine.id == "hashlib" and engine.capabilities() == ["SHA1", "SHA256", "SHA512"]


def test_a_refused_ctrl_is_openssls_failure() -> None:
    _, out, _ = _engine(["dynamic", "-pre", f"SO_PATH:{EXAMPLE}", "-pre", "LOAD",
                          "-post", "DIGESTS:md2", "-t"])
    assert "[Failure]: DIGESTS:md2" in out and "unknown digest: md2" in out


def test_measure_runs_its_digests_and_falls_back_for_the_rest(from_examples: None) -> None:
    run = measure(["sha256", "md5"], ["hashlib"],
                  options=MeasureOptions(seconds=0.02, bytes=64))
    served = {r.case: (r.engine, r.served_by, r.implementation) for r in run.records}
    assert served["sha256/64"] == ("hashlib", "hashlib", "hashlib sha256")
    assert served["md5/64"][:2] == ("hashlib", "software")  # not in its DIGESTS ctrl
    assert all(r.count > 0 and r.error is None for r in run.records)
