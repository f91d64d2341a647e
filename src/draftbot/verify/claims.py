"""The claim check: a draft figure is supported only by a cited fact that says the same thing.

Equal value and compatible unit (`library.verifies`) *and* a compatible frame: the same direction
where both state one, the same basis, a compatible period (relative 上月 resolved from the
source's own period), multiples with their meaning (是 N 倍 = ratio, 增长 N 倍 = ratio − 1), and
the draft's subject closer to this fact's subject than to any other figure's of the cited
sources. Each verdict quotes the source's own words. docs/VERIFIER.md lists the finding kinds.
"""

from __future__ import annotations

import bisect
import math
import re
from functools import lru_cache
from typing import Callable, NamedTuple, Sequence

from draftbot.text.frames import Frame, describe_period, frame_at, subject_score, subject_words
from draftbot.text.institutions import without_institutions
from draftbot.text.numbers import NumberMention, nearby
from draftbot.text.regions import places as _places
from draftbot.text.similarity import char_bigrams as _bigrams
from draftbot.text.units import DATE_KINDS, unit_class
from draftbot.verify.facts import Fact
from draftbot.verify.library import SourceLibrary, significant_step, verifies

# frame statuses, in the order a conflict is reported when a fact has several
CLAIM_STATUSES = ("wrong_direction", "wrong_period", "wrong_multiple", "wrong_subject", "loose_approximation")

# A same-value fact is the wrong one when another figure of the cited sources has a subject at
# least this close to the draft's (share of the draft subject's character bigrams), closer by
# SUBJECT_MARGIN than the matched fact's, and the words that tell the two apart say so.
SUBJECT_RIVAL_MIN = 0.6
SUBJECT_MARGIN = 0.1
# ... and at least this share of the draft subject's bigrams are words only that fact's subject has
SUBJECT_DISTINCT = 0.2
# 近/接近/nearly X: the fact at most this far below X
NEAR_SLACK = 0.1
# how far a qualified figure may be from a cited figure to be called a loose approximation of it
# (beyond that it is simply a figure the source does not hold)
LOOSE_RANGE = 1.6


class Verdict(NamedTuple):
    status: str  # supported | one of CLAIM_STATUSES
    sid: str
    fact: Fact
    detail: str  # why (empty when supported)


# frame_at reads at most this far either side of a figure (its sentence bounds reach 240 chars)
_FRAME_REACH = 260


def draft_frame(sentence: str, m: NumberMention, context: Sequence[NumberMention]) -> Frame:
    near = nearby(context, m.start - _FRAME_REACH, m.end + _FRAME_REACH)
    others = tuple((x.start, x.end) for x in near if (x.start, x.end) != (m.start, m.end))
    return _frame_cached(sentence, m.start, m.end, m.kind, m.value, others)


@lru_cache(maxsize=4096)
def _frame_cached(sentence: str, start: int, end: int, kind: str, value: float, others: tuple) -> Frame:
    # a draft's sentence is read once per figure even when judge and loose both ask, and an
    # editor's re-check of an unchanged sentence costs nothing
    return frame_at(sentence, start, end, kind, value, list(others))


def _period_conflict(d: tuple | None, s: tuple | None) -> bool:
    if d is None or s is None:
        return False
    dk, sk = d[0], s[0]
    if dk == "q" or sk == "q":
        dq = ("cum", 3) if d == ("q", 1) else d
        sq = ("cum", 3) if s == ("q", 1) else s
        return dq != sq
    if dk == "cum" or sk == "cum":
        if dk == sk:
            return d[1] != s[1]
        other = s if dk == "cum" else d
        cum = d if dk == "cum" else s
        if other[0] == "asof":  # 1—5月 and 截至5月底 describe the same span
            return other[1] != cum[1]
        return not (cum[1] == 1 and other[1] == 1)  # 1—N月 is not month N
    if dk == "xun" and sk == "xun":
        return d[1:] != s[1:]
    return d[1] != s[1]  # months (m, asof, xun against a month)


