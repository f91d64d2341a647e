"""Source loaders on real files written into tmp_path: front matter, formats, manifest, encodings, failures."""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
from pathlib import Path

import pytest

from draftbot.sources import LoadResult, SourceError, load_file, load_paths, source_id

from sources_fixtures import encrypted_pdf_bytes, front_matter_doc, pdf_bytes, write_docx


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def reasons(result: LoadResult) -> dict[str, str]:
    return {Path(f.path).name: f.reason for f in result.failures}


# ------------------------------------------------------------------ front matter


def test_front_matter_fields_and_body(tmp_path):
    text = (
        "---\n"
        "title: 新型工业化迈出坚实步伐\n"
        "publisher: 国家统计局\n"
        "date: 2026-06-04\n"
        "url: https://www.stats.gov.cn/sj/sjjd/202606/t20260604.html\n"
        "usage: 新型工业化数据\n"
        "kind: release\n"
        "keywords: 新型工业化, 集成电路，机器人\n"
        "---\n"
        "\n\n"
        "  第一段，保留缩进。\n"
        "\n"
        "第二段：41.7 万亿元。\n"
        "\n\n"
    )
    s = load_file(write(tmp_path / "a.md", text))
    assert s.title == "新型工业化迈出坚实步伐"
    assert s.publisher == "国家统计局"
    assert s.date == dt.date(2026, 6, 4)
    assert s.url.endswith("t20260604.html")
    assert s.usage == "新型工业化数据"
    assert s.kind == "release"
    assert s.keywords == ["新型工业化", "集成电路", "机器人"]
    assert s.lang == "zh"
    assert s.text == "  第一段，保留缩进。\n\n第二段：41.7 万亿元。"
    assert s.path == str(tmp_path / "a.md")
    assert len(s.id) == 16 and int(s.id, 16) >= 0


def test_english_source_keeps_chinese_summary_and_keywords(tmp_path):
    doc = front_matter_doc(
        title="NY Fed global supply chain pressure index rises",
        publisher="Reuters",
        body="The GSCPI rose to 0.52 in May from 0.31 in April.",
        summary="纽约联储全球供应链压力指数上升",
        keywords="[供应链, 纽约联储]",
        kind="news",
    )
    s = load_file(write(tmp_path / "gscpi.txt", doc))
    assert s.lang == "en"
    assert s.kind == "news"
    assert s.summary == "纽约联储全球供应链压力指数上升"
    assert s.keywords == ["供应链", "纽约联储"]


def test_defaults_and_date_forms(tmp_path):
    quoted = load_file(write(tmp_path / "q.md", front_matter_doc(date='"2026-06-04"')))
    plain = load_file(write(tmp_path / "p.md", front_matter_doc(date="2026-06-04")))
    assert quoted.date == plain.date == dt.date(2026, 6, 4)
    assert quoted.id == plain.id  # same content, different spelling of the same date
    assert plain.kind == "release"


def test_crlf_is_normalised_and_does_not_change_identity(tmp_path):
    doc = front_matter_doc(body="第一行\n第二行")
    lf = load_file(write(tmp_path / "lf.md", doc.encode("utf-8")))
    crlf = load_file(write(tmp_path / "crlf.md", doc.replace("\n", "\r\n").encode("utf-8")))
    assert crlf.text == "第一行\n第二行"
    assert crlf.id == lf.id


@pytest.mark.parametrize(
    "content, expected",
    [
        (front_matter_doc(title=None), "front matter: missing 'title'"),
        (front_matter_doc(date=None), "front matter: missing 'date'"),
        (front_matter_doc(date="2026-02-30"), "front matter: date '2026-02-30' is not a valid date"),
        (front_matter_doc(date="2026-13-45"), "front matter: date '2026-13-45' is not a valid date"),
        (front_matter_doc(date="next tuesday"), "front matter: date 'next tuesday' is not a date"),
        (front_matter_doc(kind="rumour"), "front matter: kind 'rumour' is not one of release, notice, policy, news"),
        (front_matter_doc(body=""), "empty body"),
        ("---\ntitle: x\ndate: 2026-06-04\nno closing line\n", "front matter: no closing '---' line"),
        ("---\n- a\n- b\n---\nbody\n", "front matter: expected 'key: value' lines"),
    ],
)
def test_front_matter_problems_are_named(tmp_path, content, expected):
    with pytest.raises(SourceError) as err:
        load_file(write(tmp_path / "bad.md", content))
    assert str(err.value).startswith(expected)


