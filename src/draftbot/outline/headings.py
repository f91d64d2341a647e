"""Section headings composed from the group's own titles: nothing a source does not say."""

from __future__ import annotations

import re
from typing import Sequence

from draftbot.outline.model import Theme
from draftbot.outline.sources import PlanSource
from draftbot.text.normalize import chinese_summary

_OFFICIAL = re.compile(r"国务院|政府|办公厅|人民银行|[部局委署](等.*)?$|[部局委]$")
_NOT_GOVERNMENT = re.compile(r"协会|联合会|联盟|学会|商会|公司|集团|研究院|研究所|大学|学院|证券|基金会|银行")
_KIND_RANK = {"release": 3, "notice": 2, "policy": 1, "news": 0}
_WIRE_PREFIX = re.compile(r"^(?P<who>[^：:，,。]{0,24}?)(报道|综述|消息|电|称)[：:，,]\s*")
_OUTLET_DATE = re.compile(r"^.*?\d{1,2}月\d{1,2}日")
_ATTRIBUTION = re.compile(r"^(据[^，,。]{0,20}?(数据|消息|统计)[，,]|[^，,。]{0,24}?(数据|统计)显示[，,])")
_SUBTITLE = re.compile(r"\s*(——|--).*$")
_YEAR = re.compile(r"^\d{4}年(?!度|—|-)")
# a notice's title: "某部办公厅关于开展…工作的通知" names its subject between 关于 and 的通知
# (the issuers may be several: 工业和信息化部 国家发展改革委 国家能源局关于开展…的通知)
_NOTICE = re.compile(r"^[^，,。：:]{0,40}?关于(?P<subject>.+?)的(通知|意见|公告|函|批复)$")
_PAREN = re.compile(r"（[^）]*）|\([^)]*\)")
_ISSUED_DOC = re.compile(r"^[^，,。：:]{2,40}?关于(.{4,60}的(?:若干措施|若干意见|实施意见|指导意见|意见|办法|方案|规定|决定))$")
_SENT_OUT = re.compile(r"(?:印发|转发|印送)《?([^《》]{4,60}?)》?的(?:通知|函)$")
_CLAUSE = re.compile(r"[，,；;。：:、\s]")
_LATIN = re.compile(r"[A-Za-z]{3,}")


def is_official(s: PlanSource) -> bool:
    """A government body's own release: statistics bureau, ministries, commissions, city governments."""
    return official_publisher(s.publisher)


def official_publisher(publisher: str) -> bool:
    p = publisher.strip()
    if _NOT_GOVERNMENT.search(p.replace("人民银行", "")):
        return False  # 中国国债协会研究部, 某证券研究所: a department of a society or a firm is no ministry
    return bool(_OFFICIAL.search(p))


# a page answering or reading an event (商务部新闻发言人就…答记者问, …解读): the event's report leads
_REPLY = re.compile(r"答记者问|答问|问答|答网友|答媒体|解读")


def is_reply(s: PlanSource) -> bool:
    """A page answering or reading an event (答记者问, 解读), not the event's own report."""
    return bool(_REPLY.search(s.title))


def rank_key(s: PlanSource) -> tuple:
    """Which source of a group leads it (its title names the section): the event's own report, not
    a Q&A or a reading of it; then official, Chinese, substantial."""
    return (not _REPLY.search(s.title), is_official(s), _KIND_RANK.get(s.kind, 0), s.lang.startswith("zh"), s.chunks, -len(s.title), s.id)


def ranked(sources: Sequence[PlanSource]) -> list[PlanSource]:
    return sorted(sources, key=rank_key, reverse=True)


def document_verb(title: str) -> str | None:
    """What a body does with a document its title shows it to be, whatever kind metadata gave it
    (a saved notice page is not marked as one): 印发 for a policy it issues or sends out (关于印发
    《…方案》的通知, 关于…的实施意见), 部署 for a notice of work to do (关于开展…的通知); None otherwise."""
    t = _PAREN.sub("", title.strip().strip("\"“”'《》"))
    if _SENT_OUT.search(t) or _ISSUED_DOC.match(t):
        return "印发"
    return "部署" if _NOTICE.match(t) else None


