"""Brief loading: the shipped default, and one-line errors naming the file and the field."""

from __future__ import annotations

import pytest

from draftbot.errors import UserError
from draftbot.briefing.brief import load_brief
from draftbot.resources import default_brief_path


def test_default_brief_loads():
    b = load_brief(None)
    assert b.id == "xinzhi-daily" and b.title == "新质生产力每日动态"
    assert [s.id for s in b.sections] == ["industry", "demand-services", "data-elements", "prices-global"]
    assert all(s.queries and s.target_chars > 0 for s in b.sections)
    assert b.background.kinds == ["policy"] and b.date_offset_days == 1
    assert load_brief(default_brief_path()) == b


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
    p = _write(tmp_path, base.replace("evidence_budget: 10", "evidence_budjet: 10"))
    with pytest.raises(UserError) as e:
        load_brief(p)
    assert "sections.0.evidence_budjet" in str(e.value) and str(p) in str(e.value)

    p = _write(tmp_path, base.replace("evidence_budget: 10", "evidence_budget: ten"))
    with pytest.raises(UserError) as e:
        load_brief(p)
    assert "sections.0.evidence_budget" in str(e.value)

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
        assert load_brief(p).sections
