"""Classes of saved pages read wrongly on an outsider's test day, each fixed as a class:

- a copyright footer's rights notice (All Rights Reserved, ©, Copyright, 版权所有, years) glued to
  the site's name.

Every fixture is invented (names, figures, dates); only the shapes are those of real pages.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from draftbot.sources.loader import load_file
from draftbot.sources.publishers import canonical_publisher
from draftbot.sources.site_names import site_from_footer

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
