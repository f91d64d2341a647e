"""Finding kinds: the one table every output reads (a leaf module, docs/VERIFIER.md "Finding kinds").

Per kind: its id (what `--json`, scripts and the docs name it by), a Chinese and an English label,
whether it is a finding (blocking: `check` exits 1) or a note, the editor's wording (review page,
Word comment, the terminal of a Chinese brief, the 【待核实】 mark) and the drafter's wording in a
repair request ("" when there is nothing to repair). The terminal (`commands/check.py`), `--json`,
the review page (`verify/review.py`), Word comments (`annotate.py`) and the repair prompts
(`draft/verifier.py`, `draft/repair.py`) all read it; a new kind is one row here (and the code
that finds it).

Wordings are templates: `{field}` is filled from the finding (`fields`); a part in ⟦…⟧ is left out
when a field in it is empty (⟦：证据原文为「{quote}」⟧ only when the finding quotes the source).
"""

from __future__ import annotations

import re
import string
from typing import Any, NamedTuple


class Kind(NamedTuple):
    id: str
    zh: str  # label for Chinese readers (review page, Word comment, terminal of a Chinese brief)
    en: str  # label for maintainers (`check --lang en`)
    blocking: bool  # a finding (check exits 1); False: an informational note
    editor: str  # what the editor reads (Chinese template)
    repair: str  # what the drafter is asked to fix (Chinese template); "" = no repair


_SAID_EDITOR = "⟦，来源原文为「{quote}」⟧"
_SAID_REPAIR = "⟦：证据原文为「{quote}」⟧"

KINDS: dict[str, Kind] = {k.id: k for k in (
    Kind("unsupported_number", "数字不符", "unsupported", True,
         "数字 {number} 在所引来源{cites}中未能核实⟦，来源中最接近的是 {nearest}⟧",
         "数字 {number} 在所引证据中找不到⟦（所引证据中最接近的是 {nearest}）⟧"),
    Kind("overview_number", "摘要与正文不符", "not in sections", True,
         "{section}中的数字 {number} 在正文各节中都找不到：{section}只复述正文，正文的这一数字可能已改动或删去",
         "数字 {number} 在正文各节中都没有，{section}只能复述正文已写明的数字"),
    Kind("wrong_source", "引用错源", "wrong source", True,
         "数字 {number} 不是所引来源{cites}的说法⟦，它出自{holder}⟧",
         "数字 {number} 不是所引证据的说法，{reroute}"),
    Kind("uncited_number", "数字缺引用", "uncited", True,
         "数字 {number} 没有引用", "数字 {number} 没有引用"),
    Kind("unknown_citation", "引用无效", "unknown [n]", True,
         "引用{cites}无法对应到来源", "{detail}"),
    Kind("pending", "待核实", "pending", True,
         "文中留有【待核实】标记", "文中留有【待核实】标记，请核实后删去"),
    Kind("wrong_direction", "方向不符", "wrong direction", True,
         "数字 {number} 的涨跌方向与来源不符" + _SAID_EDITOR,
         "数字 {number} 的涨跌方向与证据不符" + _SAID_REPAIR),
    Kind("wrong_period", "时期不符", "wrong period", True,
         "数字 {number} 的时期或口径与来源不符" + _SAID_EDITOR,
         "数字 {number} 的时期或口径（同比/环比、累计/当月、年份）与证据不符" + _SAID_REPAIR),
    Kind("wrong_subject", "指标不符", "wrong subject", True,
         "数字 {number} 在所引来源中指的是另一个指标" + _SAID_EDITOR,
         "数字 {number} 在证据中说的是另一个指标" + _SAID_REPAIR),
    Kind("loose_approximation", "约数过宽", "loose approximation", True,
         "“接近/超过/约”{number} 与来源数字相差过大" + _SAID_EDITOR,
         "“接近/超过/约”{number} 与证据数字相差过大" + _SAID_REPAIR),
    Kind("wrong_multiple", "倍数不符", "wrong multiple", True,
         "数字 {number} 的倍数说法与来源不符" + _SAID_EDITOR,
         "数字 {number} 的倍数说法与证据不符（“是N倍”与“增长N倍”相差1倍）" + _SAID_REPAIR),
    Kind("structure", "结构缺失", "structure", True,
         "简报结构有问题：{detail}", "简报结构有问题：{detail}"),
    Kind("derived", "推算值", "derived (note)", False,
         "数字 {number} 是推算值，来源中没有原文⟦：{formula}⟧", "数字 {number} 是计算所得，证据中没有原文"),
    Kind("weak_support", "支撑较弱", "weak (note)", False,
         "所引来源{cites}与本句用词重合很少，可能引错了来源", ""),
    Kind("differing_sources", "来源数据不一", "sources differ (note)", False,
         "所引来源对 {number} 的说法不一致（{detail}）", "所引证据对数字 {number} 的说法不一致，请核对后只写有来源支持的数字"),
    Kind("revisions", "未接受修订", "revisions (note)", False,
         "文中有未接受的修订：{detail}", "文中有未接受的修订，请先接受或拒绝"),
)}

