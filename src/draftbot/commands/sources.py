"""`draftbot sources`: list the ingested sources, where each field came from, and what looks wrong."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from draftbot.commands.common import ChromaUrlOpt, JsonOpt, QuietOpt, StoreOpt, user_errors
from draftbot.display import display_name, json_dumps
from draftbot.text.dates import iso_day


def register(app: typer.Typer) -> None:
    @app.command("sources")
    def sources_cmd(
        date: Annotated[str | None, typer.Option("--date", help="Only sources of this day (YYYY-MM-DD).", show_default=False)] = None,
        store: StoreOpt = None,
        chroma_url: ChromaUrlOpt = None,
        as_json: JsonOpt = False,
        quiet: QuietOpt = False,
    ) -> None:
        """List ingested sources: date, publisher, title, path, where each was found, warnings.

        Warnings: no date, a publisher that looks like a person or an id, English with no Chinese
        summary, a tiny body, …

        --json prints a list of objects with title, publisher, date (YYYY-MM-DD or null), path,
        url, lang, size, origin (field -> where it was found) and warnings.

        Examples:

          draftbot sources --date 2024-05-11

          draftbot sources --json > sources.json
        """
        from draftbot.commands.common import require_store
        from draftbot.config import load_settings
        from draftbot.index.store import open_store
        from draftbot.sources.listing import list_sources

        with user_errors():
            day = iso_day(date, "--date")
            settings = load_settings(store=store, chroma_url=chroma_url)
            require_store(settings)
            with open_store(settings, quiet=quiet) as st:
                records = st.sources()
            rows = list_sources(records, settings.store, day)
            if as_json:
                print(json_dumps([r.model_dump(mode="json") for r in rows]))
                return
            if not rows:
                if not quiet:
                    print("no sources" + (f" dated {day}" if day else ""), file=sys.stderr)
                return
            for r in rows:
                print(f"{r.date or '----------'}  {display_name(r.publisher or '?')}《{display_name(r.title)}》  {display_name(r.path, None)}")
                for w in r.warnings:
                    print(f"    ! {display_name(w)}")
