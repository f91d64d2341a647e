"""Files a writer saves with nobody's metadata: pasted text, printed pages, saved pages, DOCX."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pytest

from draftbot.sources.errors import SourceError
from draftbot.sources.loader import load_file, load_paths
from draftbot.sources.page_chrome import chrome_kind, strip_chrome
from draftbot.sources.site_names import site_from_footer
from draftbot.sources.text_title import title_and_body

sys.path.insert(0, str(Path(__file__).resolve().parent))
from real_sources_make import pdf_bytes  # noqa: E402
from sources_fixtures import write_docx  # noqa: E402

D = dt.date


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def head_of(tmp_path: Path, name: str, text: str) -> tuple:
    """(title, publisher, date) of `text` loaded as the file `name`."""
    s = load_file(write(tmp_path / name, text))
    return s.title, s.publisher, s.date


# ------------------------------------------------------------------ pasted text


def test_a_headline_over_one_paragraph_is_a_source_not_a_note(tmp_path):
    write(tmp_path / "story.txt", "国家统计局发布5月份数据\n5月份全国居民消费价格同比下降0.1%。\n")
    write(tmp_path / "todo.txt", "买咖啡\n")  # one short line: still a note
    result = load_paths([tmp_path])
    assert [s.title for s in result.sources] == ["国家统计局发布5月份数据"]
    assert result.sources[0].text == "5月份全国居民消费价格同比下降0.1%。"
    assert result.failures == []


def test_pasted_text_title_date_publisher_and_site_furniture(tmp_path):
    text = (
        "首页 政务公开 办事服务 互动交流\n当前位置：首页 > 政务公开 > 政府文件\n"
        "前5个月全国铁路完成固定资产投资2372亿元\n2025-06-19 08:40　来源：中国国家铁路集团有限公司\n"
        "今年1至5月，全国铁路完成固定资产投资2372亿元，同比增长5.5%。\n【打印本页】【关闭窗口】\n版权所有：某某网站\n"
    )
    s = load_file(write(tmp_path / "rail.txt", text))
    assert (s.title, s.publisher, s.date) == ("前5个月全国铁路完成固定资产投资2372亿元", "中国国家铁路集团有限公司", D(2025, 6, 19))
    assert s.origin["title"] == "first line" and s.origin["publisher"] == "byline"
    assert s.origin["via"] == "某某网站"  # the site it was copied from, besides the credited publisher
    for chrome in ("当前位置", "打印本页", "版权所有", "办事服务"):
        assert chrome not in s.text
    assert not [w for w in s.warnings if "title" in w or "date" in w or "publisher" in w]


def test_no_title_line_takes_the_first_sentence_without_its_dateline_and_warns(tmp_path):
    text = ("新华社北京6月17日电　记者17日从国家能源局了解到，截至5月底，全国累计发电装机容量约36.1亿千瓦，同比增长18.8%。其他。\n\n"
            "国家能源局在2025年6月16日召开的会议上表示，将加快推进新型电力系统建设，确保迎峰度夏电力供应。\n")
    s = load_file(write(tmp_path / "wire.txt", text))
    # the reporter's lead-in (how the news was learnt) is not the news
    assert s.title == "截至5月底，全国累计发电装机容量约36.1亿千瓦，同比增长18.8%"
    assert s.text.startswith("新华社北京6月17日电")  # nothing lost: the body keeps the first sentence
    assert (s.publisher, s.date) == ("新华社", D(2025, 6, 17))
    assert s.origin["date"] == "dateline, year from 2025-06-16 written in the file"
    assert any(w.startswith("no title line") for w in s.warnings)
    assert any("the dateline gives only month and day; the year from 2025-06-16" in w for w in s.warnings)


def test_an_untitled_wire_is_titled_by_its_news_not_its_dateline_lead_in_or_a_cut_parenthesis():
    from draftbot.sources.text_title import first_sentence

    cases = {
        # newspaper datelines (any paper's name, Chinese-numeral days) and 本报讯 are left out
        "中新社上海十一月八日电（记者 周琳）上海市统计局八日发布，前三季度全市工业总产值同比增长4.1%。": "上海市统计局八日发布，前三季度全市工业总产值同比增长4.1%",
        "工人日报北京3月2日电（记者 刘静）记者从人力资源社会保障部获悉，1至2月城镇新增就业182万人。": "1至2月城镇新增就业182万人",
        "本报讯（记者 孙悦）记者从市交通局了解到：今年以来全市新开通公交线路27条。": "今年以来全市新开通公交线路27条",
        "3月5日，记者从省农业农村厅获悉，全省春播粮食面积稳定在2100万亩以上。": "全省春播粮食面积稳定在2100万亩以上",
        # who released the figures is said before the news
        "本报北京11月16日讯（记者 王岩）海关总署16日发布的数据显示，前10个月我国货物贸易进出口总值36.02万亿元，同比增长3.6%。":
            "前10个月我国货物贸易进出口总值36.02万亿元，同比增长3.6%",
        "据国家统计局消息，10月份全国居民消费价格同比上涨0.3%。": "10月份全国居民消费价格同比上涨0.3%",
        "据了解，该项目总投资12亿元，年内开工。": "据了解，该项目总投资12亿元，年内开工",
        # a quotation whose sentence ends inside it: the words, without an unmatched mark
        "“今年外贸开局平稳。”海关总署有关负责人在发布会上说。": "今年外贸开局平稳",
    }
    for text, title in cases.items():
        assert first_sentence(text) == title, text
    # cut to length at a word boundary, and never inside a parenthesis the cut would leave open
    assert first_sentence("新华社北京12月2日电 记者2日从国家数据局获悉，截至10月底，全国算力总规模达到300EFLOPS"
                          "（每秒百亿亿次浮点运算），其中智能算力规模达到120EFLOPS，同比增长40%。") \
        == "截至10月底，全国算力总规模达到300EFLOPS（每秒百亿亿次浮点运算）"
    assert first_sentence("新华社北京12月2日电 截至10月底，全国数据中心机架总规模达到九百多万标准机架"
                          "（按标准机架功率二点五千瓦计算，含在建）。") == "截至10月底，全国数据中心机架总规模达到九百多万标准机架"


def test_markdown_heading_and_setext_heading_are_titles():
    assert title_and_body("# 标题一\n\n正文。").title == "标题一"
    head = title_and_body("标题二\n======\n\n经济日报　2025年06月14日\n\n正文。")
    assert (head.title, head.origin) == ("标题二", "first heading")
    assert "======" not in head.body


def test_a_month_day_dateline_with_no_full_date_takes_the_file_time_year_and_says_so(tmp_path):
    path = write(tmp_path / "afp.txt", "UK inflation eases\n\nLONDON, June 18 (AFP) - Britain's annual inflation rate eased to 3.4 percent in May.\n")
    stamp = dt.datetime(2024, 7, 1, 12).timestamp()
    os.utime(path, (stamp, stamp))
    s = load_file(path)
    assert (s.publisher, s.date, s.origin["date"]) == ("AFP", D(2024, 6, 18), "dateline, year from the file's modification time")
    assert any("year from the file's modification time" in w for w in s.warnings)


def test_a_papers_own_dateline_dates_a_reprint_and_only_a_named_paper_is_its_publisher(tmp_path):
    stamp = dt.datetime(2026, 10, 21, 9).timestamp()
    cases = {
        # 本报 ("this paper") dates the text but names nobody
        "本报北京10月20日电（记者 林晓）国家统计局20日发布，前三季度规模以上工业增加值同比增长5.9%。": ("", D(2026, 10, 20)),
        "本报杭州10月19日讯 记者陈言报道：浙江省前三季度外贸进出口同比增长6.2%。": ("", D(2026, 10, 19)),
        "工人日报北京10月18日电（记者 刘静）前三季度城镇新增就业1046万人。": ("工人日报", D(2026, 10, 18)),
    }
    for i, (lead, (publisher, day)) in enumerate(cases.items()):
        path = write(tmp_path / f"reprint{i}.txt", f"前三季度经济数据发布\n\n{lead}\n\n分行业看，制造业增长较快。\n")
        os.utime(path, (stamp, stamp))
        s = load_file(path)
        assert (s.publisher, s.date) == (publisher, day), lead
        assert s.origin["date"] == "dateline, year from the file's modification time", lead
    # a paper named in a sentence is no dateline
    path = write(tmp_path / "said.txt", "消费数据\n\n据人民日报报道，今年5月9日电力供应平稳，商品消费回升。\n")
    os.utime(path, (stamp, stamp))
    assert load_file(path).origin.get("date", "").startswith("dateline") is False


def test_a_file_copied_long_after_its_dateline_takes_the_year_its_lead_weekday_names(tmp_path):
    text = ("UK inflation eases\n\nLONDON, June 18 (AFP) - Britain's annual inflation rate eased to 3.4 percent "
            "in May, official data showed Wednesday. The central bank meets on Thursday.\n")
    path = write(tmp_path / "afp.txt", text)
    stamp = dt.datetime(2026, 12, 6, 12).timestamp()  # unpacked or cloned months later
    os.utime(path, (stamp, stamp))
    s = load_file(path)
    assert s.date == D(2025, 6, 18)  # a Wednesday; 18 June 2026 is a Thursday
    assert s.origin["date"].startswith("dateline, year from its weekday (Wednesday)")
    # saved within days of the dateline: the file's year stands, whatever day the lead names
    stamp = dt.datetime(2026, 6, 19, 9).timestamp()
    os.utime(path, (stamp, stamp))
    assert load_file(path).date == D(2026, 6, 18)


def test_an_empty_text_file_is_still_named_as_empty(tmp_path):
    with pytest.raises(SourceError, match="empty file"):
        load_file(write(tmp_path / "empty.txt", "  \n\n"))


# ------------------------------------------------------------------ printed pages (PDF)

PRINTED = [
    "2025/6/24 10:02 国家发展改革委召开6月份新闻发布会_国家发展和改革委员会",
    "国家发展和改革委员会",
    "首页 机构设置 新闻动态 政务公开 政务服务 互动交流",
    "当前位置：首页 > 新闻动态 > 新闻发布",
    "国家发展改革委召开6月份新闻发布会",
    "发布时间：2025/06/23 来源：国家发展改革委",
    "【字体：大 中 小】 打印本页 分享到",
    "今年以来已下达中央预算内投资超过5000亿元，支持项目约2.2万个。",
    "[图] 发布会现场（资料图）",
    "版权所有：国家发展和改革委员会 京ICP备05052393号",
    "https://www.ndrc.gov.cn/xwdt/xwfb/202506/t20250623_1398861.html 1/1",
]


def test_a_printed_page_loses_its_furniture_and_is_dated_by_its_text(tmp_path):
    s = load_file(write(tmp_path / "printed.pdf", pdf_bytes([PRINTED], created="D:20250624100230+08'00'")))
    assert s.title == "国家发展改革委召开6月份新闻发布会"
    assert s.date == D(2025, 6, 23)  # the page's own date, not the day it was printed (PDF info)
    assert s.publisher == "国家发展改革委"
    assert s.url == "https://www.ndrc.gov.cn/xwdt/xwfb/202506/t20250623_1398861.html"
    assert "5000亿元" in s.text
    for chrome in ("2025/6/24", "机构设置", "当前位置", "打印本页", "[图]", "版权所有", "https://"):
        assert chrome not in s.text, chrome
    assert not [w for w in s.warnings if "date" in w]


def test_a_pdf_dated_only_by_its_creation_date_warns(tmp_path):
    s = load_file(write(tmp_path / "undated.pdf", pdf_bytes([["某某报告", "本报告介绍某项工作的进展情况，全文共三部分。"]], created="D:20250624100230+08'00'")))
    assert (s.date, s.origin["date"]) == (D(2025, 6, 24), "PDF info")
    assert any("creation date" in w for w in s.warnings)


def test_a_docx_dateline_beats_its_creation_date(tmp_path):
    path = write_docx(tmp_path / "wire.docx", None, "工信部：前5个月电子信息制造业增加值增长11.1%",
                      ["新华社北京6月25日电 记者25日从工业和信息化部获悉，1至5月增加值同比增长11.1%。"], created=dt.datetime(2025, 7, 2, 9))
    s = load_file(path)
    assert (s.publisher, s.date) == ("新华社", D(2025, 6, 25))
    assert s.origin["date"].startswith("dateline, year from")


# ------------------------------------------------------------------ saved pages


def test_an_english_page_named_only_in_its_title_suffix_and_address(tmp_path):
    html = """<!DOCTYPE html>
