"""Issue 22: a 今日判断 / 摘要 repair request carries the sections it summarises, not the sources
(its rule is 不得引入新的事实): under each evidence number the model reads what the verified
sections say citing that source, and the repaired clause is checked against the sources as before."""

from __future__ import annotations

from draftbot.backends.base import ClauseOut, ParagraphOut, SectionOut
from draftbot.backends.scripted import ScriptedDrafter
from draftbot.config import load_settings
from draftbot.draft.overview import SECTION_NOTE
from draftbot.draft.pipeline import run_draft
from tests.draft_fixtures import DAY, SEED_OUTLINE, sample_store, use_sample_store  # noqa: F401


def test_synthesis_repair_is_asked_with_the_sections_not_the_sources(tmp_path, use_sample_store):
    def invented(task, *_):  # a figure that stands in no section (nor in the source)
        n = task.evidence[0].n
        return SectionOut(paragraphs=[ParagraphOut(clauses=[ClauseOut(text="新能源汽车产量达到9999万辆。", cites=[n])])])

    d = ScriptedDrafter({"synthesis": [invented], "repair:SynthesisTask": [invented, invented]})
    run_draft(load_settings(), DAY, out=tmp_path / "b.md", drafter=d, quiet=True, outline=SEED_OUTLINE)
    first = next(t for key, t, _ in d.calls if key == "synthesis")
    repairs = [(t, problems) for key, t, problems in d.calls if key == "repair:SynthesisTask"]
    assert repairs, [key for key, _, _ in d.calls]
    task, problems = repairs[0]
    assert any("9999万辆" in p for p in problems)
    # the same numbers and sources as the drafting call, each now the sections' verified clauses
    assert [(e.n, e.hit.source_id) for e in task.evidence] == [(e.n, e.hit.source_id) for e in first.evidence]
    said = {c.text.strip() for s in first.sections for c in s.out.clauses()}
    for e in task.evidence:
        lines = e.hit.text.split("\n")
        assert lines[0] == SECTION_NOTE and len(lines) > 1, e.hit.text
        assert all(any(line.endswith(c) for c in said) for line in lines[1:]), lines
    # no source text reaches the repair: the first drafting call's snippets are not in it
    sources = {e.hit.text for e in first.evidence}
    assert not any(e.hit.text in sources for e in task.evidence) and task.summaries == {}
