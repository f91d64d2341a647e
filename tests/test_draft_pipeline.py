"""The verify/repair loop with a scripted backend: bad citations and invented numbers are repaired,
marked 【待核实】, or dropped — never left silently."""

from __future__ import annotations

import json
import re

from draftbot.config import load_settings
from draftbot.backends.base import ClauseOut, ParagraphOut, SectionOut
from draftbot.draft.pipeline import run_draft
from draftbot.backends.scripted import ScriptedDrafter
from tests.draft_fixtures import DAY, SEED_OUTLINE, sample_store, use_sample_store  # noqa: F401


def _one(text: str, cites: list[int]) -> SectionOut:
    return SectionOut(paragraphs=[ParagraphOut(clauses=[ClauseOut(text=text, cites=cites)])])


def _n_holding(task, needle: str) -> int:
    """The evidence number whose snippet holds `needle` (so scripts cite real evidence)."""
    for e in task.evidence:
        if needle in e.hit.text:
            return e.n
    raise AssertionError(f"{needle!r} not in the evidence of {task.section.id}")


def _check(md: str):
    from draftbot.index.store import open_store
    from draftbot.verify import SourceLibrary, check_markdown

    with open_store(load_settings()) as st:
        return check_markdown(md, SourceLibrary.from_store(st))


def test_unknown_citation_and_invented_number_are_repaired(tmp_path, use_sample_store):
    bad = lambda task: _one("2025年，新能源汽车产量为1700万辆。", [99])  # noqa: E731
    good = lambda task, prev, problems: _one(  # noqa: E731
        "2025年，新能源汽车产量为1652万辆。", [_n_holding(task, "1652万辆")]
    )
    d = ScriptedDrafter({"section:industry": [bad], "repair:industry": [good]})
    out = tmp_path / "b.md"
    res = run_draft(load_settings(), DAY, out=out, drafter=d, quiet=True, outline=SEED_OUTLINE)
    md = out.read_text(encoding="utf-8")
    assert "1700" not in md and "[99]" not in md
    assert re.search(r"新能源汽车产量为1652万辆\[\d+\]。", md)
    assert res.repairs == 1 and res.pending == 0
    # the repair request named the exact problems
    problems = next(arg for key, _, arg in d.calls if key == "repair:industry")
    text = "\n".join(problems)
    assert "[99]" in text and "1700万辆" in text
    assert _check(md).findings == []


def test_what_repair_cannot_fix_is_marked_pending(tmp_path, use_sample_store):
    invented = lambda task, *a: _one(  # noqa: E731
        "集成电路产量达到4843万块。", [_n_holding(task, "4843亿块")]
    )
    d = ScriptedDrafter({"section:industry": [invented], "repair:industry": [invented, invented]})
    out = tmp_path / "b.md"
    res = run_draft(load_settings(), DAY, out=out, drafter=d, quiet=True, outline=SEED_OUTLINE)
    md = out.read_text(encoding="utf-8")
    assert res.repairs == 2 and res.pending == 1  # at most two repair rounds
    m = re.search(r"集成电路产量达到4843万块\[\d+\]【待核实：([^】]+)】。", md)
    assert m, md.split("## 二")[0]
    assert "4843万块" in m.group(1)
    # the editor's check sees it too (pending), so it is never silent
    kinds = {f.kind for f in _check(md).findings}
    assert kinds and kinds <= {"pending", "unsupported_number"}
    prov = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    pend = [c for s in prov["sections"] for p in s["paragraphs"] for c in p["clauses"] if c["pending"]]
    assert len(pend) == 1 and prov["verification"]["pending"] == 1


def test_uncited_number_goes_to_repair(tmp_path, use_sample_store):
    uncited = lambda task: _one("社会消费品零售总额为50.1万亿元。", [])  # noqa: E731
    d = ScriptedDrafter({"section:demand-services": [uncited]})  # no repair scripted: returns previous
    out = tmp_path / "b.md"
    res = run_draft(load_settings(), DAY, out=out, drafter=d, quiet=True, outline=SEED_OUTLINE)
    md = out.read_text(encoding="utf-8")
    assert "社会消费品零售总额为50.1万亿元【待核实：数字 50.1万亿元 没有引用】。" in md
    assert res.pending == 1


def test_backend_without_repair_drops_failing_clauses(tmp_path, use_sample_store):
    invented = lambda task: SectionOut(paragraphs=[ParagraphOut(clauses=[  # noqa: E731
        ClauseOut(text="工业机器人产量增加到77.3万套。", cites=[_n_holding(task, "77.3万套")]),
        ClauseOut(text="工业机器人产量增加到7.73万套。", cites=[_n_holding(task, "77.3万套")]),
    ])])
    d = ScriptedDrafter({"section:industry": [invented]}, can_repair=False)
    out = tmp_path / "b.md"
    res = run_draft(load_settings(), DAY, out=out, drafter=d, quiet=True, outline=SEED_OUTLINE)
    md = out.read_text(encoding="utf-8")
    assert "7.73万套" not in md and re.search(r"工业机器人产量增加到77.3万套\[\d+\]。", md)
    assert res.dropped == 1 and res.pending == 0 and res.repairs == 0


def test_synthesis_cites_sources_not_sections(tmp_path, use_sample_store):
    def synth(task):
        n = next(e.n for e in task.evidence if "1652万辆" in e.hit.text)
        return SectionOut(paragraphs=[ParagraphOut(clauses=[
            ClauseOut(text="综合来看，新能源汽车产量达到1652万辆，硬指标支撑新质生产力。", cites=[n]),
            ClauseOut(text="数据要素进入落地周期。", cites=[]),
        ])])

    d = ScriptedDrafter({"synthesis": [synth]})
    out = tmp_path / "b.md"
    run_draft(load_settings(), DAY, out=out, drafter=d, quiet=True, outline=SEED_OUTLINE)
    md = out.read_text(encoding="utf-8")
    syn = md.split("## 五、今日判断", 1)[1].split("## 参考文献")[0]
    n = int(re.search(r"1652万辆，硬指标支撑新质生产力\[(\d+)\]", syn).group(1))
    ref = re.search(rf"^{n}\. (.+)$", md.split("## 参考文献")[1], flags=re.M).group(1)
    assert "新型工业化迈出坚实步伐新质生产力积蓄强劲动力" in ref
    # the synthesis task saw the sections with their citations, renumbered into its own evidence
    task = next(t for key, t, _ in d.calls if key == "synthesis")
    assert len(task.sections) == 4
    cited = {n for s in task.sections for c in s.out.clauses() for n in c.cites}
    assert cited and cited <= {e.n for e in task.evidence}
    assert "[" in task.sections_text()
    assert _check(md).findings == []


def test_usage_and_model_land_in_provenance(tmp_path, use_sample_store):
    d = ScriptedDrafter()
    out = tmp_path / "b.md"
    res = run_draft(load_settings(), DAY, out=out, drafter=d, quiet=True, outline=SEED_OUTLINE)
    prov = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert prov["backend"] == "scripted" and prov["model"] == "scripted-test"
    calls = 4 + 2  # four sections, synthesis, summary
    assert prov["tokens"]["calls"] == calls and prov["tokens"]["prompt"] == 10 * calls
    assert prov["prompt_hashes"] == {"section": "scripted", "synthesis": "scripted", "summary": "scripted"}
    assert res.usage.completion_tokens == 5 * calls
