"""Split a source into token-bounded chunks of whole sentences.

Body chunks: sentences from `split_sentences` packed greedily up to `max_tokens` (`count_tokens`: a deterministic estimate, so chunks are the same on
every machine).
A sentence longer than the budget becomes a chunk of its own — never cut mid-sentence, because the
verifier quotes and checks whole sentences. `Chunk.text == source.text[start:end]` always, so the
whitespace between sentences of one chunk is the original.

Meta chunk: one extra chunk per source with the title, summary and keywords from the front matter,
id ``<source_id>:meta``, ``index == -1`` and ``start == end == 0`` (it is not a span of the body).
It makes titles searchable and lets a Chinese query find an English source through its Chinese
summary. Retrieval never returns it as evidence: a meta hit is replaced by a body chunk of the same
source (see `retrieve.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the models (pydantic) load with the first chunk made, not with the ids
    from draftbot.models import Chunk, Source

META_INDEX = -1


def meta_chunk_id(source_id: str) -> str:
    return f"{source_id}:meta"


def chunk_id(source_id: str, index: int) -> str:
    return f"{source_id}:{index:04d}"


def source_chunk_ids(source_id: str, chunks: int) -> list[str]:
    """Every chunk id of a source with `chunks` body chunks: the body in order, then its meta chunk."""
    return [chunk_id(source_id, i) for i in range(chunks)] + [meta_chunk_id(source_id)]


def chunk_source(source: Source, max_tokens: int = 320, overlap_sentences: int = 0) -> list[Chunk]:
    from draftbot.models import Chunk

    """Body chunks of `source`, in order; deterministic ids ``<source_id>:<index:04d>``."""
    from draftbot.text.sentences import split_sentences  # (here: readers need only the ids below)
    from draftbot.text.tokens import count_tokens

    text = source.text
    sents = split_sentences(text)
    if not sents:
        return []
    sizes = [count_tokens(s.text) for s in sents]
    groups: list[tuple[int, int]] = []  # [first, last] sentence indices, inclusive
    i = 0
    n = len(sents)
    while i < n:
        j = i
        total = sizes[i]
        while j + 1 < n and total + sizes[j + 1] <= max_tokens:
            j += 1
            total += sizes[j]
        groups.append((i, j))
        if j + 1 >= n:
            break
        # overlap: restart a few sentences back, but always make progress
        i = max(j + 1 - overlap_sentences, i + 1) if overlap_sentences else j + 1
    chunks = []
    for idx, (a, b) in enumerate(groups):
        start, end = sents[a].start, sents[b].end
        chunks.append(
            Chunk(
                id=chunk_id(source.id, idx),
                source_id=source.id,
                index=idx,
                text=text[start:end],
                start=start,
                end=end,
                tokens=sum(sizes[a : b + 1]),
            )
        )
    return chunks


def meta_text(source) -> str:
    """Title, summary and keywords as one searchable text (works for Source and SourceRecord)."""
    parts = [source.title]
    if getattr(source, "summary", ""):
        parts.append(source.summary)
    if getattr(source, "keywords", None):
        parts.append(" ".join(source.keywords))
    return "\n".join(p for p in parts if p)


def make_meta_chunk(source: Source) -> Chunk:
    from draftbot.models import Chunk

    from draftbot.text.tokens import count_tokens

    text = meta_text(source)
    return Chunk(id=meta_chunk_id(source.id), source_id=source.id, index=META_INDEX, text=text, start=0, end=0, tokens=count_tokens(text))
