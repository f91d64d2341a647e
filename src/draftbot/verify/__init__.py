"""The verifier: one implementation serves `draft` (repair loop), `check` (editors) and `eval`.

    lib = SourceLibrary.from_store(store)           # or SourceLibrary.from_pairs([(record, text)])
    check_clause("…1652 万辆…", [source_id], lib)   # -> list[Finding]
    result = check_markdown(markdown, lib, brief)   # -> CheckResult(findings, notes, stats, …)
    result = check_file(Path("draft.docx"), lib, brief)

Reading the briefing (Markdown/DOCX, citation groups, reference lines) is `draftbot.briefing`'s.
"""

# Loaded on first use (PEP 562): `ingest` imports only `verify.mention_index` and
# `verify.ingest_facts`, and importing a submodule runs this file first.
_HOMES = {
    "SourceLibrary": "library",
    "INFORMATIONAL": "numeric",
    "check_clause": "numeric",
    "CheckResult": "report",
    "CheckStats": "report",
    "check_file": "report",
    "check_markdown": "report",
}


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'draftbot.verify' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"draftbot.verify.{home}"), name)


__all__ = [
    "INFORMATIONAL",
    "CheckResult",
    "CheckStats",
    "SourceLibrary",
    "check_clause",
    "check_file",
    "check_markdown",
]
