"""The write stage: the run's record (backend, model, prompt hashes, tokens, cost, allowed
sources, verification counts, outline) and the briefing in its format with its provenance beside
it, written atomically together (`output.write_files`)."""

from __future__ import annotations

from pathlib import Path

from draftbot.backends.base import Drafter
from draftbot.briefing.document import Draft
from draftbot.briefing.formats import Format
from draftbot.briefing.provenance import provenance, to_pieces
from draftbot.draft.plan_stage import Outline
from draftbot.draft.output import write_files
from draftbot.draft.repair import RunStats


def run_record(drafter: Drafter, evidence_tokens: int, draft: Draft, stats: RunStats, outline: Outline) -> dict:
    from draftbot.text.tokens import tokenizer_name

    usage = drafter.usage.snapshot()
    return {
        "backend": drafter.name,
        "backend_label": drafter.label,
        "model": drafter.model,
        "prompt_hashes": usage.prompt_hashes,
        "tokens": {
            "evidence": evidence_tokens,
            "prompt": usage.prompt_tokens,
            "completion": usage.completion_tokens,
            "calls": usage.calls,  # every reply used, corrective retries included
            "corrective_retries": usage.corrective_retries,
            "tokenizer": tokenizer_name(drafter.model),
        },
        "cost_usd": usage.cost_usd,
        "allowed_source_ids": sorted(draft.sources),
        "verification": stats.as_dict(),
        "outline": outline.model_dump(mode="json"),
    }


def write_briefing(draft: Draft, run: dict, form: Format, out: Path, prov: Path, force: bool) -> None:
    # the provenance (~10 MB at 100k chunks) is built and encoded into its file piece by piece
    write_files({out: form.render(draft), prov: lambda fh: to_pieces(provenance(draft, run, out, form.name), to=fh)},
                force=force)
