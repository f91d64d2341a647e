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
from draftbot.text.institutions import INSTITUTIONS
from draftbot.text.normalize import normalize_width
from draftbot.text.numbers import NumberMention, extract_numbers

# What a day's economy stories are about, Chinese and English: with a body both name, one shared
# subject makes one story across languages (海关总署 + 出口 = customs + exports). First name canonical.
SUBJECTS: tuple[tuple[str, ...], ...] = (
    ("出口", "exports", "outbound shipments"),
    ("进口", "imports"),
    ("贸易顺差", "trade surplus"),
    ("外汇储备", "foreign exchange reserves", "forex reserves"),
    ("黄金储备", "gold reserves"),
    ("存款准备金率", "reserve requirement", "reserve ratio", "rrr"),
    ("政策利率", "key rate", "policy rate", "benchmark rate", "key interest rate"),
    ("逆回购", "reverse repo", "reverse repurchase"),
    ("贷款市场报价利率", "loan prime rate", "lpr"),
    ("居民消费价格", "consumer price", "cpi"),
    ("工业生产者出厂价格", "producer price", "ppi"),
    ("规模以上工业增加值", "industrial output", "industrial production"),
    ("社会消费品零售总额", "retail sales"),
    ("固定资产投资", "fixed-asset investment", "fixed asset investment"),
    ("国内生产总值", "gdp", "gross domestic product"),
    ("采购经理指数", "purchasing managers", "pmi", "factory activity"),
    ("新能源汽车", "electric vehicle", "new energy vehicle", "ev exports", "evs"),
    ("集成电路", "chip output", "integrated circuit"),
    ("社会融资规模", "total social financing"),
    ("新增人民币贷款", "new yuan loans"),
    ("房地产", "商品房", "商品住宅", "住宅销售价格", "房价", "property", "real estate", "home prices"),
    ("稀土", "rare earth"),
    ("专项债", "special bonds", "special treasury bonds"),
    ("关税", "tariff", "tariffs", "duties"),
)

# An event's report in English and in Chinese share no words and often no figure, but name the
# same occasion (trade talks, a press conference, a forum), where it was held and who led it:
# 何立峰 in 伦敦 for 经贸磋商 is He Lifeng in London for trade talks. Generic classes, first name
# canonical: the occasions a day's economy news reports, the cities they are held in (countries
# and Beijing are left out: every China wire names them, Beijing in its dateline), and the people
# by title or by the names of the main economic officials as wires spell them.
OCCASIONS: tuple[tuple[str, ...], ...] = (
    ("经贸磋商", "经贸会谈", "贸易谈判", "trade talks", "trade consultation", "economic and trade consultation",
     "trade negotiations", "consultation mechanism", "trade meeting", "economic and trade meeting"),
    ("联合声明", "joint statement"),
    ("新闻发布会", "发布会", "记者会", "press conference", "news conference"),
    ("论坛", "forum"),
    ("峰会", "summit"),
    ("年会", "annual meeting"),
    ("博览会", "进博会", "广交会", "expo", "import expo", "canton fair", "trade fair"),
    ("通话", "phone call", "call with"),
    ("会见", "会谈", "meets", "met with", "held talks"),
    ("对话", "dialogue"),
    ("议息会议", "货币政策会议", "policy meeting", "rate decision"),
)
PLACES: tuple[tuple[str, ...], ...] = (
    ("伦敦", "london"), ("日内瓦", "geneva"), ("华盛顿", "washington"), ("巴黎", "paris"),
    ("斯德哥尔摩", "stockholm"), ("马德里", "madrid"), ("吉隆坡", "kuala lumpur"), ("达沃斯", "davos"),
    ("博鳌", "boao"), ("陆家嘴", "lujiazui"), ("天津", "tianjin"), ("大连", "dalian"), ("上海", "shanghai"),
    ("深圳", "shenzhen"), ("广州", "guangzhou"), ("香港", "hong kong"), ("澳门", "macao", "macau"),
    ("东京", "tokyo"), ("首尔", "seoul"), ("釜山", "busan"), ("新加坡", "singapore"),
    ("布鲁塞尔", "brussels"), ("法兰克福", "frankfurt"), ("莫斯科", "moscow"), ("新德里", "new delhi"),
    ("纽约", "new york"), ("海南", "hainan"),
)
PEOPLE: tuple[tuple[str, ...], ...] = (
    ("副总理", "vice premier", "vice-premier"),
    ("总理", "premier"),
    ("财政部长", "财长", "treasury secretary", "finance minister"),
    ("商务部长", "commerce secretary", "commerce minister"),
    ("贸易代表", "trade representative"),
    ("行长", "governor"),
    ("外交部发言人", "foreign ministry spokesperson", "foreign ministry spokesman"),
    ("美联储主席", "fed chair", "fed chairman"),
    ("何立峰", "he lifeng"), ("李强", "li qiang"), ("潘功胜", "pan gongsheng"), ("王文涛", "wang wentao"),
    ("蓝佛安", "lan fo'an", "lan foan"), ("吴清", "wu qing"), ("郑栅洁", "zheng shanjie"),
    ("李成钢", "li chenggang"), ("贝森特", "bessent"), ("卢特尼克", "lutnick"), ("格里尔", "greer"),
    ("鲍威尔", "powell"), ("拉加德", "lagarde"),
)

