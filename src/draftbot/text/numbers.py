"""Number mentions in Chinese and English text: extraction, normalisation and matching.

A mention is a value with its scale and unit (``41.7 万亿元`` -> 4.17e13 元).  The rules (units,
scales, qualifiers, rounding, dates, what is *not* a number) are written down in docs/NUMBERS.md;
keep the two in step.

Design: one compiled regex finds numeral *cores* (Arabic, Chinese, mixed, 百分之…, …分之…, 翻…番,
…成, ISO dates); the text around each core is then read with anchored regexes (unit, qualifiers,
date continuation, range).  Numeral characters are converted only inside a recognised core, never
across the whole text (a whole-text converter turns 零售 into 0售).
"""

from __future__ import annotations

import bisect
import math
import re
from typing import Iterable, Sequence

from pydantic import BaseModel

from draftbot.text.markup import blank_markup
from draftbot.text.units import (COMPAT, CURRENCY_PREFIX, DATE_KINDS, EN_UNITS, LETTER_UNITS, ZH_UNITS,
                                 unit_class)

# The version of what this package reads out of a text: bump it whenever a change here, in
# text/units.py, text/markup.py or text/sentences.py can change the mentions (value, unit, kind,
# span) or the sentence a mention is filed under. Indexes built from extracted mentions
# (verify/mention_index.py, at ingest) are keyed on it and rebuilt when it changes;
# tests/test_extractor_version.py fails when the extraction of its sample text changes while
# this stays the same.
EXTRACTOR_VERSION = 7

__all__ = [
    "EXTRACTOR_VERSION",
    "NumberMention",
    "extract_numbers",
    "supports",
    "find_support",
    "nearest",
    "date_mentions",
    "normalize_width",
]


class NumberMention(BaseModel):
    text: str  # the original span, input[start:end]
    start: int
    end: int
    value: float  # after scale and unit factor
    value_hi: float | None = None  # upper end of a range (kind == "range")
    unit: str  # canonical unit, see docs/NUMBERS.md
    kind: str  # quantity|percent|pp|multiple|fraction|date|month|year|range
    qualifier: str = "exact"  # exact|gt|ge|lt|le|approx
    year: int | None = None
    month: int | None = None
    day: int | None = None
    step: float | None = None  # value of one unit in the last digit shown (41.7 万亿 -> 1e11)


# --------------------------------------------------------------------------- width / characters

# One width normaliser for the whole project (re-exported here for callers of this module).
from draftbot.text.normalize import normalize_width  # noqa: E402


# Internal matching copy (also length-preserving): only the characters that matter for numbers are
# mapped (full-width digits, letters, % . $ - ~ [ ] / ( ), odd zeros and spaces, traditional forms).
# Common full-width punctuation (，：；（）) is left alone so most texts need no translation at all,
# and "1，2" stays a list, not a thousands separator.
_INTERNAL: dict[int, int] = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}  # ０-９
_INTERNAL.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_INTERNAL.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
for _a, _b in {
    "．": ".", "％": "%", "＄": "$", "－": "-", "～": "~", "［": "[", "］": "]", "／": "/",
    "萬": "万", "億": "亿", "輛": "辆", "兩": "两", "點": "点", "個": "个", "項": "项", "臺": "台",
    "種": "种", "噸": "吨", "塊": "块", "歲": "岁", "號": "号", "○": "〇", "−": "-", "\u3000": " ",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2002": " ", "\u2003": " ", "￥": "¥",
    "―": "—", "〜": "~", "約": "约", "餘": "余", "過": "过", "將": "将", "於": "于",
    "鐘": "钟", "時": "时",
}.items():
    _INTERNAL[ord(_a)] = ord(_b)
_NEEDS = re.compile("[" + "".join(re.escape(chr(c)) for c in _INTERNAL) + "]+")


def _internal(text: str) -> str:
    return _NEEDS.sub(lambda m: m.group().translate(_INTERNAL), blank_markup(text))


_CN_DIGITS = "零〇一二三四五六七八九两"
_CN_DIGIT_VAL = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_CN_DIGIT_VAL.update({"零": 0, "两": 2})
_TO_ASCII = str.maketrans({c: str(v) for c, v in _CN_DIGIT_VAL.items()} | {"点": "."})
_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10**4, "亿": 10**8}

SP = r"[ \t]?(?:\r?\n[ \t]?)?"
CD = f"[{_CN_DIGITS}]"
ARABIC = r"(?:\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?)"
CNNUM = rf"(?:[{_CN_DIGITS}十](?:[{_CN_DIGITS}十百千万亿]|点(?={CD})){{0,24}})"
_EN_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
             "bn": 1e9, "mn": 1e6, "tn": 1e12}

_CORE = re.compile(
    rf"""(?=[0-9{_CN_DIGITS}十百千万翻半])  # first-char prefilter: ~6x faster search
    (?:(?P<pct>百分之(?P<pctn>{CNNUM}|{ARABIC}))
    |(?P<mixf>(?P<mint>{CNNUM}|\d+)又(?P<mden>[{_CN_DIGITS}十百千万]{{1,12}}|\d{{1,12}})分之(?P<mnum>{CNNUM}|{ARABIC}))
    |(?P<frac>(?P<den>[{_CN_DIGITS}十百千万]{{1,12}}|\d{{1,12}})分之(?P<numer>{CNNUM}|{ARABIC}))
    |(?P<fan>翻了?(?P<fann>[一两二三四五六七八九])?番)
    |(?P<cheng>(?<![\d.])(?P<chn>[{_CN_DIGITS}十]|\d+(?:\.\d+)?)[ ]?成(?![本为果员立功交长绩效型熟都分品像年人就不了的型]))
    |(?P<iso>(?<![\d.])(?P<iy>\d{{4}})(?P<isep>[-/])(?P<im>\d{{1,2}})(?P=isep)(?P<id>\d{{1,2}})(?![\d]))
    |(?P<clock>(?<![\d.])\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?!\d))
    |(?P<ar>(?<![\d.])(?<!\d,)(?P<arn>{ARABIC})(?:{SP}(?P<duo1>[多余]))?
        (?:{SP}(?![十百千万]分)(?P<arsc>[十百千万亿](?:[十百千万亿]|\d+(?:\.\d+)?){{0,24}})
          |[ ]?(?P<ensc>(?i:thousand|million|billion|trillion|bn|mn|tn))\b)?)
    |(?P<half>(?:一半|半数|(?<=过)半)(?![年月天日导小价径岛场途夜晌路身边截句生世壁导]))
    |(?P<cn>{CNNUM}))
    """,
    re.X,
)

