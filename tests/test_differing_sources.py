"""Two sources of one draft that give different figures for the same thing: a `differing_sources`
note for the editor (not a finding: the draft cites each figure to its own source), and no note
where the figures only look alike (another region, another period, another news cycle)."""

from __future__ import annotations

import datetime as dt

from typer.testing import CliRunner

from draftbot.models import SourceRecord
from draftbot.verify import SourceLibrary, check_markdown

BUREAU = ("上半年，全省规模以上工业增加值同比增长4.8%。从产品产量看，上半年全省新能源汽车产量168.5万辆，同比增长23.6%；"
          "工业机器人产量12.4万套，增长19.8%。")
PAPER = "记者从浙江省工业和信息化厅获悉，今年上半年，浙江工业机器人产量达到12.6万套，同比增长21.5%，增速超过两成。"


def _rec(sid, title, publisher, date="2026-08-20"):
    return SourceRecord(id=sid, title=title, publisher=publisher, date=dt.date.fromisoformat(date), path=f"{sid}.md")


def _draft(*refs: str) -> str:
    body = ("# 每日简报\n\n2026 年 8 月 21 日\n\n## 一、工业机器人\n\n"
            "上半年，浙江工业机器人产量12.4万套，增长19.8%[1]。浙江省工信厅的数据为12.6万套，同比增长21.5%[2]。\n\n## 参考文献\n\n")
    return body + "".join(f"{n}. {r}\n" for n, r in enumerate(refs, 1))


def _lib(second_title="浙江上半年工业机器人产量增长超两成", second_date="2026-08-20", second_text=PAPER):
    return SourceLibrary.from_pairs([
        (_rec("a", "2026年上半年浙江经济运行情况", "浙江省统计局"), BUREAU),
        (_rec("b", second_title, "新华社", second_date), second_text),
    ])


REFS = ("浙江省统计局，《2026年上半年浙江经济运行情况》，2026-08-20", "新华社，《浙江上半年工业机器人产量增长超两成》，2026-08-20")


def test_two_sources_disagreeing_on_one_figure_are_noted_not_found():
    res = check_markdown(_draft(*REFS), _lib())
    assert res.findings == []
    notes = [n for n in res.notes if n.kind == "differing_sources"]
    said = " ".join(n.detail for n in notes)
    assert len(notes) == 2, [n.detail for n in notes]  # output 12.4 / 12.6 and growth 19.8% / 21.5%, each once
    assert "12.6万套" in said and "21.5%" in said and "[2]" in said and "[1]" in said


def test_figures_that_only_look_alike_are_not_noted():
    # the same indicator for another province (provinces differ)
    other_region = PAPER.replace("浙江", "江苏")
    res = check_markdown(_draft(REFS[0], "新华社，《江苏上半年工业机器人产量增长超两成》，2026-08-20"),
                         _lib("江苏上半年工业机器人产量增长超两成", second_text=other_region))
    assert not [n for n in res.notes if n.kind == "differing_sources"]
    # a report of another news cycle (a month later): a series restated, not a dispute
    res = check_markdown(_draft(REFS[0], "新华社，《浙江上半年工业机器人产量增长超两成》，2026-09-25"),
                         _lib(second_date="2026-09-25"))
    assert not [n for n in res.notes if n.kind == "differing_sources"]
    # another period named in the titles
    res = check_markdown(_draft(REFS[0], "新华社，《浙江1—7月工业机器人产量增长超两成》，2026-08-20"),
                         _lib("浙江1—7月工业机器人产量增长超两成"))
    assert not [n for n in res.notes if n.kind == "differing_sources"]


def test_check_exits_clean_and_lists_the_note(tmp_path):
    """On a real store: the note is listed with --notes and the exit status stays 0."""
    from draftbot.cli import app

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text("---\ntitle: 2026年上半年浙江经济运行情况\npublisher: 浙江省统计局\ndate: 2026-08-20\n---\n\n"
                                 + BUREAU + "\n", encoding="utf-8")
    (corpus / "b.md").write_text("---\ntitle: 浙江上半年工业机器人产量增长超两成\npublisher: 新华社\ndate: 2026-08-20\n---\n\n"
                                 + PAPER + "\n", encoding="utf-8")
    draft = tmp_path / "b.md"
    draft.write_text(_draft(*REFS), encoding="utf-8")
    runner = CliRunner()
    store = str(tmp_path / "store")
    assert runner.invoke(app, ["ingest", str(corpus), "--store", store, "--quiet"]).exit_code == 0
    res = runner.invoke(app, ["check", str(draft), "--store", store, "--notes"])
    assert res.exit_code == 0, res.output
    assert "sources differ (note)" in res.stdout or "differing_sources" in res.stdout
    assert "12.6万套" in res.stdout


