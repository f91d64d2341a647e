"""Every figure a reader sees is judged or named (issue 27): a reference list is only the last block;
a pasted list mid-draft is a `structure` finding and the sections after it are still checked;
headings and the title are checked like sentences (citations from their section when they have
none); `check` counts the figures it judged against those the document shows."""

from __future__ import annotations

from verify_fixtures import small_library

from draftbot.verify import check_markdown

REF1 = "1. 国家统计局，《新型工业化迈出坚实步伐新质生产力积蓄强劲动力》，2026-06-04，用于核验工业数据。"
REF2 = "2. 国家统计局，《消费市场扩容提质新发展格局加快构建》，2026-06-04，用于核验消费数据。"


def _kinds(res) -> list[str]:
    return [f.kind for f in res.findings]


def test_a_pasted_reference_list_mid_draft_does_not_hide_the_sections_after_it():
    md = (f"# 新质生产力每日动态\n\n## 摘要\n\n新能源汽车产量为1652万辆[1]。\n\n"
          f"## 一、工业\n\n集成电路产量增加到4843亿块[1]。\n\n## 参考文献\n\n{REF1}\n\n"
          f"## 二、消费\n\n社会消费品零售总额为50.9万亿元[2]。\n\n## 参考文献\n\n{REF1}\n{REF2}\n")
    res = check_markdown(md, small_library())
    wrong = [f for f in res.findings if f.number == "50.9万亿元"]
    assert wrong and wrong[0].section == "二、消费"  # the wrong figure after the pasted list is caught
    structure = [f for f in res.findings if f.kind == "structure"]
    assert structure and structure[0].line == 11  # the first 参考文献 heading is named
    assert res.stats.numbers_checked == 3


def test_a_single_list_mid_draft_keeps_the_sections_after_it_checked_and_says_so():
    md = (f"# T\n\n## 一、工业\n\n集成电路产量增加到4843亿块[1]。\n\n## 参考文献\n\n{REF1}\n{REF2}\n\n"
          f"## 二、消费\n\n社会消费品零售总额为50.9万亿元[2]。\n")
    res = check_markdown(md, small_library())
    assert any(f.number == "50.9万亿元" for f in res.findings)
    assert any(f.kind == "structure" and "二、消费" in f.detail for f in res.findings)


def test_back_matter_is_not_checked_but_named_and_counted():
    md = (f"# T\n\n## 一、工业\n\n集成电路产量增加到4843亿块[1]。\n\n## 参考文献\n\n{REF1}\n\n"
          "## 联系我们\n\n电话 12345678，邮编 100000。\n")
    res = check_markdown(md, small_library())
    assert _kinds(res) == []  # back matter is not a finding …
    named = [n for n in res.notes if n.kind == "structure"]
    assert named and named[0].line == 13  # … but it is named, with its line
    assert res.stats.numbers_checked == 1 and res.stats.figures_shown == 3


def test_a_figure_in_a_heading_is_checked_against_its_sections_citations():
    good = f"# T\n\n## 一、集成电路产量达4843亿块\n\n集成电路产量增加[1]。\n\n## 参考文献\n\n{REF1}\n"
    bad = good.replace("4843亿块\n", "4900亿块\n")
    assert check_markdown(good, small_library()).findings == []
    res = check_markdown(bad, small_library())
    hit = [f for f in res.findings if f.number == "4900亿块"]
    assert hit and hit[0].line == 3 and hit[0].kind == "unsupported_number"


def test_a_heading_with_its_own_citation_uses_it():
    md = (f"# T\n\n## 一、社会消费品零售总额50.1万亿元[2]\n\n集成电路产量增加到4843亿块[1]。\n\n"
          f"## 参考文献\n\n{REF1}\n{REF2}\n")
    assert check_markdown(md, small_library()).findings == []


def test_a_figure_in_the_title_is_checked_against_the_whole_draft():
    body = f"\n\n## 一、工业\n\n集成电路产量增加到4843亿块[1]。\n\n## 参考文献\n\n{REF1}\n"
    assert check_markdown("# 集成电路产量4843亿块" + body, small_library()).findings == []
    res = check_markdown("# 集成电路产量5843亿块" + body, small_library())
    assert [f.number for f in res.findings] == ["5843亿块"]


def test_the_seed_layout_table_of_contents_is_neither_a_finding_nor_a_note():
    md = ("# 新质生产力每日动态\n\n2026 年 6 月 5 日\n\n## Contents\n\n一、工业	1\n二、消费	2\n\n"
          "## 五、今日判断：判断 4\n\n## 参考文献 4\n\n"
          f"# 一、工业\n\n集成电路产量增加到4843亿块[1]。\n\n## 参考文献\n\n{REF1}\n")
    res = check_markdown(md, small_library())
    assert res.findings == [] and not [n for n in res.notes if n.kind == "structure"]
    assert res.stats.figures_shown == res.stats.numbers_checked == 1


def test_the_summary_says_how_many_figures_were_judged_of_those_shown():
    from draftbot.commands.check import _summary

    md = (f"# T\n\n## 一、工业\n\n集成电路产量增加到4843亿块[1]。\n\n## 参考文献\n\n{REF1}\n\n"
          "## 联系我们\n\n电话 12345678。\n")
    line = _summary(check_markdown(md, small_library()))
    assert "figures judged 1 of 2 shown (1 block(s) not checked" in line
    clean = _summary(check_markdown(md.split("## 联系我们")[0], small_library()))
    assert "figures judged 1 of 1 shown" in clean and "not checked" not in clean
