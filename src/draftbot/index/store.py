"""The store contract: what draftbot asks of the place its sources, chunks and vectors live.

Everything outside ``index/`` takes a `Store` (this Protocol) and never imports a vector
database: the Chroma implementation is `chroma_store.ChromaStore`, opened by `open_store`. A
second vector store (LanceDB, Qdrant, pgvector) implements the members below in one module of
``index/`` and is chosen in `open_store`; docs/ARCHITECTURE.md ("The store contract") says what
each member must guarantee.

Ids: a source's body chunks are ``<sid>:0000`` … ``<sid>:<chunks-1>`` and its meta chunk is
``<sid>:meta`` (chunking.py), so everything is fetched by id. Chunk metadata (the dicts below) has
at least source_id, index, start, end, tokens, publisher, date (ISO), date_int (YYYYMMDD, 0 when
unknown), kind, meta (bool) and lead (the whitespace before the chunk in the source text).
"""

from __future__ import annotations

import datetime as dt
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, NamedTuple, Protocol, runtime_checkable

from draftbot.text.dates import date_int  # noqa: F401  (re-exported: the stores' date filter)

if TYPE_CHECKING:  # annotations only: importing the models here would slow `--help`
    from draftbot.models import Chunk, SourceRecord

ChunkRow = tuple[str, "str | None", dict]  # (chunk id, text or None, metadata)


@runtime_checkable
class Store(Protocol):
    """One opened store. Use as a context manager; every read sees committed sources only (a
    source is committed when its record is written, after its chunks)."""

    where: str  # shown in messages: the folder or the server URL
    store_dir: Path | None  # an embedded store's folder (None for a server)
    local_dir: Path | None  # where derived files (lexical index, caches) are kept, if anywhere

    # --- identity -----------------------------------------------------------------------------
    @property
    def shared(self) -> bool:
        """Other machines may write meanwhile (a server): derived files are re-validated."""
        ...

    @property
    def embedder(self) -> Any:
        """The embedding function (`embed_matrix(texts)` and `name()`), the one the store was built with."""
        ...

    @property
    def embedder_signature(self) -> str: ...

    def embedder_matches(self, signature: str | None) -> bool: ...

    @property
    def analyzer(self) -> str:
        """The BM25 analyzer fixed when the store was created (lexical.py)."""
        ...

    def key(self) -> dict:
        """The state derived files are valid for: {"token", "chunks", "sources"}."""
        ...

    def write_token(self) -> str: ...

    def set_write_token(self, token: str) -> None: ...

    def commit_stamp(self) -> list | None:
        """What the store has committed, read without opening it for writing (None: cannot tell);
        equal stamps mean nothing wrote in between (the no-op ingest's test)."""
        ...

    # --- sources --------------------------------------------------------------------------------
    def sources(self) -> list[SourceRecord]:
        """Every committed source, newest first, then by title."""
        ...

    def sources_between(self, date_from: dt.date | None, date_to: dt.date | None) -> list[SourceRecord]:
        """Committed sources dated within [date_from, date_to], newest first (undated ones too when
        date_from is None)."""
        ...

    def get_sources(self, source_ids: list[str]) -> dict[str, SourceRecord]: ...

    def get_source(self, source_id: str) -> SourceRecord | None: ...

    def raw_records(self, source_ids: list[str]) -> dict[str, dict]:
        """Stored record metadata by id (chunks, tail, front matter); absent ids left out."""
        ...

    def source_ids(self) -> set[str]: ...

    def source_ids_listing(self) -> list[str]: ...

    def source_count(self) -> int: ...

    # --- chunks ---------------------------------------------------------------------------------
    def source_chunks(self, source_id: str) -> list[Chunk]: ...

    def source_text(self, source_id: str) -> str:
        """The source body, rebuilt exactly from its chunks, leads and tail."""
        ...

    def get_chunks(self, ids: list[str]) -> dict[str, tuple[str, dict]]: ...

    def chunk_rows(self, include_documents: bool = False) -> Iterator[ChunkRow]: ...

    def chunk_rows_of(self, source_ids: list[str], include_documents: bool = False) -> Iterator[ChunkRow]: ...

    def chunk_vectors(self, records: list[SourceRecord]) -> tuple[list[str], list[dict], list]: ...

    def chunk_count(self) -> int: ...

    def missing_chunks(self, records: list[SourceRecord]) -> set[str]: ...

    # --- queries --------------------------------------------------------------------------------
    def dense_query(self, embedding: Any, n: int, where: dict | None) -> list[tuple[str, float]]:
        """The `n` nearest chunks to one query vector as (id, cosine similarity), best first;
        `where` is where.build_where's filter (date_int range, publisher, kind, source_id)."""
        ...

    def lexical_index(self) -> Any:
        """The persisted BM25 index (lexindex.LexIndex), or None when no local folder holds one."""
        ...

    def lexical(self) -> Any:
        """(BM25, ids, metas) built in memory: only where `lexical_index()` is None."""
        ...

    def lexical_dir(self) -> Path | None: ...

    # --- writing --------------------------------------------------------------------------------
    index_writer: Any  # lexstore.IndexWriter while an ingest writes, else None

    def write_prepared(self, items: list) -> int: ...

    def move_source(self, source_id: str, new_path: str) -> None: ...

    def remove_sources(self, source_ids: list[str]) -> None: ...

    def orphan_ids(self) -> set[str]: ...

    def sweep_orphans(self, only: set[str] | None = None) -> int: ...

    def close(self) -> None: ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc: object) -> None: ...


def is_store(folder: Path) -> bool:
    """A folder `draftbot ingest` made (its Chroma database is there)."""
    return (Path(folder) / "chroma").is_dir()


