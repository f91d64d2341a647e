"""`draftbot plan`: the day's outline (sections, their sources, what is left out and why) as
editable YAML, for `draftbot draft --outline FILE`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from draftbot.commands.common import ChromaUrlOpt, QuietOpt, StoreOpt, user_errors
from draftbot.commands.gcmode import few_collections
from draftbot.display import status_lines


def register(app: typer.Typer) -> None:
    @app.command("plan")
    def plan_cmd(
        date: Annotated[str, typer.Option("--date", help="Day of the sources, YYYY-MM-DD.", show_default=False)],
        output: Annotated[str | None, typer.Option("-o", "--output", help="Outline YAML to write (its folder is created; a trailing / means a folder: FOLDER/outline.yaml; - prints it). Default: print it.", show_default=False, metavar="FILE")] = None,
        force: Annotated[bool, typer.Option("--force", help="Overwrite FILE if it exists (a hand-edited outline is never overwritten silently).")] = False,
        brief: Annotated[Path | None, typer.Option("--brief", help="Brief YAML (default: the shipped xinzhi-daily brief).", show_default=False)] = None,
        backend: Annotated[str | None, typer.Option("--backend", help="openai or replay: the model plans; extractive: the offline planner. Default: openai when an API key is set, else offline.", show_default=False)] = None,
        model: Annotated[str | None, typer.Option("--model", help="Model name for openai/replay (env DRAFTBOT_MODEL).", show_default=False)] = None,
        base_url: Annotated[str | None, typer.Option("--base-url", help="OpenAI-compatible endpoint (env DRAFTBOT_BASE_URL / OPENAI_BASE_URL).", show_default=False)] = None,
        replay: Annotated[Path | None, typer.Option("--replay", help="Recorded model replies for --backend replay.", show_default=False)] = None,
        store: StoreOpt = None,
        chroma_url: ChromaUrlOpt = None,
        quiet: QuietOpt = False,
    ) -> None:
        """Plan the day's sections from its sources into an editable outline file.

        Each section gets a heading, guidance and its source ids; the sources left out are listed
        with their reason. Edit the file (rename a heading, move a source line, delete a section),
        then `draftbot draft --outline FILE`.

        Examples:

          draftbot plan --date 2026-09-10

          draftbot plan --date 2026-09-10 -o out/outline.yaml

          draftbot plan --date 2026-09-10 -o out/          # out/outline.yaml

          draftbot plan --date 2026-09-10 -o outline.yaml --force   # replace an edited outline
        """
        from draftbot.backends.registry import replaying_backend, spec_of
        from draftbot.briefing.brief import load_brief
        from draftbot.config import load_settings
        from draftbot.draft.pipeline import run_plan
        from draftbot.commands.common import output_target, refuse_existing, require_store
        from draftbot.outline import outline_yaml, write_outline

        with few_collections(), user_errors():
            target = output_target(output, "outline.yaml")
            if target is not None and str(target) != "-":
                refuse_existing(target, force)  # before any work, as `draft -o`
            if replay is not None and backend is None:
                backend = replaying_backend()
            settings = load_settings(store=store, chroma_url=chroma_url, model=model, base_url=base_url, brief=brief)
            if backend is not None:
                spec_of(backend, settings)
            load_brief(settings.brief)  # a bad brief, like a bad backend, is said before a missing store
            require_store(settings, date)  # after the backend: a usage error is said first
            outline, notices, titles = run_plan(settings, date, brief_path=settings.brief, backend=backend,
                                                replay=replay, quiet=quiet)
            for line in notices:  # a degraded plan (model outline unusable) is said even with -q
                print(status_lines(line), file=sys.stderr)
            if target is None or str(target) == "-":
                sys.stdout.write(outline_yaml(outline, titles))
                return
            refuse_existing(target, force)  # it may have appeared while planning
            write_outline(target, outline, titles)
            if not quiet:
                print(f"wrote {target}: {len(outline.sections)} sections, {len(outline.assigned_ids())} sources "
                      f"assigned, {len(outline.left_out)} left out ({outline.planner})", file=sys.stderr)
