"""Chinese names of finding kinds, shared by the review page and the Word comments (a leaf module).

Readers of the briefing work in Chinese; the English kind stays available (tooltip, JSON) because
scripts and the docs name findings by it.
"""

from __future__ import annotations

KIND_LABELS: dict[str, str] = {
    "unsupported_number": "数字不符",
    "wrong_source": "引用错源",
    "uncited_number": "数字缺引用",
    "uncited_clause": "分句缺引用",
    "unknown_citation": "引用无效",
    "pending": "待核实",
    "derived": "推算值",
    "weak_support": "支撑较弱",
    "differing_sources": "来源数据不一",
    "structure": "结构缺失",
    "revisions": "未接受修订",
}


def kind_label(kind: str) -> str:
    """The Chinese label for `kind` (the kind itself when it has none yet)."""
    return KIND_LABELS.get(kind, kind)
