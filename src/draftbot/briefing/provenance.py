"""JSON provenance beside a briefing: every clause with its citations resolved to source, chunk and
span; the run (backend, model, prompt hashes, tokens, cost, allowed sources); the whole brief, so
`check` reads the briefing with the grammar it was written in; and the file it describes.

Naming: a Markdown briefing keeps the contract name FILE.json (briefing.md -> briefing.json); any
other format adds .json to its full name (briefing.docx -> briefing.docx.json), so the md and docx
of one draft sit side by side without overwriting each other's provenance.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from draftbot.briefing.brief import Brief
from draftbot.briefing.document import Draft
from draftbot.briefing.prose import headings, number_references

FORMAT = "draftbot-provenance/1"


def provenance_path(out: Path, fmt: str) -> Path:
    return out.with_suffix(".json") if fmt == "md" else out.with_name(out.name + ".json")


def provenance(draft: Draft, run: dict, output: Path | None = None, fmt: str = "md") -> dict:
    refs = number_references(draft)
    ref_of = {r.source_id: r.n for r in refs}
    secs = []
    for heading, sec in zip(headings(draft), draft.all_sections()):
        paras = []
        for p in sec.paragraphs:
            clauses = []
            for c in p.clauses:
                cites = [_cite_json(draft, span, ref_of) for span in c.cites]
                clauses.append({
                    "text": c.text,
                    "citations": sorted({x["n"] for x in cites if x["n"] is not None}),
                    "sources": cites,
                    "pending": c.pending,
                })
            paras.append({"clauses": clauses})
        secs.append({"id": sec.id, "kind": sec.kind, "heading": heading, "paragraphs": paras})
    return {
        "format": FORMAT,
        "output": {"file": output.name if output is not None else None, "format": fmt},
        "brief": draft.brief.model_dump(mode="json"),
        "date": draft.date.isoformat(),
        "dated": draft.dated.isoformat(),
        **run,
        "sections": secs,
        "references": [
            {**r.model_dump(mode="json"), "path": draft.sources[r.source_id].path if r.source_id in draft.sources else None}
            for r in refs
        ],
        **({"evidence": draft.carried.model_dump(mode="json")} if draft.carried is not None else {}),
    }


def _cite_json(draft: Draft, span, ref_of: dict[str, int]) -> dict:
    rec = draft.sources.get(span.source_id)
    return {
        "n": ref_of.get(span.source_id),
        "source_id": span.source_id,
        "title": rec.title if rec else None,
        "publisher": rec.publisher if rec else None,
        "date": rec.date.isoformat() if rec and rec.date else None,
        "path": rec.path if rec else None,
        "chunk_id": span.chunk_id,
        "start": span.start,
        "end": span.end,
        "via": span.via,
    }


def to_pieces(data: dict, to=None) -> list[bytes]:
    """`display.json_dumps(data)` and a newline, as UTF-8 in pieces of about a megabyte (a
    provenance carrying a day's evidence is ~10 MB: written piece by piece, it is never held twice);
    `to`: a binary file they are written to as they are made (`json_text.encode_pieces`)."""
    from draftbot.json_text import encode_pieces
    from draftbot.display import escape_json  # a source path's bidi/C1 characters escaped: `cat` stays safe

    return encode_pieces(data, 2, escape=escape_json, end="\n", to=to)


# What reading a briefing back needs of its provenance (`find_provenance(keys=READ_BACK)`)
READ_BACK = frozenset({"format", "output", "brief", "evidence"})


def find_provenance(draft_path: Path, keys: frozenset[str] | None = None) -> dict | None:
    """The provenance written with this briefing, when it is still beside it: FILE.json or
    FILE.<ext>.json naming this file (an older provenance that names no file is taken as is).
    With `keys`, only those members are parsed from a file in draftbot's own layout, and
    "evidence" is left as its JSON text (`json_members.RawJSON`, read by
    `evidence.parse_evidence`); the members not read are not checked for JSON syntax."""
    draft_path = Path(draft_path)
    for cand in (draft_path.with_name(draft_path.name + ".json"), draft_path.with_suffix(".json")):
        if cand == draft_path or not cand.is_file():
            continue
        try:
            data = _load(cand.read_bytes(), keys)
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            continue
        out = data.get("output") if isinstance(data.get("output"), dict) else {}
        named, fmt = out.get("file"), out.get("format")
        # the file it names; or, for a pair an editor renamed together (a.md + a.json), one of the
        # same format (never a DOCX's provenance for the Markdown beside it, or the reverse)
        if named in (None, draft_path.name) or (fmt is not None and fmt == _format_name(draft_path)):
            return data
    return None


def _load(raw: bytes, keys: frozenset[str] | None):
    """The provenance's members `keys` (all: None) out of its bytes; ValueError when it is not
    JSON or not UTF-8."""
    from draftbot.briefing.json_members import RawJSON, decode, members, valid_utf8

    if keys and valid_utf8(raw):
        found = members(raw)
        if found is not None:
            data = decode(raw, found, set(keys) - {"evidence"})
            if data is not None:
                if "evidence" in keys and "evidence" in found:
                    a, b = found["evidence"]
                    data["evidence"] = RawJSON(raw[a:b])
                return data
    return json.loads(raw.decode("utf-8"))


def _format_name(path: Path) -> str:
    from draftbot.briefing.formats import is_docx

    return "docx" if is_docx(path) else "md"


def brief_of(data: dict | None) -> Brief | None:
    """The brief recorded in a provenance (None for provenance that records only its id)."""
    if not data or not isinstance(data.get("brief"), dict):
        return None
    try:
        return Brief.model_validate(data["brief"])
    except ValidationError:
        return None
