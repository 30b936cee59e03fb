"""The house rules of ARCHITECTURE.md, checked on the import graph of gaplib and bench (built with ast).

Every import counts, also one inside a function or under ``if TYPE_CHECKING``: an arrow a reader
sees is an arrow.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: One package per chapter: its calculations.
WINGS = ("hardware", "algorithms", "research", "funding", "geopolitics", "strategy", "leaders")
#: The engine and the presentation share two modules of constants with notebooks (the glue prefix,
#: the artifact folder, where a page finds its chapters' results); nothing else of the engine.
ENGINE_CONSTANTS = {"gaplib.engine.provenance", "gaplib.engine.results"}
MAX_LINES = 300
#: Flat modules every room may import: the guards and the specification-curve machinery (ARCHITECTURE.md).
SHARED = ("guards", "specs")


def modules(folder: str) -> dict[str, Path]:
    """Return {dotted module name: path} of the Python files under ``folder`` (packages by their ``__init__``)."""
    out = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        name = ".".join(parts) if folder == "gaplib" else parts[-1]  # bench scripts import each other by name
        out[name] = path
    return out


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Return the known modules that the module ``name`` imports, anywhere in its body."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            submodules = [f"{module}.{alias.name}" for alias in node.names if f"{module}.{alias.name}" in known]
            # ``from package import module`` is an arrow to that module, not to the package's __init__
            targets = submodules if len(submodules) == len(node.names) else [*submodules, module]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def graph(folder: str) -> dict[str, set[str]]:
    known = modules(folder)
    return {name: imports(name, path, known) for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def room(module: str) -> str:
    """Return the room of a gaplib module: ``engine``, ``present``, a wing, ``summary``, ``data`` ..."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "gaplib"


def broken_rules(edges: dict[str, set[str]]) -> list[str]:
    """Return one line per arrow against the rules (module -> module: the rule)."""
    wrong = []
    for source, targets in sorted(edges.items()):
        here = room(source)
        for target in sorted(targets):
            there = room(target)
            if here == there or there == "gaplib":
                continue
            rule = None
            if here == "engine" and there in (*WINGS, "summary", "replications"):
                rule = "the engine imports no wing"
            elif here in ("present", "data", "params", *SHARED) and there in (*WINGS, "summary", "replications"):
                rule = f"{here} imports no wing"
            elif here in ("present", "data", "params", *SHARED) and there == "engine" and target not in ENGINE_CONSTANTS:
                rule = f"{here} takes only the engine's constants (provenance, results)"
            elif here in (*WINGS, "replications") and there in ("summary", "engine", "present"):
                rule = "a wing imports no summary, engine or presentation"
            elif here == "summary" and there == "engine":
                rule = "the summary imports no engine"
            if rule:
                wrong.append(f"{source} -> {target}: {rule}")
    return wrong


def test_cycles_are_found_in_a_planted_graph():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(edges) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_rules_catch_planted_arrows():
    assert broken_rules({"gaplib.specs": {"gaplib.summary.directions"}}) == [
        "gaplib.specs -> gaplib.summary.directions: specs imports no wing"]
    edges = {"gaplib.engine.build": {"gaplib.hardware.compute", "gaplib.present.i18n"},
             "gaplib.hardware.compute": {"gaplib.summary.overview", "gaplib.guards"},
             "gaplib.present.publish": {"gaplib.engine.provenance", "gaplib.engine.build"}}
    assert broken_rules(edges) == [
        "gaplib.engine.build -> gaplib.hardware.compute: the engine imports no wing",
        "gaplib.hardware.compute -> gaplib.summary.overview: a wing imports no summary, engine or presentation",
        "gaplib.present.publish -> gaplib.engine.build: present takes only the engine's constants (provenance, results)",
    ]


@pytest.mark.parametrize("folder", ["gaplib", "bench"])
def test_no_import_circle(folder):
    assert cycles(graph(folder)) == []


def test_arrows_point_one_way():
    assert broken_rules(graph("gaplib")) == []


def test_every_wing_is_a_package_with_its_chapter():
    chapters = {path.stem for path in (ROOT / "chapters").glob("*.ipynb")}
    for wing in WINGS:
        assert (ROOT / "gaplib" / wing / "__init__.py").is_file(), wing
        assert wing in chapters, f"wing {wing} has no chapter"
        assert (ROOT / "gaplib" / "params" / f"{wing}.py").is_file(), f"wing {wing} has no parameter schema"


def test_no_module_over_the_house_length():
    long = {str(path.relative_to(ROOT)): n for path in (ROOT / "gaplib").rglob("*.py")
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_no_analysis_module_lies_flat_in_gaplib():
    flat = sorted(path.name for path in (ROOT / "gaplib").glob("*.py"))
    assert flat == ["__init__.py", *(f"{name}.py" for name in SHARED)]
