"""Rebuild each eval case's `replay.json` from its hand-written replies (`evals/<case>/replies.yaml`).

There is no model here, so the replies `--backend replay` answers with were written by hand. This
tool turns them into a real recording: it starts a loopback chat-completions server (the one the
tests use, tests/fakeserver.py) that answers each request from the case's replies file, runs
`draftbot eval <case> --record --backend openai` against it, and so draftbot itself writes the
replay.json (keyed by the exact prompts it sends today). Replies are looked up by something that
survives small evidence changes — the call kind and the section heading — not by prompt hash, so
after a change to retrieval or to a prompt file the maintainer re-runs this tool and commits the
new recordings.

    .venv/bin/python evals/assemble_replays.py                 # every case with a replies.yaml
    .venv/bin/python evals/assemble_replays.py sample-day      # one case
    .venv/bin/python evals/assemble_replays.py --prompts DIR   # where every prompt is written (default
                                                               # $TMPDIR/draftbot-replies/<case>/)

Every prompt is written to `--prompts DIR/<case>/<nn>-<kind>.txt` (with the drafts and the eval
JSON). A request with no hand-written reply is listed; it is answered with a placeholder so the run
goes on (later calls depend on it), and the case's previous replay.json is put back. Write the
reply, run again. Exit status 1 when anything was unanswered. Needs the test extras
(`pip install -e '.[test]'`). Chunk boundaries come from draftbot's deterministic token estimate,
so a recording replays on any machine, with or without tiktoken's encoding files.

Replies file (`replies.yaml`): the call kinds of the LLM path, each reply in the JSON schema the
prompt asks for, with a shorthand for clauses: a string "text[1][3]" is {text, cites: [1, 3]}.
Evidence numbers shift when retrieval or chunking changes, so a citation may be written stably:
`[@words]` cites the evidence item whose title holds `words` (of several chunks of that source, the
one holding most of the clause's figures); in 今日判断/摘要, `[=]` cites what the drafted sections
cite for the clause's figures (else for the clause most like it in wording).

    outline: {sections: [{heading, guidance, source_ids}], left_out: [{source_id, reason}]}
    sections: {<heading>: [[clause, ...], ...]}        # paragraphs of clauses
    repairs: {<heading>: [[clause, ...], ...]}         # only if a section needs a repair call
    synthesis: {judgement: "...", paragraphs: [[clause, ...]]}
    summary: [[clause, ...]]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EVALS = ROOT / "evals"
sys.path.insert(0, str(ROOT / "tests"))  # the loopback server and the placeholder "model" of the tests

MODEL = "hand-written"
NOTE = ("hand-written replies (evals/{case}/replies.yaml), not model output: there is no model here; "
        "assembled by evals/assemble_replays.py")
_CLAUSE = re.compile(r"^(.*?)((?:\s*\[[^\[\]]+\])*)\s*$", re.S)
_MARK = re.compile(r"\[([^\[\]]+)\]")
_HEADING = re.compile(r"^本节标题：(.+)$", re.M)
_EVIDENCE_HEAD = re.compile(r"^\[(\d+)\]\s+\S.*·.*《(.*)》\s*$")
_SECTION_CLAUSE = re.compile(r"([^\[\]]+?)((?:\[\d+\])+)")
# a figure of a clause: digits not followed by 年/月/日 (dates name no source)
_FIGURE = re.compile(r"\d+(?:\.\d+)?(?![\d.]*\s*[年月日号])")


def figures(text: str) -> list[str]:
    return _FIGURE.findall(re.sub(r"(?<=\d),(?=\d{3})", "", text))


def bigrams(text: str) -> set[str]:
    chars = [c for c in text if c.isalnum()]
    return {a + b for a, b in zip(chars, chars[1:])}


class Context:
    """What a reply's symbolic citations are resolved against: the numbered evidence of a
    section/repair prompt (`[@title words]`), or the drafted sections of a synthesis/summary
    prompt (`[=]`). Numbers shift when retrieval or chunking changes; titles and figures do not."""

    def __init__(self, user: str):
        self.evidence: list[tuple[int, str, str]] = []  # (n, title, text)
        block = re.search(r"<evidence>\n?(.*?)</evidence>", user, re.S)
        for line in (block.group(1) if block else "").split("\n"):
            head = _EVIDENCE_HEAD.match(line.strip())
            if head:
                self.evidence.append((int(head.group(1)), head.group(2), ""))
            elif self.evidence:
                n, title, text = self.evidence[-1]
                self.evidence[-1] = (n, title, text + line + "\n")
        sections = re.search(r"<sections>\n?(.*?)</sections>", user, re.S)
        self.drafted = [(m.group(1), [int(x) for x in re.findall(r"\d+", m.group(2))])
                        for m in _SECTION_CLAUSE.finditer(sections.group(1) if sections else "")]

    def by_title(self, text: str, words: str) -> int:
        """The evidence item of the source titled with `words` that holds most of the clause's
        figures (then most of its wording)."""
        items = [(n, body) for n, title, body in self.evidence if words.lower() in title.lower()]
        if not items:
            raise KeyError(f"no evidence titled with '{words}'")
        figs, grams = figures(text), bigrams(text)
        flat = lambda body: re.sub(r"(?<=\d),(?=\d{3})", "", body)  # noqa: E731
        return max(items, key=lambda it: (sum(f in flat(it[1]) for f in figs),
                                          len(grams & bigrams(it[1]))))[0]

    def as_drafted(self, text: str) -> list[int]:
        """The citations the drafted sections give the clause's figures (else its wording)."""
        out: list[int] = []
        grams = bigrams(text)
        for f in figures(text):
            holding = [d for d in self.drafted if f in figures(d[0])]
            if holding:  # the same figure in two clauses: the one worded most like this clause
                cites = max(holding, key=lambda d: len(grams & bigrams(d[0])))[1]
                out += [c for c in cites if c not in out]
        if not out and self.drafted:
            out = max(self.drafted, key=lambda d: len(grams & bigrams(d[0])))[1]
        if not out:
            raise KeyError("no drafted clause to take citations from")
        return out


