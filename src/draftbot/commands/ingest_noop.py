"""`draftbot ingest` of an unchanged corpus, answered before the CLI framework loads.

The same corpus again is the commonest ingest of all, and its work is statting the files:
importing typer and pydantic cost it more than that work. `answer(argv)` takes the plain form
(paths, `--store`, `--quiet`, `--prune`) and prints what the full command would print when the
store and every file's stat say nothing changed. Any other form, or any doubt, is None: the full
command runs, and decides the same way with the same `index.noop` test.
"""

from __future__ import annotations

import sys
from pathlib import Path

_FLAGS = {"-q": "quiet", "--quiet": "quiet", "--prune": "prune"}


class Args:
    def __init__(self) -> None:
        self.paths: list[str] = []
        self.store: str | None = None
        self.quiet = False
        self.prune = False


def parse(argv: list[str]) -> Args | None:
    """`argv` after the program name, when it is `ingest` in the plain form; else None."""
    if not argv or argv[0] != "ingest":
        return None
    args, rest, only_paths = Args(), argv[1:], False
    while rest:
        tok = rest.pop(0)
        if only_paths or not tok.startswith("-") or tok == "-":
            if "://" in tok:
                return None  # a URL is fetched: the full command
            args.paths.append(tok)
        elif tok == "--":
            only_paths = True
        elif tok in _FLAGS:
            setattr(args, _FLAGS[tok], True)
        elif tok == "--store" and rest:
            args.store = rest.pop(0)
        elif tok.startswith("--store="):
            args.store = tok[len("--store="):]
        else:
            return None
    return args if args.paths and args.store != "" else None


def answer(argv: list[str]) -> int | None:
    """Print the no-op ingest's output and return its exit status, or None (run the full command)."""
    args = parse(argv)
    if args is None:
        return None
    from draftbot.settings_table import plain_store_settings

    settings = plain_store_settings(args.store)
    if settings is None or settings.chroma_url or not _plain_value(settings.embedder) or not _is_store(settings.store):
        return None
    return _run(args, settings)


def _plain_value(value: object) -> bool:
    return isinstance(value, str) and value.strip() == value and value != ""


def _is_store(folder: Path) -> bool:
    from draftbot.index.store import is_store

    try:
        # a store an ingest finished in (its stat cache is written last): else nothing to compare
        return is_store(folder) and (folder / "ingest-stat-cache.json").is_file()
    except OSError:
        return False


def _run(args: Args, settings) -> int | None:
    from draftbot.display import display_name
    from draftbot.errors import UserError
    from draftbot.index.noop import noop_summary, plain_noop_summary
    from draftbot.index.store import open_store
    from draftbot.sources.walk import plain_tree, plan_run

    try:
        with open_store(settings, write=True, quiet=args.quiet) as st:
            # one plain folder (the usual corpus): listed and statted in one pass
            files = plain_tree(args.paths[0]) if len(args.paths) == 1 else None
            if files is not None:
                line, count, notes = plain_noop_summary(files, st, args.prune), len(files), []
            else:
                plan = plan_run([Path(p) for p in args.paths])
                line = noop_summary((plan.jobs, plan.failures), st, args.prune)
                count, notes = len(plan.jobs), plan.notes
            if line is None:
                return None
    except (UserError, OSError):
        return None  # the full command reports it
    if not args.quiet and not sys.stderr.isatty():
        plain_progress()("index", count, count)
    print(line)
    for f in notes:
        print(f"SKIPPED {display_name(f.path)}: {display_name(f.reason)}", file=sys.stderr)
    return 0


def plain_progress():
    """Off a TTY: one short stderr line per stage change, so logs show where a run got to."""
    state = {"stage": None}

    def cb(stage: str, done: int, total: int) -> None:
        if stage != state["stage"]:
            state["stage"] = stage
            print(f"draftbot: {stage}…", file=sys.stderr, flush=True)

    return cb


__all__ = ["answer", "parse", "plain_progress"]
