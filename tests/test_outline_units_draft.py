"""Small pieces of issue 11's drafting: English quoted with attribution offline, the 今日判断
heading, clause punctuation, no sentence twice across sections, section length from material."""

from __future__ import annotations

import datetime as dt

from draftbot.backends.base import ClauseOut, SectionTask
from draftbot.backends.extractive import ExtractiveDrafter, attributed
from draftbot.backends.chat_drafter import punctuated
from draftbot.briefing.brief import SectionSpec
from draftbot.briefing.document import CitedSpan, DraftClause, DraftParagraph, DraftSection
from draftbot.draft.compose import drop_repeats
from draftbot.draft.evidence import target_chars
from draftbot.draft.overview import judgement_heading
from draftbot.models import Evidence, Hit

DAY = dt.date(2026, 9, 10)
WIRE = ("Copper rose 1.6% to $10,480 a tonne on the London Metal Exchange on Thursday, its highest in three months. "
        "Traders said the outage at a large Chilean mine had tightened nearby supply.")


def _hit(text: str, sid: str = "a" * 16, publisher: str = "Reuters", n: int = 0) -> Hit:
    return Hit(chunk_id=f"{sid}-{n}", source_id=sid, title="Copper climbs", publisher=publisher, date=DAY,
               path="x.md", score=1.0, text=text, start=0, end=len(text), kind="news")


def _task(evidence: list[Evidence], summaries=None, source_ids=None) -> SectionTask:
    spec = SectionSpec(id="s1", heading="铜价走高", queries=["copper price 铜价"])
    return SectionTask(brief_title="T", section=spec, evidence=evidence, date=DAY, target_chars=300,
                       summaries=summaries or {}, source_ids=source_ids or [])


def test_english_without_summary_gives_one_attribution_line_never_pasted_prose():
    out = ExtractiveDrafter().draft_section(_task([Evidence(n=1, hit=_hit(WIRE))], source_ids=["a" * 16]))
    texts = [c.text for c in out.clauses()]
    # publisher and date, the headline untranslated, the lead's figures the Chinese way
    assert texts == ["路透社9月10日报道“Copper climbs”【待译】，导语数字：1.6%、10480美元。"]


def test_an_attribution_line_keeps_only_figures_the_verifier_accepts():
    drafter = ExtractiveDrafter(accept=lambda text, ids: "1.6%" not in text)
    out = drafter.draft_section(_task([Evidence(n=1, hit=_hit(WIRE))], source_ids=["a" * 16]))
    assert [c.text for c in out.clauses()] == ["路透社9月10日报道“Copper climbs”【待译】，导语数字：10480美元。"]


def test_an_attribution_lines_figures_are_the_storys_opening_only():
    """Lead figures come from the story's opening passage, in its order: a later passage that
    ranked first (a dollar conversion in paragraph eight) gives none."""
    later = "In dollar terms, the economy was worth about 20.91 trillion dollars in 2026, the bureau said."
    hit = _hit(later).model_copy(update={"start": 900, "end": 900 + len(later), "chunk_id": "a" * 16 + "-3"})
    out = ExtractiveDrafter().draft_section(_task([Evidence(n=1, hit=hit)], source_ids=["a" * 16]))
    assert [c.text for c in out.clauses()] == ["路透社9月10日报道“Copper climbs”【待译】。"]
    both = [Evidence(n=1, hit=hit), Evidence(n=2, hit=_hit(WIRE))]
    out = ExtractiveDrafter().draft_section(_task(both, source_ids=["a" * 16]))
    assert [c.text for c in out.clauses()] == ["路透社9月10日报道“Copper climbs”【待译】，导语数字：1.6%、10480美元。"]


def test_an_english_meta_description_is_no_chinese_summary():
    """A saved wire page's `<meta name="description">` is its English standfirst: the source is still
    carried by its attribution line, never by pasting the description as if it were the summary."""
    from draftbot.draft.evidence import foreign_summaries
    from draftbot.models import SourceRecord

    ev = Evidence(n=1, hit=_hit(WIRE))
    rec = lambda summary: SourceRecord(id="a" * 16, title="Copper climbs", publisher="Reuters", date=DAY,  # noqa: E731
                                       path="x.html", lang="en", summary=summary)
    assert foreign_summaries([ev], {"a" * 16: rec("Copper rose 1.6% on Chilean supply worries.")}) == {}
    assert foreign_summaries([ev], {"a" * 16: rec("路透：伦敦期铜涨1.6%。")}) == {1: "路透：伦敦期铜涨1.6%。"}


