"""`check --annotate OUT.docx`: a copy of a DOCX draft with each finding as a Word comment
anchored on the sentence it is about, so an editor fixes them where they work (Word, WPS).

Paragraphs are found with the same reading-order walk as `draftbot.sources.ooxml`, so a finding's
`paragraph` points at the paragraph the checker read. A sentence that is part of a run is anchored
exactly: the run is split at the sentence's edges (each piece keeps the run's formatting). A
finding whose sentence is not found in the document is still written, on its paragraph (or the
first one), saying so, and counted as unplaced.
"""

from __future__ import annotations

import copy
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import Any, Iterable

from pydantic import BaseModel, Field

from draftbot.briefing.docx import markdown_to_docx, xml_text
from draftbot.sources.ooxml import DEL, FALLBACK, MOVE_FROM, T, _q, open_docx, walk_paragraphs
from draftbot.errors import UserError
from draftbot.verify.kinds import editor_text, label

AUTHOR = "draftbot check"
_LIST_NUMBER = re.compile(r"^\s*(?:\[\d+\]|\d+\s*[.．、)）])\s*")
INITIALS = "DB"
# Run children whose visible length we know; a run holding anything else is anchored whole.
_TEXTUAL = {T, _q("tab"), _q("ptab"), _q("br"), _q("cr"), _q("noBreakHyphen")}
_NEUTRAL = {_q("rPr"), _q("lastRenderedPageBreak")}


class Annotation(BaseModel):
    """What a comment needs from a finding (a `Finding`, its JSON dict, or any object alike)."""

    kind: str
    sentence: str
    detail: str = ""
    paragraph: int | None = None
    suggestion: str | None = None
    number: str | None = None
    citations: list[int] = Field(default_factory=list)

    @classmethod
    def of(cls, finding: Any) -> "Annotation":
        if isinstance(finding, Annotation):
            return finding
        get = finding.get if isinstance(finding, dict) else (lambda k, d=None: getattr(finding, k, d))
        return cls(kind=get("kind"), sentence=get("sentence") or "", detail=get("detail") or "",
                   paragraph=get("paragraph"), suggestion=get("suggestion"), number=get("number"),
                   citations=get("citations") or [])

    def comment(self, placed: bool) -> str:
        # the label and the editor's wording (verify/kinds.py), then the checker's own words
        text = f"{label(self.kind)}：{editor_text(self)}"
        if self.suggestion:
            text += f"\n建议：{self.suggestion}"
        if self.detail:
            text += f"\n检查原文（{self.kind}）：{self.detail}"
        if not placed:
            text = f"（未在文中找到原句：{self.sentence}）\n" + text
        return text


class AnnotateResult(BaseModel):
    path: Path
    comments: int = 0
    unplaced: list[str] = Field(default_factory=list)  # sentences anchored on a paragraph instead


def annotate_docx(source: Path | str, findings: Iterable[Any], out: Path | str, *,
                  author: str = AUTHOR, initials: str = INITIALS) -> AnnotateResult:
    """Write `out`: `source` with one comment per finding. Creates `out`'s folder."""
    doc = open_docx(source)
    out = Path(out)
    res = AnnotateResult(path=out)
    for f in findings:
        a = Annotation.of(f)
        placed = _anchor(doc, a)
        first, last = placed or _fallback(doc, a)
        if first is None:  # a document without a single run of text: nothing to hang a comment on
            res.unplaced.append(a.sentence)
            continue
        from docx.text.run import Run

        doc.add_comment([Run(first, None), Run(last, None)], text=xml_text(a.comment(placed is not None)),
                        author=author, initials=initials)
        res.comments += 1
        if placed is None:
            res.unplaced.append(a.sentence)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        doc.save(str(out))
    except OSError as exc:
        raise UserError(f"{out}: cannot write the annotated copy ({exc.strerror or exc})") from None
    return res


# ----------------------------------------------------------------------------- finding the sentence


def _norm(text: str) -> tuple[str, list[int]]:
    """Text without whitespace, full-width folded, and each kept character's index in `text`."""
    chars, index = [], []
    for i, c in enumerate(text):
        if c.isspace():
            continue
        folded = unicodedata.normalize("NFKC", c)
        chars.append(folded if len(folded) == 1 else c)
        index.append(i)
    return "".join(chars), index


def _locate(runs_text: str, sentence: str) -> tuple[int, int] | None:
    hay, index = _norm(runs_text)
    needle, _ = _norm(sentence)
    if not needle:
        return None
    at = hay.find(needle)
    if at < 0:
        return None
    return index[at], index[at + len(needle) - 1] + 1