def test_yaml_error_names_the_file_line(tmp_path):
    content = "---\ntitle: ok\npublisher: [unclosed\ndate: 2026-06-04\n---\nbody\n"
    with pytest.raises(SourceError) as err:
        load_file(write(tmp_path / "bad.md", content))
    msg = str(err.value)
    assert msg.startswith("front matter: YAML error at line ")
    line = int(msg.split("at line ")[1].split(":")[0].split()[0])
    assert 3 <= line <= 5  # the unclosed flow sequence starts on file line 3; PyYAML reports where it gave up


# ------------------------------------------------------------------ identity


def test_source_id_is_content_not_path(tmp_path):
    a = load_file(write(tmp_path / "one" / "a.md", front_matter_doc(body="内容甲")))
    b = load_file(write(tmp_path / "two" / "renamed.md", front_matter_doc(body="内容甲")))
    edited = load_file(write(tmp_path / "three" / "a.md", front_matter_doc(body="内容乙")))
    retitled = load_file(write(tmp_path / "four" / "a.md", front_matter_doc(title="别的标题", body="内容甲")))
    assert a.id == b.id
    assert len({a.id, edited.id, retitled.id}) == 3
    meta = a.model_dump(exclude={"id", "path", "text"})
    assert source_id(meta, a.text) == a.id
    assert source_id(meta, a.text + "\n\n") == a.id  # trailing blank lines are not content


# ------------------------------------------------------------------ HTML

HTML = """<!DOCTYPE html>
<html lang="zh-CN"><head>
<meta charset="{charset}">
<title>服务业发展量质齐升 - 国家统计局</title>
<meta property="og:title" content="服务业发展量质齐升现代服务业蓬勃发展">
<meta property="og:site_name" content="国家统计局">
<meta property="article:published_time" content="2026-06-04T10:00:00+08:00">
<meta name="description" content="服务业数据解读">
<script>var tracking = "不要这段脚本";</script>
<style>.x {{ color: red }}</style>
</head><body>
<nav><a href="/">首页</a> | <a href="/sj">数据</a></nav>
<article>
<h1>服务业发展量质齐升现代服务业蓬勃发展</h1>
<p>2025年，服务业增加值达到76.6万亿元，占国内生产总值比重为56.7%。</p>
<p>信息传输、软件和信息技术服务业增加值年均增长10.1%，规模持续扩大。</p>
<p>现代服务业加快发展，生产性服务业对经济增长的贡献不断提升。</p>
</article>
<footer>版权所有 国家统计局 京ICP备05034670号</footer>
</body></html>
"""


def test_html_main_text_and_metadata(tmp_path):
    s = load_file(write(tmp_path / "services.html", HTML.format(charset="utf-8")))
    assert s.title == "服务业发展量质齐升现代服务业蓬勃发展"  # og:title beats the <title> with site suffix
    assert s.publisher == "国家统计局"
    assert s.date == dt.date(2026, 6, 4)
    assert s.lang == "zh"
    assert s.summary == "服务业数据解读"
    assert "76.6万亿元" in s.text and "10.1%" in s.text
    for chrome in ("首页", "版权所有", "tracking", "color"):
        assert chrome not in s.text


def test_html_gbk_with_meta_charset(tmp_path):
    data = HTML.format(charset="gbk").encode("gbk")
    s = load_file(write(tmp_path / "services.htm", data))
    assert "76.6万亿元" in s.text
    assert s.publisher == "国家统计局"


def test_html_title_falls_back_to_title_tag_and_meta_pubdate(tmp_path):
    html = (
        "<html><head><title>湖北分赛启动</title><meta name=\"PubDate\" content=\"2026-06-03 09:30\">"
        "<meta name=\"ContentSource\" content=\"湖北省人民政府\"></head>"
        "<body><p>2026年“数据要素×”大赛湖北分赛正式启动，设置12个赛道。</p></body></html>"
    )
    s = load_file(write(tmp_path / "hubei.html", html))
    assert (s.title, s.date, s.publisher) == ("湖北分赛启动", dt.date(2026, 6, 3), "湖北省人民政府")
    assert "12个赛道" in s.text


