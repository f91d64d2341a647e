"""Generators for the hostile-input tests: long English text, bombs built in memory, odd names.

Everything is made here at test time (nothing large is committed). The English prose is made
from a small invented vocabulary, so the sentences read like market copy without copying any.
"""

from __future__ import annotations

import io
import random
import zipfile

_SUBJECTS = ["Factory output", "Retail sales", "The port authority", "Mr. Lane", "The U.S. unit",
             "Regional lenders", "Solar exporters", "The statistics office", "Dr. Okafor", "Freight volumes"]
_VERBS = ["rose", "fell", "held steady", "climbed", "slipped", "recovered", "edged up", "cooled"]
_TAILS = ["in the second quarter", "after a slow spring", "on stronger orders from abroad",
          "as costs eased", "despite a weaker yuan", "for a third month", "vs. a year earlier",
          "according to figures released on Tuesday", "e.g. in the coastal provinces"]


def english_text(n_chars: int, seed: int = 7) -> str:
    """About `n_chars` of English prose: sentences with figures, abbreviations and paragraphs."""
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < n_chars:
        s = (f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.randint(1, 40)}.{rng.randint(0, 9)}% "
             f"{rng.choice(_TAILS)}, to ${rng.randint(10, 900)}.{rng.randint(10, 99)} billion.")
        if rng.random() < 0.1:
            s += "\n\n"
        else:
            s += " "
        parts.append(s)
        size += len(s)
    return "".join(parts)[:n_chars]


def front_matter_md(title: str, body: str, date: str = "2026-06-04", lang: str = "en") -> str:
    return f"---\ntitle: {title}\npublisher: Test Wire\ndate: {date}\nlang: {lang}\n---\n{body}\n"


def zip_bomb_docx(uncompressed_mb: int = 600) -> bytes:
    """A DOCX-shaped ZIP whose document.xml expands to `uncompressed_mb` MB of one repeated paragraph.

    Written in streamed pieces, so the test never holds the expanded XML in memory.
    """
    para = b"<w:p><w:r><w:t>" + b"A" * 200 + b"</w:t></w:r></w:p>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                     b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
            chunk = para * (1024 * 1024 // len(para))
            for _ in range(uncompressed_mb):
                fh.write(chunk)
            fh.write(b"</w:body></w:document>")
    return buf.getvalue()


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    """YAML whose aliases expand to width**levels strings (the classic 'billion laughs')."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for k in range(1, levels):
        name = chr(ord("a") + k)
        lines.append(f"{name}: &{name} [" + ",".join(f"*{prev}" for _ in range(width)) + "]")
        prev = name
    return "\n".join(lines) + "\n"


def _pdf_stream_ops(lines: list[str]) -> bytes:
    ops = ["BT", "/F1 10 Tf", "12 TL", "72 720 Td"]
    for line in lines:
        ops += [f"({line}) Tj", "T*"]
    ops.append("ET")
    return "\n".join(ops).encode("latin-1")


def pdf_with_pages(n_pages: int, lines_per_stream: int, shared: bool, compress: bool = True, seed: int = 3) -> bytes:
    """A PDF of `n_pages` pages; with `shared`, every page's /Contents is the same stream object.

    Lines are ASCII market sentences (distinct per stream when not shared).
    """
    import zlib

    rng = random.Random(seed)
    n_streams = 1 if shared else n_pages
    font_id = 3
    first_stream = 4
    first_page = first_stream + n_streams
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: ("<< /Type /Pages /Kids [" + " ".join(f"{first_page + k} 0 R" for k in range(n_pages))
            + f"] /Count {n_pages} >>").encode(),
        font_id: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    }
    for s in range(n_streams):
        lines = [f"Line {s}-{k}: freight rose {rng.randint(1, 99)}.{rng.randint(0, 9)} percent on the quarter"
                 for k in range(lines_per_stream)]
        data = _pdf_stream_ops(lines)
        head = b"<< /Length %d" % 0
        if compress:
            data = zlib.compress(data, 9)
            head = b"<< /Filter /FlateDecode /Length %d" % len(data)
        else:
            head = b"<< /Length %d" % len(data)
        objects[first_stream + s] = head + b" >>\nstream\n" + data + b"\nendstream"
    for k in range(n_pages):
        content = first_stream + (0 if shared else k)
        objects[first_page + k] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R "
                                   f"/Resources << /Font << /F1 {font_id} 0 R >> >> >>").encode()
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for n in sorted(objects):
        offsets[n] = out.tell()
        out.write(f"{n} 0 obj\n".encode() + objects[n] + b"\nendobj\n")
    xref = out.tell()
    size = max(objects) + 1
    out.write(f"xref\n0 {size}\n".encode())
    out.write(b"0000000000 65535 f \n")
    for n in range(1, size):
        out.write(f"{offsets[n]:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {size} /Root 1 0 R >>\n".encode())
    out.write(f"startxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def pdf_content_bomb(decoded_mb: int = 80) -> bytes:
    """A one-page PDF whose Flate content stream is tiny on disk and `decoded_mb` MB decoded."""
    import zlib

    line = b"(Output rose 4.2 percent on the month) Tj T*\n"
    comp = zlib.compressobj(9)
    parts = [comp.compress(b"BT /F1 10 Tf 12 TL 72 720 Td\n")]
    block = line * (1024 * 1024 // len(line))
    for _ in range(decoded_mb):
        parts.append(comp.compress(block))
    parts.append(comp.compress(b"ET\n"))
    parts.append(comp.flush())
    data = b"".join(parts)
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        4: b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(data) + data + b"\nendstream",
        5: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
           b"/Resources << /Font << /F1 3 0 R >> >> >>",
    }
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for n in sorted(objects):
        offsets[n] = out.tell()
        out.write(f"{n} 0 obj\n".encode() + objects[n] + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for n in sorted(objects):
        out.write(f"{offsets[n]:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()
