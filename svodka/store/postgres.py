"""The PostgreSQL backend (psycopg 3): COPY for bulk rows, a GIN-indexed tsvector of lemmas."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from svodka.store import schema
from svodka.store.base import BatchResult, Store, StoreError, filter_sql, needs_documents
from svodka.store.fts import ParsedQuery, to_tsquery, to_tsvector
from svodka.store.rows import ArchiveRecord
from svodka.store.textindex import IndexText

_MIGRATION_LOCK = 0x5F0D_CA01  # pg_advisory_lock key held while migrating
_BINARY_COPY = {"int8", "int4", "text", "float8", "bytea"}  # psycopg dumps these in binary
_RANK = "ts_rank(s.vector, CAST(? AS tsquery), 1)"
# When more documents match, the most recently stored RANK_LIMIT of them are ranked
# (ts_rank costs ~12 us a document: reading the vector out of line and decompressing it).
RANK_LIMIT = 500


@lru_cache(maxsize=512)
def _pg_sql(sql: str) -> str:
    """svodka's ``?`` placeholders to psycopg's ``%s`` (no literal % or ? in svodka's SQL)."""
    return sql.replace("%", "%%").replace("?", "%s")


def _mask(url: str) -> str:
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


class PostgresStore(Store):
    dialect = "postgres"
    nulls_last = " NULLS LAST"

    def __init__(self, url: str) -> None:
        super().__init__(url)
        try:
            import psycopg
        except ImportError:  # pragma: no cover - psycopg is an optional dependency
            raise StoreError("PostgreSQL archives need psycopg: pip install "
                             "'svodka[postgres]'") from None
        self._psycopg = psycopg
        try:
            self.conn = psycopg.connect(url, autocommit=True, connect_timeout=10,
                                        application_name="svodka")
        except psycopg.Error as exc:
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreError(f"cannot connect to {_mask(url)}: {message}") from None
        self._types: dict[tuple[str, tuple[str, ...]], list[str] | None] = {}

    @property
    def display_url(self) -> str:
        return _mask(self.url)

    # -- primitives -------------------------------------------------------------------------
    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        with self.lock, self.conn.cursor() as cur:
            cur.execute(_pg_sql(sql), params)
            return cur.fetchall() if cur.description else []

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self.lock, self.conn.cursor() as cur:
            cur.execute(_pg_sql(sql), params)

    def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> None:
        with self.lock, self.conn.cursor() as cur:
            cur.executemany(_pg_sql(sql), list(seq))

    def bulk_insert(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        """COPY rows in; binary when every column has a binary form (less parsing)."""
        if not rows:
            return
        types = self._copy_types(table, tuple(columns))
        binary = " (FORMAT BINARY)" if types else ""
        with self.lock, self.conn.cursor() as cur, cur.copy(
                f"COPY {table} ({', '.join(columns)}) FROM STDIN{binary}") as copy:
            if types:
                copy.set_types(types)
            for row in rows:
                copy.write_row(row)

    def _copy_types(self, table: str, columns: tuple[str, ...]) -> list[str] | None:
        key = (table, columns)
        if key not in self._types:
            found = dict(self.rows("SELECT column_name, udt_name FROM information_schema.columns "
                                   "WHERE table_name = ? AND table_schema = current_schema()",
                                   (table,)))
            types = [found.get(c) for c in columns]
            self._types[key] = ([str(t) for t in types] if all(t in _BINARY_COPY for t in types)
                                else None)
        return self._types[key]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.lock, self.conn.transaction():
            yield

    def close(self) -> None:
        self.conn.close()

    def migrate(self) -> list[int]:
        with self.lock:
            self.execute("SELECT pg_advisory_lock(?)", (_MIGRATION_LOCK,))
            try:
                return super().migrate()
            finally:
                self.execute("SELECT pg_advisory_unlock(?)", (_MIGRATION_LOCK,))

    def _applied_migrations(self) -> set[int]:
        self.execute(f"CREATE TABLE IF NOT EXISTS {schema.SCHEMA_VERSION_TABLE} ("
                     "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
        return {r[0] for r in self.rows(f"SELECT version FROM {schema.SCHEMA_VERSION_TABLE}")}

    def _reserve_document_keys(self, n: int) -> list[int]:
        return [r[0] for r in self.rows(
            "SELECT nextval('documents_doc_seq') FROM generate_series(1, ?)", (n,))]

    def _upsert(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        # entities/sources keyed by a hash id: COPY the new ones (one round trip to find
        # them) instead of one INSERT ... ON CONFLICT per row; a concurrent writer adding
        # the same one makes the batch fail with UniqueViolation, and add_batch retries
        if not rows:
            return
        existing = {r[0] for r in self.rows(f"SELECT id FROM {table} WHERE id = ANY(?)",
                                            ([r[0] for r in rows],))}
        self.bulk_insert(table, columns, [r for r in rows if r[0] not in existing])

    def add_batch(self, records: Sequence[ArchiveRecord],
                  errors: Sequence[tuple[str, str]] = ()) -> BatchResult:
        # Another ingester may commit the same text between our check and our insert: the
        # unique index refuses it, the batch rolls back and is tried again.
        for attempt in range(3):
            try:
                return super().add_batch(records, errors)
            except self._psycopg.errors.UniqueViolation:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    # -- full text --------------------------------------------------------------------------
    def _insert_search(self, items: list[tuple[int, str | None, int | None, IndexText]]
                       ) -> None:
        self.bulk_insert("document_search", ("doc", "published_day", "source_id", "vector"),
                         [(key, day, source_id, to_tsvector(ix.title, ix.body, ix.variants))
                          for key, day, source_id, ix in items])

    def search_keys(self, match: Any, filters: list[tuple[str, list[Any]]], limit: int,
                    offset: int, count_limit: int) -> tuple[list[tuple[int, float]], int]:
        query: ParsedQuery = match
        if query.empty:
            where, params = filter_sql(filters, "d.doc")
            cond = f"WHERE {where}" if where else ""
            found = self.rows(f"SELECT d.doc, 0.0 FROM documents d {cond} "
                              "ORDER BY d.published_day DESC NULLS LAST, d.doc DESC "
                              "LIMIT ? OFFSET ?", [*params, limit, offset])
            total = self.rows(f"SELECT count(*) FROM (SELECT 1 FROM documents d {cond} "
                              "LIMIT ?) AS n", [*params, count_limit])[0][0]
            return [(k, float(s)) for k, s in found], int(total)
        # document_search carries published_day and source_id: those filters need no join
        filters = [(sql.replace("d.published_day", "s.published_day")
                    .replace("d.source_id", "s.source_id"), ps) for sql, ps in filters]
        join = needs_documents(filters)
        where, params = filter_sql(filters, "s.doc")
        source = ("document_search s JOIN documents d ON d.doc = s.doc" if join
                  else "document_search s")
        cond = f"AND {where}" if where else ""
        tsquery = to_tsquery(query)
        # One pass over the GIN index: all matches (keys only), of which the RANK_LIMIT most
        # recently stored are ranked (ts_rank reads and decompresses each vector, ~2 us);
        # the count comes from the same pass.
        candidates = max(RANK_LIMIT, offset + limit)
        sql = (f"WITH m AS MATERIALIZED (SELECT s.doc FROM {source} "
               f"WHERE s.vector @@ CAST(? AS tsquery) {cond}), "
               "c AS (SELECT doc FROM m ORDER BY doc DESC LIMIT ?), "
               f"r AS (SELECT c.doc, {_RANK} AS score FROM c "
               "JOIN document_search s ON s.doc = c.doc) "
               "SELECT doc, score, (SELECT count(*) FROM m) FROM r "
               "ORDER BY score DESC, doc DESC LIMIT ? OFFSET ?")
        with self.lock, self.conn.transaction():
            # a sequential scan would decompress every vector to test @@ (~20x slower)
            self.execute("SET LOCAL enable_seqscan = off")
            found = self.rows(sql, [tsquery, *params, candidates, tsquery, limit, offset])
            if found:
                total = found[0][2]
            else:
                total = self.rows(f"SELECT count(*) FROM {source} "
                                  f"WHERE s.vector @@ CAST(? AS tsquery) {cond}",
                                  [tsquery, *params])[0][0]
        return [(k, float(s)) for k, s, _ in found], min(int(total), count_limit)

    def optimize(self) -> None:
        """Refresh planner statistics and visibility maps (after a large ingest)."""
        self.execute("VACUUM ANALYZE")
