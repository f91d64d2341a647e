"""Does a model's heading name its section's sources? Judged against everything the model was shown
for them: title, summary, lead, keywords and the figures in them.

A capable model writes headings in its own words: an acronym for a statistic the release spells out
(CPI for 居民消费价格), a Chinese heading over an English wire story, a figure converted to Chinese
units. Each of those counts as naming the source. A heading that names nothing at all (another
day's heading, a standing slogan) is doubtful: the planner keeps it and marks it for the editor.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from draftbot.outline.similarity import key_terms, names
from draftbot.outline.sources import PlanSource

# indicator acronyms headings use, and the full Chinese names releases spell out
ACRONYMS: dict[str, tuple[str, ...]] = {
    "cpi": ("居民消费价格", "消费者价格", "consumer price"),
    "ppi": ("工业生产者出厂价格", "生产者价格", "producer price"),
    "gdp": ("国内生产总值", "gross domestic product", "economy grew", "growth"),
    "pmi": ("采购经理指数", "采购经理人指数", "purchasing managers"),
    "m2": ("广义货币",),
    "lpr": ("贷款市场报价利率", "loan prime rate"),
    "fdi": ("外商直接投资", "外资", "foreign direct investment"),
}

# Chinese economy words a heading over an English story uses, and the English words such stories
# carry (trade, prices, output, markets): enough to see a heading is about the story
BILINGUAL: dict[str, tuple[str, ...]] = {
    "出口": ("export",), "进口": ("import",), "贸易": ("trade",), "顺差": ("surplus",), "逆差": ("deficit",),
    "通胀": ("inflation",), "通缩": ("deflation",), "物价": ("price", "inflation"), "价格": ("price",),
    "消费": ("consum", "retail"), "零售": ("retail",), "工业": ("industrial", "factory"),
    "工厂": ("factory", "factories"), "制造业": ("manufactur", "factory"), "产出": ("output",),
    "增长": ("growth", "grew", "expand"), "经济": ("econom",), "投资": ("invest",), "房地产": ("property", "real estate"),
    "房价": ("home price", "house price"), "就业": ("employ", "job"), "失业": ("unemploy", "jobless"),
    "央行": ("central bank", "pboc", "people's bank"), "利率": ("rate",), "降息": ("rate cut", "cut rates"),
    "汇率": ("yuan", "exchange rate", "currency"), "人民币": ("yuan", "renminbi"), "股市": ("stock", "shares"),
    "债券": ("bond",), "关税": ("tariff",), "芯片": ("chip", "semiconductor"), "汽车": ("car", "auto", "vehicle"),
    "电动车": ("electric vehicle", "ev"), "新能源": ("new energy", "electric", "renewable"), "稀土": ("rare earth",),
    "钢铁": ("steel",), "原油": ("crude", "oil"), "大豆": ("soybean",), "粮食": ("grain",), "财政": ("fiscal",),
    "债务": ("debt",), "信贷": ("credit", "loan"), "贷款": ("loan", "lending"), "美国": ("u.s.", "united states", "us "),
    "欧盟": ("european union", "eu "), "日本": ("japan",), "东盟": ("asean",),
}

_DATE_UNITS = {"年", "月", "日", "date", "month", "year"}


def shown_texts(s: PlanSource) -> list[str]:
    """What the planner prompt shows of a source, and what lies behind it (title, summary, lead, keywords)."""
    return [t for t in (s.title, s.summary, s.lead, " ".join(s.keywords)) if t]


def heading_named(heading: str, sources: Sequence[PlanSource]) -> bool:
    """True when the heading shares a topical word, an indicator, a translated term or a figure
    with what the model was shown of its sources."""
    texts = [t for s in sources for t in shown_texts(s)]
    topic = heading.split("｜", 1)[-1]  # a standing-theme prefix is not the day's topic
    return (names(topic, texts) or _indicator(topic, texts) or _translated(topic, texts)
            or _figure(topic, texts))


def _indicator(topic: str, texts: Iterable[str]) -> bool:
    low = " ".join(texts).lower()
    terms = key_terms(topic)
    return any(a in terms and (a in low or any(full in low for full in fulls)) for a, fulls in ACRONYMS.items())


def _translated(topic: str, texts: Iterable[str]) -> bool:
    """Two translated economy words (one is too easily a coincidence: every wire says growth)."""
    low = " " + " ".join(texts).lower() + " "
    hits = {zh for zh, ens in BILINGUAL.items() if zh in topic and any(e in low for e in ens)}
    return len(hits) >= 2


def _figure(topic: str, texts: Iterable[str]) -> bool:
    """A figure of the heading (not a bare date) that a source states, in any unit writing."""
    from draftbot.text.numbers import extract_numbers, supports

    mine = [m for m in extract_numbers(topic) if m.kind not in ("date", "month", "year") and m.unit not in _DATE_UNITS]
    if not mine:
        return False
    theirs = [m for t in texts for m in extract_numbers(t)]
    return any(supports(m, c) for m in mine for c in theirs)
