"""What each reference was used for, for its 参考文献 line.

In order of trust: the writer's own `usage` (front matter, sources.yaml); the model's (the section
prompt's 【用途】 rule asks it per cited evidence item); else from how the draft used the source: a
data release whose figures a clause cites is 用于核验<indicator>数据, a source the outline placed as
background 用于背景, a wire, newspaper or notice supplements. Never one phrase for every line.
"""

from __future__ import annotations

from typing import Mapping

from draftbot.briefing.document import DraftSection
from draftbot.briefing.references import clean_usage, default_usage
from draftbot.models import SourceRecord
from draftbot.outline import Outline
from draftbot.outline.source_types import source_type
from draftbot.text.units import DATE_KINDS


def with_purposes(sources: Mapping[str, SourceRecord], sections: list[DraftSection], outline: Outline,
                  model_purposes: Mapping[str, str]) -> dict[str, SourceRecord]:
    """The citable sources, each with the purpose its reference line will show."""
    background = {i for s in outline.sections for i in s.background_ids} - set(outline.assigned_ids())
    figures = _cited_with_figures(sections)
    out = {}
    for sid, rec in sources.items():
        if (rec.usage or "").strip():
            out[sid] = rec  # the writer said what it is for
            continue
        purpose = clean_usage(model_purposes.get(sid)) or default_usage(
            source_type(rec.kind, rec.publisher, background=sid in background), rec.title, sid in figures)
        out[sid] = rec.model_copy(update={"usage": purpose})
    return out


def _cited_with_figures(sections: list[DraftSection]) -> set[str]:
    """Sources some clause cites for a figure (not a bare date)."""
    from draftbot.text.numbers import extract_numbers

    out: set[str] = set()
    for sec in sections:
        for c in sec.clauses():
            if c.source_ids and any(m.kind not in DATE_KINDS for m in extract_numbers(c.text)):
                out.update(c.source_ids)
    return out
