"""The archive interface and the logic both backends share.

A backend (``SqliteStore``, ``PostgresStore``) supplies a connection, transactions, bulk
inserts, key allocation and the full-text parts; everything else — writing batches,
duplicate handling, reanalysis, the rows of each table — is here, in SQL both dialects
accept. All SQL is written with ``?`` placeholders and every value is a bound parameter;
the PostgreSQL backend rewrites ``?`` to ``%s``.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from svodka.doc import Document
from svodka.errors import SvodkaError
from svodka.ingest import dedup
from svodka.store import schema
from svodka.store.rows import (
    COLUMNS,
    CONTENT_COLUMNS,
    DOCUMENT_COLUMNS,
    ArchiveRecord,
    DocumentRows,
    current_analyser,
    document_from_row,
    document_row,
    document_rows,
    hash64,
    now_iso,
    pack_analysis,
    source_key,
)
from svodka.store.textindex import IndexText

MAX_CANDIDATES = 32  # near-duplicate candidates checked per document


class StoreError(SvodkaError):
    """The archive cannot be opened or used (bad URL, newer schema, server unreachable)."""


@dataclass
class BatchResult:
    """What one committed batch did."""

    stored: list[str] = field(default_factory=list)  # svodka/1 ids
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (origin, existing id)
    near_duplicates: list[tuple[str, str, float]] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (origin, reason)
    errors: int = 0  # input errors recorded (including the rejected documents)


@dataclass
class StoredDocument:
    key: int
    id: str
    source: str | None
    url: str | None
    title: str | None
    published: str | None
    analyser: str
    near_duplicate_of: str | None


class Store(ABC):
    """An archive of analysed documents. Open one with ``svodka.store.open_store(url)``."""

    dialect: str = ""
    # what makes ORDER BY ... DESC put NULLs last (SQLite does it by itself)
    nulls_last: str = ""

    def __init__(self, url: str) -> None:
        self.url = url
        self.lock = threading.RLock()

    # -- backend primitives -----------------------------------------------------------------
    @abstractmethod
    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        """Run a query and return all rows."""

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    @abstractmethod
    def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> None: ...

    @abstractmethod
    def transaction(self) -> AbstractContextManager[Any]:
        """A write transaction: committed on exit, rolled back on an exception."""

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def _applied_migrations(self) -> set[int]: ...

    @abstractmethod
    def _reserve_document_keys(self, n: int) -> list[int]: ...

    @abstractmethod
    def _insert_search(self, items: list[tuple[int, str | None, int | None, IndexText]]
                       ) -> None:
        """Index (doc key, published day, source id, lemma text) for full-text search."""

    @abstractmethod
    def search_keys(self, match: Any, filters: list[tuple[str, list[Any]]], limit: int,
                    offset: int, count_limit: int) -> tuple[list[tuple[int, float]], int]:
        """Ranked (doc key, score) for a parsed query, and the number of matching documents
        (counted up to ``count_limit``).

        Filters are SQL with parameters; ``{doc}`` in them stands for the document key and
        ``d.`` for a column of ``documents`` (joined only when a filter needs it)."""

    def bulk_insert(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        if rows:
            marks = ", ".join("?" * len(columns))
            self.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                             rows)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.display_url}>"

    @property
    def display_url(self) -> str:
        return self.url

    # -- schema -------------------------------------------------------------------------------
    def migrate(self) -> list[int]:
        """Apply pending migrations; return the versions applied."""
        with self.lock:
            applied = self._applied_migrations()
            newest = max(applied, default=0)
            if newest > schema.SCHEMA_VERSION:
                raise StoreError(f"archive schema version {newest} is newer than this svodka "
                                 f"supports ({schema.SCHEMA_VERSION}); upgrade svodka")
            done = []
            for m in schema.pending(applied):
                with self.transaction():
                    for stmt in m.statements[self.dialect]:
                        self.execute(stmt)
                    self.execute(f"INSERT INTO {schema.SCHEMA_VERSION_TABLE} "
                                 "(version, name, applied_at) VALUES (?, ?, ?)",
                                 (m.version, m.name, now_iso()))
                done.append(m.version)
            return done

    def schema_version(self) -> int:
        return max(self._applied_migrations(), default=0)

    # -- writing ------------------------------------------------------------------------------
    def known_hashes(self, hashes: Iterable[str]) -> dict[str, str]:
        """content hash -> svodka/1 id for those already in the archive."""
        out: dict[str, str] = {}
        batch = list(dict.fromkeys(hashes))
        for i in range(0, len(batch), 500):
            chunk = batch[i:i + 500]
            marks = ", ".join("?" * len(chunk))
            for h, doc_id in self.rows(
                    f"SELECT content_hash, id FROM documents WHERE content_hash IN ({marks})",
                    chunk):
                out[h] = doc_id
        return out

    def add_batch(self, records: Sequence[ArchiveRecord],
                  errors: Sequence[tuple[str, str]] = ()) -> BatchResult:
        """Store a batch of analysed documents (and input errors) in one transaction.

        Exact duplicates (same content hash as a stored document or an earlier one in the
        batch) are not stored; near-duplicates are stored and linked to their original; a
        document whose id another text already has is rejected into the errors table.
        """
        for r in records:  # lemmatise before the transaction starts
            r.index_text()
        with self.lock, self.transaction():
            result = self._add_batch(records)
            self._record_errors([*errors, *result.rejected])
            result.errors = len(errors) + len(result.rejected)
        return result

    def _add_batch(self, records: Sequence[ArchiveRecord]) -> BatchResult:
        result = BatchResult()
        known = self.known_hashes(r.content_hash for r in records)
        ids = [r.doc.id for r in records]
        taken_ids = self._existing_ids(ids)
        fresh: list[ArchiveRecord] = []
        seen: dict[str, str] = {}
        for r in records:
            existing = known.get(r.content_hash) or seen.get(r.content_hash)
            if existing:
                result.duplicates.append((r.origin or r.doc.id, existing))
                continue
            if r.doc.id in taken_ids or r.doc.id in seen.values():
                result.rejected.append((r.origin or r.doc.id, f"document id {r.doc.id} is "
                                        "already used by another text"))
                continue
            seen[r.content_hash] = r.doc.id
            fresh.append(r)
        if not fresh:
            return result
        keys = self._reserve_document_keys(len(fresh))
        ingested = now_iso()
        sources = self._source_rows(fresh)
        links = self._near_duplicate_links(fresh, keys)
        doc_rows, content_rows, bands, search = [], [], [], []
        child = DocumentRows()
        for r, key in zip(fresh, keys):
            original, sim, original_id = links.get(key, (None, None, None))
            src = source_key(r.doc.source) if r.doc.source else None
            doc_row, content_row = document_row(r, key, hash64(src) if src else None,
                                                original, sim, ingested)
            doc_rows.append(doc_row)
            content_rows.append(content_row)
            if original is None and r.minhash is not None:
                bands += [(b, key) for b in dedup.band_keys(r.minhash)]
            search.append((key, doc_row[7], doc_row[3], r.index_text()))
            _extend(child, document_rows(r.doc, key))
            result.stored.append(r.doc.id)
            if original is not None:
                result.near_duplicates.append((r.doc.id, str(original_id), sim or 0.0))
        self._upsert("sources", ("id", "name", "key"), sources)
        self._upsert("entities", COLUMNS["entities"], _unique(child.entities))
        self.bulk_insert("documents", DOCUMENT_COLUMNS, doc_rows)
        self.bulk_insert("document_content", CONTENT_COLUMNS, content_rows)
        self._insert_children(child)
        self.bulk_insert("lsh_bands", ("band_key", "doc"), bands)
        self._insert_search(search)
        return result

    def _existing_ids(self, ids: list[str]) -> set[str]:
        out: set[str] = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ", ".join("?" * len(chunk))
            out.update(r[0] for r in self.rows(
                f"SELECT id FROM documents WHERE id IN ({marks})", chunk))
        return out

    def _source_rows(self, records: Sequence[ArchiveRecord]) -> list[tuple]:
        out = {}
        for r in records:
            if r.doc.source:
                key = source_key(r.doc.source)
                out[key] = (hash64(key), r.doc.source, key)
        return list(out.values())

    def _upsert(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        if rows:
            marks = ", ".join("?" * len(columns))
            self.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) "
                             "ON CONFLICT DO NOTHING", rows)

    def _insert_children(self, child: DocumentRows) -> None:
        for table in ("document_entities", "mentions", "dates", "quotes", "events",
                      "event_arguments", "labels"):
            self.bulk_insert(table, COLUMNS[table], getattr(child, table))

    def _near_duplicate_links(self, records: Sequence[ArchiveRecord], keys: list[int]
                              ) -> dict[int, tuple[int, float, str]]:
        """key -> (original key, similarity, original id) for near-duplicates."""
        links: dict[int, tuple[int, float, str]] = {}
        # originals earlier in this batch: band key -> [(key, signature, id)]
        local: dict[int, list[tuple[int, bytes, str]]] = {}
        for r, key in zip(records, keys):
            if r.minhash is None:
                continue
            bkeys = dedup.band_keys(r.minhash)
            candidates = self._band_candidates(bkeys)
            for b in bkeys:
                candidates += local.get(b, [])
            best: tuple[int, float, str] | None = None
            for ckey, sig, cid in candidates:
                sim = dedup.similarity(r.minhash, sig)
                if sim >= dedup.THRESHOLD and (best is None or sim > best[1]
                                               or (sim == best[1] and ckey < best[0])):
                    best = (ckey, sim, cid)
            if best is not None:
                links[key] = best
            else:
                for b in bkeys:
                    local.setdefault(b, []).append((key, r.minhash, r.doc.id))
        return links

    def _band_candidates(self, bkeys: list[int]) -> list[tuple[int, bytes, str]]:
        marks = ", ".join("?" * len(bkeys))
        rows = self.rows(
            "SELECT d.doc, d.minhash, d.id FROM documents d WHERE d.doc IN ("
            f"SELECT b.doc FROM lsh_bands b WHERE b.band_key IN ({marks})) "
            f"AND d.minhash IS NOT NULL ORDER BY d.doc LIMIT {MAX_CANDIDATES}", bkeys)
        return [(k, bytes(sig), i) for k, sig, i in rows]

    def record_errors(self, errors: Sequence[tuple[str, str]]) -> None:
        """Keep input errors (origin, reason); the same pair seen again is counted."""
        with self.lock, self.transaction():
            self._record_errors(errors)

    def _record_errors(self, errors: Sequence[tuple[str, str]]) -> None:
        when = now_iso()
        for origin, reason in errors:
            eid = hash64(origin + "\x00" + reason)
            self.execute(
                "INSERT INTO errors (id, origin, reason, first_seen, last_seen, count) "
                "VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (id) DO UPDATE SET "
                "last_seen = excluded.last_seen, count = errors.count + 1",
                (eid, origin, reason, when, when))

    # -- reanalysis ---------------------------------------------------------------------------
    def stale_documents(self, analyser: str | None = None, limit: int | None = None,
                        everything: bool = False) -> list[int]:
        """Keys of documents analysed by another analyser than ``analyser`` (default: the
        current one), or of all documents with ``everything``."""
        sql = "SELECT doc FROM documents WHERE analyser <> ? OR ? ORDER BY doc"
        params: list[Any] = [analyser or current_analyser(), everything]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [r[0] for r in self.rows(sql, params)]

    def replace_analysis(self, key: int, doc: Document) -> None:
        """Replace the analysis layers of a stored document (its text stays as it is)."""
        with self.lock, self.transaction():
            for table in ("document_entities", "mentions", "dates", "quotes", "events",
                          "event_arguments", "labels"):
                self.execute(f"DELETE FROM {table} WHERE doc = ?", (key,))
            rows = document_rows(doc, key)
            self._upsert("entities", COLUMNS["entities"], _unique(rows.entities))
            self._insert_children(rows)
            self.execute("UPDATE documents SET analyser = ?, analysed_at = ?, schema = ?, "
                         "title = ? WHERE doc = ?",
                         (str(doc.extra.get("analyser") or current_analyser()), now_iso(),
                          doc.schema, doc.title, key))
            self.execute("UPDATE document_content SET analysis = ? WHERE doc = ?",
                         (pack_analysis(doc), key))

    # -- reading ------------------------------------------------------------------------------
    def get_document(self, key_or_id: int | str) -> Document | None:
        col = "d.doc" if isinstance(key_or_id, int) else "d.id"
        found = self.rows("SELECT c.text, c.analysis FROM documents d JOIN document_content c "
                          f"ON c.doc = d.doc WHERE {col} = ?", (key_or_id,))
        return document_from_row(*found[0]) if found else None

    def documents(self, keys: Sequence[int]) -> dict[int, StoredDocument]:
        out: dict[int, StoredDocument] = {}
        for i in range(0, len(keys), 500):
            chunk = list(keys[i:i + 500])
            marks = ", ".join("?" * len(chunk))
            for row in self.rows(
                    "SELECT d.doc, d.id, s.name, d.url, d.title, d.published, d.analyser, o.id "
                    "FROM documents d LEFT JOIN sources s ON s.id = d.source_id "
                    "LEFT JOIN documents o ON o.doc = d.near_duplicate_of "
                    f"WHERE d.doc IN ({marks})", chunk):
                out[row[0]] = StoredDocument(*row)
        return out

    def iter_documents(self, where: str = "", params: Sequence[Any] = (),
                       chunk: int = 200) -> Iterator[tuple[int, Document]]:
        """All documents (optionally filtered by SQL on ``d``), in key order, by chunks."""
        last = -1
        cond = f" AND ({where})" if where else ""
        while True:
            found = self.rows(f"SELECT d.doc, c.text, c.analysis FROM documents d "
                              f"JOIN document_content c ON c.doc = d.doc "
                              f"WHERE d.doc > ?{cond} ORDER BY d.doc LIMIT ?",
                              (last, *params, chunk))
            if not found:
                return
            for key, text, analysis in found:
                yield key, document_from_row(text, analysis)
            last = found[-1][0]

    def counts(self) -> dict[str, int]:
        tables = ("documents", "entities", "mentions", "quotes", "events", "labels", "dates",
                  "sources", "errors")
        out = {t: int(self.rows(f"SELECT count(*) FROM {t}")[0][0]) for t in tables}
        out["near_duplicates"] = int(self.rows(
            "SELECT count(*) FROM documents WHERE near_duplicate_of IS NOT NULL")[0][0])
        return out

    def errors(self, limit: int = 100) -> list[dict[str, Any]]:
        return [{"origin": o, "reason": r, "count": c, "last_seen": t}
                for o, r, c, t in self.rows(
                    "SELECT origin, reason, count, last_seen FROM errors "
                    "ORDER BY last_seen DESC, origin LIMIT ?", (limit,))]


def needs_documents(filters: list[tuple[str, list[Any]]]) -> bool:
    """Whether a filter reads a column of ``documents d`` (else the key is enough)."""
    return any("d." in sql for sql, _ in filters)


def filter_sql(filters: list[tuple[str, list[Any]]], doc_column: str) -> tuple[str, list[Any]]:
    """Filters joined with AND, ``{doc}`` replaced by ``doc_column``; and their parameters."""
    where = " AND ".join(f"({sql})" for sql, _ in filters).replace("{doc}", doc_column)
    return where, [p for _, ps in filters for p in ps]


def _extend(into: DocumentRows, rows: DocumentRows) -> None:
    for name in COLUMNS:
        getattr(into, name).extend(getattr(rows, name))


def _unique(rows: list[tuple]) -> list[tuple]:
    out: dict[Any, tuple] = {}
    for r in rows:
        out.setdefault(r[0], r)
    return list(out.values())
