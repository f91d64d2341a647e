"""Read a DOCX as Word shows it: every paragraph in reading order, revisions applied.

`doc.paragraphs` (python-docx) sees only top-level body paragraphs and reads deleted and inserted
text alike, so a figure typed into a table, a content control, a text box or a field, or changed
with Track Changes, was invisible or garbled. This walker goes over the OOXML body itself:

- paragraphs, tables cell by cell (nested tables too), content controls (w:sdt, their content, not
  their properties), customXml and smartTag wrappers, hyperlinks;
- text boxes (w:txbxContent) as paragraphs after the paragraph that anchors them; mc:AlternateContent
  holds the same box twice (DrawingML and VML fallback), so only one branch is read;
- simple fields (w:fldSimple) by their result; complex fields (w:fldChar begin/separate/end) by the
  text between separate and end, never the instruction;
- revisions applied as if accepted: w:ins and w:moveTo read, w:del/w:delText and w:moveFrom not
  (so a moved sentence counts once); deleted table rows are skipped;
- comments live in their own part and are never read; comment anchors and references carry no text.

Paragraphs are numbered 1-based in reading order, counting every paragraph (empty ones too), so
a number given to an editor ("paragraph 12") and the annotator's anchor agree.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from pydantic import BaseModel, Field

from draftbot.errors import UserError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


P, R, T, TBL, TR, TC = _q("p"), _q("r"), _q("t"), _q("tbl"), _q("tr"), _q("tc")
SDT, SDT_CONTENT = _q("sdt"), _q("sdtContent")
INS, DEL, MOVE_TO, MOVE_FROM = _q("ins"), _q("del"), _q("moveTo"), _q("moveFrom")
FLD_CHAR, FLD_SIMPLE, TXBX = _q("fldChar"), _q("fldSimple"), _q("txbxContent")
ALT, CHOICE, FALLBACK = f"{{{MC}}}AlternateContent", f"{{{MC}}}Choice", f"{{{MC}}}Fallback"
MATH_T = f"{{{M}}}t"
# Property and bookkeeping elements: never text.
_SKIP = {_q(t) for t in ("pPr", "rPr", "sdtPr", "sdtEndPr", "tblPr", "tblGrid", "trPr", "tcPr", "sectPr",
                         "customXmlPr", "smartTagPr", "instrText", "delText", "delInstrText",
                         "footnoteReference", "endnoteReference", "commentReference", "annotationRef")}
# Wrappers whose children are read as if they stood in their place.
_TRANSPARENT = {_q(t) for t in ("hyperlink", "smartTag", "customXml", "dir", "bdo", "ins", "moveTo")} | {FLD_SIMPLE}
_DROPPED = {DEL, MOVE_FROM}
_REVISIONS = {INS, DEL, MOVE_TO, MOVE_FROM}
_HEADING = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)


class DocxBlock(BaseModel):
    """One non-empty paragraph as Word shows it."""

    paragraph: int  # 1-based, reading order, counting every paragraph of the body
    style: str = ""  # the paragraph style's name ("Heading 1", "Normal", ...)
    level: int | None = None  # 0 title, 1-9 heading level, None for body text
    text: str
    numbered: bool = False  # Word numbers it itself (list numbering is not in the text)
    where: str = "body"  # body | table | textbox
    table: int | None = None  # ordinal of the (innermost) table, 1-based, for cells
    row: int | None = None  # 1-based within that table
    cell: int | None = None  # 1-based within that row


class DocxText(BaseModel):
    blocks: list[DocxBlock] = Field(default_factory=list)
    paragraphs: int = 0  # every paragraph counted, empty ones too
    revisions: int = 0  # unaccepted tracked insertions, deletions and moves

    def note(self) -> str | None:
        """The one informational line a reader of the draft should see, or None."""
        if not self.revisions:
            return None
        return (f"{self.revisions} unaccepted tracked change(s): read as if accepted "
                "(inserted text in, deleted text out)")


class DocxReadError(UserError):
    """A file that is not a readable .docx (one line naming it)."""


@dataclass
class _Para:
    """A paragraph found by the walk, with its element (the annotator anchors on it)."""

    index: int
    element: object
    text: str
    style_id: str
    numbered: bool
    where: str
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    runs: list = field(default_factory=list)  # (w:r element, text) pairs, in order, as read


class _Walk:
    def __init__(self, fields_per_paragraph: bool = False) -> None:
        self.fields_per_paragraph = fields_per_paragraph  # for documents whose fields never end
        self.count = 0
        self.tables = 0
        self.fields: list[str] = []  # complex-field stack: "instr" until separate, then "result"
        self.out: list[_Para] = []

    # -- blocks
    def blocks(self, parent, where: str, cell: tuple | None = None) -> None:
        for child in parent:
            tag = child.tag
            if tag == P:
                self.paragraph(child, where, cell)
            elif tag == TBL:
                self.table(child)
            elif tag in _SKIP or tag in _DROPPED or not isinstance(tag, str):
                continue
            elif tag == ALT:
                branch = _branch(child)
                if branch is not None:
                    self.blocks(branch, where, cell)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self.blocks(content, where, cell)
            else:  # customXml, ins/moveTo around blocks, altChunk-free wrappers
                self.blocks(child, where, cell)

    def table(self, tbl) -> None:
        self.tables += 1
        t = self.tables
        for r, tr in enumerate(_rows(tbl), 1):
            for c, tc in enumerate(_cells(tr), 1):
                self.blocks(tc, "table", (t, r, c))

    # -- one paragraph
    def paragraph(self, p, where: str, cell: tuple | None) -> None:
        self.count += 1
        para = _Para(index=self.count, element=p, text="", style_id=_style_id(p), numbered=_numbered(p),
                     where=where, table=cell[0] if cell else None, row=cell[1] if cell else None,
                     cell=cell[2] if cell else None)
        self.out.append(para)
        boxes: list = []
        pieces: list[str] = []
        self.inline(p, pieces, para.runs, boxes)
        para.text = "".join(pieces)
        if self.fields_per_paragraph:
            self.fields.clear()
        for box in boxes:
            self.blocks(box, "textbox", None)

    def inline(self, parent, pieces: list[str], runs: list, boxes: list) -> None:
        for child in parent:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP or tag in _DROPPED:
                continue
            if tag == R:
                text = self.run(child, boxes)
                if text:
                    pieces.append(text)
                    runs.append((child, text))
            elif tag in _TRANSPARENT:
                self.inline(child, pieces, runs, boxes)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self.inline(content, pieces, runs, boxes)
            elif tag == ALT:
                branch = _branch(child)
                if branch is not None:
                    self.inline(branch, pieces, runs, boxes)
            elif tag.startswith(f"{{{M}}}"):  # Office Math: its m:t text, read only outside field codes
                if self.visible():
                    pieces.append("".join(t.text or "" for t in child.iter(MATH_T)))

    def visible(self) -> bool:
        return all(state == "result" for state in self.fields)

    def run(self, r, boxes: list) -> str:
        out: list[str] = []
        for child in r:
            tag = child.tag
            if tag == FLD_CHAR:
                kind = child.get(_q("fldCharType"))
                if kind == "begin":
                    self.fields.append("instr")
                elif kind == "separate" and self.fields:
                    self.fields[-1] = "result"
                elif kind == "end" and self.fields:
                    self.fields.pop()
                continue
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == T:
                if self.visible():
                    out.append(child.text or "")
            elif tag in (_q("tab"), _q("ptab")):
                if self.visible():
                    out.append("\t")
            elif tag in (_q("br"), _q("cr")):
                if self.visible() and child.get(_q("type")) not in ("page", "column"):
                    out.append("\n")
            elif tag == _q("noBreakHyphen"):
                if self.visible():
                    out.append("-")
            elif tag == ALT:  # the same drawing twice: one branch
                branch = _branch(child)
                if branch is not None:
                    boxes.extend(_textboxes(branch))
            else:  # w:drawing, w:pict, w:object: their text boxes are read after the paragraph
                boxes.extend(_textboxes(child))
        return "".join(out)


def _branch(alt):
    """The one branch of mc:AlternateContent to read: the first Choice, else the Fallback."""
    choice = alt.find(CHOICE)
    return choice if choice is not None else alt.find(FALLBACK)


def _textboxes(el) -> Iterator:
    """Outermost w:txbxContent under `el`, one branch per mc:AlternateContent."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == TXBX:
            yield child
        elif tag == ALT:
            branch = _branch(child)
            if branch is not None:
                yield from _textboxes(branch)
        else:
            yield from _textboxes(child)