# within one language, a link resting on shared rates and a body alone (no shared amount) counts
# only between sources already this close in words (body + title): a commentary quoting the PMI
# release (0.16), a paper's CPI report (0.34); not the day's 70-city house-price wire and the
# monthly economy release that share 5.0% and 0.3个百分点 by chance (0.04), nor a province's
# release and the national energy release (0.10). Different topics measure ≤ 0.14 on the eval
# days (docs/OUTLINE.md).
RATES_WORDS = 0.15

# "50 bps" / "25 basis points": the parser reads a bare 50; a briefing writes 0.5个百分点
_BPS = re.compile(r"(\d+(?:\.\d+)?)\s*(?:bps|bp|basis[ -]points?)\b|(\d+(?:\.\d+)?)\s*个?基点")
# figures that tell nothing about which story: bare counts, days, small integers without a unit
_TELLING_KINDS = {"quantity", "percent", "pp", "multiple"}


def bodies(s: PlanSource) -> set[str]:
    """The institutions a source is by or names (title, publisher, summary, lead), canonical names;
    a province's or city's own bureau (广东省统计局, 广州海关) is not the national one."""
    return _named(INSTITUTIONS, " ".join([s.publisher, s.title, s.summary, s.opening or s.lead]), national=True)


def subjects(s: PlanSource) -> set[str]:
    """What a source's title and lead are about (`SUBJECTS`), canonical names."""
    return _named(SUBJECTS, " ".join([s.title, s.summary, s.lead]))


def occasion(s: PlanSource) -> tuple[set[str], set[str]]:
    """The occasions a source's title and lead report, and the places and people (by title or
    name) they name, canonical names: the event an English and a Chinese report share."""
    text = _WIRE_DATELINE.sub(" ", " ".join([s.title, s.summary, s.lead]))
    return _named(OCCASIONS, text), _named(PLACES, text) | _named(PEOPLE, text)


# a wire's dateline names where its reporter files from, not where the event is: `LONDON, May 12
# (Reuters) -`, `GENEVA (AP) —`, `新华社日内瓦5月12日电`
_WIRE_DATELINE = re.compile(r"\b[A-Z][A-Z .'-]{2,30}(?:, [A-Z][a-z]{2,8}\.? \d{1,2})? \((?:Reuters|AP|AFP|Bloomberg|Xinhua)\)"
                            r"|(?:新华社|中新社|路透社?|法新社)[^\s，。：]{0,8}?\d{1,2}月\d{1,2}日电")


def topics(text: str, most: int = 3) -> list[str]:
    """What an English headline is about, in Chinese, in the order it names them (`China's May
    exports to US plunge as tariffs bite` -> 出口、关税): bodies, subjects, occasions, places and
    people of the tables above, so an untranslated headline's line still says its topic."""
    low = normalize_width(text).lower()
    found: list[tuple[int, str]] = []
    taken: set[int] = set()  # characters already read as one topic (forex reserves: SAFE or reserves, once)
    for table in (INSTITUTIONS, SUBJECTS, PEOPLE, OCCASIONS, PLACES):
        for row in table:
            hits = [m for name in row if (m := _find(name, low)) and not taken & set(range(m.start(), m.end()))]
            if hits:
                first = min(hits, key=lambda m: m.start())
                taken |= set(range(first.start(), first.end()))
                found.append((first.start(), row[0]))
                if table is OCCASIONS:
                    break  # the most specific occasion (talks, not the meeting they are held at)
    return [name for _, name in sorted(found)][:most]


def _find(name: str, low: str):
    if name not in low:
        return None  # no match can hold it: no pattern compiled for it (hundreds of names per run)
    if name.isascii():  # a plural is the same word (consumer prices, tariffs)
        return re.search(r"(?<![a-z])" + re.escape(name) + r"s?(?![a-z])", low)
    return re.search(re.escape(name), low)


