"""The verifier as the drafting stages use it: the same per-clause check `draftbot check` runs on
the rendered briefing, and a clause's problems worded in Chinese for the backend (and for the
【待核实】 mark).

A clause is checked inside its whole sentence (the clauses of its paragraph up to a full stop), as
`check` reads the rendered draft: a subject or period named in an earlier clause ("1—5月，出口…；
其中…增长8.2%") is read. Sources are named by the task's own evidence numbers, which is the reference
list a repair sees; so a figure cited to a source that states it for another subject while another
evidence states it for the draft's subject is `wrong_source`, as `check` would report it.
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING, Mapping

from draftbot.backends.base import ClauseOut, ParagraphOut
from draftbot.models import Evidence, Finding
from draftbot.verify.kinds import NO_REPAIR, repair_text

if TYPE_CHECKING:  # the store contract, for annotations only
    from draftbot.index.store import Store

NON_BLOCKING = NO_REPAIR  # informational verifier findings that need no repair (verify/kinds.py)
SENTENCE_END = "。！？!?"


def check_in_sentence(text: str, source_ids: list[str], lib, *, sentence: str | None = None, start: int = 0,
                      citations_label: Mapping[str, int] | None = None) -> list[Finding]:
    """Findings for the clause `text` that stands at `start` in `sentence` (the clause alone when no
    sentence is given), citing `source_ids`: `verify.check_clause` with the sentence as context."""
    from draftbot.text.numbers import extract_numbers
    from draftbot.verify.numeric import Labeler, check_clause, check_mentions, finding_for, mask

    if sentence is None or sentence == text:
        return check_clause(text, source_ids, lib, citations_label=citations_label)
    label = Labeler(lib, citations_label)
    known = [s for s in source_ids if s in lib]
    findings = [Finding(kind="unknown_citation", sentence=text.strip(), detail=f"cited source {s[:12]} is not in the store")
                for s in source_ids if s not in lib]
    cited = known if source_ids else None
    ns = [citations_label[s] for s in known if citations_label and s in citations_label]
    masked = mask(sentence)
    mentions = extract_numbers(masked)
    end = start + len(text)
    mine = [m for m in mentions if start <= m.start < end]
    for nc in check_mentions(mine, cited, lib, label, context=mentions, sentence=masked):
        f = finding_for(nc, text.strip(), ns, label)
        if f:
            findings.append(f)
    return findings


class Verifier:
    """The clause check over the store's sources, serialised (the library caches lazily)."""

    def __init__(self, store: Store) -> None:
        from draftbot.verify import SourceLibrary

        self.lib = SourceLibrary.from_store(store)
        self._lock = threading.Lock()

    def check(self, text: str, source_ids: list[str], *, sentence: str | None = None, start: int = 0,
              citations_label: Mapping[str, int] | None = None) -> list[Finding]:
        with self._lock:
            found = check_in_sentence(text, source_ids, self.lib, sentence=sentence, start=start,
                                      citations_label=citations_label)
        return [f for f in found if f.kind not in NON_BLOCKING]

    def accept(self, text: str, source_ids: list[str]) -> bool:
        return not self.check(text, source_ids)

    def source_text(self, source_id: str) -> str:
        """A source's whole text as the check reads it ("" when unknown)."""
        with self._lock:
            entry = self.lib.get(source_id)
            return entry.text if entry is not None else ""


def dedupe(items) -> list:
    out = []
    for x in items:
        if x not in out:
            out.append(x)
    return out


def sentences_of(paragraph: ParagraphOut) -> list[tuple[str, int]]:
    """Per clause of a paragraph: (its sentence, the clause's offset in it). A sentence runs to the
    clause that ends with a full stop, as the rendered paragraph reads."""
    out: list[tuple[str, int]] = []
    group: list[str] = []
    for i, c in enumerate(paragraph.clauses):
        group.append(c.text)
        if c.text.rstrip().endswith(tuple(SENTENCE_END)) or i == len(paragraph.clauses) - 1:
            sentence = "".join(group)
            pos = 0
            for t in group:
                out.append((sentence, pos))
                pos += len(t)
            group = []
    return out


def evidence_labels(evidence: Mapping[int, Evidence]) -> dict[str, int]:
    """source id -> the first evidence number that names it (the numbering the backend sees)."""
    out: dict[str, int] = {}
    for n in sorted(evidence):
        out.setdefault(evidence[n].hit.source_id, n)
    return out


def wording(f: Finding) -> str:
    """One finding as a problem line for the repair prompt and the 【待核实】 mark (Chinese, the
    repair wording of verify/kinds.py). No sentence-ending punctuation inside: the mark stands
    mid-sentence, and a 。/； in it would split the sentence the editor's check reads (so the mark
    would not be seen as one)."""
    return _INNER_STOPS.sub("，", repair_text(f) or f.detail)


_INNER_STOPS = re.compile(r"[。；;！？!?]")


def clause_problems(clause: ClauseOut, evidence: dict[int, Evidence], verifier: Verifier, *,
                    sentence: str | None = None, start: int = 0, word=None) -> list[str]:
    """The clause's problems, each worded by `word(finding)` (default `wording`; the repair stage
    passes its own, which also says what the evidence states for the clause's subject)."""
    word = word or wording
    problems = []
    unknown = [n for n in clause.cites if n not in evidence]
    if unknown:
        problems.append(word(Finding(kind="unknown_citation", sentence=clause.text, citations=unknown,
                                     detail="引用了不存在的证据编号 " + "".join(f"[{n}]" for n in unknown))))
    sids = dedupe(evidence[n].hit.source_id for n in clause.cites if n in evidence)
    if unknown and not sids:
        return problems  # every number would fail too; the bad citation is the one thing to fix
    found = verifier.check(clause.text, sids, sentence=sentence, start=start,
                           citations_label=evidence_labels(evidence))
    return problems + [word(f) for f in found]
