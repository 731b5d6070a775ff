"""The shape of the code: stages import only earlier stages, no import cycles, no private names across modules,
and the README's "How it works" table names every module.

Every import is read from the syntax tree (function-level ones included), so a lazy import inside a function
cannot hide a backward edge.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "symcheck"
README = PACKAGE.parent / "README.md"

# Pipeline order: a module may import its own stage or an earlier one.
STAGES = ["core", "read", "latex", "meaning", "show", "judge", "diagnose", "check", "keys", "grade", "report",
          "batch", "editors", "cli"]
# Top-level modules: the package's public API, the instructor's API for problem files, the command line.
TOP_LEVEL = {"__init__": "cli", "problem": "keys", "derive": "keys", "cli": "cli"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return TOP_LEVEL["__init__"]
    if len(parts) == 2 and parts[1] in TOP_LEVEL:
        return TOP_LEVEL[parts[1]]
    return parts[1]


def imports_of(path: Path) -> list[tuple[int, str, tuple[str, ...]]]:
    """(line, imported module, names) for every import in the file, at any depth."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module, tuple(a.name for a in node.names)))
        elif isinstance(node, ast.ImportFrom) and node.level:
            found.append((node.lineno, "<relative>", ()))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name, ()) for a in node.names]
    return found


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def internal_edges() -> dict[str, set[str]]:
    """module -> the symcheck modules it imports (`from pkg import module` counts as importing the module)."""
    edges: dict[str, set[str]] = {m: set() for m in MODULES}
    for module, path in MODULES.items():
        for _, target, names in imports_of(path):
            if not target.startswith("symcheck"):
                continue
            submodules = {f"{target}.{n}" for n in names if f"{target}.{n}" in MODULES}
            edges[module] |= submodules or ({target} if target in MODULES else set())
    return edges


def test_imports_are_absolute():
    relative = [f"{m}:{line}" for m, p in MODULES.items() for line, t, _ in imports_of(p) if t == "<relative>"]
    assert relative == [], "imports one way: absolute `from symcheck.stage.module import name`"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_imports_only_earlier_stages(module: str):
    own = STAGES.index(stage_of(module))
    later = [f"line {line}: {target}" for line, target, _ in imports_of(MODULES[module])
             if target.startswith("symcheck.") and STAGES.index(stage_of(target)) > own]
    assert later == [], f"{module} ({stage_of(module)}) imports a later stage"


def test_no_private_names_across_modules():
    private = [f"{m} line {line}: from {t} import {n}" for m, p in MODULES.items() for line, t, names in imports_of(p)
               if t.startswith("symcheck") and t != m for n in names if n.startswith("_") and n != "__version__"]
    assert private == []


def test_no_import_cycles():
    edges = internal_edges()
    cycles = [c for c in _strongly_connected(edges) if len(c) > 1]
    assert cycles == [], f"import cycles: {cycles}"


def _strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iteratively."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        top = stack.pop()
                        on_stack.discard(top)
                        component.append(top)
                        if top == node:
                            break
                    out.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = counter
                counter += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(edges.get(child, ())))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return out


def _readme_table() -> str:
    text = README.read_text()
    start = text.index("## How it works")
    return text[start:text.index("\n### ", start)]


def test_readme_table_names_every_module():
    table = _readme_table()
    named = set(re.findall(r"`(symcheck/[\w/]+\.py)`", table))
    missing = sorted(p.relative_to(PACKAGE.parent).as_posix() for p in MODULES.values()
                     if p.relative_to(PACKAGE.parent).as_posix() not in named)
    assert missing == [], "add these modules to README's How it works table"


def test_readme_table_lists_the_stages_in_order():
    rows = re.findall(r"^\| (\d+) \| ([\w ]+?) \|", _readme_table(), re.M)
    assert [name.split()[0] for _, name in rows] == STAGES
