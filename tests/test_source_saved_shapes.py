"""Shapes of saved pages that named the wrong title or publisher on an unseen realistic day, each
fixed as a class (pages written here, figures invented):
- a web clipper's front matter `source:` holding the page's address is its url, not its publisher;
- a 来源 office ending in 中心 (新闻发布中心) is an office of the site's body, and no label cut
  leaves half its name (新闻);
- a line of short names between bars is the site's menu; 您当前的位置： is a breadcrumb;
- a saved page kept as DOCX keeps its breadcrumb and 文章来源 line out of its title;
- a table whose header spans two rows (a period over 绝对量/同比增长) keeps both in its columns;
- a Markdown pipe table (a web clipper's) is rendered as an HTML one is, a figure with its unit;
- a change column (比上期涨跌) states its figure's direction by its sign."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from draftbot.sources.loader import load_file
from draftbot.sources.page_chrome import chrome_kind
from draftbot.sources.tables import render_table


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


CLIPPED = """---
title: "2026年10月份云川省社会消费品零售总额增长2.6%"
source: "https://tjj.yunchuan.gov.cn/sjfb/202611/t20261118_88231.html"
clipped: 2026-11-18 10:20
tags: [clippings, 社零]
---

[首页](https://tjj.yunchuan.gov.cn/) > [数据发布](https://tjj.yunchuan.gov.cn/sjfb/)

# 2026年10月份云川省社会消费品零售总额增长2.6%

发布时间：2026-11-18 09:30　　来源：云川省统计局

10月份，云川省社会消费品零售总额1820亿元，同比增长2.6%。

**表1　2026年10月份云川省社会消费品零售总额主要数据**

| 指标 | 10月 |  | 1—10月 |  |
|---|---|---|---|---|
|  | 绝对量（亿元） | 同比增长（%） | 绝对量（亿元） | 同比增长（%） |
| 社会消费品零售总额 | 1820 | 2.6 | 17312 | 3.1 |
| 城镇 | 1510 | 2.4 | 14358 | 3.0 |
| 乡村 | 310 | 3.4 | 2954 | 3.9 |
"""


def test_a_clippers_source_address_is_the_url_and_the_page_names_the_publisher(tmp_path):
    s = load_file(write(tmp_path / "clip.md", CLIPPED))
    assert s.publisher == "云川省统计局"
    assert s.url == "https://tjj.yunchuan.gov.cn/sjfb/202611/t20261118_88231.html"
    assert s.date == dt.date(2026, 11, 18)


def test_a_two_row_header_keeps_the_period_over_each_figure():
    rows = [["指标", "10月", "", "1—10月", ""], ["", "绝对量（亿元）", "同比增长（%）", "绝对量（亿元）", "同比增长（%）"],
            ["社会消费品零售总额", "1820", "2.6", "17312", "3.1"], ["乡村", "310", "3.4", "2954", "3.9"]]
    assert render_table(rows)[1] == "乡村：10月 绝对量 310亿元；10月 同比增长 3.4%；1—10月 绝对量 2954亿元；1—10月 同比增长 3.9%。"
    # one header row: as before
    assert render_table([["指标", "2025年", "2024年"], ["城镇新增就业（万人）", "38.2", "36.9"]]) == \
        ["城镇新增就业：2025年 38.2万人；2024年 36.9万人。"]


NDRC_PAGE = """<html><head><title>西岭市发展改革委11月份新闻发布会文字实录 - 西岭市发展和改革委员会</title>
<meta name="ArticleTitle" content="西岭市发展改革委11月份新闻发布会文字实录"></head><body>
<div class="header">西岭市发展和改革委员会</div>
<div class="time"><span>发布时间：2026/11/20</span>　<span>来源：新闻发布中心</span></div>
<div class="article"><p>2026年11月20日下午，西岭市发展改革委举行11月份新闻发布会，介绍今冬能源保供有关情况。</p>
<p>目前，全市统调电厂存煤186万吨，比去年同期增加12万吨，可用天数28天。</p></div>
<div class="footer">版权所有：西岭市发展和改革委员会</div></body></html>"""


def test_a_press_centre_is_an_office_of_the_sites_body(tmp_path):
    s = load_file(write(tmp_path / "ndrc.html", NDRC_PAGE))
    assert s.publisher == "西岭市发展和改革委员会"


COPIED_NEWS = """青禾经济网
首页  滚动  宏观  产经  能源  财经  金融  地方
青禾日报 | 青禾周刊 | 经济网移动版 | 网上数据中心

您当前的位置 ：青禾经济网 > 能源 > 电力 >

10月份青禾全社会用电量同比增长4.9%
第三产业用电增长较快
2026年11月17日 16:20   来源：青禾日报-青禾经济网   记者 柳青

　　青禾省能源局17日发布数据显示，10月份，全省全社会用电量412亿千瓦时，同比增长4.9%。
"""


def test_a_bar_separated_product_line_and_a_spaced_breadcrumb_are_furniture(tmp_path):
    assert chrome_kind("青禾日报 | 青禾周刊 | 经济网移动版 | 网上数据中心") == "navigation"
    assert chrome_kind("您当前的位置 ：青禾经济网 > 能源 > 电力 >") == "breadcrumb"
    assert chrome_kind("2026年 | 第3期 | 总第45期") is None  # an issue line has figures
    s = load_file(write(tmp_path / "copy.txt", COPIED_NEWS))
    assert s.title == "10月份青禾全社会用电量同比增长4.9%"


def test_a_saved_page_as_docx_keeps_breadcrumb_and_source_line_out_of_its_title(tmp_path):
    import docx

    d = docx.Document()
    for line in ["云川省商务厅　　新闻发布", "首页 > 新闻发布 > 商务数据 > 外资数据", "2026年1—10月云川省吸收外资182.6亿元",
                 "文章来源：外资管理处　　发布时间：2026-11-19 16:00",
                 "　　2026年1—10月，云川省新设立外商投资企业1208家，同比增长5.2%；实际使用外资金额182.6亿元。"]:
        d.add_paragraph(line)
    path = tmp_path / "fdi.docx"
    d.save(path)
    s = load_file(path)
    assert s.title == "2026年1—10月云川省吸收外资182.6亿元"
    assert s.publisher == "云川省商务厅"


def test_a_markdown_pipe_table_is_rendered_with_units_and_periods(tmp_path):
    s = load_file(write(tmp_path / "clip.md", CLIPPED))
    assert "乡村：10月 绝对量 310亿元；10月 同比增长 3.4%；1—10月 绝对量 2954亿元；1—10月 同比增长 3.9%。" in s.text
    assert "| 乡村 |" not in s.text


def test_a_change_columns_sign_is_its_direction():
    from draftbot.verify.library import SourceLibrary
    from draftbot.verify.numeric import INFORMATIONAL, check_clause
    from verify_fixtures import record

    text = "螺纹钢：单位 吨；本期价格 3120.5元；比上期涨跌 -18.4元。\n电解铜：单位 吨；本期价格 79120.0元；比上期涨跌 212.6元。"
    lib = SourceLibrary.from_pairs([(record("p", "11月中旬生产资料市场价格变动情况", date="2026-11-24"), text)])
    kinds = lambda c: [f.kind for f in check_clause(c, ["p"], lib) if f.kind not in INFORMATIONAL]  # noqa: E731
    assert kinds("螺纹钢每吨3120.5元，比上期下降18.4元") == []
    assert kinds("电解铜每吨79120.0元，比上期上涨212.6元") == []
    assert kinds("螺纹钢每吨3120.5元，比上期上涨18.4元") == ["wrong_direction"]


def test_a_table_cells_figure_is_its_rows_and_its_period_and_no_other(tmp_path):
    """A rendered row names its label once (乡村：…); each later cell's figure is that row's, under
    the caption's words, in its column's period (another row's label alone, 城镇 for 乡村, is too
    short a difference for the subject check: not asserted)."""
    from draftbot.verify.library import SourceLibrary
    from draftbot.verify.numeric import INFORMATIONAL, check_clause
    from verify_fixtures import record

    s = load_file(write(tmp_path / "clip.md", CLIPPED + "\n10月份，乡村消费品零售额310亿元，增长3.4%。\n"))
    lib = SourceLibrary.from_pairs([(record("c", s.title, publisher=s.publisher, date="2026-11-18"), s.text)])
    kinds = lambda c: [f.kind for f in check_clause(c, ["c"], lib) if f.kind not in INFORMATIONAL]  # noqa: E731
    assert kinds("1—10月，乡村消费品零售额2954亿元，同比增长3.9%") == []
    assert kinds("10月份，乡村消费品零售额2954亿元") == ["wrong_period"]
