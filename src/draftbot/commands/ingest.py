"""`draftbot ingest`: load source files into the store, incrementally."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from draftbot.commands.common import ChromaUrlOpt, QuietOpt, StoreOpt, user_errors


def register(app: typer.Typer) -> None:
    @app.command("ingest")
    def ingest_cmd(
        paths: Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively).", show_default=False)],
        prune: Annotated[bool, typer.Option("--prune", help="Also remove stored sources whose file is gone from these folders.")] = False,
        follow_symlinks: Annotated[bool, typer.Option("--follow-symlinks", help="Read symlinks that lead outside the folders given (skipped by default).")] = False,
        store: StoreOpt = None,
        chroma_url: ChromaUrlOpt = None,
        quiet: QuietOpt = False,
    ) -> None:
        """Add source files (md/txt with front matter, html, pdf, docx) to the store.

        Incremental: a file whose content is already stored is skipped without re-embedding; a
        changed file replaces its old version. Prints one summary line, then one FAILED line per
        bad file; exit status 1 if any file failed, else 0.

        Examples:

          draftbot ingest corpus/

          draftbot ingest corpus/ --prune          # also forget deleted files

          draftbot ingest a.md b.pdf --store /data/briefing-store

          draftbot ingest corpus/ --chroma-url http://127.0.0.1:8000
        """
        from draftbot.config import load_settings
        from draftbot.display import display_name
        from draftbot.index.ingest import ingest
        from draftbot.index.store import Store
        from draftbot.safefiles import following_symlinks

        with user_errors():
            settings = load_settings(store=store, chroma_url=chroma_url)
            with Store.open(settings, write=True, quiet=quiet) as st, following_symlinks(follow_symlinks):
                show = not quiet and sys.stderr.isatty()
                if show:
                    report = _with_progress(lambda cb: ingest(paths, st, prune=prune, progress=cb))
                else:
                    report = ingest(paths, st, prune=prune, progress=None if quiet else _plain_progress())
            print(report.summary())
            for f in report.failed:
                print(f"FAILED {display_name(f.path)}: {display_name(f.reason)}")
            if report.failed:
                raise typer.Exit(1)


def _plain_progress():
    """Off a TTY: one short stderr line per stage change, so logs show where a run got to."""
    state = {"stage": None}

    def cb(stage: str, done: int, total: int) -> None:
        if stage != state["stage"]:
            state["stage"] = stage
            print(f"draftbot: {stage}…", file=sys.stderr, flush=True)

    return cb


def _with_progress(run):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    labels = {"load": "reading files", "index": "embedding + writing", "remove": "pruning"}
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True
    ) as bar:
        tasks: dict[str, int] = {}

        def cb(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(labels.get(stage, stage), total=total or None)
            bar.update(tasks[stage], completed=done, total=total or None)

        return run(cb)