# ---------------------------------------------------------------------------------------- units

_U = ZH_UNITS
_EN_U = EN_UNITS
_LETTER_U = LETTER_UNITS


def _alts(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_UNIT_RE = re.compile(
    rf"(?P<sp>{SP})(?P<duo>[多余])?{SP}(?:(?P<zh>{_alts(_U)})"
    rf"|(?P<fold>-fold)\b|(?P<lu>{_alts(_LETTER_U)})(?![A-Za-z])"
    rf"|(?<=[ \d])(?P<en>(?i:{_alts(_EN_U)}))\b"
    # an English figure used as a modifier: the 2.9-percent gain, a 0.5-percentage-point rise
    rf"|(?<=\d)-(?P<enh>(?i:percentage[- ]points?|percent|pct))\b)"
)
_CN_NEXT = frozenset(u[0] for u in _U) | frozenset(" 多余—–-~至到")
_YMD_CONT = re.compile(
    rf"{SP}(?P<m>\d{{1,2}}|十[一二]?|[一二三四五六七八九])(?!\d){SP}月(?:份)?"
    rf"(?:{SP}(?P<d>\d{{1,2}}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])(?!\d){SP}[日号])?"
)
_DAY_CONT = re.compile(
    rf"{SP}(?P<d>\d{{1,2}}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])(?!\d){SP}[日号]"
)
_RANGE_SEP = re.compile(rf"{SP}(?:—{{1,2}}|–|-|~|至|到){SP}")

# ----------------------------------------------------------------------------------- qualifiers

_QUAL = {
    "gt": "超过|超|逾|多于|高于|大于|突破|more than|over|above|exceeding|upwards of",
    "ge": "不少于|不低于|至少|at least",
    "lt": "近|接近|将近|不到|不足|少于|低于|less than|fewer than|under|below|nearly|almost|close to",
    "le": "不超过|不高于|至多|最多|at most|up to|no more than",
    "approx": "约|大约|约为|大概|约合|about|around|approximately|roughly|some",
}
_QUAL_WORD = {w: q for q, ws in _QUAL.items() for w in ws.split("|")}
_QUAL_LAST = frozenset(w[-1] for w in _QUAL_WORD) | frozenset(w[-1].upper() for w in _QUAL_WORD)
# bare 过 before a share (过半, 进度过七成) is "more than" too; not in 通过/不过 (超过 is a word above)
_QUAL_LEFT = re.compile(rf"(?:(?<![最附])(?P<w>{_alts(_QUAL_WORD)})|(?<![通不超])(?P<w2>过))"
                        rf"{SP}[$¥€£]?$", re.I)
_QUAL_RIGHT = re.compile(rf"{SP}(?P<w>以上|以下|以内|左右|上下|之多|有余|or more|or so)")
_QUAL_RIGHT_MAP = {"以上": "gt", "以下": "lt", "以内": "le", "左右": "approx", "上下": "approx",
                   "之多": "gt", "有余": "gt", "or more": "ge", "or so": "approx"}

# ------------------------------------------------------------------------------ English months

_EN_FIRST = re.compile(r"\b[Ff]irst[ ]$")  # the first 11 months: the months 1—11
_MONTHS = {m: i + 1 for i, m in enumerate(
    "January February March April May June July August September October November December".split())}
_MON_ABBR = {k[:3]: v for k, v in _MONTHS.items()} | {"Sept": 9}
_MON_ALT = r"(?:January|February|March|April|May|June|July|August|September|October|November" \
           r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
_EN_MON_LEFT = re.compile(rf"\b(?P<mon>{_MON_ALT})\.?[ ]$")
_EN_MON_RIGHT = re.compile(rf"[ ](?P<mon>{_MON_ALT})\b\.?(?:,?[ ](?P<y>\d{{4}})(?!\d))?")
# the year of "Aug. 16, 2026" — also before a comma or full stop ("Aug. 16, 2026, after …"), but
# not the head of a longer figure (2,026.5 / 2026.5 / 2026%)
_EN_YEAR_AFTER = re.compile(r",?[ ](?P<y>\d{4})(?![\d%]|[.,]\d)")
_EN_MON_ONLY = re.compile(
    # (a sentence may open with it: "In December alone, …")
    rf"\b(?i:in|since|by|until|till|during|from|through|of|for|early|mid|late|last|this|next|end of)"
    rf"[ -](?P<mon>January|February|March|April|May|June|July|August|September|October|November"
    rf"|December)\b(?!,?[ ]?\d)"
)
_EN_YEAR_LEFT = re.compile(r"\b(?:in|since|by|until|from|through|during|of|before|after|for"
                           r"|between|and|to|year)[ ]$", re.I)


def _mon_num(name: str) -> int:
    return _MONTHS.get(name) or _MON_ABBR[name[:4] if name.startswith("Sept") else name[:3]]


# ------------------------------------------------------------------------------------- numerals

_TOK = re.compile(r"\d+(?:\.\d+)?|\.\d+|[十百千万亿]")
_BAD_CN_RUN = re.compile(r"[十百千万亿][一二三四五六七八九两][〇零一二三四五六七八九两]")


def _cn_digit_run(s: str) -> float | None:
    return float(s.translate(_TO_ASCII)) if s else None


def _parse_numeral(s: str) -> tuple[float, int, float] | None:
    """Parse an Arabic/Chinese/mixed numeral (internal form, no commas).

    Returns (value, consumed_chars, step) or None. Parsing stops before a unit char that cannot
    continue the number (5万千瓦 -> "5万"; 千瓦 is then the unit)."""
    intpart = s.split("点", 1)[0]
    if _BAD_CN_RUN.search(intpart) or re.search(r"^[一二三四五六七八九两][〇零一二三四五六七八九两]+[十百千]", intpart):
        return None  # 十四五, 三四十: not a number
    a = s.translate(_TO_ASCII)  # same length: one char per char
    terms: list[float] = []
    pending: float | None = None
    last_big = False
    last_unit = 1
    consumed = 0
    last_tok = ""
    last_num_end = 0
    after_last_num = 1.0
    pending_is_single_cn = False
    zero_seen = False
    for m in _TOK.finditer(a):
        tok = m.group()
        if tok[0] == ".":
            # 二十点五: the decimals belong to the group read so far (20 + 0.5)
            if pending is not None or not terms:
                return None
            pending = float(tok)
            last_tok = tok
            pending_is_single_cn = False
            zero_seen = False
            last_num_end = m.end()
            after_last_num = 1.0
            last_big = False
        elif tok[0].isdigit():
            if pending is not None:
                return None
            pending = float(tok)
            last_tok = tok
            pending_is_single_cn = len(tok) == 1 and not s[m.start()].isdigit()
            zero_seen = tok.startswith("0") and len(tok) > 1
            last_num_end = m.end()
            after_last_num = 1.0
            last_big = False
        elif tok in _SMALL:
            u = _SMALL[tok]
            if terms and not last_big and last_unit <= u:
                # 二十五千克: a 千 after the tens is not a multiplier but the unit's (25 千克)
                break
            if pending == 0 and m.start() > 0 and s[m.start() - 1] in "零〇":
                pending = 1.0  # 一千零十 = 1010: 零 stands for the missing hundreds, 十 is 一十
            if pending is None and tok == "十" and terms and last_unit > 10:
                pending = 1.0  # 一百十一 = 111: the spoken form drops the 一 of 一十
            if pending is None:
                if m.start() != 0:
                    break
                pending = 1.0
            terms.append(pending * u)
            pending = None
            last_unit = u
            last_big = False
            after_last_num *= u
        else:
            u = _BIG[tok]
            if pending is None and last_big and terms:
                terms[-1] *= u
            else:
                small = pending or 0.0
                while terms and terms[-1] < u:
                    small += terms.pop()
                if small == 0:
                    if m.start() != 0:
                        break
                    small = 1.0  # 万分之三
                terms.append(small * u)
                pending = None
            last_big = True
            last_unit = u
            after_last_num *= u
        consumed = m.end()
    if pending is not None:
        if pending_is_single_cn and terms and last_unit > 10 and not zero_seen \
                and s[last_num_end - 2] not in "零〇":
            pending *= last_unit / 10  # 一万五 = 15000, 三千五 = 3500
        terms.append(pending)
    if not terms or consumed == 0:
        return None
    dec = len(last_tok.split(".", 1)[1]) if "." in last_tok else 0
    step = (10.0 ** -dec) * after_last_num
    return sum(terms), consumed, step


# No figure in a briefing comes near this; a longer run of digits or scales is not a quantity
# (and past ~1e308 a float is inf, which int() refuses). Such a mention is skipped.
MAX_VALUE = 1e30


def _sane(v: float) -> bool:
    return math.isfinite(v) and abs(v) < MAX_VALUE


def _en_scale(word: str) -> float:
    return _EN_SCALE[word.lower()]


# -------------------------------------------------------------------------------------- extract

_LIST_NUM = re.compile(r"(?m)^[ \t]*(?:[-*+>][ \t]*)?[(（]?(\d{1,3})(?:\.(?!\d)|[、)）])")
_LINE_END = re.compile(r"[ \t]*(?:\n|$)")


# Every field, in declaration order, with its default (required ones are always given).
_TEMPLATE = {name: (None if f.is_required() else f.default) for name, f in NumberMention.model_fields.items()}
_setattr = object.__setattr__


def _mk(text: str, s: int, e: int, **kw) -> NumberMention:
    """`NumberMention.model_construct(text=…, start=s, end=e, **kw)`, without its per-field
    default lookups: fields are built here with the right types, and this is the hot path of
    ingest (every figure of every source). `tests/test_numbers.py` pins it to model_construct."""
    m = NumberMention.__new__(NumberMention)
    d = _TEMPLATE.copy()
    d["text"], d["start"], d["end"] = text[s:e], s, e
    d.update(kw)
    _setattr(m, "__dict__", d)
    _setattr(m, "__pydantic_fields_set__", {"text", "start", "end", *kw})
    _setattr(m, "__pydantic_extra__", None)
    _setattr(m, "__pydantic_private__", None)
    return m


def _is_year(v: float, raw: str) -> bool:
    return v == int(v) and 1000 <= v <= 2999 and re.fullmatch(r"\d{4}|[〇零一二三四五六七八九]{4}", raw) is not None


class _Core:
    __slots__ = ("start", "end", "value", "step", "raw", "scaled", "cn_only", "qual", "unit", "uf",
                 "ukind", "uend", "cur")


def _read_core(t: str, m: re.Match) -> _Core | None:
    """Value of an ar/cn core match, without unit."""
    c = _Core()
    c.start, c.end, c.qual, c.cur = m.start(), m.end(), None, None
    if m.group("ar") is not None:
        raw = m.group("arn")
        c.raw = raw
        v = float(raw.replace(",", ""))
        dec = len(raw.split(".", 1)[1]) if "." in raw else 0
        step = 10.0 ** -dec
        c.scaled = False
        if m.group("duo1"):
            c.qual = "gt"
        if m.group("arsc"):
            # rebuild numeral string: digits + scale part (no spaces, no commas)
            sc_start = m.start("arsc")
            p = _parse_numeral(raw.replace(",", "") + m.group("arsc"))
            if p is None:
                return None
            v, used, step = p
            used -= len(raw.replace(",", ""))
            c.end = sc_start + used if used > 0 else m.start("arsc")
            if used <= 0:
                c.end = m.end("arn") if not m.group("duo1") else m.end("duo1")
            c.scaled = used > 0
        elif m.group("ensc"):
            f = _en_scale(m.group("ensc"))
            v, step, c.scaled = v * f, step * f, True
        if not _sane(v):
            return None
        c.value, c.step, c.cn_only = v, step, False
        return c
    raw = m.group("cn")
    p = _parse_numeral(raw)
    if p is None:
        return None
    v, used, step = p
    if not _sane(v):
        return None
    c.end = c.start + used
    c.raw = raw[:used]
    c.value, c.step, c.cn_only = v, step, True
    c.scaled = any(ch in "万亿" for ch in c.raw)
    if not any(ch in "十百千万亿点" for ch in c.raw) and len(c.raw) > 1:
        # a bare run of Chinese digits is only a year (二〇二五年)
        if not (len(c.raw) == 4 and t.startswith("年", c.end) or t.startswith(" 年", c.end)):
            return None
    return c


def _read_unit(t: str, c: _Core) -> None:
    c.unit = c.uf = c.ukind = None
    c.uend = c.end
    um = _UNIT_RE.match(t, c.end)
    if um is None:
        return
    if um.group("zh"):
        if um.group("zh") == "度" and t[c.end - 1] not in "万亿":
            return  # 876亿度 is electricity; 30度 is a temperature or an angle
        c.unit, c.uf, c.ukind = _U[um.group("zh")]
    elif um.group("fold"):
        c.unit, c.uf, c.ukind = "x", 1, "multiple"
    elif um.group("lu"):
        u, f = _LETTER_U[um.group("lu")]
        c.unit, c.uf, c.ukind = u, f, "quantity"
    elif um.group("enh"):
        c.unit, c.uf, c.ukind = _EN_U[um.group("enh").lower().replace("-", " ")]
    else:
        c.unit, c.uf, c.ukind = _EN_U[um.group("en").lower()]
    if um.group("duo"):
        c.qual = "gt"
    c.uend = um.end()


def extract_numbers(text: str) -> list[NumberMention]:
    """All number mentions in ``text``, in order. See docs/NUMBERS.md for the rules."""
    t = _internal(text)
    out: list[NumberMention] = []
    list_starts = {m.start(1) for m in _LIST_NUM.finditer(t)}
    pos = 0
    n = len(t)
    search = _CORE.search
    while pos < n:
        m = search(t, pos)
        if m is None:
            break
        pos = m.end()
        kind = m.lastgroup
        s = m.start()
        if kind == "clock":
            continue
        if s and (t[s - 1] == "第" or (s > 1 and t[s - 1] == " " and t[s - 2] == "第")):
            continue
        if kind == "pct":
            p = _parse_numeral(m.group("pctn").replace(",", "")) if not m.group("pctn")[0].isdigit() \
                else (float(m.group("pctn").replace(",", "")), len(m.group("pctn")), None)
            if p is None or not _sane(p[0]):
                continue
            e = m.start("pctn") + p[1]
            pos = e
            q = _qualifiers(t, s, e)
            out.append(_mk(text, s, e, value=p[0], unit="%", kind="percent", qualifier=q, step=p[2]))
            continue
        if kind == "frac":
            den = _parse_numeral(m.group("den")) if not m.group("den").isdigit() \
                else (float(m.group("den")), 0, 1)
            num_s = m.group("numer")
            num = _parse_numeral(num_s) if not num_s[0].isdigit() else (float(num_s), len(num_s), 1)
            if den is None or num is None or den[0] == 0 or not _sane(den[0]) or not _sane(num[0]):
                continue
            e = m.start("numer") + num[1]
            pos = e
            out.append(_mk(text, s, e, value=num[0] / den[0], unit="frac", kind="fraction",
                           qualifier=_qualifiers(t, s, e)))
            continue
        if kind == "mixf":
            got = _mixed_fraction(text, t, m)
            if got is not None:
                out.append(got)
                pos = got.end
            continue
        if kind == "half":  # 一半, 半数, 过半: a share, as 二分之一 is
            out.append(_mk(text, s, m.end(), value=0.5, unit="frac", kind="fraction",
                           qualifier=_qualifiers(t, s, m.end())))
            continue
        if kind == "fan":
            k = _CN_DIGIT_VAL.get(m.group("fann") or "一", 1)
            out.append(_mk(text, s, m.end(), value=float(2 ** k), unit="x", kind="multiple",
                           qualifier=_qualifiers(t, s, m.end())))
            continue
        if kind == "cheng":
            ch = m.group("chn")
            v = float(ch) if ch[0].isdigit() else float(_parse_numeral(ch)[0])
            if v > 10:
                continue
            dec = len(ch.split(".", 1)[1]) if "." in ch else 0
            out.append(_mk(text, s, m.end(), value=v * 10, unit="%", kind="percent",
                           qualifier=_qualifiers(t, s, m.end()), step=10.0 ** (1 - dec)))
            continue
        if kind == "iso":
            y, mo, d = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
            if 1 <= mo <= 12 and 1 <= d <= 31:
                out.append(_mk(text, s, m.end(), value=float(y * 10000 + mo * 100 + d), unit="date",
                               kind="date", year=y, month=mo, day=d))
            continue
        # ar / cn
        if kind == "ar":
            if s in list_starts:
                continue
            if s and (t[s - 1].isascii() and t[s - 1].isalpha() or (
                    s > 1 and t[s - 1] in "-_" and t[s - 2].isascii() and t[s - 2].isalpha())):
                continue
            if s > 0 and t[s - 1] in "[【^" and t.startswith(("]", "】"), m.end("arn")):
                continue
        if kind == "cn" and t[m.end():m.end() + 1] not in _CN_NEXT:
            continue  # 统一, 一些, 两会…: a Chinese numeral needs a unit right after it
        if kind == "cn":
            got = _adjacent_pair(text, t, s)
            if got is not None:
                out.append(got)
                pos = got.end
                continue
        c = _read_core(t, m)
        if c is None:
            if kind == "cn":
                pos = s + 1
            continue
        pos = c.end
        _read_unit(t, c)
        e = c.uend
        # names with digits: 5G, 3D, 4K, 2.4bn handled above
        if kind == "ar" and c.unit is None and e < n and t[e].isascii() and t[e].isalpha():
            pos = e
            while pos < n and t[pos].isascii() and t[pos].isalnum():
                pos += 1
            continue
        # currency prefix
        cur = None
        if kind == "ar":
            for sym, name in CURRENCY_PREFIX:
                if t.startswith(sym, s - len(sym)) and s >= len(sym):
                    cur, s = name, s - len(sym)
                    if sym in ("$", "¥") and s >= 1 and t[s - 1].isascii() and t[s - 1].isalpha():
                        # NZ$, MX$: a dollar (or yen/yuan sign) of a currency not in the table is
                        # not the US dollar; its letters name it
                        k = s
                        while k >= 1 and t[k - 1].isascii() and t[k - 1].isalpha():
                            k -= 1
                        cur, s = t[k:s] + sym, k
                    break
        sign = 1.0
        if kind == "ar" and cur is None and s >= 1 and t[s - 1] == "-" and (
                s < 2 or t[s - 2] in " \t\n(:：，,;；=为是"):
            sign, s = -1.0, s - 1
        got = _finish(text, t, c, s, e, cur, sign, kind)
        if got is None:
            pos = max(pos, e)
            continue
        ms, pos = got
        out.extend(ms)
    # English month names with no digits: "in May"
    starts = [o.start for o in out]  # out is in text order here
    for mm in _EN_MON_ONLY.finditer(t):
        s, e = mm.start("mon"), mm.end("mon")
        i = bisect.bisect_right(starts, s) - 1
        if i < 0 or out[i].end <= s:
            mo = _MONTHS[mm.group("mon")]
            out.append(_mk(text, s, e, value=float(mo), unit="month", kind="month", month=mo))
    # a tenor spelled out (seven-day reverse repos, two-year bonds): the 7天期 a Chinese report writes
    for tm in _EN_TENOR.finditer(t):
        s = tm.start()
        i = bisect.bisect_right(starts, s) - 1
        if i < 0 or out[i].end <= s:
            out.append(_mk(text, s, tm.end("n"), value=float(_EN_SMALL[tm.group("n").lower()]), unit="", kind="quantity"))
    out.sort(key=lambda x: x.start)
    return out


_EN_SMALL = {w: k for k, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                         "fourteen fifteen".split())} | {"twenty": 20, "thirty": 30}
_EN_TENOR = re.compile(r"\b(?P<n>" + "|".join(_EN_SMALL) + r")-(?:day|week|month|year)\b", re.I)