def conflicts(m: NumberMention, fd: Frame, fs: Frame) -> list[tuple[str, str, str]]:
    """(status, reason, frame field) for each way the fact's frame contradicts the draft's."""
    out: list[tuple[str, str, str]] = []
    if fd.direction and fs.direction and fd.direction != fs.direction:
        out.append(("wrong_direction", "a fall, not a rise" if fs.direction < 0 else "a rise, not a fall",
                    "direction"))
    if fd.basis and fs.basis and fd.basis != fs.basis:
        names = {"yoy": "同比", "mom": "环比", "avg": "年均", "prev": "比前期", "ytd": "比上年末", "wow": "比前一周"}
        out.append(("wrong_period", f"{names[fs.basis]}, not {names[fd.basis]}", "basis"))
    if _period_conflict(fd.period, fs.period):
        out.append(("wrong_period", f"{describe_period(fs.period)}, not {describe_period(fd.period)}", "period"))
    if fd.year and fs.year and fd.year != fs.year:
        out.append(("wrong_period", f"{fs.year}年, not {fd.year}年", "year"))
    if fd.ref and fs.ref and fd.ref != fs.ref:
        out.append(("wrong_period", f"compared with {fs.ref}月, not {fd.ref}月", "ref"))
    if fd.expect != fs.expect and (fd.subject or fs.subject):
        out.append(("wrong_subject", "a forecast, not the outcome" if fs.expect else "the outcome, not a forecast",
                    "expect"))
    if fd.share != fs.share and (fs.direction if fd.share else fd.direction):
        # 占全市的一成以上 is not made true by another figure's 增长10.3% (nor the reverse)
        out.append(("wrong_subject", "a rate of change, not a share" if fd.share else "a share, not a rate of change",
                    "share"))
    if fd.currency and fs.currency and fd.currency != fs.currency and not (fd.share or fs.share):
        # 以美元计价 and 以人民币计价 growth rates of one indicator differ: another 口径
        names = {"usd": "以美元计价", "cny": "以人民币计价"}
        out.append(("wrong_period", f"{names[fs.currency]}, not {names[fd.currency]}", "currency"))
    if m.kind == "multiple" and fd.sense and fs.sense and fd.sense != fs.sense:
        why = (f"增长{m.value:g}倍 would be {m.value + 1:g}倍 of the base" if fd.sense == "growth"
               else f"{m.value:g}倍 of the base is growth of {m.value - 1:g}倍")
        out.append(("wrong_multiple", why, "sense"))
    return out


def _whole_year(fd: Frame, sid: str, lib: SourceLibrary) -> Frame:
    """A figure of a year and no part of it (2026年苏州规上工业增加值比上年增长…) is the year's,
    when the source came out after that year ended: its 12月当月 or 1—11月 figure is not it (the
    year's end, 2026年末…, is read as such by the frame)."""
    if fd.period is not None or fd.year is None or (e := lib.get(sid)) is None or e.record.date is None:
        return fd
    return fd._replace(period=("cum", 12)) if e.record.date.year > fd.year else fd


def _unstated(fr: Frame, field: str) -> bool:
    v = getattr(fr, field)
    return v is None or v == 0 or v == ""


def _stated(fr: Frame) -> int:
    return bool(fr.direction) + bool(fr.basis) + (fr.period is not None) + bool(fr.ref)


def _near_ok(m: NumberMention, fd: Frame, x: NumberMention) -> bool:
    """近/接近 X: the fact is below X by at most NEAR_SLACK and by at most one step of the last
    significant digit written, halved: X is the round figure nearest the fact (近6000亿元 for 5980亿元,
    not for 4132亿; 近1.2亿吨 for 1.16亿吨, not for 1.088亿吨, which an editor writes 近1.1亿吨)."""
    if not fd.near or m.qualifier not in ("lt", "le") or not m.value or x.kind == "range":
        return True
    v, half = abs(m.value), (significant_step(m) or abs(m.value)) / 2
    if m.text.endswith("成"):  # 近两成: a writer rounding to tenths means 15–20 %
        return abs(x.value) >= v - half
    return abs(x.value) >= v - min(v * NEAR_SLACK, half)


def _comparable(a: NumberMention, b: NumberMention) -> bool:
    return a.kind == b.kind and unit_class(a)[0] == unit_class(b)[0]


def _with_rates(m: NumberMention, fd: Frame, hit: Fact, cited: list[str], lib: SourceLibrary,
                facts: Callable[..., list[tuple[str, Fact]]]) -> Callable[..., list[tuple[str, Fact]]]:
    """`facts`, plus the cited percentages when the figure is a growth multiple (增长3.7倍) held
    as one by the source (not a ratio it was converted from: 是上年同期的2.1倍)."""
    if m.kind != "multiple" or fd.sense != "growth" or hit.frame.sense != "growth":
        return facts
    pct = m.model_copy(update={"kind": "percent", "unit": "%", "value": m.value * 100})
    return lambda keep=None: facts(keep) + [(sid, f) for sid in cited if (e := lib.get(sid)) is not None
                                            for f in e.facts_for_where(pct, keep)]


def _both_growth(m: NumberMention, fd: Frame, f: Fact) -> bool:
    """增长3.7倍 and 增长10.7% are both growth rates: a neighbour's rate in the other form is a rival."""
    kinds = {m.kind, f.mention.kind}
    if kinds != {"multiple", "percent"}:
        return False
    mult = fd if m.kind == "multiple" else f.frame
    return mult.sense == "growth" and fd.direction >= 0 and f.frame.direction > 0


