"""The package's import graph: no cycle, and no import from a lower layer up to a higher one.

Layers, bottom up: model → db → io → network → engine → plan → outputs → services →
cli / demo / summary / indicators / web. The foundation (errors, i18n, settings, geo) sits
below them all; calendar sits with the model. Imports inside functions count; those under ``TYPE_CHECKING`` count
for cycles too (a cycle there is a tangle all the same) but not for layers.
"""

from __future__ import annotations

import ast
from pathlib import Path

import tournees

ROOT = Path(tournees.__file__).parent
LAYERS = ["", "model", "db", "io", "network", "engine", "plan", "outputs", "services", "top"]
FOUNDATION = {"errors", "i18n", "settings", "geo", "__init__"}
TOP = {"cli", "demo", "summary", "indicators", "fiches", "web", "__main__", "scenarios", "synth"}
PLACED = {
    "geocoding": "io",
    "calendar": "model",
    "addresses": "io",
    "volunteers": "services",  # fiche 3: matches and campaigns on the road matrix, beside the planned services
    "siting": "services",  # fiches 1, 8, 10: where to put a site, on the road matrix
    "sectors": "services",  # fiche 2 and bricol'âge: balanced districts of residences, on the road matrix
}  # geocoding and addresses: beside the importer (coordinates of imported places); calendar: weekdays of the vocabulary


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in ROOT.rglob("*.py") if "migrations" not in p.parts}


def _layer(module: str) -> int:
    first = module.split(".")[1] if "." in module else "__init__"
    if first in FOUNDATION:
        return 0
    if first in TOP:
        return LAYERS.index("top")
    return LAYERS.index(PLACED.get(first, first))


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path, modules: dict[str, Path], me: str) -> list[tuple[str, bool]]:
    """(module imported, only for type checking) for every tournees import of a file."""
    found: list[tuple[str, bool]] = []

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    def visit(node: ast.AST, typing_only: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for sub in child.body:
                    visit_one(sub, True)
                for sub in child.orelse:
                    visit_one(sub, typing_only)
                continue
            visit_one(child, typing_only)

    def visit_one(child: ast.AST, typing_only: bool) -> None:
        if isinstance(child, ast.Import):
            names = [a.name for a in child.names]
        elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
            names = [f"{child.module}.{a.name}" for a in child.names]
        else:
            visit(child, typing_only)
            return
        for name in names:
            if name.startswith("tournees"):
                target = resolve(name)
                if target and target != me:
                    found.append((target, typing_only))

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return found


def _graph() -> dict[str, list[tuple[str, bool]]]:
    modules = _modules()
    return {name: _imports(path, modules, name) for name, path in modules.items()}


def test_no_import_cycle() -> None:
    graph = {m: sorted({t for t, _ in edges}) for m, edges in _graph().items()}
    # A package importing its own submodules (re-exports) is not a tangle: leave those edges out.
    graph = {m: [t for t in ts if not t.startswith(m + ".") and not m.startswith(t + ".")] for m, ts in graph.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def strong(v: str) -> None:  # Tarjan
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph.get(v, []):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                cycles.append(sorted(part))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    assert not cycles, f"import cycles: {cycles}"


def test_no_upward_import() -> None:
    upward = [
        (m, t) for m, edges in _graph().items() for t, typing_only in edges if not typing_only and _layer(t) > _layer(m)
    ]
    assert not upward, f"imports from a lower layer up to a higher one: {sorted(set(upward))}"


def test_the_graph_is_read() -> None:
    graph = _graph()
    assert ("tournees.services.registry", False) in graph["tournees.cli.plan"]
    assert _layer("tournees.outputs.write") < _layer("tournees.services.base") < _layer("tournees.cli.plan")
