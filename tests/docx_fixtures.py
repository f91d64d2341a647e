"""Build DOCX files holding the structures Word/WPS produce: tracked changes, tables, content
controls, text boxes, fields, hyperlinks, customXml. python-docx writes the document; the
structures python-docx cannot make are injected into the body as raw WordprocessingML."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
DECL = " ".join(f'xmlns:{k}="{v}"' for k, v in NS.items())
WHEN = 'w:author="编辑甲" w:date="2026-06-05T09:00:00Z"'


def el(xml: str):
    """One element from a WordprocessingML fragment (namespaces declared on its root)."""
    head, rest = xml.split(">", 1) if not xml.lstrip().startswith("<?") else ("", xml)
    if head.endswith("/"):
        return parse_xml(f"{head[:-1]} {DECL}/>{rest}")
    return parse_xml(f"{head} {DECL}>{rest}")


def r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def p(*inner: str, style: str | None = None) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{''.join(inner)}</w:p>"


def tracked_replacement(before: str, old: str, new: str, after: str) -> str:
    return p(r(before), f'<w:del w:id="901" {WHEN}><w:r><w:delText>{old}</w:delText></w:r></w:del>',
             f'<w:ins w:id="902" {WHEN}>{r(new)}</w:ins>', r(after))


def table(rows: list[list[str]]) -> str:
    trs = "".join("<w:tr>" + "".join(f'<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>{p(r(c))}</w:tc>'
                                      for c in row) + "</w:tr>" for row in rows)
    grid = "".join('<w:gridCol w:w="2000"/>' for _ in rows[0])
    return f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{trs}</w:tbl>'


def content_control(text: str, placeholder: str = "单击此处输入文字") -> str:
    """A block-level plain-text content control; its properties carry an alias and a placeholder."""
    return (f'<w:sdt><w:sdtPr><w:alias w:val="{placeholder}"/><w:tag w:val="figure"/><w:id w:val="77"/>'
            f'<w:text/></w:sdtPr><w:sdtContent>{p(r(text))}</w:sdtContent></w:sdt>')


def textbox_paragraph(anchor: str, box_text: str) -> str:
    """A paragraph anchoring a floating text box the way Word 2010+ saves it: DrawingML in
    mc:Choice and the same text again in a VML mc:Fallback."""
    box = f"<w:txbxContent>{p(r(box_text))}</w:txbxContent>"
    drawing = ('<w:drawing><wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
               'relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
               '<wp:simplePos x="0" y="0"/><wp:extent cx="2000000" cy="600000"/><wp:docPr id="5" name="文本框 5"/>'
               '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
               f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:txbx>{box}</wps:txbx><wps:bodyPr/></wps:wsp>'
               '</a:graphicData></a:graphic></wp:anchor></w:drawing>')
    fallback = f'<w:pict><v:shape id="文本框 5" type="#_x0000_t202"><v:textbox>{box}</v:textbox></v:shape></w:pict>'
    return p(r(anchor), f'<w:r><mc:AlternateContent><mc:Choice Requires="wps">{drawing}</mc:Choice>'
                        f'<mc:Fallback>{fallback}</mc:Fallback></mc:AlternateContent></w:r>')


def simple_field(before: str, result: str, after: str) -> str:
    return p(r(before), f'<w:fldSimple w:instr=" DOCPROPERTY 季度产量 \\* MERGEFORMAT ">{r(result)}</w:fldSimple>',
             r(after))


def complex_field(before: str, result: str, after: str, instr: str = " MERGEFIELD 产量 ") -> str:
    return p(r(before), '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
             f'<w:r><w:instrText xml:space="preserve">{instr}</w:instrText></w:r>',
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', r(result),
             '<w:r><w:fldChar w:fldCharType="end"/></w:r>', r(after))


def hyperlink(before: str, link: str, after: str) -> str:
    return p(r(before), f'<w:hyperlink w:anchor="_Ref1" w:history="1">{r(link)}</w:hyperlink>', r(after))


def custom_xml(text: str) -> str:
    return f'<w:customXml w:uri="urn:draftbot:test" w:element="fact">{p(r(text))}</w:customXml>'


def build(path: Path, parts: list, title: str = "新质生产力每日动态", heading: str = "一、装备制造") -> Path:
    """A draft-like document: title, one heading, then `parts`: str (plain paragraph), (style, text)
    or an XML fragment starting with '<'."""
    doc = docx.Document()
    doc.add_heading(title, 0)
    doc.add_heading(heading, 1)
    add(doc, parts)
    doc.save(str(path))
    return path


def add(doc, parts: list) -> None:
    body = doc.element.body
    sect = body.find(f"{{{NS['w']}}}sectPr")
    for part in parts:
        if isinstance(part, tuple):
            doc.add_paragraph(part[1], style=part[0])
        elif part.lstrip().startswith("<"):
            node = el(part)
            if sect is not None:
                sect.addprevious(node)
            else:
                body.append(node)
        else:
            doc.add_paragraph(part)


# --- parts python-docx cannot make (issue 27): notes, imported chunks ---------------------------

RT_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
W_NS = NS["w"]


def add_part(doc, name: str, content_type: str, blob: bytes, reltype: str) -> str:
    """Relate a new package part to the main document; returns its relationship id."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    part = Part(PackURI(name), content_type, blob, doc.part.package)
    return doc.part.relate_to(part, RT_BASE + reltype)


def notes_part(doc, kind: str, notes: dict[int, str]) -> None:
    """footnotes.xml / endnotes.xml with the separator notes Word writes and `notes` (id -> text)."""
    tag = kind[:-1]
    body = "".join(f'<w:{tag} w:id="{i}"><w:p><w:r><w:{tag}Ref/></w:r>{r(" " + t)}</w:p></w:{tag}>'
                   for i, t in notes.items())
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{kind} xmlns:w="{W_NS}">'
           f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>{body}</w:{kind}>')
    ctype = f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml"
    add_part(doc, f"/word/{kind}.xml", ctype, xml.encode("utf-8"), kind)


def note_ref(kind: str, i: int) -> str:
    return f'<w:r><w:rPr><w:rStyle w:val="{kind[:-1].capitalize()}Reference"/></w:rPr><w:{kind[:-1]}Reference w:id="{i}"/></w:r>'


def alt_chunk(doc, html: str, n: int = 1) -> str:
    rid = add_part(doc, f"/word/afchunk{n}.html", "text/html", html.encode("utf-8"), "aFChunk")
    return f'<w:altChunk r:id="{rid}"/>'


def ruby(base: str, guide: str) -> str:
    return (f'<w:r><w:ruby><w:rubyPr><w:rubyAlign w:val="center"/><w:hps w:val="10"/><w:hpsRaise w:val="18"/>'
            f'<w:hpsBaseText w:val="21"/><w:lid w:val="zh-CN"/></w:rubyPr><w:rt>{r(guide)}</w:rt>'
            f'<w:rubyBase>{r(base)}</w:rubyBase></w:ruby></w:r>')


def sym(ch: str, font: str = "Symbol") -> str:
    """A character typed through Insert > Symbol: a private-use code of the symbol font."""
    return f'<w:r><w:sym w:font="{font}" w:char="F0{ord(ch):02X}"/></w:r>'