def judge(m: NumberMention, fd: Frame, cited: list[str], lib: SourceLibrary, label) -> Verdict | None:
    """The verdict for a draft mention with frame `fd` against the cited sources' facts; None
    when no cited fact has its value (the caller reports unsupported / wrong_source)."""
    growth = m.kind == "multiple" and fd.sense == "growth"
    # candidates near the claim's value (an index per source): the whole list only for _rival
    near = [(sid, f) for sid in cited if (e := lib.get(sid)) is not None
            for f in e.facts_near(m, (m.value + 1,) if growth else ())]
    hits = [(sid, f) for sid, f in near if verifies(m, f.mention) and _near_ok(m, fd, f.mention)]
    if growth:
        # 增长 N 倍 is a ratio of N + 1: a source's 是 (N+1) 倍 holds it
        ratio = m.model_copy(update={"value": m.value + 1})
        hits += [(sid, f) for sid, f in near if f.frame.sense == "ratio" and verifies(ratio, f.mention)]
        fd_ratio = fd._replace(sense="")
    elif m.kind == "multiple" and fd.sense == "ratio" and m.value > 1:
        # 是上年同期的4.7倍 is a source's 增长3.7倍
        less = m.model_copy(update={"value": m.value - 1})
        near += [(sid, f) for sid in cited if (e := lib.get(sid)) is not None for f in e.facts_near(less)]
        hits += [(sid, f) for sid, f in near if f.frame.sense == "growth" and verifies(less, f.mention)]
        fd_ratio = fd._replace(sense="")
    else:
        fd_ratio = fd
    if not hits:
        return None
    if m.kind in DATE_KINDS:
        sid, f = hits[0]
        return Verdict("supported", sid, f, "")
    scored = []
    for sid, f in hits:
        same_value = f.mention.kind != "multiple" or verifies(m, f.mention)
        # (a fact whose sentence names its year and no part of it is that whole year's too)
        fs = _whole_year(f.claim_frame, sid, lib) if f.frame.year is not None else f.claim_frame
        cs = conflicts(m, _whole_year(fd if same_value else fd_ratio, sid, lib), fs)
        fit = subject_score(fd.subject, f.frame.subject)
        if not _PAIRED_LIST.search(f.quote):  # in a 分别 list the part's words are every item's
            fit = max(fit, subject_score(fd.subject, f.frame.part_words))
        scored.append((not cs, fit, _stated(fs), sid, f, cs, _coverage(fd.subject, f.frame.subject), fs))
    # a consistent fact first, the best subject fit among them; of equal fits, the one covering more
    # of the draft's words (a table's 江苏发明专利授权量 over a list's bare 江苏)
    scored.sort(key=lambda t: (t[0], round(t[1], 1), t[2], round(t[6], 2)), reverse=True)
    ok, best_subj, _, sid, f, cs, _, said = scored[0]
    if ok:
        # ... unless a fact that fits as well says more and contradicts the claim on what this
        # one leaves unsaid (a headline's "exports rise 6.3%" does not excuse a 环比 the body's
        # "rose 6.3% from a year earlier" contradicts)
        for ok2, fit2, _, sid2, f2, cs2, _, _ in scored:
            if not ok2 and fit2 >= best_subj - 0.05 and all(_unstated(said, c[2]) for c in cs2):
                ok, sid, f, cs = False, sid2, f2, cs2
                break
    if not ok:
        status, why, _ = cs[0]
        return Verdict(status, sid, f, f"{m.text}: {label(sid, False)} says {f.quote} ({why})")
    # the cited facts in `m`'s unit (`keep`: only the mentions it accepts are framed)
    facts = lambda keep=None: [(sid, f) for sid in cited if (e := lib.get(sid)) is not None  # noqa: E731
                               for f in e.facts_for_where(m, keep)]
    closer = _closer_for_qualified(m, fd, f, facts)
    if closer is not None:
        csid, cf = closer
        return Verdict("loose_approximation", csid, cf,
                       f"{m.text}: {label(csid, False)} says {cf.quote}; the qualifier does not stretch that far")
    rival = _rival(m, fd, f, _with_rates(m, fd, f, cited, lib, facts), best_subj)
    if rival is not None:
        rsid, rf = rival
        if verifies(m, rf.mention):  # its own figure, only the 近 stretched too far
            return Verdict("loose_approximation", rsid, rf,
                           f"{m.text}: {label(rsid, False)} says {rf.quote}; the qualifier does not stretch that far")
        return Verdict("wrong_subject", sid, f,
                       f"{m.text}: {label(rsid, False)} says {rf.quote}; its {f.mention.text} is {f.quote}")
    elsewhere = _other_source(m, fd, f, best_subj, cited, lib, getattr(label, "numbers", {}))
    if elsewhere is not None:
        osid, of = elsewhere
        return Verdict("wrong_source", osid, of,
                       f"{m.text}: {label(sid, False)} has it only as {f.quote}; {label(osid)} says {of.quote}")
    missing = _absent_indicator(fd, f, _home_regions(lib.get(sid)), _topic(lib.get(sid)))
    if missing:
        return Verdict("wrong_subject", sid, f,
                       f"{m.text}: {label(sid, False)} has it only as {f.quote}; it does not name {missing}")
    return Verdict("supported", sid, f, "")


# An indicator the cited source never names: under this share of the draft subject's bigrams
# are anywhere in the words of the fact's sentence up to its part, or a run of this many
# bigrams in a row is missing (充换电服务业 for 第三产业), or a 非 the source does not have.
ABSENT_COVER = 0.34
ABSENT_RUN = 3
ABSENT_COVER_EN = 0.25
ABSENT_RUN_COVER = 0.6
# (a document's name — …操作室公告, …的通知, 统计公报 — heads a figure in a title or heading without
# naming what it measures)
_ATTRIBUTION = re.compile(r"数据(?:显示|表明|为|称)|的数据|据.{0,8}数据|统计|显示|发布|公布|报道|表示|指出|介绍|口径|厅|局|署|协会|学会|研究院|委员会|媒体|调查|"
                          r"公告|通知|通报|公报|新闻稿|答记者问")
