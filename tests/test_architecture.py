"""docs/ARCHITECTURE.md stays true: every module it names imports, and the layering it states holds."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PAGE = (REPO / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
SRC = REPO / "src" / "draftbot"


def _named_modules() -> list[str]:
    return sorted(set(re.findall(r"`(draftbot(?:\.[a-z_]+)*)(?:\.[A-Za-z_]+\(?[^`]*)?`", PAGE)))


def test_every_module_the_page_names_imports():
    names = _named_modules()
    assert len(names) >= 40, names  # the page names every stage and layer
    for name in names:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError:
            # `draftbot.x.y.attr` forms: the module is the prefix, the attribute must exist
            mod, _, attr = name.rpartition(".")
            assert hasattr(importlib.import_module(mod), attr), name


def _module_files(root: Path = SRC) -> list[str]:
    """Every module of the tree as a dotted name (a package by its own name)."""
    out = []
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        out.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return sorted(out)


def test_every_module_of_the_tree_is_named():
    missing = [m for m in _module_files() if m not in set(_named_modules())]
    assert not missing, ("docs/ARCHITECTURE.md does not name " + ", ".join(missing)
                         + ": add each to its layer's row, or under \"Every module\"")


def test_nothing_below_the_cli_imports_commands():
    offenders = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
                 if p.parent.name != "commands" and p.name != "cli.py"
                 and re.search(r"^\s*(from|import) draftbot\.commands", p.read_text(encoding="utf-8"), re.M)]
    assert offenders == []


def _layers() -> list[set[str]]:
    """Top-level packages/modules of each row of the page's layer table, in order."""
    table = PAGE.split("## Layers", 1)[1].split("\n## ", 1)[0]
    rows = [ln.split("|")[2] for ln in table.splitlines() if ln.startswith("| ") and "`draftbot" in ln]
    return [{m.split(".")[1] for m in re.findall(r"`(draftbot\.[a-z_]+)", row)} for row in rows]


def _imports(path: Path) -> set[str]:
    """Top-level draftbot packages/modules a file imports (lazy imports inside functions included)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("draftbot."):
            out.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            out |= {a.name.split(".")[1] for a in node.names if a.name.startswith("draftbot.")}
    return out


def test_layers_import_only_upwards():
    layers = _layers()
    rank = {name: i for i, names in enumerate(layers) for name in names}
    assert {"errors", "text", "briefing", "backends", "verify", "draft", "evals", "commands"} <= set(rank)
    wrong = []
    unplaced = sorted({p.relative_to(SRC).parts[0].removesuffix(".py") for p in SRC.rglob("*.py")}
                      - set(rank) - {"__init__", "__main__"})
    assert not unplaced, ("no layer of docs/ARCHITECTURE.md holds " + ", ".join(f"draftbot.{m}" for m in unplaced)
                          + ": name it in the row of the layers it imports from (or below them)")
    for path in SRC.rglob("*.py"):
        me = path.relative_to(SRC).parts[0].removesuffix(".py")
        if me not in rank:
            continue  # __init__, __main__
        for other in _imports(path) - {me}:
            if other in rank and rank[other] > rank[me]:
                wrong.append(f"{path.relative_to(SRC)} imports draftbot.{other}")
    assert wrong == []


def test_registries_the_page_describes():
    from draftbot.backends.registry import BACKENDS
    from draftbot.briefing.formats import FORMATS

    assert set(FORMATS) == {"md", "docx"} and set(BACKENDS) >= {"extractive", "openai", "replay"}
    for stage in ("plan_stage", "evidence", "compose", "repair", "overview", "write"):
        assert f"`draftbot.draft.{stage}`" in PAGE
