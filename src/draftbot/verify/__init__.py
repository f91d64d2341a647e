"""The verifier: one implementation serves `draft` (repair loop), `check` (editors) and `eval`.

    lib = SourceLibrary.from_store(store)           # or SourceLibrary.from_pairs([(record, text)])
    check_clause("…1652 万辆…", [source_id], lib)   # -> list[Finding]
    result = check_markdown(markdown, lib, brief)   # -> CheckResult(findings, notes, stats, …)
    result = check_file(Path("draft.docx"), lib, brief)

Reading the briefing (Markdown/DOCX, citation groups, reference lines) is `draftbot.briefing`'s.
"""

from draftbot.verify.library import SourceLibrary
from draftbot.verify.numeric import INFORMATIONAL, check_clause
from draftbot.verify.report import CheckResult, CheckStats, check_file, check_markdown

__all__ = [
    "INFORMATIONAL",
    "CheckResult",
    "CheckStats",
    "SourceLibrary",
    "check_clause",
    "check_file",
    "check_markdown",
]