# words that describe a figure without naming an indicator (首次突破50万亿元, 创历史新高)
_GENERIC = re.compile(r"产量|销量|产值|总额|金额|数量|"  # measure nouns a release leaves implicit (分产品看，钢材10880万吨)
                      r"首次|突破|创|历史|新高|新低|累计|合计|实现|完成|规模|总量|水平|站上|迈上|台阶|"
                      r"增幅|降幅|涨幅|跌幅|增速|比重|占比|当月|当季|全年|今年|去年|上年|同期|以来|连续|再次|继续|"
                      # a comparison with a forecast names the indicator of the figure it is compared with
                      r"预期|预计|预测|市场|高于|低于|好于|差于|超出|不及")
_RESIDUE = re.compile(r"[比较幅速]")


def _home_regions(entry) -> frozenset[str]:
    """The places a source reports on by its publisher and title (四川省统计局: its 全省 is 四川;
    嘉兴市人民政府: its 全市 is 嘉兴)."""
    if entry is None:
        return frozenset()
    from draftbot.text.regions import home_place, regions

    place = home_place(entry.record.publisher)
    return regions(entry.record.publisher or "", entry.record.title or "") | ({place[0]} if place else set())


def _home_spans(subject: str, home: frozenset[str]) -> set[int]:
    """Positions of the source's own province in the subject (四川省 of 四川省工业投资 for a Sichuan
    release's 全省…工业投资): a region is no indicator; another province stays, and is missed."""
    at: set[int] = set()
    for r in home:
        for m in re.finditer(rf"{r}(?:省|市|自治区)?", subject):
            at.update(range(m.start(), m.end()))
    return at


# a figure that bounds a category (2.0升及以下排量, 20万元（含）以上) names which things, not a measure
_BOUND_AFTER = re.compile(r"\s*[\u4e00-\u9fff]{0,2}?\s*(?:[（(]含[^）)]{0,3}[）)])?\s*(?:及以下|及以上|及其以下|以下|以上|及以内|以内)")


def bounds(m: NumberMention, sentence: str, v: Verdict, lib: SourceLibrary) -> tuple[str, str]:
    """How the draft's figure and the cited fact bound a category ("上" / "下"; "" when the
    figure bounds nothing): 2.0升及以下 in both is the category, whatever words the draft puts
    around it; 以上 for the source's 及以下 is another category."""
    b = _BOUND_AFTER.match(sentence, m.end)
    e = lib.get(v.sid)
    if b is None or e is None or not 0 <= v.fact.sentence < len(e.sentences):
        return "", ""
    said = e.sentences[v.fact.sentence]
    at = said.find(v.fact.mention.text)
    tail = _BOUND_AFTER.match(said, at + len(v.fact.mention.text)) if at >= 0 else None
    side = lambda t: "下" if t.group().strip()[-1] in "下内" else "上"  # noqa: E731 (以内 is 以下)
    return side(b), side(tail) if tail else ""


_NATION = re.compile(r"全国|我国")


def local_as_national(m: NumberMention, fd: Frame, v: Verdict, sentence: str, lib: SourceLibrary) -> str:
    """The cited source's own place when the draft says its figure of the whole country (全国夏粮
    总产量760.92亿斤) but the fact is that province's or city's (a provincial bureau's 夏粮总产量,
    its 全省), else "": the subject cleaning drops 全国 as a word every national release may omit."""
    own = sentence[fd.quote_start:m.start]
    if v.status != "supported" or not _NATION.search(own):
        return ""
    from draftbot.text.regions import regions

    e = lib.get(v.sid)
    home = _home_regions(e)
    if not home or regions(own) or _NATION.search(v.fact.frame.scope):
        return ""
    said = e.sentences[v.fact.sentence] if 0 <= v.fact.sentence < len(e.sentences) else v.fact.quote
    at = said.find(v.fact.mention.text)
    # the source's own sentence says 全国 before the figure (全国粮食总产量…，其中夏粮…): its figure
    return "" if _NATION.search(said[:at] if at >= 0 else said) else "、".join(sorted(home))


def _foreign_province(subj: str, home: frozenset[str], fs: Frame) -> bool:
    """The draft's subject names a province that is neither the source's own nor in the fact's
    words (浙江省社会消费品零售总额 for a Wenzhou release's 全市…): a place is one word, which the
    bigram cover below would let through. Only when the source's place is known."""
    named = _places(subj) - home
    # the fact's own part first: a sentence listing 东部、中部、西部 names every area, its part one
    # (a draft naming none of its places names another's figure; 西部和东北地区均… names one of them)
    own = _places(fs.subject, fs.part_words)
    if named and own and not named & own:
        return True
    said = own | _places(fs.context, fs.scope)
    # a source that names no place of its own (全省… under an office's name) cannot say the draft's is another
    return bool(named) and bool(home or said) and not named <= said


