"""A self-contained HTML review page for one checked draft.

Findings at the top; the draft body with each number marked verified (green) or not (red, the
finding's detail as tooltip); each [n] clickable, revealing in the #evidence panel the sentence
of the cited source that supports the clause. No external resources. Every piece of draft or
source text is escaped (sources are untrusted) and the script only ever sets textContent.
"""

from __future__ import annotations

import html

from draftbot.briefing.brief import Brief
from draftbot.briefing.markdown import parse_markdown
from draftbot.verify.library import SourceLibrary
from draftbot.verify.report import CheckResult

_CSS = """
body{font:16px/1.7 -apple-system,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#222}
main{max-width:46em;margin:0 auto;padding:1em 1.5em 14em}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em}
.title-line{color:#555;margin:.2em 0}
#findings{border:1px solid #e0b4b4;background:#fff6f6;padding:.6em 1em;border-radius:6px}
#findings.clean{border-color:#a3d9a5;background:#f3fbf3}
#findings li{margin:.3em 0}.kind{font-weight:600;margin-right:.4em}
.stats{color:#555;font-size:.9em}
.num{border-radius:3px;padding:0 2px}
.num.ok{background:#d8f5d8;color:#14591b}
.num.bad{background:#ffd9d9;color:#9b1111;text-decoration:underline wavy #c00}
.num.note{background:#fff1c7;color:#6b5200}
.pending{background:#ffe58a}
.uncited{text-decoration:underline dotted #c00}
a.cite{color:#0b57d0;text-decoration:none;cursor:pointer;font-size:.85em;vertical-align:super}
a.cite.unknown{color:#c00}
a.cite.active{background:#0b57d0;color:#fff;border-radius:3px}
#evidence{position:fixed;left:0;right:0;bottom:0;max-height:40vh;overflow:auto;background:#fbfbfd;
 border-top:2px solid #0b57d0;padding:.7em 1.5em;box-shadow:0 -2px 8px rgba(0,0,0,.08)}
#evidence-source{font-weight:600}#evidence-meta{color:#666;font-size:.85em}
#evidence-text{margin:.4em 0 0;white-space:pre-wrap}
.refs li{margin:.2em 0}.refs .missing{color:#c00}
"""

_JS = """
(function(){
  var panel=document.getElementById('evidence');
  function show(a){
    document.querySelectorAll('a.cite.active').forEach(function(x){x.classList.remove('active');});
    a.classList.add('active');
    document.getElementById('evidence-source').textContent=a.dataset.source||'';
    document.getElementById('evidence-meta').textContent=a.dataset.meta||'';
    document.getElementById('evidence-text').textContent=a.dataset.text||'';
    panel.hidden=false;
  }
  document.querySelectorAll('a.cite').forEach(function(a){
    a.addEventListener('click',function(e){e.preventDefault();show(a);});
    a.addEventListener('keydown',function(e){if(e.key==='Enter'){e.preventDefault();show(a);}});
  });
})();
"""

_KIND = {
    "unsupported_number": "数字不符", "wrong_source": "引用错源", "uncited_number": "缺引用",
    "unknown_citation": "引用无效", "pending": "待核实", "derived": "推算值", "weak_support": "支撑弱",
}


def _e(s: str) -> str:
    return html.escape(s or "", quote=True)


