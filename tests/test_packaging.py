"""The wheel carries every package and engines.d (pyproject lists packages by hand)."""

from __future__ import annotations

from pathlib import Path

import tomllib

ROOT = Path(__file__).parent.parent


def test_every_package_is_listed_in_pyproject() -> None:
    conf = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(conf["packages"])
    inits = (ROOT / "pyspeed").rglob("__init__.py")
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in inits}
    assert found | {"pyspeed.engines_d"} == listed
    assert conf["package-dir"] == {"pyspeed.engines_d": "engines.d"}


def test_engines_d_is_found_as_package_data() -> None:
    from pyspeed.engines.dropins import dropin_files

    names = {p.name for p in dropin_files({})}
    assert {"software.cnf", "devcrypto.cnf", "dynamic.cnf"} <= names
