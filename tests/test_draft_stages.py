"""The drafting run's seams: the plan slot before compose, and progress as a plain callback."""

from __future__ import annotations

import datetime as dt
import json

from draftbot.backends.scripted import ScriptedDrafter
from draftbot.config import load_settings
from draftbot.draft.plan_stage import Outline, OutlineSection, plan_from_brief
from draftbot.draft.pipeline import run_draft
from tests.draft_fixtures import DAY, sample_store, use_sample_store  # noqa: F401


def test_a_planned_outline_replaces_the_briefs_sections_and_restricts_evidence(tmp_path, use_sample_store):
    seen, chosen = {}, {}

    def planner(brief, sources, day):
        seen.update(brief=brief.id, day=day, n=len(sources))
        stats = next(s for s in sources if s.date == day and "国家统计局" in (s.publisher or ""))
        chosen["sid"] = stats.id
        return Outline(sections=[
            OutlineSection(id="stats", heading="统计数据速览", queries=["产量 增长"], source_ids=[stats.id]),
            OutlineSection(id="open", heading="数据要素动态", queries=["数据要素"]),
        ])

    d = ScriptedDrafter()
    out = tmp_path / "b.md"
    res = run_draft(load_settings(), DAY, out=out, drafter=d, quiet=True, plan=planner)
    assert seen["brief"] == "xinzhi-daily" and seen["day"] == dt.date(2026, 6, 4) and seen["n"] >= 10
    md = out.read_text(encoding="utf-8")
    assert "## 一、统计数据速览" in md and "## 二、数据要素动态" in md and "## 三、今日判断" in md
    stats_task = next(t for key, t, _ in d.calls if key == "section:stats")
    assert stats_task.evidence and {e.hit.source_id for e in stats_task.evidence} == {chosen["sid"]}
    assert [s.heading for s in stats_task.siblings] == ["数据要素动态"]
    open_task = next(t for key, t, _ in d.calls if key == "section:open")
    assert len({e.hit.source_id for e in open_task.evidence}) > 1
    prov = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert [s["id"] for s in prov["outline"]["sections"]] == ["stats", "open"]
    assert prov["outline"]["sections"][0]["source_ids"] == [chosen["sid"]]
    assert res.sections == 2


def test_an_old_briefs_sections_are_its_outline(tmp_path):
    from draftbot.briefing.brief import load_brief
    from draftbot.draft.plan_stage import section_spec

    p = tmp_path / "old.yaml"
    p.write_text("id: x\ntitle: T\nsections:\n  - {id: a, heading: 甲, queries: [q1], guidance: g, target_chars: 200}\n",
                 encoding="utf-8")
    brief = load_brief(p)
    outline = plan_from_brief(brief, [], dt.date(2026, 6, 4))
    assert [(s.id, s.heading, s.queries, s.source_ids) for s in outline.sections] == [("a", "甲", ["q1"], [])]
    assert [section_spec(s, brief, {}) for s in outline.sections] == brief.sections


def test_progress_is_reported_through_a_callback(tmp_path, use_sample_store):
    events = []
    run_draft(load_settings(concurrency=3), DAY, out=tmp_path / "b.md", quiet=True,
              progress=lambda stage, done, total: events.append((stage, done, total)))
    stages = list(dict.fromkeys(s for s, _, _ in events))
    assert stages == ["retrieving evidence", "drafting sections", "今日判断 / 摘要"]
    for name in stages:
        mine = [(d, t) for s, d, t in events if s == name]
        total = mine[0][1]
        assert mine[0][0] == 0 and [d for d, _ in mine] == list(range(total + 1))  # every step, in order
