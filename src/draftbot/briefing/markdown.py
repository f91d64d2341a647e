"""The briefing as Markdown, written and read back.

Writing follows the seed: `# 标题`, title-block lines, the dated line, `## 摘要`, `## 一、…` …
`## N、今日判断…`, then the brief's reference heading and lines.

Reading (what `check` and `eval` verify), driven by the brief:
- The title (``# ``) and every section heading holding a figure are checked like sentences; a
  heading without its own `[n]` takes its section's citations (the title: the whole draft's).
  Other title-block lines are the brief's format (org lines, the dated line).
- The reference list is the *last* block under the brief's reference heading (or a standard one:
  参考文献, 参考资料, References, Sources); its lines become references, read with the brief's
  `references.line` template first (`briefing.references`). An earlier reference heading with lines
  under it (a pasted list) is not the list: a `structure` problem, and the sections after it are
  read as sections. An empty one is a table-of-contents entry.
- After the list: a heading that reads as a section (一、…, 3. …, 摘要, 今日判断) is a section and is
  checked (a `structure` problem: the list must be last); anything else is back matter (contact
  blocks and the like), not checked.
- Every block that holds figures and is not checked is listed in `unjudged` with its line and why,
  so `check` can name it.
- HTML comments (``<!-- 编辑注 -->``, on one line or several) are an editor's notes, not text:
  they are blanked before reading (line numbers stay those of the file).
- Every sentence and reference keeps the 1-based line it starts on, for findings.
- Body paragraphs are split into sentences, each sentence into citation groups: a group ``[n]``
  or ``[1][3]`` covers the text from the previous group (or the sentence start) up to itself;
  text after the last group is uncited. A marker after the full stop stays with the sentence
  before it (the sentence splitter does that).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from draftbot.briefing.brief import Brief, ReferencesSpec
from draftbot.briefing.document import Draft
from draftbot.briefing.marks import (
    GROUP,
    PENDING,
    PENDING_EMPTY_SECTION,
    group_numbers,
    overlong_reference,
    strip_groups,
    pending_note,
    ref_number,
)
from draftbot.briefing.prose import date_line, headings, number_references, paragraph_texts
from draftbot.briefing.references import RefLine, is_reference_heading, parse_line, render_line
from draftbot.display import escape_markup
from draftbot.text.normalize import normalize_width
from draftbot.text.numbers import extract_numbers
from draftbot.text.sentences import split_sentences

# The closing "###" is stripped in code: a lazy group before `\s*#*\s*$` rescans long space runs.
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*)$")
SKIP_HEADINGS = ("目录", "contents")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)、])\s+")
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def render_markdown(draft: Draft) -> str:
    b = draft.brief
    refs = number_references(draft)
    ref_of = {r.source_id: r.n for r in refs}
    lines = [f"# {b.title}", ""]
    for org in b.org_lines:
        lines += [org, ""]
    lines += [date_line(draft.dated), ""]
    if b.document.markdown_toc:
        from draftbot.briefing.toc import markdown_toc

        lines += markdown_toc(b.document.toc_heading, [*headings(draft), b.references.heading])
    for heading, sec in zip(headings(draft), draft.all_sections()):
        lines += [f"## {heading}", ""]
        paras = paragraph_texts(sec, ref_of, escape_markup)  # source HTML stays text in the draft
        for p in paras:
            lines += [_as_paragraph(p), ""]
        if not paras:
            lines += [pending_note(PENDING_EMPTY_SECTION), ""]
    lines += [f"## {b.references.heading}", ""]
    lines += [escape_markup(render_line(b.references.line, r)) for r in refs]  # metadata is text, never markup
    return "\n".join(lines).rstrip("\n") + "\n"


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
    line: int = 0  # 1-based line of the file it starts on
    segments: list[Segment] = field(default_factory=list)
    pending: list[tuple[int, int]] = field(default_factory=list)  # spans of 【待核实…】 marks
    heading: bool = False  # a heading's figures: judged, but not a clause of the citation metrics


@dataclass
class Block:
    """A unit of the draft in order, for rendering: a heading, a title-block line, or a
    paragraph (its sentences)."""

    kind: str  # "heading" | "title" | "paragraph" | "reference" | "other"
    text: str
    level: int = 0
    sentences: list[Sentence] = field(default_factory=list)
    ref: RefLine | None = None
    line: int = 0  # 1-based line it starts on
    unjudged: str = ""  # why this block's figures are not checked (stray list, back matter…)


@dataclass
class ParsedDraft:
    blocks: list[Block]
    references: dict[int, RefLine]
    duplicate_refs: list[RefLine] = field(default_factory=list)
    references_heading: str = "参考文献"  # as the brief names it, for findings
    sections: list[str] = field(default_factory=list)  # body section headings, in order
    bad_refs: list[Block] = field(default_factory=list)  # reference lines whose number cannot be one
    lines: int = 0  # lines in the file
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, what): structure findings

    @property
    def unjudged(self) -> list[Block]:
        """Blocks that show figures and are not checked (each named by `check`)."""
        return [b for b in self.blocks if b.unjudged]

    @property
    def sentences(self) -> list[Sentence]:
        return [s for b in self.blocks for s in b.sentences]

    @property
    def headings(self) -> list[str]:
        """The `## ` headings in order (摘要, sections, 今日判断, references, back matter)."""
        return [b.text for b in self.blocks if b.kind == "heading" and b.level == 2]


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
        marks = group_numbers(m.group())
        segs.append(Segment(sentence[pos: m.start()], pos, m.start(), marks, m.start(), m.end()))
        pos = m.end()
    if pos < len(sentence):
        segs.append(Segment(sentence[pos:], pos, len(sentence), [], len(sentence), len(sentence)))
    return segs


@dataclass
class _Para:
    text: str
    marks: list[tuple[int, int]]  # (offset in text, line number) where each source line starts

    @property
    def line(self) -> int:
        return self.marks[0][1] if self.marks else 0

    def line_at(self, offset: int) -> int:
        line = self.line
        for off, ln in self.marks:
            if off > offset:
                break
            line = ln
        return line


def _paragraphs(lines: list[tuple[int, str]], item=None) -> list[_Para]:
    """Join hard-wrapped lines of a paragraph; list items, table rows and lines `item` accepts (a
    reference line's number: `[2] …`) stay separate. `lines` are (line number, text) pairs."""
    out: list[_Para] = []
    cur: _Para | None = None
    for no, ln in lines:
        s = ln.strip()
        if not s:
            if cur:
                out.append(cur)
            cur = None
            continue
        if _LIST_MARK.match(s) or s.startswith("|") or s.startswith(">") or (item is not None and item(s)):
            if cur:
                out.append(cur)
            out.append(_Para(s, [(0, no)]))
            cur = None
            continue
        if cur is None:
            cur = _Para(s, [(0, no)])
        elif cur.text[-1].isascii() and s[0].isascii():
            cur.marks.append((len(cur.text) + 1, no))
            cur.text += " " + s
        else:
            cur.marks.append((len(cur.text), no))
            cur.text += s
    if cur:
        out.append(cur)
    return out


def strip_comments(text: str) -> str:
    """HTML comments blanked, their line breaks kept (so line numbers do not move)."""
    return _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text)


