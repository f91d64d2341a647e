"""Check a whole draft: parse, resolve 参考文献, verify every clause; findings plus the
per-clause record that `eval` turns into coverage, citation precision and numeric fidelity."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, Field

from draftbot.models import Finding
from draftbot.text.numbers import extract_numbers
from draftbot.briefing.brief import Brief
from draftbot.briefing.formats import DraftText, read_draft_text
from draftbot.briefing.marks import OVERLONG
from draftbot.briefing.markdown import ParsedDraft, parse_markdown
from draftbot.briefing.references import RefLine
from draftbot.verify.library import SourceLibrary, bigrams, overlap
from draftbot.verify.overview import check_overview, overview_headings
from draftbot.verify.numeric import INFORMATIONAL, Labeler, NumberCheck, check_mentions, finding_for, mask

# A citation is lexically supported when this share of the clause's character bigrams (letters,
# digits, CJK; punctuation dropped) occurs in one sentence of the cited source (or its title,
# summary, keywords). Measured on evals/checker/correct_draft.md against corpus/: factual
# clauses score 0.32-0.95 on the source they cite, summary/synthesis clauses 0.12-0.28; 90% of
# (clause, other source) pairs score below 0.11, but near-duplicate distractors (last month's
# release) reach 0.64 — lexical overlap says "on topic", only the figures say "right source".
LEXICAL_THRESHOLD = 0.3
_WORDY = re.compile(r"[0-9A-Za-z\u3400-\u9fff]")


class CitationCheck(BaseModel):
    n: int
    source_id: str | None = None  # None: [n] has no line, or its line matches no source
    title: str = ""
    numbers_supported: int = 0  # figures of the clause this source holds
    lexical: float = 0.0  # best bigram overlap with one of its sentences
    evidence: str = ""  # the sentence that supports the clause (number hit, else best lexical)
    supported: bool = False  # number match, or lexical >= LEXICAL_THRESHOLD


class ClauseCheck(BaseModel):
    """One citation group's clause (or a sentence's uncited tail)."""

    text: str
    start: int  # in the sentence
    end: int
    mark_start: int
    mark_end: int
    marks: list[int] = Field(default_factory=list)
    citations: list[CitationCheck] = Field(default_factory=list)
    numbers: list[NumberCheck] = Field(default_factory=list)

    @property
    def cited(self) -> bool:
        return bool(self.marks)


class SentenceCheck(BaseModel):
    text: str
    section: str
    paragraph: int
    clauses: list[ClauseCheck] = Field(default_factory=list)
    pending: list[tuple[int, int]] = Field(default_factory=list)


class ReferenceCheck(BaseModel):
    n: int
    line: str
    title: str
    publisher: str = ""
    date: str = ""
    url: str | None = None
    source_id: str | None = None
    source_title: str | None = None
    cited: bool = False


class CheckStats(BaseModel):
    sentences: int = 0
    cited_sentences: int = 0
    clauses: int = 0  # clauses with words in them (a bare "；" after a group is not one)
    cited_clauses: int = 0
    numbers_checked: int = 0
    numbers_supported: int = 0
    numbers_uncited: int = 0
    numbers_unsupported: int = 0  # unsupported + wrong_source + unresolved
    numbers_derived: int = 0
    citations: int = 0  # (clause, [n]) pairs
    citations_resolved: int = 0
    citations_supported: int = 0
    references: int = 0
    references_resolved: int = 0
    figures_shown: int = 0  # figures the document shows outside its reference lines: judged + unjudged
    blocks_unjudged: int = 0  # blocks with figures that are not checked (each named by a note)

    @property
    def numeric_fidelity(self) -> float:
        """Supported share of all figures (derived ones excluded from both sides)."""
        n = self.numbers_checked - self.numbers_derived
        return self.numbers_supported / n if n else 1.0

    @property
    def citation_coverage(self) -> float:
        return self.cited_clauses / self.clauses if self.clauses else 1.0

    @property
    def citation_precision(self) -> float:
        return self.citations_supported / self.citations if self.citations else 1.0

    def summary(self) -> dict:
        return {**self.model_dump(), "numeric_fidelity": round(self.numeric_fidelity, 4),
                "citation_coverage": round(self.citation_coverage, 4),
                "citation_precision": round(self.citation_precision, 4)}


class CheckResult(BaseModel):
    findings: list[Finding] = Field(default_factory=list)  # these set the exit status
    notes: list[Finding] = Field(default_factory=list)  # informational: derived, weak_support
    stats: CheckStats = Field(default_factory=CheckStats)
    sentences: list[SentenceCheck] = Field(default_factory=list)
    references: list[ReferenceCheck] = Field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.findings


def _wordy(text: str) -> bool:
    return bool(_WORDY.search(text))


def resolve_references(draft: ParsedDraft, lib: SourceLibrary, known: dict[int, str] | None = None) -> dict[int, str | None]:
    """Reference number -> source id (None: no source matches its line). `known`: the numbers
    whose source the caller already knows (a draft just written knows what it cites)."""
    out: dict[int, str | None] = {}
    lib.prime((ref.title, ref.url) for n, ref in draft.references.items() if not (known and n in known))
    for n, ref in draft.references.items():
        if known and n in known and known[n] in lib:
            out[n] = known[n]
            continue
        e = lib.resolve(ref.title, ref.url, ref.publisher, ref.date, bracketed=ref.bracketed)
        out[n] = e.id if e else None
    return out


def _ref_label(ref: RefLine) -> str:
    return f"《{ref.title}》" if ref.bracketed else ref.title


def check_parsed(draft: ParsedDraft, lib: SourceLibrary, paragraphs: dict[int, int] | None = None,
                 overview: tuple[str, ...] | None = None, known: dict[int, str] | None = None) -> CheckResult:
    """Findings, notes, stats and the per-clause record. Every finding carries `line` and `section`;
    with `paragraphs` (a DOCX draft: Markdown line -> DOCX paragraph) `paragraph` instead of `line`."""
    res = _check(draft, lib, overview, known)
    _structure(draft, res)
    locate(res, paragraphs)
    return res


def differing_notes(draft: ParsedDraft, lib: SourceLibrary, known: dict[int, str] | None = None) -> list[Finding]:
    """`check_parsed(...)`'s differing_sources notes, the same ones in the same order, without
    what only the rest of the report needs (each citation's support, the overview's check, the
    references): what a draft tells its writer of the sources it cites that differ."""
    return [n for n in _check(draft, lib, None, known, differing_only=True).notes if n.kind == "differing_sources"]


def _check(draft: ParsedDraft, lib: SourceLibrary, overview: tuple[str, ...] | None = None,
           known: dict[int, str] | None = None, differing_only: bool = False) -> CheckResult:
    resolved = resolve_references(draft, lib, known)
    numbers: dict[str, int] = {}
    for n in sorted(resolved):
        sid = resolved[n]
        if sid and sid not in numbers:
            numbers[sid] = n
    label = Labeler(lib, numbers)
    # no reference list at all: most likely a draft in another brief's format read without it
    no_list = "" if draft.references else " (no reference list found; a draft written with another brief needs --brief FILE)"
    res = CheckResult()
    st = res.stats
    used: set[int] = set()
    seen_pairs: set = set()  # differing figures already noted (each pair once)
    read: dict[int, list] = {}  # each sentence's mentions, for the overview check

    for block in draft.blocks:
        for s in block.sentences:
            n0, m0 = len(res.findings), len(res.notes)
            sc = SentenceCheck(text=s.text, section=s.section, paragraph=s.paragraph, pending=s.pending)
            for a, b in s.pending:
                res.findings.append(Finding(kind="pending", sentence=s.text, detail=f"{s.text[a:b]} left in the text"))
            masked = mask(s.text)
            mentions = extract_numbers(masked)
            read[id(s)] = mentions
            if _wordy(s.text) and not s.heading:  # a heading's figures are judged, its wording is not
                st.sentences += 1
                st.cited_sentences += any(g.marks for g in s.segments)
            for g in s.segments:
                cc = ClauseCheck(text=g.text, start=g.start, end=g.end, mark_start=g.mark_start,
                                 mark_end=g.mark_end, marks=g.marks)
                clause_text = g.text.strip(" ，,；;。")
                shown = (g.text + s.text[g.mark_start:g.mark_end]).strip(" ，,；;") or s.text
                mine = [m for m in mentions if g.start <= m.start < g.end]
                if _wordy(g.text) and not s.heading:
                    st.clauses += 1
                    st.cited_clauses += bool(g.marks)
                cited: list[str] | None = None
                if g.marks:
                    cited = []
                    for n in g.marks:
                        used.add(n)
                        sid = resolved.get(n)
                        ref = draft.references.get(n)
                        if s.heading and sid is None:
                            continue  # a heading's [n] is its section's: a bad one is reported there
                        if n >= OVERLONG:
                            res.findings.append(Finding(kind="unknown_citation", sentence=shown, citations=[],
                                                        detail="a citation number longer than 9 digits cannot name "
                                                               f"a line of {draft.references_heading}"))
                        elif n not in resolved:
                            res.findings.append(Finding(kind="unknown_citation", sentence=shown, citations=[n],
                                                        detail=f"[{n}] has no line in {draft.references_heading}{no_list}"))
                        elif sid is None:
                            res.findings.append(Finding(
                                kind="unknown_citation", sentence=shown, citations=[n],
                                detail=f"[{n}] {_ref_label(ref)} matches no ingested source in {lib.where or 'the store'}"))
                        elif sid not in cited:
                            cited.append(sid)
                        e = lib.get(sid) if sid else None
                        cc.citations.append(CitationCheck(n=n, source_id=sid, title=e.title if e else ""))
                # a heading is telegraphic (一揽子金融政策出台：降准0.5个百分点): its figures are held to
                # its section's sources by value and unit; subjects and frames are judged in the text
                cc.numbers = check_mentions(mine, cited, lib, label, context=mentions,
                                            sentence=None if s.heading else masked)
                found = [f for f in (finding_for(nc, shown, g.marks, label) for nc in cc.numbers) if f]
                for f in _one_uncited(found):
                    (res.notes if f.kind in INFORMATIONAL else res.findings).append(f)
                if not s.heading and not differing_only:
                    _support_citations(cc, clause_text, lib, res, shown)
                res.notes += _differing(cc.numbers, shown, g.marks, numbers, lib, label, seen_pairs)
                st.numbers_checked += len(cc.numbers)
                for nc in cc.numbers:
                    st.numbers_supported += nc.status == "supported"
                    st.numbers_uncited += nc.status == "uncited"
                    st.numbers_derived += nc.status == "derived"
                    st.numbers_unsupported += nc.status in ("unsupported", "wrong_source", "unresolved")
                sc.clauses.append(cc)
            res.sentences.append(sc)
            for f in res.findings[n0:] + res.notes[m0:]:
                f.line, f.section = s.line, s.section

    if differing_only:
        return res
    over_f, over_n = check_overview(draft, read, overview)
    # a figure already reported against its source is one finding, not two
    told = {(f.line, f.number) for f in res.findings}
    res.findings += [f for f in over_f if (f.line, f.number) not in told]
    res.notes += over_n

    ref_at = {id(b.ref): b.line for b in draft.blocks if b.ref is not None}
    where = {"section": draft.references_heading}
    for n, ref in sorted(draft.references.items()):
        sid = resolved.get(n)
        e = lib.get(sid) if sid else None
        res.references.append(ReferenceCheck(n=n, line=ref.line, title=ref.title, publisher=ref.publisher,
                                             date=ref.date, url=ref.url, source_id=sid,
                                             source_title=e.title if e else None, cited=n in used))
        st.references += 1
        st.references_resolved += sid is not None
        if sid is None and n not in used:
            res.findings.append(Finding(kind="unknown_citation", sentence=ref.line, citations=[n], line=ref_at.get(id(ref)),
                                        detail=f"reference [{n}] {_ref_label(ref)} matches no ingested source in {lib.where or 'the store'}",
                                        **where))
    for ref in draft.duplicate_refs:
        res.findings.append(Finding(kind="unknown_citation", sentence=ref.line, citations=[ref.n], line=ref_at.get(id(ref)),
                                    detail=f"reference number [{ref.n}] is used by two {draft.references_heading} lines",
                                    **where))
    for b in draft.bad_refs:
        res.findings.append(Finding(kind="unknown_citation", sentence=b.text[:80], line=b.line,
                                    detail="a reference number longer than 9 digits: not a reference line", **where))
    return res


def _differing(checks, shown: str, marks: list[int], numbers: dict[str, int], lib: SourceLibrary, label,
               seen: set) -> list[Finding]:
    """`differing_sources` notes for the supported figures of a clause: another source of the draft
    (one its 参考文献 lists) gives a different figure for the same thing."""
    from draftbot.verify.differing import differing_facts

    out = []
    for nc in checks:
        if nc.status != "supported" or not nc.source_id:
            continue
        for osid, other, own in differing_facts(nc.source_id, nc.source_mention, list(numbers), lib):
            pair = frozenset({(nc.source_id, own.mention.text), (osid, other.mention.text)})
            if pair in seen:
                continue
            seen.add(pair)
            out.append(Finding(kind="differing_sources", sentence=shown, number=nc.text, citations=list(marks),
                               detail=f"{nc.text} is {label(nc.source_id)}'s figure; {label(osid)} gives {other.quote} for "
                                      "the same thing: the sources differ, say which one the briefing follows"))
    return out


def _one_uncited(found: list[Finding]) -> list[Finding]:
    """One uncited clause is one finding listing its figures ("2025年、2026年"), not one per figure."""
    uncited = [f for f in found if f.kind == "uncited_number"]
    if len(uncited) < 2:
        return found
    first = uncited[0]
    figures = "、".join(f.number or "" for f in uncited)
    merged = first.model_copy(update={"number": figures, "detail": f"{figures} have no citation"})
    return [merged if f is first else f for f in found if f.kind != "uncited_number" or f is first]


def _structure(draft: ParsedDraft, res: CheckResult) -> None:
    """A briefing has sections and a reference list: an empty or title-only file is not a clean draft.
    A misplaced reference block is a finding; every block with figures that is not checked is named."""
    for line, what in draft.problems:
        res.findings.append(Finding(kind="structure", sentence="", line=line, section="", detail=what))
    shown = res.stats.numbers_checked
    for b in draft.unjudged:
        figures = extract_numbers(b.text)
        shown += len(figures)
        res.notes.append(Finding(kind="structure", sentence=b.text, line=b.line, section="",
                                 detail=f"not checked ({b.unjudged}): "
                                        f"{'、'.join(m.text for m in figures[:5])}{'…' if len(figures) > 5 else ''}"))
    res.stats.figures_shown, res.stats.blocks_unjudged = shown, len(draft.unjudged)
    if not draft.sentences:
        res.findings.append(Finding(kind="structure", sentence="", line=1, section="",
                                    detail="no section: the draft has no ## section heading with text under it"))
    if not draft.references:
        res.findings.append(Finding(kind="structure", sentence="", line=max(1, draft.lines), section="",
                                    detail=f"no reference list: no {draft.references_heading} heading with "
                                           "numbered lines (a draft written with another brief needs --brief FILE)"))


def locate(res: CheckResult, paragraphs: dict[int, int] | None) -> None:
    """DOCX drafts: a finding's Markdown line becomes the DOCX paragraph it was read from (the line
    of the intermediate Markdown means nothing to an editor)."""
    if paragraphs is None:
        return
    known = sorted(paragraphs)
    for f in res.findings + res.notes:
        if f.line is None:
            continue
        at = paragraphs.get(f.line)
        if at is None:  # a line that no paragraph starts on: the paragraph before it
            before = [ln for ln in known if ln <= f.line]
            at = paragraphs[before[-1]] if before else 1
        f.paragraph, f.line = at, None


def _support_citations(cc: ClauseCheck, clause_text: str, lib: SourceLibrary, res: CheckResult, shown: str) -> None:
    """Per citation: does its source support the clause (a figure, or wording)?"""
    st = res.stats
    for c in cc.citations:
        st.citations += 1
        if c.source_id is None:
            continue
        st.citations_resolved += 1
        e = lib.get(c.source_id)
        hits = [nc for nc in cc.numbers if nc.status == "supported" and nc.source_id == c.source_id]
        c.numbers_supported = len(hits)
        c.lexical, best = e.best_sentence(clause_text)
        # evidence: the sentence holding the clause's figures (quantities before dates), the
        # one closest in wording among them; else the best lexical match
        strong = [nc.source_sentence for nc in hits if nc.kind not in ("date", "month", "year") and nc.source_sentence]
        weak = [nc.source_sentence for nc in hits if nc.source_sentence and not nc.source_sentence.startswith("（")]
        pool = strong or weak
        if pool:
            b = bigrams(clause_text)
            best = max(pool, key=lambda sent: overlap(b, bigrams(sent)))
        c.evidence = best
        c.supported = bool(hits) or c.lexical >= LEXICAL_THRESHOLD
        st.citations_supported += c.supported
        if not c.supported and _wordy(clause_text):
            res.notes.append(Finding(kind="weak_support", sentence=shown, citations=[c.n],
                                     detail=f"[{c.n}]《{e.title[:40]}》 shares little wording with this clause "
                                            f"(overlap {c.lexical:.2f} < {LEXICAL_THRESHOLD})"))


def check_markdown(text: str, lib: SourceLibrary, brief: Brief | None = None,
                   paragraphs: dict[int, int] | None = None) -> CheckResult:
    """Check a Markdown briefing read with `brief`'s grammar (None: the default brief's);
    `paragraphs` for a DOCX draft's Markdown view (line -> DOCX paragraph)."""
    return check_parsed(parse_markdown(text, brief), lib, paragraphs, overview_headings(brief))


def check_text(text: DraftText, lib: SourceLibrary, brief: Brief | None = None) -> CheckResult:
    """Check a draft as `read_draft_text` read it (its notes, e.g. unaccepted revisions, included)."""
    res = check_markdown(text.markdown, lib, brief, text.paragraphs)
    if text.notes:  # only a DOCX has notes: the source loaders stay unimported for Markdown
        from draftbot.sources.ooxml import UNREAD_PREFIX
    for note in text.notes:
        # an object the reader could not read is a structure note (its figures are not judged)
        kind = "structure" if note.startswith(UNREAD_PREFIX) else "revisions"
        res.notes.append(Finding(kind=kind, sentence="", detail=note, paragraph=_paragraph_of(note), section=""))
    return res


def _paragraph_of(note: str) -> int:
    m = re.search(r"paragraph (\d+)", note)
    return int(m.group(1)) if m else 1


def check_file(path: Path, lib: SourceLibrary, brief: Brief | None = None) -> CheckResult:
    return check_text(read_draft_text(path, brief), lib, brief)
