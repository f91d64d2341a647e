"""Outline metrics the eval harness can gate on; pure functions over an outline and what the
draft cited.

- `heading_fit`: share of topical sections whose heading shares a key term (a character bigram or
  English word that is not a figure, date or reporting word) with the titles of its own sources.
- `source_use`: share of the outline's assigned sources (the day's relevant sources) that the
  draft cites at least once.
"""

from __future__ import annotations

from typing import Callable, Iterable, Mapping

from pydantic import BaseModel, Field

from draftbot.outline.model import Outline
from draftbot.outline.similarity import key_terms


class HeadingFit(BaseModel):
    score: float  # 1.0 when there is no section to judge
    sections: int
    misses: list[str] = Field(default_factory=list)  # ids of sections whose heading names none of its sources


class SourceUse(BaseModel):
    score: float  # 1.0 when nothing is assigned
    assigned: int
    cited: int
    unused: list[str] = Field(default_factory=list)  # assigned source ids the draft never cites


def _topic_part(heading: str) -> str:
    """A heading without its standing-theme prefix ("统计数据｜…"): the theme is not the day's topic."""
    return heading.split("｜", 1)[-1]


def heading_fit(outline: Outline, titles: Mapping[str, str]) -> HeadingFit:
    """`titles`: source id -> title (an English source may give its title and Chinese summary)."""
    misses = []
    for sec in outline.sections:
        heading = key_terms(_topic_part(sec.heading))
        named = set()
        for sid in sec.source_ids:
            named |= key_terms(titles.get(sid, ""))
        if not heading & named:
            misses.append(sec.id)
    n = len(outline.sections)
    return HeadingFit(score=(n - len(misses)) / n if n else 1.0, sections=n, misses=misses)


def source_use(outline: Outline, cited_source_ids: Iterable[str]) -> SourceUse:
    """`cited_source_ids`: the sources the draft's references resolve to (any section)."""
    cited = set(cited_source_ids)
    assigned = outline.assigned_ids()
    unused = [sid for sid in assigned if sid not in cited]
    n = len(assigned)
    return SourceUse(score=(n - len(unused)) / n if n else 1.0, assigned=n, cited=n - len(unused), unused=unused)


def cited_source_ids(parsed, resolve: Callable[[str, str | None], str | None]) -> set[str]:
    """Source ids a parsed draft (`draftbot.verify.citations.parse_markdown`) cites in its text.

    `resolve(title, url)` maps a reference line to a source id (e.g. `Store.find_by_title`); a
    reference listed but never cited in the text does not count as used."""
    marks = {n for b in parsed.blocks for s in b.sentences for seg in s.segments for n in seg.marks}
    out = set()
    for n in sorted(marks):
        ref = parsed.references.get(n)
        sid = resolve(ref.title, ref.url) if ref else None
        if sid:
            out.add(sid)
    return out