def test_draft_tells_the_writer_which_figures_differ(tmp_path):
    """`draft` prints the same notes in its source report (stderr and the provenance)."""
    import json

    from draftbot.cli import app

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text("---\ntitle: 2026年上半年浙江经济运行情况\npublisher: 浙江省统计局\ndate: 2026-08-20\n"
                                 "kind: release\n---\n\n" + BUREAU + "\n", encoding="utf-8")
    (corpus / "b.md").write_text("---\ntitle: 浙江上半年工业机器人产量增长超两成\npublisher: 新华社\ndate: 2026-08-20\n"
                                 "kind: news\n---\n\n" + PAPER + "\n", encoding="utf-8")
    runner = CliRunner()
    store = str(tmp_path / "store")
    assert runner.invoke(app, ["ingest", str(corpus), "--store", store, "--quiet"]).exit_code == 0
    out = tmp_path / "b.md"
    res = runner.invoke(app, ["draft", "--date", "2026-08-20", "--store", store, "-o", str(out)])
    assert res.exit_code == 0, res.output
    differ = [line for line in res.stderr.splitlines() if line.strip().startswith("differ")]
    assert differ and any("12.4万套" in d and "12.6万套" in d for d in differ), res.stderr
    run = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert any("12.6万套" in line for line in run["source_report"] if line.strip().startswith("differ"))


def test_title_periods_are_compared_as_periods_not_spellings():
    from draftbot.verify.differing import _title_periods

    assert _title_periods("2026年6月份规模以上工业增加值增长5.9%") == _title_periods("6月规模以上工业增加值增长6.1%") == {"6月"}
    assert _title_periods("1-7月工业生产") == _title_periods("1—7月份工业生产")
    assert _title_periods("6月上旬流通领域价格") != _title_periods("6月下旬流通领域价格")


def test_the_compared_source_is_framed_for_the_figures_compared_only():
    """The differing pass asks the other source for figures of the same kind and unit near the
    supported one; the facts it gets are the ones the whole-source reading gives, and the rest of
    the source stays unframed."""
    from draftbot.verify.differing import differing_facts

    lazy, whole = _lib(), _lib()
    whole.get("b").facts  # noqa: B018 - read whole first
    b = lazy.get("b")
    for figure in ("12.4万套", "19.8%"):
        got = differing_facts("a", figure, ["a", "b"], lazy)
        want = differing_facts("a", figure, ["a", "b"], whole)
        assert got == want and got
        if figure == "12.4万套":  # one figure in 套 among four: that one framed
            assert b._facts is None and [f.mention.text for f in b._framed.values()] == ["12.6万套"]
    # a reading of the whole source afterwards is the same reading
    assert b.facts == whole.get("b").facts
    keep = lambda m: m.unit == "%"  # noqa: E731
    assert b.facts_where(keep) == [f for f in whole.get("b").facts if keep(f.mention)]


def test_a_source_titled_for_another_region_is_not_read_for_the_comparison():
    from draftbot.verify.differing import differing_facts

    lib = _lib("江苏上半年工业机器人产量增长超两成", second_text=PAPER.replace("浙江", "江苏"))
    assert differing_facts("a", "12.4万套", ["a", "b"], lib) == []
    assert lib.get("b")._framed == {}  # not one of its figures framed: every one would name 江苏
    same_region = _lib()
    assert differing_facts("a", "12.4万套", ["a", "b"], same_region)


