"""A briefing file read for checking, without the CLI: its text, the brief it was written in and
the evidence it carries.

The brief is the one recorded in the provenance JSON beside it, else the one in the evidence it
carries (inside a DOCX), else the brief given (`--brief`), else the default. A file that is not a
briefing at all is refused in one line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from draftbot.briefing.brief import Brief
from draftbot.briefing.evidence import CarriedEvidence, from_docx, parse_evidence
from draftbot.briefing.formats import DraftText, is_docx, read_draft_text
from draftbot.briefing.json_members import RawJSON
from draftbot.briefing.provenance import READ_BACK, brief_of, find_provenance
from draftbot.briefing.recognise import looks_like_briefing
from draftbot.errors import UserError
from draftbot.sources.limits import check_draft_file


@dataclass
class DraftRead:
    text: DraftText
    brief: Brief
    carried: CarriedEvidence | None
    note: str | None = None  # the recorded brief was used although --brief was given


def carried_by(path: Path, provenance: dict | None) -> CarriedEvidence | None:
    """What a draft file carries: the DOCX's own part, else its provenance JSON's "evidence"."""
    if is_docx(path):
        found = from_docx(path)
        if found is not None:
            return found
    found = provenance.get("evidence") if provenance else None
    if isinstance(found, (dict, RawJSON)):
        return parse_evidence(found)
    return None


def draft_brief(path: Path, fallback: Brief, given: bool) -> tuple[Brief, CarriedEvidence | None, str | None]:
    """(the brief `path` was written in, the evidence it carries, a note when a recorded brief
    overrides the one `given`). `fallback` is --brief's brief, else the default."""
    prov = find_provenance(path, READ_BACK)
    carried = carried_by(path, prov)
    recorded, whence = brief_of(prov), "its provenance JSON"
    if recorded is None and carried is not None:
        recorded, whence = brief_of({"brief": carried.brief}), "the evidence it carries"
    note = None
    if recorded is not None and given and recorded != fallback:
        note = f"read with brief {recorded.id!r} from {whence}, not --brief"
    return recorded or fallback, carried, note


def read_for_check(path: Path, fallback: Brief, given: bool = False, shown: str | None = None) -> DraftRead:
    """The draft at `path` read in its own brief; UserError (naming `shown`, default the path) when
    it cannot be read or is not a briefing."""
    check_draft_file(path)  # a FIFO would hang the read; a DOCX bomb would fill memory
    brief, carried, note = draft_brief(path, fallback, given)
    text = read_draft_text(path, brief)
    if not looks_like_briefing(text.markdown, brief):
        raise UserError(f"{shown or path}: not a briefing (no reference list, citations [n] or 【待核实】 marks)")
    return DraftRead(text, brief, carried, note)