# ------------------------------------------------------------------ PDF


def test_pdf_text_layer_and_info(tmp_path):
    data = pdf_bytes(
        ["Industrial output rose 5.6% year on year in April.", "Exports grew (in value) by 8.1%."],
        title="NBS April industrial output",
        created="D:20260519093000+08'00'",
    )
    s = load_file(write(tmp_path / "april.pdf", data))
    assert s.title == "NBS April industrial output"
    assert s.date == dt.date(2026, 5, 19)
    assert "rose 5.6% year on year" in s.text
    assert "Exports grew (in value) by 8.1%." in s.text
    assert s.lang == "en"


def test_pdf_without_title_takes_its_first_sentence_with_a_warning(tmp_path):
    write(tmp_path / "notitle.pdf", pdf_bytes(["Some text 1. And more."]))
    s = load_file(tmp_path / "notitle.pdf")
    assert (s.title, s.origin["title"]) == ("Some text 1", "first sentence")
    assert any(w.startswith("no title line") for w in s.warnings)
    s = load_file(tmp_path / "notitle.pdf", {"title": "From manifest", "date": "2026-06-04"})
    assert (s.title, s.date) == ("From manifest", dt.date(2026, 6, 4))
    assert not any(w.startswith("no title line") for w in s.warnings)


def test_encrypted_and_garbage_pdf(tmp_path):
    write(tmp_path / "locked.pdf", encrypted_pdf_bytes(["secret 42"], "pw"))
    with pytest.raises(SourceError, match=r"^not a readable PDF: encrypted"):
        load_file(tmp_path / "locked.pdf")
    good = pdf_bytes(["text"], title="t")
    write(tmp_path / "cut.pdf", good[: len(good) // 3])
    with pytest.raises(SourceError, match=r"^not a readable PDF"):
        load_file(tmp_path / "cut.pdf")


# ------------------------------------------------------------------ DOCX


def test_docx_paragraphs_tables_and_properties(tmp_path):
    path = write_docx(
        tmp_path / "industry.docx",
        title="新型工业化迈出坚实步伐",
        heading="一、制造业",
        paragraphs=["集成电路产量从2614亿块提升到4843亿块。", "工业机器人产量达到77.3万套。"],
        table=[["产品", "产量"], ["新能源汽车", "1652万辆"]],
        author="国家统计局",
        created=dt.datetime(2026, 6, 4, 9, 0),
    )
    s = load_file(path)
    # the author property is whoever created the file, never the publisher
    assert (s.title, s.publisher, s.date) == ("新型工业化迈出坚实步伐", "", dt.date(2026, 6, 4))
    assert s.origin["date"] == "DOCX created"
    lines = s.text.split("\n")
    assert lines[0] == "一、制造业"  # the heading is kept as its own line
    assert "集成电路产量从2614亿块提升到4843亿块。" in lines
    assert "新能源汽车：产量 1652万辆。" in lines


def test_docx_title_from_first_heading_and_no_template_placeholders(tmp_path):
    s = load_file(write_docx(tmp_path / "h.docx", title=None, heading="重庆分赛启幕", paragraphs=["设置10个赛道。"]))
    assert s.title == "重庆分赛启幕"
    assert s.publisher == ""  # not python-docx's template author
    assert s.date is None  # not the template's 2013 creation date


# ------------------------------------------------------------------ manifest


def test_manifest_overrides_and_fills(tmp_path):
    folder = tmp_path / "day"
    write(folder / "april.pdf", pdf_bytes(["Output rose 5.6%."], title="Microsoft Word - doc1.docx"))
    write(folder / "services.html", HTML.format(charset="utf-8"))
    write(folder / "note.md", front_matter_doc(title="笔记", publisher="", body="正文"))
    write(
        folder / "sources.yaml",
        "'*':\n  publisher: 默认发布者\n"
        "april.pdf:\n  title: 4月份规模以上工业增加值\n  publisher: 国家统计局\n  date: 2026-05-19\n  usage: 工业数据\n"
        "services.html:\n  kind: news\n  keywords: [服务业]\n",
    )
    result = load_paths([folder])
    assert result.failures == []
    by_name = {Path(s.path).name: s for s in result.sources}
    pdf = by_name["april.pdf"]
    assert (pdf.title, pdf.publisher, pdf.date, pdf.usage) == ("4月份规模以上工业增加值", "国家统计局", dt.date(2026, 5, 19), "工业数据")
    html = by_name["services.html"]
    assert (html.kind, html.keywords, html.publisher) == ("news", ["服务业"], "国家统计局")  # file beats "*"
    assert by_name["note.md"].publisher == "默认发布者"  # "*" fills what the file lacks
    assert "sources.yaml" not in by_name


def test_manifest_problems_are_reported(tmp_path):
    folder = tmp_path / "day"
    write(folder / "a.pdf", pdf_bytes(["Text 1."]))
    write(folder / "b.md", front_matter_doc(body="b"))
    write(folder / "sources.yaml", "a.pdf:\n  title: A\n  date: 2026-02-30\ntypo.pdf:\n  title: T\n")
    result = load_paths([folder])
    r = reasons(result)
    assert r["a.pdf"] == "sources.yaml: date '2026-02-30' is not a valid date"
    assert r["typo.pdf"] == "listed in sources.yaml but no such file"
    assert [Path(s.path).name for s in result.sources] == ["b.md"]

    write(folder / "sources.yaml", "a.pdf: [unclosed\n")
    r = reasons(load_paths([folder]))
    assert r["sources.yaml"].startswith("sources.yaml: YAML error at line 1")
    assert "a.pdf" not in r  # a broken manifest is named once; the PDF still loads from its own text


# ------------------------------------------------------------------ encodings


def test_encodings(tmp_path):
    doc = front_matter_doc(title="消费市场扩容提质", body="社会消费品零售总额达到50.1万亿元。")
    utf8 = load_file(write(tmp_path / "utf8.md", doc.encode("utf-8")))
    bom = load_file(write(tmp_path / "bom.md", b"\xef\xbb\xbf" + doc.encode("utf-8")))
    gbk = load_file(write(tmp_path / "gbk.md", doc.encode("gbk")))
    gb18030 = load_file(write(tmp_path / "gb18030.txt", doc.replace("消费", "𠮷消费").encode("gb18030")))
    utf16 = load_file(write(tmp_path / "utf16.md", doc.encode("utf-16")))  # Python writes a BOM
    assert bom.title == gbk.title == utf16.title == utf8.title == "消费市场扩容提质"
    assert bom.id == gbk.id == utf16.id == utf8.id
    assert "𠮷" in gb18030.title
    assert not bom.title.startswith("\ufeff")


# ------------------------------------------------------------------ a folder of broken files


def test_folder_of_broken_files(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTBOT_MAX_SOURCE_MB", "0.05")  # 51 KiB: the real DOCX (~36 KiB) fits
    folder = tmp_path / "inbox"
    good = {
        "good.md": front_matter_doc(body="规模以上工业增加值增长5.6%。"),
        "good-gbk.txt": front_matter_doc(title="GBK", body="社零总额增长6.4%。").encode("gbk"),
        "good.html": HTML.format(charset="utf-8"),
        "sub/good.pdf": pdf_bytes(["PPI fell 2.1%."], title="PPI", created="D:20260604"),
    }
    for name, content in good.items():
        write(folder / name, content)
    write_docx(folder / "good.docx", title="DOCX", heading="标题", paragraphs=["段落1。"])
    bad = {
        "empty.md": ("", "empty file"),
        "blank.txt": ("\n  \n\t\n", "empty file"),
        "binary.md": (bytes(range(256)) * 4, "binary file"),
        "nul.txt": (front_matter_doc().encode("utf-8") + b"\x00\x00trailer", "binary file (NUL bytes)"),
        "control.md": (b"\x01\x02\x03\x04\x05\x06" * 50, "binary file"),
        "broken-fm.md": ("---\ntitle: [x\n---\nbody\n", "front matter: YAML error at line"),
        "no-title.md": (front_matter_doc(title=None), "front matter: missing 'title'"),
        "bad-date.md": (front_matter_doc(date="2026-02-30"), "front matter: date '2026-02-30' is not a valid date"),
        "fm-only.md": (front_matter_doc(body=""), "empty body"),
        "garbage.pdf": (b"%PDF-1.4\n" + bytes(random.Random(1).randrange(256) for _ in range(3000)), "not a readable PDF"),
        "notapdf.pdf": (b"hello, I am text", "not a readable PDF"),
        "garbage.docx": (b"PK\x03\x04" + bytes(random.Random(2).randrange(256) for _ in range(2000)), "not a readable DOCX"),
        "text.docx": (b"just some text", "not a readable DOCX"),
        "big.md": (front_matter_doc(body="大" * 30000), "file too large ("),
    }
    for name, (content, _) in bad.items():
        write(folder / name, content)
    # Not sources at all: skipped silently.
    write(folder / "chart.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    write(folder / ".hidden.md", "")
    write(folder / ".git" / "x.md", "")
    write(folder / "~$lock.docx", b"\x00lock")
    write(folder / "README.md", "# notes for humans\n")
    os.symlink(folder / "missing-target.md", folder / "dangling.md")
    os.symlink(folder / "loop-b.md", folder / "loop-a.md")
    os.symlink(folder / "loop-a.md", folder / "loop-b.md")

    progress: list[Path] = []
    result = load_paths([folder], progress=progress.append)
    r = reasons(result)
    for name, (_, expected) in bad.items():
        assert r.get(name, "").startswith(expected), (name, r.get(name))
    size_kb = (folder / "big.md").stat().st_size / 1024
    assert r["big.md"] == f"file too large ({size_kb:.1f} KB; limit 0.05 MB, set by DRAFTBOT_MAX_SOURCE_MB)"
    assert r["dangling.md"].startswith("broken symlink")
    assert r["loop-a.md"] == r["loop-b.md"] == "symlink loop"
    assert set(r) == set(bad) | {"dangling.md", "loop-a.md", "loop-b.md"}
    loaded = sorted(Path(s.path).relative_to(folder).as_posix() for s in result.sources)
    assert loaded == sorted([*good, "good.docx"])
    assert [s.path for s in result.sources] == sorted(s.path for s in result.sources)
    assert [f.path for f in result.failures] == sorted(f.path for f in result.failures)
    assert len(progress) == len(good) + 1 + len(r)
    # Deterministic: a second run gives the same ids in the same order.
    assert [s.id for s in load_paths([folder]).sources] == [s.id for s in result.sources]


def test_explicit_files(tmp_path):
    png = write(tmp_path / "chart.png", b"\x89PNG\r\n\x1a\n")
    md = write(tmp_path / "a.md", front_matter_doc())
    readme = write(tmp_path / "README.md", "# readme\n")
    result = load_paths([png, md, readme, tmp_path / "nope.md"])
    r = reasons(result)
    assert r["chart.png"].startswith("unsupported file type '.png'")
    assert r["nope.md"] == "no such file or folder"
    assert "README.md" not in r
    assert [Path(s.path).name for s in result.sources] == ["a.md"]
    # The same file named twice (directly and through its folder) loads once.
    assert len(load_paths([md, tmp_path]).sources) == 1


def test_permission_denied(tmp_path):
    """As root, file modes do not bite; then the check runs in a child process as user nobody."""
    import subprocess
    import sys
    import tempfile

    as_root = os.geteuid() == 0
    if as_root and not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv to drop privileges")
    folder = Path(tempfile.mkdtemp(prefix="draftbot-perm-")) if as_root else tmp_path
    try:
        folder.chmod(0o755)
        write(folder / "ok.md", front_matter_doc()).chmod(0o644)
        write(folder / "secret.md", front_matter_doc(body="机密")).chmod(0)
        if not as_root:
            result = load_paths([folder])
            got = {Path(f.path).name: f.reason for f in result.failures}
        else:
            src = Path(__file__).resolve().parent.parent / "src"
            # the child runs as nobody: it must be able to reach the checkout (mktemp -d is 0700)
            if any(not (d.stat().st_mode & 0o001) for d in [src, *src.parents]):
                pytest.skip("the checkout is not reachable by user nobody (a parent folder is not o+x)")
            code = (
                "import json, sys; sys.path.insert(0, sys.argv[1]); from pathlib import Path;"
                "from draftbot.sources import load_paths; r = load_paths([Path(sys.argv[2])]);"
                "print(json.dumps({Path(f.path).name: f.reason for f in r.failures}))"
            )
            out = subprocess.run(
                ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c", code, str(src), str(folder)],
                capture_output=True, text=True, timeout=60,
            )
            if out.returncode != 0 and "Permission denied" in out.stderr and "draftbot" not in out.stdout:
                pytest.skip(f"user nobody cannot run the test interpreter: {out.stderr.strip()[-200:]}")
            import json

            got = json.loads(out.stdout)
        assert got == {"secret.md": "permission denied"}
    finally:
        (folder / "secret.md").chmod(0o644)
        if as_root:
            shutil.rmtree(folder)


def test_duplicates_and_shared_titles(tmp_path):
    doc = front_matter_doc(title="同名", body="同一内容。")
    write(tmp_path / "a.md", doc)
    write(tmp_path / "b" / "copy.md", doc)
    write(tmp_path / "c.md", front_matter_doc(title="同名", body="不同内容。"))
    result = load_paths([tmp_path])
    assert result.failures == []
    assert [Path(s.path).name for s in result.sources] == ["a.md", "c.md"]
    assert len({s.id for s in result.sources}) == 2
    assert [(Path(d.path).name, Path(d.same_as).name) for d in result.duplicates] == [("copy.md", "a.md")]


@pytest.mark.parametrize("ext", [".md", ".txt", ".html", ".pdf", ".docx"])
@pytest.mark.parametrize("seed", range(5))
def test_random_bytes_only_raise_source_error(tmp_path, ext, seed):
    rng = random.Random(seed)
    prefix = {".pdf": b"%PDF-1.7\n", ".docx": b"PK\x03\x04"}.get(ext, b"")
    write(tmp_path / f"x{ext}", prefix + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 4000))))
    try:
        load_file(tmp_path / f"x{ext}")
    except SourceError as e:
        assert str(e) and "\n" not in str(e)


def test_zip_that_is_not_a_docx(tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "x.docx", "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(SourceError, match="^not a readable DOCX"):
        load_file(tmp_path / "x.docx")


# ------------------------------------------------------------------ the repo corpus


def test_repo_corpus_loads_cleanly(corpus_dir, tmp_path):
    if not corpus_dir.is_dir() or not any(corpus_dir.iterdir()):
        pytest.skip("corpus/ not written yet")
    result = load_paths([corpus_dir])
    assert result.failures == []
    assert result.sources
    for s in result.sources:
        assert s.title and s.date and s.text
    copy = shutil.copytree(corpus_dir, tmp_path / "copy")
    assert [s.id for s in load_paths([copy]).sources] == [s.id for s in result.sources]


def test_symlinked_folders_load_once_and_loops_are_named(tmp_path):
    write(tmp_path / "day" / "sub" / "a.md", front_matter_doc())
    os.symlink("..", tmp_path / "day" / "sub" / "up")
    os.symlink(tmp_path / "day" / "sub", tmp_path / "day" / "alias")
    result = load_paths([tmp_path / "day"])
    assert [Path(s.path).relative_to(tmp_path).as_posix() for s in result.sources] == ["day/sub/a.md"]
    assert [(Path(f.path).name, f.reason.split(" (")[0]) for f in result.failures] == [("up", "symlink loop")]


def test_text_without_front_matter_loads_and_the_manifest_still_overrides(tmp_path, monkeypatch):
    write(tmp_path / "plain.txt", "没有前置元数据的正文，共3段。\n")
    write(tmp_path / "orphan.txt", "没有元数据。\n")  # a short note: skipped, not a failure
    write(tmp_path / "essay.txt", "没有前置元数据的一篇长文。" * 10 + "\n")
    write(tmp_path / "sources.yaml", "plain.txt:\n  title: 纯文本\n  date: 2026-06-04\n")
    result = load_paths([tmp_path])
    assert [(s.title, s.date) for s in result.sources] == [("没有前置元数据的一篇长文", None), ("纯文本", dt.date(2026, 6, 4))]
    assert result.failures == []
    essay = result.sources[0]
    assert essay.text.startswith("没有前置元数据的一篇长文。")  # the cut title's sentence stays in the body
    assert any(w.startswith("no title line: the title is the text's first sentence") for w in essay.warnings)
    assert not any("no title line" in w for w in result.sources[1].warnings)
    monkeypatch.setenv("DRAFTBOT_STRICT_SOURCES", "1")  # --strict: text needs front matter, as before
    assert reasons(load_paths([tmp_path]))["orphan.txt"].startswith("no front matter")