def title_core(s: PlanSource) -> str:
    """The Chinese core of a source's title; for an English story, its Chinese summary's first clause."""
    title = s.title.strip().strip("\"“”'《》")
    if _LATIN.search(title) and chinese_summary(s.summary):
        title = _summary_lead(chinese_summary(s.summary))
    title = _PAREN.sub("", _SUBTITLE.sub("", title))
    # …关于印发《…若干措施》的通知 (or 转发…印发《…》): the document it sends out is the news
    sent = _SENT_OUT.search(title)
    m = None if sent else _NOTICE.match(title)
    if sent:
        title = sent.group(1)
    elif m:
        title = m.group("subject")
    elif (doc := _ISSUED_DOC.match(title)) is not None:
        title = doc.group(1)  # 国务院办公厅关于…的若干措施: the measures, without who and 关于
    pub = s.publisher.strip()
    if pub and title.startswith(pub) and len(title) > len(pub) + 6:
        # "国家能源局发布1—8月份…数据": the publisher is named by the heading's prefix, if at all
        title = re.sub(r"^[：:\s]*(发布|公布|印发)?", "", title[len(pub):])
    return _YEAR.sub("", title).strip()


def _summary_lead(summary: str) -> str:
    """The first clauses of a Chinese summary, without its wire prefix ("路透6月4日报道：") or
    attribution ("据…数据，"); a topic named in the prefix ("全球市场综述") is kept as a label."""
    topic = ""
    m = _WIRE_PREFIX.match(summary)
    if m:
        topic = _OUTLET_DATE.sub("", m.group("who")).strip()
        summary = summary[m.end():]
    summary = _ATTRIBUTION.sub("", summary)
    clauses = [c for c in re.split(r"[，,；;。]", summary) if c.strip()]
    text = clauses[0] if clauses else summary
    for extra in clauses[1:]:
        if len(text) >= 12:
            break
        text = f"{text}，{extra}"
    return f"{topic}：{text}" if topic and topic not in text else text


_OPENERS = {"“": "”", "《": "》", "「": "」", "（": "）", "(": ")", '"': '"'}


def _inside_quote(text: str, at: int) -> bool:
    """Is position `at` inside a quotation, a book title or brackets?"""
    depth: list[str] = []
    for ch in text[:at]:
        if depth and ch == depth[-1]:
            depth.pop()
        elif ch in _OPENERS:
            depth.append(_OPENERS[ch])
    return bool(depth)


