"""Shapes seen on saved portal and ministry pages that had misread titles and publishers:

- a news portal's page copied as text: a channel menu whose items carry a middle dot (财经·金融),
  a breadcrumb of the site's name and its channel (某某网>>财经·金融), and a date/source line
  with the time written against the date (2026年3月5日09:12 | 来源：某某网－财经频道);
- a ministry's disclosure platform named in its logo (中华人民共和国某某部 政府信息公开) over a
  page whose 来源 is one of its divisions;
- a DOCX whose 来源 is a bare division and whose title opens with the body that issued it.

Every fixture is invented (names, figures, dates); only the shapes are those of real pages.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document

from draftbot.sources.loader import load_file
from draftbot.sources.meta_lines import META_LINE
from draftbot.sources.page_chrome import chrome_kind
from draftbot.sources.publishers import body_in_title, canonical_publisher

PORTAL_COPY = """青禾网首页
频道
青禾日报
时政
国际
财经·金融
社会·法治
文旅·体育
健康·生活
教育
地方
数据
视频
English
登录 | 注册
青禾网>>财经·金融
前两个月青禾港集装箱吞吐量同比增长7.2%
2026年3月5日09:12 | 来源：青禾网－财经频道
小字号
分享到：

青禾网3月5日电 （记者林禾）记者从青禾港务局获悉，今年前两个月，青禾港完成集装箱吞吐量412万标准箱，同比增长7.2%；货物吞吐量1.36亿吨，同比增长3.9%。

2月份，港口集装箱吞吐量196万标准箱，同比增长4.1%，受春节假期影响，增速较1月份有所回落。

（责任编辑：周禾、陈青）

推荐阅读
青禾港新开两条远洋航线

青禾网 版权所有，未经书面授权禁止使用
"""


def test_a_portal_copy_reads_its_headline_and_the_site_without_its_channel(tmp_path):
    path = tmp_path / "前两个月青禾港集装箱吞吐量同比增长7.2%--财经·金融--青禾网.txt"
    path.write_text(PORTAL_COPY, encoding="utf-8")
    s = load_file(path)
    assert s.title == "前两个月青禾港集装箱吞吐量同比增长7.2%"
    assert s.publisher == "青禾网"
    assert s.date == dt.date(2026, 3, 5)
    assert "财经·金融" not in load_file(path).title


def test_the_lines_those_pages_are_made_of():
    assert META_LINE.match("2026年3月5日09:12 | 来源：青禾网－财经频道")
    assert META_LINE.match("2026年3月5日 09:12")
    assert not META_LINE.match("2026年3月5日，青禾港完成集装箱吞吐量412万标准箱。")
    assert not META_LINE.match("2026-03-0509:12")
    for crumb in ("青禾网>>财经·金融", "青禾日报 > 经济 > 数据", "首页 > 新闻"):
        assert chrome_kind(crumb) == "breadcrumb", crumb
    # a comparison or an index level on its own line is no path
    for text in ("收入>支出", "价格指数 > 100 表示上涨", "GDP>3%"):
        assert chrome_kind(text) is None, text
    assert canonical_publisher("青禾网－财经频道") == "青禾网"
    assert canonical_publisher("青禾卫视财经频道") == "青禾卫视财经频道"  # a channel that is the broadcaster's own name


def test_a_disclosure_platform_in_the_logo_names_the_ministry(tmp_path):
    html = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="ContentSource" content="综合规划司"><title>2026年2月港航运行情况_中华人民共和国青禾部</title></head><body>
<div class="header"><a class="logo" href="/"><img src="logo.png" alt="中华人民共和国青禾部 政府信息公开"></a></div>
<div class="article"><h1>2026年2月港航运行情况</h1>
<div class="info"><span>发布时间：2026-03-18 15:30</span><span>来源：综合规划司</span></div>
<p>2月份，完成港口货物吞吐量13.1亿吨，同比增长2.8%；其中内贸吞吐量同比增长2.1%。</p>
<p>1—2月，完成港口集装箱吞吐量5030万标准箱，同比增长6.4%。</p>
</div></body></html>"""
    path = tmp_path / "t20260318_1.html"
    path.write_text(html, encoding="utf-8")
    s = load_file(path)
    assert s.publisher == "中华人民共和国青禾部"
    assert "综合规划司" in s.origin["publisher"]


def _docx(path: Path, title: str, source: str) -> Path:
    d = Document()
    d.add_paragraph(title)
    d.add_paragraph(f"发布时间：2026-03-07　　来源：{source}")
    d.add_paragraph("截至2026年2月末，外汇储备规模为31860亿美元，较1月末上升86亿美元，升幅为0.27%。")
    d.add_paragraph("2月份，银行结汇14210亿元人民币，售汇13380亿元人民币，结售汇顺差830亿元人民币。")
    d.save(path)
    return path