def test_english_with_a_chinese_summary_uses_the_summary():
    summary = "路透9月10日报道：伦敦期铜涨1.6%至每吨10480美元，创三个月新高。"
    out = ExtractiveDrafter().draft_section(_task([Evidence(n=1, hit=_hit(WIRE))], summaries={1: summary}))
    assert [c.text for c in out.clauses()] == [summary]


def test_attribution_names_the_wire_in_chinese():
    assert attributed("Stocks rose.", "Reuters") == "路透社报道称：“Stocks rose.”"
    assert attributed("Stocks rose.", "Bloomberg News").startswith("彭博社报道称")
    assert attributed("Stocks rose.", "").startswith("外电报道称")


def test_every_assigned_source_gives_a_sentence():
    a = "国家能源局发布数据显示，1—8月全社会用电量累计68420亿千瓦时，同比增长6.3%。" * 1
    b = "杭州市提出，到2028年建成低空起降场600个以上，开通低空航线200条以上。"
    ev = [Evidence(n=1, hit=_hit(a, "a" * 16, "国家能源局")), Evidence(n=2, hit=_hit(b, "b" * 16, "杭州市人民政府"))]
    task = _task(ev, source_ids=["a" * 16, "b" * 16]).model_copy(update={"target_chars": 20})
    out = ExtractiveDrafter().draft_section(task)
    assert {n for c in out.clauses() for n in c.cites} == {1, 2}


def test_judgement_heading():
    assert judgement_heading("今日判断", "物价温和回升，新动能加快落地。") == "今日判断：物价温和回升，新动能加快落地"
    assert judgement_heading("今日判断", "今日判断：需求改善[2]") == "今日判断：需求改善"
    assert judgement_heading("今日判断", "") == "今日判断"
    assert judgement_heading("今日判断", "CPI上涨0.6%") == "今日判断"  # a heading is never checked: no figure
    assert judgement_heading("今日判断", "很长" * 20) == "今日判断"


def test_clauses_end_with_their_punctuation():
    out = punctuated([ClauseOut(text="价格上涨", cites=[1]), ClauseOut(text="需求回升", cites=[]),
                      ClauseOut(text="已有句号。", cites=[])])
    assert [c.text for c in out] == ["价格上涨，", "需求回升，", "已有句号。"]
    assert punctuated([ClauseOut(text="最后一句", cites=[])])[0].text == "最后一句。"


def _section(sid: str, texts: list[str]) -> DraftSection:
    span = CitedSpan(source_id="a" * 16, chunk_id="c", start=0, end=1)
    return DraftSection(id=sid, heading=sid, kind="section",
                        paragraphs=[DraftParagraph(clauses=[DraftClause(text=t, cites=[span]) for t in texts])])


def test_a_sentence_stands_in_one_section_only():
    from draftbot.backends.base import SectionOut

    a = _section("a", ["伦敦期铜涨1.6%至每吨10480美元。", "美元指数升0.3%。"])
    b = _section("b", ["伦敦期铜涨 1.6% 至每吨10480美元。", "布伦特原油跌0.7%。"])
    (fa, _), (fb, _) = drop_repeats([(a, SectionOut(paragraphs=[])), (b, SectionOut(paragraphs=[]))])
    assert [c.text for c in fa.clauses()] == ["伦敦期铜涨1.6%至每吨10480美元。", "美元指数升0.3%。"]
    assert [c.text for c in fb.clauses()] == ["布伦特原油跌0.7%。"]


def test_section_length_follows_its_material():
    ev = lambda chars: [Evidence(n=1, hit=_hit("字" * chars))]  # noqa: E731
    assert target_chars(400, ev(100)) == 400  # a short notice: the brief's target
    assert 400 < target_chars(400, ev(900)) < 800
    assert target_chars(400, ev(5000)) == 800  # never more than twice