def render_review(markdown: str, result: CheckResult, lib: SourceLibrary, title: str = "draft",
                  brief: Brief | None = None) -> str:
    draft = parse_markdown(markdown, brief)
    checks = iter(result.sentences)
    out: list[str] = []
    for block in draft.blocks:
        if block.kind == "heading":
            lvl = 1 if block.level == 1 else 2
            out.append(f"<h{lvl}>{_e(block.text)}</h{lvl}>")
        elif block.kind == "title":
            out.append(f'<p class="title-line">{_e(block.text)}</p>')
        elif block.kind in ("reference", "other"):
            if block.kind == "reference":
                ref = next((r for r in result.references if r.n == block.ref.n and r.line == block.ref.line), None)
                cls = "" if ref and ref.source_id else ' class="missing"'
                res = f" → {ref.source_title}" if ref and ref.source_title else " → (no ingested source)"
                out.append(f'<p{cls} id="ref-{block.ref.n}">{_e(block.text)}<span class="stats">{_e(res)}</span></p>')
            else:
                out.append(f"<p>{_e(block.text)}</p>")
        else:
            parts: list[str] = []
            for _ in block.sentences:
                sc = next(checks)
                parts.append(_sentence(sc, lib, result))
            out.append("<p>" + "".join(parts) + "</p>")

    findings = result.findings + result.notes
    items = "".join(
        f'<li><span class="kind">{_e(_KIND.get(f.kind, f.kind))} · {_e(f.kind)}</span>{_e(f.detail)}'
        f'<br><span class="stats">{_e(f.sentence)}</span></li>' for f in findings)
    st = result.stats
    summary = (f"数字核验 {st.numbers_supported}/{st.numbers_checked} · 有引用的分句 {st.cited_clauses}/{st.clauses}"
               f" · 参考文献匹配 {st.references_resolved}/{st.references}")
    head = ("没有发现问题" if not result.findings else f"{len(result.findings)} 个问题") + \
        (f"，{len(result.notes)} 条提示" if result.notes else "")
    cls = ' class="clean"' if not result.findings else ""
    return (
        "<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'\">"
        f"<title>{_e(title)} · draftbot check</title><style>{_CSS}</style></head><body><main>"
        f'<section id="findings"{cls}><strong>{_e(head)}</strong><div class="stats">{_e(summary)}</div>'
        f"<ol>{items}</ol></section>"
        + "\n".join(out)
        + '</main><aside id="evidence" hidden><div id="evidence-source"></div><div id="evidence-meta"></div>'
        '<p id="evidence-text"></p></aside>'
        f"<script>{_JS}</script></body></html>\n"
    )


def _sentence(sc, lib: SourceLibrary, result: CheckResult) -> str:
    text = sc.text
    pend = sorted(sc.pending)
    out: list[str] = []
    for cc in sc.clauses:
        pos = cc.start
        cls_tail = ' class="uncited"' if not cc.marks and any(n.status == "uncited" for n in cc.numbers) else ""
        seg: list[str] = []
        for nc in sorted(cc.numbers, key=lambda n: n.start):
            seg.append(_plain(text, pos, nc.start, pend))
            status = "ok" if nc.status == "supported" else ("note" if nc.status == "derived" else "bad")
            tip = nc.detail or (f"{nc.source_mention} — {lib.get(nc.source_id).title}" if nc.source_id and lib.get(nc.source_id) else "")
            seg.append(f'<span class="num {status}" data-status="{_e(nc.status)}" title="{_e(tip)}">'
                       f"{_e(text[nc.start:nc.end])}</span>")
            pos = nc.end
        seg.append(_plain(text, pos, cc.end, pend))
        out.append(f"<span{cls_tail}>{''.join(seg)}</span>" if cls_tail else "".join(seg))
        for c in cc.citations:
            e = lib.get(c.source_id) if c.source_id else None
            if e is None:
                out.append(f'<a class="cite unknown" href="#" tabindex="0" data-n="{c.n}" data-source="[{c.n}]" '
                           f'data-meta="" data-text="{_e("这个引用没有对应的已入库来源。")}">[{c.n}]</a>')
                continue
            r = e.record
            meta = " · ".join(x for x in (r.publisher, r.date.isoformat() if r.date else "",
                                          f"数字 {c.numbers_supported} 个吻合" if c.numbers_supported else "",
                                          f"词语重合 {c.lexical:.0%}") if x)
            out.append(f'<a class="cite" href="#" tabindex="0" data-n="{c.n}" data-source="{_e(f"[{c.n}] 《{e.title}》")}" '
                       f'data-meta="{_e(meta)}" data-text="{_e(c.evidence)}">[{c.n}]</a>')
    return "".join(out)


def _plain(text: str, a: int, b: int, pend: list[tuple[int, int]]) -> str:
    """Escaped text[a:b] with 【待核实】 marks highlighted."""
    if a >= b:
        return ""
    out, pos = [], a
    for s, e in pend:
        if e <= pos or s >= b:
            continue
        s2, e2 = max(s, pos), min(e, b)
        out.append(_e(text[pos:s2]))
        out.append(f'<span class="pending">{_e(text[s2:e2])}</span>')
        pos = e2
    out.append(_e(text[pos:b]))
    return "".join(out)
