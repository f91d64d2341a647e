"""Derived figures from the cited sources: a figure the writer computed from figures the cited
sources state about subjects the draft sentence names (docs/VERIFIER.md, "Derived figures").

`出口比进口多0.89万亿元` (3.75 − 2.86), `约占全部投资的六成` (share), `约为住户贷款的14倍`
(ratio), `增速比M2高3.8个百分点` (percentage-point gap), `上年同期约为6.08万亿元` (a level
back-computed from a level and its growth), `翻了一番多` / `增长1.8倍` (a growth rate restated
as a multiple). Each is accepted within the writer's rounding (the last digit written, or the
qualifier's reach) and reported as a `derived` note naming its inputs, never as a finding.

Guards, so that a mistyped figure is not excused by a chance computation among a release's many
numbers: the sentence must say it computed something (a cue word: 占, 倍, 比…多, 合计, 上年同期…),
and every operand is a cited fact whose subject the draft sentence names (or a figure of the
same source sentence as such a fact: 比上年同期增加15.80亿 beside 36.74亿).
"""

from __future__ import annotations

import itertools
import re
from typing import NamedTuple

from draftbot.text.frames import _clean_subject, _periods, describe_period, subject_score
from draftbot.text.numbers import NumberMention
from draftbot.text.similarity import char_bigrams as _bigrams
from draftbot.text.units import unit_class
from draftbot.verify.facts import Fact
from draftbot.verify.library import SourceLibrary, significant_step

# words that say which computation a figure is (looked for in the claim's stretch of the
# sentence): each formula needs its own cue, so a share is never excused as a growth rate
_CUES = {
    "share": re.compile(r"占|比重|份额|比例|成"),
    "difference": re.compile(r"比.{0,16}(?:多|少|高|低|大|小)|多出|高出|超出|少于|差额|差距|顺差|逆差"),
    "sum": re.compile(r"合计|共计|总计|两者|之和|加上|合共"),
    "gap": re.compile(r"高|低|快|慢|大|小|差|回落|扩大|收窄|加快|放缓|超出|高出"),
    "previous": re.compile(r"上年同期|去年同期|上年|去年|此前|一年前|(?<![比较与同])(?:上月|上个月|上季度)"),
    "multiple": re.compile(r"倍|翻"),
}
_GROWTH = re.compile(r"(?:增长|增加|提高|上涨|上升|增)了?\s?$")
# a named fact: at least this share of its subject's character bigrams are in the draft sentence
NAMED_MIN = 0.6
# at most this many operands are tried (the nearest named facts first)
MAX_OPERANDS = 24
# how far a qualified figure may reach: 近 X (at most 10 % below), 超过/以上 X (up to 20 % above,
# or one step of 成: 八成以上 is 80–90 %), 约 X (3 %)
NEAR_SLACK = 0.1
OVER_SLACK = 0.2
APPROX_SLACK = 0.03


class Derivation(NamedTuple):
    sid: str  # the cited source the inputs come from
    formula: str  # what was computed, with the source's own figures


# words that name the figures they are computed from (docs/VERIFIER.md): a surplus is exports
# less imports; 全部投资 / 全部 are the release's total
ALIASES = {"顺差": "出口进口", "逆差": "出口进口", "贸易差额": "出口进口", "全部投资": "固定资产投资总额",
           "总人次": "旅游总人次", "两者": ""}
_CODE = re.compile(r"[a-z][零一二三四五六七八九]")
# a run of this many characters shared with the sentence names a fact however long its subject
# (固定资产投资 in 全国固定资产投资不含农户)
NAMED_RUN = 4


def _named(f: Fact, sent: set[str], words: str) -> bool:
    subj = f.frame.subject
    if re.search(r"[a-z]{3}", subj):
        # an English subject is named by the indicator words the glossary maps (exports → 出口)
        subj = "".join(re.findall(r"[\u3400-\u9fff]+", subj))
    if len(subj) < 2:
        return False
    b = _bigrams(subj)
    if len(b & sent) >= NAMED_MIN * len(b):
        return True
    if any(g in sent for g in b if _CODE.fullmatch(g)):
        return True  # a coded name (M2, M0) names its figure
    return any(subj[i:i + NAMED_RUN] in words for i in range(len(subj) - NAMED_RUN + 1))


def _sentence_words(sentence: str) -> str:
    words = _clean_subject(sentence)
    return words + "".join(v for k, v in ALIASES.items() if k in sentence)


