"""Replay results do not depend on whether tiktoken's encoding files are available: chunks, and so
evidence and every prompt, come from a deterministic token estimate (issue 25)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


REPO = Path(__file__).resolve().parent.parent
EVALS = REPO / "evals"
SCORES = ("citation_coverage", "citation_precision", "numeric_fidelity", "fact_recall", "structure",
          "heading_fit", "source_use", "check_findings", "forbidden_hits", "pending")


def _run(code: str, env: dict) -> str:
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300, cwd=REPO)
    assert r.returncode == 0, r.stderr
    return r.stdout


def _env(tmp_path: Path, cache: Path | None) -> dict:
    env = {**os.environ, "DRAFTBOT_STORE": str(tmp_path / "store"),
           # a download attempt fails at once instead of reaching the network
           "HTTPS_PROXY": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9"}
    env.pop("TIKTOKEN_CACHE_DIR", None)
    if cache is not None:
        env["TIKTOKEN_CACHE_DIR"] = str(cache)
    return env


CHUNKS = """
import json, sys
from pathlib import Path
from draftbot.index.chunking import chunk_source
from draftbot.sources.loader import load_file
out = {}
for p in sorted(Path(sys.argv[1]).rglob('*')):
    if p.is_file() and p.suffix in ('.md', '.html', '.txt'):
        try:
            s = load_file(p)
        except Exception:
            continue  # notes files (README) are not sources
        out[p.name] = [(c.start, c.end, c.tokens) for c in chunk_source(s)]
print(json.dumps(out))
"""


def test_chunks_are_the_same_with_and_without_tiktoken_encodings(tmp_path):
    empty = tmp_path / "no-encodings"
    empty.mkdir()
    code = CHUNKS.replace("sys.argv[1]", repr(str(REPO / "corpus")))
    with_cache = json.loads(_run(code, _env(tmp_path, REPO.parent / "shared" / "tiktoken")))
    without = json.loads(_run(code, _env(tmp_path, empty)))
    assert len(with_cache) >= 3 and any(len(v) > 1 for v in with_cache.values())
    assert with_cache == without


def _replay_scores(tmp_path: Path, cache: Path) -> tuple[dict, str]:
    out = tmp_path / f"eval-{cache.name}.json"
    r = subprocess.run([sys.executable, "-c", "from draftbot.cli import main; main()", "eval", str(EVALS),
                        "--backend", "replay", "--json-out", str(out), "-q"],
                       capture_output=True, text=True, env=_env(tmp_path, cache), timeout=600, cwd=REPO)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert not data.get("errors"), data.get("errors")
    assert r.returncode == 0, r.stderr
    return {name: {k: m[k] for k in SCORES} for name, m in data["cases"].items()}, r.stderr


def test_replay_eval_scores_the_same_with_and_without_tiktoken_encodings(tmp_path):
    empty = tmp_path / "no-encodings"
    empty.mkdir()
    without, err = _replay_scores(tmp_path, empty)
    assert "tiktoken" not in err
    with_cache, _ = _replay_scores(tmp_path, REPO.parent / "shared" / "tiktoken")
    assert len(without) >= 5
    assert without == with_cache
    for name, m in without.items():  # and the shipped replays answer every prompt: clean scores
        assert m["numeric_fidelity"] == 1.0 and m["check_findings"] == 0, name