_PAIR = re.compile(r"([一两二三四五六七八九])([两二三四五六七八九])([十百千万亿]{1,4})")
# 三五百家 (three to five hundred) is the one spoken range of digits that are not neighbours
_NEXT_DIGIT = {"一": "二两", "二": "三", "两": "三", "三": "四五", "四": "五", "五": "六", "六": "七",
               "七": "八", "八": "九"}


def _adjacent_pair(text: str, t: str, s: int) -> NumberMention | None:
    """三四万人, 七八十家: two neighbouring digits before a scale are an approximate range."""
    pm = _PAIR.match(t, s)
    if pm is None or pm.group(2) not in _NEXT_DIGIT.get(pm.group(1), ""):
        return None
    c = _Core()
    c.start, c.end, c.qual = s, pm.end(), None
    _read_unit(t, c)
    if c.unit is None or c.unit in ("年", "月", "日"):
        return None
    scale = _scale_of(pm.group(3)) * (c.uf or 1)
    lo, hi = _CN_DIGIT_VAL[pm.group(1)] * scale, _CN_DIGIT_VAL[pm.group(2)] * scale
    return _mk(text, s, c.uend, value=float(lo), value_hi=float(hi), unit=c.unit, kind="range",
               qualifier="approx")


def _mixed_fraction(text: str, t: str, m: re.Match) -> NumberMention | None:
    """三又五分之一 = 3.2 (then a unit may follow: 三又五分之一倍)."""
    def val(x: str) -> float | None:
        if x[0].isdigit():
            return float(x)
        p = _parse_numeral(x)
        return p[0] if p else None

    whole, den, num = val(m.group("mint")), val(m.group("mden")), val(m.group("mnum"))
    if whole is None or not den or num is None or not all(_sane(v) for v in (whole, den, num)):
        return None
    c = _Core()
    c.start, c.end, c.qual = m.start(), m.end(), None
    _read_unit(t, c)
    unit, f, kind = c.unit or "", c.uf or 1, c.ukind or "quantity"
    return _mk(text, m.start(), c.uend, value=(whole + num / den) * f, unit=unit, kind=kind,
               qualifier=_qualifiers(t, m.start(), c.uend))


