"""The package's shape, checked from its code: one-way imports, small functions, a flat top level.

These are the rules the next person relies on (issue: "one pipeline you can see"):
- no import circle between modules of `analysis`, counting imports inside functions too;
- at most ten modules directly under `src/analysis/`, one subpackage per stage plus `core`;
- no function longer than 120 lines; every module says what it is for in a docstring;
- every stage of the DAG names code that exists, and the README draws the DAG as the code declares it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from analysis import dag
from analysis.core import cache

SRC = Path(__file__).resolve().parents[1] / "src" / "analysis"
STAGE_PACKAGES = {"core", "extract", "check", "analyse", "pages", "report", "site"}


def _modules() -> dict[str, Path]:
    found = {}
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def import_graph() -> dict[str, set[str]]:
    """Module -> the `analysis` modules it imports (anywhere in its code), parents of a module excluded."""
    graph = {}
    for name, path in _modules().items():
        deps = cache.imported_modules(name, path.read_text(encoding="utf-8"), path.name == "__init__.py", SRC)
        graph[name] = {d for d in deps if d != name and not name.startswith(d + ".")}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_circles():
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_top_level_is_small_and_stages_are_subpackages():
    top_modules = [p.name for p in SRC.glob("*.py")]
    assert len(top_modules) <= 10, top_modules
    packages = {p.name for p in SRC.iterdir() if (p / "__init__.py").exists()}
    assert STAGE_PACKAGES <= packages, STAGE_PACKAGES - packages


def test_core_imports_no_stage():
    graph = import_graph()
    for name, deps in graph.items():
        if name.startswith("analysis.core"):
            outside = {d for d in deps if not d.startswith("analysis.core") and d != "analysis"}
            assert not outside, f"{name} imports {outside}: core must not depend on a stage"


def _functions(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node.name, (node.end_lineno or node.lineno) - node.lineno + 1, node.lineno


@pytest.mark.parametrize("name", sorted(_modules()))
def test_functions_are_short_and_modules_documented(name):
    path = _modules()[name]
    long = [f"{fn} (line {line}): {n} lines" for fn, n, line in _functions(path) if n > 120]
    assert not long, f"{path.relative_to(SRC.parent)}: {long}"
    if path.stat().st_size:
        assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), f"{path} has no module docstring"


def test_every_stage_names_existing_code_in_order():
    for stage in dag.STAGES:
        assert stage.code, stage.name
        for module in stage.code:
            assert cache.module_file(module) is not None, f"{stage.name}: no module {module}"
    names = [s.name for s in dag.order()]
    for stage in dag.STAGES:
        for before in stage.after:
            assert names.index(before) < names.index(stage.name)
    assert set(dag.COMMANDS.values()) and all(s in dag.BY_NAME for stages in dag.COMMANDS.values() for s in stages)


def test_readme_draws_the_dag_as_declared():
    readme = (SRC.parents[1] / "README.md").read_text(encoding="utf-8")
    assert dag.draw() in readme, "README's stage table differs from `python -m analysis dag`: paste its output"
