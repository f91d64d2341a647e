"""check_markdown on the correct draft and small drafts: findings, notes, stats, evidence, DOCX."""

from __future__ import annotations

from pathlib import Path

import pytest

from draftbot.verify import check_file, check_markdown
from verify_fixtures import CORRECT_DRAFT, corpus_lib, lib  # noqa: F401  (fixtures)

REFS = """
## 参考文献

1. 国家统计局，《新型工业化迈出坚实步伐新质生产力积蓄强劲动力》，2026-06-04，用于工业数据。
2. 国家统计局，《消费市场扩容提质新发展格局加快构建》，2026-06-04，用于消费数据。
"""


def test_correct_draft_is_clean_and_fully_supported(corpus_lib):
    res = check_markdown(CORRECT_DRAFT.read_text(encoding="utf-8"), corpus_lib)
    assert res.findings == []
    st = res.stats
    assert st.numbers_checked >= 25 and st.numbers_supported == st.numbers_checked
    assert st.numeric_fidelity == 1.0 and st.citation_coverage == 1.0
    assert st.references_resolved == st.references == 9
    assert 0.5 < st.citation_precision <= 1.0
    assert all(n.kind == "weak_support" for n in res.notes)


def test_findings_and_stats_on_a_small_draft(lib):
    md = ("# 标题\n\n2026 年 6 月 5 日\n\n## 一、工业\n\n"
          "新能源汽车产量 1652 万辆[1]，零售总额 50.1 万亿元[1]。集成电路 4843 亿块。数字消费 25.3 万亿元[7]。\n" + REFS)
    res = check_markdown(md, lib)
    assert sorted(f.kind for f in res.findings) == ["uncited_number", "unknown_citation", "wrong_source"]
    st = res.stats
    assert (st.numbers_checked, st.numbers_supported, st.numbers_uncited) == (4, 1, 1)
    assert (st.clauses, st.cited_clauses) == (4, 3)
    assert st.numeric_fidelity == pytest.approx(0.25)
    # [1] for 1652 万辆 is supported, [1] for 50.1 万亿元 is not (no figure, and it is not [1]'s wording)
    cites = [c for s in res.sentences for cl in s.clauses for c in cl.citations]
    assert [c.supported for c in cites] == [True, False, False]
    assert "1652万辆" in cites[0].evidence


def test_pending_and_unresolved_reference_lines(lib):
    md = "## 一\n\n产量 1652 万辆【待核实：口径】[1]。\n\n## 参考文献\n\n1. 国家统计局，《新型工业化迈出坚实步伐新质生产力积蓄强劲动力》\n3. 某局，《不存在的报告》，2026-06-04\n"
    res = check_markdown(md, lib)
    assert sorted(f.kind for f in res.findings) == ["pending", "unknown_citation"]
    unk = next(f for f in res.findings if f.kind == "unknown_citation")
    assert "《不存在的报告》" in unk.detail and unk.citations == [3]


def test_docx_draft_is_read_with_headings_and_reference_list(tmp_path: Path, lib):
    import docx

    d = docx.Document()
    d.add_heading("新质生产力每日动态", level=0)
    d.add_paragraph("2026 年 6 月 5 日")
    d.add_heading("一、工业", level=1)
    d.add_paragraph("新能源汽车产量达到 1625 万辆[1]，零售总额 50.1 万亿元[2]。")
    d.add_heading("参考文献", level=1)
    d.add_paragraph("国家统计局，《新型工业化迈出坚实步伐新质生产力积蓄强劲动力》，2026-06-04", style="List Number")
    d.add_paragraph("国家统计局，《消费市场扩容提质新发展格局加快构建》，2026-06-04", style="List Number")
    path = tmp_path / "revised.docx"
    d.save(path)
    res = check_file(path, lib)
    assert [f.kind for f in res.findings] == ["wrong_source"]
    assert res.stats.references_resolved == 2 and res.stats.numbers_supported == 1
