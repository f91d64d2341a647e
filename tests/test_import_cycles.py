"""No import cycle is hidden by a function-level import: a module never imports, inside a
function, a module that (through top-level imports) imports it back."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "draftbot"


def _module(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(tree: ast.AST) -> tuple[set[str], list[tuple[int, set[str]]]]:
    """(modules imported at module level, [(line, modules) imported inside a function])."""
    top: set[str] = set()
    inner: list[tuple[int, set[str]]] = []

    def names(node) -> set[str]:
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            return {node.module} | {f"{node.module}.{a.name}" for a in node.names}
        if isinstance(node, ast.Import):
            return {a.name for a in node.names}
        return set()

    def walk(node, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue  # for annotations only: never run
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                got = {n for n in names(child) if n.startswith("draftbot")}
                if in_function and got:
                    inner.append((child.lineno, got))
                elif got:
                    top.update(got)
            else:
                walk(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

    walk(tree, False)
    return top, inner


def hidden_cycles(root: Path) -> list[str]:
    graph, inner = {}, {}
    for path in root.rglob("*.py"):
        mod = _module(path, root)
        graph[mod], inner[mod] = _imports(ast.parse(path.read_text(encoding="utf-8")))
    graph = {m: {t for t in targets if t in graph} for m, targets in graph.items()}

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            m = todo.pop()
            if m == goal:
                return True
            if m not in seen:
                seen.add(m)
                todo.extend(graph.get(m, ()))
        return False

    return sorted(f"{path_of}:{line} imports {t} inside a function; {t} imports {path_of} back"
                  for path_of, found in inner.items() for line, targets in found
                  for t in sorted(targets & set(graph)) if t != path_of and reaches(t, path_of))


def test_no_cycle_is_broken_by_a_function_level_import():
    assert hidden_cycles(SRC) == []


def test_the_detector_sees_a_hidden_cycle(tmp_path):
    pkg = tmp_path / "draftbot"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "a.py").write_text("from draftbot.b import g\n", encoding="utf-8")
    (pkg / "b.py").write_text("from draftbot.c import h\n\ndef g():\n    from draftbot.a import x\n", encoding="utf-8")
    (pkg / "c.py").write_text("import draftbot.a\n\ndef h():\n    from draftbot.b import g\n", encoding="utf-8")
    assert hidden_cycles(pkg) == ["draftbot.b:4 imports draftbot.a inside a function; draftbot.a imports draftbot.b back",
                                  "draftbot.c:4 imports draftbot.b inside a function; draftbot.b imports draftbot.c back"]
