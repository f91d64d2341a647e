"""Helpers for the eval tests: a stand-in "model" that drafts by quoting its evidence.

`echo_reply(messages)` reads the numbered evidence in the prompt (`[n] 发布者 · 日期 · 《标题》` then the
snippet) and answers with the first full sentence of each of the first few snippets, cited [n]:
a deterministic, verifiable reply for any of the section / synthesis / summary / repair prompts.
"""

from __future__ import annotations

import json
import re

_HEAD = re.compile(r"^\[(\d+)\]\s+\S.*·.*《.*》\s*$")
_SENT = re.compile(r"[^。！？]{8,}?[。！？]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SUMMARY = re.compile(r"（来源中文摘要：(.+?)）\s*$")
_CITED = re.compile(r"([^。；\[\]]{8,}?)。?((?:\[\d+\])+)")


def evidence_items(text: str) -> list[tuple[int, list[str]]]:
    """(n, lines of its snippet) for the numbered evidence inside <evidence>…</evidence>."""
    m = re.search(r"<evidence>\n?(.*?)</evidence>", text, re.S)
    items: list[tuple[int, list[str]]] = []
    for line in (m.group(1) if m else "").split("\n"):
        h = _HEAD.match(line.strip())
        if h:
            items.append((int(h.group(1)), []))
        elif items and line.strip():
            items[-1][1].append(line.strip())
    return items


def _pick(lines: list[str]) -> str | None:
    """The snippet's first Chinese sentence with a figure (else its first Chinese sentence); for an
    English source, its Chinese summary."""
    return (_picks(lines, 1) or [None])[0]


def _picks(lines: list[str], k: int) -> list[str]:
    """The snippet's first `k` Chinese sentences with a figure (else its first Chinese sentence);
    for an English source, its Chinese summary."""
    for ln in lines:
        sm = _SUMMARY.search(ln)
        if sm:
            return [sm.group(1).strip()]
    sentences = [x.group(0).strip() for ln in lines if not ln.startswith(("#", "——")) and _CJK.search(ln)
                 for x in _SENT.finditer(ln)]
    sentences = [x for x in sentences if "[" not in x]
    with_figure = [x for x in sentences if re.search(r"\d", x)]
    return with_figure[:k] or sentences[:1]


def outline_reply(user: str) -> dict:
    """The outline call: one section per source of the day (its title as the heading), the day's
    sources beyond the allowed count folded into the last section, background left out."""
    m = re.search(r"章节数：(\d+)[–-](\d+)", user)
    most = int(m.group(2)) if m else 5
    day, background = [], []
    for line in re.search(r"<sources>\n?(.*?)</sources>", user, re.S).group(1).splitlines():
        parts = [p.strip() for p in line.split(" · ")]
        if len(parts) >= 5:
            (background if "（背景）" in parts[2] else day).append((parts[0], parts[4]))
    sections = [{"heading": title[:24], "guidance": "先写总量，再写结构。", "source_ids": [label]}
                for label, title in day[:most]]
    for label, _ in day[most:]:
        sections[-1]["source_ids"].append(label)
    return {"sections": sections, "left_out": [{"source_id": label, "reason": "background"} for label, _ in background]}


def echo_reply(messages: list[dict], per_reply: int = 8) -> dict:
    user = "\n".join(m.get("content") or "" for m in messages if m.get("role") == "user")
    if "<sources>" in user:
        return outline_reply(user)
    clauses = []
    items = evidence_items(user)
    if items:
        # a section of its own sources: up to three figures from each evidence item
        for n, lines in items:
            for text in _picks(lines, 3):
                if len(clauses) < per_reply:
                    clauses.append({"text": text, "cites": [n]})
    else:  # synthesis / summary: restate the first cited clause of each drafted section
        sm = re.search(r"<sections>\n?(.*?)</sections>", user, re.S)
        for block in (sm.group(1) if sm else "").split("## ")[1:]:
            cm = _CITED.search(block.split("\n", 1)[-1])
            if cm:
                cites = [int(x) for x in re.findall(r"\d+", cm.group(2))]
                clauses.append({"text": cm.group(1).strip("，, ") + "。", "cites": cites})
            if len(clauses) >= per_reply:
                break
    return {"paragraphs": [{"clauses": clauses}] if clauses else []}


def server_echo(body: dict) -> str:
    """FakeLLMServer responder."""
    return json.dumps(echo_reply(body.get("messages") or []), ensure_ascii=False)