def clause(item, ctx: Context | None = None) -> dict:
    """'text[1][3]' -> {text, cites}; '[@words]' cites the evidence titled with words, '[=]' the
    sources the drafted sections cite for the same figures; a mapping passes through."""
    if isinstance(item, dict):
        return {"text": item["text"], "cites": [int(c) for c in item.get("cites", [])]}
    m = _CLAUSE.match(str(item))
    text, cites = m.group(1).strip(), []
    for mark in _MARK.findall(m.group(2)):
        if mark.isdigit():
            new = [int(mark)]
        elif mark.startswith("@"):
            new = [ctx.by_title(text, mark[1:].strip())]
        elif mark == "=":
            new = ctx.as_drafted(text)
        else:
            raise KeyError(f"unknown citation mark [{mark}]")
        cites += [c for c in new if c not in cites]
    return {"text": text, "cites": cites}


def paragraphs(paras, ctx: Context | None = None) -> list[dict]:
    return [{"clauses": [clause(c, ctx) for c in p]} for p in paras or []]


def call_kind(messages: list[dict]) -> tuple[str, str]:
    """(kind, key) of a request: outline, section/<heading>, repair/<heading>, synthesis, summary."""
    system = "\n".join(m.get("content") or "" for m in messages if m.get("role") == "system")
    user = "\n".join(m.get("content") or "" for m in messages if m.get("role") == "user")
    if "<sources>" in user:
        return "outline", ""
    heading = _HEADING.search(user)
    if heading and "核验发现的问题" in user:
        return "repair", heading.group(1).strip()
    if heading and "<evidence>" in user:
        return "section", heading.group(1).strip()
    if "<sections>" in user:
        return ("synthesis", "") if "judgement" in system else ("summary", "")
    return "unknown", ""


def reply_for(replies: dict, kind: str, key: str, ctx: Context | None = None) -> dict | None:
    if kind == "outline":
        return replies.get("outline")
    if kind in ("section", "repair"):
        paras = (replies.get("sections" if kind == "section" else "repairs") or {}).get(key)
        return None if paras is None else {"paragraphs": paragraphs(paras, ctx)}
    if kind == "synthesis" and replies.get("synthesis"):
        syn = replies["synthesis"]
        return {"paragraphs": paragraphs(syn.get("paragraphs"), ctx), "judgement": syn.get("judgement", "")}
    if kind == "summary" and replies.get("summary") is not None:
        return {"paragraphs": paragraphs(replies["summary"], ctx)}
    return None