# ----------------------------------------------------------------------------- eval: case fields, heading metrics


def test_headings_match_topics_one_to_one():
    from draftbot.evals.metrics import match_headings

    topics = [["居民消费价格", "CPI"], ["民航"], ["低空经济"]]
    assert match_headings(["8月份居民消费价格同比上涨0.6%", "8月份民航运输生产主要数据", "杭州低空经济行动计划"], topics)[:2] == (3, 3)
    # a heading of another day, and a topic left without a heading, both count against
    fit, judged, misses = match_headings(["“数据要素×”地方分赛密集启动", "8月份CPI上涨"], topics)
    assert (fit, judged) == (1, 3) and misses[0] == "“数据要素×”地方分赛密集启动"
    # two headings on one topic: the second does not count twice
    assert match_headings(["CPI上涨", "居民消费价格继续回升"], [["CPI", "居民消费价格"]])[:2] == (1, 2)


def _case_dir(tmp_path, extra: str):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (tmp_path / "case.yaml").write_text(f"name: c\ncorpus: [corpus]\ndate: 2026-09-10\n{extra}", encoding="utf-8")
    return tmp_path


def test_case_reads_expected_headings_and_outline(tmp_path):
    import pytest

    from draftbot.errors import UserError
    from draftbot.evals.cases import load_case

    d = _case_dir(tmp_path, "expected_headings: [[民航], [电力, 用电量]]\noutline: day.yaml\n")
    with pytest.raises(UserError) as e:
        load_case(d)
    assert "field 'outline': day.yaml does not exist" in str(e.value)
    (d / "day.yaml").write_text("sections: []\n", encoding="utf-8")
    case = load_case(d)
    assert case.expected_headings == [["民航"], ["电力", "用电量"]] and case.outline_path() == (d / "day.yaml").resolve()
    (d / "case.yaml").write_text("name: c\ncorpus: [corpus]\ndate: 2026-09-10\nexpected_headings: [[]]\n", encoding="utf-8")
    with pytest.raises(UserError) as e:
        load_case(d)
    assert "expected_headings" in str(e.value)


# ----------------------------------------------------------------------------- offline 今日判断 / 摘要

def _overview(cls):
    from draftbot.backends.base import DraftedSection, ParagraphOut, SectionOut

    stats = Hit(chunk_id="s-0", source_id="s" * 16, title="2026年上半年江西经济运行情况", publisher="江西省统计局",
                date=DAY, path="s.md", score=1.0, text="", start=0, end=0, kind="release")
    news = stats.model_copy(update={"chunk_id": "x-0", "source_id": "x" * 16, "title": "江西上半年光伏组件产量增长超三成",
                                    "publisher": "新华社", "kind": "news"})
    power = stats.model_copy(update={"chunk_id": "p-0", "source_id": "p" * 16, "title": "国家能源局发布1—6月份全国电力工业统计数据",
                                     "publisher": "国家能源局"})
    ev = [Evidence(n=1, hit=stats), Evidence(n=2, hit=news), Evidence(n=3, hit=power)]
    one = SectionOut(paragraphs=[ParagraphOut(clauses=[
        ClauseOut(text="上半年，全省经济运行稳中向好。", cites=[1]),
        ClauseOut(text="全省规模以上工业增加值同比增长5.2%。", cites=[1]),
        ClauseOut(text="记者获悉，上半年江西光伏组件产量同比增长31.4%。", cites=[2])])])
    two = SectionOut(paragraphs=[ParagraphOut(clauses=[
        ClauseOut(text="国家能源局今天发布了上半年电力工业统计数据，数据覆盖全国各省区市的发电和用电情况。", cites=[3]),
        ClauseOut(text="1—6月，全社会用电量同比增长6.1%。", cites=[3])])])
    sections = [DraftedSection(id="a", heading="上半年江西经济运行情况，江西上半年光伏组件产量增长超三成", out=one),
                DraftedSection(id="b", heading="国家能源局：1—6月份全国电力工业统计数据", out=two)]
    return cls(brief_title="T", heading="今日判断", guidance="", target_chars=120, date=DAY,
               sections=sections, evidence=ev)


