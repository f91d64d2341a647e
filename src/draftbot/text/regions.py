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
