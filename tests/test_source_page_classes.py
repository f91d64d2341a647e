"""Classes of saved pages read wrongly on an outsider's test day, each fixed as a class:

- a copyright footer's rights notice (All Rights Reserved, ©, Copyright, 版权所有, years) glued to
  the site's name;
- a page copied as text whose first line is the site's name, above its menu, breadcrumb, headline
  and date/source line;
- a notice's page stating the document's date (成文日期/发文日期, the signature) and the day the
  page published it (发布日期/发布时间);
- a page's information table (索引号：/发布机构：/文号：) read as a table of figures.

Every fixture is invented (names, figures, dates); only the shapes are those of real pages.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from draftbot.sources.byline import read_byline
from draftbot.sources.loader import load_file
from draftbot.sources.publishers import canonical_publisher
from draftbot.sources.site_names import site_from_footer
from draftbot.sources.tables import render_table

D = dt.date


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ (a) rights notice in a name


FOOTERS = [
    ("版权所有 © 2012-2026 中国青禾家电协会　All Rights Reserved", "中国青禾家电协会"),
    ("©2009-2026 云川新材料产业联盟 All Rights Reserved. 云ICP备00000001号", "云川新材料产业联盟"),
    ("Copyright (c) 2026 青禾经济观察网 版权所有", "青禾经济观察网"),
    ("版权所有：西岭物流商会 Copyright © 2026 All Rights Reserved", "西岭物流商会"),
    ("CopyRight © 2001-2026 BlueRiver,All Rights Reserved 版权所有 云川蓝河信息科技有限公司", "云川蓝河信息科技有限公司"),
    ("Copyright © 2026 西岭市统计局 版权所有 All Rights Reserved", "西岭市统计局"),
    ("青禾数据科技 版权所有 保留所有权利", "青禾数据科技"),
    ("Copyright 2003-2026 云川市商务局 云ICP备00000002号", "云川市商务局"),
    # only the notice: no name at all
    ("版权所有 Copyright © All Rights Reserved 云ICP备00000003号", ""),
    ("© 2026 All Rights Reserved 版权所有", ""),
    # as before
    ("版权所有：国家统计局　地址：北京市西城区", "国家统计局"),
    ("© 2026 Reuters. All rights reserved.", "Reuters"),
    ("Copyright © 2026 Caixin Global Ltd", "Caixin Global"),
]


def test_a_footers_rights_notice_is_never_part_of_the_site_name():
    got = [(footer, site_from_footer([footer])) for footer, _ in FOOTERS]
    assert got == FOOTERS


def test_no_publisher_name_keeps_a_rights_notice():
    assert canonical_publisher("中国青禾家电协会 All Rights Reserved") == "中国青禾家电协会"
    assert canonical_publisher("© 2026 云川经济观察") == "云川经济观察"
    assert canonical_publisher("Copyright 2015-2026 青禾网 版权所有") == "青禾网"
    assert canonical_publisher("All Rights Reserved") == ""
    # names with figures of their own are left alone
    assert canonical_publisher("21世纪经济报道") == "21世纪经济报道"


def test_an_association_page_is_published_by_the_name_in_its_footer(tmp_path):
    page = """<html lang="zh-CN"><head><meta charset="utf-8"><title>2026年2月家电行业运行简析</title></head><body>
<div class="nav"><a>首页</a> <a>协会概况</a> <a>行业资讯</a> <a>统计信息</a></div>
<div class="article"><h2>2026年2月家电行业运行简析</h2><div class="meta">2026-03-12　　浏览次数：311</div>
<p>2月，家电行业主营业务收入1203.5亿元，同比增长4.2%，其中出口交货值增长6.8%。</p>
<p>分品类看，冰箱产量605.1万台，同比增长3.3%；洗衣机产量688.4万台，增长5.0%。</p></div>
<div class="footer"><p>关于我们 | 网站地图 | 联系方式</p>
<p>版权所有 © 2012-2026 中国青禾家电协会　All Rights Reserved</p><p>云ICP备00000004号-1</p></div>
</body></html>"""
    s = load_file(write(tmp_path / "qinghe.html", page))
    assert (s.publisher, s.origin["publisher"]) == ("中国青禾家电协会", "copyright footer")
    assert s.date == D(2026, 3, 12)


# ------------------------------------------------------------------ (b) a copied page's title


_COPIED = """国家统计局云川调查总队
首页　机构概况　统计数据　数据解读　调查动态　政务公开　互动交流
当前位置：首页 > 统计数据 > 价格统计

2026年2月份云川省居民消费价格变动情况

发布日期：2026-03-10 09:30　　来源：国家统计局云川调查总队　　【字体：大 中 小】　打印

