"""Story fixtures: each store-backed test runs on SQLite and on a throwaway PostgreSQL
database (the session cluster from tests/conftest.py; skipped without the server)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def archive_url(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "stories.sqlite")
    return str(request.getfixturevalue("new_pg_database")("stories"))


@pytest.fixture(scope="session")
def retold(analysed_samples: list[Any]) -> Any:
    """Another outlet's shorter version of the first sample: its first paragraphs only
    (honestly analysed again, not copied), under another source."""
    import svodka

    first = analysed_samples[0]
    paragraphs = [p for p in first.text.split("\n") if p.strip()]
    text = "\n".join(paragraphs[:max(3, len(paragraphs) // 2)])
    return svodka.analyze(text, published=first.published, source="другое-издание.ru")
