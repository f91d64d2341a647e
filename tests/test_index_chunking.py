from __future__ import annotations

from draftbot.index.chunking import chunk_source, make_meta_chunk
from draftbot.models import Source
from draftbot.text.sentences import split_sentences
from draftbot.text.tokens import count_tokens


def _source(text: str, **kw) -> Source:
    return Source(id="abc123", path="/x.md", text=text, title=kw.pop("title", "标题"), **kw)


def test_chunks_are_exact_spans_of_whole_sentences_within_budget():
    text = "".join(f"第{i}句话说明新能源汽车产量增长了{i}.5%。" for i in range(80)) + "\n\nEnglish tail. Another one here."
    src = _source(text)
    chunks = chunk_source(src, max_tokens=60)
    assert len(chunks) > 3
    starts = {s.start for s in split_sentences(text)}
    ends = {s.end for s in split_sentences(text)}
    for c in chunks:
        assert c.text == text[c.start : c.end]
        assert c.start in starts and c.end in ends  # never cut mid-sentence
        assert c.tokens <= 60
        assert count_tokens(c.text) <= 60 + 2  # joining whitespace may add a token
    # consecutive, non-overlapping, covering every sentence
    for a, b in zip(chunks, chunks[1:]):
        assert a.end <= b.start and text[a.end : b.start].strip() == ""
    assert chunks[0].start == split_sentences(text)[0].start and chunks[-1].end == len(text)
    assert [c.id for c in chunks] == [f"abc123:{i:04d}" for i in range(len(chunks))]


def test_overlong_sentence_is_its_own_chunk_and_ids_are_deterministic():
    long = "这是一个非常长的句子" * 60 + "。"
    text = "短句一。" + long + "短句二。"
    chunks = chunk_source(_source(text), max_tokens=50)
    assert [c.text for c in chunks] == ["短句一。", long, "短句二。"]
    assert chunks[1].tokens > 50
    assert [c.model_dump() for c in chunk_source(_source(text), max_tokens=50)] == [c.model_dump() for c in chunks]


def test_overlap_repeats_sentences_and_still_progresses():
    text = "".join(f"句子{i}。" for i in range(30))
    chunks = chunk_source(_source(text), max_tokens=12, overlap_sentences=1)
    assert chunks[-1].end == len(text)
    assert any(a.end > b.start for a, b in zip(chunks, chunks[1:]))


def test_empty_text_gives_no_chunks_and_meta_chunk_carries_title_summary_keywords():
    assert chunk_source(_source("  \n ")) == []
    src = _source("Body.", title="NY Fed index", summary="纽约联储供应链压力指数", keywords=["GSCPI", "航运"], lang="en")
    meta = make_meta_chunk(src)
    assert meta.id == "abc123:meta" and meta.start == meta.end == 0 and meta.index == -1
    for part in ("NY Fed index", "纽约联储供应链压力指数", "GSCPI", "航运"):
        assert part in meta.text