def _qualifiers(t: str, s: int, e: int, inner: str | None = None) -> str:
    j = s - 1
    if j >= 0 and t[j] in "$¥€£":
        j -= 1
    if j >= 0 and t[j] in " \t":
        j -= 1
    lm = _QUAL_LEFT.search(t, max(0, s - 16), s) if j >= 0 and t[j] in _QUAL_LAST else None
    if lm is not None and lm.group("w2"):
        # only before a share (过半, 过七成): after a verb 过 is aspect (举办过3届), not "more than"
        if t[e - 1] in "成半数":
            return "gt"
        lm = None
    if lm is not None:
        w = lm.group("w")
        q = _QUAL_WORD.get(w) or _QUAL_WORD.get(w.lower())
        if q:
            # English words need a word boundary on the left
            st = lm.start("w")
            if not (w.isascii() and st > 0 and t[st - 1].isalpha()):
                return q
    if inner:
        return inner
    rm = _QUAL_RIGHT.match(t, e)
    if rm is not None:
        return _QUAL_RIGHT_MAP[rm.group("w")]
    return "exact"


def _date_cont(t: str, c: _Core, text: str, s: int) -> tuple[list[NumberMention], int] | None:
    """Calendar year / month / day handling for cores followed by 年/月/日."""
    if c.unit == "年" and _is_year(c.value, c.raw) and not c.scaled:
        y = int(c.value)
        dm = _YMD_CONT.match(t, c.uend)
        if dm:
            mo = _small_int(dm.group("m"))
            d = _small_int(dm.group("d")) if dm.group("d") else None
            if mo and 1 <= mo <= 12 and (d is None or 1 <= d <= 31):
                if d:
                    return [_mk(text, s, dm.end(), value=float(y * 10000 + mo * 100 + d), unit="date",
                                kind="date", year=y, month=mo, day=d)], dm.end()
                return [_mk(text, s, dm.end(), value=float(mo), unit="month", kind="month",
                            year=y, month=mo)], dm.end()
        return [_mk(text, s, c.uend, value=float(y), unit="year", kind="year", year=y)], c.uend
    if c.unit == "月" and c.value == int(c.value) and 1 <= c.value <= 12 and not c.scaled:
        mo = int(c.value)
        dm = _DAY_CONT.match(t, c.uend)
        if dm:
            d = _small_int(dm.group("d"))
            if d and 1 <= d <= 31:
                return [_mk(text, s, dm.end(), value=float(mo * 100 + d), unit="date", kind="date",
                            month=mo, day=d)], dm.end()
        return [_mk(text, s, c.uend, value=float(mo), unit="month", kind="month", month=mo)], c.uend
    if c.unit == "日" and c.value == int(c.value) and 1 <= c.value <= 31 and len(c.raw) > 1 - (not c.cn_only):
        d = int(c.value)
        return [_mk(text, s, c.uend, value=float(d), unit="date", kind="date", day=d)], c.uend
    return None


