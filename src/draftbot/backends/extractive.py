"""The extractive backend: no model; the draft is made of sentences selected from the evidence.

Selection per section:
- candidates: the sentences of each evidence snippet (`split_sentences`), minus headings and
  fragments; for an English source, the sentences of its Chinese front-matter summary instead
  (falling back to the English sentences when the summary is absent or none of it verifies);
- relevance: character-bigram / word overlap with the section's queries (and, weighted lower, its
  guidance), IDF-weighted over the candidates, plus a bonus for figures and for early evidence;
- diversity: maximal marginal relevance, a mild penalty per sentence already taken from the same
  source, and no near-duplicates;
- length: up to the section's target characters.
Every sentence keeps its evidence number; the chosen ones are printed grouped by source, in the
source's own order, so the text reads like the original.

今日判断: one point per section made of its sources' own titles, each cited to the source it is the
title of (a section named from two titles cites both, each for its own words). 摘要: one short lead
per section, in section order, cited as the section cites it. Both cite sources, never a section.
Deterministic: the same evidence always gives the same draft.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from draftbot.backends.base import (
    ClauseOut,
    OverviewTask,
    ParagraphOut,
    SectionOut,
    SectionTask,
    SummaryTask,
    SynthesisTask,
    UsageMeter,
)
from draftbot.briefing.marks import EDITOR_NOTE, strip_groups
from draftbot.outline.headings import document_verb, title_core, wire_name
from draftbot.outline.sources import PlanSource
from draftbot.text.frames import basis_slot, inherited_basis, inherited_period
from draftbot.text.normalize import is_chinese, normalize_width
from draftbot.sources.doc_head import is_date_line
from draftbot.sources.tables import is_form_row
from draftbot.text.hostile import is_hostile
from draftbot.text.sentences import split_sentences
from draftbot.text.similarity import char_bigrams

# (clause text, source ids it cites) -> True when it passes the verifier
Accept = Callable[[str, list[str]], bool]

_CJK = re.compile(r"[\u3400-\u9fff]")
_WORDS = re.compile(r"[a-z][a-z\-]+|[0-9]+(?:\.[0-9]+)?")
_FIGURE = re.compile(r"[0-9０-９]|[一二三四五六七八九十百千万亿]+(?:个|种|家|项|倍|%)")
_YEARISH = re.compile(r"^(?:19|20)\d\d$")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]\s+|\d+[.)、]\s*|[（(]?[一二三四五六七八九十]+[)）、]\s*)")
_END_PUNCT = "。；！？!?;"
# a numbered item's title standing as its own sentence: short, no pause, no figure
_ITEM_TITLE = re.compile(r"^[^，,；;：:\d]{2,20}[。；;]?$")
# a summary lead must stand alone: not open on a reference back (本次分赛…, 其中…, 此外…) nor be a
# document's own preamble (…制定本方案)
_DEPENDENT = re.compile(r"^(?:本次|此次|该|这|其中|同时|此外|另外|对此|为此|与此同时|据介绍|他们?|她)"
                        r"|本(?:方案|通知|办法|意见|规划|细则|行动计划|计划|监测|报告)")
# a release's footnotes (附注：统计范围为…; 资料来源：…) are the publisher's apparatus, not news
# a Q&A page (答记者问): the question is not quoted, the answer without its 答：
_QUESTION = re.compile(r"^(?:问|记者|提问)\s*[：:]")
_ANSWER = re.compile(r"^答\s*[：:]\s*")
_NOTE = re.compile(r"^(?:附注|注|注释|说明|备注|资料来源|数据来源|来源)\s*[：:]")
# a wire's exchange-rate note ($1 = 7.0215 Chinese yuan): how it converted, not news
_FX_NOTE = re.compile(r"^\(?\s*(?:US)?\$1\s*=\s*[\d.,]+\s*[A-Za-z .]+\)?\s*$")
# a notice's closing particulars: whom to call, what is attached (联系人：…电话：…, 附件：1.…)
_PARTICULARS = re.compile(r"^(?:联系人|联系电话|联系方式|咨询电话|监督电话|传真|电子邮箱|邮箱|E-?mail|通讯地址|邮编|附件\s*\d*)\s*[：:]|"
                          r"联系人[：:].{0,30}(?:电话|手机)[：:]?\s*[\d（(-]", re.I)
# a table's caption (表1 2026年全国粮食播种面积、总产量…情况（核定数）): the table's name, not news
_CAPTION_LINE = re.compile(r"^(?:附)?表\s?\d{1,2}[\s：:]")
# "出口方面，6月…": a paragraph's signpost, which a lead standing alone does without
_SIGNPOST = re.compile(r"^[\u3400-\u9fff]{1,6}方面[，,]\s*")
# a wire story's dateline and byline (新华社哈尔滨10月20日电（记者 王某）, BEIJING, June 7 (Reuters) -):
# the slug, not the news;
# the reference list names the agency
_DATELINE = re.compile(r"^(?:[A-Z][A-Za-z .'-]{1,40}, [A-Z][a-z]{2,8}\.? \d{1,2} \((?:Reuters|AP|AFP|Bloomberg|Xinhua)\)\s*[-–—]+\s*|本报讯|[^\s，。：；、]{0,12}?\d{1,2}月\d{1,2}日(?:电|讯))(?:\s*[（(]记者[^）)]{0,40}[）)])?[\s　]*")
FIGURE_BONUS_OWN = 0.6
# a policy document's preamble (为深入贯彻落实…) and its closing duty (下一步，要…) state no news
_PREAMBLE = re.compile(r"^(?:为(?:深入)?(?:贯彻落实|贯彻|落实|深入实施|全面贯彻)|下一步[，,]|要(?:坚持|加快|着力|持续|进一步)"
                       r"|以习近平新时代中国特色社会主义思想为指导)"
                       r"|^为[^。]{0,60}(?:制定|印发|出台)本(?:行动计划|计划|方案|办法|细则|意见)")
PREAMBLE_PENALTY = 0.8
# a title that states a change reads as a judgement ("…产量增长超两成"); "…运行情况" only names a topic
_CHANGE = re.compile(r"增长|增加|下降|减少|上涨|下跌|回落|回升|提升|提高|加快|放缓|突破|超过|超|扩大|收窄|创新高|创新低|创历史|达到|攀升|走强|走弱|停产|翻番|稳中|平稳|向好|过半|[过超近]?[一二三四五六七八九]成"
                     r"|迈出|积蓄|提速|增强|壮大|回暖|企稳|走高|走低|领涨|领跌|分化|启幕|启动|开幕|召开|举行|开通|投产|落地|出台")
_INNER_SPACE = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
# when, not how much: "1—8月份", "9月10日", "第三季度", "前三季度"
_WHEN = re.compile(r"\d{1,2}\s*[—\-～~至]\s*\d{1,2}\s*月份?|\d{1,2}\s*月(?:份|上旬|中旬|下旬)?|\d{1,2}\s*日|[前第]?[一二三四1-4]季度|上半年|下半年"
                   r"|[前头]\d{1,2}\s*天")  # 春节假期前5天: when, not how much
# a title that only names a document ("1—8月份全国电力工业统计数据") becomes what its publisher did
_ANNOUNCE = {"release": "发布", "notice": "部署", "policy": "印发"}
# a title that is itself the announcing (公布首批…名单): the publisher goes before it, no verb twice
_ANNOUNCING = (*_ANNOUNCE.values(), "公布", "公示", "印发", "发布", "出台", "启动", "开展", "部署")
POINT_TITLES = 2  # titles per 今日判断 point
POINT_CHARS = 60
LEAD_WINDOW = 6  # a section's lead for 摘要 is among its first clauses
LEAD_MIN_CHARS = 40
# what the offline 今日判断 says it is: the backend selects, it cannot judge
ORDINALS = ["第一", "第二", "第三", "第四", "第五", "第六", "第七", "第八", "第九", "第十"]


def features(text: str) -> set[str]:
    """Character bigrams of the CJK runs plus lower-case ASCII words and numbers."""
    t = normalize_width(text).lower()
    feats: set[str] = set()
    for run in re.findall(r"[\u3400-\u9fff]+", t):
        feats.update(char_bigrams(run))
    for w in _WORDS.findall(t):
        if len(w) >= 2 and not _YEARISH.match(w):
            feats.add(w)
    return feats


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def has_figure(text: str) -> bool:
    """A quantity other than a bare year (2025年) or an ordinal."""
    t = re.sub(r"(?:19|20)\d\d\s*年", "", normalize_width(text))
    t = re.sub(r"第[一二三四五六七八九十\d]+", "", t)
    return bool(_FIGURE.search(t))


def states_quantity(text: str) -> bool:
    """A figure other than a year, a month, a day or a quarter: "下降1.9%", "约179万辆"."""
    return has_figure(_WHEN.sub("", text))


# a table row as the source reader renders it: `进出口总值：4月 38392.5亿元；1至4月 141396.3亿元。`
# (cells are `name value` pairs: a line with a Chinese comma is prose, e.g. a Q&A's 答：…，…；…。)
# a table copied from a page as text: its rows are cells between tabs (`指标\t1-9月\t同比增长(%)`),
# never a sentence of prose
_TAB_ROW = re.compile(r"(?m)^[^\n\t]*\t[^\n]*$")
_TABLE_ROW = re.compile(r"(?m)^(?P<label>(?:其中[：:])?[^：:\n。；]{1,30})[：:](?P<cells>[^\n：:，]*；[^\n，]*)。[ \t]*$")
# a row whose cells hold words (`算力互联互通：拟遴选数量 10个；主要指标要求 接入…，…。`): every cell a
# column's name, a space, its value; never cut into sentences (a cell alone loses its row)
_WORD_ROW = re.compile(r"(?m)^[^：:\n。；，]{1,30}[：:](?:\S{1,16} [^\n；]{1,120}(?:；\S{1,16} [^\n；]{1,120})+"
                       r"|[\u4e00-\u9fff]{1,6} [^\n；]{1,120})。[ \t]*$")  # (or one cell: `单位面积产量：说明 在全国…`)
# what is left of a row the reader could not take whole: `城市：环比涨跌幅 -0.2%`, a cell's name and value
# (a cell's name may be two header rows' words: `11月 货运量 91.3万吨`)
_CELL_NAME = r"[^，。：:；\s]{1,16}(?:\s[^，。：:；\s\d][^，。：:；\s]{0,9})?"
# (a unit as long as 亿元人民币; a cell with no figure, `12月 —`)
_CELL_FRAGMENT = re.compile(rf"[：:]{_CELL_NAME}\s(?:[-−+]?\d[\d,.]*(?:%|‰|[\u3400-\u9fff]{{1,6}})?|[-−–—])(?:[；;。]|$)"
                            # a row cut at a chunk's edge: `1—5月同比涨跌幅 -。`, a lone name and value
                            # (a unit as a cell writes it: `1至4月 83906.2亿元；`)
                            rf"|^{_CELL_NAME}\s(?:[-−–—]|[-−+]?\d[\d,.]*(?:%|‰|[\u3400-\u9fff]{{1,4}})?)\s*[；;。]?$")
# a notice's addressees on their own line (国家外汇管理局各省、自治区、直辖市、计划单列市分局；各全国性中资银行：):
# whom it is sent to, not what it says
_ADDRESSEES = re.compile(r"(?m)^[ \t　]*(?![^\n]*?(?:要|应|须|将|请|负责|开展|加强|推进|建立|做好|如下))[^\n。！？\d]{0,40}?各(?:省|有关|地|级|市|县|区|部|委|单位|直属|全国性|[^\n、；;：:]{0,10}(?:分局|分行|单位|部门))"
                         r"[^\n。！？\d]{0,160}[：:][ \t　]*$")
# a release's notes (附注：, then 1.统计范围… 2.指标解释…) until its next numbered heading: how the
# figures were made, not news
_NOTES_BLOCK = re.compile(r"(?m)^[ \t　]*(?:附注|注|注释|说明|备注)[ \t　]*[：:]?[ \t　]*\n(?:(?![ \t　]*[一二三四五六七八九十]+、).*(?:\n|$))*")
# a notice's forwarding and closing formulas (现将…印发给你们，请结合实际认真贯彻落实; 现提出以下措施;
# 重大情况及时向国务院报告): how it is sent, not what it says
_FORMULA = re.compile(r"现将.{0,60}印发给你们|现就.{0,40}通知如下|本(?:通知|办法|意见|方案)自.{0,12}之日起(?:施行|实施)|请结合实际.{0,8}(?:贯彻落实|贯彻执行|抓好落实|遵照执行)|现提出(?:以下|如下)"
                      r"|要结合实际抓好落实|重大(?:情况|问题|事项)及时.{0,12}报告|现予印发|请认真(?:组织)?(?:实施|贯彻执行|贯彻落实)"
                      r"|(?:制定|提出)(?:如下|以下|本)(?:措施|意见|方案)[。；]?$")
# a sentence on how a figure is counted (统计范围为…, 按可比价计算) says no news, wherever it stands
_METHOD = re.compile(r"统计范围|统计口径|按现价计算|按可比价(?:格)?计算|指标解释|因四舍五入"
                     # 占全国比重按国家统计局公布的…数据计算: how a figure was computed, as a sentence of its own
                     r"|^[^，,。\d]{0,20}按[^，,。]{2,30}(?:计算|测算|折算)。?$"
                     # what the figures' status is (为快报数，最终以…为准; 仅供参考，不构成投资建议)
                     r"|最终(?:数据)?以.{1,30}为准|为(?:初步统计|初步核算|快报)(?:数|数据|结果)|仅供参考|不构成(?:任何)?投资建议")
# a pointer to the publisher's apparatus (（详见附注二）, ，主要产品产量见表2, 分地区额度详见附件。): it points
# at nothing in a briefing
_XREF_ASIDE = re.compile(r"[（(][^（）()]{0,30}?(?:详)?见(?:附注|附表|附件|表\s?\d{1,2})[^（）()]{0,6}[）)]")
_XREF_TAIL = re.compile(r"[，,][^，,。；;]{0,16}?(?:详)?见(?:附注|附表|附件|表\s?\d{1,2})[^，,。；;]{0,4}(?=[。；;]$)")
_XREF_ONLY = re.compile(r"^[^，,。；;]{0,30}?(?:详)?见(?:附注|附表|附件|表\s?\d{1,2})[^，,。；;]{0,4}[。；;]$")
_CELL = re.compile(r"^(?P<name>\S.*?)\s+(?P<value>\S+)$")
_WHOLE_VALUE = re.compile(r"^[-+−]?\d[\d,.]*(?:%|‰|[\u3400-\u9fff]{1,4})$")
TABLE_PENALTY = 0.4
NO_FIGURE_PENALTY = 0.3


def table_sentence(label: str, cells: str) -> str | None:
    """`进出口总值：4月为38392.5亿元，4月同比为5.6%。` when every cell is a named figure with its
    unit; None for a row with `-`, an empty cell or a cell that is not a figure (`单位 吨`)."""
    parts, said = [], ""
    for cell in cells.split("；"):
        m = _CELL.match(cell.strip())
        if not m or not _WHOLE_VALUE.match(m.group("value")):
            return None
        name = m.group("name")
        # a column named by its verb takes its figure directly (比上年增长5.2%, not 增长为5.2%)
        be = "" if _CHANGE_NAME.search(name) else "为"
        # a two-row header repeats its period over each column (1—2月份 产量 | 1—2月份 同比增长): said once
        head, _, rest = name.partition(" ")
        if rest and head == said:
            name = rest
        said = head if rest else name
        parts.append(f"{name}{be}{m.group('value')}")
    # (an item's number and an English gloss are the table's apparatus: 4.黄金（Gold） is 黄金)
    label = _ROW_GLOSS.sub("", _ROW_NUMBER.sub("", label.strip()))
    return f"{label}：{'，'.join(parts)}。" if parts else None


_ROW_NUMBER = re.compile(r"^\d{1,2}\s?[.．、]\s*(?!\d)")
_ROW_GLOSS = re.compile(r"(?<=[\u3400-\u9fff])\s?[（(][A-Za-z][A-Za-z .,'’&/-]*[）)]")
_CHANGE_NAME = re.compile(r"(?:增长|下降|增加|减少|提高|降低|上涨|下跌|回落|扩大|收窄)$")


# who says it (据海关统计，…; 据对…的监测显示，…): the section says it; 摘要 gives the fact
_SAYS = re.compile(r"^(?:据[^，,。]{0,40}?(?:统计(?:汇总|结果)?|数据|消息|监测显示|显示)|[^，,。]{0,30}?(?:数据|统计|监测)显示"
                   # a plan's 主要目标是：: the targets are the news
                   r"|(?:主要)?目标(?:是|为)?(?=[：:]))[，,：:]\s*")
LEAD_CLAUSE_CHARS = 44
_PURPOSE = re.compile(r"^为")
_ASIDE = re.compile(r"（[^）]{0,40}）|\([^)]{0,40}\)")


def lead_clause(sentence: str, most: int = LEAD_CLAUSE_CHARS) -> str:
    """A sentence's short lead for 摘要: without its attribution opener, its clauses up to the one
    stating the first quantity, then the next while it is short (同比增长2.4%) and the whole fits;
    the sentence itself when no such cut is possible or it is short already."""
    body = _SAYS.sub("", sentence, count=1)
    if len(body) <= most:
        return body
    parts = re.split(r"(?<=[，,；;])", body)
    while len(parts) > 1 and _PURPOSE.match(parts[0]) and not states_quantity(parts[0]):
        parts = parts[1:]  # 为加大宏观调控力度，稳定市场预期，…决定…: what was decided, not why
        while len(parts) > 1 and not states_quantity(parts[0]) and not re.search(r"决定|宣布|发布|表示", parts[0]):
            parts = parts[1:]
    body = _ASIDE.sub("", "".join(parts))
    if len(body) <= most:
        return body
    parts = re.split(r"(?<=[，,；;])", body)
    out = ""
    for k, part in enumerate(parts):
        out += part
        if states_quantity(part):
            nxt = parts[k + 1] if k + 1 < len(parts) else ""
            if nxt and states_quantity(nxt) and len(out) + len(nxt) <= most:
                out += nxt
            break
    out = out.rstrip("，,；; ")
    return out if states_quantity(out) and len(out) < len(body) else body


@lru_cache(maxsize=4096)
def _numbers(text: str) -> tuple:
    """A sentence's number mentions, read once: a candidate is scored, keyed and weighed several
    times per section (~1,000 reads of ~400 sentences in a draft). Shared: never changed."""
    from draftbot.text.numbers import extract_numbers

    return tuple(extract_numbers(text))


def _figure_key(m) -> tuple | None:
    from draftbot.outline.story import figure_key

    return figure_key(m)


def _unsigned_key(m) -> tuple | None:
    """A figure's key without its sign: a table's `-0.2%` is the release's `下降0.2%`."""
    k = _figure_key(m)
    return (k[0], k[1], abs(k[2])) if k and isinstance(k[2], float) else k


