"""The baseline a user would write instead of `draftbot ingest`: a plain LangChain pipeline.

    python bench/lc_ingest.py CORPUS_DIR --persist DIR [--chunk-size 300]

Read every .md file, take the YAML front matter as metadata, split the body with
`RecursiveCharacterTextSplitter` (Chinese-aware separators, no overlap — draftbot's chunks do
not overlap either), and add the chunks to a persistent `langchain_chroma.Chroma` collection with
THE SAME embedding function as draftbot (`HashEmbedding`, wrapped as a LangChain `Embeddings`),
so that the comparison measures the pipelines, not the embedder. No lexical index, no
incremental bookkeeping: that is what the baseline does not have.

Prints one JSON line: files, bytes, chunks, seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import yaml  # noqa: E402
from langchain_core.documents import Document  # noqa: E402
from langchain_core.embeddings import Embeddings  # noqa: E402


class HashEmbeddings(Embeddings):
    """draftbot's HashEmbedding behind LangChain's Embeddings interface."""

    def __init__(self) -> None:
        from draftbot.index.embeddings import HashEmbedding

        self.inner = HashEmbedding()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.inner.embed_matrix(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_matrix([text])[0].tolist()


def read_md(path: Path) -> tuple[str, dict]:
    text = path.read_text(encoding="utf-8")
    meta: dict = {}
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end > 0:
            meta = yaml.safe_load(text[4:end]) or {}
            text = text[end + 4 :].lstrip("\n")
    # Chroma metadata must be scalars
    meta = {k: (v if isinstance(v, (str, int, float, bool)) else json.dumps(v, ensure_ascii=False, default=str)) for k, v in meta.items()}
    meta["source"] = str(path)
    return text, meta


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--persist", type=Path, required=True)
    ap.add_argument("--chunk-size", type=int, default=300)
    ap.add_argument("--batch", type=int, default=2048)
    a = ap.parse_args(argv)

    t0 = time.perf_counter()
    from langchain_chroma import Chroma
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(
        chunk_size=a.chunk_size, chunk_overlap=0, separators=["\n\n", "\n", "。", "；", ". ", "，", " ", ""], keep_separator="end"
    )
    db = Chroma(collection_name="bench", embedding_function=HashEmbeddings(), persist_directory=str(a.persist),
                collection_metadata={"hnsw:space": "cosine"})
    files = sorted(a.corpus.rglob("*.md"))
    nbytes = 0
    nchunks = 0
    pending: list[Document] = []
    for f in files:
        text, meta = read_md(f)
        nbytes += f.stat().st_size
        pending += splitter.create_documents([text], metadatas=[meta])
        if len(pending) >= a.batch:
            db.add_documents(pending)
            nchunks += len(pending)
            pending = []
    if pending:
        db.add_documents(pending)
        nchunks += len(pending)
    secs = time.perf_counter() - t0
    print(json.dumps({"files": len(files), "bytes": nbytes, "chunks": nchunks, "seconds": round(secs, 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