def _rows(tbl) -> Iterator:
    """Table rows, through row-level content controls and customXml; deleted rows left out."""
    for child in tbl:
        if child.tag == TR:
            pr = child.find(_q("trPr"))
            if pr is not None and pr.find(DEL) is not None:
                continue
            yield child
        elif child.tag in (SDT, _q("customXml")) or child.tag in (INS, MOVE_TO):
            inner = child.find(SDT_CONTENT) if child.tag == SDT else child
            if inner is not None:
                yield from _rows(inner)


def _cells(tr) -> Iterator:
    for child in tr:
        if child.tag == TC:
            yield child
        elif child.tag in (SDT, _q("customXml")):
            inner = child.find(SDT_CONTENT) if child.tag == SDT else child
            if inner is not None:
                yield from _cells(inner)


def _style_id(p) -> str:
    pr = p.find(_q("pPr"))
    st = pr.find(_q("pStyle")) if pr is not None else None
    return st.get(_q("val"), "") if st is not None else ""


def _numbered(p) -> bool:
    pr = p.find(_q("pPr"))
    num = pr.find(_q("numPr")) if pr is not None else None
    if num is None:
        return False
    num_id = num.find(_q("numId"))
    return num_id is None or num_id.get(_q("val")) != "0"


def count_revisions(body) -> int:
    """Tracked insertions, deletions and moves of text (paragraph-mark and row marks aside)."""
    n = 0
    for el in body.iter(*_REVISIONS):
        parent = el.getparent()
        if parent is not None and parent.tag in (_q("rPr"), _q("trPr"), _q("pPr")):
            continue
        n += 1
    return n


