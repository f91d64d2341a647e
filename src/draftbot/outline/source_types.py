"""A source's type as the prompts show it: release, notice, wire, newspaper, background.

Read from what the store knows of a source (its `kind` from metadata or the page, its publisher,
and how it stands to the day), never guessed from its text. A model told a Reuters story is a
`release` ranks it with the bureau's own numbers; told it is a `wire`, it writes the release first.
"""

from __future__ import annotations

import re

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
