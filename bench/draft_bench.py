"""Drafting wall time against a loopback chat-completions server with a fixed per-call delay.

    python bench/draft_bench.py [--delay 0.3] [--reps 3] [--model gpt-4o-mini]

The server is tests/fakeserver.py (a real HTTP server on 127.0.0.1) with `server.delay` seconds
before every answer; its replies come from tests/chains_fixtures.Writer, which answers like a
diligent model from the prompt it is sent (so the drafts verify and need no repair, as with a good
model). The default brief is drafted for 2026-06-04 over the sample corpus with concurrency 4 and
with concurrency 1 (what a plain sequential chain does), through `draftbot.draft.pipeline.run_draft`
with the openai backend — the same code path as `draftbot draft --backend openai`.

Reported per run: wall time, number of model calls, longest chain of dependent calls (sections in
parallel -> 今日判断 -> 摘要, plus repair rounds), wall / (chain x delay), prompt and completion
tokens (tiktoken counts of what was actually sent and received, and what draftbot metered), and the
cost at the model's list price. Writes bench/out/draft.json.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _util import REPO, WORK, env, fresh, write_result  # noqa: E402

import os  # noqa: E402

os.environ.update({k: v for k, v in env().items() if k in ("TIKTOKEN_CACHE_DIR", "ANONYMIZED_TELEMETRY")})
os.environ["DRAFTBOT_LOOPBACK_ONLY"] = "1"
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

from pydantic import SecretStr  # noqa: E402

from draftbot.config import load_settings  # noqa: E402
from draftbot.draft.pipeline import run_draft  # noqa: E402
from draftbot.index.ingest import ingest  # noqa: E402
from draftbot.index.store import open_store  # noqa: E402
from draftbot.llm import PRICES  # noqa: E402
from draftbot.text.tokens import count_tokens  # noqa: E402

from fakeserver import FakeLLMServer  # noqa: E402
from tests.chains_fixtures import Writer  # noqa: E402

DAY = "2026-06-04"
KEY = "sk-bench-not-a-real-key"


def chain_length(writer: Writer) -> int:
    """Longest chain of dependent calls: max over sections (first call + its repairs), then the
    synthesis and the summary with their repairs (they run one after the other)."""
    per_section: dict[str, int] = {}
    after = 0
    for s in writer.seen:
        if s.kind == "section":
            per_section[s.heading] = per_section.get(s.heading, 0) + 1
        elif s.kind == "repair" and s.heading in per_section:
            per_section[s.heading] += 1
        else:  # synthesis, summary and their repairs
            after += 1
    return max(per_section.values(), default=0) + after


def one_run(store_dir: Path, server: FakeLLMServer, concurrency: int, model: str) -> dict:
    writer = Writer()
    replies: list[str] = []

    def respond(body):
        out = writer(body)
        if isinstance(out, str):
            replies.append(out)
        return out

    server.responder = respond
    server.requests.clear()
    settings = load_settings(store=str(store_dir), base_url=server.base_url, api_key=SecretStr(KEY), model=model,
                             concurrency=concurrency, max_retries=0)
    out = Path(tempfile.mkdtemp(prefix="draft-bench-", dir=WORK)) / "briefing.md"
    t = time.perf_counter()
    res = run_draft(settings, DAY, out=out, backend="openai", quiet=True)
    wall = time.perf_counter() - t
    reqs = server.chat_requests()
    sent = sum(count_tokens("\n".join(m.get("content") or "" for m in r.json["messages"]), model=model) for r in reqs)
    received = sum(count_tokens(x, model=model) for x in replies)
    chain = chain_length(writer)
    return {
        "concurrency": concurrency,
        "wall_seconds": round(wall, 3),
        "calls": len(reqs),
        "chain": chain,
        "ideal_seconds": round(chain * server.delay, 3),
        "wall_over_chain": round(wall / (chain * server.delay), 3) if chain and server.delay else None,
        "prompt_tokens_sent_tiktoken": sent,
        "completion_tokens_received_tiktoken": received,
        "metered_prompt_tokens": res.usage.prompt_tokens,
        "metered_completion_tokens": res.usage.completion_tokens,
        "metered_cost_usd": res.usage.cost_usd,
        "evidence_tokens": res.evidence_tokens,
        "sections": res.sections,
        "clauses": res.clauses,
        "repairs": res.repairs,
        "pending": res.pending,
        "output_chars": len(out.read_text(encoding="utf-8")),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--delay", type=float, default=0.3)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--model", default="gpt-4o-mini")
    a = ap.parse_args(argv)

    store_dir = fresh(WORK / "draft-store")
    with open_store(load_settings(store=str(store_dir)), write=True) as st:
        ingest([REPO / "corpus"], st)

    runs: dict[int, list[dict]] = {4: [], 1: []}
    with FakeLLMServer(model=a.model) as server:
        server.delay = a.delay
        one_run(store_dir, server, 4, a.model)  # warm-up: imports, prompt files, tokenizer, HTTP client
        # the same brief with no model delay: what draftbot itself costs (retrieval, checks, rendering, HTTP)
        server.delay = 0.0
        zero = [one_run(store_dir, server, 4, a.model)["wall_seconds"] for _ in range(a.reps)]
        server.delay = a.delay
        for _ in range(a.reps):
            for c in (4, 1):
                runs[c].append(one_run(store_dir, server, c, a.model))

    def med(c: int, key: str) -> float:
        return statistics.median(r[key] for r in runs[c])

    r4 = runs[4][0]
    price = PRICES.get(a.model)
    res = {
        "delay_seconds": a.delay,
        "model_for_tokens_and_price": a.model,
        "price_usd_per_million": {"input": price[0], "output": price[1]} if price else None,
        "runs": runs,
        "median_wall_seconds": {"concurrency_4": med(4, "wall_seconds"), "concurrency_1": med(1, "wall_seconds")},
        "speedup_4_over_1": round(med(1, "wall_seconds") / med(4, "wall_seconds"), 2),
        "calls_per_brief": r4["calls"],
        "longest_chain_calls": r4["chain"],
        "wall_over_chain_concurrency_4": round(med(4, "wall_seconds") / (r4["chain"] * a.delay), 3),
        "goal_wall_over_chain_max": 1.5,
        "overhead_seconds_at_zero_delay": statistics.median(zero),
    }
    path = write_result("draft", res)
    print(f"default brief, {DAY}, fake server delay {a.delay:.2f} s/call, {a.reps} reps (median)")
    print(f"  concurrency 4: {res['median_wall_seconds']['concurrency_4']:.2f} s   concurrency 1: "
          f"{res['median_wall_seconds']['concurrency_1']:.2f} s   speed-up {res['speedup_4_over_1']:.2f}x")
    print(f"  calls/brief {r4['calls']}, longest dependent chain {r4['chain']} calls = {r4['chain'] * a.delay:.2f} s; "
          f"wall/chain = {res['wall_over_chain_concurrency_4']:.2f} (goal <= 1.5)")
    print(f"  the same brief with zero model delay: {res['overhead_seconds_at_zero_delay']:.2f} s (draftbot's own work)")
    print(f"  tokens/brief: prompt {r4['metered_prompt_tokens']} (tiktoken of sent messages {r4['prompt_tokens_sent_tiktoken']}), "
          f"completion {r4['metered_completion_tokens']} (tiktoken of replies {r4['completion_tokens_received_tiktoken']}); "
          f"evidence {r4['evidence_tokens']}")
    if price:
        cost = (r4["prompt_tokens_sent_tiktoken"] * price[0] + r4["completion_tokens_received_tiktoken"] * price[1]) / 1e6
        res["cost_usd_per_brief"] = round(cost, 6)
        path = write_result("draft", res)
        print(f"  cost/brief at {a.model} list price (${price[0]}/M in, ${price[1]}/M out): ${cost:.5f}"
              f" (draftbot's meter: ${r4['metered_cost_usd']})")
    print(f"-> {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
