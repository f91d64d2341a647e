"""`draftbot draft`: write the day's briefing (Markdown or DOCX) with JSON provenance beside it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from draftbot.backends.registry import choices_help, replaying_backend, spec_of
from draftbot.briefing.formats import FORMATS, extensions
from draftbot.commands.common import ChromaUrlOpt, QuietOpt, StoreOpt, output_target, require_store, user_errors
from draftbot.commands.gcmode import few_collections
from draftbot.commands.stdio import to_stdout
from draftbot.display import status_lines


def register(app: typer.Typer) -> None:
    @app.command("draft")
    def draft_cmd(
        date: Annotated[str, typer.Option("--date", help="Day of the sources, YYYY-MM-DD (the briefing is dated by the brief's offset).", show_default=False)],
        brief: Annotated[Path | None, typer.Option("--brief", help="Brief YAML (default: the shipped xinzhi-daily brief).", show_default=False)] = None,
        output: Annotated[str | None, typer.Option("-o", "--output", help=f"Output file; its extension picks the format ({extensions()}). Default briefing.md (briefing.<ext> with --format). Provenance JSON is written beside it (briefing.json; briefing.docx.json for DOCX). A trailing / means a folder (FOLDER/briefing.<ext>); - writes the briefing to stdout (no provenance).", show_default=False, metavar="FILE")] = None,
        fmt: Annotated[str | None, typer.Option("--format", help=f"{' or '.join(FORMATS)}, for an output file without an extension (else the extension decides; default md).", show_default=False)] = None,
        backend: Annotated[str | None, typer.Option("--backend", help=f"{choices_help()}. Default: openai when an API key is set, else extractive.", show_default=False)] = None,
        model: Annotated[str | None, typer.Option("--model", help="Model name for openai/replay (env DRAFTBOT_MODEL).", show_default=False)] = None,
        base_url: Annotated[str | None, typer.Option("--base-url", help="OpenAI-compatible endpoint (env DRAFTBOT_BASE_URL / OPENAI_BASE_URL).", show_default=False)] = None,
        replay: Annotated[Path | None, typer.Option("--replay", help="Recorded model replies for --backend replay.", show_default=False)] = None,
        outline: Annotated[Path | None, typer.Option("--outline", help="Outline YAML to draft (from `draftbot plan`, edited or not). Default: plan the day first.", show_default=False)] = None,
        force: Annotated[bool, typer.Option("--force", help="Overwrite FILE and FILE.json if they exist.")] = False,
        store: StoreOpt = None,
        chroma_url: ChromaUrlOpt = None,
        quiet: QuietOpt = False,
        verbose: Annotated[bool, typer.Option("--verbose", help="In the source report (stderr and the provenance JSON), list every source of other dates (by default one line counts them).")] = False,
    ) -> None:
        """Draft the briefing for the sources of --date: every factual clause cited, every number
        checked against its cited source; what cannot be verified is marked 【待核实：…】.

        Without an API key the extractive backend runs (sentences selected from the sources, no
        model) and says so.

        Exit status: 0 when written; 1 when written but a section's model call failed (that
        section is named on stderr and marked 【待核实】 in the draft, the others are complete);
        2 when nothing was written (one error line).

        Examples:

          draftbot draft --date 2026-06-04

          draftbot draft --date 2026-06-04 -o out/2026-06-05.md --force

          draftbot draft --date 2026-06-04 -o briefing.docx

          draftbot draft --date 2026-06-04 -o out/            # out/briefing.md

          draftbot draft --date 2026-06-04 -o - | less

          draftbot plan --date 2026-06-04 -o outline.yaml && draftbot draft --date 2026-06-04 --outline outline.yaml

          OPENAI_API_KEY=... draftbot draft --date 2026-06-04 --backend openai --model gpt-4o-mini
        """
        from draftbot.briefing.brief import load_brief
        from draftbot.config import load_settings
        from draftbot.commands.progress import stage_bar
        from draftbot.draft.pipeline import run_draft

        with few_collections(), user_errors():
            if replay is not None and backend is None:
                backend = replaying_backend()
            settings = load_settings(store=store, chroma_url=chroma_url, model=model, base_url=base_url, brief=brief)
            if backend is not None:
                spec_of(backend, settings)  # unknown, or a key it lacks: refused before any work
            load_brief(settings.brief)  # a bad brief, like a bad backend, is said before a missing store
            require_store(settings, date)  # after the backend: a usage error is said first
            # status (not data: the briefing is the file) goes to stderr, and nowhere with -q
            say = (lambda s: None) if quiet else (lambda s: print(status_lines(s), file=sys.stderr, flush=True))
            ext = FORMATS[fmt].extensions[0] if fmt in FORMATS else ".md"  # a bad --format is refused later
            target = output_target(output, "briefing" + ext)
            with to_stdout(target, fmt) as (out, pipe):
                if out is not None and not pipe:
                    out.parent.mkdir(parents=True, exist_ok=True)  # -o creates its folder
                with stage_bar(quiet) as progress:
                    result = run_draft(settings, date, brief_path=settings.brief, out=out, backend=backend, fmt=fmt,
                                       force=force or pipe, quiet=quiet, replay=replay, log=say,
                                       progress=progress, outline=outline, list_others=verbose,
                                       # a degraded result (the model's outline unusable) is said even with -q
                                       notice=lambda s: print(status_lines(s), file=sys.stderr, flush=True))
                if pipe:
                    sys.stdout.flush()
                    sys.stdout.buffer.write(result.path.read_bytes())
                    sys.stdout.flush()
            from draftbot.draft.sources_report import for_people

            for line in for_people(result.source_report, verbose):
                say(line)
            wrote = "wrote the briefing to stdout (no provenance JSON: give -o FILE to keep it for check)" if pipe \
                else f"wrote {result.path} (+ {result.provenance_path.name})"
            say(
                f"{wrote}: {result.sections} sections, "
                f"{result.clauses} clauses ({result.cited_clauses} cited), {result.references} references; "
                f"{result.pending} marked 【待核实】, {result.dropped} dropped unverified, {result.repairs} repair rounds"
            )
            u = result.usage
            cost = f"${u.cost_usd:.4f}" if u.cost_usd is not None else "n/a"
            say(
                f"tokens: evidence {result.evidence_tokens}, prompt {u.prompt_tokens}, completion {u.completion_tokens} "
                f"({u.calls} model calls); cost {cost}; {result.seconds:.1f}s"
            )
        if result.failed_sections:  # every other section is written; the failed ones are marked
            raise typer.Exit(1)
