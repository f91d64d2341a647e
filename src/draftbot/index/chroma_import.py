"""`import chromadb` without the `overrides` package's class-creation checks.

chromadb marks its methods with `overrides.override`. As each class is created, that decorator
disassembles the calling frame to find the base classes and compares signatures: a check of
chromadb's own code against itself, paid again by every process that imports it (about a quarter of
`import chromadb`, docs/BENCHMARKS.md section 25). Before chromadb is first imported, the decorator
is replaced by one that only marks the method, as the real one does when its check passes, so
`EnforceOverrides` classes still see the mark. Nothing else installed here uses `overrides`.
DRAFTBOT_CHROMA_OVERRIDE_CHECKS=1 keeps the checks (to see whether a chromadb upgrade trips them).
"""

from __future__ import annotations

import os
import sys


def _mark(method=None, *, check_signature: bool = True, check_at_runtime: bool = False):
    def marked(m):
        try:
            m.__override__ = True
        except AttributeError:  # a builtin or slotted callable: nothing to mark
            pass
        return m

    return marked if method is None else marked(method)


def prepare() -> None:
    """Install the marking decorator, if chromadb is not imported yet and `overrides` is the
    version this was written for (7.x: `override` and `overrides` in `overrides.overrides`)."""
    if "chromadb" in sys.modules or os.environ.get("DRAFTBOT_CHROMA_OVERRIDE_CHECKS") == "1":
        return
    try:
        import overrides
        import overrides.overrides as impl
    except ImportError:
        return
    if not str(getattr(overrides, "__VERSION__", "")).startswith("7."):
        return
    for mod in (overrides, impl):
        mod.override = mod.overrides = _mark


prepare()
