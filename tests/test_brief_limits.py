"""Every brief and outline value is validated when loaded (issue 27): offsets bounded, templates
with their placeholders, headings that cannot collide, length and count caps. Each is one line
naming the file and the field, never a traceback or a draft that fails its own check."""

from __future__ import annotations

import pytest

from draftbot.briefing.brief import Brief, load_brief
from draftbot.errors import UserError


def _load(tmp_path, body: str):
    p = tmp_path / "brief.yaml"
    p.write_text("id: x\ntitle: 测试简报\n" + body + "\n", encoding="utf-8")
    return load_brief(p)


@pytest.mark.parametrize("body,field", [
    ("date_offset_days: -1000000", "date_offset_days"),  # was an OverflowError traceback when drafting
    ("references: {heading: 摘要}", "reads as the reference heading"),  # 摘要 would become the list
    ("summary: {heading: 参考资料}", "reads as the reference heading"),
    ("synthesis: {heading: 参考文献与判断}", "reads as the reference heading"),
    ("references: {line: '{publisher}，《{title}》，{date}'}", "references.line"),  # no {n}
    ("references: {line: '{n}. {publisher}，{date}'}", "references.line"),  # no {title}
    ("references: {line: '{n}. {nope}'}", "references.line"),
    ("title: '## 参考文献'", "title"),  # would read back as a heading
    ("title: 摘要", "also a section heading"),
    ("org_lines: ['# 一、伪造的章节']", "org_lines"),
    ("summary: {guidance: " + "很" * 2_000_000 + "}", "summary.guidance"),  # 2 MB guidance
    ("summary: {heading: " + "长" * 1_000_000 + "}", "summary.heading"),  # 1 MB heading
    ("section: {target_chars: 100000000}", "section.target_chars"),
])
def test_a_bad_brief_value_is_one_line_naming_the_field(tmp_path, body, field):
    with pytest.raises(UserError) as e:
        _load(tmp_path, body)
    msg = str(e.value)
    assert field in msg and "brief.yaml" in msg and "\n" not in msg and len(msg) < 600


def test_a_provenance_brief_cannot_turn_a_body_block_into_references():
    data = Brief.model_validate({"id": "x", "title": "T"}).model_dump()
    data["references"]["heading"] = "摘要"
    with pytest.raises(ValueError):
        Brief.model_validate(data)
    from draftbot.briefing.provenance import brief_of

    assert brief_of({"brief": data}) is None  # not used: the draft is read with a valid brief


def test_the_shipped_and_ordinary_briefs_still_load(tmp_path):
    assert load_brief().references.heading == "参考文献"
    b = _load(tmp_path, "date_offset_days: -1\nreferences: {heading: 资料来源, line: '[{n}] {publisher}：{title}（{date}）'}")
    assert b.references.heading == "资料来源"


def test_outline_fields_have_count_and_length_caps(tmp_path):
    from draftbot.outline.model import MAX_ITEMS, Outline

    many = {"sections": [{"id": "s1", "heading": "一", "queries": ["q"] * 20000}]}
    with pytest.raises(ValueError):
        Outline.model_validate(many)
    with pytest.raises(ValueError):
        Outline.model_validate({"sections": [{"id": "s1", "heading": "长" * 1_000_000}]})
    with pytest.raises(ValueError):
        Outline.model_validate({"sections": [{"id": "s1", "heading": "一", "guidance": "很" * 2_000_000}]})
    ok = Outline.model_validate({"sections": [{"id": "s1", "heading": "一", "queries": ["q"] * MAX_ITEMS}]})
    assert len(ok.sections[0].queries) == MAX_ITEMS
