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
- comments live in their own part and are never read; comment anchors and references carry no text;
- footnotes and endnotes are read where they are referenced, in brackets inside the paragraph
  (so a figure in a note is checked with the paragraph, under its citation group);
- ruby (phonetic guide) by its base text, never the guide; w:sym symbol characters by the character
  they stand for (Symbol/Wingdings private-use codes F020-F0FF mapped back to the character);
- altChunk (imported HTML, text or a nested DOCX) as paragraphs where it stands;
- what cannot be read as text (an embedded OLE object, an altChunk of another type) is listed in
  `unread` with its paragraph, so a caller says so instead of passing it silently.

This is the one OOXML reader: source DOCX (`sources.docx_files`), draft DOCX (`briefing.docx`)
and the annotator (`annotate`) all read through it.

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
                         "commentReference", "annotationRef", "footnoteRef", "endnoteRef", "rt")}
# Wrappers whose children are read as if they stood in their place.
_TRANSPARENT = {_q(t) for t in ("hyperlink", "smartTag", "customXml", "dir", "bdo", "ins", "moveTo")} | {FLD_SIMPLE}
_DROPPED = {DEL, MOVE_FROM}
_REVISIONS = {INS, DEL, MOVE_TO, MOVE_FROM}
NOTE_REFS = {_q("footnoteReference"): "footnotes", _q("endnoteReference"): "endnotes"}
RUBY, RUBY_BASE, SYM, OBJECT, ALT_CHUNK = _q("ruby"), _q("rubyBase"), _q("sym"), _q("object"), _q("altChunk")
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
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
    unread: list[str] = Field(default_factory=list)  # "paragraph N: what" for content not read as text

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


class Budget:
    """How long and how much one document's reading may take (`sources.limits`: the per-file time
    budget and the character limit); `spend` raises BudgetError once either is passed."""

    def __init__(self, seconds: float, chars: int) -> None:
        import time

        self.seconds, self.chars = seconds, chars
        self.deadline = time.monotonic() + seconds
        self.used = 0

    def spend(self, chars: int, paragraph: int) -> None:
        import time

        self.used += chars
        if self.used > self.chars:
            raise BudgetError(f"extracted text too long (over {self.chars:,} characters by paragraph {paragraph}; "
                              "limit set by DRAFTBOT_MAX_SOURCE_CHARS)")
        if paragraph % 256 == 0 and time.monotonic() > self.deadline:
            raise BudgetError(f"reading took over {self.seconds:g} s (stopped at paragraph {paragraph}; "
                              "limit set by DRAFTBOT_SOURCE_SECONDS)")


class BudgetError(UserError):
    """A document past its reading budget (the reason alone; callers name the file)."""


class _Walk:
    def __init__(self, fields_per_paragraph: bool = False, parts: "_Parts | None" = None,
                 budget: Budget | None = None) -> None:
        self.fields_per_paragraph = fields_per_paragraph  # for documents whose fields never end
        self.parts = parts or _Parts(None)
        self.budget = budget
        self.unread: list[str] = []
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
            elif tag == ALT_CHUNK:
                self.alt_chunk(child, where, cell)
            else:  # customXml, ins/moveTo around blocks
                self.blocks(child, where, cell)

    def alt_chunk(self, el, where: str, cell: tuple | None) -> None:
        """Imported content (w:altChunk): its lines as paragraphs here; a type we cannot read is noted."""
        lines = self.parts.chunk_lines(el.get(f"{{{R_NS}}}id"))
        if lines is None:
            self.unread.append(f"paragraph {self.count + 1}: an imported chunk (altChunk) of a type draftbot "
                               "cannot read; its text is not checked")
            return
        for line in lines:
            self.count += 1
            self.out.append(_Para(index=self.count, element=el, text=line, style_id="", numbered=False,
                                  where=where if where != "body" else "altchunk", table=cell[0] if cell else None,
                                  row=cell[1] if cell else None, cell=cell[2] if cell else None))

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
        if self.budget is not None:
            self.budget.spend(len(para.text), self.count)
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
            elif tag in NOTE_REFS:  # a footnote / endnote: read with the paragraph, where it is referenced
                note = self.parts.note_text(NOTE_REFS[tag], child.get(_q("id")))
                if note and self.visible():
                    out.append(f"（{note}）")
            elif tag == SYM:
                if self.visible():
                    out.append(_sym_char(child.get(_q("char")) or ""))
            elif tag == RUBY:  # the base text Word shows large, not the phonetic guide above it
                base = child.find(RUBY_BASE)
                for r2 in (base if base is not None else []):
                    if r2.tag == R:
                        out.append(self.run(r2, boxes))
            elif tag == OBJECT and not list(_textboxes(child)):
                self.unread.append(f"paragraph {self.count}: an embedded object draftbot cannot read; "
                                   "any figure in it is not checked")
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


def walk_paragraphs(document, budget: Budget | None = None) -> list[_Para]:
    """Every paragraph of `document` (python-docx Document) in reading order, with its runs."""
    return _walk(document, budget).out


def _walk(document, budget: Budget | None = None) -> _Walk:
    parts = _Parts(document)
    w = _Walk(parts=parts, budget=budget)
    w.blocks(document.element.body, "body")
    if w.fields:
        # a field that begins and never ends would hide the rest of the document (and its figures
        # from the checker): read again with each paragraph closing its open fields
        if budget is not None:
            budget.used = 0
        w = _Walk(fields_per_paragraph=True, parts=parts, budget=budget)
        w.blocks(document.element.body, "body")
    return w


