"""Builds the PDF and DOCX members of tests/data/real_sources (they are generated, not committed).

    python tests/real_sources_make.py OUT_DIR     # copies the folder and adds the generated files

The PDF is written by hand (no PDF library is a dependency): a Type0 font with Identity-H encoding
and a ToUnicode map, which is how CJK office exports carry their text layer. It has no glyphs, so
it renders blank, but pypdf reads the same text layer a real export has: letterhead, a title
wrapped over two lines, body lines wrapped at the text width (a figure split from its unit), page
footers `- n -`, and a table under a `单位：` line.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent / "data" / "real_sources"
WIDTH = 34  # characters per PDF body line: what a 12 pt CJK font fits between A4 margins

PDF_PAGES = [
    [
        "周 口 市 统 计 局",
        "周口市2023年国民经济和",
        "社会发展统计公报",
        "（2024年3月20日）",
        "  2023年，面对复杂严峻的外部环境，全市上下坚持稳中求进工作总基调，经济",
        "运行持续回升向好。",
        "一、综合",
        "  初步核算，全年全市生产总值3605.61亿元，按不变价格计算，比上年增长4.2",
        "%。其中，第一产业增加值612.35亿元，增长3.1%；第二产业增加值1191.22亿",
        "元，增长5.0%；第三产业增加值1802.04亿元，增长4.0%。",
        "  年末全市常住人口855.06万人，其中城镇常住人口473.94",
        "万人，常住人口城镇化率为46.06%。",
        "- 1 -",
    ],
    [
        "二、就业和收入",
        "  全年城镇新增就业6.87万人，失业人员再就业1.92万人。全体居民人均可支配",
        "收入25468元，比上年增长6.1%。",
        "主要就业指标",
        "单位：万人",
        "指标 2023年 2022年",
        "城镇新增就业 6.87 6.65",
        "失业人员再就业 1.92 1.85",
        "农村劳动力转移就业 12.40 11.96",
        "  注：本公报中部分数据因四舍五入的原因，存在总计与分项合计不等的情况。",
        "周口市统计局",
        "2024年3月20日",
        "- 2 -",
    ],
]

DOCX_PARAGRAPHS = [
    "河 南 省 财 政 厅",
    "关于下达2024年中小企业发展专项资金的通知",
    "豫财企〔2024〕31号",
    "各省辖市财政局，济源示范区财政金融局：",
    "为支持中小企业专精特新发展，现下达2024年中小企业发展专项资金，有关事项通知如下。",
    "一、本次下达资金共计3.6亿元，支持专精特新“小巨人”企业和公共服务示范平台。",
    "二、各地资金分配情况见下表。",
]
DOCX_TABLE = [["地区", "资金（万元）", "支持企业（家）"], ["郑州市", "8600", "42"], ["洛阳市", "5200", "27"], ["周口市", "2100", "11"]]
DOCX_TAIL = ["三、请于2024年6月30日前将资金拨付到位。", "河南省财政厅", "2024年5月28日"]


def pdf_bytes(pages: list[list[str]], author: str = "admin", created: str = "D:20240402091500+08'00'") -> bytes:
    chars = sorted({c for page in pages for line in page for c in line} | {" "})
    cid = {c: i + 1 for i, c in enumerate(chars)}
    streams = []
    for page in pages:
        ops = ["BT", "/F1 12 Tf", "72 780 Td"]
        for line in page:
            x = 255 if line.startswith("- ") else 0  # footers sit centred
            hexs = "".join(f"{cid[c]:04X}" for c in line)
            ops += [f"{x} 0 Td", f"<{hexs}> Tj", f"{-x} -20 Td"]
        ops.append("ET")
        streams.append("\n".join(ops).encode("ascii"))
    tounicode = _tounicode(cid)
    n_pages = len(pages)
    # objects: 1 catalog, 2 pages, 3 font, 4 cidfont, 5 descriptor, 6 tounicode, 7 info, then page/content pairs
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        ("<< /Type /Pages /Kids [" + " ".join(f"{8 + 2 * i} 0 R" for i in range(n_pages)) + f"] /Count {n_pages} >>").encode(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 6 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 5 0 R /DW 1000 /CIDToGIDMap /Identity >>",
        b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 700 /StemV 80 >>",
        b"<< /Length " + str(len(tounicode)).encode() + b" >>\nstream\n" + tounicode + b"\nendstream",
        f"<< /Author ({author}) /CreationDate ({created}) /Producer (WPS Writer) >>".encode(),
    ]
    for i, stream in enumerate(streams):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {9 + 2 * i} 0 R /Resources << /Font << /F1 3 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 7 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _tounicode(cid: dict[str, int]) -> bytes:
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
        "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange",
    ]
    items = sorted(cid.items(), key=lambda kv: kv[1])
    for i in range(0, len(items), 100):
        chunk = items[i : i + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{n:04X}> <{c.encode('utf-16-be').hex().upper()}>" for c, n in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


def docx_bytes() -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    for i, text in enumerate(DOCX_PARAGRAPHS):
        p = document.add_paragraph(text)
        if i < 2:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    table = document.add_table(rows=len(DOCX_TABLE), cols=len(DOCX_TABLE[0]))
    for r, row in enumerate(DOCX_TABLE):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for text in DOCX_TAIL:
        document.add_paragraph(text)
    props = document.core_properties
    props.author = "Administrator"  # whoever typed it: never the publisher
    props.title = ""
    props.created = dt.datetime(2024, 6, 1, 8, 30)  # exported after signing: not the date
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build(out: Path) -> Path:
    """A copy of the corpus folder with the generated PDF and DOCX added."""
    shutil.copytree(HERE, out, dirs_exist_ok=True)
    (out / "zhoukou_communique.pdf").write_bytes(pdf_bytes(PDF_PAGES))
    (out / "henan_notice.docx").write_bytes(docx_bytes())
    return out


if __name__ == "__main__":
    print(build(Path(sys.argv[1])))
