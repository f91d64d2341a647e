"""Units and unit classes: the one table every number reader and matcher uses.

Parsing (`text.numbers`) maps a written unit to (canonical unit, factor, kind); matching
(`text.numbers.supports`, the verifier's library and mention index) compares canonical units
through `COMPAT`. Rules and cases: docs/NUMBERS.md.
"""

from __future__ import annotations

DATE_KINDS = ("date", "month", "year")

# canonical units that count as the same thing when matching (台/套 are both 台套)
COMPAT = {"台": "台套", "套": "台套", "台套": "台套", "人民币": "元"}

# written Chinese unit -> (canonical unit, factor, kind)
ZH_UNITS: dict[str, tuple[str, float, str]] = {
    "个百分点": ("pp", 1, "pp"), "百分点": ("pp", 1, "pp"),
    "%": ("%", 1, "percent"), "‰": ("%", 0.1, "percent"),
    "倍": ("x", 1, "multiple"),
    "元": ("元", 1, "quantity"), "美元": ("美元", 1, "quantity"), "美金": ("美元", 1, "quantity"),
    "欧元": ("欧元", 1, "quantity"), "日元": ("日元", 1, "quantity"), "英镑": ("英镑", 1, "quantity"),
    "港元": ("港元", 1, "quantity"), "港币": ("港元", 1, "quantity"), "韩元": ("韩元", 1, "quantity"),
    "澳元": ("澳元", 1, "quantity"), "加元": ("加元", 1, "quantity"), "新加坡元": ("新加坡元", 1, "quantity"),
    "新台币": ("新台币", 1, "quantity"), "新西兰元": ("新西兰元", 1, "quantity"),
    "度": ("瓦时", 1000, "quantity"),
    "台套": ("台套", 1, "quantity"), "台(套)": ("台套", 1, "quantity"),
    "台（套）": ("台套", 1, "quantity"),
    "千克": ("克", 1000, "quantity"), "公斤": ("克", 1000, "quantity"), "斤": ("克", 500, "quantity"),
    "公里": ("米", 1000, "quantity"), "千米": ("米", 1000, "quantity"),
    "千瓦时": ("瓦时", 1000, "quantity"), "瓦时": ("瓦时", 1, "quantity"), "度电": ("瓦时", 1000, "quantity"),
    "千瓦": ("瓦", 1000, "quantity"),
    "个月": ("个月", 1, "quantity"), "月份": ("月", 1, "quantity"),
    "个小时": ("小时", 1, "quantity"), "个钟头": ("小时", 1, "quantity"), "个工作日": ("天", 1, "quantity"),
}
for _u in ("辆 块 套 台 个 家 种 项 人次 人 名 位 户 所 座 件 只 条 部 架 艘 列 次 批 场 份 篇 张 届 册 "
           "款 颗 片 枚 株 棵 吨 克 米 平方米 平方公里 立方米 亩 公顷 瓦 桶 盎司 小时 天 分钟 秒 周岁 岁 "
           "年 月 日 家次 人民币").split():
    ZH_UNITS.setdefault(_u, ("元" if _u == "人民币" else _u, 1, "quantity"))

EN_UNITS: dict[str, tuple[str, float, str]] = {
    "percentage points": ("pp", 1, "pp"), "percentage point": ("pp", 1, "pp"), "pp": ("pp", 1, "pp"),
    "percent": ("%", 1, "percent"), "per cent": ("%", 1, "percent"), "pct": ("%", 1, "percent"),
    "yuan": ("元", 1, "quantity"), "rmb": ("元", 1, "quantity"), "cny": ("元", 1, "quantity"),
    "us dollars": ("美元", 1, "quantity"), "dollars": ("美元", 1, "quantity"),
    "dollar": ("美元", 1, "quantity"), "usd": ("美元", 1, "quantity"),
    "hong kong dollars": ("港元", 1, "quantity"), "hkd": ("港元", 1, "quantity"),
    "euros": ("欧元", 1, "quantity"), "euro": ("欧元", 1, "quantity"),
    "vehicles": ("辆", 1, "quantity"), "cars": ("辆", 1, "quantity"),
    "tonnes": ("吨", 1, "quantity"), "tons": ("吨", 1, "quantity"),
    "people": ("人", 1, "quantity"), "persons": ("人", 1, "quantity"),
    "companies": ("家", 1, "quantity"), "firms": ("家", 1, "quantity"),
    "enterprises": ("家", 1, "quantity"), "sets": ("套", 1, "quantity"),
    "barrels": ("桶", 1, "quantity"), "times": ("x", 1, "multiple"),
    "years": ("年", 1, "quantity"), "months": ("个月", 1, "quantity"), "days": ("天", 1, "quantity"),
    "hours": ("小时", 1, "quantity"),
}

LETTER_UNITS = {"GW": ("瓦", 1e9), "MW": ("瓦", 1e6), "kW": ("瓦", 1e3), "kWh": ("瓦时", 1e3),
                "MWh": ("瓦时", 1e6), "GWh": ("瓦时", 1e9), "TWh": ("瓦时", 1e12), "GB": ("GB", 1),
                "TB": ("TB", 1), "nm": ("nm", 1), "km": ("米", 1e3), "kg": ("克", 1e3),
                # storage (存力) and computing power (算力) targets of digital-infrastructure plans,
                # bandwidth of telecom releases: 45EB is not 45PB
                "PB": ("PB", 1), "EB": ("EB", 1), "ZB": ("ZB", 1),
                "TFLOPS": ("FLOPS", 1e12), "PFLOPS": ("FLOPS", 1e15), "EFLOPS": ("FLOPS", 1e18),
                "Mbps": ("bps", 1e6), "Gbps": ("bps", 1e9), "Tbps": ("bps", 1e12)}

# currency written before a figure (longest first where one is a suffix of another)
CURRENCY_PREFIX = (("HK$", "港元"), ("US$", "美元"), ("AU$", "澳元"), ("A$", "澳元"), ("C$", "加元"),
                   ("S$", "新加坡元"), ("NT$", "新台币"), ("NZ$", "新西兰元"), ("JPY¥", "日元"),
                   ("JP¥", "日元"), ("CN¥", "元"), ("RMB¥", "元"), ("RMB", "元"), ("$", "美元"), ("¥", "元"),
                   ("€", "欧元"), ("£", "英镑"))


def canonical(unit: str) -> str:
    return COMPAT.get(unit, unit)


def unit_class(m) -> tuple[str, float]:
    """(comparable unit, value) of a mention: fractions compare as percents; 台/套 as 台套."""
    if m.kind == "fraction":
        return "%", m.value * 100
    return COMPAT.get(m.unit, m.unit), m.value


def row_class(unit: str, kind: str, value: float) -> tuple[str, float]:
    """`unit_class` for a stored row's fields."""
    if kind == "fraction":
        return "%", value * 100
    return COMPAT.get(unit, unit), value