def open_store(settings, write: bool = False, quiet: bool = False, lock_timeout: float | None = None) -> Store:
    """Open the store `settings` name (an embedded folder or `chroma_url`). Readers get a store
    that opens the vector database only when a dense query or a fallback needs it."""
    from draftbot.index.chroma_store import ChromaStore

    return ChromaStore.open(settings, write=write, quiet=quiet, lock_timeout=lock_timeout)


class Listed(NamedTuple):
    """What a day's reader needs of every source (listing it, finding it by title or URL, its
    distance from the day) without its whole record."""

    id: str
    date: dt.date | None
    title: str
    url: str | None
    publisher: str
    kind: str


_catalogs: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def catalog(store: Store) -> list[Listed]:
    """Every committed source as `Listed`, in `sources()` order (newest first, then title, id).
    From the local file when the store reads it (no record parsed; kept for the store's life
    while nothing writes), else from the records (which the store keeps itself)."""
    reader = _local_reader(store)
    if reader is None or not hasattr(reader, "catalog"):
        return [Listed(r.id, r.date, r.title, r.url, r.publisher, r.kind) for r in store.sources()]
    try:
        held = _catalogs.get(store)
    except TypeError:  # not weak-referable: not kept
        held = None
    if held is not None and held[0] is reader and not getattr(store, "_dirty", False):
        return held[1]
    rows = _listed(reader.catalog())
    try:
        _catalogs[store] = (reader, rows)
    except TypeError:
        pass
    return rows


def _listed(found: list[tuple]) -> list[Listed]:
    """`Listed` rows of a local file's catalog rows, in `sources()` order."""
    make = tuple.__new__  # a NamedTuple's own __new__ is a Python call: 16k of them show
    # one object per distinct date, publisher and kind (a store of years has thousands of sources
    # per publisher and per kind, ~6 per date): ~2.7 MB less at 100k chunks
    days: dict[int, dt.date | None] = {}
    names: dict[str, str] = {}
    rows = [make(Listed, (sid, days[d] if d in days else days.setdefault(d, _day_of(d)), t or "", u or None,
                          names.setdefault(p or "", p or ""), names.setdefault(k or "release", k or "release")))
            for sid, d, t, u, p, k in found]
    rows.sort(key=lambda r: (-date_int(r[1]), r[2], r[0]))
    return rows


def catalog_between(store: Store, date_from: dt.date, date_to: dt.date) -> list[Listed]:
    """`catalog`'s rows dated in [date_from, date_to], same order: a range of the date index when
    the store reads its local file, else `catalog` filtered."""
    lo, hi = date_int(date_from), date_int(date_to)
    reader = _local_reader(store)
    if reader is None or not hasattr(reader, "catalog_between"):
        return [r for r in catalog(store) if r.date is not None and lo <= date_int(r.date) <= hi]
    return _listed(reader.catalog_between(lo, hi))


def source_dates(store: Store) -> dict[str, dt.date | None]:
    """Every source's date by id (None: undated), without listing titles or reading records."""
    reader = _local_reader(store)
    if reader is None or not hasattr(reader, "dates"):
        return {r.id: r.date for r in catalog(store)}
    days: dict[int, dt.date | None] = {}
    return {sid: days[d] if d in days else days.setdefault(d, _day_of(d)) for sid, d in reader.dates()}


def catalog_picked(store: Store, pick, urls: bool = True) -> list[Listed] | None:
    """`catalog`'s rows (same order) of the sources `pick` chooses from every source's
    (id, title, url; url None unless `urls`), reading the other fields of those alone: a check
    looks its 参考文献 lines up among 16k sources without listing them all. None when the store
    has no local file to read (use `catalog`)."""
    reader = _local_reader(store)
    if reader is None or not hasattr(reader, "titles"):
        return None
    return _listed(reader.catalog_of(pick(reader.titles(urls))))


def records_fields(store: Store, date_from: dt.date | None, date_to: dt.date | None,
                   fields: tuple[str, ...], kinds: list[str] | None = None) -> list[dict]:
    """Some fields of the records `sources_between(date_from, date_to)` gives, as dicts with "id"
    (values as a record holds them: a date as an ISO string, None where absent), in no set order;
    with `kinds`, of the sources of those kinds only. Read by SQLite from the local file when the
    store reads it; else from the records."""
    reader = _local_reader(store)
    need = "record_fields" if kinds is None else "record_fields_of_kinds"
    if reader is not None and hasattr(reader, need):
        lo, hi = date_int(date_from), date_int(date_to) if date_to else 99999999
        rows = reader.record_fields(lo, hi, fields) if kinds is None else \
            reader.record_fields_of_kinds(lo, hi, fields, list(kinds), _DEFAULT_KIND)
        return [dict(zip(fields, vals), id=sid) for sid, vals in rows]
    out = []
    for r in store.sources_between(date_from, date_to):
        if kinds is not None and (r.kind if r.kind is not None else _DEFAULT_KIND) not in kinds:
            continue
        d = r.model_dump(mode="json", include=set(fields))
        out.append({f: d.get(f) for f in fields} | {"id": r.id})
    return out


_DEFAULT_KIND = "release"  # a record's kind when it names none (SourceRecord's default)


def _local_reader(store: Store):
    """The store's local-file reader, when it reads its records from there (not a store holding
    its records itself, nor one without the file): the fields are then read by SQLite."""
    local = getattr(store, "_local_reads", None)
    return local() if callable(local) and getattr(store, "_records", None) is None else None


def _day_of(d: int) -> dt.date | None:
    try:
        return dt.date(d // 10000, d // 100 % 100, d % 100) if d else None
    except ValueError:
        return None