def _named(table: tuple[tuple[str, ...], ...], raw: str, national: bool = False) -> set[str]:
    text = normalize_width(raw).lower()
    out = set()
    for row in table:
        for name in row:
            if name.isascii():
                if _find(name, text):
                    out.add(row[0])
                    break
            elif name in text and (not national or _national(name, text)):
                out.add(row[0])
                break
    return out


# 广东省统计局, 深圳市统计局, 黄埔海关, 广东统计局: a local body's name ends in its region
_LOCAL_BEFORE = re.compile(r"(?:省|市|自治区|区|县|州|盟|旗)$")


def _national(name: str, text: str) -> bool:
    """Whether `name` occurs in `text` at least once as the national body, not a local one."""
    from draftbot.text.regions import regions

    at = text.find(name)
    while at >= 0:
        before = text[max(0, at - 4):at]
        if not _LOCAL_BEFORE.search(before) and not regions(before[-3:]):
            return True
        at = text.find(name, at + 1)
    return False


def figure_key(m: NumberMention) -> tuple | None:
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
    keys = {k for m in extract_numbers(text) if (k := figure_key(m)) is not None}
    for m in _BPS.finditer(normalize_width(text)):
        bp = float(m.group(1) or m.group(2))
        keys.add(("pp", "pp", round(bp / 100, 4)))
    own = s.date
    return {k for k in keys if not (k[0] == "date" and own and _same_day(own, k))}


def _same_day(day: dt.date, key: tuple) -> bool:
    return key[1] == day.month and key[2] == day.day


def same_story(fa: set[tuple], fb: set[tuple], ba: set[str], bb: set[str], sa: frozenset | set = frozenset(),
               sb: frozenset | set = frozenset(), oa: tuple = (), ob: tuple = ()) -> bool:
    """Amounts (a quantity with its unit: 5000亿元, 6850万人次) are telling; rates, points and dates
    coincide across stories (0.2%, 0.3% and 0.7% in a CPI release and a markets wrap) and count
    only together with a named body both share. Across languages, where no word can be shared, a
    body and a subject both name (customs and exports) are one story whatever the figures: a wire
    gives dollars, the release yuan (subjects: pass them only for a pair of two languages; within
    one language the shared words say it, and two NBS reports both naming 新能源汽车 are not one).
    `oa`/`ob` (`occasion`, likewise only across languages): one occasion and one place or person
    both name is one event (trade talks in London, 经贸磋商 in 伦敦)."""
    shared = fa & fb
    amounts = sum(1 for k in shared if k[0] == "quantity")
    weak = len(shared) - amounts
    body = bool(ba & bb)
    if amounts >= 2 or (amounts and (weak or body)):
        return True
    if body and (sa & sb):
        return True
    if oa and (oa[0] & ob[0]) and (oa[1] & ob[1]):
        return True  # one occasion at one place or with one person: one event, whatever the language
    if (sa & sb) and weak >= 2 and any(k[0] == "date" for k in shared):
        return True  # one subject, the same effective date and another figure (tariffs, 14 May, 10%)
    return body and weak >= 2 and any(k[0] in ("pp", "date") for k in shared)