def _small_int(s: str | None) -> int | None:
    if not s:
        return None
    if s.isdigit():
        return int(s)
    p = _parse_numeral(s)
    return int(p[0]) if p else None


def _finish(text: str, t: str, c: _Core, s: int, e: int, cur: str | None, sign: float,
            kind: str) -> tuple[list[NumberMention], int] | None:
    n = len(t)
    # 前两个月 as 前2个月: the months 1—2 (before the single-digit rule below drops 两个)
    if c.unit == "个月" and c.cn_only and c.value == int(c.value) and 1 <= c.value <= 12 \
            and not c.scaled and (t[s - 1:s] == "前" or t[s - 2:s] == "前 "):
        return [_mk(text, s, c.uend, value=1.0, value_hi=c.value, unit="month", kind="range",
                    qualifier="exact")], c.uend
    # single Chinese digit + generic counter (一个, 两家, 三年): prose, not a figure
    if c.cn_only and len(c.raw) == 1 and c.unit is not None and c.unit not in ("月", "x"):
        return None
    if c.unit in ("年", "月", "日"):
        d = _date_cont(t, c, text, s)
        if d is not None:
            return d
        if c.unit == "日":
            return None
        if c.unit == "月":
            c.unit = "个月"
    # 前5个月 is the months 1—5 (as 1—5月份 is), and so are "the first 5 months"
    if c.unit == "个月" and c.value == int(c.value) and 1 <= c.value <= 12 and not c.scaled \
            and (t[s - 1:s] == "前" or t[s - 2:s] == "前 " or _EN_FIRST.search(t, max(0, s - 7), s)):
        return [_mk(text, s, c.uend, value=1.0, value_hi=c.value, unit="month", kind="range",
                    qualifier="exact")], c.uend
    # English dates around an integer
    if kind == "ar" and c.unit is None and c.value == int(c.value) and "." not in c.raw \
            and "," not in c.raw and not c.scaled:
        iv = int(c.value)
        lm = _EN_MON_LEFT.search(t, max(0, s - 11), s) if s > 1 and t[s - 2].isascii() \
            and (t[s - 2].isalpha() or t[s - 2] == ".") else None
        if lm:
            mo = _mon_num(lm.group("mon"))
            ms = lm.start("mon")
            if 1 <= iv <= 31:
                ym = _EN_YEAR_AFTER.match(t, e)
                if ym and 1000 <= int(ym.group("y")) <= 2999:
                    y = int(ym.group("y"))
                    return [_mk(text, ms, ym.end(), value=float(y * 10000 + mo * 100 + iv),
                                unit="date", kind="date", year=y, month=mo, day=iv)], ym.end()
                return [_mk(text, ms, e, value=float(mo * 100 + iv), unit="date", kind="date",
                            month=mo, day=iv)], e
            if 1000 <= iv <= 2999:
                return [_mk(text, ms, e, value=float(mo), unit="month", kind="month", year=iv,
                            month=mo)], e
        if 1 <= iv <= 31:
            rm = _EN_MON_RIGHT.match(t, e)
            if rm:
                mo = _mon_num(rm.group("mon"))
                y = int(rm.group("y")) if rm.group("y") else None
                v = float((y or 0) * 10000 + mo * 100 + iv)
                return [_mk(text, s, rm.end(), value=v, unit="date", kind="date", year=y, month=mo,
                            day=iv)], rm.end()
        if 1000 <= iv <= 2999 and len(c.raw) == 4 and s > 1 and t[s - 2].isascii() \
                and _EN_YEAR_LEFT.search(t, max(0, s - 9), s):
            return [_mk(text, s, e, value=float(iv), unit="year", kind="year", year=iv)], e
    # ranges: a bare left number, a dash/至/~, a right number with a unit
    if c.unit is None and cur is None:
        rs = _RANGE_SEP.match(t, e)
        if rs:
            m2 = _CORE.match(t, rs.end())
            if m2 is not None and m2.lastgroup in ("ar", "cn") and (m2.lastgroup == "ar") == (kind == "ar"):
                c2 = _read_core(t, m2)
                if c2 is not None:
                    _read_unit(t, c2)
                    if c2.unit is not None:
                        r = _range(text, t, c, c2, s)
                        if r is not None:
                            return r
    if c.cn_only and c.unit is None:
        return None
    if c.unit is None and cur is None and not c.scaled and "." not in c.raw and s > 0 \
            and t[s - 1] in " \t" and _LINE_END.match(t, e):
        return None  # a page number at the end of a contents line: "…支撑\t1"
    unit, f, uk = c.unit or "", c.uf or 1, c.ukind or "quantity"
    if cur:
        if unit in ("", "元") or uk != "quantity":
            unit = cur if uk == "quantity" else unit
    q = _qualifiers(t, s, c.uend, c.qual)
    return [_mk(text, s, c.uend, value=sign * c.value * f, unit=unit, kind=uk, qualifier=q,
                step=c.step * f if c.step else None)], c.uend