def test_a_docx_under_a_bare_division_is_cited_as_the_body_its_title_opens_with(tmp_path):
    s = load_file(_docx(tmp_path / "a.docx", "青禾外汇管理局公布2026年2月末外汇储备规模数据", "国际收支司"))
    assert s.publisher == "青禾外汇管理局"
    assert s.origin["publisher"].endswith("国际收支司, the body its title names")
    # a title that names no body leaves the division as the page wrote it
    s = load_file(_docx(tmp_path / "b.docx", "2026年2月外汇储备规模数据", "国际收支司"))
    assert s.publisher == "国际收支司"
    assert body_in_title("国家青禾局关于2026年粮食产量数据的公告") == "国家青禾局"
    assert body_in_title("前两个月青禾港集装箱吞吐量同比增长7.2%") == ""


NOTICE_PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}_{site}</title></head><body>
<div class="logo"><img src="logo.png" alt="{logo}"></div>
<div class="article"><h1>{title}</h1><div class="info">发布时间：2026-03-20 16:00　来源：{source}</div>
<p>各区人民政府，市政府各委、办、局：</p>
<p>为促进数字消费，现提出以下措施。到2027年，全市数字消费规模突破8000亿元。</p>
<p>对新认定的示范商圈、示范街区，分别给予最高300万元、150万元的一次性奖励。</p></div>
<div class="footer"><p>版权所有：{footer}　苏ICP备05009228号-1　网站标识码：3200000046</p></div></body></html>"""


@pytest.mark.parametrize("title, source, logo, footer, publisher", [
    # a notice is the body that issued it, whatever portal carries it
    ("国务院办公厅关于进一步扩大服务消费的若干措施", "中国政府网", "中国政府网", "中国政府网", "国务院办公厅"),
    ("青禾市人民政府办公厅关于印发《青禾市促进数字消费若干措施》的通知", "", "首都之窗 青禾市人民政府门户网站",
     "青禾市人民政府办公厅", "青禾市人民政府办公厅"),
    # a ministry's own 局 named bare is that ministry
    ("2026年1—2月份通信业经济运行情况", "运行监测协调局", "中华人民共和国青禾部", "中华人民共和国青禾部", "中华人民共和国青禾部"),
    # a province's filing number after its name in the footer is not part of it
    ("2026年1—2月全省规模以上工业生产情况", "", "", "青禾省统计局", "青禾省统计局"),
])
def test_notice_issuers_ministry_bureaus_and_footers(tmp_path, title, source, logo, footer, publisher):
    path = tmp_path / "p.html"
    path.write_text(NOTICE_PAGE.format(title=title, site="网站", logo=logo, source=source, footer=footer), encoding="utf-8")
    assert load_file(path).publisher == publisher


CMS_COPY = """索 引 号: 000014348/2026-00031 信息分类: 数据、信息发布
发布机构: 系统管理员 生成日期: 2026-03-16
生效日期: 2026-03-16 10:02:11 废止日期:
信息名称: 2月份青禾省经济运行稳中有进
文  号: 关 键 词:

  2月份，全省规模以上工业增加值同比增长5.2%，增速比1月份加快0.4个百分点。

  1—2月份，全省固定资产投资同比增长3.9%，其中制造业投资增长8.1%。
"""


def test_a_cms_pages_form_header_names_neither_its_title_label_nor_its_account(tmp_path):
    """A page copied as text from a statistics site's CMS: its info rows head the text, the title
    as `信息名称:` and the publishing account (`发布机构: 系统管理员`) where a body would stand."""
    path = tmp_path / "2月份经济运行.txt"
    path.write_text(CMS_COPY, encoding="utf-8")
    s = load_file(path)
    assert s.title == "2月份青禾省经济运行稳中有进"
    assert s.publisher != "系统管理员"
    assert s.date == dt.date(2026, 3, 16)


def test_a_form_of_spaced_labels_without_colons_is_taken_out_whole():
    """A notice page's information table as a ministry writes it (label cells spaced for width, no
    colon: `索 引 号 | 000019574Q01/2027-00037 | 分　　类 | 综合运输；通知`): each label gets its colon,
    and the whole table reads as the form it is, never as text (outsider day 2027-02-17 quoted
    `索 引 号000019574Q01/2027-00037` in its 摘要)."""
    from draftbot.sources.tables import form_line, split_form

    rows = [["索 引 号", "000019574Q01/2027-00037", "分　　类", "综合运输；通知"],
            ["发布机构", "青禾省交通运输厅", "成文日期", "2027年02月12日"],
            ["名　　称", "青禾省交通运输厅关于做好2027年交通物流降本提质增效工作的通知"],
            ["文　　号", "青交运发〔2027〕15号", "发布日期", "2027年02月17日"]]
    lines = [form_line(r) for r in rows]
    assert lines[0] == "索引号：000019574Q01/2027-00037；分类：综合运输；通知。"
    rest, form = split_form("\n".join(lines))
    assert rest.strip() == "" and len(form) == 4
