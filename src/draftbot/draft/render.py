"""Render a `Draft` as Markdown (the seed's layout) and as JSON provenance."""

from __future__ import annotations

import datetime as dt

from draftbot.display import escape_markup
from draftbot.draft.document import Draft, DraftClause, DraftSection
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


def reference_line(template: str, ref: Reference) -> str:
    usage = (ref.usage or "用于背景参考").strip().rstrip("。.；;，, ")
    return escape_markup(template.format(
        n=ref.n,
        publisher=ref.publisher or "发布者不详",
        title=ref.title.strip("《》"),
        date=ref.date.isoformat() if ref.date else "日期不详",
        usage=usage,
    ))  # source metadata is text, never markup


def clause_text(clause: DraftClause, ref_of: dict[str, int], last_in_paragraph: bool) -> str:
    """Clause text with `[n]` (and any 【待核实：…】) before its closing punctuation."""
    text = escape_markup(clause.text.strip())  # source HTML stays text in the draft
    end = ""
    while text and text[-1] in _END:
        end = text[-1] + end
        text = text[:-1]
    if end.endswith("."):  # an English sentence: keep its period
        end = end[:-1] + "."
    if last_in_paragraph and end in ("；", ";", "，", ",", "、", "：", ":", ""):
        end = "。" if _is_cjk(text) else (end or ".")
    cites = "".join(f"[{ref_of[s]}]" for s in clause.source_ids if s in ref_of)
    pend = "".join(f"【待核实：{p}】" for p in clause.pending)
    return f"{_cite_inner_sentences(text, cites)}{cites}{pend}{end}"


def _cite_inner_sentences(text: str, cites: str) -> str:
    """A clause holding several sentences ("…57.7%；…61.4%") gets its citation after each one.

    `check` reads a citation group as covering only its own sentence (DESIGN.md), so a single group
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


def paragraph_texts(section: DraftSection, ref_of: dict[str, int]) -> list[str]:
    out = []
    for p in section.paragraphs:
        parts = [clause_text(c, ref_of, i == len(p.clauses) - 1) for i, c in enumerate(p.clauses)]
        text = ""
        for part in parts:  # a space between English sentences, none between Chinese ones
            if text and text[-1] in ".!?" and part[:1].isascii():
                text += " "
            text += part
        if text:
            out.append(text)
    return out


def render_markdown(draft: Draft) -> str:
    b = draft.brief
    refs = number_references(draft)
    ref_of = {r.source_id: r.n for r in refs}
    lines = [f"# {b.title}", ""]
    for org in b.org_lines:
        lines += [org, ""]
    lines += [date_line(draft.dated), ""]
    for heading, sec in zip(headings(draft), draft.all_sections()):
        lines += [f"## {heading}", ""]
        paras = paragraph_texts(sec, ref_of)
        for p in paras:
            lines += [p, ""]
        if not paras:
            lines += ["【待核实：本节没有可引用的当日资料】", ""]
    lines += [f"## {b.references.heading}", ""]
    lines += [reference_line(b.references.line, r) for r in refs]
    return "\n".join(lines).rstrip("\n") + "\n"


def provenance(draft: Draft, run: dict) -> dict:
    """JSON provenance: every clause with its citations resolved to source, chunk and span, plus
    the run (backend, model, prompt hashes, tokens, cost, allowed sources) given by the pipeline."""
    refs = number_references(draft)
    ref_of = {r.source_id: r.n for r in refs}
    secs = []
    for heading, sec in zip(headings(draft), draft.all_sections()):
        paras = []
        for p in sec.paragraphs:
            clauses = []
            for c in p.clauses:
                cites = []
                for span in c.cites:
                    rec = draft.sources.get(span.source_id)
                    cites.append({
                        "n": ref_of.get(span.source_id),
                        "source_id": span.source_id,
                        "title": rec.title if rec else None,
                        "publisher": rec.publisher if rec else None,
                        "date": rec.date.isoformat() if rec and rec.date else None,
                        "path": rec.path if rec else None,
                        "chunk_id": span.chunk_id,
                        "start": span.start,
                        "end": span.end,
                        "via": span.via,
                    })
                clauses.append({
                    "text": c.text,
                    "citations": sorted({x["n"] for x in cites if x["n"] is not None}),
                    "sources": cites,
                    "pending": c.pending,
                })
            paras.append({"clauses": clauses})
        secs.append({"id": sec.id, "kind": sec.kind, "heading": heading, "paragraphs": paras})
    return {
        "format": "draftbot-provenance/1",
        "brief": {"id": draft.brief.id, "title": draft.brief.title},
        "date": draft.date.isoformat(),
        "dated": draft.dated.isoformat(),
        **run,
        "sections": secs,
        "references": [
            {**r.model_dump(mode="json"), "path": draft.sources[r.source_id].path if r.source_id in draft.sources else None}
            for r in refs
        ],
    }
