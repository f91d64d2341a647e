"""Brief loading: the shipped default, and one-line errors naming the file and the field."""

from __future__ import annotations

import pytest

from draftbot.errors import UserError
from draftbot.briefing.brief import load_brief
from draftbot.resources import default_brief_path


def test_default_brief_loads():
    b = load_brief(None)
    assert b.id == "xinzhi-daily" and b.title == "新质生产力每日动态"
    # a format, not a day: no fixed sections, no heading or judgement of 2026-06-04
    assert b.sections is None and b.synthesis.heading == "今日判断"
    assert b.section.target_chars > 0 and b.section.evidence_budget > 0
    assert (b.plan.sections.min, b.plan.sections.max) == (3, 6)
    assert [t.name for t in b.plan.themes] == ["统计数据", "地方政策", "数据要素", "全球市场"]
    text = default_brief_path().read_text(encoding="utf-8")
    for seed_heading in ("国家统计局披露新型工业化进展", "地方分赛密集启动", "系统能力", "工业增加值 制造业增加值"):
        assert seed_heading not in text
    # the planner's window is the brief's background statement
    assert b.plan.recency_days == b.background.recent_days and b.plan.background_kinds == ["policy"]
    assert b.background.kinds == ["policy"] and b.date_offset_days == 1
    assert load_brief(default_brief_path()) == b


def test_old_brief_with_fixed_sections_still_reads(tmp_path):
    """Compatibility: a brief with a `sections:` list is read as a fixed outline."""
    from draftbot.draft.plan_stage import plan_from_brief
    import datetime as dt

    p = _write(tmp_path, "id: x\ntitle: T\nsections:\n  - {id: a, heading: 标题甲, queries: [q1]}\n"
                         "  - {id: b, heading: 标题乙, queries: [q2], target_chars: 200}\n")
    b = load_brief(p)
    outline = plan_from_brief(b, [], dt.date(2026, 6, 4))
    assert [(s.id, s.heading, s.queries, s.source_ids) for s in outline.sections] == \
        [("a", "标题甲", ["q1"], []), ("b", "标题乙", ["q2"], [])]


def _write(tmp_path, text: str):
    p = tmp_path / "brief.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_invalid_yaml_names_file_and_line(tmp_path):
    p = _write(tmp_path, "id: x\ntitle: [unclosed\n")
    with pytest.raises(UserError) as e:
        load_brief(p)
    assert str(p) in str(e.value) and "line" in str(e.value)


def test_missing_and_mistyped_fields_are_named(tmp_path):
    base = default_brief_path().read_text(encoding="utf-8")
    p = _write(tmp_path, base.replace("evidence_budget: 8", "evidence_budjet: 8"))
    with pytest.raises(UserError) as e:
        load_brief(p)
    assert "section.evidence_budjet" in str(e.value) and str(p) in str(e.value)

    p = _write(tmp_path, base.replace("evidence_budget: 8", "evidence_budget: ten"))
    with pytest.raises(UserError) as e:
        load_brief(p)
    assert "section.evidence_budget" in str(e.value)

    p = _write(tmp_path, base.replace("sections: {min: 3, max: 6}", "sections: {min: 6, max: 3}"))
    with pytest.raises(UserError) as e:
        load_brief(p)
    assert "plan.sections" in str(e.value)

    p = _write(tmp_path, "id: x\ntitle: T\nsections: []\n")
    with pytest.raises(UserError) as e:
        load_brief(p)
    assert "'sections'" in str(e.value)


def test_reference_line_placeholders_are_checked(tmp_path):
    base = default_brief_path().read_text(encoding="utf-8")
    p = _write(tmp_path, base.replace("{publisher}", "{author}"))
    with pytest.raises(UserError) as e:
        load_brief(p)
    assert "references.line" in str(e.value)


def test_missing_file(tmp_path):
    with pytest.raises(UserError) as e:
        load_brief(tmp_path / "nope.yaml")
    assert "nope.yaml" in str(e.value) and "not found" in str(e.value)


def test_eval_briefs_load():
    from pathlib import Path

    for p in sorted((Path(__file__).resolve().parent.parent / "evals").glob("*/brief.yaml")):
        b = load_brief(p)
        assert b.sections is None and b.synthesis.heading == "今日判断", p  # formats, not days
