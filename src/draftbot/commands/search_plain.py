"""`draftbot search` in its plain form, answered before the CLI framework loads; and the hits'
output, which both forms print.

A cold search's own work is a few hundredths of a second: typer and pydantic cost it more than
that (issue 26: about 0.09 s of 0.26). `answer(argv)` takes the plain form (QUERY, `-k`,
`--date`/`--since`/`--until`, `--publisher`, `--mode`, `--store`, `--json`, `-q`) over an embedded
store with the offline embedder, and prints what the full command prints. Any other form, any
error or doubt is None: the full command runs and says what it says.
"""

from __future__ import annotations

import sys

_VALUED = {"-k": "k", "--date": "date", "--since": "since", "--until": "until", "--mode": "mode", "--store": "store"}
_FLAGS = {"--json": "as_json", "-q": "quiet", "--quiet": "quiet"}


class Args:
    def __init__(self) -> None:
        self.query: str | None = None
        self.k, self.date, self.since, self.until, self.mode, self.store = "8", None, None, None, "hybrid", None
        self.publisher: list[str] = []
        self.as_json = self.quiet = False


def parse(argv: list[str]) -> Args | None:
    """`argv` after the program name, when it is `search` in the plain form; else None."""
    if not argv or argv[0] != "search":
        return None
    args, rest = Args(), argv[1:]
    while rest:
        tok = rest.pop(0)
        name, eq, val = tok.partition("=") if tok.startswith("--") else (tok, "", "")
        if not tok.startswith("-"):
            if args.query is not None:
                return None
            args.query = tok
        elif name in _FLAGS and not eq:
            setattr(args, _FLAGS[name], True)
        elif name in _VALUED or name == "--publisher":
            if not eq:
                if not rest:
                    return None
                val = rest.pop(0)
            if name == "--publisher":
                args.publisher.append(val)
            else:
                setattr(args, _VALUED[name], val)
        else:
            return None  # --help, --chroma-url, -k5, "--", a negative number…: the full command
    ok = args.query is not None and args.query.strip() and args.k.isdigit() and 1 <= int(args.k) <= 200
    return args if ok and args.store != "" else None


def answer(argv: list[str]) -> int | None:
    """Print the search's output and return its exit status, or None (run the full command)."""
    args = parse(argv)
    if args is None:
        return None
    from draftbot.settings_table import plain_store_settings

    settings = plain_store_settings(args.store)
    if settings is None or settings.chroma_url or settings.embedder.partition(":")[0] != "hash":
        return None
    try:
        rows = _search(args, settings)
    except Exception:  # noqa: BLE001 - whatever went wrong, the full command reports it its way
        return None
    if rows is None:
        return None
    print_hits(rows, args.as_json, args.quiet)
    return 0


def _search(args: Args, settings) -> list[dict] | None:
    from draftbot.index.retrieve import search_rows
    from draftbot.index.store import is_store, open_store
    from draftbot.text.dates import iso_day

    if (args.date and (args.since or args.until)) or args.mode not in ("hybrid", "lexical", "dense"):
        return None
    if not is_store(settings.store):
        return None
    d = iso_day(args.date, "--date")
    d_from, d_to = d or iso_day(args.since, "--since"), d or iso_day(args.until, "--until")
    with open_store(settings) as st:
        if st.chunk_count() == 0:
            return None
        return search_rows(st, args.query, k=int(args.k), date_from=d_from, date_to=d_to,
                           publishers=args.publisher or None, mode=args.mode)


def print_hits(rows: list[dict], as_json: bool, quiet: bool) -> None:
    """The hits as JSON (stdout), or a numbered list (a table on a terminal); "no matches" on stderr."""
    if as_json:
        from draftbot.display import json_dumps

        keys = ("title", "publisher", "date", "path", "score", "text", "chunk_id", "source_id", "start", "end", "url",
                "dense_rank", "lexical_rank")
        print(json_dumps([{k: h[k].isoformat() if k == "date" and h[k] else h[k] for k in keys} for h in rows]))
        return
    if not rows:
        if not quiet:
            print("no matches", file=sys.stderr)
        return
    _print_table(rows)


def _print_table(hits: list[dict]) -> None:
    from draftbot.display import display_name, excerpt, may_be_terminal

    console = None
    if may_be_terminal(sys.stdout):  # rich (~0.05 s to import) only when a table may be drawn
        from rich.console import Console

        console = Console()
    if console is None or not console.is_terminal:
        for i, h in enumerate(hits, 1):
            snippet = " ".join(h["text"].split())
            print(f"{i}. {h['score']:.4f}  {h['date'] or ''}  {display_name(h['publisher'])}《{display_name(h['title'])}》  "
                  f"{display_name(h['path'])}")
            print(f"   {excerpt(snippet, 200)}")
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=True)
    for col in ("#", "score", "date", "source", "text"):
        table.add_column(col, overflow="fold")
    for i, h in enumerate(hits, 1):
        snippet = " ".join(h["text"].split())
        table.add_row(str(i), f"{h['score']:.4f}", str(h["date"] or ""),
                      Text(f"{display_name(h['publisher'])}\n《{display_name(h['title'])}》"), Text(excerpt(snippet, 240)))
    console.print(table)


__all__ = ["answer", "parse", "print_hits"]
