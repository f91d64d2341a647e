"""The briefing's text, whatever the file format: headings, dated line, numbered references, and
each paragraph's clauses with their `[n]` groups and 【待核实】 notes."""

from __future__ import annotations

import datetime as dt
from typing import Callable

from draftbot.briefing.document import Draft, DraftClause, DraftSection
from draftbot.briefing.marks import cite_group, pending_note
from draftbot.models import Reference
from draftbot.text.sentences import split_sentences

CN_NUM = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五"]
_END = "。；！？!?;.，,、：:"
_CLOSE = "”’」』）)》"


def cn_number(i: int) -> str:
    """1 -> 一 ... (section numbering)."""
    return CN_NUM[i - 1] if 1 <= i <= len(CN_NUM) else str(i)


def date_line(d: dt.date) -> str:
    """The seed's dated line: `2026 年 6 月 5 日`."""
    return f"{d.year} 年 {d.month} 月 {d.day} 日"


def headings(draft: Draft) -> list[str]:
    """Headings in document order (without `## `)."""
    out = [draft.summary.heading]
    for i, s in enumerate(draft.sections, 1):
        out.append(f"{cn_number(i)}、{s.heading}")
    out.append(f"{cn_number(len(draft.sections) + 1)}、{draft.synthesis.heading}")
    return out


def number_references(draft: Draft) -> list[Reference]:
    """Only cited sources, numbered by first citation in document order (摘要 first)."""
    refs: list[Reference] = []
    seen: dict[str, int] = {}
    for sec in draft.all_sections():
        for clause in sec.clauses():
            for sid in clause.source_ids:
                if sid in seen:
                    continue
                rec = draft.sources.get(sid)
                if rec is None:
                    continue
                seen[sid] = len(refs) + 1
                refs.append(Reference(n=len(refs) + 1, source_id=sid, title=rec.title, publisher=rec.publisher,
                                      date=rec.date, usage=rec.usage, url=rec.url))
    return refs


def clause_text(clause: DraftClause, ref_of: dict[str, int], last_in_paragraph: bool,
                escape: Callable[[str], str] = str) -> str:
    """Clause text with `[n]` (and any 【待核实：…】) before its closing punctuation. `escape` makes
    source text inert in the output format (Markdown: `display.escape_markup`) before marks are added."""
    text = escape(clause.text.strip())
    end = ""
    while text and text[-1] in _END:
        end = text[-1] + end
        text = text[:-1]
    if end.endswith("."):  # an English sentence: keep its period
        end = end[:-1] + "."
    if last_in_paragraph and end in ("；", ";", "，", ",", "、", "：", ":", ""):
        end = "。" if _is_cjk(text) else (end or ".")
    elif not end and text:
        # a clause a model left unpunctuated must not run into the next one
        end = "，" if _is_cjk(text) else ","
    cites = cite_group([ref_of[s] for s in clause.source_ids if s in ref_of])
    pend = "".join(pending_note(p) for p in clause.pending)
    return f"{_cite_inner_sentences(text, cites)}{cites}{pend}{end}"


def _cite_inner_sentences(text: str, cites: str) -> str:
    """A clause holding several sentences ("…57.7%；…61.4%") gets its citation after each one.

    `check` reads a citation group as covering only its own sentence (docs/VERIFIER.md), so a single group
    at the end would leave the earlier sentences uncited.
    """
    if not cites:
        return text
    spans = split_sentences(text)
    if len(spans) < 2:
        return text
    out, pos = [], 0
    for span in spans[:-1]:
        piece = text[pos : span.end]
        body = piece.rstrip(_END + _CLOSE)
        out.append(body + cites + piece[len(body) :])
        pos = span.end
    out.append(text[pos:])
    return "".join(out)


def _is_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text[-6:])


def paragraph_texts(section: DraftSection, ref_of: dict[str, int], escape: Callable[[str], str] = str) -> list[str]:
    out = []
    for p in section.paragraphs:
        parts = [clause_text(c, ref_of, i == len(p.clauses) - 1, escape) for i, c in enumerate(p.clauses)]
        text = ""
        for part in parts:  # a space between English sentences, none between Chinese ones
            if text and text[-1] in ".!?," and part[:1].isascii():
                text += " "
            text += part
        if text:
            out.append(text)
    return out
