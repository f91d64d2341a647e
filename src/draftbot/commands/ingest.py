"""`draftbot ingest`: load source files into the store, incrementally."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from draftbot.commands.common import allow_new_store, ChromaUrlOpt, QuietOpt, StoreOpt, UserError, user_errors


def register(app: typer.Typer) -> None:
    @app.command("ingest")
    def ingest_cmd(
        paths: Annotated[list[str] | None, typer.Argument(help="Files, folders (searched recursively) or http(s) URLs.", show_default=False)] = None,
        urls: Annotated[Path | None, typer.Option("--urls", help="A text file of URLs to fetch and ingest, one a line.", show_default=False)] = None,
        strict: Annotated[bool, typer.Option("--strict", help="Fail notes files (README, SOURCES.md, short .txt) instead of skipping them.")] = False,
        prune: Annotated[bool, typer.Option("--prune", help="Also remove stored sources whose file is gone from these folders.")] = False,
        follow_symlinks: Annotated[bool, typer.Option("--follow-symlinks", help="Read symlinks that lead outside the folders given (skipped by default).")] = False,
        rehash: Annotated[bool, typer.Option("--rehash", help="Read every file again, even one whose size and mtime are unchanged.")] = False,
        repair: Annotated[bool, typer.Option("--repair", help="Rebuild the store's index files from Chroma; a damaged Chroma is set aside and rebuilt from the files given (or those the store recorded).")] = False,
        store: StoreOpt = None,
        chroma_url: ChromaUrlOpt = None,
        quiet: QuietOpt = False,
    ) -> None:
        """Add sources to the store: saved pages, md/txt, pdf, docx, or URLs to fetch.

        Incremental: a file whose content is already stored is skipped without re-embedding; a
        changed file replaces its old version. Prints one summary line, then one FAILED line per
        bad file; exit status 1 if any file failed, else 0.

        Examples:

          draftbot ingest corpus/

          draftbot ingest corpus/ --prune          # also forget deleted files

          draftbot ingest corpus/ --repair         # a store that reported damage

          draftbot ingest a.md b.pdf --store /data/briefing-store

          draftbot ingest corpus/ --chroma-url http://127.0.0.1:8000

          draftbot ingest https://www.stats.gov.cn/sj/zxfb/202405/t20240517_1950001.html --urls today.txt
        """
        from draftbot.commands.ingest_noop import plain_progress
        from draftbot.config import load_settings
        from draftbot.display import display_name
        from draftbot.index.noop import noop_summary
        from draftbot.index.store import open_store
        from draftbot.safefiles import following_symlinks
        from draftbot.sources import inputs
        from draftbot.sources.walk import plan_run

        with user_errors():
            if not paths and urls is None and not repair:
                raise UserError("nothing to ingest: give files, folders or URLs (or --urls FILE)")
            settings = load_settings(store=store, chroma_url=chroma_url)
            allow_new_store(settings)
            with open_store(settings, write=True, quiet=quiet) as st, inputs.strict_notes(strict), \
                    following_symlinks(follow_symlinks):
                if repair:
                    from draftbot.index.repair import prepare_repair

                    paths = list(paths or []) + prepare_repair(st, bool(paths or urls))
                files, fetch_failed = inputs.gather(paths or [], urls, settings.store)
                plan = plan_run(files)  # one walk: the files to read and the notes files skipped
                planned = (plan.jobs, plan.failures)
                show = not quiet and sys.stderr.isatty()
                progress = None if quiet else (None if show else plain_progress())
                # the same corpus again is the commonest run: answered from file stats before the
                # verifier (and its imports) is loaded for a hook that would hear of nothing
                quick = None if rehash or repair or fetch_failed else noop_summary(planned, st, prune)
                if quick is not None:
                    if progress:
                        progress("index", len(plan.jobs), len(plan.jobs))
                else:
                    from draftbot.index.ingest import ingest
                    from draftbot.verify.ingest_facts import IngestFacts

                    hooks = [IngestFacts(st)]  # the number facts `check` looks figures up in, kept current
                    run = lambda cb: ingest(files, st, prune=prune, progress=cb, hooks=hooks,  # noqa: E731
                                            rehash=rehash or repair, planned=planned)
                    report = _with_progress(run) if show else run(progress)
                    report.failed = sorted(report.failed + fetch_failed, key=lambda f: f.path)
                skipped = plan.notes
            print(quick if quick is not None else report.summary())
            failed, warnings = ([], []) if quick is not None else (report.failed, report.warnings)
            for f in failed:
                print(f"FAILED {display_name(f.path)}: {display_name(f.reason)}")
            # diagnostics, not data: stdout stays the summary and FAILED lines scripts parse
            for f in skipped:
                print(f"SKIPPED {display_name(f.path)}: {display_name(f.reason)}", file=sys.stderr)
            for f in warnings:
                print(f"WARNING {display_name(f.path)}: {display_name(f.reason)}", file=sys.stderr)
            if failed:
                raise typer.Exit(1)


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