def test_offline_judgement_cites_each_title_to_its_own_source():
    from draftbot.backends.base import SynthesisTask

    out = ExtractiveDrafter().synthesize(_overview(SynthesisTask))
    got = [(c.text, c.cites) for c in out.clauses()][1:]
    # the statement title leads the merged section's point, cited to the news story it is the title of;
    # the bureau's topic title is not a judgement and joins no point; a document title says who issued it
    assert got == [("第一，江西上半年光伏组件产量增长超三成。", [2]),
                   ("第二，国家能源局发布1—6月份全国电力工业统计数据。", [3])]


def test_offline_summary_is_one_short_lead_per_section_in_order():
    from draftbot.backends.base import SummaryTask

    out = ExtractiveDrafter().summarize(_overview(SummaryTask))
    got = [(c.text, c.cites) for c in out.clauses()]
    # the first clause stating a figure; a long opening without one is passed over
    assert got == [("全省规模以上工业增加值同比增长5.2%。", [1]), ("1—6月，全社会用电量同比增长6.1%。", [3])]


def test_offline_judgement_says_it_is_the_editors_and_never_quotes_english():
    from draftbot.backends.base import DraftedSection, ParagraphOut, SectionOut, SynthesisTask, SummaryTask
    from draftbot.backends.extractive import EDITOR_NOTE

    task = _overview(SynthesisTask)
    wire = Hit(chunk_id="w-0", source_id="w" * 16, title="Copper climbs", publisher="Reuters", date=DAY,
               path="w.md", score=1.0, text=WIRE, start=0, end=len(WIRE), kind="news")
    line = ExtractiveDrafter().draft_section(_task([Evidence(n=4, hit=wire)], source_ids=["w" * 16])).clauses()[0]
    english = DraftedSection(id="c", heading="外电｜路透社报道", out=SectionOut(paragraphs=[ParagraphOut(clauses=[line])]))
    for cls in (SynthesisTask, SummaryTask):
        t = _overview(cls)
        t = t.model_copy(update={"sections": [*t.sections, english], "evidence": [*t.evidence, Evidence(n=4, hit=wire)]})
        text = "".join(c.text for c in getattr(ExtractiveDrafter(), "synthesize" if cls is SynthesisTask else "summarize")(t).clauses())
        assert "Copper" not in text and "【待译】" not in text
    judgement = ExtractiveDrafter().synthesize(task.model_copy(update={"sections": [*task.sections, english]}))
    clauses = judgement.clauses()
    assert clauses[0].text == EDITOR_NOTE and not clauses[0].cites
    # an English section's point is its heading, uncited (a heading states no figure)
    assert ("第三，外电｜路透社报道。", []) in [(c.text, c.cites) for c in clauses]


def test_a_table_row_is_one_whole_figure_sentence_or_nothing():
    from draftbot.backends.extractive import table_sentence

    assert table_sentence("进出口总值", "4月 38392.5亿元；1至4月同比 2.4%") == "进出口总值：4月为38392.5亿元，1至4月同比为2.4%。"
    # a column named by its verb takes its figure directly
    assert table_sentence("金融机构本外币贷款余额", "绝对值 101200亿元；比上年增长 5.2%") == \
        "金融机构本外币贷款余额：绝对值为101200亿元，比上年增长5.2%。"
    assert table_sentence("贸易差额", "4月 7002.7亿元；1至4月同比 -") is None  # a dash is no value
    assert table_sentence("螺纹钢", "单位 吨；本期价格 3220.5元") is None  # a unit column is no figure
    table = ("据海关统计，前4个月进出口总值14.14万亿元，同比增长2.4%。\n"
             "进出口总值：4月 38392.5亿元；1至4月 141396.3亿元；1至4月同比 2.4%。\n"
             "东盟：4月 6012.4亿元；1至4月同比 9.2%。\n"
             "加工贸易：4月 -；1至4月 -。")
    hit = _hit(table, publisher="海关总署").model_copy(update={"title": "前4个月进出口"})
    out = ExtractiveDrafter().draft_section(_task([Evidence(n=1, hit=hit)], source_ids=["a" * 16]))
    texts = [c.text for c in out.clauses()]
    assert texts[0].startswith("据海关统计")  # the release's own sentence first
    assert "东盟：4月为6012.4亿元，1至4月同比为9.2%。" in texts  # a row the prose does not state
    assert not any(t.startswith(("进出口总值", "加工贸易")) or t.startswith("1至4月") for t in texts)


