"""A self-contained HTML review page for one checked draft.

Findings at the top, in Chinese (the English kind and the checker's own wording in a tooltip);
each finding links to its sentence: a click scrolls there, highlights it and opens the evidence of
the clause's citation. The draft body marks each number verified (green) or not (red); each [n]
opens the #evidence panel with the sentence of the cited source that supports the clause. For a
figure cited to the wrong source the panel also shows the sentence that does hold it, naming that
source. The panel closes with its button or Esc. No external resources. Every piece of draft or
source text is escaped (sources are untrusted) and the script only ever sets textContent.
"""

from __future__ import annotations

import html
import re

from draftbot.briefing.brief import Brief
from draftbot.briefing.markdown import parse_markdown
from draftbot.verify.kinds import editor_text, label
from draftbot.verify.numeric import STATUS_KIND
from draftbot.text.numbers import extract_numbers
from draftbot.verify.library import SourceLibrary
from draftbot.verify.numeric import mask
from draftbot.verify.report import CheckResult

_CSS = """
body{font:16px/1.7 -apple-system,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#222}
main{max-width:46em;margin:0 auto;padding:1em 1.5em 14em}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em}
.title-line{color:#555;margin:.2em 0}
#findings{border:1px solid #e0b4b4;background:#fff6f6;padding:.6em 1em;border-radius:6px}
#findings.clean{border-color:#a3d9a5;background:#f3fbf3}
#findings li{margin:.3em 0}.kind{font-weight:600;margin-right:.4em;cursor:help}
#findings a.goto{color:inherit;text-decoration:none;display:block}
#findings a.goto:hover .where,#findings a.goto:focus .where{text-decoration:underline}
.where{color:#0b57d0;font-size:.85em;margin-left:.4em}
.stats{color:#555;font-size:.9em}
.sent{transition:background .3s}
.sent.target{background:#fff3a8;box-shadow:0 0 0 2px #f2c200;border-radius:3px}
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
 border-top:2px solid #0b57d0;padding:.7em 3em .7em 1.5em;box-shadow:0 -2px 8px rgba(0,0,0,.08)}
#evidence-close{position:absolute;top:.4em;right:.8em;border:0;background:none;font-size:1.4em;line-height:1;
 cursor:pointer;color:#555}
#evidence-source,#evidence-holder-source{font-weight:600}#evidence-meta{color:#666;font-size:.85em}
#evidence-text,#evidence-holder-text{margin:.4em 0 0;white-space:pre-wrap}
#evidence-holder{margin-top:.6em;padding-top:.5em;border-top:1px dashed #c00}
#evidence-holder-source{color:#9b1111}
.refs li{margin:.2em 0}.refs .missing{color:#c00}
"""

_JS = """
(function(){
  var panel=document.getElementById('evidence');
  var holder=document.getElementById('evidence-holder');
  function set(id,v){document.getElementById(id).textContent=v||'';}
  function show(a){
    document.querySelectorAll('a.cite.active').forEach(function(x){x.classList.remove('active');});
    a.classList.add('active');
    set('evidence-source',a.dataset.source);set('evidence-meta',a.dataset.meta);set('evidence-text',a.dataset.text);
    set('evidence-holder-source',a.dataset.holderSource);set('evidence-holder-text',a.dataset.holderText);
    holder.hidden=!a.dataset.holderSource;
    panel.hidden=false;
  }
  function hide(){
    panel.hidden=true;
    document.querySelectorAll('a.cite.active').forEach(function(x){x.classList.remove('active');});
  }
  document.querySelectorAll('a.cite').forEach(function(a){
    a.addEventListener('click',function(e){e.preventDefault();show(a);});
    a.addEventListener('keydown',function(e){if(e.key==='Enter'){e.preventDefault();show(a);}});
  });
  document.getElementById('evidence-close').addEventListener('click',hide);
  document.addEventListener('keydown',function(e){if(e.key==='Escape'&&!panel.hidden){hide();}});
  document.querySelectorAll('#findings a.goto').forEach(function(a){
    a.addEventListener('click',function(e){
      e.preventDefault();
      var t=document.getElementById(a.dataset.target);
      if(!t){return;}
      document.querySelectorAll('.target').forEach(function(x){x.classList.remove('target');});
      t.classList.add('target');
      t.scrollIntoView({block:'center'});
      var c=a.dataset.cite&&document.getElementById(a.dataset.cite);
      if(c){show(c);}
    });
  });
})();
"""

_REF_DETAIL = (
    (re.compile(r"has no line in 参考文献"), "{c} 在参考文献中没有对应条目"),
    (re.compile(r"used by two 参考文献 lines"), "参考文献编号 {c} 重复使用"),
    (re.compile(r"matches no ingested source"), "{c} 匹配不到已入库的来源"),
)


def _e(s: str | None) -> str:
    return html.escape(s or "", quote=True)


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s or "")


