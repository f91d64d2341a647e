"""The verifier as the drafting stages use it: `check_clause` over the store's sources, and a
clause's problems worded for the backend (and for the 【待核实】 mark)."""

from __future__ import annotations

import threading

from draftbot.backends.base import ClauseOut
from draftbot.models import Evidence, Finding

NON_BLOCKING = {"weak_support"}  # informational verifier findings that need no repair


class Verifier:
    """`check_clause` over the store's sources, serialised (the library caches lazily)."""

    def __init__(self, store) -> None:
        from draftbot.verify import SourceLibrary

        self.lib = SourceLibrary.from_store(store)
        self._lock = threading.Lock()

    def check(self, text: str, source_ids: list[str]) -> list[Finding]:
        from draftbot.verify import check_clause

        with self._lock:
            found = check_clause(text, source_ids, self.lib)
        return [f for f in found if f.kind not in NON_BLOCKING]

    def accept(self, text: str, source_ids: list[str]) -> bool:
        return not self.check(text, source_ids)


def dedupe(items) -> list:
    out = []
    for x in items:
        if x not in out:
            out.append(x)
    return out


def clause_problems(clause: ClauseOut, evidence: dict[int, Evidence], verifier: Verifier) -> list[str]:
    problems = []
    unknown = [n for n in clause.cites if n not in evidence]
    if unknown:
        problems.append("引用了不存在的证据编号 " + "".join(f"[{n}]" for n in unknown))
    sids = dedupe(evidence[n].hit.source_id for n in clause.cites if n in evidence)
    if unknown and not sids:
        return problems  # every number would fail too; the bad citation is the one thing to fix
    for f in verifier.check(clause.text, sids):
        if f.kind == "uncited_number":
            problems.append(f"数字 {f.number} 没有引用")
        elif f.kind == "unsupported_number":
            near = f"（所引证据中最接近的是 {f.suggestion}）" if f.suggestion else ""
            problems.append(f"数字 {f.number} 在所引证据中找不到{near}")
        elif f.kind == "wrong_source":
            problems.append(f"数字 {f.number} 不在所引证据中")
        elif f.kind == "derived":
            problems.append(f"数字 {f.number} 是计算所得，证据中没有原文")
        else:
            problems.append(f.detail)
    return problems
