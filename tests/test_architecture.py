"""The house in floors (ARCHITECTURE.md): each package of ``generator`` imports only the floors below
it, and no module imports itself back through others. Read from the source, not by importing it."""

from __future__ import annotations

import ast
from pathlib import Path

import generator
from conftest import REPO


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, root: Path) -> set[str]:
    """What ``path`` imports from ``generator``, anywhere in it (lazy imports too), as dotted names:
    "from . import x" names module x, "from .x import y" names x and x.y (y may be a module)."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("generator")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("generator"):
                found |= {f"{target}.{alias.name}" for alias in node.names} | {target}
    return found


def graph(root: Path) -> dict[str, set[str]]:
    """Module -> the modules of ``generator`` it imports."""
    known = {module_name(p, root): p for p in (root / "generator").rglob("*.py")}

    def resolve(target: str) -> str | None:
        while target and target not in known:
            target = target.rpartition(".")[0]
        return target or None

    return {name: {m for m in map(resolve, imports(path, root)) if m and m != name} for name, path in known.items()}


def floor_of(module: str) -> tuple[int, str] | None:
    """(floor number, package) of a module; None for the top of the package (generator/__init__)."""
    parts = module.split(".")
    if len(parts) < 2:
        return None
    for number, packages in enumerate(generator.FLOORS):
        if parts[1] in packages:
            return number, parts[1]
    raise AssertionError(f"{module} is in no floor of generator.FLOORS: put it in a package of one")


def wrong_imports(edges: dict[str, set[str]]) -> list[str]:
    wrong = []
    for name, targets in sorted(edges.items()):
        here = floor_of(name)
        for target in sorted(targets):
            there = floor_of(target)
            if here is not None and there is not None and here[1] != there[1] and there[0] >= here[0]:
                wrong.append(f"{name} imports {target} ({there[1]} is not below {here[1]})")
    return wrong


def cycles(edges: dict[str, set[str]]) -> list[str]:
    found = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                found.append(" -> ".join(path[path.index(target):] + [target]))
            elif target not in state:
                visit(target, path + [target])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    return found


def test_every_module_sits_on_a_floor():
    for name in graph(REPO):
        floor_of(name)


def test_no_package_imports_a_floor_above_it_or_beside_it():
    assert wrong_imports(graph(REPO)) == []


def test_no_module_imports_itself_back():
    assert cycles(graph(REPO)) == []


def test_the_checks_catch_what_they_are_for(tmp_path):
    """Relative, absolute and lazy imports are read; an upward import, one beside and a circle are caught."""
    source = tmp_path / "generator" / "site" / "x.py"
    source.parent.mkdir(parents=True)
    (tmp_path / "generator" / "domain").mkdir()
    source.write_text("from ..render import renderer\nfrom . import urls\n"
                      "def f():\n    import generator.cli.main\n    from ..domain.text import fold\n")
    assert imports(source, tmp_path) == {"generator.render", "generator.render.renderer", "generator.site",
                                         "generator.site.urls", "generator.cli.main", "generator.domain.text",
                                         "generator.domain.text.fold"}
    edges = {"generator.site.x": {"generator.render.renderer", "generator.domain.text"},
             "generator.domain.model": {"generator.support.csvfile"}, "generator.render.renderer": {"generator.site.x"}}
    assert wrong_imports(edges) == [
        "generator.domain.model imports generator.support.csvfile (support is not below domain)",
        "generator.site.x imports generator.render.renderer (render is not below site)"]
    assert cycles(edges) == ["generator.render.renderer -> generator.site.x -> generator.render.renderer"]