class _Page:
    """Ids given to sentences and citation links while the body is rendered, so the findings
    list can point at them."""

    def __init__(self, result: CheckResult, lib: SourceLibrary) -> None:
        self.result = result
        self.lib = lib
        self.ref_numbers = {r.source_id: r.n for r in result.references if r.source_id}
        self.sentence_cites: dict[int, list[tuple[set[int], str]]] = {}  # sentence -> (numbers' starts, cite id)

    def label(self, sid: str) -> str:
        e = self.lib.get(sid)
        n = self.ref_numbers.get(sid)
        title = f"《{e.title}》" if e else sid[:12]
        return f"[{n}] {title}" if n is not None else title


def render_review(markdown: str, result: CheckResult, lib: SourceLibrary, title: str = "draft",
                  brief: Brief | None = None) -> str:
    draft = parse_markdown(markdown, brief)
    page = _Page(result, lib)
    checks = iter(enumerate(result.sentences))
    out: list[str] = []
    for block in draft.blocks:
        if block.kind == "heading":
            lvl = 1 if block.level == 1 else 2
            for _ in block.sentences:  # a heading with a figure is checked: keep the checks in step
                next(checks)
            out.append(f"<h{lvl}>{_e(block.text)}</h{lvl}>")
        elif block.kind == "title":
            out.append(f'<p class="title-line">{_e(block.text)}</p>')
        elif block.kind in ("reference", "other"):
            if block.kind == "reference":
                ref = next((r for r in result.references if r.n == block.ref.n and r.line == block.ref.line), None)
                cls = "" if ref and ref.source_id else ' class="missing"'
                res = f" → {ref.source_title}" if ref and ref.source_title else " → （未匹配到已入库的来源）"
                out.append(f'<p{cls} id="ref-{block.ref.n}">{_e(block.text)}<span class="stats">{_e(res)}</span></p>')
            else:
                out.append(f"<p>{_e(block.text)}</p>")
        else:
            parts: list[str] = []
            for _ in block.sentences:
                i, sc = next(checks)
                parts.append(f'<span class="sent" id="s-{i}">{_sentence(i, sc, page)}</span>')
            out.append("<p>" + "".join(parts) + "</p>")

    findings = result.findings + result.notes
    items = "".join(_finding_item(f, page) for f in findings)
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
        + '</main><aside id="evidence" hidden><button type="button" id="evidence-close" aria-label="关闭" '
        'title="关闭（Esc）">×</button><div id="evidence-source"></div><div id="evidence-meta"></div>'
        '<p id="evidence-text"></p><div id="evidence-holder" hidden><div id="evidence-holder-source"></div>'
        '<p id="evidence-holder-text"></p></div></aside>'
        f"<script>{_JS}</script></body></html>\n"
    )


# ----------------------------------------------------------------------------- findings list


def _target(f, page: _Page) -> tuple[str | None, int | None]:
    """(element id, sentence index) a finding is about: its sentence (the one holding its
    number when several match), or its 参考文献 line."""
    want = _squash(f.sentence)
    if not want:
        return None, None
    hits = [i for i, sc in enumerate(page.result.sentences) if want in _squash(sc.text)]
    if f.number:
        hits = [i for i in hits if f.number in page.result.sentences[i].text] or hits
    if hits:
        return f"s-{hits[0]}", hits[0]
    for r in page.result.references:
        if _squash(r.line) == want or want in _squash(r.line):
            return f"ref-{r.n}", None
    return None, None


def _number_check(f, i: int | None, page: _Page):
    if i is None or not f.number:
        return None
    status = {"uncited_number": "uncited", "unsupported_number": "unsupported", "wrong_source": "wrong_source",
              "derived": "derived"}.get(f.kind)
    for cc in page.result.sentences[i].clauses:
        for nc in cc.numbers:
            if nc.text == f.number and nc.status == status:
                return nc
    return None


def _cites(f) -> str:
    return "".join(f"[{n}]" for n in f.citations) or "引用"


def _zh_detail(f, nc, page: _Page) -> str:
    """The finding in Chinese, the editor's wording of verify/kinds.py filled from its structured
    fields (the English detail stays in the tooltip)."""
    if f.kind == "unknown_citation":
        for pattern, text in _REF_DETAIL:
            if pattern.search(f.detail or ""):
                return text.format(c=_cites(f))
    extra = {}
    if nc is not None:
        extra = {"nearest": nc.nearest, "formula": nc.formula,
                 "holder": page.label(nc.holders[0]) if nc.holders else None}
    return editor_text(f, **extra)


def _where(f, i: int | None, page: _Page) -> str:
    parts = []
    line, para = getattr(f, "line", None), getattr(f, "paragraph", None)
    if line:
        parts.append(f"第 {line} 行")
    elif para:
        parts.append(f"第 {para} 段")
    section = getattr(f, "section", None) or (page.result.sentences[i].section if i is not None else "")
    if section:
        parts.append(section)
    return " · ".join(parts)