def quantities(text: str) -> int:
    """How many figures other than dates a sentence states (the day's numbers a reader looks for)."""
    return sum(1 for m in _numbers(text) if m.kind not in ("date", "month", "year"))


def _quantity_weight(c: "Candidate") -> float:
    """A figure's bonus grows with the figures a sentence states (up to three): with a length
    budget, the sentence that carries the release's numbers beats the one that names the meeting."""
    if not c.figure:
        return 0.0
    n = 0 if c.quoted else quantities(c.text)
    return 1.0 + 0.25 * (min(n, 3) - 1) if n else 0.5




def attributed(sentence: str, publisher: str | None) -> str:
    """An English sentence as a Chinese briefing may carry it: quoted, with who reported it."""
    return f"{wire_name(publisher)}报道称：“{sentence.strip()}”"


# an English source is carried as one line: who, when, what about, its lead's figures; its headline
# only when short (a long one would outweigh the line; 参考文献 names it and the report lists it)
UNTRANSLATED = "【待译】"
LEAD_SENTENCES = 3
LEAD_FIGURES = 5
HEADLINE_LETTERS = 24
# what a report's sentence keeps below the release's sentence stating the same figures
RETOLD = 0.3
# sentences an earlier day's report gives a section it is background to
BACKGROUND_SENTENCES = 3


