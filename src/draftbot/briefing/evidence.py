"""The evidence a draft carries, so `check` can judge it on a machine without the store.

A draft mailed around as one DOCX (or a Markdown with its provenance JSON) holds the brief and,
for each source it may cite (its cited sources first, then the rest of the day's), the source's
identity (its record: id, title, publisher, date, url …), its text (whole, or only the passages
it was cited for when it is very long), the passages and number facts each citation relied on,
and a SHA-256 of the text carried. `check` uses the store's copy of a source when the store has
it and the carried copy otherwise; a carried text that no longer matches its hash is not used.

Where it lives: the DOCX holds it as a custom XML part (customXml/itemN.xml, which Word and WPS
keep through edits), the Markdown's provenance JSON as its "evidence" key.
"""

from __future__ import annotations

import json
import uuid
import zipfile
from pathlib import Path
from typing import Callable
from xml.etree import ElementTree as ET

from pydantic import ValidationError

from draftbot.briefing.carried import FORMAT, CarriedEvidence, CarriedSource, CitedPassage, IndexedSource, digest
from draftbot.briefing.prose import number_references
from draftbot.models import SourceRecord

NAMESPACE = "urn:draftbot:evidence:1"
# Whole texts are carried up to these sizes (a long PDF report keeps only its cited passages, and
# the day's uncited sources stop once the total is reached): a DOCX stays mailable.
MAX_SOURCE_CHARS = 400_000
MAX_TOTAL_CHARS = 3_000_000
# Number facts of the store's other sources (no text): a figure an editor types that one of them
# holds is then "wrong source", as with the store, not "unsupported". Nearest days first, up to:
MAX_INDEX_ROWS = 20_000
# A custom XML part larger than this is not ours (or is a bomb): not read.
MAX_PART_BYTES = 64 * 1024 * 1024


# ------------------------------------------------------------------------------ building


def carry(draft, text_of: Callable[[str], str], lib=None) -> CarriedEvidence:
    """The evidence of `draft` (a `briefing.document.Draft`), texts read with `text_of(source_id)`;
    with the store's `verify.library.SourceLibrary`, the number facts of its other sources too."""
    spans: dict[str, list] = {}
    for sec in draft.all_sections():
        for clause in sec.clauses():
            for span in clause.cites:
                spans.setdefault(span.source_id, []).append(span)
    cited = [r.source_id for r in number_references(draft)]
    # then the day's own uncited sources; older ones it may cite (a year of background policies at
    # 100k chunks: ~400) only as number facts in the index, like the rest of the store
    order = cited + sorted(sid for sid, r in draft.sources.items() if sid not in cited and r.date == draft.date)
    out, total = [], 0
    for sid in order:
        rec = draft.sources.get(sid)
        if rec is None:
            continue
        try:
            text = text_of(sid) or ""
        except Exception:  # a source gone from the store: the draft is still written, without it
            continue
        is_cited = sid in spans
        if not is_cited and total + len(text) > MAX_TOTAL_CHARS:
            continue
        item = _carried(rec, text, spans.get(sid, []), is_cited)
        total += len(item.text)
        out.append(item)
    index = _number_index(lib, {s.record.id for s in out}, draft.date) if lib is not None else []
    return CarriedEvidence(brief=draft.brief.model_dump(mode="json"), sources=out, index=index)