def _finding_item(f, page: _Page) -> str:
    target, i = _target(f, page)
    nc = _number_check(f, i, page)
    where = _where(f, i, page)
    tip = f"{f.kind}: {f.detail}"
    body = (f'<span class="kind" title="{_e(tip)}" data-kind="{_e(f.kind)}">{_e(label(f.kind))}</span>'
            f"{_e(_zh_detail(f, nc, page))}"
            + (f'<span class="where">{_e(where)}</span>' if where else "")
            + f'<br><span class="stats">{_e(f.sentence)}</span>')
    if target is None:
        return f"<li>{body}</li>"
    cite = _cite_for(f, i, nc, page)
    cite_attr = f' data-cite="{cite}"' if cite else ""
    return f'<li><a class="goto" href="#{target}" data-target="{target}"{cite_attr}>{body}</a></li>'


def _cite_for(f, i: int | None, nc, page: _Page) -> str | None:
    """The citation link whose evidence explains the finding: the one after its number's clause."""
    if i is None:
        return None
    links = page.sentence_cites.get(i, [])
    if nc is not None:
        for starts, cid in links:
            if nc.start in starts:
                return cid
    wanted = {str(n) for n in f.citations}
    return next((cid for _, cid in links if cid.rsplit("-", 1)[-1] in wanted), None)


# ----------------------------------------------------------------------------- the body


def _holder(nc, sc_text: str, page: _Page) -> tuple[str, str] | None:
    """For a figure cited to the wrong source: (the source that holds it, its sentence there)."""
    if nc.status != "wrong_source" or not nc.holders:
        return None
    sid = nc.holders[0]
    e = page.lib.get(sid)
    if e is None:
        return None
    claim = next((m for m in extract_numbers(mask(sc_text)) if (m.start, m.end) == (nc.start, nc.end)), None)
    hit = e.find(claim) if claim is not None else None
    sentence = hit[1] if hit else ""
    return f"{nc.text} 实际出自 {page.label(sid)}（本句未引用它）", sentence


def _sentence(i: int, sc, page: _Page) -> str:
    lib = page.lib
    text = sc.text
    pend = sorted(sc.pending)
    out: list[str] = []
    links: list[tuple[set[int], str]] = []
    for k, cc in enumerate(sc.clauses):
        pos = cc.start
        cls_tail = ' class="uncited"' if not cc.marks and any(n.status == "uncited" for n in cc.numbers) else ""
        seg: list[str] = []
        holder = None
        for nc in sorted(cc.numbers, key=lambda n: n.start):
            seg.append(_plain(text, pos, nc.start, pend))
            status = "ok" if nc.status == "supported" else ("note" if nc.status == "derived" else "bad")
            seg.append(f'<span class="num {status}" data-status="{_e(nc.status)}" title="{_e(_num_tip(nc, page))}" '
                       f'data-detail="{_e(nc.detail)}">{_e(text[nc.start:nc.end])}</span>')
            pos = nc.end
            holder = holder or _holder(nc, text, page)
        seg.append(_plain(text, pos, cc.end, pend))
        out.append(f"<span{cls_tail}>{''.join(seg)}</span>" if cls_tail else "".join(seg))
        starts = {nc.start for nc in cc.numbers}
        for c in cc.citations:
            cid = f"c-{i}-{k}-{c.n}"
            links.append((starts, cid))
            e = lib.get(c.source_id) if c.source_id else None
            if e is None:
                out.append(f'<a class="cite unknown" href="#" id="{cid}" tabindex="0" data-n="{c.n}" '
                           f'data-source="[{c.n}]" data-meta="" data-text="{_e("这个引用没有对应的已入库来源。")}">[{c.n}]</a>')
                continue
            r = e.record
            meta = " · ".join(x for x in (r.publisher, r.date.isoformat() if r.date else "",
                                          f"数字 {c.numbers_supported} 个吻合" if c.numbers_supported else "",
                                          f"词语重合 {c.lexical:.0%}") if x)
            extra = (f' data-holder-source="{_e(holder[0])}" data-holder-text="{_e(holder[1])}"' if holder else "")
            out.append(f'<a class="cite" href="#" id="{cid}" tabindex="0" data-n="{c.n}" '
                       f'data-source="{_e(f"[{c.n}] 《{e.title}》")}" data-meta="{_e(meta)}" '
                       f'data-text="{_e(c.evidence)}"{extra}>[{c.n}]</a>')
    page.sentence_cites[i] = links
    return "".join(out)


def _num_tip(nc, page: _Page) -> str:
    """A number's tooltip, in Chinese."""
    if nc.status == "supported":
        e = page.lib.get(nc.source_id) if nc.source_id else None
        return f"来源写作 {nc.source_mention}（{page.label(nc.source_id)}）" if e else "已核实"
    if nc.status == "unresolved":
        return f"{nc.text} 的引用对应不到已入库来源"
    kind = STATUS_KIND.get(nc.status)
    if kind is None:
        return nc.detail
    # the editor's wording of its finding kind (verify/kinds.py); a claim verdict's `nearest` is
    # the source's own words for the figure
    return editor_text({"kind": kind, "number": nc.text}, nearest=nc.nearest, quote=nc.nearest,
                       formula=nc.formula, holder=page.label(nc.holders[0]) if nc.holders else None)


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
