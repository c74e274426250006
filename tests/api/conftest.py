"""Web API fixtures: one archive per backend (the bundled samples and a hostile document),
shared by the read-only tests, and fresh archives for tests that write.

The PostgreSQL half runs on a throwaway cluster (``svodka.store.throwaway``) and is skipped,
saying why, when the server binaries are missing (scripts/ci-deps.sh installs them).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web API needs the 'web' extra (fastapi)")
pytest.importorskip("jinja2", reason="the web UI needs the 'web' extra (jinja2)")

from webdocs import BASE_URL, hostile_doc

from svodka.doc import Document
from svodka.store import Store, open_store
from svodka.store.rows import ArchiveRecord


def pytest_configure(config: pytest.Config) -> None:
    # starlette's TestClient announces its move to httpx2; nothing to act on here
    config.addinivalue_line("filterwarnings", "ignore:Using `httpx` with")

_numbers = itertools.count()


def new_url(kind: str, request: pytest.FixtureRequest, tmp_path_factory: Any) -> str:
    n = next(_numbers)
    if kind == "sqlite":
        return str(tmp_path_factory.mktemp("api") / f"archive{n}.sqlite")
    return str(request.getfixturevalue("new_pg_database")("api"))


def fill(store: Store, docs: list[Document]) -> None:
    store.add_batch([ArchiveRecord(d) for d in docs])


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session", params=BACKENDS)
def archive(request: pytest.FixtureRequest, tmp_path_factory: Any,
            analysed_samples: list[Document]) -> Iterator[Store]:
    """The samples and the hostile document, on each backend (read-only for tests)."""
    store = open_store(new_url(request.param, request, tmp_path_factory))
    fill(store, [*analysed_samples, hostile_doc()])
    yield store
    store.close()


@pytest.fixture(scope="session")
def app(archive: Store) -> Any:
    from svodka.api import create_app

    return create_app(archive)


@pytest.fixture(scope="session")
def client(app: Any) -> Any:
    from fastapi.testclient import TestClient

    return TestClient(app, base_url=BASE_URL)


@pytest.fixture(params=BACKENDS)
def empty_store(request: pytest.FixtureRequest, tmp_path_factory: Any) -> Iterator[Store]:
    """A new, empty archive on each backend (for tests that write)."""
    store = open_store(new_url(request.param, request, tmp_path_factory))
    yield store
    store.close()


@pytest.fixture(scope="session")
def seed_id(analysed_samples: list[Document]) -> str:
    return next(d.id for d in analysed_samples if "Токаев" in d.text)