class _Styles:
    """Style id -> (name, heading level, numbered) from the styles part, following basedOn."""

    def __init__(self, document) -> None:
        self.by_id: dict[str, object] = {}
        try:
            for s in document.styles:
                self.by_id[s.style_id] = s
        except Exception:  # a package without a styles part still reads
            pass

    def name(self, style_id: str) -> str:
        s = self.by_id.get(style_id)
        if s is not None and getattr(s, "name", None):
            return s.name
        return style_id or "Normal"

    def level(self, style_id: str, p) -> int | None:
        seen = 0
        s = self.by_id.get(style_id)
        while s is not None and seen < 10:
            name = (getattr(s, "name", "") or "").strip()
            if name.lower() == "title" or name == "标题":
                return 0
            m = _HEADING.match(name)
            if m:
                return int(m.group(1))
            lvl = _outline(s.element)
            if lvl is not None:
                return lvl
            s = getattr(s, "base_style", None)
            seen += 1
        m = _HEADING.match(style_id or "")
        if m:
            return int(m.group(1))
        return _outline(p)

    def numbered(self, style_id: str) -> bool:
        s = self.by_id.get(style_id)
        pr = s.element.find(_q("pPr")) if s is not None else None
        return pr is not None and pr.find(_q("numPr")) is not None


def _outline(el) -> int | None:
    pr = el.find(_q("pPr"))
    lvl = pr.find(_q("outlineLvl")) if pr is not None else None
    if lvl is None:
        return None
    try:
        v = int(lvl.get(_q("val")))
    except (TypeError, ValueError):
        return None
    return v + 1 if 0 <= v < 9 else None  # outline level 9 means body text


def open_docx(source: Path | str | bytes):
    """A python-docx Document, or DocxReadError naming the file and the reason."""
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise DocxReadError("reading .docx needs python-docx") from None
    name = "DOCX data" if isinstance(source, (bytes, bytearray)) else str(source)
    if not isinstance(source, (bytes, bytearray)) and not Path(source).is_file():
        raise DocxReadError(f"{name}: no such file")
    try:
        return docx.Document(io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else str(source))
    except PackageNotFoundError:
        raise DocxReadError(f"{name}: not a Word .docx file") from None
    except Exception as exc:  # zip/xml errors from a damaged file
        raise DocxReadError(f"{name}: cannot be read as .docx ({type(exc).__name__}: {exc})") from None


def walk_paragraphs(document) -> list[_Para]:
    """Every paragraph of `document` (python-docx Document) in reading order, with its runs."""
    w = _Walk()
    w.blocks(document.element.body, "body")
    if w.fields:
        # a field that begins and never ends would hide the rest of the document (and its figures
        # from the checker): read again with each paragraph closing its open fields
        w = _Walk(fields_per_paragraph=True)
        w.blocks(document.element.body, "body")
    return w.out


def read_document(document) -> DocxText:
    styles = _Styles(document)
    paras = walk_paragraphs(document)
    blocks = [
        DocxBlock(paragraph=p.index, style=styles.name(p.style_id), level=styles.level(p.style_id, p.element),
                  text=p.text, numbered=p.numbered or styles.numbered(p.style_id), where=p.where,
                  table=p.table, row=p.row, cell=p.cell)
        for p in paras if p.text.strip()
    ]
    return DocxText(blocks=blocks, paragraphs=len(paras), revisions=count_revisions(document.element.body))


def read_docx(source: Path | str | bytes) -> DocxText:
    """The paragraphs Word shows (non-empty ones), numbered in reading order; see the module doc."""
    return read_document(open_docx(source))


def blocks_text(blocks: list[DocxBlock]) -> str:
    """Plain text: one line per paragraph; a table row on one line, its cells joined by " | "
    (a figure stays on the line of its row label)."""
    lines: list[str] = []
    last: tuple | None = None
    for b in blocks:
        text = b.text.strip()
        key = (b.table, b.row, b.cell) if b.where == "table" else None
        if key is not None and last is not None and key[:2] == last[:2]:
            lines[-1] += (" " if key == last else " | ") + text
        else:
            if last is not None and key is None:
                lines.append("")  # a blank line closes a table
            lines.append(text)
        last = key
    return "\n".join(lines)


def read_docx_text(source: Path | str | bytes) -> str:
    """The text of a DOCX source as Word shows it (for ingest)."""
    return blocks_text(read_docx(source).blocks)


class MarkdownView(BaseModel):
    """A DOCX draft as the Markdown the checker parses, with where each line came from."""

    markdown: str
    paragraph_of_line: dict[int, int] = Field(default_factory=dict)  # 1-based Markdown line -> DOCX paragraph
    revisions: int = 0

    def paragraph(self, line: int) -> int | None:
        return self.paragraph_of_line.get(line)

    def note(self) -> str | None:
        return DocxText(revisions=self.revisions).note()
