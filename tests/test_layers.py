"""The architecture, checked from the imports: layers point down only, and no module takes
part in an import cycle, counting imports inside functions and under TYPE_CHECKING.

Layers, top to bottom (docs/architecture.md): a module may import its own package and
any lower layer, never a higher one or a sibling on its own level.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "pyspeed"

LAYERS: list[set[str]] = [
    {"__main__"},
    {"cli", "pytest_plugin"},  # the two ways in: the command line and pytest
    {"commands"},
    {"dashboard"},  # pages of many runs: reads the store, the gate and the views
    {"views", "runner"},  # independent: the runner never shows, a view never runs
    {"results"},
    {"engines"},
    {"algos", "conf"},
    {"model", "timing", "provenance", "errors", "_version"},
]
BOTTOM = LAYERS[-1]
MAX_LINES = 400


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every pyspeed module `path` imports, anywhere in the file."""
    tree = ast.parse(path.read_text(), str(path))
    me = _module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("pyspeed"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            if not module.startswith("pyspeed"):
                continue
            for alias in node.names:
                # `from package import submodule` depends on the submodule (running the
                # package's __init__ first is what every submodule import does)
                candidate = f"{module}.{alias.name}"
                found.add(candidate if _exists(candidate) else module)
    return {m for m in found if _exists(m)}


def _exists(module: str) -> bool:
    rel = Path(*module.split("."))
    base = PACKAGE.parent / rel
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _graph() -> dict[str, set[str]]:
    return {_module_name(p): _imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def _component(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _layer(component: str) -> int:
    for i, layer in enumerate(LAYERS):
        if component in layer:
            return i
    raise AssertionError(f"pyspeed.{component} is in no layer of tests/test_layers.py")


def test_every_module_has_a_layer() -> None:
    for module in _graph():
        if module != "pyspeed":
            _layer(_component(module))


def test_imports_point_down_only() -> None:
    wrong = []
    for module, targets in _graph().items():
        if module == "pyspeed":  # the public API names lower layers lazily, by string
            continue
        mine = _component(module)
        for target in targets:
            theirs = _component(target)
            if target == "pyspeed":
                wrong.append(f"{module} -> pyspeed (import from pyspeed._version instead)")
            elif theirs != mine and _layer(theirs) <= _layer(mine) and not (
                    mine in BOTTOM and theirs in BOTTOM):
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_no_import_cycles() -> None:
    graph = _graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert [" -> ".join(c) for c in cycles] == []


@pytest.mark.parametrize("path", sorted(p for d in ("pyspeed", "tests", "benchmarks", "examples")
                                        for p in (PACKAGE.parent / d).rglob("*.py")),
                         ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_no_module_over_the_size_limit(path: Path) -> None:
    assert len(path.read_text().splitlines()) <= MAX_LINES, f"{path.name}: split it"