def _topic(entry) -> str:
    """A source's title, as subjects are normalised: what an English wire's bare "profits" are of."""
    return subject_words(entry.record.title or "") if entry is not None else ""


def _absent_indicator(fd: Frame, hit: Fact, home: frozenset[str] = frozenset(), topic: str = "") -> str:
    """The words of the draft's subject that name an indicator the matched fact's sentence does
    not (外币存款 for 流通中货币(M0)余额), or "" when the draft's subject is that fact's. An English
    wire names its topic once (Profits at China's industrial firms…) and then says "profits": its
    title's words count for each of its facts."""
    # the body acting (工信部拟遴选…) is who says it, not what the figure measures
    subj = without_institutions(_GENERIC.sub("", fd.subject))
    home_at = _home_spans(subj, home)
    fs = hit.frame
    if _ATTRIBUTION.search(fd.subject) or _ATTRIBUTION.search(fd.part_words):
        # 浙江省工信厅的数据为12.6万套, 工信部发布…28项攻关任务: the words name who says it or what
        # was announced, not an indicator the figure measures
        return ""
    if len(subj) < 2 or _WORD_EN.search(subj) or len(fs.subject) < 2 or _WORD_EN.search(fs.subject) \
            or (fs.respectively and not fs.subject):
        return ""
    # an English source's words reach Chinese only through a small glossary: only its mapped
    # indicator words count, and only a clear mismatch (PPI's figure for CPI) is reported
    english = re.search(r"[A-Za-z]{3}", hit.quote) is not None
    # the section's heading names what its figures are of (二、中国非制造业采购经理指数运行情况 over
    # 新订单指数为46.9%): its words are the fact's too, and its 非 is the fact's
    have = _fact_words(fs.subject, fs.part_words, fs.context + fs.scope)
    if _negation_differs(subj, fs.subject) or (fs.scope and _negation_differs(subj, fs.scope)):
        return subj
    if _foreign_province(subj, home, fs):
        return subj
    # what a comparison leaves of a subject (增速比, 比产 of 比2016年减产) names nothing
    at = [i for i in range(len(subj) - 1) if not _RESIDUE.search(subj[i:i + 2])]
    grams = [subj[i:i + 2] for i in at]
    if len(grams) < 3:
        return ""
    # the source's own province counts as named, whether it writes it or says 全省
    def missing(words: frozenset) -> list[bool]:
        return [g not in words and i not in home_at and i + 1 not in home_at for i, g in zip(at, grams)]

    miss = missing(have)
    cover = 1 - sum(miss) / len(grams)
    run = best = 0
    for x in miss:
        run = run + 1 if x else 0
        best = max(best, run)
    negated = any(g[0] == "非" and g not in have for g in grams) and "非" not in fs.context
    if english:
        if cover < ABSENT_COVER_EN and topic and _bigrams(fs.subject) <= _bigrams(topic):
            # (only for a bare subject the title names: a wire's "joint-stock firms" are a group of
            # them, not its topic)
            cover = 1 - sum(missing(have | _bigrams(topic))) / len(grams)
        return subj if cover < ABSENT_COVER_EN else ""
    if cover < ABSENT_COVER or (best >= ABSENT_RUN and cover < ABSENT_RUN_COVER) or negated:
        return subj
    return ""


@lru_cache(maxsize=8192)
def _fact_words(subject: str, part_words: str, context: str) -> frozenset[str]:
    """The bigrams a fact's sentence names it by (its subject, its part, its sentence so far;
    Latin letters only in its subject), read once per fact."""
    return frozenset(_bigrams(subject) | {g for g in _bigrams(part_words) | _bigrams(context) if not _LATIN.search(g)})


def _negation_differs(draft: str, fact: str) -> bool:
    """食品价格 for 非食品价格 (or the reverse): the same words, one negated."""
    for a, b in ((draft, fact), (fact, draft)):
        i = b.find("非")
        if i >= 0 and len(b) > i + 2 and b[i + 1:i + 3] in a and "非" + b[i + 1:i + 3] not in a:
            return True
    return False


def _coverage(claim: str, fact: str) -> float:
    """Share of the claim subject's character bigrams found in the fact's subject (one way)."""
    if len(claim) < 2 or not fact:
        return 0.0
    cb = _bigrams(claim)
    return len(cb & _bigrams(fact)) / len(cb)