def short_headline(headline: str) -> bool:
    return sum(ch.isascii() and ch.isalpha() for ch in headline) <= HEADLINE_LETTERS


def attribution_line(publisher: str | None, date, headline: str, figures: list[str],
                     about: list[str] | None = None) -> str:
    """`彭博社5月7日报道“China Cuts Key Rate”【待译】，导语数字：1.4%、5000亿元。` for a short headline;
    `路透社6月9日英文报道（出口、关税）【待译】，导语数字：4.8%。` otherwise (`about`: its topics in Chinese)."""
    when = f"{date.month}月{date.day}日" if date else ""
    if short_headline(headline):
        # a wire headline's semicolon (`X rises; Y falls`) is its separator, and would end the clause here
        head = re.sub(r"\s*;\s*", ", ", headline.strip())
        text = f"{wire_name(publisher)}{when}报道“{head}”{UNTRANSLATED}"
    else:
        topic = f"（{'、'.join(about)}）" if about else ""
        text = f"{wire_name(publisher)}{when}英文报道{topic}{UNTRANSLATED}"
    if figures:
        text += "，导语数字：" + "、".join(figures)
    return text + "。"


def is_attribution(text: str) -> bool:
    """An English source's attribution line, or an English sentence quoted with attribution."""
    return UNTRANSLATED in text or bool(re.search(r"报道称：“[^”]*[A-Za-z]{3,}", text))


