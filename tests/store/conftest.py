"""Archive fixtures: every store test runs on SQLite and on a real throwaway PostgreSQL.

One PostgreSQL cluster is started per test session (initdb + pg_ctl in a temporary
directory, as the ``postgres`` user when running as root) with one migrated database that
each test gets emptied (deleting rows is ~10x faster than creating a database per test).
Without the server binaries the PostgreSQL half is skipped with the reason (install them
with scripts/ci-deps.sh).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from svodka.store import Store, open_store
from svodka.store.throwaway import PostgresUnavailable, ThrowawayPostgres

DATABASE = "svodka_test"
_numbers = itertools.count()
# children first; the sequence restarts so that keys are the same as in a new archive
_EMPTY = ["lsh_bands", "mentions", "document_entities", "dates", "quotes", "event_arguments",
          "events", "labels", "document_search", "document_content", "documents", "entities", "sources", "errors"]


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[ThrowawayPostgres]:
    pg = ThrowawayPostgres()
    try:
        pg.start()
    except PostgresUnavailable as exc:
        pytest.skip(f"PostgreSQL unavailable: {exc}")
    try:
        with open_store(pg.create_database(DATABASE)):
            pass  # migrated once
        yield pg
    finally:
        pg.stop()


def fresh_pg_url(pg: ThrowawayPostgres) -> str:
    """The test database, emptied: as a newly created archive."""
    import psycopg

    from svodka.store.schema import SCHEMA_VERSION

    with psycopg.connect(pg.url(DATABASE), autocommit=True) as conn, conn.transaction():
        for table in _EMPTY:
            conn.execute(f"DELETE FROM {table}")
        conn.execute("DELETE FROM schema_migrations WHERE version > %s", (SCHEMA_VERSION,))
        conn.execute("SELECT setval('documents_doc_seq', 1, false)")
    return pg.url(DATABASE)


def new_pg_database(pg: ThrowawayPostgres) -> str:
    """A separate new database (for tests that need an unmigrated one)."""
    return pg.create_database(f"extra_{next(_numbers)}")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def archive_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """URL of a new, empty archive on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "archive.sqlite")
    return fresh_pg_url(request.getfixturevalue("pg_cluster"))


@pytest.fixture
def store(archive_url: str) -> Iterator[Store]:
    s = open_store(archive_url)
    yield s
    s.close()


@pytest.fixture(scope="session")
def sample_docs():
    """The bundled sample articles, analysed once per session."""
    import svodka
    from svodka.samples import load_samples

    return [svodka.analyze(s.text, published=s.published, source=s.source, url=s.url)
            for s in load_samples()]