def _closer_for_qualified(m: NumberMention, fd: Frame, hit: Fact,
                          facts: Callable[..., list[tuple[str, Fact]]]) -> tuple[str, Fact] | None:
    """超过3.5万亿元 for 一带一路 3.13万亿元 is not made true by 出口3.75万亿元: a qualified figure
    is about the cited figure whose subject covers the draft's best, when that one does not
    back it (covers at least 0.6 of the draft subject, 0.2 more than the backing fact)."""
    if m.qualifier == "exact" or len(fd.subject) < 2 or not m.value:
        return None
    if math.isclose(hit.mention.value, m.value, rel_tol=1e-9):
        return None  # 约5.85万亿元 is the backing fact's own figure: whose it is, `_rival` decides
    mine = _coverage(fd.subject, hit.frame.subject)
    best, who = mine + 0.2, None
    for sid, f in facts(lambda x: _comparable(m, x) and x.kind != "range" and bool(x.value) and not verifies(m, x)
                        and 1 / LOOSE_RANGE <= abs(x.value / m.value) <= LOOSE_RANGE):
        x = f.mention
        if not _comparable(m, x) or x.kind == "range" or not x.value or verifies(m, x):
            continue
        if not (1 / LOOSE_RANGE <= abs(x.value / m.value) <= LOOSE_RANGE):
            continue
        if any(c[2] in ("period", "basis", "year") for c in conflicts(m, fd, f.claim_frame)):
            continue
        if _places(f.frame.subject) - _places(fd.subject):
            continue  # another province's row (广东 for the draft's 江苏) is not what the draft rounds
        c = _coverage(fd.subject, f.frame.subject)
        if c >= 0.6 and c >= best:
            best, who = c, (sid, f)
    return who


# The cited source's only same-value fact is about something else (subject fit below this) while
# another source states the figure for the draft's subject (fit at least SUBJECT_HOLDER_MIN).
SUBJECT_UNRELATED = 0.3
SUBJECT_HOLDER_MIN = 0.8


def _other_source(m: NumberMention, fd: Frame, hit: Fact, fit: float, cited: list[str],
                  lib: SourceLibrary, listed: dict) -> tuple[str, Fact] | None:
    """Another source of the draft's reference list (`listed`: source id -> [n]) that states
    the figure for the draft's subject, when the cited one has it only for something else."""
    if len(fd.subject) < 2 or fit >= SUBJECT_UNRELATED or not _CJK.search(hit.frame.subject) \
            or _LATIN.search(hit.frame.subject):
        # only when the cited fact's subject is all Chinese: an English one is read through a
        # small glossary, and a word it lacks must not send a right citation elsewhere
        return None
    for sid in sorted(listed, key=lambda s: listed[s]):
        e = lib.get(sid) if sid not in cited else None
        for f in (e.facts_for(m) if e else []):
            if verifies(m, f.mention) and subject_score(fd.subject, f.frame.subject) >= SUBJECT_HOLDER_MIN \
                    and not conflicts(m, fd, f.claim_frame):
                return sid, f
    return None


def _rival(m: NumberMention, fd: Frame, hit: Fact, facts: Callable[..., list[tuple[str, Fact]]], fit: float) -> tuple[str, Fact] | None:
    """A fact of another value whose subject is the draft's: the draft names words only that
    fact's subject has (进口, 猪肉) and none of the words only the matched fact's subject has.
    An elliptical fact (西部地区增长15.6% after 东部地区移动互联网接入流量…) keeps its own words
    (西部), so a draft that names them is not sent to the neighbour."""
    if len(fd.subject) < 2 or not _CJK.search(hit.frame.subject) or hit.frame.respectively:
        # an English subject with no mapped indicator word cannot be compared with Chinese, and
        # in 产销分别完成A和B the subject of each figure is a matter of order, not of words
        return None
    d_places = _places(fd.subject)
    h_places = _places(hit.frame.subject)
    if fit >= 1.0 and not (h_places - d_places or _modifies(fd.subject, hit.frame.subject)):
        return None  # the matched fact names all the draft names, and no other kind or place of it
    plainly = lambda other: _plainly_theirs(fd, hit.frame, other, d_places, h_places)  # noqa: E731
    draft = _bigrams(fd.subject)
    # who says it and that it is a forecast (路透调查此前预计) name no indicator: the words that tell
    # two indicators apart are weighed against the rest
    core = len(_bigrams(_SAYER.sub("", fd.subject))) or len(draft)
    mine = _bigrams(hit.frame.subject)
    top, who = 0.0, None
    # what the loop asks of a mention alone (a growth multiple beside a rate: the frames decide)
    for sid, f in facts(lambda x: (_comparable(m, x) or {m.kind, x.kind} == {"multiple", "percent"})
                        and not (verifies(m, x) and _near_ok(m, fd, x))):
        if not (_comparable(m, f.mention) or _both_growth(m, fd, f)) or (verifies(m, f.mention) and _near_ok(m, fd, f.mention)):
            continue
        s = subject_score(fd.subject, f.frame.subject)
        if s <= top:
            continue
        plain = None  # `_plainly_theirs`, worked out only when the words alone do not decide
        if fit >= 1.0 or s < SUBJECT_RIVAL_MIN or s - fit < SUBJECT_MARGIN:
            if not (plain := plainly(f.frame)):
                continue
        if fd.direction and hit.frame.direction and not f.frame.direction and m.kind not in ("percent", "pp"):
            continue  # an amount of change (比上年增加7.24亿斤) has no level (总产量1355.08亿斤) for a rival
        if f.frame.share and not fd.share and fd.direction and not f.frame.direction:
            continue  # a share (同城…占全部快递业务量的6.7%) is no rate of change (同比下降0.8%)
        if _places(f.frame.subject) - d_places - h_places:
            continue  # a neighbour about a province the draft does not name (a table's 江苏 row) is not its figure
        if _narrower(fd.subject, hit.frame.subject, f.frame.subject):
            continue  # a kind of what the draft names (新能源汽车 beside 汽车) is not its figure
        if f.frame.respectively or any(c[2] in ("period", "basis", "year") for c in conflicts(m, fd, f.claim_frame)):
            # a figure of another period or basis (前三季度 beside 第三季度, a 环比 beside a 同比)
            # is not the one the draft meant
            continue
        theirs = _bigrams(f.frame.subject)
        # words the neighbour inherits from its sentence (零售额 in 家用电器类增长15.1%) are not
        # words only the matched fact has
        # (a neighbour named exactly as the draft names its figure is that figure: 中型企业PMI)
        # two items of one list (示范商圈、示范街区…分别给予最高500万元、300万元): the words that tell
        # the items apart are all there is to tell
        sibling = f.sentence == hit.sentence and f.frame.quote_start == hit.frame.quote_start
        if plain or (len(draft & (theirs - mine)) >= SUBJECT_DISTINCT * core or (theirs == draft and theirs - mine)
                or (sibling and draft & (theirs - mine))) \
                and not draft & (mine - theirs - _bigrams(f.frame.context)) \
                or plain is None and plainly(f.frame):
            top, who = s, (sid, f)
    return who


