"""Parse a Markdown draft (DESIGN.md contract) into checked units.

- The title block (everything before the first ``## `` heading) and headings are not checked.
- ``## 参考文献`` lines ``n. 发布者，《标题》，日期，用途。`` become references (``,``/``，``,
  missing 用途 and URLs tolerated). The section ends at the next heading; what follows a
  heading after it is back matter (contact blocks and the like) and is not checked either.
- Body paragraphs are split into sentences, each sentence into citation groups: a group ``[n]``
  or ``[1][3]`` covers the text from the previous group (or the sentence start) up to itself;
  text after the last group is uncited. A marker after the full stop stays with the sentence
  before it (the sentence splitter does that).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from draftbot.display import unescape_markup
from draftbot.text.normalize import normalize_width
from draftbot.text.sentences import split_sentences

# The closing "###" is stripped in code: a lazy group before `\s*#*\s*$` rescans long space runs.
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*)$")
# a group of markers: [1], [1][3], [1, 3], ［１］ (full width is normalised before matching)
# (?<!\s): a match may only start where a whitespace run starts, so a long run is scanned once.
GROUP = re.compile(r"(?<!\s)(?:\s*\[\s*\d+(?:\s*[,，、]\s*\d+)*\s*\])+")
MARK = re.compile(r"\d+")
PENDING = re.compile(r"【\s*待核实[^】]*】")
REF_HEADINGS = ("参考文献", "参考资料", "references", "sources")
SKIP_HEADINGS = ("目录", "contents")
_REF_LINE = re.compile(r"^\s*(?:[-*+]\s*)?(?:\[(\d+)\]|(\d+)\s*[.．、)）:：]|(\d+)\s+)\s*(.+)$")
_URL = re.compile(r"<?(https?://[^\s<>，,）)]+)>?")
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)、])\s+")
_TRIM = " \t，,、；;：:。.！!？?）)】]”\"'"


@dataclass
class RefLine:
    n: int
    line: str
    title: str
    publisher: str = ""
    date: str = ""  # ISO when it parsed as a date, else as written
    usage: str = ""
    url: str | None = None
    bracketed: bool = True  # the title was written in 《》 (or was the only candidate)


@dataclass
class Segment:
    """Part of a sentence: `text` covered by `marks` (the [n] numbers of its group; empty for the
    uncited tail). `start`/`end` index the sentence; `mark_start`/`mark_end` the group."""

    text: str
    start: int
    end: int
    marks: list[int]
    mark_start: int
    mark_end: int


@dataclass
class Sentence:
    text: str
    section: str  # heading of the section it is in ("" before any)
    paragraph: int
    segments: list[Segment] = field(default_factory=list)
    pending: list[tuple[int, int]] = field(default_factory=list)  # spans of 【待核实…】 marks


@dataclass
class Block:
    """A unit of the draft in order, for rendering: a heading, a title-block line, or a
    paragraph (its sentences)."""

    kind: str  # "heading" | "title" | "paragraph" | "reference" | "other"
    text: str
    level: int = 0
    sentences: list[Sentence] = field(default_factory=list)
    ref: RefLine | None = None


@dataclass
class ParsedDraft:
    blocks: list[Block]
    references: dict[int, RefLine]
    duplicate_refs: list[RefLine] = field(default_factory=list)

    @property
    def sentences(self) -> list[Sentence]:
        return [s for b in self.blocks for s in b.sentences]


def parse_reference(n: int, body: str, line: str) -> RefLine:
    """Fields of one 参考文献 line (after its number)."""
    body = unescape_markup(body.strip()).rstrip("。.")  # a title escaped by the renderer reads as written
    url = None
    um = _URL.search(body)
    if um:
        url = um.group(1).rstrip(".。")
        body = (body[: um.start()] + body[um.end():]).strip()
    tm = re.search(r"《(.+?)》", body)
    title = ""
    bracketed = True
    if tm:
        title = tm.group(1)
        before, after = body[: tm.start()], body[tm.end():]
        publisher = before.strip(_TRIM + " ")
        rest = [f.strip() for f in re.split(r"[，,]", after) if f.strip(_TRIM)]
    else:
        fields = [f.strip() for f in _split_fields(body) if f.strip(_TRIM)]
        publisher = fields[0].strip(_TRIM) if len(fields) > 1 else ""
        rest = fields[1:] if len(fields) > 1 else fields
        # the title is the first field that is neither a date nor a usage note
        for i, f in enumerate(rest):
            if not _DATE.match(normalize_width(f)) and not f.startswith("用于"):
                title = f.strip(_TRIM)
                rest = rest[:i] + rest[i + 1:]
                break
        bracketed = False
    date = usage = ""
    for f in rest:
        f = f.strip(_TRIM + " ")
        dm = _DATE.match(normalize_width(f))
        if dm and not date:
            date = f"{int(dm.group(1)):04d}-{int(dm.group(2)):02d}-{int(dm.group(3)):02d}"
        elif f and not usage:
            usage = f
    return RefLine(n=n, line=line.strip(), title=title.strip(), publisher=publisher, date=date, usage=usage,
                   url=url, bracketed=bracketed)


def _split_fields(body: str) -> list[str]:
    """Split on commas outside quotes (an English title may hold a comma inside "…")."""
    out, cur, quote = [], [], False
    for ch in body:
        if ch in "\"“”":
            quote = not quote if ch == '"' else ch == "“"
        if ch in ",，" and not quote:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return out


def split_groups(sentence: str) -> list[Segment]:
    """Citation groups of one sentence (see the module docstring)."""
    norm = normalize_width(sentence)
    segs: list[Segment] = []
    pos = 0
    # "[99]" quoted inside a 【待核实：…】 note is the note's text, not a citation.
    notes = [(p.start(), p.end()) for p in PENDING.finditer(norm)]
    for m in GROUP.finditer(norm):
        if any(a <= m.start() < b for a, b in notes):
            continue
        marks = [int(x) for x in MARK.findall(m.group())]
        segs.append(Segment(sentence[pos: m.start()], pos, m.start(), marks, m.start(), m.end()))
        pos = m.end()
    if pos < len(sentence):
        segs.append(Segment(sentence[pos:], pos, len(sentence), [], len(sentence), len(sentence)))
    return segs


def _paragraphs(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines of a paragraph; list items and table rows stay separate."""
    out: list[str] = []
    cur = ""
    for ln in lines:
        s = ln.strip()
        if not s:
            if cur:
                out.append(cur)
            cur = ""
            continue
        if _LIST_MARK.match(s) or s.startswith("|") or s.startswith(">"):
            if cur:
                out.append(cur)
            out.append(s)
            cur = ""
            continue
        if cur and cur[-1].isascii() and s[0].isascii():
            cur += " " + s
        else:
            cur += s
    if cur:
        out.append(cur)
    return out