def _announced(core: str, publisher: str, kind: str, title: str = "") -> str:
    """`国家能源局发布1—8月份全国电力工业统计数据`: a Chinese publisher and what a document of its
    kind (or of its title's shape: 关于开展…的通知 is deployed) does; the bare title when either is
    unknown or the title already starts with the publisher."""
    verb = (document_verb(title) if kind == "release" else None) or _ANNOUNCE.get(kind)
    pub = publisher.strip()
    if not verb or not pub or not is_chinese(pub) or pub in core:
        return core  # (商务部市场运行和消费促进司负责人介绍…: the title names who already)
    return f"{pub}{core}" if core.startswith(_ANNOUNCING) else f"{pub}{verb}{core}"


def _amounts(text: str) -> set:
    """A sentence's telling figures (amounts, rates, points; not dates) as comparable keys."""
    return {k for m in _numbers(text) if (k := _figure_key(m)) and k[0] != "date"}


def _mark_retold(cands: list["Candidate"], evidence) -> None:
    """An agency or paper retelling a release's figures (新华社 on the regulator's 600亿元) gives way
    to the release's own sentence: a desk editor cites the body that decided or counted it."""
    from draftbot.outline.source_types import source_type

    types = {ev.hit.source_id: source_type(ev.hit.kind, ev.hit.publisher) for ev in evidence}
    primary = set().union(*(_amounts(c.text) for c in cands
                            if not c.quoted and types.get(c.source_id) in ("release", "notice")))
    for c in cands:
        if not c.quoted and types.get(c.source_id) in ("wire", "newspaper"):
            mine = _amounts(c.text)
            c.retold = bool(mine) and mine <= primary


def _prefer_releases(cands: list["Candidate"]) -> None:
    """A retold sentence's weight passes to the release sentence stating its figures, and it keeps
    less than that sentence: the section tells the release's words, cited to the release."""
    for c in cands:
        if not c.retold or c.score == -math.inf:
            continue
        mine = _amounts(c.text)
        own = [p for p in cands if p.source_id != c.source_id and p.score > -math.inf and not p.quoted
               and not p.retold and mine <= _amounts(p.text)]
        if own:
            best = max(own, key=lambda p: p.score)
            best.score = max(best.score, c.score)
            c.score = best.score - RETOLD


_PART_OF = re.compile(r"^\s*(?:其中|其中，|其中,)")


def _predecessors(cands: list["Candidate"]) -> dict[int, "Candidate"]:
    """Each body sentence's preceding sentence of the same source (by reading order)."""
    out: dict[int, Candidate] = {}
    last: dict[str, Candidate] = {}
    for c in sorted((c for c in cands if c.order[0] == 1), key=lambda c: (c.source_id, c.order)):
        if c.source_id in last:
            out[id(c)] = last[c.source_id]
        last[c.source_id] = c
    return out


# ---------------------------------------------------------------- the frame a copied sentence inherits
# A release states 同比/环比 or the period once (a numbered heading, a breakdown's lead sentence, a
# paragraph's opening 1—10月份，…); copied alone, a sentence would lose it, and two side by side
# (下降0.2% under a 环比 heading, 下降2.1% under a 同比 one) would read as a contradiction. What is
# inherited is read by `text.frames`, as the verifier reads the source; here it is put into words.
_WHEN_KINDS = {"date", "month", "year", "range"}  # when, not how much
_SIGNPOST_SEEN = re.compile(r"^[分从][^，。；\n]{1,8}看[，,]")  # 分地区看，: stays first


def with_basis(sentence: str, basis: str) -> str:
    """`basis` (同比/环比) before the direction word of the sentence's first rate of change that has
    one right before it (鲜菜价格下降3.4% -> 鲜菜价格环比下降3.4%); the sentence unchanged when none."""
    for m in _numbers(sentence):
        if m.kind == "percent" and (at := basis_slot(sentence, m.start)) is not None:
            return sentence[:at] + basis + sentence[at:]
    return sentence


def with_period(sentence: str, period: str) -> str:
    """`period，` in front of the sentence (after a 分…看， signpost)."""
    sign = _SIGNPOST_SEEN.match(sentence)
    at = sign.end() if sign else 0
    return f"{sentence[:at]}{period}，{sentence[at:]}"


def without_period(sentence: str, period: str) -> str:
    """The sentence `with_period` gave, the period taken out again."""
    return sentence.replace(f"{period}，", "", 1)


def state_frame(sentence: str, context: str, start: int, end: int) -> tuple[str, str]:
    """`sentence`, copied (and cleaned) from context[start:end], with the basis and the period its
    figures inherit there stated, and that period ("" when none was put in front); unchanged when it
    inherits neither, states no figure, or is English."""
    kinds = {m.kind for m in _numbers(sentence)} - _WHEN_KINDS
    if not kinds or not is_chinese(sentence):
        return sentence, ""
    out = sentence
    if "percent" in kinds and (basis := inherited_basis(context, start, end)):
        out = with_basis(out, basis)
    if period := inherited_period(context, start, end):
        out = with_period(out, period)
    return out, period


def _covered(evidence, whole: Callable[[str], str] | None = None) -> dict[str, list[tuple[int, str]]]:
    """Per source, the stretches of its text a sentence is read in, as (offset, text): its whole text
    when `whole` gives it (and the chunks are its spans), else the evidence's chunks, overlapping or
    adjacent ones joined: a sentence is read with the heading and lead above it when they are held."""
    spans: dict[str, list[tuple[int, str]]] = {}
    hits: dict[str, list] = {}
    for ev in sorted(evidence, key=lambda e: (e.hit.source_id, e.hit.start)):
        h = ev.hit
        if h.end <= h.start or len(h.text) != h.end - h.start:
            continue  # a source's metadata chunk is no stretch of its body
        hits.setdefault(h.source_id, []).append(h)
        runs = spans.setdefault(h.source_id, [])
        if runs and h.start <= runs[-1][0] + len(runs[-1][1]):
            at, text = runs[-1]
            runs[-1] = (at, text + h.text[at + len(text) - h.start:])
        else:
            runs.append((h.start, h.text))
    for sid, held in hits.items():
        full = whole(sid) if whole else ""
        if full and all(full[h.start:h.end] == h.text for h in held):
            spans[sid] = [(0, full)]
    return spans