def _modifies(draft: str, mine: str) -> bool:
    """Does the matched fact's subject put a word the draft lacks before what the draft names first
    (新能源汽车产量 for 汽车产量)? `_narrower`'s cheap first question."""
    for k in range(min(len(draft), 6), 1, -1):
        at = mine.find(draft[:k])
        if at >= 1:
            return bool(_CJK.match(mine, at - 1)) and mine[at - 1] not in draft
    return False


def _plainly_theirs(fd: Frame, hit: Frame, other: Frame, d_places: frozenset, h_places: frozenset) -> bool:
    """The neighbour is plainly the draft's figure: the matched fact is a kind of the thing the
    draft names (新能源汽车产量 for 汽车产量) and the neighbour that thing itself (a table's 汽车
    row), or the neighbour is of the place the draft names and the matched fact of another
    (中部地区…12.9%；西部地区…10.2%: a draft's 中部…10.2% is 西部's figure)."""
    if other.share != fd.share or bool(other.direction) != bool(hit.direction):
        return False  # (a level, 渗透率52.9%, is no rival of a rate of change, 同比增长28.2%)
    if _narrower(fd.subject, other.subject, hit.subject):
        return True
    return bool(h_places - d_places) and bool(_places(other.subject) & d_places)


def _narrower(draft: str, mine: str, theirs: str) -> bool:
    """Is the neighbour's subject a kind of the thing the draft and the matched fact both name, by
    a modifier the draft does not say (汽车产量 and a table's 汽车 row, against 新能源汽车产量)?"""
    common = _common_run(draft, mine)
    if len(common) < 2 or not (draft.startswith(common) and mine.startswith(common)):
        return False  # (both name the thing first, with no modifier of their own: not 对东盟进出口)
    at = theirs.find(common)
    if at < 1 or not _CJK.match(theirs, at - 1):
        return False
    modifier = theirs[max(0, at - 2):at]
    return modifier not in draft and theirs[at - 1] not in draft


@lru_cache(maxsize=4096)
def _common_run(a: str, b: str) -> str:
    """The longest run of characters `a` and `b` share (subjects are short)."""
    best = ""
    for i in range(len(a)):
        for j in range(i + len(best) + 1, len(a) + 1):
            if a[i:j] not in b:
                break
            best = a[i:j]
    return best


_SAYER = re.compile(r"路透社?|彭博社?|路孚特|调查|此前|预计|预期|预测|分析师|市场|机构|据|显示|报道|数据|reuters|poll|analysts")
_PAIRED_LIST = re.compile(r"分别|respectively")
_LATIN = re.compile(r"[a-z]")
_WORD_EN = re.compile(r"[a-z]{3}")  # an English word (M2's "m" is a name, not English)
_CJK = re.compile(r"[\u3400-\u9fff]")
_BASE_CUE = re.compile(r"(?:比|较|与|同)\s?$")


def relative_base(m: NumberMention, sentence: str, cited: list[str], lib: SourceLibrary) -> tuple[str, Fact] | None:
    """`比4月加快…` where the source says `比上月加快…` in a May release: the month named as a
    comparison base is supported by a cited fact whose resolved base is that month."""
    if m.kind != "month" or m.month is None or not _BASE_CUE.search(sentence, max(0, m.start - 2), m.start):
        return None
    for sid in cited:
        e = lib.get(sid)
        for f in (e.facts if e else []):
            if f.frame.ref == m.month:
                return sid, f
    return None