def within(m: NumberMention, after: str, v: float) -> bool:
    """Does the computed value `v` round to the claim as the writer wrote it?"""
    c = abs(m.value if m.kind != "fraction" else m.value * 100)
    v = abs(v)
    step = m.step or (1.0 if m.kind in ("multiple", "percent", "pp") else 0.0)
    half = step / 2 * (1 + 1e-9) if step else c * 0.005
    q = m.qualifier
    if after.startswith("多") or after.startswith("有余"):  # 增长1倍多, 300多亿元
        return c < v < c + (step or c) * (1 + 1e-9)
    if q in ("gt", "ge"):
        top = c + step if m.text.endswith("成") and step else c * (1 + OVER_SLACK)
        return c <= v <= top if q == "ge" else c < v <= top
    if q in ("lt", "le"):
        return c * (1 - NEAR_SLACK) <= v <= c + half
    if q == "approx":
        # 约 widens the writer's rounding by at most one step of the last significant digit
        # written: 约3000亿元 for 3007.7, 约14% for 14.4%, but 约10.81万亿元 means 10.81
        return abs(v - c) <= max(half, min(c * APPROX_SLACK, _sig_step(m) or c))
    return abs(v - c) <= half


def _sig_step(m: NumberMention) -> float:
    return significant_step(m)


def _operands(sentence: str, cited: list[str], lib: SourceLibrary) -> list[tuple[str, Fact]]:
    words = _sentence_words(sentence)
    sent = _bigrams(words)
    out: list[tuple[str, Fact]] = []
    for sid in cited:
        e = lib.get(sid)
        if e is None:
            continue
        facts = [f for f in e.facts if f.mention.kind in ("quantity", "percent", "fraction", "pp") and f.mention.value]
        named = [f for f in facts if _named(f, sent, words)]
        rows = {f.sentence for f in named}
        # a figure beside a named one in its source sentence (its increase, its growth rate)
        # (the siblings have their own allowance: a release that names the subject often would
        # otherwise crowd out 第三季度12.90亿 beside its named 第一季度国内旅游总人次12.16亿)
        picked = named[:MAX_OPERANDS] + [f for f in facts if f.sentence in rows and f not in named][:MAX_OPERANDS]
        out += [(sid, f) for f in picked]
    return out


def _signed_growth(g: Fact) -> float:
    v = unit_class(g.mention)[1]
    return -abs(v) if g.frame.direction < 0 else v


def _stated(m: NumberMention, subject: str, cited: list[str], lib: SourceLibrary, share: bool = False) -> bool:
    """Does a cited source state this very figure for the draft's subject (占全国进出口总值的
    76.6% for a draft's 八成以上)? Then the claim is about that figure, not a computation."""
    if len(subject) < 2:
        return False
    cu = unit_class(m)[0]
    sb = _bigrams(subject)
    for sid in cited:
        e = lib.get(sid)
        for f in (e.facts_near(m, rel=0.6) if e else []):  # within the 1.6x window below
            x = f.mention
            if unit_class(x)[0] != cu or not x.value or len(f.frame.subject) < 2:
                continue
            if share and not f.frame.share and f.frame.direction:
                continue  # a growth rate of the subject is not the share the draft computed
            if 1 / 1.6 <= abs(unit_class(x)[1] / unit_class(m)[1]) <= 1.6 and \
                    len(sb & _bigrams(f.frame.subject)) >= 0.8 * len(sb):
                return True
    return False


def derive_from_sources(m: NumberMention, sentence: str, cited: list[str], lib: SourceLibrary,
                        subject: str = "", share: bool = False) -> Derivation | None:
    """A derivation of draft figure `m` (offsets into `sentence`, its subject `subject` as the
    claim frame reads it) from the cited sources' facts, or None. Dates, counts of items and
    ranges are never derived."""
    if m.kind not in ("quantity", "percent", "pp", "multiple", "fraction") or not m.value or m.qualifier == "range":
        return None
    stretch = sentence[max(0, m.start - 24):min(len(sentence), m.end + 8)]
    cues = {k for k, rx in _CUES.items() if rx.search(stretch)}
    if not cues:  # no wording of a computation: nothing to derive (and no per-figure scan)
        return None
    if "previous" not in cues and _stated(m, subject, cited, lib, share):
        # (a previous level is always near its subject's stated current one)
        return None
    after = sentence[m.end:m.end + 2]
    growth = _GROWTH.search(sentence, max(0, m.start - 4), m.start) is not None
    ops = _operands(sentence, cited, lib)
    if not ops:
        return None
    cu = unit_class(m)[0]
    said = tuple(p for _, p, _ in _periods(stretch))  # the periods the draft names beside the figure
    for (sa, a), (sb, b) in itertools.permutations(ops, 2):
        if sa != sb:
            continue
        hit = _pair(m, cu, after, growth, cues, a, b, said)
        if hit:
            return Derivation(sa, hit)
    for sid, a in ops:
        hit = _single(m, after, growth, cues, a, [f for s, f in ops if s == sid and f.sentence == a.sentence and f is not a])
        if hit:
            return Derivation(sid, hit)
    return None


def _as_written(m: NumberMention, v: float) -> str:
    """`v` in the scale and unit the draft wrote (3.4万亿元, not 3.4e+12), for the note an editor reads."""
    lead = re.match(r"\s*(\d+(?:\.\d+)?)", m.text)
    if not lead or not float(lead.group(1)) or not m.value:
        return f"{v:.4g}"
    scale = m.value / float(lead.group(1))
    return f"{v / scale:.4g}{m.text[lead.end():].strip()}"


