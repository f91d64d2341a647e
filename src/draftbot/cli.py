"""The `draftbot` command. Thin: each command lives in `draftbot.commands.<name>`."""

from __future__ import annotations

import importlib
import os
import signal
import sys
from pathlib import Path

from draftbot import __version__

_HELP = (
    "Draft daily policy briefings from source documents: every factual clause cited, "
    "every number checked against the source it cites.\n\n"
    "Typical day: `draftbot ingest corpus/` → `draftbot draft --date 2026-06-04 -o briefing.md` → "
    "edit → `draftbot check briefing.md`."
)
_built: list = []


def _version(value: bool) -> None:
    if value:
        import typer

        print(f"draftbot {__version__}")
        raise typer.Exit()


def _build_app():
    """The typer app with the commands `_to_register` names (built on first use: a no-op ingest
    is answered before typer loads)."""
    if _built:
        return _built[0]
    import typer

    app = typer.Typer(name="draftbot", help=_HELP, no_args_is_help=True, pretty_exceptions_enable=False,
                      context_settings={"help_option_names": ["-h", "--help"]})

    @app.callback()
    def _main(
        version: bool = typer.Option(False, "--version", help="Print the version and exit.", callback=_version,
                                     is_eager=True),
    ) -> None:
        """(The app's help is the text above; this callback only adds --version.)"""

    for name in _to_register(sys.argv):
        try:
            importlib.import_module(f"draftbot.commands.{name}").register(app)
        except ModuleNotFoundError as exc:  # a command still being built must not break the others
            if exc.name != f"draftbot.commands.{name}":
                raise
    _built.append(app)
    return app


def __getattr__(name: str):
    if name == "app":  # `from draftbot.cli import app` (tests, other programs)
        return _build_app()
    raise AttributeError(name)


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


def main() -> None:
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
    # one short process: the youngest generation collected every 50,000 allocations, not 700 (the
    # imports alone ran ~80 collections); commands that hold a day's work raise it the same way
    import gc

    from draftbot.commands.gcmode import THRESHOLDS, no_final_collection

    gc.set_threshold(*THRESHOLDS)
    no_final_collection()  # nothing left for the exit's full collection to free
    _answer_plain()
    from draftbot.commands.common import INTERRUPTED, install_interrupt_handler

    install_interrupt_handler()
    try:
        _build_app()(prog_name="draftbot")  # not argv[0]: completion scripts name the command
    except KeyboardInterrupt:  # outside a command (parsing, imports): still no traceback
        print("draftbot: error: interrupted", file=sys.stderr)
        sys.exit(INTERRUPTED)


# commands whose commonest form is answered before typer and pydantic load (they cost it more
# than its work): module, in draftbot.commands, with `answer(argv) -> exit status or None`
_PLAIN = {"ingest": "ingest_noop", "search": "search_plain"}


def _answer_plain() -> None:
    """An `ingest` of an unchanged corpus or a plain `search`: answered and exited here; anything
    else returns and the full command runs."""
    if len(sys.argv) < 2 or sys.argv[1] not in _PLAIN:
        return
    from importlib import import_module

    from draftbot.errors import INTERRUPTED

    try:
        code = import_module(f"draftbot.commands.{_PLAIN[sys.argv[1]]}").answer(sys.argv[1:])
    except KeyboardInterrupt:
        print("draftbot: error: interrupted", file=sys.stderr)
        sys.exit(INTERRUPTED)
    if code is not None:
        sys.stdout.flush()
        sys.exit(code)


if __name__ == "__main__":
    main()