def test_a_section_keeps_to_its_budget_and_leaves_preambles_out():
    body = "为深入贯彻落实党中央决策部署，加快发展新质生产力，制定本方案。" + "".join(
        f"第{k}项任务安排资金{k * 10 + 5}亿元，覆盖{k + 3}个重点行业。" for k in range(1, 30)) + "下一步，要加强统筹协调。"
    hit = _hit(body, publisher="国家发展改革委").model_copy(update={"title": "新质生产力方案"})
    task = _task([Evidence(n=1, hit=hit)], source_ids=["a" * 16])
    task = task.model_copy(update={"target_chars": 2000, "section": task.section.model_copy(update={"budget_chars": 200})})
    text = "".join(c.text for c in ExtractiveDrafter().draft_section(task).clauses())
    assert 0 < len(text) <= 200
    assert "为深入贯彻落实" not in text and "下一步" not in text


def test_lead_clause_is_short_and_keeps_the_first_figure():
    from draftbot.backends.extractive import lead_clause

    assert lead_clause("据海关统计，今年前4个月，我国货物贸易进出口总值14.14万亿元，同比增长2.4%") == \
        "今年前4个月，我国货物贸易进出口总值14.14万亿元，同比增长2.4%"
    assert lead_clause("为加大宏观调控力度，稳定市场预期，中国人民银行决定于2025年5月15日下调金融机构存款准备金率0.5个百分点"
                       "（不含已执行5%存款准备金率的金融机构）") == "中国人民银行决定于2025年5月15日下调金融机构存款准备金率0.5个百分点"
    long = "截至2025年4月末，我国外汇储备规模为32817亿美元，较3月末上升410亿美元，升幅为1.27%，连续增长"
    assert lead_clause(long) == "截至2025年4月末，我国外汇储备规模为32817亿美元，较3月末上升410亿美元"


def test_a_row_the_reader_cannot_take_whole_leaves_no_fragment():
    table = ("2025年5月份，全国居民消费价格同比下降0.1%，环比下降0.2%。\n"
             "其中：城市：环比涨跌幅 -0.2%；同比涨跌幅 -0.1%。\n"
             "服务：环比涨跌幅 0.0%；同比涨跌幅 -。\n"
             "城市：环比涨跌幅 -0.2%\n")
    hit = _hit(table, publisher="国家统计局").model_copy(update={"title": "居民消费价格"})
    out = ExtractiveDrafter().draft_section(_task([Evidence(n=1, hit=hit)], source_ids=["a" * 16]))
    texts = [c.text for c in out.clauses()]
    # the release's sentence only: the 其中：城市 row is read whole but states its figures again
    # (下降0.1% is -0.1%); the dashed row and the stray cell never appear
    assert texts == ["2025年5月份，全国居民消费价格同比下降0.1%，环比下降0.2%。"]


def test_a_wire_headline_with_a_semicolon_stays_one_quoted_clause():
    from draftbot.backends.extractive import attribution_line

    line = attribution_line("Reuters", DAY, "Stocks rise; oil falls", [])
    assert line == "路透社9月10日报道“Stocks rise, oil falls”【待译】。" and ";" not in line


