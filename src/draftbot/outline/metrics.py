"""Outline metrics the eval harness can gate on; pure functions over an outline and what the
draft cited.

- `heading_fit`: share of topical sections whose heading shares a key term with the titles of its
  own sources (an English word, or two character bigrams that are not figures, dates or reporting
  words: `draftbot.outline.similarity.names`).
- `source_use`: share of the outline's assigned sources (the day's relevant sources) that the
  draft cites at least once.
"""

from __future__ import annotations

from typing import Callable, Iterable, Mapping

from pydantic import BaseModel, Field

from draftbot.outline.model import Outline
from draftbot.outline.similarity import names


class HeadingFit(BaseModel):
    score: float  # 1.0 when there is no section to judge
    sections: int
    misses: list[str] = Field(default_factory=list)  # ids of sections whose heading names none of its sources


class SourceUse(BaseModel):
    score: float  # 1.0 when nothing is assigned
    assigned: int
    cited: int
    unused: list[str] = Field(default_factory=list)  # assigned source ids the draft never cites


def heading_fit(outline: Outline, titles: Mapping[str, str]) -> HeadingFit:
    """`titles`: source id -> title (an English source may give its title and Chinese summary)."""
    misses = [sec.id for sec in outline.sections
              if not names(sec.heading, [titles.get(sid, "") for sid in sec.source_ids])]
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