def fit(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a clause boundary (never inside a quotation, a book
    title or brackets); with no boundary early enough, the first clause whole even if longer: a
    heading cut inside a number or a word reads as an error."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cuts = [m.start() for m in _CLAUSE.finditer(text) if not _inside_quote(text, m.start()) and m.start() > 0]
    early = [c for c in cuts if limit // 3 <= c <= limit]
    if early:
        return text[: early[-1]].rstrip("，,；;：:、 ")
    later = [c for c in cuts if c > limit]
    return text[: later[0]].rstrip("，,；;：:、 ") if later else text


_LEAD_PERIOD = re.compile(r"^(?:\d{1,2}月份?|[上下]半年|[一二三四1-4]季度|前\d{1,2}个?月|\d{1,2}[—–-]\d{1,2}月份?)")


def _without_shared_period(core: str, extra: str) -> str:
    """A second title without the period the first already opens with (6月汽车工业产销情况，
    6月中国新能源汽车出口… reads 6月…，中国新能源汽车出口…)."""
    m = _LEAD_PERIOD.match(extra)
    if m and core.startswith(m.group()) and len(extra) > len(m.group()) + 3:
        return extra[m.end():]
    return extra


# how a Chinese briefing names a wire service it quotes
WIRE_NAMES = {"reuters": "路透社", "bloomberg": "彭博社", "associated press": "美联社", "ap": "美联社",
              "afp": "法新社", "agence france-presse": "法新社", "xinhua": "新华社", "china daily": "中国日报",
              "global times": "环球时报", "people's daily": "人民日报", "cgtn": "中国国际电视台",
              "south china morning post": "南华早报", "scmp": "南华早报", "financial times": "英国《金融时报》",
              "wall street journal": "《华尔街日报》", "nikkei": "日经新闻", "caixin": "财新"}


def wire_name(publisher: str | None) -> str:
    """How a Chinese briefing names an English publisher (路透社 for Reuters); else as given."""
    name = (publisher or "").strip()
    low = name.lower()
    words = low.split()
    named = next((v for k, v in WIRE_NAMES.items() if (k in words if " " not in k else k in low)), None)
    return WIRE_NAMES.get(low) or named or name or "外电"


# the label of an all-English section that no standing theme names
FOREIGN_LABEL = "外电"
_CJK = re.compile(r"[\u3400-\u9fff]")


def english_heading(group: Sequence[PlanSource], theme: Theme | None = None) -> str:
    """`全球市场｜路透社报道`: the theme's label and who reported it (two publishers at most)."""
    names: list[str] = []
    for s in group:
        name = wire_name(s.publisher)
        if name not in names:
            names.append(name)
    return f"{theme.name if theme else FOREIGN_LABEL}｜{'、'.join(names[:2])}报道"


def compose(group: Sequence[PlanSource], limit: int, theme: Theme | None = None) -> str:
    """Lead title and a second title when both fit (a merged section names both topics); else the
    lead title with its publisher when official and it fits. `group` comes lead first."""
    order = list(group)
    lead = order[0]
    core = title_core(lead)
    if _LATIN.search(core) and not _CJK.search(core):
        # an English story with no Chinese summary: never its English title, cut mid-phrase
        return english_heading(order, theme)
    # room for the theme's label; none when the title already names the theme (not "数据要素｜“数据要素×”大赛…")
    room = limit - len(_prefix(theme, core))
    first = _with_subject(lead, core)
    for other in order[1:]:
        extra = _without_shared_period(core, title_core(other))
        if _LATIN.search(extra) and not _CJK.search(extra):
            continue  # an English title is never a heading's words
        opub = other.publisher.strip()
        if opub and other.title.strip().startswith(opub) and not extra.startswith(opub):
            if len(core) + 2 + len(opub) + len(extra) > room:
                continue  # "中国人民银行决定下调…" or nothing, never a subjectless "决定下调…"
            extra = f"{opub}{extra}"
        if extra and extra not in core and len(first) + 1 + len(extra) <= room:
            return f"{_prefix(theme, first + extra)}{first}，{extra}"
    pub = lead.publisher.strip()
    if is_official(lead) and pub and len(pub) <= 8 and pub not in core and len(pub) + 1 + len(core) <= room:
        core = f"{pub}：{core}"
    return _prefix(theme, core) + fit(core, room)


_ANNOUNCES = re.compile(r"^[：:\s]*(?:发布|公布|印发)")


def _with_subject(lead: PlanSource, core: str) -> str:
    """The lead's core as the first of two titles: with its publisher back when the title's own
    subject was cut from a verb (中国人民银行决定下调…，金融监管总局将推出…, never a subjectless
    决定下调…); a release's name after 发布 stands alone (1—8月份全国电力工业统计数据)."""
    pub, title = lead.publisher.strip(), lead.title.strip()
    if not pub or not title.startswith(pub) or core.startswith(pub) or _ANNOUNCES.match(title[len(pub):]):
        return core
    return f"{pub}{core}"


def _prefix(theme: Theme | None, heading: str) -> str:
    """The theme's label, unless the heading names the theme already: its name, or a keyword as
    the heading's publisher (not "统计数据｜国家统计局：…" for a theme keyed on 国家统计局)."""
    publisher = heading.split("：", 1)[0] if "：" in heading else ""
    if theme is None or theme.name in heading or publisher in theme.keywords:
        return ""
    return f"{theme.name}｜"
