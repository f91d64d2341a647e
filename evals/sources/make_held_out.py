"""Writes the held-out PDF and DOCX files (the text files are written by hand beside them).

    python evals/sources/make_held_out.py

The PDFs use the test suite's hand-built PDF writer (tests/real_sources_make.py: a CID font with a
ToUnicode map, which pypdf reads like a real export); the DOCX is made with python-docx.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "tests"))
from real_sources_make import pdf_bytes  # noqa: E402

OUT = HERE / "held_out"

H07 = [[
    "2025/6/24 10:02 国家发展改革委召开6月份新闻发布会_国家发展和改革委员会",
    "国家发展和改革委员会",
    "首页 机构设置 新闻动态 政务公开 政务服务 互动交流",
    "当前位置：首页 > 新闻动态 > 新闻发布",
    "国家发展改革委召开6月份新闻发布会",
    "发布时间：2025/06/23 来源：新闻办",
    "【字体：大 中 小】 打印本页 分享到",
    "6月23日，国家发展改革委召开6月份新闻发布会，介绍当前经济运行情况。",
    "新闻发言人表示，今年以来已下达中央预算内投资超过5000亿元，支持项目",
    "约2.2万个。超长期特别国债第三批资金将于7月下达。",
    "在以旧换新方面，截至6月20日，家电以旧换新带动销售额1.08万亿元。",
    "[图] 发布会现场（资料图）",
    "版权所有：国家发展和改革委员会 京ICP备05052393号",
    "https://www.ndrc.gov.cn/xwdt/xwfb/202506/t20250623_1398861.html 1/1",
]]

H13 = [[
    "6/19/25, 8:14 AM China's new home prices fall at slower pace in May | Reuters",
    "World Business Markets Sustainability Legal",
    "China's new home prices fall at slower pace in May",
    "By Reuters Staff",
    "June 16, 2025 10:05 AM GMT+8",
    "BEIJING, June 16 (Reuters) - China's new home prices fell 0.2% month-on-month in May,",
    "easing from a 0.1% drop in April, according to Reuters calculations based on official data.",
    "On a year-on-year basis, new home prices dropped 3.5% in May, after a 4.0% slide in April.",
    "Of the 70 cities surveyed, 60 reported month-on-month declines in new home prices.",
    "(Reporting by Reuters Staff; Editing by Jacqueline Wong)",
    "Our Standards: The Thomson Reuters Trust Principles.",
    "https://www.reuters.com/world/china/chinas-new-home-prices-may-2025-06-16/ 1/1",
]]

H08 = [
    "新华社北京6月25日电",
    "工信部：前5个月规模以上电子信息制造业增加值增长11.1%",
    "记者25日从工业和信息化部获悉，1至5月，我国规模以上电子信息制造业增加值同比增长11.1%，增速分别比同期工业、高技术制造业高4.8个和1.4个百分点。",
    "5月份，规模以上电子信息制造业增加值同比增长11.3%。主要产品中，手机产量5.6亿台，同比下降0.4%；微型计算机设备产量1.3亿台，同比增长5.6%。",
    "1至5月，规模以上电子信息制造业实现营业收入6.0万亿元，同比增长9.2%。",
]


def docx_bytes(paragraphs: list[str], created) -> bytes:
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    d.core_properties.author = "xhs-editor"
    d.core_properties.created = created
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def main() -> None:
    import datetime as dt

    (OUT / "h07_ndrc_printed.pdf").write_bytes(pdf_bytes(H07, author="user", created="D:20250624100230+08'00'"))
    (OUT / "h13_reuters_printed.pdf").write_bytes(pdf_bytes(H13, author="", created="D:20250619081430+08'00'"))
    (OUT / "h08_xinhua_wire.docx").write_bytes(docx_bytes(H08, dt.datetime(2025, 6, 26, 9, 0)))


if __name__ == "__main__":
    main()