def _pair(m: NumberMention, cu: str, after: str, growth: bool, cues: set[str], a: Fact, b: Fact,
          said: tuple = ()) -> str | None:
    ua, va = unit_class(a.mention)
    ub, vb = unit_class(b.mention)
    if ua != ub or not vb:
        return None
    ta, tb = a.mention.text, b.mention.text
    if m.kind == "quantity" and a.mention.kind == "quantity" and ua in (cu, ""):
        # a − b: a gap between two subjects, or a previous level (a level less its increase)
        back = "previous" in cues and b.sentence == a.sentence and b.frame.direction > 0
        # (of two positive amounts: a balance's -2,933 subtracted is no gap the draft computed)
        if va > vb > 0 and ("difference" in cues or back) and within(m, after, va - vb):
            return f"{ta} − {tb} = {_as_written(m, va - vb)}"
        if "sum" in cues and within(m, after, va + vb):
            return f"{ta} + {tb} = {_as_written(m, va + vb)}"
    if m.kind in ("percent", "fraction") and "share" in cues and a.mention.kind == "quantity" and va > vb > 0 \
            and (subject_score(a.frame.subject, b.frame.subject) < 0.8 or b.frame.period in said):
        # a share of an indicator in itself is one period's share of a longer one, and the draft
        # names that period (5月份约占两成); otherwise the part is another indicator
        if within(m, after, vb / va * 100):
            return f"{tb} ÷ {ta} ≈ {vb / va * 100:.3g}%"
    if m.kind == "pp" and "gap" in cues and a.mention.kind in ("percent", "fraction") \
            and b.mention.kind == a.mention.kind:
        gap = abs(_signed_growth(a) - _signed_growth(b))
        if within(m, after, gap):
            return f"{ta} − {tb} = {gap:.3g} 个百分点"
    if m.kind == "multiple" and a.mention.kind == "quantity" and va > vb > 0:
        r = va / vb
        if _multiple_ok(m, after, growth, r):
            return f"{ta} ÷ {tb} ≈ {r:.3g} 倍"
    return None


def _multiple_ok(m: NumberMention, after: str, growth: bool, ratio: float) -> bool:
    """`m` (是…N倍, 增长N倍, 翻了一番) against a ratio of two levels."""
    if "翻" in m.text:  # 翻了一番 = twice the base; 翻了一番多 = more than twice
        return 2 < ratio < 3 if after.startswith("多") else abs(ratio - 2) <= 0.1
    return within(m, after, ratio - 1 if growth else ratio)


def _single(m: NumberMention, after: str, growth: bool, cues: set[str], a: Fact,
            siblings: list[Fact]) -> str | None:
    """One fact restated: a growth rate as a multiple (180.6% → 增长1.8倍, 是…的2.8倍, 翻了一番多),
    or a level back-computed from its growth rate or increase in the same source sentence."""
    ua, va = unit_class(a.mention)
    if m.kind == "multiple" and a.mention.kind == "percent" and a.frame.direction >= 0:
        ratio = 1 + va / 100
        if _multiple_ok(m, after, growth, ratio):
            return f"增长{a.mention.text} = 是基数的{ratio:.3g}倍（增长{ratio - 1:.3g}倍）"
    if m.kind == "percent" and "previous" in cues and a.mention.kind == "percent" and not a.frame.direction:
        # an index level and its change in points: 为50.5%，比上月上升0.3个百分点 → 上月为50.2%
        for g in siblings:
            if g.mention.kind == "pp" and g.frame.direction and g.mention.start > a.mention.start:
                prev = va - g.frame.direction * abs(unit_class(g.mention)[1])
                if within(m, after, prev):
                    return f"{a.mention.text} − ({g.mention.text}) = {prev:.4g}%"
    if m.kind == "quantity" and "previous" in cues and a.mention.kind == "quantity" and ua in (unit_class(m)[0], ""):
        for g in siblings:
            if g.mention.kind == "percent":
                prev = va / (1 + _signed_growth(g) / 100)
                if within(m, after, prev):
                    return f"{a.mention.text} ÷ (1 + {g.mention.text}) ≈ {prev:.4g}"
    return None


def cumulative_span(m: NumberMention) -> int | None:
    """N for a draft's 1—N月 / 前N个月 (a span of months from January), else None."""
    if m.kind == "range" and m.unit == "month" and m.value == 1 and m.value_hi and 2 <= m.value_hi <= 12:
        return int(m.value_hi)
    return None


def period_stated(e, n: int) -> tuple[str, str] | None:
    """(words, sentence) where source entry `e` states the span of months 1—N in any wording:
    前两个月, 1～5月, 前三季度 (1—9月), 上半年, January-February, first quarter."""
    for i, sent in enumerate(e.sentences):
        for _, p, _ in _periods(sent):
            if p == ("cum", n):
                return describe_period(p), sent
    return None
