"""What the extractive backend leaves out of a release, drafted end to end from a saved page
written here: its notes (附注：, then 1.统计范围… 2.按可比价计算…), which say how figures are made,
not news; and a table row cut at a chunk's edge, whose cells carry two header rows' words
(`民航：11月 货运量 91.3万吨；`). A row label spaced out to its column's width (广 州) reads as one
word wherever the row is used."""

from __future__ import annotations

from typer.testing import CliRunner

from draftbot.backends.extractive import _clean
from draftbot.cli import app
from draftbot.sources.tables import render_table

ENV = {"OPENAI_API_KEY": "", "DRAFTBOT_API_KEY": ""}

PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>2026年1—4月全省规模以上工业生产情况_青禾省统计局</title></head>
<body><div class="article"><h1>2026年1—4月全省规模以上工业生产情况</h1>
<div class="info">发布时间：2026-05-18 10:00　来源：青禾省统计局</div>
<p>1—4月，全省规模以上工业增加值同比增长5.6%，增速比一季度加快0.3个百分点。</p>
<p>分行业看，高技术制造业增加值同比增长9.4%，装备制造业增长7.1%。4月份，全省规模以上工业增加值同比增长6.0%。</p>
<p>新能源汽车产量41.2万辆，同比增长18.7%；工业机器人产量增长22.5%。</p>
<p>附注：</p>
<p>1.规模以上工业统计范围为年主营业务收入2000万元及以上的工业法人单位。</p>
<p>2.增加值绝对额按现价计算，增长速度按可比价计算，本期全省共有工业企业1.8万家纳入统计。</p>
</div></body></html>"""


def test_a_releases_notes_are_not_drafted(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "t20260518_1.html").write_text(PAGE, encoding="utf-8")
    store, out = tmp_path / "s", tmp_path / "b.md"
    r = CliRunner().invoke(app, ["ingest", str(tmp_path / "c"), "--store", str(store), "-q"], env=ENV)
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(app, ["draft", "--date", "2026-05-18", "--store", str(store), "--backend", "extractive",
                                 "-o", str(out), "--force", "-q"], env=ENV)
    assert r.exit_code == 0, r.output
    draft = out.read_text(encoding="utf-8")
    assert "高技术制造业增加值同比增长9.4%" in draft
    assert "统计范围" not in draft and "按可比价计算" not in draft and "1.8万家" not in draft


def test_a_table_row_cut_at_a_chunks_edge_is_no_sentence():
    for fragment in ("民航：11月 货运量 91.3万吨；", "11月 同比增长 12.6%；", "1—11月 同比增长 13.4%。",
                     "贸易顺差：2026年全年 绝对额 93900亿元人民币；", "动力电池销量：12月 —；"):
        assert _clean(fragment) is None, fragment
    assert _clean("11月，完成营业性货运量49.8亿吨，同比增长3.6%。") is not None


def test_a_notices_forwarding_and_closing_formulas_are_no_news():
    for formula in ("经市政府同意，现将《青禾市促进数字消费若干措施》印发给你们，请结合实际认真贯彻落实。",
                    "为进一步挖掘服务消费潜力，经国务院同意，现提出以下措施。",
                    "各地区各有关部门要结合实际抓好落实，重大情况及时向国务院报告。",
                    "《青禾市支持低空经济发展若干措施》已经市政府同意，现予印发，请认真组织实施。",
                    "为加快建设低空经济中心，推动低空制造协同发展，制定如下措施。",
                    "标　　题：2026年前三季度国内旅游数据情况。"):
        assert _clean(formula) is None, formula
    assert _clean("到2027年，全市数字消费规模突破8000亿元，网上零售额占比达到40%左右。") is not None


def test_a_spaced_row_label_reads_as_one_word():
    rows = [["地区", "增加值（亿元）", "同比增长（%）"], ["广 州", "5132.48", "3.1"], ["全 省", "37486.52", "4.6"]]
    assert render_table(rows) == ["广州：增加值 5132.48亿元；同比增长 3.1%。", "全省：增加值 37486.52亿元；同比增长 4.6%。"]


def test_a_notices_item_titles_and_closing_particulars_are_not_quoted():
    """A notice's numbered item titles standing as sentences ((一)典型场景项目。) and its closing
    particulars (联系人…电话, 附件：1.…) are no news; the item's own text is."""
    assert _clean("（一）典型应用场景项目。") is None
    assert _clean("1. 数据基础设施建设。") is None
    assert _clean("（二）支持龙头企业联合科研院所开展垂直领域大模型训练，在产业链上下游推广应用。") == \
        "支持龙头企业联合科研院所开展垂直领域大模型训练，在产业链上下游推广应用。"
    assert _clean("联系人：省经信厅数字经济处 周工，电话：0571-87050623。") is None
    assert _clean("附件：1.2027年度应用项目申报书（模板）。") is None
    assert _clean("各设区市经信局于2027年1月22日前将推荐文件报送省经信厅。") is not None


