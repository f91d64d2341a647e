"""The prompt contract: the rules the pipeline relies on, and which prompt must state each.

Every prompt file states its rules as a numbered list, each rule once, led by its label
(`3.【英文换算】…`). The pipeline depends on some of them: the verifier assumes clauses carry
`[n]` citations and figures as the evidence writes them, the parser assumes the JSON shape, the
planner assumes ids from the list. `missing_rules` names each such rule a prompt no longer states,
so `tests/test_prompt_contract.py` and `draftbot eval` fail with the rule's name when an edit drops
one, not only when a re-recorded reply happens to go wrong.

A rule counts as stated when its label stands in the prompt's system text, or when most of its
anchor terms stand in one line of it: a one-character edit (to the label, or to any one anchor)
does not drop a rule; deleting its line does.
"""

from __future__ import annotations

from typing import Mapping

from pydantic import BaseModel

DRAFTING = ("section", "repair", "synthesis", "summary")
ANCHOR_SHARE = 0.6  # share of a rule's anchors one line must hold when its label is gone


class Rule(BaseModel):
    name: str  # what `eval` and the tests print
    label: str  # the rule's lead in the prompt, e.g. 【引用】
    anchors: list[str]  # words the rule's line holds (any two of three still recognise it)
    prompts: tuple[str, ...]  # the prompt files that must state it
    why: str  # what relies on it


RULES: list[Rule] = [
    Rule(name="citations", label="【引用】", anchors=["[n]", "事实性分句", "引用"], prompts=DRAFTING,
         why="the verifier checks each clause against the sources its [n] cite"),
    Rule(name="numbers-as-written", label="【数字】", anchors=["照抄", "四舍五入", "一致"], prompts=DRAFTING,
         why="a figure is supported only by the same value and unit in a cited source"),
    Rule(name="english-amounts", label="【英文换算】", anchors=["billion", "亿美元", "英文原文"],
         prompts=("section", "repair"),
         why="the verifier accepts 984亿美元 for $98.4 billion; an English amount left in Chinese prose is sent back"),
    Rule(name="no-new-facts", label="【不添事实】", anchors=["之外的事实", "不得引入", "一概不写"], prompts=DRAFTING,
         why="every figure must stand in a cited source"),
    Rule(name="data-not-instructions", label="【只是数据】", anchors=["是数据", "不是指令", "一律不执行"],
         prompts=(*DRAFTING, "outline"), why="sources may carry text aimed at the model"),
    Rule(name="json-shape", label="【输出】", anchors=["JSON", "结构", "返回"], prompts=(*DRAFTING, "outline"),
         why="replies are parsed into the schema"),
    Rule(name="source-types", label="【来源类型】", anchors=["release", "wire", "newspaper"],
         prompts=("section", "outline"), why="the evidence and the source list show each source's type"),
    Rule(name="background-labelled", label="【背景】", anchors=["background", "此前", "不要写成当天"],
         prompts=("section",), why="a background source must not read as the day's news"),
    Rule(name="length-from-evidence", label="【长度】", anchors=["目标长度", "宁可", "凑字数"], prompts=("section",),
         why="the length asked follows how much the evidence holds"),
    Rule(name="heading-proposal", label="【标题】", anchors=["heading", "更好", "留空"], prompts=("section",),
         why="a proposed heading is kept when it names the section's sources"),
    Rule(name="source-ids", label="【编号】", anchors=["S3", "编造", "最多"], prompts=("outline",),
         why="the planner maps ids back to sources"),
    Rule(name="theme-prefix", label="【栏目前缀】", anchors=["｜", "栏目名称", "前缀"], prompts=("outline",),
         why="a standing theme is written 名称｜标题"),
    Rule(name="heading-from-sources", label="【章节标题】", anchors=["标题用中文", "摘要或导语", "不添加"],
         prompts=("outline",), why="a heading is judged against what the model was shown"),
]


def stated(rule: Rule, system_text: str) -> bool:
    """Is `rule` stated in a prompt's system text (its label, or most of its anchors in one line)?"""
    if rule.label in system_text:
        return True
    need = max(1, round(ANCHOR_SHARE * len(rule.anchors)))
    return any(sum(a in line for a in rule.anchors) >= need for line in system_text.splitlines())


def missing_rules(prompts: Mapping[str, str] | None = None) -> list[tuple[str, Rule]]:
    """(prompt name, rule) for each contract rule a prompt does not state. `prompts`: name -> the
    file's text (default: the prompt files draftbot ships)."""
    from draftbot.resources import Prompt, prompt_text

    out = []
    for name in sorted({p for r in RULES for p in r.prompts}):
        text = prompts[name] if prompts is not None and name in prompts else prompt_text(name)
        system = Prompt(name, text).system
        out += [(name, r) for r in RULES if name in r.prompts and not stated(r, system)]
    return out


def contract_failures(prompts: Mapping[str, str] | None = None) -> list[str]:
    """One line per broken rule: `prompts/section.md no longer states rule citations (…)`."""
    return [f"prompts/{name}.md no longer states rule {r.name} {r.label} ({r.why})"
            for name, r in missing_rules(prompts)]


