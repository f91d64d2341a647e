"""Source markup never becomes draft markup, and hostile titles print escaped (issue 16).

The draft is rendered with markdown-it-py's CommonMark preset (raw HTML enabled, as CommonMark
renderers do) and the resulting HTML is parsed: no element or attribute from a source may appear.
"""

from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from draftbot.display import display_name, escape_markup, excerpt

DAY = "2026-06-04"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(document.cookie)>"

BRIEF = """\
id: hostile
title: 机器人产业简报
org_lines: [测试编辑部]
sections:
  - id: robots
    heading: 工业机器人产量
    queries: ["工业机器人 产量 增长", "机器人 订单 出口"]
    target_chars: 300
"""


def _cli(*args: str, env_extra: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, **(env_extra or {})}
    env.pop("OPENAI_API_KEY", None)
    env.pop("DRAFTBOT_API_KEY", None)
    return subprocess.run([sys.executable, "-m", "draftbot.cli", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=300)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [name for name, _ in attrs]


def _live_markup(markdown: str) -> tuple[list[str], list[str]]:
    html = MarkdownIt("commonmark").render(markdown)
    parser = _Tags()
    parser.feed(html)
    return parser.tags, parser.attrs


def _write_hostile_corpus(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "robots.md").write_text(
        f"---\ntitle: 工业机器人产量快报{IMG}\npublisher: 某省统计局\ndate: {DAY}\n---\n"
        f"今年前五个月，全省工业机器人产量达到 3.6 万套，同比增长 21.4%。{SCRIPT}\n"
        f"机器人整机企业新增订单 1280 份{IMG}，出口订单占比提高到 37.5%。\n"
        "[点此查看](javascript:alert(1)) 机器人产业园新增入驻企业 46 家，带动就业 5200 人。\n",
        encoding="utf-8",
    )
    (folder / "plain.md").write_text(
        f"---\ntitle: 机器人产业园建设进展\npublisher: 某市工信局\ndate: {DAY}\n---\n"
        "机器人产业园一期工程完工，工业机器人检测中心投入使用，年检测能力 8000 台。\n",
        encoding="utf-8",
    )


def test_escape_markup_leaves_no_element_when_rendered():
    md = escape_markup(f"产量 3.6 万套{SCRIPT}{IMG} a < b & c &amp; [x](javascript:alert(1)) ![p](http://t/x.png)")
    tags, attrs = _live_markup(md)
    assert tags == ["p"] and attrs == []
    # the text still reads as written (the renderer shows the characters, not markup)
    html = MarkdownIt("commonmark").render(md)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "onerror=alert" in html


@pytest.mark.slow
def test_extractive_draft_keeps_source_html_inert_and_still_checks(tmp_path):
    corpus, store = tmp_path / "corpus", tmp_path / "store"
    _write_hostile_corpus(corpus)
    brief = tmp_path / "brief.yaml"
    brief.write_text(BRIEF, encoding="utf-8")
    ing = _cli("ingest", str(corpus), "--store", str(store), "-q")
    assert ing.returncode == 0, ing.stdout + ing.stderr
    out = tmp_path / "briefing.md"
    dr = _cli("draft", "--date", DAY, "--brief", str(brief), "--backend", "extractive", "-o", str(out),
              "--store", str(store), "--quiet")
    assert dr.returncode == 0, dr.stdout + dr.stderr
    md = out.read_text(encoding="utf-8")
    assert "3.6 万套" in md and "alert(1)" in md  # the hostile sentence was drafted, as text
    tags, attrs = _live_markup(md)
    assert not {"script", "img", "a", "iframe"} & set(tags), tags
    assert not [a for a in attrs if a.lower().startswith("on") or a.lower() in ("src", "href")], attrs
    # Escaping changes no figure and no reference: the checker still verifies the draft.
    ck = _cli("check", str(out), "--store", str(store))
    assert ck.returncode == 0, ck.stdout + ck.stderr


def test_display_name_and_excerpt_escape_terminal_controls():
    assert display_name("a\nFAILED x: added 99") == "a\\nFAILED x: added 99"
    assert display_name("evil\u202etxt.md") == "evil\\u202etxt.md"
    assert display_name("\u2066x\u2069") == "\\u2066x\\u2069"
    assert display_name("t\x1b]0;pwned\x07\x1b[2J") == "t\\x1b]0;pwned\\x07\\x1b[2J"
    assert display_name("csi\x9b2J") == "csi\\x9b2J"
    assert display_name(os.fsdecode(b"bad\xffname.md")) == "bad\\xffname.md"
    assert display_name("统计局《报告》") == "统计局《报告》"
    long = display_name("x" * 10_000_000, limit=300)
    assert len(long) == 300 and long.endswith("…")
    assert excerpt("一句\n\n  二句\t三句", 100) == "一句 二句 三句"
    assert len(excerpt("字" * 5000, 50)) == 50