def parse_markdown(text: str) -> ParsedDraft:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    blocks: list[Block] = []
    refs: dict[int, RefLine] = {}
    dups: list[RefLine] = []
    state = "title"  # title | body | refs | skip | back
    section = ""
    buf: list[str] = []
    pno = 0

    def flush() -> None:
        nonlocal buf, pno
        if state == "body":
            for para in _paragraphs(buf):
                pno += 1
                blocks.append(_paragraph(para, section, pno))
        elif state == "refs":
            for para in _paragraphs(buf):
                m = _REF_LINE.match(para)
                if m:
                    n = int(m.group(1) or m.group(2) or m.group(3))
                    ref = parse_reference(n, m.group(4), para)
                    if n in refs:
                        dups.append(ref)
                    else:
                        refs[n] = ref
                    blocks.append(Block("reference", para, ref=ref))
                else:
                    blocks.append(Block("other", para))
        else:
            for para in _paragraphs(buf):
                blocks.append(Block("title" if state == "title" else "other", para))
        buf = []

    for line in text.split("\n"):
        hm = HEADING.match(line)
        if hm:
            flush()
            level, heading = len(hm.group(1)), hm.group(2).rstrip().rstrip("#").strip()
            blocks.append(Block("heading", heading, level=level))
            key = heading.lower().rstrip(" 0123456789\t")
            if state == "title" and level != 2:
                continue  # "# 标题" in the title block
            if any(key.startswith(h) for h in REF_HEADINGS):
                state = "refs"
            elif any(key.startswith(h) for h in SKIP_HEADINGS):
                state = "skip"
            elif state == "back" or (state == "refs" and refs):
                state = "back"  # after 参考文献: back matter (contact blocks, QR captions)
            else:
                state = "body"
                section = heading
            continue
        buf.append(line)
    flush()
    return ParsedDraft(blocks=blocks, references=refs, duplicate_refs=dups)


def _paragraph(para: str, section: str, pno: int) -> Block:
    body = _LIST_MARK.sub("", para, count=1).lstrip("> ").strip()
    block = Block("paragraph", body)
    for sp in split_sentences(body):
        s = Sentence(text=sp.text, section=section, paragraph=pno)
        s.pending = [(m.start(), m.end()) for m in PENDING.finditer(sp.text)]
        s.segments = split_groups(sp.text)
        block.sentences.append(s)
    return block