def test_rows_the_release_states_in_words_and_rows_cut_at_a_chunk_edge_are_not_quoted():
    head = "2025年5月份，全国居民消费价格同比下降0.1%，环比下降0.2%。\n"
    rows = "居民消费价格：环比涨跌幅 -0.2%；同比涨跌幅 -0.1%。\n服务：环比涨跌幅 0.0%；同比涨跌幅 0.5%；1—5月同比"
    cut = "涨跌幅 -。\n1—5月同比涨跌幅 -。\n"
    first = _hit(head + rows, publisher="国家统计局").model_copy(update={"title": "居民消费价格"})
    second = first.model_copy(update={"chunk_id": "a-1", "text": cut, "start": len(head + rows), "end": len(head + rows + cut)})
    out = ExtractiveDrafter().draft_section(_task([Evidence(n=1, hit=first), Evidence(n=2, hit=second)],
                                                  source_ids=["a" * 16]))
    # the first row says in signs what the release says in words (下降0.1% is -0.1%): not repeated
    assert [c.text for c in out.clauses()] == ["2025年5月份，全国居民消费价格同比下降0.1%，环比下降0.2%。"]


def test_a_long_english_headline_gives_its_topic_in_chinese_not_its_words():
    from draftbot.backends.extractive import attribution_line, short_headline

    headline = "China's May exports to US plunge as tariffs bite; overall growth slows"
    assert not short_headline(headline)
    out = ExtractiveDrafter().draft_section(_task([Evidence(
        n=1, hit=_hit("Exports rose 4.8% in May from a year earlier in dollar terms, customs data showed.")
        .model_copy(update={"title": headline}))], source_ids=["a" * 16]))
    [text] = [c.text for c in out.clauses()]
    assert text == "路透社9月10日英文报道（出口、关税）【待译】，导语数字：4.8%。"
    # a line of a few letters whatever the headline's length; a short headline stays whole
    assert sum(ch.isascii() and ch.isalpha() for ch in text) == 0
    assert attribution_line("Reuters", DAY, "Copper climbs", [], ["铜"]) == "路透社9月10日报道“Copper climbs”【待译】。"
    assert attribution_line("Xinhua", DAY, headline, [], []) == "新华社9月10日英文报道【待译】。"


def test_a_long_headline_line_falls_back_to_no_topic_when_the_verifier_refuses_it():
    headline = "Chinese vice premier meets US delegation in London for trade talks"
    drafter = ExtractiveDrafter(accept=lambda text, ids: "（" not in text)
    out = drafter.draft_section(_task([Evidence(n=1, hit=_hit("The two sides held talks on Monday.")
                                                .model_copy(update={"title": headline}))], source_ids=["a" * 16]))
    assert [c.text for c in out.clauses()] == ["路透社9月10日英文报道【待译】。"]


def test_a_report_retelling_a_release_gives_way_to_the_release_sentence():
    report = ("国务院新闻办公室5月7日举行新闻发布会，介绍一揽子金融政策有关情况。"
              "李云泽表示，金融监管总局将推出8项增量政策，其中包括扩大保险资金长期投资试点范围，拟再批复600亿元。")
    release = ("5月7日，金融监管总局局长在发布会上表示，将加快推出8项增量政策。"
               "一是扩大保险资金长期投资改革试点范围，拟再批复600亿元，为市场注入更多增量资金。")
    ev = [Evidence(n=1, hit=_hit(report, "a" * 16, "新华社").model_copy(update={"title": "一揽子金融政策出台"})),
          Evidence(n=2, hit=_hit(release, "b" * 16, "国家金融监督管理总局")
                   .model_copy(update={"title": "金融监管总局将推出8项增量政策", "kind": "release"}))]
    out = ExtractiveDrafter().draft_section(_task(ev, source_ids=["a" * 16, "b" * 16]))
    with_figure = [(c.text, c.cites) for c in out.clauses() if "600亿元" in c.text]
    # the figure once, in the regulator's words and cited to it; the report still gives its own news
    assert with_figure == [("一是扩大保险资金长期投资改革试点范围，拟再批复600亿元，为市场注入更多增量资金。", [2])]
    assert any(c.cites == [1] for c in out.clauses())


class _Drafted:  # what summarize and synthesize read of a drafted section
    def __init__(self, heading, texts_cites):
        from draftbot.backends.base import ParagraphOut, SectionOut

        self.heading = heading
        self.out = SectionOut(paragraphs=[ParagraphOut(clauses=[ClauseOut(text=t, cites=c) for t, c in texts_cites])])