<!-- saved from url=(0060)https://www.chinadaily.com.cn/a/202506/24/WS685a.html -->
<html lang="en"><head><meta charset="utf-8"><title>Port throughput rises 7.8% in first five months - Chinadaily.com.cn</title></head>
<body><h1>Port throughput rises 7.8% in first five months</h1><p>Updated: June 24, 2025</p>
<p>Container throughput at Chinese ports reached 138 million TEUs in the first five months, up 7.8 percent year-on-year.</p></body></html>"""
    s = load_file(write(tmp_path / "cd.html", html))
    assert (s.publisher, s.origin["publisher"]) == ("中国日报网", "<title> suffix")  # a host-name suffix goes through the domain table
    assert s.url.startswith("https://www.chinadaily.com.cn/")
    assert s.date == D(2025, 6, 24)


def test_a_portal_reprint_keeps_the_credited_publisher_and_the_site_as_via(tmp_path):
    html = """<html><head><meta charset="utf-8"><title>5月份全社会用电量同比增长4.4%_网易</title>
<meta property="og:site_name" content="网易新闻"></head><body><h1>5月份全社会用电量同比增长4.4%</h1>
<div>2025-06-20 07:45:12　本文转自：新华社</div><p>5月份，全社会用电量8096亿千瓦时，同比增长4.4%。1-5月累计39665亿千瓦时。</p>
<div class="footer">网易公司版权所有</div></body></html>"""
    s = load_file(write(tmp_path / "163.html", html))
    assert (s.publisher, s.origin["publisher"], s.date) == ("新华社", "byline", D(2025, 6, 20))
    assert s.origin["via"] == "网易公司"  # the copyright footer outranks og:site_name (docs/SOURCES.md)


def test_a_statistics_page_named_by_its_logo_and_footer_only(tmp_path):
    html = """<html><head><meta charset="utf-8"><title>5月份居民消费价格同比下降0.1%</title></head><body>