class Responder:
    """Answers one case's requests from its replies; remembers what it could not answer."""

    def __init__(self, case: str, replies: dict, dump: Path):
        self.case, self.replies, self.dump = case, replies, dump
        self.asked: list[tuple[str, str]] = []
        self.missing: list[tuple[str, str, Path]] = []
        self._lock = threading.Lock()

    def __call__(self, body: dict) -> str:
        from eval_fixtures import echo_reply

        messages = body.get("messages") or []
        kind, key = call_kind(messages)
        user = "\n".join(m.get("content") or "" for m in messages if m.get("role") == "user")
        try:
            reply = reply_for(self.replies, kind, key, Context(user))
        except KeyError as exc:  # a citation mark that no longer resolves: the reply needs a look
            reply = None
            key = f"{key} ({exc.args[0]})"
        with self._lock:
            self.asked.append((kind, key))
            path = self.dump / self.case / f"{len(self.asked):02d}-{kind}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n\n".join(f"=== {m.get('role')} ===\n{m.get('content')}" for m in messages),
                            encoding="utf-8")
            if reply is None:
                self.missing.append((kind, key, path))
        if reply is None:  # a placeholder so the run reaches the calls that depend on this one
            reply = echo_reply(messages)
        return json.dumps(reply, ensure_ascii=False)

    def unused(self) -> list[str]:
        asked = set(self.asked)
        out = [f"section {h}" for h in (self.replies.get("sections") or {}) if ("section", h) not in asked]
        out += [f"repair {h}" for h in (self.replies.get("repairs") or {}) if ("repair", h) not in asked]
        return out


def draftbot(*args: str, env: dict) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-c", "from draftbot.cli import main; main()", *args]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT)


def assemble(case_dir: Path, dump: Path) -> tuple[bool, dict]:
    from fakeserver import FakeLLMServer

    name = case_dir.name
    replies = yaml.safe_load((case_dir / "replies.yaml").read_text(encoding="utf-8")) or {}
    replay = case_dir / "replay.json"
    backup = replay.read_bytes() if replay.is_file() else None
    responder = Responder(name, replies, dump)
    out = dump / name / "eval.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DRAFTBOT_MODEL": MODEL, "DRAFTBOT_LOOPBACK_ONLY": "1"}
    env.pop("OPENAI_API_KEY", None)
    with FakeLLMServer(model=MODEL) as server:
        server.responder = responder
        replay.unlink(missing_ok=True)  # recorded afresh, only today's prompts
        r = draftbot("eval", str(case_dir), "--record", "--backend", "openai", "--base-url", server.base_url,
                     "--no-cache", "--json-out", str(out), "--drafts", str(dump / name / "drafts"), env=env)
    ok = not responder.missing and r.returncode in (0, 1) and replay.is_file()
    if ok:
        data = json.loads(replay.read_text(encoding="utf-8"))
        data["note"] = NOTE.format(case=name)
        replay.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    else:
        replay.unlink(missing_ok=True)
        if backup is not None:
            replay.write_bytes(backup)
    report = {"calls": len(responder.asked), "missing": responder.missing, "unused": responder.unused(),
              "exit": r.returncode, "stderr": r.stderr}
    if out.is_file():
        report["eval"] = json.loads(out.read_text(encoding="utf-8"))
    return ok, report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cases", nargs="*", help="case names (default: every case with a replies.yaml)")
    ap.add_argument("--evals", type=Path, default=EVALS, help="the folder of cases (default: evals/)")
    ap.add_argument("--prompts", type=Path, default=Path(tempfile.gettempdir()) / "draftbot-replies",
                    help="where unanswered prompts, drafts and eval JSON are written")
    ap.add_argument("--show", action="store_true", help="also print each unanswered prompt (its user message)")
    args = ap.parse_args(argv)
    names = args.cases or sorted(p.parent.name for p in args.evals.glob("*/replies.yaml"))
    failed = 0
    for name in names:
        case_dir = args.evals / name
        if not (case_dir / "replies.yaml").is_file():
            print(f"{name}: no {case_dir / 'replies.yaml'}", file=sys.stderr)
            failed += 1
            continue
        shutil.rmtree(args.prompts / name, ignore_errors=True)
        t0 = time.monotonic()
        ok, rep = assemble(case_dir, args.prompts)
        secs = time.monotonic() - t0
        scores = (rep.get("eval") or {}).get("cases", {}).get(name, {})
        figures = " ".join(f"{k}={scores[k]:g}" for k in ("citation_coverage", "citation_precision",
                           "numeric_fidelity", "fact_recall", "structure", "heading_fit", "source_use",
                           "check_findings", "forbidden_hits", "pending") if k in scores)
        print(f"{name}: {'recorded' if ok else 'NOT recorded'} {rep['calls']} calls in {secs:.1f}s  {figures}")
        for kind, key, path in rep["missing"]:
            print(f"  no reply for {kind}{' ' + key if key else ''}: prompt in {path}")
            if args.show:
                print(path.read_text(encoding="utf-8").split("=== user ===\n", 1)[-1])
        for what in rep["unused"]:
            print(f"  unused reply: {what}")
        errors = (rep.get("eval") or {}).get("errors") or {}
        for case, err in errors.items():
            print(f"  error: {err}")
        if rep["exit"] not in (0, 1) or not rep.get("eval"):
            print("  " + rep["stderr"].strip().replace("\n", "\n  "))
        failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