class StoryLinks:
    """Which pairs of sources report one story (see the module docstring).

    Two official pages of one publisher (国家统计局's monthly economy release and its property
    market release of the same morning) are never one story by figures: the body they share is
    their byline, and the figures they share are the publisher's own cross-references (the monthly
    release restates the property totals) or coincidences among dozens of rates. Whether they are
    one topic is for their words to say (the CPI and PPI releases share their price vocabulary)."""

    def __init__(self, sources: Sequence[PlanSource]):
        from draftbot.outline.source_types import is_report

        self.figs = [figures(s) for s in sources]
        self.bodies = [bodies(s) for s in sources]
        self.subjects = [subjects(s) for s in sources]
        self.occasions = [occasion(s) for s in sources]
        self.zh = [s.lang.startswith("zh") for s in sources]
        # the publisher of an official page (a release, a notice), not of a report on one
        self.issuer = [None if is_report(s) else (normalize_width(s.publisher).strip() or None) for s in sources]
        self.issuer_bodies = [set() if is_report(s) else _named(INSTITUTIONS, s.publisher, national=True) for s in sources]
        self.title_subjects = [_named(SUBJECTS, s.title) for s in sources]

    def one_issuer(self, i: int, j: int) -> bool:
        """Two official pages (releases, notices) of the same publisher."""
        return self.issuer[i] is not None and self.issuer[i] == self.issuer[j]

    def rates_only(self, i: int, j: int) -> bool:
        """A pair within one language sharing no amount: two NBS-citing pages of one day share a
        few of their dozens of rates by chance (0.3个百分点, 5.0%), so a link on rates, points or
        dates also needs shared words (`RATES_WORDS`)."""
        return self.zh[i] == self.zh[j] and not any(k[0] == "quantity" for k in self.figs[i] & self.figs[j])

    def reports_release(self, r: int, o: int) -> bool:
        """A report `r` naming the body that issued the official page `o`, both titles naming one
        subject (新华社's 11月份70城商品住宅价格… citing 国家统计局, and 国家统计局's 全国房地产市场
        基本情况): the report of that body's release on that subject, among the body's several
        releases of the day, whatever figures it shares by chance with the others."""
        return (self.issuer[r] is None and bool(self.issuer_bodies[o] & self.bodies[r])
                and bool(self.title_subjects[r] & self.title_subjects[o]))

    def related(self, i: int, j: int) -> bool:
        """Looser, for an older source offered as background: one story, or a body both name and
        two figures both state (yesterday's package names the 1.5% and 1.4% today's operation
        applies; a figure shared with a day-old report of the same body is no coincidence)."""
        return self.linked(i, j) or (bool(self.bodies[i] & self.bodies[j]) and len(self.figs[i] & self.figs[j]) >= 2)

    def linked(self, i: int, j: int, words: float | None = None) -> bool:
        """`words` (body + title closeness, when known): within one language, a link resting on
        rates, points or dates alone needs `RATES_WORDS` of it (see `rates_only`)."""
        across = self.zh[i] != self.zh[j]
        if not across and self.one_issuer(i, j):
            return False
        if not across:
            if self.reports_release(i, j) or self.reports_release(j, i):
                return True
            if words is not None and words < RATES_WORDS and self.rates_only(i, j):
                return False
            return same_story(self.figs[i], self.figs[j], self.bodies[i], self.bodies[j])
        return same_story(self.figs[i], self.figs[j], self.bodies[i], self.bodies[j], self.subjects[i],
                          self.subjects[j], self.occasions[i], self.occasions[j])


# scales a Chinese briefing writes sums in, largest first (a price of $10,480 stays 10480美元)
# (threshold, scale, word): 12.36 million vehicles is 1236万辆; $10,480 stays 10480美元
_SCALES = ((1e12, 1e12, "万亿"), (1e8, 1e8, "亿"), (1e5, 1e4, "万"), (0.0, 1.0, ""))
_CN_UNIT = re.compile(r"^[\u3400-\u9fff]{1,4}$")
# a span of time is a comparison's reach (`deepest in 22 months`, `for 90 days`), not a figure of the news
_SPANS = {"个月", "月", "天", "日", "年", "周", "小时", "分钟"}


def _plain(x: float) -> str:
    return f"{x:.4f}".rstrip("0").rstrip(".")


def chinese_figure(m: NumberMention) -> str | None:
    """An English figure written the Chinese way (`$98.4 billion` -> `984亿美元`, `0.5 percentage
    points` -> `0.5个百分点`, `1.4%` stays) when the conversion is exact: the written form reads back
    to the same value and unit. None for dates, counts without a unit and anything inexact."""
    approx = "约" if m.qualifier == "approx" else ""
    if m.kind == "percent":
        text = f"{_plain(m.value)}%"
    elif m.kind == "pp":
        text = f"{_plain(m.value)}个百分点"
    elif m.kind == "quantity" and _CN_UNIT.match(m.unit or "") and m.unit not in _SPANS:
        scale, word = next((sc, w) for at, sc, w in _SCALES if abs(m.value) >= at)
        if abs(m.value / scale - round(m.value / scale, 4)) > 1e-9 * max(1.0, abs(m.value / scale)):
            return None
        text = f"{_plain(m.value / scale)}{word}{m.unit}"
    else:
        return None
    back = extract_numbers(text)
    if len(back) != 1 or back[0].unit != m.unit or abs(back[0].value - m.value) > 1e-6 * max(1.0, abs(m.value)):
        return None
    return approx + text


def lead_figures(sentences: Sequence[str], most: int = 5) -> list[str]:
    """The figures of an English lead in Chinese form (see `chinese_figure`), first seen first."""
    out: list[str] = []
    for sentence in sentences:
        found = [(m.start, f) for m in extract_numbers(sentence) if m.value and (f := chinese_figure(m))]
        found += [(b.start(), f"{_plain(float(b.group(1) or b.group(2)) / 100)}个百分点")
                  for b in _BPS.finditer(normalize_width(sentence))]
        for _, f in sorted(found):
            if f not in out:
                out.append(f)
    return out[:most]
