"""Shared fixtures: the analysed reference article and samples, paths to golden data and
../shared, and one throwaway PostgreSQL cluster per session for the store, API and batch
tests (initdb + pg_ctl in a temporary directory; skipped, saying why, without the server
binaries — scripts/ci-deps.sh installs them)."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
SHARED = Path(os.environ.get("SVODKA_SHARED", ROOT.parent / "shared"))


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with a clear reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not found at {path} (set SVODKA_SHARED)")
    return path


@pytest.fixture(scope="session")
def shared():
    """``shared("data", "nerel", "dev")``: a path under ../shared, or skip."""
    return shared_path


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (GOLDEN / "seed_kz_2022.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_doc(seed_text: str):
    import svodka

    return svodka.analyze(seed_text)


@pytest.fixture(scope="session")
def analysed_samples() -> list[Any]:
    """The bundled sample articles, analysed once per session."""
    import svodka
    from svodka.samples import load_samples

    return [svodka.analyze(s.text, published=s.published, source=s.source, url=s.url)
            for s in load_samples()]


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Any]:
    from svodka.store.throwaway import PostgresUnavailable, ThrowawayPostgres

    pg = ThrowawayPostgres()
    try:
        pg.start()
    except PostgresUnavailable as exc:
        pytest.skip(f"PostgreSQL unavailable: {exc}")
    try:
        yield pg
    finally:
        pg.stop()


_databases = itertools.count()


@pytest.fixture(scope="session")
def new_pg_database(pg_cluster: Any) -> Callable[[str], str]:
    """``new_pg_database("api")``: the URL of a new, unmigrated database on the cluster."""
    return lambda prefix="db": str(pg_cluster.create_database(f"{prefix}_{next(_databases)}"))


@pytest.fixture
def store(archive_url: str) -> Iterator[Any]:
    """An open archive at ``archive_url`` (a fixture of the suites that use it: a new, empty
    archive on each backend)."""
    from svodka.store import open_store

    s = open_store(archive_url)
    yield s
    s.close()