def _zh_ev(n, title, publisher="新华社", sid=None):
    hit = _hit("正文。", sid or str(n) * 16, publisher).model_copy(update={"title": title})
    return Evidence(n=n, hit=hit)


def test_a_summary_lead_of_a_meeting_is_its_headline_not_a_later_detail():
    from draftbot.backends.base import SummaryTask

    meeting = _Drafted("中美经贸磋商机制首次会议在伦敦举行", [
        ("当地时间6月9日，中共中央政治局委员、国务院副总理、中美经贸中方牵头人何立峰与美方牵头人、美国财政部长、"
         "商务部长和贸易代表在英国伦敦举行中美经贸磋商机制首次会议。", [1]),
        ("双方就落实两国元首通话共识进行了坦诚、深入的交流。", [1])])
    task = SummaryTask.model_construct(sections=[meeting], evidence=[_zh_ev(1, "中美经贸磋商机制首次会议在伦敦举行")],
                                       summaries={}, target_chars=120, guidance="")
    out = ExtractiveDrafter().summarize(task)
    assert [(c.text, c.cites) for c in out.clauses()] == [("中美经贸磋商机制首次会议在伦敦举行。", [1])]


def test_a_judgement_point_names_one_story_once():
    from draftbot.backends.base import SynthesisTask

    trade = _Drafted("外贸", [("今年前5个月，我国货物贸易进出口总值17.94万亿元，同比增长2.5%。", [1]),
                            ("前5个月，我国对东盟进出口3.02万亿元。", [2])])
    ev = [_zh_ev(1, "2025年前5个月我国货物贸易进出口增长2.5%", "海关总署"),
          _zh_ev(2, "前5个月我国外贸进出口总值17.94万亿元 同比增长2.5%")]
    task = SynthesisTask.model_construct(sections=[trade], evidence=ev, summaries={}, target_chars=300, guidance="")
    texts = [c.text for c in ExtractiveDrafter().synthesize(task).clauses()]
    # the second title restates the first's 2.5%: one point, one title
    assert texts[1:] == ["第一，前5个月我国货物贸易进出口增长2.5%。"]


def test_a_table_rows_tail_cut_at_a_chunk_edge_is_not_quoted():
    from draftbot.backends.extractive import _clean

    # a row whose label fell in the previous chunk: a period and a value, no indicator
    assert _clean("1至4月 83906.2亿元；") is None and _clean("4月 22697.6亿元。") is None
    assert _clean("今年前4个月，出口8.39万亿元，增长7.5%；") is not None


def test_an_earlier_days_report_gives_its_section_a_few_sentences_only():
    today = "中国人民银行今日开展1605亿元7天期逆回购操作，操作利率为1.4%。"
    yesterday = ("全面降准0.5个百分点，预计向市场提供长期流动性约1万亿元。下调政策利率0.1个百分点，逆回购利率调降至1.4%。"
                 "增加3000亿元科技创新和技术改造再贷款额度。设立5000亿元服务消费与养老再贷款。"
                 "个人住房公积金贷款利率下调0.25个百分点。保险资金长期投资试点拟再批复600亿元。"
                 "汽车金融公司的存款准备金率从5%调降为0。")
    ev = [Evidence(n=1, hit=_hit(today, "a" * 16, "中国人民银行")),
          Evidence(n=2, hit=_hit(yesterday, "b" * 16, "新华社").model_copy(
              update={"date": DAY - dt.timedelta(days=1), "title": "一揽子政策出台"}))]
    task = _task(ev, source_ids=["a" * 16, "b" * 16]).model_copy(update={"target_chars": 500})
    cites = [c.cites for c in ExtractiveDrafter().draft_section(task).clauses()]
    # seven figures of yesterday's package on offer; the section takes a few, today's news first
    assert [1] in cites and 0 < cites.count([2]) <= 3


