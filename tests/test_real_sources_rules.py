"""The small rules behind source metadata, each as a table: dates, title suffixes, URL dates and
domains, bylines, publisher plausibility, table units, PDF layout, HTML in Markdown."""

from __future__ import annotations

import datetime as dt

import pytest

from draftbot.sources.byline import from_byline
from draftbot.sources.dates import dates_in_text, parse_date
from draftbot.sources.doc_head import collapse_spaced, head_fields
from draftbot.sources.pdf_layout import clean_pages, join_lines, tables_as_rows
from draftbot.sources.publishers import looks_like_publisher, publisher_from_url
from draftbot.sources.tables import render_table
from draftbot.sources.text_files import markup_to_text
from draftbot.sources.titles import strip_site_suffix
from draftbot.sources.urls import date_from_url

D = dt.date


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-05-11", D(2024, 5, 11)),
        ("2024-05-11T23:30:00-05:00", D(2024, 5, 11)),  # the day as written, not UTC
        ("2007-08-20-23:59:59", D(2007, 8, 20)),  # TRS firstpublishedtime
        ("2024/5/9 10:20", D(2024, 5, 9)),
        ("2024.05.11", D(2024, 5, 11)),
        ("2024年5月9日 10:00", D(2024, 5, 9)),
        ("20240511", D(2024, 5, 11)),
        ("Sat, 11 May 2024 23:30:00 +0800", D(2024, 5, 11)),  # RFC 822 (RSS)
        ("Mon, 13 May 2024 01:02:03 GMT", D(2024, 5, 13)),
        ("May 9, 2024", D(2024, 5, 9)),
        ("9 May 2024", D(2024, 5, 9)),
        ("next tuesday", None),
        ("2024年5月", None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_impossible_dates_raise_and_text_dates_are_found():
    with pytest.raises(ValueError):
        parse_date("2024-02-30")
    assert [d for _, d in dates_in_text("签发：二〇二四年五月二十日，发布 2024-05-21")] == [D(2024, 5, 20), D(2024, 5, 21)]


@pytest.mark.parametrize(
    "title, expected",
    [
        ("4月份CPI同比上涨0.3%_数据_宏观频道首页_财经网", "4月份CPI同比上涨0.3%"),
        ("国务院印发《行动方案》-今日头条", "国务院印发《行动方案》"),
        ("China April exports rise 1.5% | Reuters", "China April exports rise 1.5%"),
        ("2024年1-5月份全国固定资产投资--财经--人民网", "2024年1-5月份全国固定资产投资"),
        ("行政院會通過修正草案 | 中央社 CNA", "行政院會通過修正草案"),
        ("1-4月份规模以上工业增加值", "1-4月份规模以上工业增加值"),  # a range, not a separator
        ("Global markets - Tech stocks rally", "Global markets - Tech stocks rally"),  # the tail is no site
        ("A-share market rallies", "A-share market rallies"),
    ],
)
def test_strip_site_suffix(title, expected):
    assert strip_site_suffix(title) == expected


@pytest.mark.parametrize(
    "url, date, publisher",
    [
        ("https://www.stats.gov.cn/sj/zxfb/202405/t20240511_1953.html", D(2024, 5, 11), "国家统计局"),
        ("https://www.gov.cn/zhengce/2024-05/11/content_1.htm", D(2024, 5, 11), "中国政府网"),
        ("http://finance.people.com.cn/n1/2024/0511/c1004-1.html", D(2024, 5, 11), "人民网"),
        ("http://www.news.cn/fortune/20240511/abc/c.html", D(2024, 5, 11), "新华社"),
        ("https://www.reuters.com/markets/asia/china-exports-2024-05-09/", D(2024, 5, 9), "Reuters"),
        ("https://example.org/202406/abc.html", None, ""),  # a month is not a date
        ("https://www.unknown-county.gov.cn/a.html", None, ""),  # not guessed
        ("https://data.stats.gov.cn/easyquery.htm", None, "国家统计局"),
    ],
)
def test_url_date_and_domain(url, date, publisher):
    assert (date_from_url(url), publisher_from_url(url)) == (date, publisher)


@pytest.mark.parametrize(
    "text, publisher, date",
    [
        ("来源：人民日报 2024年05月11日", "人民日报", D(2024, 5, 11)),
        ("本文来源于北京商报 2024-05-20 09:47\n正文", "北京商报", D(2024, 5, 20)),
        ("新华社北京5月9日电（记者 王小明）国家统计局9日发布", "新华社", D(2024, 5, 9)),
        ("（中央社記者王小明台北2024年5月10日電）行政院", "中央社", D(2024, 5, 10)),
        ("BEIJING, May 9 (Reuters) - China said", "Reuters", D(2024, 5, 9)),
        ("发布时间：2024-05-20 09:47 来源：国家统计局", "国家统计局", D(2024, 5, 20)),
        ("来源：张伟", "", None),  # a person is no publisher
        ("项目资金来源：中央财政。截止日期：2024-06-30", "", None),  # not bylines
    ],
)
def test_byline(text, publisher, date):
    assert from_byline(text, year_hint=2024) == (publisher, date)


def test_dateline_without_year_needs_a_hint():
    assert from_byline("新华社北京5月9日电 正文") == ("新华社", None)


@pytest.mark.parametrize(
    "name, ok",
    [("国家统计局", True), ("人民日报", True), ("Reuters", True), ("张伟", False), ("101_2024_0511", False),
     ("John Smith", False), ("editor@example.com", False), ("河南省财政厅", True)],
)
def test_looks_like_publisher(name, ok):
    assert looks_like_publisher(name) is ok


def test_table_units_from_caption_header_and_row_label():
    rows = [["指标", "2024年", "同比增长（%）"], ["城镇新增就业", "473.94", "4.1"], ["出口额（亿元）", "1,234.5", "-1.2"], ["新能源汽车", "1652万辆", "30"]]
    assert render_table(rows, "单位：万人") == [
        "城镇新增就业：2024年 473.94万人；同比增长 4.1%。",
        "出口额：2024年 1,234.5亿元；同比增长 -1.2%。",  # the rate column keeps %
        "新能源汽车：2024年 1652万辆；同比增长 30%。",  # a cell with its own unit keeps it
    ]
    assert render_table([["单位：亿元"], ["地区", "2024年"], ["东部", "12.6"]]) == ["单位：亿元", "东部：2024年 12.6亿元。"]


def test_layout_tables_are_not_data_tables():
    from draftbot.sources.tables import is_data_table

    assert is_data_table([["地区", "2024年"], ["东部", "12.6"]])
    assert not is_data_table([["", "各县（市、区）人民政府，市政府各部门：为做好今年夏粮收购工作，全市计划收购小麦120万吨。"]])
    assert not is_data_table([["首页", "新闻", "政策"]])  # a menu bar


def test_pdf_furniture_wraps_and_tables():
    pages = ["正文第一行写满了整个版面宽度的文字内容不含句号并且继续\n写到下一行。\n城镇常住人口473.94\n万人。\n- 1 -",
             "第 2 页 共 2 页\n单位：万人\n指标 2023年 2022年\n城镇新增就业 6.87 6.65\n再就业 1.92 1.85\n一、下一节"]
    lines = clean_pages(pages)
    assert "- 1 -" not in lines and "第 2 页 共 2 页" not in lines
    out = join_lines(tables_as_rows(lines))
    assert "正文第一行写满了整个版面宽度的文字内容不含句号并且继续写到下一行。" in out
    assert "城镇常住人口473.94万人。" in out
    assert "城镇新增就业：2023年 6.87万人；2022年 6.65万人。" in out
    assert "一、下一节" in out  # a heading is never joined


def test_english_wraps_keep_word_spaces():
    lines = ["Exports rose 7.6% in May, beating forecasts of economists polled by the wire,",
             "while imports rose 1.8% and the trade surplus widened to $82.6 billion in",
             "May.", "Short line."]
    assert join_lines(lines)[0].endswith("polled by the wire, while imports rose 1.8% and the trade surplus widened to $82.6 billion in May.")


def test_document_head_and_signature():
    lines = [collapse_spaced(x) for x in ["周 口 市 统 计 局", "周口市2023年国民经济和", "社会发展统计公报", "（2024年3月20日）", "正文。", "周口市统计局", "2024年3月20日"]]
    fields, origin = head_fields(lines)
    assert fields == {"publisher": "周口市统计局", "title": "周口市2023年国民经济和社会发展统计公报", "date": D(2024, 3, 20)}
    assert origin["date"] == "signature date"


def test_an_official_notice_names_its_issuer_and_signs_before_its_attachments():
    # 红头文件: letterhead "X文件", a 文号, a title "X关于…的通知", the signature and its date, then
    # （此件公开发布） and the attachments (whose own lines must not be taken for the signature)
    lines = ["国家发展和改革委员会办公厅文件", "发改办产业〔2026〕412号", "国家发展和改革委员会办公厅关于做好2027年冬春季节能工作的通知",
             "各省、自治区、直辖市发展改革委：", "一、总体要求", "正文。", "附件：1.重点任务清单", "2.进度安排表",
             "国家发展和改革委员会办公厅", "2026年11月9日", "（此件公开发布）", "附件1", "重点任务清单",
             "任务一：到2027年3月底，完成改造项目120个。", "附件2", "进度安排表", "2026年12月31日"]
    fields, origin = head_fields(lines)
    assert (fields["publisher"], origin["publisher"]) == ("国家发展和改革委员会办公厅", "letterhead")
    assert (fields["date"], origin["date"]) == (D(2026, 11, 9), "signature date")
    # no letterhead: the title names the issuer; a plan issued after the signature, no 附件 line
    fields, origin = head_fields(["某某市人民政府办公室关于印发某某市促进就业行动方案的通知", "各镇人民政府：", "现印发给你们。",
                                  "某某市人民政府办公室", "2026年3月13日", "（此件公开发布）", "某某市促进就业行动方案",
                                  "一、目标", "到2027年，新增就业800人以上。"])
    assert (fields["publisher"], origin["publisher"]) == ("某某市人民政府办公室", "signature")
    assert fields["date"] == D(2026, 3, 13)
    fields, origin = head_fields(["某某市人民政府办公室关于印发某某市促进就业行动方案的通知", "正文。"])
    assert (fields["publisher"], origin["publisher"]) == ("某某市人民政府办公室", "title (issuer)")


def test_a_reports_marks_and_the_issuer_under_its_title_are_not_its_title():
    # an association's printed report (written here): handling marks above the title, the body and
    # its division under it, then the date
    fields, origin = head_fields(["内部参考 未经审计", "2026年保险市场运行情况分析报告", "青禾保险行业协会 统计信息部",
                                  "2027年1月27日", "摘 要", "正文。"])
    assert fields["title"] == "2026年保险市场运行情况分析报告"
    assert (fields["publisher"], origin["publisher"]) == ("青禾保险行业协会", "byline under title")
    assert fields["date"] == D(2027, 1, 27)
    # a body's name alone with its date under it; an alliance is a body; a date "…发布" is a date line
    fields, _ = head_fields(["2026年国民经济运行情况", "青禾省统计局", "（2027年1月20日）", "正文。"])
    assert (fields["title"], fields["publisher"], fields["date"]) == ("2026年国民经济运行情况", "青禾省统计局", D(2027, 1, 20))
    fields, _ = head_fields(["青禾动力电池产业创新联盟", "2026年12月及全年动力电池产业运行情况", "（2027年1月13日发布）", "正文。"])
    assert (fields["publisher"], fields["date"]) == ("青禾动力电池产业创新联盟", D(2027, 1, 13))
    # ... but a wrapped title's last line that reads like a body, with no date under it, stays the title's
    fields, _ = head_fields(["关于支持建设青禾省技术转移", "服务中心", "正文。"])
    assert "publisher" not in fields


def test_a_printed_pages_site_and_section_line_is_not_its_title():
    fields, origin = head_fields(["中国人民银行 新闻发布", "人民银行有关部门负责人就2026年10月", "金融统计数据答记者问",
                                  "发布时间：2026-11-14 17:30", "问：请介绍一下总体情况。"])
    assert fields["title"] == "人民银行有关部门负责人就2026年10月金融统计数据答记者问"
    assert (fields["publisher"], origin["publisher"]) == ("中国人民银行", "site header")
    # a title that merely starts with an organisation's name stays the title
    fields, _ = head_fields(["国家统计局 2026年10月份工业生产者出厂价格", "正文。"])
    assert fields["title"] == "国家统计局 2026年10月份工业生产者出厂价格"


def test_html_in_markdown_becomes_text():
    body = '导语，[详情](https://x.cn/a)。![图](https://x.cn/a.png)\n\n<p><img src="a.png" width="600">正文。</p>\n<table><tr><td>项目</td><td>金额（亿元）</td></tr><tr><td>投资</td><td>12.5</td></tr></table>'
    text = markup_to_text(body)
    assert text.split("\n") == ["导语，详情。", "正文。", "投资：金额 12.5亿元。"]
    assert markup_to_text("纯文本 a < b 的比较。") == "纯文本 a < b 的比较。"


def test_unknown_title_suffix_yields_to_the_headline(tmp_path):
    from draftbot.sources import load_file

    page = tmp_path / "p.html"
    page.write_text(
        "<html><head><title>全市夏粮收购工作推进会召开 · 某某区融媒</title><meta name='PubDate' content='2024-05-25'></head>"
        "<body><h1>全市夏粮收购工作推进会召开</h1><p>全市夏粮收购工作推进会25日召开，计划收购小麦120万吨。</p></body></html>",
        encoding="utf-8",
    )
    s = load_file(page)
    assert (s.title, s.origin["title"]) == ("全市夏粮收购工作推进会召开", "<h1>")


def test_an_article_spread_over_sibling_blocks_is_kept_whole():
    """Each paragraph in its own block with a link list after it: the body is all paragraphs (the
    'another article' check must not cut it down to one block)."""
    from draftbot.sources.html_files import read_html_source

    blocks = "".join(
        f"<div class='c{i}'><p>第{i}段：全市规模以上工业增加值同比增长{i % 9}.{i % 7}%，高技术制造业带动明显。</p><ul>"
        + "".join(f"<li><a href='/x{i}{j}'>相关链接{i}-{j}</a></li>" for j in range(5))
        + "</ul></div>"
        for i in range(30)
    )
    page = f"<html><head><title>全市工业经济运行情况</title></head><body><div id='wrap'>{blocks}</div></body></html>"
    text = read_html_source(page.encode()).text
    assert sum(f"第{i}段" in text for i in range(30)) == 30
