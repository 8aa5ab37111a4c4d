"""pyspeed's parser against the real libcrypto (NCONF_load through ctypes).

Every case is loaded by both, with the same environment and working directory, and
must give the same result: the same sections (in `NCONF_get_section_names` order)
with the same ordered pairs, the same non-fatal include problems, or the same
failing line (`eline`) and reason.  Any disagreement is a pyspeed bug unless the
case documents that OpenSSL is the one that is wrong (none so far).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from support.conf_corpus import HAND_CASES, Case, build_include_tree, generated_cases
from support.conf_libcrypto import LibCrypto, RealResult, pyspeed_result

LIB = LibCrypto.find()
pytestmark = pytest.mark.skipif(LIB is None, reason="libcrypto.so.3 (3.0+) not available")

GENERATED = generated_cases(400)


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("confdiff")
    inc = build_include_tree(root)
    cases = root / "cases"
    cases.mkdir()
    return inc, cases


def _problems(result: RealResult) -> list[tuple[str, str]]:
    """Non-fatal include problems, in a form both sides share."""
    out = []
    for reason, data in result.leftovers:
        if data.startswith(("calling stat(", "calling fopen(")):
            out.append(("io", data))
        elif reason == "recursive directory include":
            out.append((reason, data))
    return out


def load_both(
    case: Case, tree: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> tuple[RealResult, RealResult]:
    inc, cases = tree
    path = cases / f"{case.id}.cnf"
    path.write_bytes(case.render(inc))
    for var in ("OPENSSL_CONF_INCLUDE", "PYSPEED_UNSET", "PYSPEED_NOPE", "PYSPEED_VAR"):
        monkeypatch.delenv(var, raising=False)
    for key, value in case.environment(inc).items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(inc)
    assert LIB is not None
    return LIB.load(path), pyspeed_result(path)


def assert_same(real: RealResult, ours: RealResult) -> None:
    if not real.ok:
        assert not ours.ok, f"OpenSSL fails ({real.reason} at line {real.eline}), pyspeed loads"
        assert (ours.eline, ours.reason) == (real.eline, real.reason)
        if real.reason == "missing equal sign":
            assert ours.data == real.data
        return
    assert ours.ok, f"OpenSSL loads, pyspeed fails: {ours.reason} at line {ours.eline}"
    assert list(ours.sections.items()) == list(real.sections.items())
    assert _problems(ours) == _problems(real)


@pytest.mark.parametrize("case", HAND_CASES, ids=lambda c: c.id)
def test_hand_written_case_agrees(
    case: Case, tree: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_same(*load_both(case, tree, monkeypatch))


@pytest.mark.parametrize("case", GENERATED, ids=lambda c: c.id)
def test_generated_case_agrees(
    case: Case, tree: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert_same(*load_both(case, tree, monkeypatch))


def test_corpus_exercises_both_outcomes(
    tree: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The generator must produce loads and failures, or the comparison proves little."""
    results = [load_both(c, tree, monkeypatch)[0] for c in GENERATED]
    ok = sum(r.ok for r in results)
    assert len(results) * 0.4 < ok < len(results) * 0.95
    reasons = {r.reason for r in results if not r.ok}
    assert {"missing equal sign", "variable has no value", "no close brace"} <= reasons


def test_main_file_errors_agree(tree: tuple[Path, Path]) -> None:
    inc, cases = tree
    assert LIB is not None
    missing = LIB.load(cases / "does-not-exist.cnf")
    ours = pyspeed_result(cases / "does-not-exist.cnf")
    assert (ours.ok, ours.reason) == (missing.ok, missing.reason) == (False, "no such file")
    # A directory opens and reads as nothing.
    assert_same(LIB.load(inc), pyspeed_result(inc))