def _anchor(doc, a: Annotation):
    """(first run, last run) covering exactly the sentence, splitting runs at its edges; None if
    the sentence is in no paragraph. The finding's own paragraph is searched first. A reference
    line is also tried without its number (Word numbers list paragraphs outside the text)."""
    paras = walk_paragraphs(doc)
    order = sorted(paras, key=lambda p: p.index != a.paragraph) if a.paragraph else paras
    wanted = [a.sentence]
    unnumbered = _LIST_NUMBER.sub("", a.sentence, count=1)
    if unnumbered != a.sentence:
        wanted.append(unnumbered)
    for sentence in wanted:
        for para in order:
            runs = para.runs
            span = _locate("".join(t for _, t in runs), sentence)
            if span is not None:
                return _cover(runs, *span)
    return None


def _cover(runs: list, start: int, end: int):
    first = last = None
    pos = 0
    for r, text in runs:
        a, b = pos, pos + len(text)
        pos = b
        if b <= start or a >= end:
            continue
        if a < start and _splittable(r):
            r = _split(r, start - a)  # the tail from the sentence's start
            a = start
        if b > end and _splittable(r):
            _split(r, end - a)  # r keeps the head up to the sentence's end
        first = first if first is not None else r
        last = r
    return first, last


def _fallback(doc, a: Annotation):
    paras = walk_paragraphs(doc)
    pick = [p for p in paras if p.index == a.paragraph and p.runs] or [p for p in paras if p.runs]
    if not pick:
        return None, None
    runs = pick[0].runs
    return runs[0][0], runs[-1][0]


# ----------------------------------------------------------------------------- splitting runs


def _pieces(r) -> list[tuple[Any, int]]:
    out = []
    for child in r:
        if child.tag in _NEUTRAL:
            continue
        if child.tag == T:
            out.append((child, len(child.text or "")))
        elif child.tag == _q("br") and child.get(_q("type")) in ("page", "column"):
            out.append((child, 0))
        else:
            out.append((child, 1))
    return out


def _splittable(r) -> bool:
    return all(child.tag in _TEXTUAL or child.tag in _NEUTRAL for child in r)


def _split(r, k: int):
    """Split run `r` at visible character `k`: `r` keeps [0, k), a copy placed right after it
    gets the rest (same formatting). Returns the copy."""
    tail = copy.deepcopy(r)
    _keep(r, 0, k)
    _keep(tail, k, None)
    r.addnext(tail)
    return tail


def _keep(r, lo: int, hi: int | None) -> None:
    """Keep the visible characters [lo, hi) of run `r` (hi None: to the end)."""
    pos = 0
    for child, n in _pieces(r):
        a, b = pos, pos + n
        pos = b
        if n == 0:  # a page break: it stays with the piece its position falls in
            if not (lo <= a and (hi is None or a < hi)):
                r.remove(child)
            continue
        keep_a, keep_b = max(a, lo), b if hi is None else min(b, hi)
        if keep_b <= keep_a:
            r.remove(child)
        elif child.tag == T and (keep_a > a or keep_b < b):
            child.text = (child.text or "")[keep_a - a:keep_b - a]
            child.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


# ----------------------------------------------------------------------------- reading comments back


class CommentBack(BaseModel):
    id: int
    author: str
    text: str
    anchored: str  # the visible text between the comment's range start and end


def read_comments(path: Path | str) -> list[CommentBack]:
    """The comments of a DOCX with the text each is anchored on (tests, and editors' tools)."""
    doc = open_docx(path)
    anchored: dict[str, list[str]] = {}
    open_ids: set[str] = set()
    start, end = _q("commentRangeStart"), _q("commentRangeEnd")
    for el in _visible_iter(doc.element.body):
        if el.tag == start:
            open_ids.add(el.get(_q("id")))
            anchored.setdefault(el.get(_q("id")), [])
        elif el.tag == end:
            open_ids.discard(el.get(_q("id")))
        elif el.tag == T and open_ids:
            for cid in open_ids:
                anchored[cid].append(el.text or "")
    return [CommentBack(id=c.comment_id, author=c.author, text=c.text,
                        anchored="".join(anchored.get(str(c.comment_id), [])))
            for c in doc.comments]


def _visible_iter(el):
    """Elements in document order, leaving out deleted text and the fallback copy of drawings."""
    for child in el:
        if not isinstance(child.tag, str) or child.tag in (DEL, MOVE_FROM, FALLBACK):
            continue
        yield child
        if len(child):
            yield from _visible_iter(child)


def annotate_draft(draft: Path, markdown: str, findings: list, brief, out: Path):
    """`check --annotate` for any draft: a DOCX draft is annotated as it is; a Markdown draft is
    rendered to DOCX in its brief first (its findings are then placed by their sentence, its
    paragraphs being other than the file's)."""
    from draftbot.briefing.formats import is_docx

    if is_docx(draft):
        return annotate_docx(draft, findings, out)
    with tempfile.TemporaryDirectory(prefix="draftbot-annotate-") as tmp:
        rendered = Path(tmp) / (draft.stem + ".docx")
        rendered.write_bytes(markdown_to_docx(markdown, brief))
        located = [f.model_copy(update={"paragraph": None}) for f in findings]
        return annotate_docx(rendered, located, out)
