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


def _evidence(texts: list[str]):
    from draftbot.models import Evidence, Hit

    return [Evidence(n=i, hit=Hit(chunk_id=f"c{i}", source_id=f"s{i}", title="t", publisher="p", date=None, path="x",
                                  score=0.0, text=t, start=0, end=len(t))) for i, t in enumerate(texts, 1)]


def test_length_asked_follows_the_evidence_not_only_the_brief():
    from draftbot.backends.chat_drafter import length_guidance

    short = "国家统计局今天发布，5月份全国居民消费价格同比上涨0.3%，环比下降0.1%。" * 3  # about 110 characters
    asked = length_guidance(420, _evidence([short]))
    n = int(asked.split()[1])
    assert n < 110 and "1 段" in asked  # never more than the evidence holds
    long = short * 20
    assert length_guidance(420, _evidence([long])).startswith("约 420 字，1–3 段")
    english = "China's exports grew 7.6% in May from a year earlier, customs data showed. " * 4  # ~300 chars
    assert int(length_guidance(420, _evidence([english])).split()[1]) < 100  # English reads shorter in Chinese


def test_evidence_shows_each_sources_type_and_background():
    from draftbot.backends.chat_drafter import typed_evidence_block
    from draftbot.models import Evidence, Hit

    def ev(n, sid, publisher, kind):
        return Evidence(n=n, hit=Hit(chunk_id=f"c{n}", source_id=sid, title=f"t{n}", publisher=publisher, date=None,
                                     path="x", score=0.0, text="正文。", start=0, end=3, kind=kind))

    block = typed_evidence_block([ev(1, "a", "国家统计局", "release"), ev(2, "b", "Reuters", "news"),
                                  ev(3, "c", "人民日报", "release"), ev(4, "d", "工业和信息化部", "notice"),
                                  ev(5, "e", "国家统计局", "release")], {}, background={"e"})
    heads = [line.split(" · ")[0] for line in block.splitlines() if line.startswith("[")]
    assert heads == ["[1] release", "[2] wire", "[3] newspaper", "[4] notice", "[5] background"]
