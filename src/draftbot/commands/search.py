"""`draftbot search`: hybrid (dense + BM25) search over the ingested chunks."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from draftbot.commands.common import ChromaUrlOpt, JsonOpt, QuietOpt, StoreOpt, UserError, user_errors
from draftbot.display import json_dumps
from draftbot.text.dates import iso_day


def register(app: typer.Typer) -> None:
    @app.command("search")
    def search_cmd(
        query: Annotated[str, typer.Argument(help="What to look for, in Chinese or English.", show_default=False)],
        k: Annotated[int, typer.Option("-k", help="Number of hits.", min=1, max=200)] = 8,
        date: Annotated[str | None, typer.Option("--date", help="Only sources of this day (YYYY-MM-DD).", show_default=False)] = None,
        since: Annotated[str | None, typer.Option("--since", help="Only sources on or after this day.", show_default=False)] = None,
        until: Annotated[str | None, typer.Option("--until", help="Only sources on or before this day.", show_default=False)] = None,
        publisher: Annotated[list[str] | None, typer.Option("--publisher", help="Only this publisher (repeatable).", show_default=False)] = None,
        mode: Annotated[str, typer.Option("--mode", help="hybrid (dense + BM25), lexical or dense.")] = "hybrid",
        store: StoreOpt = None,
        chroma_url: ChromaUrlOpt = None,
        as_json: JsonOpt = False,
        quiet: QuietOpt = False,
    ) -> None:
        """Find the passages that best match QUERY (dense + BM25, fused, varied across sources).

        Examples:

          draftbot search 新能源汽车产量

          draftbot search "数据要素× 分赛 赛道" --date 2026-06-04 -k 5

          draftbot search "supply chain pressure" --publisher Reuters --json
        """
        from draftbot.commands.common import require_store
        from draftbot.config import load_settings
        from draftbot.index.retrieve import search
        from draftbot.index.store import open_store

        with user_errors():
            if date and (since or until):
                raise UserError("--date cannot be combined with --since/--until")
            if mode not in ("hybrid", "lexical", "dense"):
                raise UserError(f"--mode {mode!r} is not one of hybrid, lexical, dense")
            d = iso_day(date, "--date")
            d_from = d or iso_day(since, "--since")
            d_to = d or iso_day(until, "--until")
            settings = load_settings(store=store, chroma_url=chroma_url)
            require_store(settings)
            with open_store(settings) as st:
                if st.chunk_count() == 0:
                    raise UserError(f"store {st.where} has no sources yet: run `draftbot ingest PATH` first")
                hits = search(st, query, k=k, date_from=d_from, date_to=d_to, publishers=publisher or None, mode=mode)
            if as_json:
                out = [
                    {
                        "title": h.title,
                        "publisher": h.publisher,
                        "date": h.date.isoformat() if h.date else None,
                        "path": h.path,
                        "score": h.score,
                        "text": h.text,
                        "chunk_id": h.chunk_id,
                        "source_id": h.source_id,
                        "start": h.start,
                        "end": h.end,
                        "url": h.url,
                        "dense_rank": h.dense_rank,
                        "lexical_rank": h.lexical_rank,
                    }
                    for h in hits
                ]
                print(json_dumps(out))
                return
            if not hits:
                if not quiet:
                    print("no matches", file=sys.stderr)
                return
            _print_table(hits)


def _print_table(hits) -> None:
    from draftbot.display import display_name, excerpt, may_be_terminal

    console = None
    if may_be_terminal(sys.stdout):  # rich (~0.05 s to import) only when a table may be drawn
        from rich.console import Console

        console = Console()
    if console is None or not console.is_terminal:
        for i, h in enumerate(hits, 1):
            snippet = " ".join(h.text.split())
            print(f"{i}. {h.score:.4f}  {h.date or ''}  {display_name(h.publisher)}《{display_name(h.title)}》  {display_name(h.path)}")
            print(f"   {excerpt(snippet, 200)}")
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=True)
    for col in ("#", "score", "date", "source", "text"):
        table.add_column(col, overflow="fold")
    for i, h in enumerate(hits, 1):
        snippet = " ".join(h.text.split())
        table.add_row(str(i), f"{h.score:.4f}", str(h.date or ""), Text(f"{display_name(h.publisher)}\n《{display_name(h.title)}》"), Text(excerpt(snippet, 240)))
    console.print(table)