<div class="logo"><img src="l.png" alt="国家统计局"></div><div class="crumb">当前位置：首页 &gt; 数据</div>
<h1>5月份居民消费价格同比下降0.1%</h1><div>2025/06/09 09:30 | 字体：</div>
<p>5月份，全国居民消费价格同比下降0.1%，环比下降0.2%。其中，城市持平，农村下降0.4%。</p>
<div class="footer">版权所有：国家统计局　京ICP备05034670号</div></body></html>"""
    s = load_file(write(tmp_path / "nbs.html", html))
    assert (s.publisher, s.origin["publisher"], s.date) == ("国家统计局", "logo", D(2025, 6, 9))
    assert "via" not in s.origin


# ------------------------------------------------------------------ the rules one by one


@pytest.mark.parametrize(
    "line, kind",
    [
        ("首页 政务公开 办事服务 互动交流 数据发布", "navigation"),
        ("Home | China | World | Business | Opinion", "navigation"),
        ("您现在的位置：首页 > 政务公开", "breadcrumb"),
        ("分享到：微信 微博 QQ空间", "tools"),
        ("【打印本页】【关闭窗口】", "tools"),
        ("版权所有：国家统计局 京ICP备05034670号", "footer"),
        ("© 2025 Reuters. All rights reserved.", "footer"),
        ("[图] 发布会现场（资料图）", "caption"),
        ("【责任编辑：刘晓】", "editor"),
        ("(Reporting by Kevin Yao; Editing by Sam Holmes)", "editor"),
        ("2025/6/24 10:02 国家发展改革委召开6月份新闻发布会", "print header"),
        ("6/19/25, 8:14 AM China's new home prices fall | Reuters", "print header"),
        ("https://www.reuters.com/world/china/x-2025-06-16/ 1/1", "print footer"),
        # article text stays
        ("5月份，全国居民消费价格同比下降0.1%，环比下降0.2%。", None),
        ("2025-06-19 08:40　来源：中国国家铁路集团有限公司", None),
        ("Follow-on investment rose 5% in May from a year earlier.", None),
        ("前5个月全国铁路完成固定资产投资2372亿元", None),
        ("指标 2024年 2023年", None),
    ],
)
def test_chrome_kind(line, kind):
    assert chrome_kind(line) == kind


def test_related_links_after_their_heading_go():
    kept = strip_chrome(["正文第一段。", "相关新闻", "另一篇报道的标题", "又一篇报道的标题"]).kept
    assert kept == ["正文第一段。"]


@pytest.mark.parametrize(
    "line, name",
    [
        ("版权所有：国家统计局   京ICP备05034670号", "国家统计局"),
        ("中国政府网 版权所有", "中国政府网"),
        ("主办单位：河南省人民政府办公厅  承办：河南省大数据管理局", "河南省人民政府办公厅"),
        ("Copyright © 2025 Caixin Global Ltd. All Rights Reserved.", "Caixin Global"),
        ("© Thomson Reuters 2025", "Reuters"),
        ("地址：北京市西城区月坛南街57号", ""),
        # the rights notice after 版权所有 is not a name (a reprint's footer, then an owner's)
        ("版权所有 不得转载 | 私隐政策", ""),
        ("版权所有，侵权必究  京ICP备12345678号", ""),
        ("版权所有 未经许可禁止转载", ""),
        ("版权所有：大河网  未经授权不得转载", "大河网"),
    ],
)
def test_site_from_footer(line, name):
    assert site_from_footer([line]) == name


@pytest.mark.parametrize(
    "text, publisher, date",
    [
        ("By Li Fangchao (China Daily)\nUpdated: 2007-07-20 07:26", "China Daily", D(2007, 7, 20)),
        ("发表单位:市统计局 发表时间:2016-11-14  [打印]", "市统计局", D(2016, 11, 14)),
        ("发文机关:山西省人民政府\n发布日期:2018年03月27", "山西省人民政府", D(2018, 3, 27)),
        ("来源:國家統計局發布時間:2023-01-05 09:30", "國家統計局", D(2023, 1, 5)),
        ("發布日期:2011-07-22 11:32:44 來源:《中國證券報》 分享到:", "中國證券報", D(2011, 7, 22)),
        ("(Xinhua)    16:38, August 14, 2020\n-- China's retail sales", "Xinhua", D(2020, 8, 14)),
        ("经济日报　2025年06月14日\n正文。", "经济日报", D(2025, 6, 14)),
        ("October 14, 2019\nBEIJING (Reuters) - China's exports fell.", "Reuters", D(2019, 10, 14)),
    ],
)
def test_byline_shapes_seen_on_real_pages(text, publisher, date):
    from draftbot.sources.byline import from_byline

    assert from_byline(text) == (publisher, date)


def test_only_the_top_time_line_is_a_print_header_and_an_original_link_is_the_address():
    out = strip_chrome(["2025/6/24 10:02 标题_网", "标题", "2025/06/09 09:30 | Aa 字体：", "正文。", "原文链接：https://www.gov.cn/x.htm"])
    assert out.kept == ["标题", "2025/06/09 09:30 | Aa 字体：", "正文。"]
    assert out.print_url == "https://www.gov.cn/x.htm"


def test_a_pasted_page_keeps_the_date_its_tools_line_carries(tmp_path):
    # a government page copied as text: its date and source share a line with the font-size tools
    # (page furniture, dropped from the body); the date is still the page's, not "no date"
    text = ("湖北省统计局\n\n全省前三季度居民收入平稳增长\n\n"
            "2026-10-22 09:30　来源：湖北省统计局　字号：大 中 小　【打印】\n\n"
            "前三季度，全省居民人均可支配收入28516元，同比名义增长5.1%。其中城镇居民增长4.3%，农村居民增长6.2%。\n\n"
            "【关闭窗口】\n")
    assert head_of(tmp_path, "hubei.txt", text) == ("全省前三季度居民收入平稳增长", "湖北省统计局", D(2026, 10, 22))
    s = load_file(tmp_path / "hubei.txt")
    assert "字号" not in s.text and not any("no date" in w for w in s.warnings)
    # a time line the browser printed on top is the day it was printed, never the page's date
    printed = "2026/11/30 15:12 湖北省统计局\n" + text.replace("2026-10-22 09:30　", "")
    assert load_file(write(tmp_path / "printed.txt", printed)).date != D(2026, 11, 30)


def test_a_menu_copied_one_item_a_line_is_not_the_title(tmp_path):
    # Ctrl+A on a government site copies its toolbar and menu one item a line above the article
    menu = "\n".join(["四川省统计局", "无障碍", "长者模式", "繁體", "English", "登录", "请输入关键字", "搜索",
                      "首页", "机构概况", "政务公开", "统计数据", "统计分析", "互动交流"])
    text = (f"{menu}\n您当前的位置：首页 > 统计数据 > 月度数据\n2026年1—10月四川经济运行简况\n"
            "发布日期：2026-11-18 10:00 来源：四川省统计局 浏览次数：\n【字体：大 中 小】 打印\n\n"
            "1—10月，全省规模以上工业增加值同比增长5.9%，比1—9月提高0.2个百分点。社会消费品零售总额21560.4亿元，增长4.7%。\n")
    assert head_of(tmp_path, "sichuan.txt", text) == ("2026年1—10月四川经济运行简况", "四川省统计局", D(2026, 11, 18))
    body = load_file(tmp_path / "sichuan.txt").text
    assert "长者模式" not in body and "机构概况" not in body
    # a table's header cells copied one a line are no menu
    cells = ["指标", "单位", "绝对数", "比上年增长", "地区生产总值\t亿元\t2313.0\t5.2"]
    assert strip_chrome(cells + ["全年地区生产总值2313亿元，比上年增长5.2%。"]).kept[:4] == cells[:4]
    # short lines after the article has begun are the article's (a list of words stays)
    listed = text.replace("增长4.7%。\n", "增长4.7%。\n\n重点领域\n电子信息\n装备制造\n食品饮料\n能源化工\n")
    assert "装备制造" in load_file(write(tmp_path / "listed.txt", listed)).text


def test_a_portal_copy_with_font_size_buttons_and_a_reporter_line_is_titled_by_its_news(tmp_path):
    # the font-size buttons (A- A+) and the reporter's own line are furniture, not the headline
    text = ("首页 > 财经频道 > 宏观经济 > 正文\n2026年12月07日 19:12　来源：证券时报网　作者：林青\n分享到：\nA- A+\n\n"
            "证券时报记者 林青\n\n海关总署7日公布的数据显示，11月我国出口同比增长6.8%，比10月加快2.4个百分点。"
            "前11个月贸易顺差接近1.3万亿美元。\n\n责任编辑：王岚\n")
    assert head_of(tmp_path, "stcn.txt", text) == ("11月我国出口同比增长6.8%，比10月加快2.4个百分点", "证券时报网", D(2026, 12, 7))
    assert "A- A+" not in load_file(tmp_path / "stcn.txt").text


def test_a_chinese_sites_english_name_under_its_logo_is_not_the_title(tmp_path):
    text = ("无障碍 | 繁体 | English | 登录\n中华人民共和国商务部\nMinistry of Commerce of the People's Republic of China\n"
            "首页\n新闻\n政务公开\n互动交流\n商务数据\n您当前的位置：首页 > 新闻 > 新闻发布\n"
            "商务部召开例行新闻发布会（2026年12月3日）\n发布时间：2026-12-03 17:26　来源：商务部新闻办公室\n\n"
            "今年以来，全国汽车以旧换新补贴申请量突破1200万份，带动新车销售额超过1.6万亿元。\n")
    title, _, date = head_of(tmp_path, "mofcom.txt", text)
    assert (title, date) == ("商务部召开例行新闻发布会（2026年12月3日）", D(2026, 12, 3))
    assert "Ministry of Commerce" not in load_file(tmp_path / "mofcom.txt").text
    # the logo's line with both names
    both = text.replace("中华人民共和国商务部\nMinistry of Commerce of the People's Republic of China", "商务部 Ministry of Commerce")
    assert head_of(tmp_path, "both.txt", both)[0] == "商务部召开例行新闻发布会（2026年12月3日）"
    # an English page's own headline that names a ministry stays its title
    en = "Ministry of Finance Sells Special Bonds\n\nBEIJING, Dec 3 (Reuters) - China's finance ministry sold 50 billion yuan of bonds.\n"
    assert load_file(write(tmp_path / "en.txt", en)).title == "Ministry of Finance Sells Special Bonds"


def test_a_bloomberg_lead_names_its_agency_and_a_document_number_is_no_title(tmp_path):
    text = ("China's Exports Pick Up\n\nBy Jane Li\nDecember 7, 2026 at 11:34 AM GMT+8\n\n"
            "(Bloomberg) -- China's exports rose 6.8% in November from a year earlier, customs data showed.\n")
    assert load_file(write(tmp_path / "bbg.txt", text)).publisher == "Bloomberg"
    # Word's title property holding the document number: the document's own title lines instead
    path = write_docx(tmp_path / "plan.docx", "浙政办发〔2026〕58号", "浙江省人民政府办公厅关于印发外贸行动方案的通知",
                      ["浙政办发〔2026〕58号", "各市人民政府：", "现印发给你们。", "浙江省人民政府办公厅", "2026年12月3日"])
    s = load_file(path)
    assert (s.title, s.publisher, s.date) == ("浙江省人民政府办公厅关于印发外贸行动方案的通知", "浙江省人民政府办公厅", D(2026, 12, 3))