_WHOLE_OF = {"省": "全省", "自治区": "全区", "市": "全市"}


def named_place(sentence: str, publisher: str | None) -> str:
    """A local release's 全省/全市 named in a sentence of figures (四川省统计局's 全省规模以上工业增加值
    -> 四川省…): copied into a briefing beside national figures, 全省 says no place. Its first mention
    only; 全省上下 (everyone in the province) stays."""
    from draftbot.text.regions import home_place

    place = home_place(publisher)
    if place is None or not has_figure(sentence):  # a figure's place is what a reader must know
        return sentence
    whole = _WHOLE_OF[place[1]]
    return re.sub(rf"{whole}(?!上下|人民|各族)", place[0] + place[1], sentence, count=1)


def _framed(sentence: str, start: int, end: int, covered: list[tuple[int, str]]) -> tuple[str, str]:
    """The sentence copied from source offsets [start, end), stating the frame it inherits there,
    and the period it was given ("" when none)."""
    for at, text in covered:
        if at <= start and end <= at + len(text):
            return state_frame(sentence, text, start - at, end - at)
    return sentence, ""


def _unrepeated(group: list["Candidate"]) -> list[str]:
    """The texts of one paragraph's sentences, a period given in front dropped where the sentence
    before opens with it already (1—10月份，A。B。, not 1—10月份，A。1—10月份，B。)."""
    out: list[str] = []
    said = ""
    for c in group:
        before = out[-1] if out else ""
        repeated = c.period and (said == c.period or f"{c.period}，" in before[:len(c.period) + 12])
        out.append(without_period(c.text, c.period) if repeated else c.text)
        said = c.period
    return out


@dataclass
class Candidate:
    text: str
    n: int  # evidence number
    source_id: str
    order: tuple[int, int]  # (0 body / 1 summary..., position) for reading order within a source
    feats: set[str]
    figure: bool
    fallback: bool = False  # English sentence of a source whose Chinese summary is used first
    quoted: bool = False  # an English sentence, quoted with attribution (路透社报道称：“…”)
    preamble: bool = False  # a policy preamble or closing duty: only when its source offers nothing else
    table: bool = False  # a table row read as one figure sentence
    retold: bool = False  # a report's sentence whose figures a release of the section states itself
    score: float = 0.0
    plain: str = ""  # the sentence as copied, when `text` states the frame it inherits (state_frame)
    period: str = ""  # the period `text` was given in front (1—10月份), when it was


_CLOSED_SENTENCE = re.compile(r"[。！？!?；;][”’]?\s*(?:[（(][^（）()]{0,40})?[）)]$")  # (…。） or …。（完）


def _clean(sentence: str) -> str | None:
    """A body sentence fit to quote, or None (headings, bylines, fragments, tables)."""
    s = sentence.strip()
    if not s or s.startswith(("#", "|", ">", "!", "```", "——", "--")):
        return None
    marked = _LIST_MARK.match(s)
    s = _LIST_MARK.sub("", s).strip()
    if marked and _ITEM_TITLE.match(s):
        return None  # （一）人工智能典型应用场景项目。: a list item's title, its text follows
    s = strip_groups(s)  # a source's own footnote markers are not our citations
    s = s.strip("*_ ")
    s = _DATELINE.sub("", s, count=1)
    if _QUESTION.match(s):
        return None  # a Q&A page's question is the reporter's, not news
    s = _ANSWER.sub("", s, count=1)
    if _XREF_ONLY.match(s):
        return None
    s = _XREF_TAIL.sub("", _XREF_ASIDE.sub("", s))
    if _NOTE.match(s) or _FX_NOTE.match(s) or is_date_line(s) or _CAPTION_LINE.match(s) or _PARTICULARS.search(s) or _CELL_FRAGMENT.search(s) or _METHOD.search(s) or _FORMULA.search(s) or is_form_row(s) \
            or is_hostile(sentence):  # a source's words to a model are not news; a page's 标题：/索引号： row is its metadata
        return None
    if len(s) < 12 or not re.search(r"[\u3400-\u9fffA-Za-z]", s):
        return None
    if not s.endswith(tuple((_END_PUNCT if is_chinese(s) else ".!?\"'") + "”’）)")):
        return None  # a line without sentence punctuation: title, byline, caption
    if re.search(r"[\u4e00-\u9fff]", s) and s.endswith(("）", ")")) and not _CLOSED_SENTENCE.search(s):
        return None  # …行动方案（2027—2028年）, 官方储备资产（Official reserve assets）: a title's bracket
    return s


