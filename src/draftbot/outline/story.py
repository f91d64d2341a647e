"""Signs that two sources report one story even when they share no words: the same figures
(value and unit after normalisation, so `98.4 billion dollars` meets `984亿美元` and `50 bps` meets
`0.5个百分点`), the same named bodies (a bilingual table of the main institutions) and the same
event date. A Chinese release and an English wire story on one policy package share little
vocabulary but state the same cut, the same sum and name the same central bank.

Two sources are one story when they share telling figures (see `same_story`); a body alone proves
nothing (every NBS release names the NBS)."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Sequence

from draftbot.outline.sources import PlanSource
from draftbot.text.normalize import normalize_width
from draftbot.text.numbers import NumberMention, extract_numbers

# The main institutions a day's economy news names, Chinese and English (lower-case English forms
# are matched as words). One row per body; the first name is the canonical one.
INSTITUTIONS: tuple[tuple[str, ...], ...] = (
    ("中国人民银行", "人民银行", "央行", "people's bank of china", "pboc", "china's central bank"),
    ("国家统计局", "统计局", "national bureau of statistics", "nbs", "statistics bureau"),
    ("海关总署", "海关", "general administration of customs", "customs data", "customs"),
    ("国家外汇管理局", "外汇局", "state administration of foreign exchange", "forex reserves",
     "foreign exchange reserves", "外汇储备"),
    ("国家金融监督管理总局", "金融监管总局", "national financial regulatory administration", "nfra"),
    ("中国证监会", "证监会", "china securities regulatory commission", "csrc", "securities regulator"),
    ("财政部", "ministry of finance", "finance ministry"),
    ("商务部", "ministry of commerce", "commerce ministry", "mofcom"),
    ("国家发展改革委", "国家发展和改革委员会", "发改委", "national development and reform commission", "ndrc"),
    ("工业和信息化部", "工信部", "ministry of industry and information technology", "miit"),
    ("国务院", "state council"),
    ("国家能源局", "national energy administration", "nea"),
    ("中国汽车工业协会", "中汽协", "china association of automobile manufacturers", "caam"),
    ("乘用车市场信息联席会", "乘联会", "passenger car association", "cpca"),
    ("国家数据局", "national data administration"),
    ("中国民用航空局", "民航局", "civil aviation administration of china", "caac"),
    ("住房和城乡建设部", "住建部", "ministry of housing and urban-rural development"),
    ("国家税务总局", "税务总局", "state taxation administration"),
    ("美联储", "federal reserve", "the fed"),
    ("欧洲央行", "european central bank", "ecb"),
    ("石油输出国组织", "欧佩克", "opec"),
)

# "50 bps" / "25 basis points": the parser reads a bare 50; a briefing writes 0.5个百分点
_BPS = re.compile(r"(\d+(?:\.\d+)?)\s*(?:bps|bp|basis[ -]points?)\b|(\d+(?:\.\d+)?)\s*个?基点")
# figures that tell nothing about which story: bare counts, days, small integers without a unit
_TELLING_KINDS = {"quantity", "percent", "pp", "multiple"}


def bodies(s: PlanSource) -> set[str]:
    """The institutions a source is by or names (title, publisher, summary, lead), canonical names."""
    text = normalize_width(" ".join([s.publisher, s.title, s.summary, s.opening or s.lead])).lower()
    out = set()
    for row in INSTITUTIONS:
        for name in row:
            if name.isascii():
                if re.search(r"(?<![a-z])" + re.escape(name) + r"(?![a-z])", text):
                    out.add(row[0])
                    break
            elif name in text:
                out.add(row[0])
                break
    return out


def _key(m: NumberMention) -> tuple | None:
    """A figure as a comparable key: kind, unit and value to three significant digits (a wire's
    `$3.282 trillion` is a release's `32817亿美元`); None for a figure that tells no story apart."""
    if m.kind == "date" and m.month and m.day:
        return ("date", m.month, m.day)
    if m.kind not in _TELLING_KINDS or m.value == 0:
        return None
    if m.kind == "quantity" and (not m.unit or m.unit in ("天", "个", "项", "家", "次")):
        return None
    digits = 3 - int(math.floor(math.log10(abs(m.value)))) - 1
    return (m.kind, m.unit, round(m.value, digits))


def figures(s: PlanSource) -> set[tuple]:
    """The telling figures of a source's title, summary and lead, plus the dates it names other
    than its own publication day (an effective date, an event day)."""
    text = " ".join([s.title, s.summary, s.opening or s.lead])
    keys = {k for m in extract_numbers(text) if (k := _key(m)) is not None}
    for m in _BPS.finditer(normalize_width(text)):
        bp = float(m.group(1) or m.group(2))
        keys.add(("pp", "pp", round(bp / 100, 4)))
    own = s.date
    return {k for k in keys if not (k[0] == "date" and own and _same_day(own, k))}


def _same_day(day: dt.date, key: tuple) -> bool:
    return key[1] == day.month and key[2] == day.day


def same_story(fa: set[tuple], fb: set[tuple], ba: set[str], bb: set[str]) -> bool:
    """Amounts (a quantity with its unit: 5000亿元, 6850万人次) are telling; rates, points and dates
    coincide across stories (0.2%, 0.3% and 0.7% in a CPI release and a markets wrap) and count
    only together with a named body both share."""
    shared = fa & fb
    amounts = sum(1 for k in shared if k[0] == "quantity")
    weak = len(shared) - amounts
    body = bool(ba & bb)
    if amounts >= 2 or (amounts and (weak or body)):
        return True
    return body and weak >= 2 and any(k[0] in ("pp", "date") for k in shared)


class StoryLinks:
    """Which pairs of sources report one story (see the module docstring)."""

    def __init__(self, sources: Sequence[PlanSource]):
        self.figs = [figures(s) for s in sources]
        self.bodies = [bodies(s) for s in sources]

    def linked(self, i: int, j: int) -> bool:
        return same_story(self.figs[i], self.figs[j], self.bodies[i], self.bodies[j])
