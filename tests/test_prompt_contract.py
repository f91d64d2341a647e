"""The prompt contract (draftbot.llm.contract): each shipped prompt states each rule the pipeline
relies on; dropping one rule's line is caught by name, a one-character edit anywhere is not."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from draftbot.llm.contract import RULES, contract_failures, missing_rules
from draftbot.resources import Prompt, prompt_text

NAMES = sorted({p for r in RULES for p in r.prompts})


def shipped() -> dict[str, str]:
    return {n: prompt_text(n) for n in NAMES}


def without_rule(text: str, label: str) -> str:
    """The prompt with the line that leads with `label` deleted."""
    lines = text.split("\n")
    kept = [ln for ln in lines if label not in ln]
    assert len(kept) == len(lines) - 1, f"{label} must lead exactly one line"
    return "\n".join(kept)


def test_every_shipped_prompt_states_every_rule_it_must():
    assert missing_rules() == []
    assert contract_failures() == []


@pytest.mark.parametrize("name,rule", [(n, r) for r in RULES for n in r.prompts], ids=lambda x: getattr(x, "name", x))
def test_dropping_a_rule_is_caught_by_its_name(name, rule):
    prompts = shipped() | {name: without_rule(prompt_text(name), rule.label)}
    missing = missing_rules(prompts)
    assert [(n, r.name) for n, r in missing] == [(name, rule.name)]
    (line,) = contract_failures(prompts)
    assert line.startswith(f"prompts/{name}.md no longer states rule {rule.name} ")


@pytest.mark.parametrize("name", NAMES)
def test_a_one_character_edit_anywhere_breaks_no_rule(name):
    text = prompt_text(name)
    system_end = len(Prompt(name, text).system)
    rng = random.Random(name)
    # every position of every rule's label and anchors, and a sample of the rest
    spots = {i for r in RULES if name in r.prompts for w in [r.label, *r.anchors]
             for i in range(len(text)) if text.startswith(w, i) for i in range(i, i + len(w))}
    spots |= set(rng.sample(range(system_end), min(200, system_end)))
    for i in sorted(spots):
        for edit in (text[:i] + "某" + text[i + 1:], text[:i] + text[i + 1:]):  # replaced, deleted
            assert missing_rules(shipped() | {name: edit}) == [], (name, i, text[max(0, i - 10):i + 10])


def test_each_rule_is_stated_once_per_prompt():
    for name in NAMES:
        system = Prompt(name, prompt_text(name)).system
        for r in RULES:
            if name in r.prompts:
                assert system.count(r.label) == 1, (name, r.name)


@pytest.fixture
def edited_prompt(monkeypatch):
    """Serve an edited prompt file in place of the shipped one (what a maintainer's edit does)."""
    import draftbot.resources as resources

    real = resources.prompt_text

    def use(name: str, text: str) -> None:
        monkeypatch.setattr(resources, "prompt_text", lambda n: text if n == name else real(n))

    return use


def _eval(tmp_path) -> tuple[int, str]:
    from draftbot.cli import app

    case = Path(__file__).resolve().parent.parent / "evals" / "october-two-topics"
    res = CliRunner().invoke(app, ["eval", str(case), "--backend", "extractive", "--store", str(tmp_path / "store"),
                                   "--baseline", str(tmp_path / "none.json"), "--update-baseline"])
    res = CliRunner().invoke(app, ["eval", str(case), "--backend", "extractive", "--store", str(tmp_path / "store"),
                                   "--baseline", str(tmp_path / "none.json")])
    return res.exit_code, res.output


def test_eval_fails_naming_the_rule_a_prompt_dropped_and_not_for_a_wording_change(tmp_path, edited_prompt):
    from draftbot.llm.contract import RULES

    citations = next(r for r in RULES if r.name == "citations")
    text = prompt_text("section")
    edited_prompt("section", without_rule(text, citations.label))
    code, out = _eval(tmp_path)
    assert code == 1 and "prompts/section.md no longer states rule citations" in out, out
    edited_prompt("section", text.replace("简洁的书面中文", "简明的书面中文"))  # one character
    code, out = _eval(tmp_path)
    assert code == 0 and "no longer states" not in out, out
