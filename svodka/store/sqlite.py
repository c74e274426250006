"""The SQLite backend: one file, WAL journal, foreign keys on, FTS5 over lemma text."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from svodka.store import schema
from svodka.store.base import Store, StoreError, filter_sql, needs_documents
from svodka.store.fts import ParsedQuery, to_fts5
from svodka.store.textindex import IndexText

# bm25 weights of the FTS5 columns title, body, variants
_BM25 = "bm25(document_fts, 4.0, 1.0, 0.5)"  # the table name, not its alias, is needed


class SqliteStore(Store):
    dialect = "sqlite"

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        path = str(path)
        super().__init__(path)
        if path != ":memory:":
            p = Path(path).expanduser()
            if p.is_dir():
                raise StoreError(f"{p}: is a directory, not an archive file")
            if not readonly:
                p.parent.mkdir(parents=True, exist_ok=True)
            path = str(p)
        try:
            if readonly:
                self.conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True,
                                            isolation_level=None, check_same_thread=False)
            else:
                self.conn = sqlite3.connect(path, isolation_level=None, timeout=30,
                                            check_same_thread=False)
            self.conn.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA cache_size = -65536")
            self.conn.execute("PRAGMA temp_store = MEMORY")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: cannot open the archive ({exc})") from None
        self._in_transaction = False

    # -- primitives -------------------------------------------------------------------------
    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        with self.lock:
            return self.conn.execute(sql, params).fetchall()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self.lock:
            self.conn.execute(sql, params)

    def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> None:
        with self.lock:
            self.conn.executemany(sql, seq)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.lock:
            if self._in_transaction:
                yield
                return
            self.conn.execute("BEGIN IMMEDIATE")
            self._in_transaction = True
            try:
                yield
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")
            finally:
                self._in_transaction = False

    def close(self) -> None:
        self.conn.close()

    def _applied_migrations(self) -> set[int]:
        self.execute(f"CREATE TABLE IF NOT EXISTS {schema.SCHEMA_VERSION_TABLE} ("
                     "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
        return {r[0] for r in self.rows(f"SELECT version FROM {schema.SCHEMA_VERSION_TABLE}")}

    def _reserve_document_keys(self, n: int) -> list[int]:
        # called inside BEGIN IMMEDIATE: no other writer can take the same keys
        top = self.rows("SELECT coalesce(max(doc), 0) FROM documents")[0][0]
        return list(range(top + 1, top + 1 + n))

    # -- full text --------------------------------------------------------------------------
    def _insert_search(self, items: list[tuple[int, str | None, int | None, IndexText]]
                       ) -> None:
        rows = [(key, ix.title, ix.body, ix.variants) for key, _, _, ix in items]
        self.executemany("INSERT INTO document_fts (rowid, title, body, variants) "
                         "VALUES (?, ?, ?, ?)", rows)

    def search_keys(self, match: Any, filters: list[tuple[str, list[Any]]], limit: int,
                    offset: int, count_limit: int) -> tuple[list[tuple[int, float]], int]:
        query: ParsedQuery = match
        if query.empty:
            where, params = filter_sql(filters, "d.doc")
            cond = f"WHERE {where}" if where else ""
            # DESC puts NULL (undated) last in SQLite; the published_day index gives the order
            found = self.rows(f"SELECT d.doc, 0.0 FROM documents d {cond} "
                              "ORDER BY d.published_day DESC, d.doc DESC LIMIT ? OFFSET ?",
                              [*params, limit, offset])
            total = self.rows(f"SELECT count(*) FROM (SELECT 1 FROM documents d {cond} "
                              "LIMIT ?)", [*params, count_limit])[0][0]
            return [(k, float(s)) for k, s in found], int(total)
        # The full-text match drives the query: '+' keeps the key filters away from FTS5's
        # rowid lookups and CROSS JOIN keeps documents as the inner loop (else SQLite may
        # probe the index once per filtered document, re-running the match each time).
        join = needs_documents(filters)
        where, params = filter_sql(filters, "+f.rowid")
        source = ("document_fts f CROSS JOIN documents d ON d.doc = f.rowid" if join
                  else "document_fts f")
        cond = f"AND {where}" if where else ""
        expr = to_fts5(query)
        try:
            found = self.rows(
                f"SELECT f.rowid, -{_BM25} AS score FROM {source} "
                f"WHERE document_fts MATCH ? {cond} ORDER BY {_BM25}, f.rowid DESC "
                "LIMIT ? OFFSET ?", [expr, *params, limit, offset])
            total = self.rows(f"SELECT count(*) FROM (SELECT 1 FROM {source} "
                              f"WHERE document_fts MATCH ? {cond} LIMIT ?)",
                              [expr, *params, count_limit])[0][0]
        except sqlite3.OperationalError as exc:  # pragma: no cover - the compiler quotes all
            from svodka.store.fts import QueryError

            raise QueryError(f"cannot search for {query.text!r}: {exc}") from None
        return [(k, float(s)) for k, s in found], int(total)

    def optimize(self) -> None:
        """Merge FTS5 segments and refresh planner statistics (after a large ingest)."""
        with self.lock:
            self.conn.execute("INSERT INTO document_fts(document_fts) VALUES ('optimize')")
            self.conn.execute("PRAGMA optimize")
