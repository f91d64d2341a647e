"""`draftbot search`: hybrid (dense + BM25) search over the ingested chunks."""

from __future__ import annotations

from typing import Annotated

import typer

from draftbot.commands.common import ChromaUrlOpt, JsonOpt, QuietOpt, StoreOpt, UserError, user_errors
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
        from draftbot.commands.search_plain import print_hits
        from draftbot.config import load_settings
        from draftbot.index.retrieve import search_rows
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
                rows = search_rows(st, query, k=k, date_from=d_from, date_to=d_to, publishers=publisher or None, mode=mode)
            print_hits(rows, as_json, quiet)