def _range(text: str, t: str, c: _Core, c2: _Core, s: int):
    lo, hi = c.value, c2.value
    if c2.unit == "年" and _is_year(lo, c.raw) and _is_year(hi, c2.raw):
        unit, lo_v, hi_v = "year", lo, hi
    elif c2.unit in ("月",) and 1 <= lo <= 12 and 1 <= hi <= 12 and not c2.scaled:
        unit, lo_v, hi_v = "month", lo, hi
    elif c2.unit in ("年", "月", "日"):
        return None
    else:
        unit = c2.unit
        scale = 1.0
        if c2.scaled and not c.scaled:
            # 3—5 万辆: the scale written once applies to both ends
            m2 = re.search(r"[万亿千百十]+$|(?i:thousand|million|billion|trillion|bn|mn|tn)$",
                           t[c2.start:c2.end])
            if m2:
                sc = m2.group()
                scale = _EN_SCALE[sc.lower()] if sc[0].isascii() else _scale_of(sc)
        lo_v, hi_v = lo * scale * c2.uf, hi * c2.uf
        if unit == "月份":
            unit = "月"
    if hi_v < lo_v:
        return None
    q = _qualifiers(t, s, c2.uend)
    return [_mk(text, s, c2.uend, value=lo_v, value_hi=hi_v, unit=unit, kind="range",
                qualifier=q)], c2.uend


