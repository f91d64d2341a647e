"""Helpers for the LLM-backend tests: a `Writer` that answers the fake server's chat requests the way
a model would, by reading the prompt it was sent (evidence numbers and snippets, drafted sections).

`Writer` is a `FakeLLMServer.responder`: it classifies each request (section / repair / synthesis /
summary), records it, and replies with `SectionOut` JSON. Hooks replace the reply per kind, e.g. a
section hook that adds a clause citing [99].
"""

from __future__ import annotations

import json
import re
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pytest

from draftbot.text.sentences import split_sentences

KEY = "sk-test-SECRET-1234567890abcdef"
DAY = "2026-06-04"
# the seed day's own four sections (moved out of the default brief into the sample-day eval case)
SEED_OUTLINE = Path(__file__).resolve().parent.parent / "evals" / "sample-day" / "outline.yaml"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def llm_store(tmp_path_factory) -> Path:
    """The sample corpus ingested once through the CLI (`draftbot ingest corpus/`)."""
    from typer.testing import CliRunner

    from draftbot.cli import app

    store = tmp_path_factory.mktemp("llm-draft") / "store"
    res = CliRunner().invoke(app, ["ingest", str(REPO / "corpus"), "--store", str(store), "--quiet"])
    assert res.exit_code == 0, res.output
    return store


@pytest.fixture
def store(llm_store, monkeypatch) -> Path:
    """This test drafts from the ingested sample corpus."""
    monkeypatch.setenv("DRAFTBOT_STORE", str(llm_store))
    # draft caches model replies in the store: each test starts without the previous tests' replies
    for f in llm_store.glob("llm-cache.sqlite*"):
        f.unlink()
    return llm_store


def draft(out: Path, server, *extra: str, model: str = "test-model", env: dict | None = None,
          outline: Path | None = SEED_OUTLINE, quiet: bool = True):
    """`draftbot draft --backend openai` against `server` (in process), with the fake key set.

    By default the seed day's own outline (its four sections) is drafted, so a test can speak of
    "the industry section"; `outline=None` lets the model plan the day first. `quiet=False`: the
    status lines are on stderr."""
    from typer.testing import CliRunner

    from draftbot.cli import app

    args = ["draft", "--date", DAY, "--backend", "openai", "--base-url", server.base_url, "--model", model,
            "-o", str(out), *(["--quiet"] if quiet else []), *(["--outline", str(outline)] if outline else []),
            *extra]
    return CliRunner().invoke(app, args, env={"OPENAI_API_KEY": KEY, **(env or {})})


def draftbot_exe() -> list[str]:
    """The installed `draftbot` script beside this Python (for tests that need a real process)."""
    exe = Path(sys.executable).with_name("draftbot")
    return [str(exe)] if exe.exists() else [sys.executable, "-c", "from draftbot.cli import app; app()"]


# ----------------------------------------------------------------------------- reading a request


def messages_of(body: dict) -> list[dict]:
    return body.get("messages") or []


def system_text(body: dict) -> str:
    return "\n".join(m.get("content") or "" for m in messages_of(body) if m.get("role") == "system")


def user_text(body: dict) -> str:
    users = [m.get("content") or "" for m in messages_of(body) if m.get("role") == "user"]
    return users[-1] if users else ""


def kind_of(body: dict) -> str:
    sys_ = system_text(body)
    if "未通过核验" in sys_:
        return "repair"
    if "撰写其中一节" in sys_:
        return "section"
    if "综合判断" in sys_:
        return "synthesis"
    return "summary"


def heading_of(body: dict) -> str:
    m = re.search(r"^本节标题：(.+)$", user_text(body), re.M)
    return m.group(1).strip() if m else ""


def framed(text: str, tag: str) -> str | None:
    m = re.search(rf"<{tag}>\n(.*?)\n</{tag}>", text, re.S)
    return m.group(1) if m else None


def evidence_items(body: dict) -> dict[int, str]:
    """Evidence n -> snippet text (header line removed), from the request's <evidence> block."""
    block = framed(user_text(body), "evidence") or ""
    items = {}
    for part in re.split(r"\n\n(?=\[\d+\] )", block):
        m = re.match(r"\[(\d+)\] [^\n]*\n?(.*)", part, re.S)
        if m:
            items[int(m.group(1))] = m.group(2)
    return items


def quotable(snippet: str) -> str | None:
    """The first sentence of a snippet fit to copy as a clause (prose, not a heading or table)."""
    snippet = snippet.split("\n（来源中文摘要：")[0]
    for sp in split_sentences(snippet):
        t = sp.text.strip()
        if (len(t) >= 15 and t[-1] in "。.!?！？" and not t.startswith(("#", "|", ">", "-", "*"))
                and "\n" not in t and not re.search(r"\[\d+\]", t)):
            return t
    return None


def section_clauses(body: dict, limit: int = 4) -> list[dict]:
    """One clause per evidence item (first quotable sentence, cited with its number)."""
    out = []
    for n, snippet in evidence_items(body).items():
        t = quotable(snippet)
        if t:
            out.append({"text": t, "cites": [n]})
        if len(out) >= limit:
            break
    return out


def drafted_clauses(body: dict, limit: int = 3) -> list[dict]:
    """The first cited clauses of the drafted sections in a synthesis/summary request."""
    block = framed(user_text(body), "sections") or ""
    out = []
    for text, cites in re.findall(r"([^\[\]\n]+?)((?:\[\d+\])+)", block):
        out.append({"text": text.strip(), "cites": [int(x) for x in re.findall(r"\d+", cites)]})
        if len(out) >= limit:
            break
    return out


def previous_of(body: dict) -> dict:
    """The previous draft quoted in a repair request."""
    m = re.search(r"上一版草稿（JSON）：\n(.*?)\n\n证据", user_text(body), re.S)
    return json.loads(m.group(1))


def reply(clauses: list[dict]) -> str:
    return json.dumps({"paragraphs": [{"clauses": clauses}]}, ensure_ascii=False)


# ----------------------------------------------------------------------------- the responder


@dataclass
class Seen:
    kind: str
    heading: str
    body: dict


@dataclass
class Writer:
    """Answers like a diligent model; `hooks[kind](body) -> str | step | None` overrides per kind
    (None falls back to the default answer). Repairs by default return the previous draft unchanged."""

    hooks: dict[str, Callable[[dict], Any]] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, body: dict) -> Any:
        kind = kind_of(body)
        with self._lock:
            self.seen.append(Seen(kind, heading_of(body), body))
        hook = self.hooks.get(kind)
        if hook is not None:
            out = hook(body)
            if out is not None:
                return out
        if kind == "section":
            return reply(section_clauses(body))
        if kind == "repair":
            return json.dumps(previous_of(body), ensure_ascii=False)
        return reply(drafted_clauses(body))

    def of(self, kind: str) -> list[Seen]:
        with self._lock:
            return [s for s in self.seen if s.kind == kind]
