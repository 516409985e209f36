"""The package's layout shows the flow: stages in folders, imports one way, units small enough to read.

Stages, in the order data flows through them: letters (files → Letter) → annotations
(labelled pairs) → fetch (open data → files and sidecars) → model (features,
estimators, training) → scoring (Letter → LetterScore) → outputs (tables, pages,
reports, the store) → cli. A module may import its own stage and earlier ones, and
the shared modules at the top (types, errors, config, io), which import no stage.
Every import counts: at the top of a module, inside a function, or under
TYPE_CHECKING. The package's own `__init__` is the public API and may name any
stage (lazily); nothing but its version is imported from it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from classifier.config import PACKAGE_DIR

STAGES = ("letters", "annotations", "fetch", "model", "scoring", "outputs", "cli")
SHARED = ("types", "errors", "config", "io")
MAX_MODULE_LINES = 420
MAX_FUNCTION_LINES = 65


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE_DIR.rglob("*.py"))}


def resolve(importer: str, node: ast.ImportFrom | ast.Import) -> list[str]:
    """The package modules an import statement loads (a name that is a submodule counts as that module)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name.split(".")[0] == "classifier"]
    if node.level:
        package = importer.split(".")
        if MODULES[importer].name != "__init__.py":
            package = package[:-1]
        base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
    else:
        base = node.module or ""
    if base.split(".")[0] != "classifier":
        return []
    found = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES]
    if len(found) < len(node.names):
        found.append(base)
    return found


def imports() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        graph[name] = {target for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
                       for target in resolve(name, node) if target != name}
    return graph


def rank(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1:
        return len(STAGES) + 1  # the package's public API
    if parts[1] in SHARED:
        return 0
    assert parts[1] in STAGES, f"{module} is neither a shared module ({', '.join(SHARED)}) nor in a stage folder"
    return 1 + STAGES.index(parts[1])


def test_every_module_is_shared_or_in_a_stage_folder() -> None:
    for module in MODULES:
        rank(module)


def test_imports_go_from_later_stages_to_earlier_ones() -> None:
    backward = []
    for module, targets in imports().items():
        for target in sorted(targets):
            if target == "classifier" and module.startswith("classifier.cli"):
                continue  # `evasion --version` reads classifier.__version__
            if rank(target) > rank(module):
                backward.append(f"{module} imports {target}")
    assert backward == [], "imports against the flow:\n" + "\n".join(backward)


def test_nothing_imports_the_cli() -> None:
    offenders = [m for m, targets in imports().items()
                 if not m.startswith("classifier.cli") and any(t.startswith("classifier.cli") for t in targets)]
    assert offenders == []


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return stack[stack.index(target):] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_import_cycles() -> None:
    cycle = find_cycle(imports())
    assert cycle is None, "import cycle: " + " → ".join(cycle or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_a_backward_import_is_caught(tmp_path: Path) -> None:
    tree = ast.parse("from classifier.outputs.store import Store\n")
    targets = resolve("classifier.letters.pairs", tree.body[0])
    assert targets == ["classifier.outputs.store"]
    assert rank("classifier.outputs.store") > rank("classifier.letters.pairs")


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_stay_small_enough_to_read(module: str) -> None:
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_MODULE_LINES, f"{module}: {lines} lines; split it along its seams"


def test_functions_stay_short_or_say_why() -> None:
    long = []
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES and "Long because" not in (ast.get_docstring(node) or ""):
                    long.append(f"{module}.{node.name}: {length} lines")
    assert long == [], "functions to split (or whose docstring says 'Long because …'):\n" + "\n".join(long)


def test_no_module_imports_another_ones_private_names() -> None:
    """What a module shares is public: a `_name` imported elsewhere is an interface nobody declared."""
    found = []
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("classifier"):
                found += [f"{module} imports {node.module}.{alias.name}" for alias in node.names
                          if alias.name.startswith("_") and not alias.name.startswith("__")
                          and f"{node.module}.{alias.name}" not in MODULES]
    assert found == []