def test_a_wires_exchange_rate_note_is_no_sentence():
    """Reuters closes with `($1 = 7.0215 Chinese yuan)`: how it converted, never a lead figure."""
    assert _clean("($1 = 7.0215 Chinese yuan)") is None
    assert _clean("($1 = 7.1 yuan)") is None
    assert _clean("Chinese banks extended 458 billion yuan ($65.2 billion) in new loans in November.") is not None


def test_a_date_standing_alone_is_no_sentence():
    for line in ("（2027年1月20日）", "2027年1月14日", "(2026年12月5日)", "（2027年1月13日发布）"):
        assert _clean(line) is None, line
    assert _clean("2027年1月20日，国家统计局发布2026年国民经济运行数据。") is not None


def test_a_table_row_of_word_cells_is_never_cut_into_sentences():
    """A notice's table rendered as rows whose cells hold words (`主要指标要求 接入…，…`): a cell
    quoted alone loses the row it belongs to."""
    import datetime as dt

    from draftbot.backends.base import SectionTask
    from draftbot.backends.extractive import ExtractiveDrafter
    from draftbot.briefing.brief import SectionSpec
    from draftbot.models import Evidence, Hit

    text = ("遴选培育约60个试点项目，形成一批可复制、可推广的典型经验。\n试点方向及遴选要求\n"
            "算力互联互通：拟遴选数量 10个；主要指标要求 接入国家算力互联互通平台，跨域调度时延不高于20毫秒。\n"
            "算网融合应用：拟遴选数量 25个；主要指标要求 形成行业应用场景不少于3个，服务企业用户不少于100家。\n")
    hit = Hit(chunk_id="n-0", source_id="n" * 16, title="关于开展算力试点工作的通知", publisher="青禾省工业和信息化厅",
              date=dt.date(2027, 2, 3), path="n.html", score=1.0, text=text, start=0, end=len(text))
    task = SectionTask(brief_title="T", section=SectionSpec(id="s", heading="算力试点", queries=["算力 试点"]),
                       evidence=[Evidence(n=1, hit=hit)], date=dt.date(2027, 2, 3), target_chars=400,
                       summaries={}, source_ids=["n" * 16])
    texts = [c.text for c in ExtractiveDrafter().draft_section(task).clauses()]
    assert any("约60个试点项目" in t for t in texts)
    assert not any("主要指标要求" in t or "拟遴选数量" in t for t in texts)


def test_a_tables_caption_and_a_one_cell_word_row_are_not_quoted():
    assert _clean("表1 2026年全国粮食播种面积、总产量及单位面积产量情况（核定数）。") is None
    assert _clean("附表2：各区域新型储能发展指引。") is None
    assert _clean("表1显示，2026年全国粮食总产量比上年增长0.9%。") is not None  # a sentence about a table
    from draftbot.backends.extractive import _WORD_ROW

    assert _WORD_ROW.search("单位面积产量：说明 在全国抽选约2.3万个调查村开展实割实测。")
    assert not _WORD_ROW.search("会议指出：要加强统筹协调。")


def test_a_lead_clause_is_not_cut_at_a_span_of_days():
    from draftbot.backends.extractive import lead_clause

    s = ("文化和旅游部10日发布的数据显示，2027年春节假期前5天（2月5日至9日），全国文旅市场运行平稳，"
         "全国国内出游3.12亿人次，较上年同期增长6.8%。")
    assert "3.12亿人次" in lead_clause(s)


def test_a_title_that_names_its_publisher_gets_no_second_one():
    from draftbot.backends.extractive import _announced

    assert _announced("商务部市场运行和消费促进司负责人介绍2026年消费市场运行情况", "市场运行和消费促进司", "release") == \
        "商务部市场运行和消费促进司负责人介绍2026年消费市场运行情况"
    assert _announced("1—8月份全国电力工业统计数据", "国家能源局", "release") == "国家能源局发布1—8月份全国电力工业统计数据"
