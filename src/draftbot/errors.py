"""Errors a user can fix. A leaf module: it imports nothing from draftbot, so every layer may use it."""

from __future__ import annotations


class UserError(Exception):
    """An error the user can fix; the CLI prints it as one line, never a traceback."""


INTERRUPTED = 130  # the exit status of a command stopped by Ctrl-C (the shell's code for SIGINT)
