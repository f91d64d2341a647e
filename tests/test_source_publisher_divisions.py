"""A government page's 来源 line that names an office or division inside the site's own body
(新闻办, 政策研究室, 办公室, 国库司, 工业统计处, 综合处) is cited as the body the site names in its
logo, footer or <title> suffix; a provincial government's general office written without its place
(省政府办公厅) takes the place from the site (…省人民政府办公厅).

Every fixture is invented (names, figures, dates); only the shapes are those of real pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from draftbot.sources.loader import load_file
from draftbot.sources.publishers import body_of_division, is_division


def page(source: str, *, logo: str = "", footer: str = "", title_suffix: str = "", title: str = "青禾省前三季度物流运行平稳") -> str:
    head = f"<title>{title}{'_' + title_suffix if title_suffix else ''}</title>"
    top = f'<div class="logo"><img src="/i/logo.png" alt="{logo}"></div>' if logo else ""
    foot = f'<div class="footer"><p>{footer}</p><p>云ICP备00000001号</p></div>' if footer else ""
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">{head}</head><body>
{top}
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/xw/">新闻发布</a></div>
<div class="article"><h1>{title}</h1>
<div class="info">发布时间：2026-03-18 09:30　来源：{source}　【字体：大 中 小】</div>
<div class="content">
<p>前三季度，全省社会物流总额达到4.62万亿元，按可比价格计算同比增长5.3%，增速比上半年加快0.4个百分点。</p>
<p>其中，工业品物流总额同比增长5.9%，单位与居民物品物流总额增长8.1%，进口货物物流总额下降1.7%。</p>
<p>社会物流总费用与地区生产总值的比率为13.6%，比上半年回落0.2个百分点。</p>
</div></div>
{foot}
</body></html>"""


def load(tmp_path: Path, html: str, name: str = "p.html"):
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return load_file(path)


# ------------------------------------------------------------------ an office of the site's body


@pytest.mark.parametrize(
    ("source", "site", "want"),
    [
        # the commission's press office and policy research office: the site's body
        ("新闻办", dict(logo="青禾省发展和改革委员会"), "青禾省发展和改革委员会"),
        ("政策研究室", dict(footer="主办单位：青禾省发展和改革委员会　版权所有"), "青禾省发展和改革委员会"),
        ("办公室", dict(title_suffix="云川市统计局"), "云川市统计局"),
    ],
)
def test_an_office_named_alone_is_cited_as_the_sites_body(tmp_path, source, site, want):
    s = load(tmp_path, page(source, **site))
    assert s.publisher == want


def test_a_provincial_general_office_without_its_place_takes_the_sites_place(tmp_path):
    html = page("省政府办公厅", logo="青禾省人民政府", title="青禾省人民政府办公厅关于印发冷链物流提升方案的通知")
    assert load(tmp_path, html).publisher == "青禾省人民政府办公厅"
    html = page("市政府办公室", footer="主办：云川市人民政府办公室　版权所有", title="云川市人民政府办公室关于加快仓储设施建设的通知")
    assert load(tmp_path, html, "c.html").publisher == "云川市人民政府办公室"


# ------------------------------------------------------------------ what stays


@pytest.mark.parametrize(
    "source",
    [
        "青禾省人民政府办公厅",  # a full name: a body in its own right
        "国务院办公厅",
        "国务院新闻办公室",
        "国新办",  # a short form that is a body, not a division
        "青禾日报",  # a paper's 来源 on a government site: a reprint
        "新华社",
    ],
)
def test_a_full_name_or_a_papers_source_stays(tmp_path, source):
    s = load(tmp_path, page(source, logo="青禾省发展和改革委员会"))
    assert s.publisher == source


def test_a_division_with_no_site_name_on_the_page_stays(tmp_path):
    assert load(tmp_path, page("新闻办")).publisher == "新闻办"
    assert load(tmp_path, page("省政府办公厅"), "g.html").publisher == "省政府办公厅"


def test_a_short_office_of_another_level_is_not_guessed(tmp_path):
    # a city's office on the province's site: which city is not said
    assert load(tmp_path, page("市政府办公室", logo="青禾省人民政府")).publisher == "市政府办公室"


def test_division_names():
    assert [is_division(n) for n in ("新闻办", "政策研究室", "办公室", "办公厅", "国库司", "会计司", "城市建设司", "国新办", "国务院办公厅", "财政部办公厅", "青禾省统计局办公室", "人民日报")] == [
        True, True, True, True, True, True, True, False, False, False, False, False,
    ]
    assert body_of_division("自治区政府办公厅", "云岭壮族自治区人民政府") == "云岭壮族自治区人民政府办公厅"
    assert body_of_division("区政府办公室", "云岭壮族自治区人民政府") == ""
    assert body_of_division("新闻办", "办公室") == ""  # a site that is itself a division names no body


# ------------------------------------------------------------------ a ministry's 司, a bureau's 处 / 科


@pytest.mark.parametrize(
    ("source", "site", "want"),
    [
        ("预算司", dict(logo="中华人民共和国青禾部", footer="版权所有：青禾部"), "中华人民共和国青禾部"),
        ("工业统计处", dict(title_suffix="青禾省统计局"), "青禾省统计局"),
        ("综合处", dict(footer="主办单位：云川市统计局　地址：云川市青禾路8号"), "云川市统计局"),
        ("市场监管科", dict(logo="云川县市场监督管理局"), "云川县市场监督管理局"),  # 市场 is a word, not a place
    ],
)
def test_a_division_named_alone_is_cited_as_the_sites_body(tmp_path, source, site, want):
    assert load(tmp_path, page(source, **site)).publisher == want


def test_a_division_with_no_site_stays_and_one_with_its_body_is_cited_as_the_body(tmp_path):
    assert load(tmp_path, page("工业统计处"), "n.html").publisher == "工业统计处"
    # a division written below its body names the body itself (see test_source_publisher_bodies.py)
    assert load(tmp_path, page("青禾省统计局综合处", logo="青禾省统计局")).publisher == "青禾省统计局"
