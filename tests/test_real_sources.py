"""Real-shaped sources with no hand-written metadata (tests/data/real_sources + a generated PDF and
DOCX): every file loads, and title, publisher, date, body and table figures are what a writer
would put in 参考文献 — each expectation in one table row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from draftbot.sources import load_paths
from draftbot.sources.walk import skipped_notes
from draftbot.text.numbers import extract_numbers

from real_sources_make import build

D = dt.date
# file: (title, publisher, date, {field: origin} checked, text the body must hold, text it must not)
EXPECTED = {
    "stats_trs_release.html": ("2024年4月份能源生产情况", "国家统计局", D(2024, 5, 17), {"date": "meta pubdate", "publisher": "meta contentsource"},
                               ["原煤：产量 37312万吨；同比增长 2.1%。", "天然气：产量 207亿立方米；同比增长 4.6%。"], ["网站地图", "刘晓明"]),
    "toutiao_reprint.html": ("国务院常务会议研究推动设备更新工作", "人民日报", D(2024, 5, 10), {"date": "meta firstpublishedtime", "publisher": "byline"},
                             ["增长25%以上"], ["多地出台以旧换新配套政策"]),
    "caijing_byline.html": ("北京4月社会消费品零售总额同比增长3.2%", "北京商报", D(2024, 5, 20), {"publisher": "byline"},
                            ["1139.5亿元"], ["财经网首页"]),
    "reuters_saved.html": ("China's May exports beat forecasts as shipments to Asia climb", "Reuters", D(2024, 6, 7), {"date": "json-ld datePublished"},
                           ["rose 7.6% year on year"], ["Terms of Use", "Technology"]),
    "wire_reprint_portal.html": ("Chinese EV makers step up shipments to Europe ahead of tariff decision", "Reuters", D(2024, 5, 22), {"publisher": "byline"},
                                 ["61,000 units"], ["Yen slips"]),
    "people_two_articles.html": ("前4个月全国铁路发送旅客13.1亿人次", "人民日报", D(2024, 5, 11), {"date": "byline", "publisher": "byline"},
                                 ["13.1亿人次", "3.12亿吨"], ["港口", "吞吐量", "人民网首页"]),
    "govcn_nav_heavy.html": ("关于延续实施小微企业融资担保降费奖补政策的通知", "中国政府网", D(2024, 5, 11), {"publisher": "<title> suffix"},
                             ["东部地区：2024年 12.6亿元；2023年 11.8亿元。", "单户担保金额不超过1000万元"], ["政策问答", "国务院文件"]),
    "zhoukou_legacy_table.html": ("周口市人民政府办公室关于做好2024年夏粮收购工作的通知", "周口市人民政府办公室", D(2024, 5, 24), {"publisher": "signature"},
                                  ["全市计划收购小麦120万吨，其中政策性收购40万吨。"], ["高标准农田", "文旅消费季", "|"]),
    "henan_gbk.html": ("2024年一季度河南省经济运行情况", "河南省统计局", D(2024, 4, 19), {"date": "meta pubdate"},
                       ["地区生产总值：绝对量 15258.67亿元；同比增长 4.8%。"], ["政务公开"]),
    "xinhua_dateline.html": ("我国4月份CPI同比上涨0.3%", "新华社", D(2024, 5, 11), {"publisher": "byline", "date": "dateline, year from the page address"},
                             ["环比上涨0.1%"], ["新华网首页", "责任编辑"]),
    # a traditional-Chinese page is read in simplified (sources/script.py)
    "cna_traditional.html": ("行政院会通过产业创新条例修正草案 研发投抵上限提高", "中央社", D(2024, 5, 16), {"date": "byline"},
                             ["由25%提高为30%"], ["即时", "即時"]),
    "rss_post.md": ("一季度全国规模以上文化企业营业收入增长7.5%", "新华网", D(2024, 5, 15), {"date": "front matter"},
                    ["新闻信息服务：营业收入 4021亿元；增长 12.6%。", "国家统计局网站"], ["<td", "<img", "http", "src=", "width="]),
    "override_bad_date.md": ("5月份制造业采购经理指数为49.5%", "国家统计局", D(2024, 5, 31), {"date": "sources.yaml"},
                             ["49.5%"], []),
    "zhoukou_communique.pdf": ("周口市2023年国民经济和社会发展统计公报", "周口市统计局", D(2024, 3, 20), {"date": "signature date", "publisher": "letterhead"},
                               ["城镇常住人口473.94万人", "比上年增长4.2%。", "第二产业增加值1191.22亿元",
                                "城镇新增就业：2023年 6.87万人；2022年 6.65万人。", "农村劳动力转移就业：2023年 12.40万人；2022年 11.96万人。"],
                               ["- 1 -", "- 2 -", "admin"]),
    "henan_notice.docx": ("关于下达2024年中小企业发展专项资金的通知", "河南省财政厅", D(2024, 5, 28), {"date": "signature date", "title": "title lines"},
                          ["郑州市：资金 8600万元；支持企业 42家。", "周口市：资金 2100万元；支持企业 11家。"], ["Administrator"]),
}
NOTES = {"README.md", "SOURCES.md", "links.txt"}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    folder = build(tmp_path_factory.mktemp("real") / "real_sources")
    result = load_paths([folder])
    return folder, result, {Path(s.path).name: s for s in result.sources}


def test_every_file_loads_and_notes_are_skipped(loaded):
    folder, result, by_name = loaded
    assert result.failures == []
    assert set(by_name) == set(EXPECTED)
    assert {Path(f.path).name for f in skipped_notes([folder])} == NOTES


def test_metadata_table(loaded, capsys):
    """Title, publisher and date of every file; the table is printed for the closing note."""
    _, _, by_name = loaded
    rows, right = [], 0
    for name, (title, publisher, date, _, _, _) in EXPECTED.items():
        s = by_name[name]
        ok = (s.title, s.publisher, s.date) == (title, publisher, date)
        right += ok
        rows.append(f"{'ok ' if ok else 'BAD'} {name:28} {s.date} {s.publisher:8} {s.title[:40]}")
    with capsys.disabled():
        print("\n" + "\n".join(rows) + f"\nmetadata right: {right}/{len(EXPECTED)}")
    assert right == len(EXPECTED)


@pytest.mark.parametrize("name", list(EXPECTED))
def test_field_origins_body_and_warnings(loaded, name):
    _, _, by_name = loaded
    _, _, _, origins, present, absent = EXPECTED[name]
    s = by_name[name]
    for field, where in origins.items():
        assert s.origin[field] == where, (field, s.origin)
    for text in present:
        assert text in s.text, text
    for text in absent:
        assert text not in s.text, text
    # none of these pages is navigation or another article, so none is flagged as such
    assert not [w for w in s.warnings if "title" in w or "link" in w or "tiny" in w], s.warnings


def test_every_table_figure_carries_its_unit(loaded):
    """Each rendered table row (`label：col value；…`) yields one number mention per cell, each
    with a unit (not a bare count)."""
    _, _, by_name = loaded
    rows = [ln for s in by_name.values() for ln in s.text.split("\n") if "：" in ln and "；" in ln and ln.endswith("。")]
    assert len(rows) == 19  # data rows of the corpus's six tables: 4 + 3 + 3 + 3 + 3 + 3
    figures = 0
    for row in rows:
        cells = row.split("：", 1)[1].rstrip("。").split("；")
        for cell in cells:
            value = cell.split()[-1]
            found = [m for m in extract_numbers(value) if m.unit not in ("year", "")]
            assert found, (row, cell)
            figures += 1
    assert figures == 38


def test_tiny_and_link_bodies_are_flagged(tmp_path):
    links = "".join(f'<li><a href="/n/{i}">第{i}条新闻标题示例</a></li>' for i in range(40))
    (tmp_path / "menu.html").write_text(
        f"<html><head><title>河南省统计局 - 数据发布</title></head><body><ul>{links}</ul></body></html>", encoding="utf-8"
    )
    (tmp_path / "stub.html").write_text(
        "<html><head><title>关于公布2024年第一批专精特新企业名单的通知</title></head><body><p>详见附件。</p></body></html>",
        encoding="utf-8",
    )
    by_name = {Path(s.path).name: s for s in load_paths([tmp_path]).sources}
    assert any("link" in w for w in by_name["menu.html"].warnings)
    stub = by_name["stub.html"].warnings
    assert any(w.startswith("tiny body") for w in stub)
    assert any("does not mention its title" in w for w in stub)
    assert any(w.startswith("no date") for w in stub)