def test_the_drafts_own_differing_pass_gives_the_checks_notes():
    """`draft` asks only for these notes (`differing_notes`, without each citation's support and
    the overview's check): the same notes, in the same order, as the whole check of the text."""
    from draftbot.briefing.markdown import parse_markdown
    from draftbot.verify.report import differing_notes

    overview = "## 今日判断\n\n浙江工业机器人产量12.6万套[2]，上半年增长19.8%[1]。\n\n"
    for text in (_draft(*REFS), _draft(*REFS).replace("## 一、", overview + "## 一、"),
                 _draft(REFS[0], "新华社，《浙江上半年工业机器人产量增长超两成》，2026-09-25")):
        for lib in (_lib(), _lib(second_date="2026-09-25")):
            whole = [n for n in check_markdown(text, lib).notes if n.kind == "differing_sources"]
            assert differing_notes(parse_markdown(text, None), lib) == whole
    assert differing_notes(parse_markdown(_draft(*REFS), None), _lib())  # the case is not empty


# an association's October sales beside a bureau's October output in a product list
ASSOC = ("10月，新能源汽车产销分别完成180.2万辆和183.5万辆，同比分别增长19.6%和20.4%。"
         "1—10月，新能源汽车产销分别完成1450.1万辆和1461.8万辆，同比分别增长23.9%和24.6%。")
BUREAU_OCT = ("分三大门类看，10月份，采矿业增加值增长4.0%，制造业增长6.1%。从产品看，新能源汽车、工业机器人、"
              "集成电路产量分别增长18.5%、26.0%和14.7%。")


def test_a_product_list_measures_every_item_and_states_its_paragraphs_period():
    lib = SourceLibrary.from_pairs([
        (_rec("assoc", "2026年10月汽车工业产销情况", "中国汽车工业协会", "2026-11-16"), ASSOC),
        (_rec("bureau", "2026年10月份国民经济运行情况", "国家统计局", "2026-11-16"), BUREAU_OCT),
    ])
    draft = ("# 每日简报\n\n2026 年 11 月 17 日\n\n## 一、汽车\n\n"
             "10月，新能源汽车产量同比增长19.6%，销量同比增长20.4%[1]。1—10月，新能源汽车产量同比增长23.9%[1]。"
             "从产品看，新能源汽车、工业机器人产量分别增长18.5%和26.0%[2]。\n\n## 参考文献\n\n"
             "1. 中国汽车工业协会，《2026年10月汽车工业产销情况》，2026-11-16\n"
             "2. 国家统计局，《2026年10月份国民经济运行情况》，2026-11-16\n")
    res = check_markdown(draft, lib)
    notes = [n.detail for n in res.notes if n.kind == "differing_sources"]
    # October output, 19.6% against 18.5%: one figure, two sources; the quote names the list's item
    assert len(notes) == 1 and "19.6%" in notes[0] and "新能源汽车、工业机器人、集成电路产量分别增长18.5%" in notes[0], notes
    # not the sales (销量 is not the list's 产量), nor 1—10月 (the bureau's paragraph opens with 10月份)


def test_a_figure_under_a_negated_heading_is_not_the_same_as_one_said_without_it():
    # the commentary's 50.4% is the release's manufacturing figure; the 47.1% under 非制造业 is another
    release = ("一、中国制造业采购经理指数运行情况\n11月份，制造业PMI为50.2%。新订单指数为50.4%。\n"
               "二、中国非制造业采购经理指数运行情况\n11月份，非制造业商务活动指数为50.7%。新订单指数为47.1%。")
    comment = "国家统计局今天公布的数据显示，11月制造业PMI升至50.2%。新订单指数回到50.4%，需求有所回暖。"
    lib = SourceLibrary.from_pairs([
        (_rec("c", "宏观观察：景气回升", "某研究院", "2026-12-01"), comment),
        (_rec("r", "2026年11月中国采购经理指数运行情况", "国家统计局", "2026-12-01"), release),
    ])
    draft = ("# 每日简报\n\n2026 年 12 月 2 日\n\n## 一、景气\n\n新订单指数回到50.4%[1]。"
             "非制造业新订单指数为47.1%[2]。\n\n## 参考文献\n\n1. 某研究院，《宏观观察：景气回升》，2026-12-01\n"
             "2. 国家统计局，《2026年11月中国采购经理指数运行情况》，2026-12-01\n")
    res = check_markdown(draft, lib)
    assert res.findings == []
    assert not [n for n in res.notes if n.kind == "differing_sources"], [n.detail for n in res.notes]