def loose(m: NumberMention, fd: Frame, cited: list[str], lib: SourceLibrary, label) -> Verdict | None:
    """A qualified figure (近/超过/约 X) that no cited fact backs, but one of the same unit and
    subject is near: the approximation is too loose (接近1800万 for 1280万)."""
    if m.qualifier == "exact" or m.kind in DATE_KINDS or m.kind == "range" or not m.value:
        return None
    best = None
    for sid in cited:
        e = lib.get(sid)
        if e is None:
            continue
        for f in e.facts_near(m, rel=LOOSE_RANGE - 1):  # the facts within LOOSE_RANGE, from an index
            x = f.mention
            if not _comparable(m, x) or x.kind == "range" or not x.value:
                continue
            r = abs(x.value / m.value)
            if not (1 / LOOSE_RANGE <= r <= LOOSE_RANGE):
                continue
            key = (subject_score(fd.subject, f.frame.subject), -abs(r - 1))
            if best is None or key > best[0]:
                best = (key, sid, f)
    if best is None:
        return None
    _, sid, f = best
    return Verdict("loose_approximation", sid, f,
                   f"{m.text}: {label(sid, False)} says {f.quote}; the qualifier does not stretch that far")


# a figure "for the draft's subject": at least this share of the draft subject's bigrams are in
# the fact's subject (or of the fact's in the draft's)
SUBJECT_MATCH_MIN = 0.6


def subject_figure(m: NumberMention, fd: Frame, cited: list[str], lib: SourceLibrary,
                   same_value: bool = False) -> tuple[str, Fact] | None:
    """The figure the cited sources state for the draft figure's subject, period and basis (the
    fix to offer for a wrong figure), or None: never a figure chosen by value alone. Same kind and
    unit class as `m`, no period/basis/year conflict, the best subject match (≥ SUBJECT_MATCH_MIN)."""
    subj = fd.subject
    if len(subj) < 2 or m.kind in DATE_KINDS:
        return None
    if same_value:
        return _subject_figure_scan(m, fd, cited, lib, same_value)
    # the candidates of one subject, period and basis are found once per library (a paragraph of
    # many figures of one indicator would otherwise scan the source once per figure), then the
    # nearest value among the best-covered ones by bisection
    key = (subj, fd.period, fd.basis, fd.year, fd.ref, fd.expect, fd.direction, fd.sense, m.kind,
           unit_class(m)[0], tuple(cited))
    cache = lib.__dict__.setdefault("_subject_groups", {})
    if key not in cache:
        cache[key] = _best_group(m, fd, cited, lib)
    group = cache[key]
    if group is None:
        return None
    logs, items = group
    if not m.value:
        return items[0]
    x = math.log(abs(m.value))
    i = bisect.bisect_left(logs, x)
    near = [j for j in (i - 1, i) if 0 <= j < len(items)]
    return items[min(near, key=lambda j: abs(logs[j] - x))]


def _candidates(m: NumberMention, fd: Frame, cited: list[str], lib: SourceLibrary, same_value: bool):
    subj = fd.subject
    for sid in cited:
        e = lib.get(sid)
        for f in ((e.facts_with_value(m) if same_value else e.facts_for(m)) if e else []):
            x = f.mention
            if x.kind != m.kind or unit_class(x)[0] != unit_class(m)[0] or x.kind == "range" or len(f.frame.subject) < 2:
                continue
            if same_value and not verifies(m, x):
                continue
            if any(c[2] in ("period", "basis", "year", "expect") for c in conflicts(m, fd, f.claim_frame)):
                continue
            # how much of the draft's subject the fact names first (流通中货币(M0)余额 is not
            # any 余额), then how much of the fact's the draft names
            cover = (_coverage(subj, f.frame.subject), _coverage(f.frame.subject, subj))
            if max(cover) > SUBJECT_MATCH_MIN - 1e-9:
                yield cover, sid, f


def _best_group(m, fd, cited, lib):
    """(sorted log-values, (sid, fact) in that order) of the candidates with the best coverage."""
    found = list(_candidates(m, fd, cited, lib, False))
    if not found:
        return None
    top = max(c for c, _, _ in found)
    best = [(math.log(abs(f.mention.value)) if f.mention.value else -99.0, k, sid, f)
            for k, (c, sid, f) in enumerate(found) if c == top]
    best.sort(key=lambda t: (t[0], t[1]))
    return [t[0] for t in best], [(t[2], t[3]) for t in best]


def _subject_figure_scan(m, fd, cited, lib, same_value):
    best, who = (0.0, 0.0, -99.0), None
    for cover, sid, f in _candidates(m, fd, cited, lib, same_value):
        x = f.mention
        # among figures of the subject the nearest value (集成电路产量 2614 → 4843亿块: 4834 is 4843)
        fit = (*cover, -abs(math.log(abs(x.value) / abs(m.value))) if x.value and m.value else -99.0)
        if who is None or fit > best:
            best, who = fit, (sid, f)
    return who


def correct_figure(m: NumberMention, sentence: str, context: Sequence[NumberMention], cited: list[str],
                   lib: SourceLibrary) -> str | None:
    """For a draft figure `m` (offsets into `sentence`; `context` every mention of the sentence)
    citing `cited`: the source's own words for the figure it states about the same subject, with
    that period and basis — e.g. "流通中货币(M0)余额12.1万亿元，同比增长12.5%" — or None when no
    cited source states one (then say so; do not offer the nearest number). Issue 23's repair
    hints call this."""
    hit = subject_figure(m, draft_frame(sentence, m, context), cited, lib)
    return hit[1].quote if hit else None