# kinds that are notes: listed, never counted as findings
NOTES = frozenset(k for k, v in KINDS.items() if not v.blocking)
# kinds a drafter is never asked to repair
NO_REPAIR = frozenset(k for k, v in KINDS.items() if not v.repair)


def kind_of(kind_id: str) -> Kind:
    """The row for `kind_id`; an unknown id reads as itself (a finding, its detail as wording)."""
    return KINDS.get(kind_id) or Kind(kind_id, kind_id, kind_id, True, "{detail}", "{detail}")


def label(kind_id: str, lang: str = "zh") -> str:
    k = kind_of(kind_id)
    return k.en if lang == "en" else k.zh


def fields(finding: Any, **extra: str | None) -> dict[str, str]:
    """A finding's values for the wordings: number, cites ([1][2]), detail, quote (the
    source's words it suggests), held ([n] it suggests citing), nearest, holder, reroute; `extra`
    overrides (the review page knows a holder's title and a derivation's formula)."""
    get = finding.get if isinstance(finding, dict) else (lambda k, d=None: getattr(finding, k, d))
    sugg = get("suggestion") or ""
    held = sugg if sugg.startswith("[") else ""
    cites = "".join(f"[{n}]" for n in (get("citations") or []))
    out = {"number": get("number") or "", "cites": cites, "detail": get("detail") or "",
           "quote": "" if held else sugg, "held": held, "nearest": "" if held else sugg,
           "holder": sugg or "另一来源", "formula": "", "section": _bare_heading(get("section") or "") or "摘要",
           "reroute": f"写着这个说法的是证据{held}，请改引{held}或删去该分句" if held
           else "请改引写着这个说法的证据或删去该分句"}
    out.update({k: v for k, v in extra.items() if v is not None})
    return out


def _bare_heading(heading: str) -> str:
    """`二、今日判断` -> `今日判断`: an editor's numbering is not the part's name."""
    return re.sub(r"^[一二三四五六七八九十]+[、.．]\s*|^\d+[、.．]\s*", "", heading.strip())


_OPTIONAL = re.compile(r"⟦([^⟦⟧]*)⟧")
_FORMAT = string.Formatter()


def fill(template: str, values: dict[str, str]) -> str:
    """`template` with its fields filled; an optional ⟦…⟧ part only when its fields are all non-empty."""
    blank = _Blank(values)
    out, pos = [], 0
    for m in _OPTIONAL.finditer(template):
        out.append(template[pos:m.start()].format_map(blank))
        names = [f for _, f, _, _ in _FORMAT.parse(m.group(1)) if f]
        if all(values.get(n) for n in names):
            out.append(m.group(1).format_map(blank))
        pos = m.end()
    out.append(template[pos:].format_map(blank))
    return "".join(out)


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def editor_text(finding: Any, **extra: str | None) -> str:
    """What the editor reads for `finding` (Chinese)."""
    return fill(kind_of(_kind(finding)).editor, fields(finding, **extra))


def repair_text(finding: Any, **extra: str | None) -> str:
    """What the drafter is asked to fix for `finding` (Chinese); "" when nothing."""
    return fill(kind_of(_kind(finding)).repair, fields(finding, **extra))


def _kind(finding: Any) -> str:
    return finding["kind"] if isinstance(finding, dict) else finding.kind