def _scale_of(sc: str) -> float:
    v = 1.0
    for ch in sc:
        v *= _SMALL.get(ch) or _BIG.get(ch, 1)
    return v


# ------------------------------------------------------------------------------------- matching

_COMPAT = COMPAT
_DATE_KINDS = DATE_KINDS
_REL = 1e-9


def _close(a: float, b: float) -> bool:
    return math.isclose(abs(a), abs(b), rel_tol=_REL, abs_tol=1e-12)


_cat = unit_class  # (comparable unit, value): fractions as percents, 台/套 as 台套


def _endpoints(r: NumberMention) -> list[NumberMention]:
    out = []
    for v in (r.value, r.value_hi):
        if r.unit == "year":
            out.append(r.model_copy(update=dict(value=v, value_hi=None, kind="year", year=int(v))))
        elif r.unit == "month":
            out.append(r.model_copy(update=dict(value=v, value_hi=None, kind="month", month=int(v))))
        else:
            k = {"%": "percent", "pp": "pp", "x": "multiple"}.get(r.unit, "quantity")
            out.append(r.model_copy(update=dict(value=v, value_hi=None, kind=k, qualifier="exact")))
    return out


def _date_ok(claim: NumberMention, cand: NumberMention) -> bool:
    if cand.kind not in _DATE_KINDS:
        # an English "in 2025" may have come out bare; a bare integer equal to the year counts
        return (claim.kind == "year" and cand.unit == "" and cand.kind == "quantity"
                and cand.value == claim.value and cand.qualifier == "exact")
    for f in ("year", "month", "day"):
        cv = getattr(claim, f)
        if cv is not None and getattr(cand, f) != cv:
            return False
    return True


def _within(cv: float, sv: float, step: float | None) -> bool:
    if _close(cv, sv):
        return True
    return step is not None and abs(abs(cv) - abs(sv)) <= step / 2 * (1 + 1e-9)


def _qual_ok(cq: str, cv: float, sq: str, sv: float, step: float | None) -> bool:
    cv, sv = abs(cv), abs(sv)
    eq = _close(cv, sv)
    if cq == "exact":
        return sq == "exact" and eq
    if cq == "approx":
        return _within(cv, sv, step)
    if cq in ("gt", "ge"):
        if sq in ("gt", "ge"):
            return eq or sv > cv
        if sq in ("exact", "approx"):  # 超过36亿 from 约36.8亿: clearly above either way
            return (sv > cv and not eq) if cq == "gt" else (eq or sv > cv)
        return False
    # lt / le
    if sq in ("lt", "le"):
        return eq or sv < cv
    if sq in ("exact", "approx"):
        return (sv < cv and not eq) if cq == "lt" else (eq or sv < cv)
    return False


