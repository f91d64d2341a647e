"""The `draftbot` command. Thin: each command lives in `draftbot.commands.<name>`."""

from __future__ import annotations

import importlib
import os
import signal
import sys
from pathlib import Path

import typer

from draftbot import __version__

app = typer.Typer(
    name="draftbot",
    help=(
        "Draft daily policy briefings from source documents: every factual clause cited, "
        "every number checked against the source it cites.\n\n"
        "Typical day: `draftbot ingest corpus/` → `draftbot draft --date 2026-06-04 -o briefing.md` → "
        "edit → `draftbot check briefing.md`."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"draftbot {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", help="Print the version and exit.", callback=_version,
                                 is_eager=True),
) -> None:
    """(The app's help is the text above; this callback only adds --version.)"""

# Order here is the order in --help.
_COMMANDS = ["ingest", "sources", "search", "plan", "draft", "check", "eval", "config"]


def _to_register(argv: list[str]) -> list[str]:
    """The `draftbot` process registers only the command it runs (typer builds every registered
    command's parameters at start: ~60 ms for all eight); `--help`, no command, an unknown one, or
    the module imported by another program (tests): all of them."""
    entry = Path(argv[0]).name in ("draftbot", "cli.py") if argv else False
    if entry and len(argv) > 1 and argv[1] in _COMMANDS:
        return [argv[1]]
    return _COMMANDS


for _name in _to_register(sys.argv):
    try:
        importlib.import_module(f"draftbot.commands.{_name}").register(app)
    except ModuleNotFoundError as exc:  # a command still being built must not break the others
        if exc.name != f"draftbot.commands.{_name}":
            raise


def main() -> None:
    from draftbot.commands.common import INTERRUPTED, install_interrupt_handler

    install_interrupt_handler()
    # pydantic scans every installed package's entry points for plugins when the first model is
    # built (~20 ms of each start); draftbot's models use none. A value the user set is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # numpy's OpenBLAS starts a thread per core that spins after loading; draftbot's vector work
    # is one query or one chunk at a time, so those threads only burned CPU (~0.1 s a command at
    # 100k chunks, on a shared machine). Set before numpy is imported (no command imports it at
    # registration); a value the user set is kept.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # `draftbot … | head`: a closed pipe ends the process quietly, as it does `cat` (status 141)
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        app(prog_name="draftbot")  # not argv[0]: completion scripts name the command
    except KeyboardInterrupt:  # outside a command (parsing, imports): still no traceback
        print("draftbot: error: interrupted", file=sys.stderr)
        sys.exit(INTERRUPTED)


if __name__ == "__main__":
    main()