def _number_index(lib, carried: set[str], day) -> list[IndexedSource]:
    """The nearest sources' number facts, up to MAX_INDEX_ROWS: nearest first, each source whole
    or not at all; only the rows of the sources near enough are read (a year's table holds ~1.4M
    rows; parsing them all cost ~10 s of a 100k-chunk draft)."""
    index = lib._build_index()  # the store's mention table (built and cached by check/ingest anyway)

    # days from the draft's, by the store's date column (no record or title read); undated last
    at = day.toordinal()
    far = {sid: abs(d.toordinal() - at) if d else 10**6 for sid, d in lib.dates().items()}
    nearest = [sid for _, sid in sorted((gap, s) for s, gap in far.items() if s not in carried)]

    chosen: list[tuple[str, list]] = []
    total, i, per_source = 0, 0, _FACTS_GUESS
    while i < len(nearest):
        # the next sources' rows in one read, as many as should fill what is left (a few reads)
        part = nearest[i : i + max(8, (MAX_INDEX_ROWS - total) // per_source + 1)]
        i += len(part)
        got = index.facts_of(part)
        for sid in part:
            rows = got[sid]
            if not rows:
                continue  # a source without figures is not listed
            if total + len(rows) > MAX_INDEX_ROWS:
                i = len(nearest)
                break
            total += len(rows)
            chosen.append((sid, rows))
        per_source = max(1, total // len(chosen)) if chosen else per_source
    # built as read (records already validated, rows fresh lists of scalars): validating ~20,000
    # rows again only copied them
    lib.prefetch([sid for sid, _ in chosen])  # their records in one read, not one each
    return [IndexedSource.model_construct(record=lib.entries[sid].record, rows=rows) for sid, rows in chosen]


_FACTS_GUESS = 60  # distinct facts per source, for the first read (then the sources read so far say)


def _carried(rec: SourceRecord, text: str, spans: list, cited: bool) -> CarriedSource:
    from draftbot.text.numbers import extract_numbers

    passages = []
    seen = set()
    for s in spans:
        if s.via != "text" or (s.start, s.end) in seen or not (0 <= s.start < s.end <= len(text)):
            continue
        seen.add((s.start, s.end))
        part = text[s.start:s.end]
        passages.append(CitedPassage(start=s.start, end=s.end, text=part,
                                     figures=[m.text for m in extract_numbers(part)]))
    partial = len(text) > MAX_SOURCE_CHARS
    body = "\n\n".join(p.text for p in passages) if partial else text
    return CarriedSource(record=rec, cited=cited, partial=partial, sha256=digest(body), text=body, passages=passages)


# ------------------------------------------------------------------------------ DOCX part


def to_xml(ev: CarriedEvidence) -> bytes:
    root = ET.Element(f"{{{NAMESPACE}}}evidence", {"format": FORMAT})
    root.text = ev.model_dump_json()
    ET.register_namespace("", NAMESPACE)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def from_xml(data: bytes) -> CarriedEvidence | None:
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return None
    if root.tag != f"{{{NAMESPACE}}}evidence":
        return None
    return parse_evidence(root.text or "")


def embed_in_docx(doc, ev: CarriedEvidence) -> None:
    """Add `ev` to a python-docx Document as a custom XML part (with its properties part, as Word
    writes them, so Word keeps it)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = doc.part.package
    n = 1 + sum(1 for p in package.iter_parts() if str(p.partname).startswith("/customXml/item")
                and not str(p.partname).startswith("/customXml/itemProps"))
    item = Part(PackURI(f"/customXml/item{n}.xml"), "application/xml", to_xml(ev), package)
    props_xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>'
        f'<ds:datastoreItem ds:itemID="{{{str(uuid.uuid4()).upper()}}}" '
        'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
        f'<ds:schemaRefs><ds:schemaRef ds:uri="{NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>'
    ).encode("utf-8")
    props = Part(PackURI(f"/customXml/itemProps{n}.xml"),
                 "application/vnd.openxmlformats-officedocument.customXmlProperties+xml", props_xml, package)
    item.relate_to(props, RT.CUSTOM_XML_PROPS)
    doc.part.relate_to(item, RT.CUSTOM_XML)


def from_docx(path: Path) -> CarriedEvidence | None:
    try:
        with zipfile.ZipFile(path) as z:
            for info in z.infolist():
                name = info.filename
                if not (name.startswith("customXml/item") and name.endswith(".xml")) or "Props" in name:
                    continue
                if info.file_size > MAX_PART_BYTES:
                    continue
                found = from_xml(z.read(info))
                if found is not None:
                    return found
    except (OSError, zipfile.BadZipFile, KeyError, RuntimeError):
        return None
    return None


# ------------------------------------------------------------------------------ reading


def parse_evidence(payload) -> CarriedEvidence | None:
    """The evidence in `payload`: its JSON text, its parsed dict, or its JSON bytes as a
    provenance holds them (`json_members.RawJSON`), whose number index is then read only when
    asked for (`CarriedEvidence.number_index`)."""
    from draftbot.briefing.json_members import RawJSON, decode, members

    index = None
    try:
        if isinstance(payload, RawJSON):
            found = members(payload, 2)
            data = decode(payload, found, set(found) - {"index"}) if found is not None else None
            if data is None:
                data = json.loads(payload)
            elif "index" in found:
                a, b = found["index"]
                index = payload[a:b]
        else:
            data = json.loads(payload) if isinstance(payload, str) else payload
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        ev = CarriedEvidence.model_validate(data)
    except (ValueError, ValidationError):
        return None
    ev._index_json = index
    return ev