class ExtractiveDrafter:
    """Sentences selected from the sources; needs no model, costs nothing, invents nothing."""

    name = "extractive"
    model: str | None = None
    label = "extractive (no LLM; sentences selected from the sources)"
    can_repair = False

    def __init__(self, accept: Accept | None = None, mmr_lambda: float = 0.75) -> None:
        # `accept` lets the pipeline hand in the verifier, so a sentence that would not verify
        # (e.g. a summary figure the body words differently) is skipped and the next one taken.
        self.accept = accept
        # a source's whole text by id (the pipeline hands in the verifier's): a sentence is read in
        # it for the basis and period it inherits; without it, in the evidence's chunks
        self.source_text: Callable[[str], str] | None = None
        self.mmr_lambda = mmr_lambda
        self.usage = UsageMeter()

    # ------------------------------------------------------------------ candidates and scoring
    def _candidates(self, evidence, summaries: dict[int, str]) -> list[Candidate]:
        cands = self._sentences(evidence, summaries)
        cands += self._table_rows(evidence, cands)
        _mark_retold(cands, evidence)
        return cands

    def _table_rows(self, evidence, prose: list[Candidate]) -> list[Candidate]:
        """A table row as one figure sentence, when every cell is a figure with its unit and the
        source's own sentences do not already state most of its figures (a release's headline
        sentence outranks its table); rows with `-` or an empty cell never."""
        stated: dict[str, set] = {}
        for c in prose:
            stated.setdefault(c.source_id, set()).update(k for m in _numbers(c.text) if (k := _unsigned_key(m)))
        out: list[Candidate] = []
        for ev in evidence:
            for m in _TABLE_ROW.finditer(ev.hit.text):
                text = table_sentence(m.group("label"), m.group("cells"))
                if not text:
                    continue
                keys = {k for n in _numbers(text) if (k := _unsigned_key(n)) and k[0] != "date"}
                if keys and len(keys & stated.get(ev.hit.source_id, set())) * 2 >= len(keys):
                    continue
                out.append(Candidate(text, ev.n, ev.hit.source_id, (1, ev.hit.start + m.start()), features(text),
                                     True, table=True))
        return out

    def _sentences(self, evidence, summaries: dict[int, str]) -> list[Candidate]:
        cands: list[Candidate] = []
        seen: set[str] = set()
        summary_done: set[str] = set()
        english_lead: dict[str, list] = {}  # English source without a Chinese summary -> (ev, (offset, sentence)s)
        covered = _covered(evidence, self.source_text)
        for ev in evidence:
            h = ev.hit
            # table rows are read whole (`_table_rows`), never split into cells
            blank = lambda m: " " * len(m.group())  # noqa: E731  (offsets kept)
            sents = [sp for sp in split_sentences(
                _TAB_ROW.sub(blank, _WORD_ROW.sub(blank, _TABLE_ROW.sub(blank, _NOTES_BLOCK.sub(blank, _ADDRESSEES.sub(blank, h.text))))))]
            english = not is_chinese(h.text)
            if english and ev.n not in summaries:
                # never pasted: one attribution line per source, built below from its lead
                lead = english_lead.setdefault(h.source_id, [ev, []])
                if h.start == 0:  # the story's opening: a later passage's figures are no lead's
                    lead[1] += [(sp.start, c) for sp in sents if (c := _clean(sp.text))]
                continue
            if english and h.source_id not in summary_done:
                summary_done.add(h.source_id)
                for i, sp in enumerate(split_sentences(summaries[ev.n])):
                    s = _clean(sp.text) or (sp.text.strip() if len(sp.text.strip()) >= 12 else None)
                    if s and s not in seen:
                        seen.add(s)
                        cands.append(Candidate(s, ev.n, h.source_id, (0, i), features(s), has_figure(s)))
            for sp in sents:
                s = _clean(sp.text)
                if not s or s in seen:
                    continue
                seen.add(s)
                # English prose never stands as Chinese text: it is quoted with its attribution
                text, period = (attributed(s, h.publisher), "") if english else \
                    _framed(s, h.start + sp.start, h.start + sp.end, covered.get(h.source_id, []))
                if not english:
                    text = named_place(text, h.publisher)
                cands.append(
                    Candidate(text, ev.n, h.source_id, (1, h.start + sp.start), features(s), has_figure(s),
                              fallback=english and ev.n in summaries, quoted=english, plain=s if text != s else "",
                              period=period)
                )
        # a figure the section's Chinese sources state is theirs to tell: the line does not repeat it
        stated = {_figure_key(m) for c in cands if not c.quoted for m in _numbers(c.text)}
        for sid, (ev, sents) in english_lead.items():
            # its lead is the story's opening, in its order (not the best-ranked passage, whose
            # dollar conversion of a later paragraph is no lead figure); none when not in the evidence
            lead = [c for _, c in sorted(dict.fromkeys(sents))][:LEAD_SENTENCES]
            cands.append(self._attribution(ev, lead, stated))
        return cands

    def _attribution(self, ev, lead: list[str], stated: set = frozenset()) -> Candidate:
        """The one line an English source without a Chinese summary gives its section: publisher,
        date, its headline untranslated and the figures of its lead that the verifier accepts."""
        from draftbot.outline.story import lead_figures, topics

        h = ev.hit
        ok = lambda t: self._ok_text(t, h.source_id)  # noqa: E731
        about = topics(h.title)
        line = lambda d, figs, ab: attribution_line(h.publisher, d, h.title, figs, ab)  # noqa: E731
        found = lead_figures(lead, 2 * LEAD_FIGURES)
        keys = {f: {_figure_key(m) for m in _numbers(f)} - {None} for f in found}
        # a wire whose lead opens on what the section's Chinese sources state adds no figures of its
        # own: the rest of its lead is forecasts and comparisons, which listed bare would read as the
        # news; one opening on its own figure (145% to 30%) is a report the section lacks
        first = next((k for k in keys.values() if k), None)
        retold = bool(first) and first <= stated
        figures = [] if retold else [f for f in found if ok(line(None, [f], []))][:LEAD_FIGURES]
        while True:  # dated when the verifier finds the date in the source; topics and figures if it accepts them
            text = next((t for t in (line(d, figures, ab) for ab in (about, []) for d in (h.date, None)) if ok(t)), None)
            if text is not None or not figures:
                break
            figures.pop()
        text = text or line(None, [], [])
        feats = features(" ".join([h.title, *lead]))
        return Candidate(text, ev.n, h.source_id, (0, 0), feats, bool(figures), quoted=True)

    def _ok_text(self, text: str, source_id: str) -> bool:
        return self.accept is None or self.accept(text, [source_id])

    @staticmethod
    def _idf(cands: list[Candidate]) -> Callable[[str], float]:
        df: dict[str, int] = {}
        for c in cands:
            for f in c.feats:
                df[f] = df.get(f, 0) + 1
        total = len(cands)
        return lambda f: math.log(1 + total / (1 + df.get(f, 0)))

    @staticmethod
    def _relevance(c: Candidate, q: set[str], g: set[str], idf) -> float:
        hit = sum(idf(f) for f in c.feats & q) + 0.4 * sum(idf(f) for f in c.feats & g)
        return hit / math.sqrt(len(c.feats) + 8)

    def _score(self, cands: list[Candidate], queries: list[str], guidance: str, n_evidence: int,
               siblings: list | None = None, background: set[int] | None = None,
               figure_bonus: float = 0.25) -> None:
        """Relevance (normalised to the best candidate) + figure bonus + retrieval-rank bonus.

        With `siblings` (the brief's other sections), a sentence that fits another section better
        than this one is left to that section: sections are drafted independently, and this keeps
        them from repeating each other's facts."""
        if not cands:
            return
        idf = self._idf(cands)
        q = set().union(*(features(x) for x in queries)) if queries else set()
        g = features(guidance) - q
        others = []
        for sib in siblings or []:
            sq = set().union(*(features(x) for x in sib.queries)) | features(sib.heading)
            others.append((sq, features(sib.guidance) - sq))
        raw = []
        for c in cands:
            mine = self._relevance(c, q, g, idf)
            theirs = max((self._relevance(c, oq, og, idf) for oq, og in others), default=0.0)
            raw.append(-1.0 if theirs > mine else mine)
        top = max(raw) if raw and max(raw) > 0 else 1.0
        for c, r in zip(cands, raw):
            if r < 0:
                c.score = -math.inf  # belongs to another section
                continue
            rank_bonus = 0.1 * (1 - (c.n - 1) / max(n_evidence, 1))
            c.score = (r / top + figure_bonus * _quantity_weight(c) + rank_bonus - (0.5 if c.fallback else 0.0)
                       - (0.15 if background and c.n in background else 0.0))
        _prefer_releases(cands)

    def _ok(self, c: Candidate) -> bool:
        if self.accept is None or self.accept(c.text, [c.source_id]):
            return True
        if c.plain:  # the frame stated from a partial view of the source may be wrong: as copied
            c.text, c.plain, c.period = c.plain, "", ""
            return self.accept(c.text, [c.source_id])
        return False

    def _select(self, cands: list[Candidate], target_chars: int, cover: list[str] | None = None,
                most: int | None = None, capped: set[str] = frozenset()) -> list[Candidate]:
        """MMR up to target_chars; skips near-duplicates and sentences the verifier rejects.

        `cover`: sources that must each give at least one sentence (an outline's assigned sources:
        every one is cited or reported unused), taken first, best-scoring each. `capped`: sources
        (an earlier day's background) that give at most BACKGROUND_SENTENCES."""
        # An English source's own sentences are a fallback: used only when none of its Chinese
        # summary sentences verifies. Each sentence is verified once (the verifier is the cost of
        # this stage), and a source's summary only until one of its sentences passes.
        verdicts: dict[int, bool] = {}

        def ok(c: Candidate) -> bool:
            if id(c) not in verdicts:
                verdicts[id(c)] = self._ok(c)
            return verdicts[id(c)]

        # 其中，出口3528亿美元 …: a sentence that breaks down the one before it says nothing alone
        before = _predecessors(cands)

        def dangling(c: Candidate) -> bool:
            # (its sentence may not even be in the evidence: a chunk that starts at 其中)
            p = before.get(id(c))
            return _PART_OF.match(c.text) is not None and (p is None or all(p is not x for x in chosen))

        with_fallback = {c.source_id for c in cands if c.fallback}
        summary_usable: set[str] = set()
        for c in cands:
            if c.order[0] == 0 and c.source_id in with_fallback and c.source_id not in summary_usable and ok(c):
                summary_usable.add(c.source_id)
        pool = [c for c in cands if c.score > -math.inf and not (c.fallback and c.source_id in summary_usable)]
        pool.sort(key=lambda c: (-c.score, c.n, c.order))
        chosen: list[Candidate] = []
        used = 0
        per_source: dict[str, int] = {}
        quoted: set[str] = set()

        told_amounts: set = set()

        def take(c: Candidate) -> None:
            nonlocal used
            chosen.append(c)
            told_amounts.update(_amounts(c.text))
            used += len(c.text)
            per_source[c.source_id] = per_source.get(c.source_id, 0) + 1
            if c.quoted:
                quoted.add(c.source_id)

        told = any(not c.quoted for c in pool)
        for sid in cover or []:
            mine = [c for c in pool if c.source_id == sid]
            # a report's own news before what it retells of a release
            first = next((c for c in sorted(mine, key=lambda c: c.retold) if not dangling(c) and ok(c)), None)
            if first is not None and told and first.quoted and not first.figure:
                # an English report adding no figure to a story the section tells in Chinese would
                # give only its untranslated headline: the source report lists it instead
                pool.remove(first)
                continue
            if first is not None:
                pool.remove(first)
                take(first)
        pool = [c for c in pool if not c.preamble]
        waiting: dict[int, list[Candidate]] = {}
        while pool and used < target_chars:
            best_i, best = -1, -math.inf
            for i, c in enumerate(pool):
                sim = max((jaccard(c.feats, s.feats) for s in chosen), default=0.0)
                val = self.mmr_lambda * c.score - (1 - self.mmr_lambda) * sim - 0.02 * per_source.get(c.source_id, 0)
                if val > best:
                    best_i, best = i, val
            if best_i < 0:
                break
            c = pool.pop(best_i)
            if any(jaccard(c.feats, s.feats) > 0.6 and not _amounts(c.text) - _amounts(s.text) for s in chosen):
                continue  # it says what a chosen sentence says (the same words, no figure of its own)
            if c.source_id in capped and per_source.get(c.source_id, 0) >= BACKGROUND_SENTENCES:
                continue
            if c.retold and _amounts(c.text) <= told_amounts:
                continue  # a report retelling what the release chosen tells
            if dangling(c):
                if id(c) in before:  # back in the pool once its sentence is told
                    waiting.setdefault(id(before[id(c)]), []).append(c)
                continue
            if c.quoted and c.source_id in quoted:
                continue  # one quoted English sentence per source: the briefing is Chinese
            if used and used + len(c.text) > min(target_chars * 1.2, most or math.inf):
                continue  # too long for what is left (or the section's budget); a shorter one may fit
            if not ok(c):
                continue
            take(c)
            pool += waiting.pop(id(c), [])
        return chosen

    @staticmethod
    def _arrange(chosen: list[Candidate]) -> SectionOut:
        """One paragraph per source (sources in evidence order, i.e. by the queries' ranking), each
        source's sentences in their own order."""
        by_source: dict[str, list[Candidate]] = {}
        for c in sorted(chosen, key=lambda c: c.n):
            by_source.setdefault(c.source_id, []).append(c)
        paras = []
        for group in by_source.values():
            group.sort(key=lambda c: c.order)
            paras.append(ParagraphOut(clauses=[ClauseOut(text=t, cites=[c.n]) for c, t in zip(group, _unrepeated(group))]))
        return SectionOut(paragraphs=paras)

    # ------------------------------------------------------------------ Drafter interface
    def draft_section(self, task: SectionTask) -> SectionOut:
        cands = self._candidates(task.evidence, task.summaries)
        # background documents (older than a week: policies, earlier notices) rank below the day's news
        background = {e.n for e in task.evidence if e.hit.date and (task.date - e.hit.date).days > 7}
        queries = task.section.queries + [task.section.heading]
        # a section drawing on its own sources leaves nothing to its siblings: no sibling penalty
        siblings = [] if task.source_ids else task.siblings
        # a section's own sources are all on its topic: what matters is what they report (figures),
        # not how closely a sentence echoes the heading
        bonus = FIGURE_BONUS_OWN if task.source_ids else 0.25
        self._score(cands, queries, task.section.guidance, len(task.evidence), siblings, background, bonus)
        for c in cands:
            if c.table and c.score > -math.inf:
                c.score -= TABLE_PENALTY  # the release's own sentences first
            if task.source_ids and c.score > -math.inf and not c.quoted and not quantities(c.text):
                # within a budget the section's own sources give their figures before their framing
                c.score -= NO_FIGURE_PENALTY
        for c in cands:  # a document's preamble and its "下一步，要…" are not the news
            if c.score > -math.inf and _PREAMBLE.search(c.text) and not states_quantity(c.text):
                c.score -= PREAMBLE_PENALTY
                c.preamble = True
        budget = task.section.budget_chars
        # an earlier day's report on the story is background: what it adds in a sentence or two
        earlier = {e.hit.source_id for e in task.evidence if e.hit.date and e.hit.date < task.date}
        return self._arrange(self._select(cands, min(task.target_chars, budget), cover=task.source_ids, most=budget,
                                          capped=earlier))

    def repair_section(self, task, previous: SectionOut, problems: list[str]) -> SectionOut:
        return previous  # nothing to rewrite with; the pipeline drops what fails (can_repair=False)

    @staticmethod
    def _bare(text: str) -> str:
        return text.rstrip(_END_PUNCT + "，, ")

    def synthesize(self, task: SynthesisTask) -> SectionOut:
        """Offline, 今日判断 says what it is: a one-line note that the judgement is the editor's to
        write, then one point per section: its sources' own titles (the outline named the section
        from them), each title cited to the source it is the title of, statements of a change first;
        a section with no Chinese title gives its heading, uncited and without figures. Never a copy
        of a section sentence, never English, never one source's words under another's [n]."""
        clauses = [ClauseOut(text=EDITOR_NOTE, cites=[])]
        k = 0
        for s in task.sections:
            if not any(c.cites for c in s.out.clauses()):
                continue
            ordinal = ORDINALS[k] if k < len(ORDINALS) else f"第{k + 1}"
            point = self._title_point(task, s) or self._heading_point(s.heading)
            if not point:
                continue
            point[0] = ClauseOut(text=f"{ordinal}，{point[0].text}", cites=point[0].cites)
            clauses.extend(point)
            k += 1
        if k == 0:
            return SectionOut(paragraphs=[])
        return SectionOut(paragraphs=[ParagraphOut(clauses=clauses)])

    @staticmethod
    def _heading_point(heading: str) -> list[ClauseOut]:
        """A section's heading as an uncited point, when it states no figure (a heading is never
        checked against a source, so a point made of it must not carry a number)."""
        text = heading.strip()
        if not text or has_figure(text) or not is_chinese(text):
            return []
        return [ClauseOut(text=f"{text}。", cites=[])]

    def _title_point(self, task: OverviewTask, section) -> list[ClauseOut]:
        """Up to `POINT_TITLES` titles of the section's cited sources as one point, each clause citing
        its own source: `A[1]，B[2]。`. Empty when no title is usable (English without a Chinese
        summary, or none verifies)."""
        titles = self._section_titles(task, section)
        titles.sort(key=lambda t: not t[2])  # stable: statements first, else the section's order
        # 今日判断 restates its sections: a title's figure the section (its heading or its text) does
        # not state (a background release's headline 3.6%) is a figure of its own, which the check refuses
        told = _amounts(" ".join([section.heading, *(c.text for c in section.out.clauses())]))
        picked: list[tuple[str, int]] = []
        for text, n, statement in titles:
            if picked and (not statement or len(picked) >= POINT_TITLES
                           or sum(len(t) for t, _ in picked) + len(text) > POINT_CHARS):
                continue
            if not _amounts(text) <= told:
                continue
            if any(text in t or t in text or _amounts(text) & _amounts(t) for t, _ in picked):
                continue  # one story's second title restating the first's figure is no new point
            if self._ok_clause(text, [n], task):
                picked.append((text, n))
        out = [ClauseOut(text=t + "，", cites=[n]) for t, n in picked]
        if out:
            out[-1] = ClauseOut(text=picked[-1][0] + "。", cites=[picked[-1][1]])
        return out

    @staticmethod
    def _section_titles(task: OverviewTask, section) -> list[tuple[str, int, bool]]:
        """(title core, evidence n, states a change) per source the section cites, in citing order."""
        ev = {e.n: e for e in task.evidence}
        seen: set[str] = set()
        out = []
        for c in section.out.clauses():
            for n in c.cites:
                e = ev.get(n)
                if e is None or e.hit.source_id in seen:
                    continue
                seen.add(e.hit.source_id)
                h = e.hit
                core = title_core(PlanSource(id=h.source_id, title=h.title, publisher=h.publisher or "",
                                             kind=h.kind, summary=task.summaries.get(n, "")))
                core = core.strip().rstrip(_END_PUNCT + "，, ：:")
                if len(core) < 4 or not is_chinese(core) or is_hostile(core):
                    continue  # an English title is never Chinese text; a stub is no point; nor an instruction
                core = _INNER_SPACE.sub("，", core)  # "总体平稳 稳中有进": a title's space is a pause
                statement = bool(_CHANGE.search(core)) or states_quantity(core)
                if not statement:
                    core = _announced(core, h.publisher or "", h.kind, h.title)
                out.append((core, n, statement))
        return out

    def _headline_lead(self, task, section, most: int) -> ClauseOut | None:
        """The first Chinese title of the section's sources that states what happened, short enough
        and verified, as a cited 摘要 clause; None when there is none."""
        for text, n, _ in self._section_titles(task, section):
            if len(text) <= most and self._ok_clause(text + "。", [n], task):
                return ClauseOut(text=text + "。", cites=[n])
        return None

    def _ok_clause(self, text: str, cites: list[int], task: OverviewTask) -> bool:
        source_of = {e.n: e.hit.source_id for e in task.evidence}
        return self.accept is None or self.accept(text, [source_of[n] for n in cites if n in source_of])

    def summarize(self, task: SummaryTask) -> SectionOut:
        """One short paragraph: one lead per section, in section order, cited as the section cites it.
        A section's lead is its first clause (in the section's own order) that states a figure and
        whose lead (`lead_clause`: attribution and purpose openers off, cut after its first figure)
        is short enough for its share of the paragraph; else its first short clause; else its first."""
        # English is never quoted in 摘要: a section told only in English gives it no lead
        per_section = [[c for c in s.out.clauses() if c.cites and not is_attribution(c.text)] for s in task.sections]
        share = max(LEAD_MIN_CHARS, int(task.target_chars * 1.3 / max(1, sum(1 for c in per_section if c))))
        clauses: list[ClauseOut] = []
        for section, cited in zip(task.sections, per_section):
            if not cited:
                continue
            head = [c for c in cited[:LEAD_WINDOW] if not _DEPENDENT.search(c.text)] or cited[:LEAD_WINDOW]
            short = [c for c in head if len(lead_clause(_SIGNPOST.sub("", self._bare(c.text), count=1))) <= share]
            fact = next((c for c in short if states_quantity(c.text)), None)
            if fact is None and len(lead_clause(self._bare(cited[0].text))) > LEAD_CLAUSE_CHARS:
                # a section of no figure whose first sentence is long (titles and names of a meeting):
                # its source's headline is its lead, not a later sentence of detail
                title = self._headline_lead(task, section, share)
                if title is not None:
                    clauses.append(title)
                    continue
            fact = fact or (short[0] if short else cited[0])
            lead = _SIGNPOST.sub("", self._bare(fact.text), count=1)
            clause = lead_clause(lead)
            if clause != lead and not self._ok_clause(clause + "。", list(fact.cites), task):
                clause = lead  # the short form must verify as the whole did
            clauses.append(ClauseOut(text=clause + "。", cites=list(fact.cites)))
        return SectionOut(paragraphs=[ParagraphOut(clauses=clauses)] if clauses else [])
