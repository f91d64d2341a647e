"""The `draftbot` command. Thin: each command lives in `draftbot.commands.<name>`."""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="draftbot",
    help=(
        "Draft daily policy briefings from source documents: every factual clause cited, "
        "every number checked against the source it cites.\n\n"
        "Typical day: `draftbot ingest corpus/` → `draftbot draft --date 2026-06-04 -o briefing.md` → "
        "edit → `draftbot check briefing.md`."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Order here is the order in --help.
_COMMANDS = ["ingest", "sources", "search", "plan", "draft", "check", "eval"]
for _name in _COMMANDS:
    try:
        importlib.import_module(f"draftbot.commands.{_name}").register(app)
    except ModuleNotFoundError as exc:  # a command still being built must not break the others
        if exc.name != f"draftbot.commands.{_name}":
            raise


def main() -> None:
    app()


if __name__ == "__main__":
    main()