2026年2月份，云川省居民消费价格同比上涨0.6%，环比上涨0.3%。1—2月平均，全省居民消费价格比上年同期上涨0.4%。

2月份，食品烟酒类价格同比上涨1.1%，衣着类价格下降0.2%，居住类价格持平。
"""


def test_a_copied_pages_title_is_the_headline_over_its_date_line_not_the_site_name(tmp_path):
    s = load_file(write(tmp_path / "yc_cpi.txt", _COPIED))
    assert s.title == "2026年2月份云川省居民消费价格变动情况"
    assert (s.publisher, s.date) == ("国家统计局云川调查总队", D(2026, 3, 10))
    assert s.text.startswith("2026年2月份，云川省居民消费价格同比上涨0.6%")  # the site's head is not body
    assert not any("does not mention its title" in w for w in s.warnings)
    # what was read right stays so: a headline and its subtitle over the date line give the headline
    text = ("云川前两月外贸进出口增长5.2%\n机电产品出口占比过半\n2026-03-11 16:05　来源：云川日报\n"
            "据海关统计，今年前两个月云川省货物贸易进出口总值812.6亿元，同比增长5.2%。\n")
    assert load_file(write(tmp_path / "sub.txt", text)).title == "云川前两月外贸进出口增长5.2%"
    # and a Markdown heading names the title itself
    text = "# 云川前两月外贸进出口增长5.2%\n\n> 发布时间：2026-03-11\n\n据海关统计，前两个月进出口总值812.6亿元。\n"
    assert load_file(write(tmp_path / "md.md", text)).title == "云川前两月外贸进出口增长5.2%"


def test_a_site_name_line_named_by_the_source_line_is_not_the_title(tmp_path):
    # no menu or breadcrumb copied: the first line is the name the 来源 gives, not an organisation's shape
    text = ("云川经济观察\n\n云川前两月外贸进出口增长5.2%\n\n2026-03-11 16:05　来源：云川经济观察\n\n"
            "据海关统计，今年前两个月云川省货物贸易进出口总值812.6亿元，同比增长5.2%。\n")
    s = load_file(write(tmp_path / "yc_trade.txt", text))
    assert s.title == "云川前两月外贸进出口增长5.2%"
    assert s.publisher == "云川经济观察"
    # a survey team's or a federation's name alone on the first line is a site, whatever the 来源 says
    text = ("国家统计局云川调查总队\n\n2026年2月份云川省工业生产者价格变动情况\n\n发布时间：2026-03-10 09:30\n\n"
            "2026年2月份，云川省工业生产者出厂价格同比下降0.8%，环比上涨0.1%。\n")
    assert load_file(write(tmp_path / "yc_ppi.txt", text)).title == "2026年2月份云川省工业生产者价格变动情况"
    text = ("中国青禾物流联合会\n\n2026年2月青禾物流业景气指数为51.3%\n\n发布时间：2026-03-04 10:00\n\n"
            "2026年2月，青禾物流业景气指数为51.3%，比上月回升0.6个百分点。\n")
    assert load_file(write(tmp_path / "qh_lpi.txt", text)).title == "2026年2月青禾物流业景气指数为51.3%"


# ------------------------------------------------------------------ (c) publication over document date


_NOTICE = """<html lang="zh-CN"><head><meta charset="utf-8">
<title>云川省人民政府办公厅关于印发云川省低空经济发展行动方案的通知_云川省人民政府</title></head><body>
<div class="crumb">您当前的位置：首页 &gt; 政务公开 &gt; 政策文件</div>
<table class="xxgk">
<tr><td>索引号：</td><td>000000001/202603-00012</td><td>组配分类：</td><td>省政府办公厅文件</td></tr>
<tr><td>发布机构：</td><td>云川省人民政府办公厅</td><td>主题分类：</td><td>工业</td></tr>
<tr><td>文号：</td><td>云政办〔2026〕9号</td><td>{doc_label}：</td><td>2026-03-02</td></tr>
<tr><td>发布日期：</td><td>2026-03-05</td><td>有效性：</td><td>有效</td></tr>
</table>
<h1>云川省人民政府办公厅关于印发云川省低空经济发展行动方案的通知</h1>
<div class="info">发布时间：2026-03-05 15:20　　来源：省政府办公厅　　字体：〖大 中 小〗</div>
<p>云政办〔2026〕9号</p>
<p>各市、县人民政府，省政府各部门：</p>
<p>《云川省低空经济发展行动方案》已经省政府同意，现印发给你们，请认真组织实施。</p>
<p>云川省人民政府办公厅</p>
<p>2026年3月2日</p>
<p>（此件公开发布）</p>
<p>云川省低空经济发展行动方案</p>
<p>为加快培育低空经济，到2028年，全省低空经济规模突破300亿元，建成通用机场12个以上。</p>
</body></html>"""


@pytest.mark.parametrize("doc_label", ["发文日期", "成文日期"])
def test_a_notice_page_is_dated_the_day_it_was_published_not_the_day_it_was_signed(tmp_path, doc_label):
    s = load_file(write(tmp_path / "notice.html", _NOTICE.replace("{doc_label}", doc_label)))
    assert s.date == D(2026, 3, 5)
    assert "2026年3月2日" in s.text  # the document's own date stays in its text
    # a notice whose page states no date but its signature is dated by the signature
    page = _NOTICE.replace("{doc_label}", doc_label)
    page = page.split('<table class="xxgk">')[0] + "<h1>" + page.split("<h1>", 1)[1]
    page = page.replace('<div class="info">发布时间：2026-03-05 15:20　　来源：省政府办公厅　　字体：〖大 中 小〗</div>', "")
    s = load_file(write(tmp_path / "signed.html", page))
    assert (s.date, s.publisher) == (D(2026, 3, 2), "云川省人民政府办公厅")


def test_the_publication_label_wins_wherever_the_document_label_stands():
    by = read_byline("成文日期：2026-03-02\n标题\n发布日期：2026-03-05\n正文。")
    assert (by.date, by.date_kind) == (D(2026, 3, 5), "labelled")
    # labels and values on separate lines (a 信息公开 list)
    by = read_byline("索引号:\n000000001/2026-001\n发文日期:\n2026年03月02日 16:40\n发布日期:\n2026年03月05日 09:10\n")
    assert by.date == D(2026, 3, 5)
    # the head zone gives only the document's date; the body's 发布时间 line still wins
    by = read_byline("正文第一段。\n发布时间：2026-03-05 15:20", head="标题\n成文日期：2026-03-02")
    assert (by.date, by.date_kind) == (D(2026, 3, 5), "labelled")
    # with nothing else, the document's date is the date
    by = read_byline("成文日期：2026-03-02\n正文。")
    assert (by.date, by.date_kind) == (D(2026, 3, 2), "document")


# ------------------------------------------------------------------ an information table


def test_an_information_table_is_label_and_value_pairs_not_figures():
    rows = [["索引号：", "000000001/202603-00012", "组配分类：", "省政府办公厅文件"],
            ["文号：", "云政办〔2026〕9号", "发文日期：", "2026-03-02"],
            ["发布日期：", "2026-03-05", "有效性：", "有效"]]
    assert render_table(rows) == [
        "索引号：000000001/202603-00012；组配分类：省政府办公厅文件。",
        "文号：云政办〔2026〕9号；发文日期：2026-03-02。",
        "发布日期：2026-03-05；有效性：有效。",
    ]
    # a table of figures is still one line per row, figures with their units
    assert render_table([["指标", "产量（万台）"], ["冰箱", "605.1"], ["洗衣机", "688.4"]]) == [
        "冰箱：产量 605.1万台。", "洗衣机：产量 688.4万台。"]


BANNER_PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>{title}</title></head><body>
<div class="banner"><h1>清源市人民政府</h1><p>www.qingyuan-example.gov.cn</p></div>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 政府文件</div>
<div class="article"><h2 class="title">{title}</h2>
<div class="info">发布时间：2026-12-09 10:00　来源：市政府办公室</div>
<p>各县（市、区）人民政府，市政府各部门：</p>
<p>《清源市促进夜间消费行动方案》已经市政府同意，现印发给你们，请认真贯彻落实。</p>
<p>到2028年，全市夜间消费额年均增长8%左右，建成夜间经济集聚区12个。</p>
</div><div class="footer">版权所有：清源市人民政府办公室</div></body></html>"""


@pytest.mark.parametrize("title, want", [
    # the banner's <h1> is the site's name, which the notice's title merely begins with
    ("清源市人民政府办公室关于印发清源市促进夜间消费行动方案的通知", "清源市人民政府办公室关于印发清源市促进夜间消费行动方案的通知"),
    # a <title> that is the <h1> plus a site suffix no rule knew is still the <h1>
    ("清源市人民政府 - 门户", "清源市人民政府"),
])
def test_a_banners_site_name_in_h1_does_not_title_a_page_whose_title_begins_with_it(tmp_path, title, want):
    f = tmp_path / "notice.html"
    f.write_text(BANNER_PAGE.format(title=title), encoding="utf-8")
    assert load_file(f).title == want
