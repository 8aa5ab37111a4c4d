"""Documentation that cannot point nowhere: README and docs link only to files in the
repository, and the code cites only documents the repository holds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
CITED = re.compile(r"\b(docs/[\w.-]+\.md)\b")
SOURCES = [p for d in ("pyspeed", "tests", "benchmarks", "examples", "engines.d")
           for p in sorted((ROOT / d).rglob("*")) if p.suffix in (".py", ".cnf", ".md")]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_relative_links_exist(doc: Path) -> None:
    missing = [target for target in LINK.findall(doc.read_text())
               if "://" not in target and not (doc.parent / target).exists()]
    assert missing == []


def test_code_cites_documents_that_exist() -> None:
    cited = {(p.relative_to(ROOT), m) for p in SOURCES for m in CITED.findall(p.read_text())}
    assert cited, "nothing cites docs/: the pattern is wrong"
    assert sorted((str(p), m) for p, m in cited if not (ROOT / m).is_file()) == []


def test_no_citation_of_documents_outside_the_repository() -> None:
    outside = re.compile(r"DESIGN\.md|reference §|reference/|peers\.md|qat-cryptodev\.md")
    found = [f"{p.relative_to(ROOT)}:{n}" for p in [*SOURCES, *DOCS]
             for n, line in enumerate(p.read_text().splitlines(), 1)
             if outside.search(line) and p.name != "test_docs.py"]
    assert found == []