def supports(claim: NumberMention, candidate: NumberMention) -> bool:
    """True when ``candidate`` (a mention in a source) supports ``claim`` (a mention in a draft)."""
    if candidate.kind == "range" and claim.kind != "range":
        if candidate.qualifier == "approx" and claim.qualifier == "exact":
            return False  # 三五百家 (a spoken "three to five hundred") vouches for no exact 500家
        return any(supports(claim, ep) for ep in _endpoints(candidate))
    if claim.kind == "range":
        if candidate.kind != "range":
            return False
        if _COMPAT.get(claim.unit, claim.unit) != _COMPAT.get(candidate.unit, candidate.unit):
            return False
        return _close(claim.value, candidate.value) and _close(claim.value_hi or 0, candidate.value_hi or 0)
    if claim.kind in _DATE_KINDS:
        return _date_ok(claim, candidate)
    if candidate.kind in _DATE_KINDS:
        return False
    cu, cv = _cat(claim)
    su, sv = _cat(candidate)
    if cu != su:
        # a bare figure (English "2.4 billion") is compatible with any counted quantity
        if not ((cu == "" and candidate.kind == "quantity") or (su == "" and claim.kind == "quantity")):
            return False
        # A bare figure only vouches for the same value: "8200 多家" must not be backed by a bare 80412.
        return _close(cv, sv)
    step = claim.step * (100 if claim.kind == "fraction" else 1) if claim.step else None
    if _rounded(claim, cv, candidate, sv, step):
        return True
    return _qual_ok(claim.qualifier, cv, candidate.qualifier, sv, step)


_SCALE_WORDS = re.compile(r"[十百千万亿]|thousand|million|billion|trillion|bn|mn|tn", re.I)


def _rounded(claim: NumberMention, cv: float, candidate: NumberMention, sv: float, step: float | None) -> bool:
    """246870亿元 written 24.69万亿元, 71250万吨 written 7.13亿吨: a figure converted to another
    scale shows fewer digits, and the source rounds to it (half a step of the draft's last digit).
    In the source's own scale an exact figure is not silently rounded (41.7万亿元 is not
    41.72万亿元). At least two significant digits must be shown: 0.1万亿元 vouches for nothing."""
    if claim.qualifier != "exact" or candidate.qualifier != "exact" or not step or not candidate.step:
        return False
    if _SCALE_WORDS.findall(claim.text) == _SCALE_WORDS.findall(candidate.text):
        return False
    if claim.kind not in ("quantity", "percent", "pp", "multiple") or candidate.kind != claim.kind:
        return False
    if candidate.step >= step * (1 - 1e-9) or abs(cv) < 10 * step * (1 - 1e-9):
        return False
    return abs(abs(cv) - abs(sv)) <= step / 2 * (1 + 1e-9)


def find_support(claim: NumberMention, candidates: list[NumberMention]) -> NumberMention | None:
    """The first candidate that supports ``claim``, preferring an equal value."""
    hits = [c for c in candidates if supports(claim, c)]
    if not hits:
        return None
    cv = _cat(claim)[1]
    for h in hits:
        if h.kind == "range" or h.kind in _DATE_KINDS or _close(_cat(h)[1], cv):
            return h
    return hits[0]


def _sig(v: float) -> str:
    if v == 0:
        return "0"
    return f"{abs(v):.12e}".split("e")[0].replace(".", "").rstrip("0")


def nearest(claim: NumberMention, candidates: list[NumberMention]) -> NumberMention | None:
    """Best "did you mean" candidate: compatible unit first, then same digits, then closest value."""
    if not candidates:
        return None
    cu, cv = _cat(claim)
    csig = _sig(cv)

    def score(c: NumberMention):
        su, sv = _cat(c)
        same_unit = su == cu or (claim.kind in _DATE_KINDS and c.kind in _DATE_KINDS)
        kind_ok = c.kind == claim.kind
        a, b = abs(cv), abs(sv)
        dist = abs(math.log10(a / b)) if a > 0 and b > 0 else (0.0 if a == b else 99.0)
        return (0 if same_unit else 1, 0 if kind_ok else 1, 0 if _sig(sv) == csig else 1, dist)

    return min(candidates, key=score)


def date_mentions(year: int, month: int, day: int) -> list[NumberMention]:
    """Mentions a source dated year-month-day supports: the date, 6月4日, 2026年6月, 6月, 2026年."""
    def mk(txt, **kw):
        return NumberMention(text=txt, start=0, end=len(txt), **kw)

    return [
        mk(f"{year}-{month:02d}-{day:02d}", value=float(year * 10000 + month * 100 + day),
           unit="date", kind="date", year=year, month=month, day=day),
        mk(f"{month}月{day}日", value=float(month * 100 + day), unit="date", kind="date",
           month=month, day=day),
        mk(f"{year}年{month}月", value=float(month), unit="month", kind="month", year=year,
           month=month),
        mk(f"{month}月", value=float(month), unit="month", kind="month", month=month),
        mk(f"{year}年", value=float(year), unit="year", kind="year", year=year),
    ]


_NEARBY: list = [None, (), []]  # one-slot cache: (mentions list, their starts, sorted mentions)


def nearby(mentions: Sequence[NumberMention], lo: int, hi: int) -> Sequence[NumberMention]:
    """The mentions of `mentions` (one text's) that overlap [lo, hi), found by bisection so a claim
    check of a text with thousands of figures looks at each figure's neighbours only (the list of
    the last call is remembered: a check asks for every figure of one sentence in turn)."""
    if _NEARBY[0] is not mentions or len(_NEARBY[1]) != len(mentions):
        ordered = sorted(mentions, key=lambda m: m.start)
        _NEARBY[:] = [mentions, [m.start for m in ordered], ordered]
    starts, ordered = _NEARBY[1], _NEARBY[2]
    # a mention starting before lo may still reach into the window: figures are short, so step
    # back by a bounded margin rather than scanning from the start
    i = bisect.bisect_left(starts, lo - 64)
    j = bisect.bisect_left(starts, hi)
    return [m for m in ordered[i:j] if m.end > lo]