def parse_markdown(text: str, brief: Brief | None = None) -> ParsedDraft:
    """Read a Markdown briefing; `brief` (default: the shipped one's grammar) names the reference
    heading and line format."""
    b = brief
    ref_heading = b.references.heading if b else "参考文献"
    ref_template = (b.references if b else ReferencesSpec()).line
    body_names = (b.summary.heading, b.synthesis.heading) if b else ("摘要", "今日判断")
    text = strip_comments(text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"))
    blocks: list[Block] = []
    refs: dict[int, RefLine] = {}
    dups: list[RefLine] = []
    bad: list[Block] = []
    sections: list[str] = []
    problems: list[tuple[int, str]] = []
    state = "title"  # title | body | refs | stray | skip | back
    section = ""
    buf: list[tuple[int, str]] = []
    pno = 0
    all_lines = text.split("\n")
    the_list = _reference_list_line(all_lines, ref_heading)

    def flush() -> None:
        nonlocal buf, pno
        if state == "body":
            for para in _paragraphs(buf):
                pno += 1
                blocks.append(_paragraph(para, section, pno))
        elif state == "refs":
            for para in _paragraphs(buf, item=lambda s: ref_number(s) is not None or overlong_reference(s)):
                if overlong_reference(para.text):  # never handed to int(): see marks.MAX_DIGITS
                    bad.append(Block("other", para.text, line=para.line))
                    blocks.append(bad[-1])
                    continue
                ref = parse_line(para.text, ref_template)
                if ref is not None:
                    if ref.n in refs:
                        dups.append(ref)
                    else:
                        refs[ref.n] = ref
                    blocks.append(Block("reference", para.text, ref=ref, line=para.line))
                else:
                    blocks.append(Block("other", para.text, line=para.line))
        else:
            why = _UNJUDGED.get(state, "")
            # a table of contents is one entry a line (each with its page number)
            paras = [_Para(ln.strip(), [(0, no)]) for no, ln in buf if ln.strip()] if state == "skip" else _paragraphs(buf)
            for para in paras:
                shown = _PAGE_NO.sub("", para.text) if state == "skip" else para.text  # TOC page numbers
                blocks.append(Block("title" if state == "title" else "other", para.text, line=para.line,
                                    unjudged="" if _is_format_line(shown, b) or not extract_numbers(shown) else why))
        buf = []

    for no, line in enumerate(all_lines, start=1):
        hm = HEADING.match(line)
        if hm:
            flush()
            level, heading = len(hm.group(1)), hm.group(2).rstrip().rstrip("#").strip()
            blocks.append(Block("heading", heading, level=level, line=no))
            key = heading.lower().rstrip(" 0123456789\t")
            if state == "title" and level != 2:
                continue  # "# 标题" in the title block
            if is_reference_heading(heading, ref_heading):
                if no == the_list:
                    state = "refs"
                elif _has_body(all_lines, no):
                    state = "stray"  # a pasted list mid-draft: not the reference list
                    problems.append((no, f"a {heading} block before the end of the draft: only the last "
                                         f"{ref_heading} block is the reference list; these lines are not "
                                         "checked (move them to the list or delete them)"))
                else:
                    state = "skip"  # a table-of-contents entry ("参考文献 4")
                continue
            if any(key.startswith(h) for h in SKIP_HEADINGS):
                state = "skip"
            elif state in ("refs", "back") and (refs or state == "back") and not _reads_as_section(heading, body_names):
                state = "back"  # after 参考文献: back matter (contact blocks, QR captions)
            else:
                if state in ("refs", "back") and refs:
                    problems.append((no, f"section {heading} comes after the {ref_heading} list: the list "
                                         "must be the last block (the section is still checked)"))
                state = "body"
                section = heading
                sections.append(heading)
            continue
        buf.append((no, line))
    flush()
    _check_headings(blocks)
    return ParsedDraft(blocks=blocks, references=refs, duplicate_refs=dups, references_heading=ref_heading,
                       sections=sections, bad_refs=bad, lines=len(all_lines), problems=problems)


_UNJUDGED = {"stray": "a reference list before the end of the draft", "back": "back matter after the reference list",
             "skip": "a table of contents", "title": "the title block"}
# a heading that reads as a briefing section: 一、… / 3. … / （二）…
_SECTION_HEAD = re.compile(r"^\s*(?:[一二三四五六七八九十百]+\s*[、.．]|\d{1,2}\s*[、.．]|[（(][一二三四五六七八九十\d]+[)）])")
_PAGE_NO = re.compile(r"[\s.…·]*\d{1,4}\s*$")  # a table of contents' page number
_DATE_ONLY = re.compile(r"^[\d\s年月日号.\-/（）()星期周一二三四五六日天第期]*$")


def _reads_as_section(heading: str, body_names: tuple[str, ...]) -> bool:
    return bool(_SECTION_HEAD.match(heading)) or any(n and heading.startswith(n) for n in body_names)


def _is_format_line(text: str, brief: Brief | None) -> bool:
    """A title-block line the brief writes itself: an org line, or the dated line (2026 年 6 月 5 日)."""
    return bool(_DATE_ONLY.match(text)) or (brief is not None and text.strip() in brief.org_lines)


def _has_body(lines: list[str], heading_no: int) -> bool:
    """Does any non-blank line stand under the heading at line `heading_no`, before the next one?"""
    for i in range(heading_no, len(lines)):  # no slice: a draft of many headings stays linear
        ln = lines[i]
        if HEADING.match(ln):
            return False
        if ln.strip():
            return True
    return False


def _reference_list_line(lines: list[str], ref_heading: str) -> int:
    """Line of the reference heading whose block is the list: the last one with lines under it
    (else the last one). 0 when there is none."""
    heads = [no for no, ln in enumerate(lines, 1)
             if (hm := HEADING.match(ln)) and is_reference_heading(hm.group(2).rstrip().rstrip("#").strip(), ref_heading)]
    full = [no for no in heads if _has_body(lines, no)]
    return (full or heads or [0])[-1]


def _check_headings(blocks: list[Block]) -> None:
    """The title and each section heading that holds a figure become a sentence to check. A heading
    without its own `[n]` takes the citations of its section's text (the title: of the whole
    draft), so a figure in it is judged against the sources that section cites."""
    marks_of: dict[int, set[int]] = {}  # heading index -> marks of the text under it
    has_text: set[int] = set()
    head = -1
    for i, b in enumerate(blocks):
        if b.kind == "heading":
            head = i
            marks_of[i] = set()
        elif head >= 0 and b.kind == "paragraph":
            has_text.add(head)
            marks_of[head].update(n for s in b.sentences for g in s.segments for n in g.marks)
    everything = set().union(*marks_of.values()) if marks_of else set()
    first_text = next((i for i, b in enumerate(blocks) if b.kind == "paragraph"), len(blocks))
    title = next((i for i, b in enumerate(blocks[:first_text]) if b.kind == "heading" and b.level == 1), -1)
    for i, b in enumerate(blocks):
        if b.kind != "heading" or not extract_numbers(strip_groups(b.text)):
            continue
        if i == title:
            marks, section = everything, ""
        elif i in has_text:
            marks, section = marks_of[i], b.text
        else:  # no text under it: a table-of-contents line, or a heading over sub-headings
            if extract_numbers(_PAGE_NO.sub("", b.text)):
                b.unjudged = "a heading with no text under it"
            continue
        sent = Sentence(text=b.text, section=section, paragraph=0, line=b.line, heading=True)
        sent.pending = [(m.start(), m.end()) for m in PENDING.finditer(b.text)]
        sent.segments = split_groups(b.text)
        if not any(g.marks for g in sent.segments):
            n = len(b.text)
            sent.segments = [Segment(b.text, 0, n, sorted(marks), n, n)]
        b.sentences.append(sent)


def _paragraph(para: _Para, section: str, pno: int) -> Block:
    body = _LIST_MARK.sub("", para.text, count=1).lstrip("> ").strip()
    shift = max(0, para.text.find(body))
    block = Block("paragraph", body, line=para.line)
    for sp in split_sentences(body):
        s = Sentence(text=sp.text, section=section, paragraph=pno, line=para.line_at(shift + sp.start))
        s.pending = [(m.start(), m.end()) for m in PENDING.finditer(sp.text)]
        s.segments = split_groups(sp.text)
        block.sentences.append(s)
    return block


def _as_paragraph(text: str) -> str:
    """Body text that would read back as a heading ("# …") is escaped: a heading is never checked,
    so unverified text must not be able to hide as one."""
    return "\\" + text if HEADING.match(text) else text