def test_a_qa_page_gives_its_answer_never_its_question():
    from draftbot.backends.extractive import _clean

    assert _clean("问：中美双方发布了联合声明，请问商务部对此有何评价？") is None
    qa = ("问：请问商务部对此有何评价？\n"
          "答：此次会谈中，美方取消了共计91%的加征关税，中方相应取消了91%的反制关税；美方暂停实施24%的关税，中方也相应暂停实施24%的反制关税。\n")
    out = ExtractiveDrafter().draft_section(_task([Evidence(n=1, hit=_hit(qa, publisher="商务部"))], source_ids=["a" * 16]))
    texts = [c.text for c in out.clauses()]
    # an answer line with a semicolon is prose, not a table row; it is quoted without its 答：
    assert texts[0].startswith("此次会谈中，美方取消了共计91%") and not any("问" in t[:2] for t in texts)


def test_an_english_lead_opening_on_its_own_figure_keeps_its_line():
    wire = ("The U.S. will lower its levies on Chinese imports to 30% from 145% by May 14, while China will cut "
            "its duties on American goods to 10% from 125%, a joint statement said.")
    zh = "中方将暂停实施24%的关税，同时保留剩余10%的关税。"
    ev = [Evidence(n=1, hit=_hit(zh, "b" * 16, "新华社").model_copy(update={"title": "中美发布联合声明"})),
          Evidence(n=2, hit=_hit(wire, "a" * 16, "AP").model_copy(
              update={"title": "US and China agree to slash tariffs for 90 days while they keep negotiating"}))]
    texts = [c.text for c in ExtractiveDrafter().draft_section(_task(ev, source_ids=["b" * 16, "a" * 16])).clauses()]
    # the wire's 10% is the section's already, but it opens on 30% and 145%: a report the section lacks
    assert any(t.startswith("美联社9月10日英文报道（关税）【待译】，导语数字：30%、145%") for t in texts)


def test_a_span_of_time_is_not_a_lead_figure():
    from draftbot.outline.story import lead_figures

    assert lead_figures(["Factory deflation deepened to its worst in 22 months, down 3.3%, for 90 days."]) == ["3.3%"]


def test_offline_judgement_takes_no_title_figure_its_section_does_not_state():
    """A background release's headline (…利润增长3.6%) whose figure the section never states is no
    point of 今日判断: the check refuses a figure there that no section states."""
    from draftbot.backends.base import DraftedSection, ParagraphOut, SectionOut, SynthesisTask

    day = Hit(chunk_id="d-0", source_id="d" * 16, title="快递企业岁末运行繁忙", publisher="经济日报", date=DAY,
              path="d.md", score=1.0, text="", start=0, end=0, kind="news")
    bg = day.model_copy(update={"chunk_id": "b-0", "source_id": "b" * 16, "title": "1—11月份全国规模以上工业企业利润增长3.6%",
                                "publisher": "国家统计局", "kind": "release"})
    out = SectionOut(paragraphs=[ParagraphOut(clauses=[
        ClauseOut(text="1—11月，全国快递业务量同比增长11.2%。", cites=[1]),
        ClauseOut(text="1—11月份，高技术制造业利润同比增长11.2%。", cites=[2])])])
    task = SynthesisTask(brief_title="T", heading="今日判断", guidance="", target_chars=120, date=DAY,
                         sections=[DraftedSection(id="a", heading="快递企业岁末运行繁忙", out=out)],
                         evidence=[Evidence(n=1, hit=day), Evidence(n=2, hit=bg)])
    text = "".join(c.text for c in ExtractiveDrafter().synthesize(task).clauses())
    assert "3.6%" not in text and "第一，" in text


def test_a_title_that_announces_gets_its_publisher_not_a_second_verb():
    from draftbot.backends.extractive import _announced

    assert _announced("公布首批国家低空经济发展试点城市名单", "国家发展和改革委员会", "notice") == \
        "国家发展和改革委员会公布首批国家低空经济发展试点城市名单"
    assert _announced("2026年11月金融统计数据报告", "中国人民银行", "release") == "中国人民银行发布2026年11月金融统计数据报告"


def test_an_english_count_in_millions_reads_in_wan():
    from draftbot.outline.story import lead_figures

    assert lead_figures(["Sales of new energy vehicles bought under the scheme reached 12.36 million vehicles."]) in \
        (["1236万辆"], ["1236万台"], ["1236万个"], ["1236万"])
