"""Archive fixtures: every store test runs on SQLite and on a real throwaway PostgreSQL.

The session's PostgreSQL cluster (tests/conftest.py) holds one migrated database that each
test gets emptied (deleting rows is ~10x faster than creating a database per test).
"""

from __future__ import annotations

from typing import Any

import pytest

from svodka.store import open_store

DATABASE = "svodka_test"
# children first; the sequence restarts so that keys are the same as in a new archive
_EMPTY = ["story_documents", "story_keys", "story_df", "stories", "lsh_bands", "mentions", "document_entities", "dates", "quotes", "event_arguments",
          "events", "labels", "document_search", "document_content", "documents", "entities", "sources", "errors"]


@pytest.fixture(scope="session")
def pg_test_db(pg_cluster: Any) -> Any:
    """The cluster with the migrated test database."""
    with open_store(pg_cluster.create_database(DATABASE)):
        pass
    return pg_cluster


def fresh_pg_url(pg: Any) -> str:
    """The test database, emptied: as a newly created archive."""
    import psycopg

    from svodka.store.schema import SCHEMA_VERSION

    with psycopg.connect(pg.url(DATABASE), autocommit=True) as conn, conn.transaction():
        for table in _EMPTY:
            conn.execute(f"DELETE FROM {table}")
        conn.execute("DELETE FROM schema_migrations WHERE version > %s", (SCHEMA_VERSION,))
        conn.execute("SELECT setval('documents_doc_seq', 1, false)")
    return pg.url(DATABASE)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def archive_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """URL of a new, empty archive on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "archive.sqlite")
    return fresh_pg_url(request.getfixturevalue("pg_test_db"))


@pytest.fixture(scope="session")
def sample_docs(analysed_samples: list[Any]) -> list[Any]:
    return analysed_samples
