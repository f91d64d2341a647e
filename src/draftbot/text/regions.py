"""The provinces a text names, in Chinese or English: two statistics releases of different regions
report different economies (the differing-sources note and the planner's topics both ask)."""

from __future__ import annotations

import re

_PROVINCES = (
    "北京 天津 河北 山西 内蒙古 辽宁 吉林 黑龙江 上海 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 广西 海南 "
    "重庆 四川 贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆 香港 澳门 台湾"
).split()
_REGION = re.compile("|".join(_PROVINCES))
_EN_REGION = re.compile(r"\b(?:" + "|".join(
    "Beijing Tianjin Hebei Shanxi Mongolia Liaoning Jilin Heilongjiang Shanghai Jiangsu Zhejiang Anhui Fujian "
    "Jiangxi Shandong Henan Hubei Hunan Guangdong Guangxi Hainan Chongqing Sichuan Guizhou Yunnan Tibet Shaanxi "
    "Gansu Qinghai Ningxia Xinjiang".split()) + r")\b")


def regions(*texts: str) -> frozenset[str]:
    """The provinces named in `texts` (Chinese names, or their English names)."""
    out: set[str] = set()
    for t in texts:
        out.update(_REGION.findall(t or ""))
        out.update(m.lower() for m in _EN_REGION.findall(t or ""))
    return frozenset(out)


# the areas a national release breaks its figures down by (分区域看, a table's rows): each is a place
# of its own, as a province is
_AREA = re.compile("华北|东北|华东|华中|华南|西南|西北|东部|中部|西部|长三角|京津冀|珠三角|粤港澳大湾区|成渝")


def places(*texts: str) -> frozenset[str]:
    """`regions` and the areas named in `texts` (华北, 东部地区, 长三角)."""
    return regions(*texts) | frozenset(a for t in texts for a in _AREA.findall(t or ""))


# a publisher's own place: 四川省统计局 -> (四川, 省), 嘉兴市人民政府 -> (嘉兴, 市), 国家统计局浙江调查总队 -> (浙江, 省)
_PLACE = re.compile(r"^([\u4e00-\u9fff]{2,6}?)(省|自治区|市)(?=[\u4e00-\u9fff])")
_SURVEY = re.compile(r"^国家统计局([\u4e00-\u9fff]{2,3}?)调查总队")


def home_place(publisher: str | None) -> tuple[str, str] | None:
    """(name, level) of the province or city a local body's name begins with, whose 全省/全市 its
    releases say; None for a national body or a name that begins with no place."""
    p = (publisher or "").strip()
    if m := _SURVEY.match(p):
        return (m.group(1), "省") if m.group(1) in _PROVINCES else None
    m = _PLACE.match(p)
    if not m or m.group(1).startswith(("中华", "中国", "国家", "全国")):
        return None
    return m.group(1), m.group(2)
