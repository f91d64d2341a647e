"""A source's type as the prompts show it: release, notice, wire, newspaper, background.

Read from what the store knows of a source (its `kind` from metadata or the page, its publisher,
and how it stands to the day), never guessed from its text. A model told a Reuters story is a
`release` ranks it with the bureau's own numbers; told it is a `wire`, it writes the release first.

The offline planner also asks whether a source reports on others' releases (`is_report`) or reads
several of them (`is_commentary`): there a byline, a title and the bodies its lead attributes
figures to count too, since a column saved from a research site names no outlet as publisher.
"""

from __future__ import annotations

import re
from functools import lru_cache

# a government body's press office (海关总署新闻发布办公室, 商务部新闻办公室, 国务院新闻办公室) is the
# body speaking, not a newspaper
_PRESS_OFFICE = re.compile(r"新闻(?:发布)?(?:办公室|办|局|处|中心)$|(?:局|署|部|司|厅|委员会)新闻")

TYPES = ("release", "notice", "wire", "newspaper", "background")

# news agencies (their stories are wires wherever they are reprinted)
_WIRE = re.compile(r"新华社|新华网|中新社|中国新闻社|路透|彭博|美联社|法新社|共同社|塔斯社|道琼斯|"
                   r"\b(?:Reuters|Bloomberg|AP|AFP|Associated Press|Xinhua|Kyodo|Dow Jones|TASS)\b", re.I)
# newspapers and news sites (日报, 时报, 经济网, The Wall Street Journal, Financial Times, …)
_PAPER = re.compile(r"[报刊]$|日报|时报|晚报|周刊|杂志|新闻|(?<!政府)网$|电视台|广播|"
                    r"\b(?:Times|Journal|Post|News|Herald|Tribune|Daily|Economist|Guardian|CNBC|CNN|BBC|Caixin|SCMP)\b",
                    re.I)


def source_type(kind: str | None, publisher: str | None, background: bool = False) -> str:
    """One of TYPES: background for an older source placed as background, else from its kind
    (notice, policy -> notice) and its publisher (an agency -> wire, a paper or news site ->
    newspaper), else release."""
    if background:
        return "background"
    if (kind or "") in ("notice", "policy"):
        return "notice"
    pub = (publisher or "").strip()
    if _WIRE.search(pub):
        return "wire"
    if (kind or "") == "news" or (_PAPER.search(pub) and not _PRESS_OFFICE.search(pub)):
        return "newspaper"
    return "release"


# A report on others' figures shows itself by its byline or title even when its publisher is unknown
# or not a news outlet: an opinion (a commentary, a column, a research note, a roundup) …
_OPINION = re.compile(r"评论|观察|解读|综述|述评|社论|时评|快评|点评|专栏|作者\W|我们认为|笔者|"
                      r"\bcolumn|\bcommentary\b|\bopinion\b|\banalysis\b", re.I)
# … or a news report's byline …
_BYLINE = re.compile(r"记者|通讯员|报道|\bBy [A-Z]")
# … or figures it attributes to a body: 国家统计局今天公布的数据显示, 据国家统计局消息, 财政部同日披露,
# 记者从工业和信息化部获悉, data from the National Bureau of Statistics showed, the statistics bureau said
_BODY = r"[\u4e00-\u9fff]{1,12}?(?:局|部|署|委|行|院|办|会|中心)"
_ATTRIBUTED = re.compile(
    rf"(?P<a>{_BODY})(?:\d{{1,2}}日|今天|今日|同日|日前|近日|当天)?(?:发布|公布|披露)?的?(?:最新)?(?:数据|统计|调查)(?:显示|表明)"
    rf"|据(?P<b>{_BODY})(?:统计|消息|数据|发布)|(?P<c>{_BODY})(?:同日|今天|今日)?(?:披露|表示|称)"
    rf"|从(?P<d>{_BODY})获悉"
    r"|(?:data|figures|survey|statistics) (?:from|by|released by) the (?P<e>[A-Z][\w' ]{3,60}?) show"
    r"|\b(?P<f>statistics bureau|customs|central bank|finance ministry|commerce ministry|NBS|PBOC)(?: data)? (?:said|showed|shows)",
    re.I)
_HEAD = 160  # a byline stands within the title and the first lines


def is_report(s) -> bool:
    """Whether a source (a PlanSource) reports on other bodies' releases rather than being one:
    never an official body's own page; a wire or newspaper by publisher or kind; else an opinion's
    or a reporter's byline or title, or figures its lead attributes to a body other than its
    publisher. A report supports the section of the release it reports; it never leads it."""
    return _read(s.title, s.publisher, s.kind, s.opening or s.lead)[0]


def is_commentary(s) -> bool:
    """A report that reads several releases rather than one event: an opinion (评论员, 宏观观察,
    综述, a column) or one attributing figures to two or more bodies (a data roundup). It supports
    one release's section and never holds two releases together (outline.grouping); a news report
    of one event (a press conference where the central bank and the regulator each spoke) may."""
    return _read(s.title, s.publisher, s.kind, s.opening or s.lead)[1]


@lru_cache(maxsize=1024)
def _read(title: str, publisher: str, kind: str, opening: str) -> tuple[bool, bool]:
    """(report, commentary) of a source: the planner asks of each day's source several times."""
    from draftbot.outline.headings import official_publisher

    if official_publisher(publisher):
        return False, False
    head = f"{title}\n{opening[:_HEAD]}"
    opinion = bool(_OPINION.search(head))
    others = _attributed(opening, publisher)
    report = source_type(kind, publisher) in ("wire", "newspaper") or opinion or bool(_BYLINE.search(head)) or bool(others)
    return report, opinion or len(others) >= 2


def _attributed(opening: str, publisher: str) -> set[str]:
    """The bodies other than its publisher a source's opening attributes figures to."""
    pub = (publisher or "").strip()
    bodies = {next(g for g in m.groups() if g) for m in _ATTRIBUTED.finditer(opening)}
    # 乘联会's own 乘联会数据显示 is not another body's
    return {b for b in bodies if not pub or not (b in pub or pub in b)}