def default_budget() -> Budget:
    """The per-file budget of the input limits (DRAFTBOT_SOURCE_SECONDS, DRAFTBOT_MAX_SOURCE_CHARS)."""
    from draftbot.config import load_limits

    lim = load_limits()
    return Budget(lim.source_seconds, lim.max_source_chars)


def _sym_char(code: str) -> str:
    """The character a w:sym stands for: symbol fonts put ASCII at F020-F0FF (F031 is "1")."""
    try:
        v = int(code, 16)
    except ValueError:
        return ""
    if 0xF020 <= v <= 0xF0FF:
        v -= 0xF000
    return chr(v) if 0 < v < 0x110000 else ""


class _Parts:
    """The document's other parts a paragraph can pull text from: footnotes, endnotes, altChunks."""

    def __init__(self, document) -> None:
        self.rels = {}
        self.notes: dict[str, dict[str, object]] = {"footnotes": {}, "endnotes": {}}
        self._cache: dict[tuple, str] = {}
        if document is None:
            return
        try:
            self.rels = dict(document.part.rels)
        except Exception:
            return
        for rel in self.rels.values():
            kind = rel.reltype.rsplit("/", 1)[-1]
            if kind in self.notes and not rel.is_external:
                self.notes[kind] = _notes_of(rel.target_part.blob, kind)

    def note_text(self, kind: str, note_id: str | None) -> str:
        el = self.notes.get(kind, {}).get(note_id or "")
        if el is None:
            return ""
        key = (kind, note_id)
        if key not in self._cache:
            w = _Walk()  # a note's own paragraphs, with no footnotes of its own
            pieces: list[str] = []
            for p in el.iter(P):
                part: list[str] = []
                w.inline(p, part, [], [])
                pieces.append("".join(part).strip())
            self._cache[key] = " ".join(x for x in pieces if x)
        return self._cache[key]

    def chunk_lines(self, rid: str | None) -> list[str] | None:
        """The text lines of an altChunk part; None when its type cannot be read as text."""
        rel = self.rels.get(rid or "")
        if rel is None or rel.is_external:
            return None
        part = rel.target_part
        ctype = (part.content_type or "").lower()
        blob = part.blob
        if "html" in ctype or "xhtml" in ctype:
            return _html_lines(blob)
        if ctype.startswith("text/plain"):
            from draftbot.sources.decode import decode_text

            try:
                return [ln.strip() for ln in decode_text(blob).split("\n") if ln.strip()]
            except Exception:  # not text after all
                return None
        if "wordprocessingml.document" in ctype:
            return [p.text for p in walk_paragraphs(open_docx(blob)) if p.text.strip()]
        return None


def _notes_of(blob: bytes, kind: str) -> dict[str, object]:
    from lxml import etree

    try:
        root = etree.fromstring(blob, parser=etree.XMLParser(resolve_entities=False, huge_tree=False))
    except etree.XMLSyntaxError:
        return {}
    tag = _q(kind[:-1])  # footnotes -> w:footnote
    return {el.get(_q("id")): el for el in root.iter(tag)}


def _html_lines(blob: bytes) -> list[str]:
    """Visible text of imported HTML, one line per block element."""
    import lxml.html

    from draftbot.sources.decode import decode_text

    try:
        text = decode_text(blob)  # BOM, UTF-8, GB18030: lxml alone would guess Latin-1
        root = lxml.html.fromstring(re.sub(r"^\s*<\?xml[^>]*>", "", text))
    except Exception:
        return []
    for bad in root.xpath("//script|//style|//head"):
        bad.drop_tree()
    for el in root.iter("p", "div", "li", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6", "table"):
        el.tail = "\n" + (el.tail or "")
    return [ln.strip() for ln in root.text_content().split("\n") if ln.strip()]


def read_document(document, budget: Budget | None = None) -> DocxText:
    styles = _Styles(document)
    walk = _walk(document, budget)
    paras = walk.out
    blocks = [
        DocxBlock(paragraph=p.index, style=styles.name(p.style_id), level=styles.level(p.style_id, p.element),
                  text=p.text, numbered=p.numbered or styles.numbered(p.style_id), where=p.where,
                  table=p.table, row=p.row, cell=p.cell)
        for p in paras if p.text.strip()
    ]
    return DocxText(blocks=blocks, paragraphs=len(paras), revisions=count_revisions(document.element.body),
                    unread=walk.unread)


def read_docx(source: Path | str | bytes, budget: Budget | None = None) -> DocxText:
    """The paragraphs Word shows (non-empty ones), numbered in reading order; see the module doc.
    With `budget`, reading stops with one line once it takes too long or reads too much."""
    try:
        return read_document(open_docx(source), budget)
    except BudgetError as exc:
        name = "DOCX data" if isinstance(source, (bytes, bytearray)) else str(source)
        raise DocxReadError(f"{name}: {exc}") from None


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
    unread: list[str] = Field(default_factory=list)  # content Word shows that was not read as text

    def paragraph(self, line: int) -> int | None:
        return self.paragraph_of_line.get(line)

    def note(self) -> str | None:
        return DocxText(revisions=self.revisions).note()

    def notes(self) -> list[str]:
        """Every line a reader of the draft should see: revisions, then each unread object."""
        return [n for n in [self.note()] if n] + [f"{UNREAD_PREFIX}{u}" for u in self.unread]


UNREAD_PREFIX = "not read: "
