"""docs/ARCHITECTURE.md stays true: every module it names imports, and the layering it states holds."""

from __future__ import annotations

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


def test_nothing_below_the_cli_imports_commands():
    offenders = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
                 if p.parent.name != "commands" and p.name != "cli.py"
                 and re.search(r"^\s*(from|import) draftbot\.commands", p.read_text(encoding="utf-8"), re.M)]
    assert offenders == []


def test_registries_the_page_describes():
    from draftbot.backends.registry import BACKENDS
    from draftbot.briefing.formats import FORMATS

    assert set(FORMATS) == {"md", "docx"} and set(BACKENDS) >= {"extractive", "openai", "replay"}
    for stage in ("outline", "evidence", "compose", "repair", "overview", "write"):
        assert f"`draftbot.draft.{stage}`" in PAGE
