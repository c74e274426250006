"""The svodka archive: analysed documents in SQLite (default) or PostgreSQL, searchable.

    from svodka.store import open_store
    with open_store() as store:                      # $SVODKA_DB or the user's data dir
        ...
    open_store("archive.sqlite")                     # a file (sqlite:///path works too)
    open_store("postgresql://user@host/db")          # a PostgreSQL database (psycopg 3)

``open_store`` applies pending migrations. Queries: ``svodka.store.query``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from svodka.store.base import BatchResult, Store, StoreError
from svodka.store.rows import ArchiveRecord

__all__ = ["ArchiveRecord", "BatchResult", "Store", "StoreError", "default_db_url",
           "open_store"]


def data_dir() -> Path:
    """The user's data directory for svodka (XDG on Linux, the platform's place elsewhere)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "svodka"


def default_db_url() -> str:
    """$SVODKA_DB, else svodka.sqlite in the user's data directory."""
    return os.environ.get("SVODKA_DB") or str(data_dir() / "svodka.sqlite")


def is_postgres_url(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://", "postgresql+psycopg://"))


def open_store(url: str | None = None, *, migrate: bool = True) -> Store:
    """Open (and by default create or upgrade) the archive at ``url``."""
    url = url or default_db_url()
    if is_postgres_url(url):
        from svodka.store.postgres import PostgresStore

        store: Store = PostgresStore(url.replace("postgresql+psycopg://", "postgresql://", 1))
    else:
        from svodka.store.sqlite import SqliteStore

        path = url
        if url.startswith("sqlite:///"):
            path = url[len("sqlite:///"):]  # sqlite:///rel/path, sqlite:////abs/path
        elif url.startswith("sqlite://"):
            path = url[len("sqlite://"):] or ":memory:"
        elif "://" in url:
            raise StoreError(f"unknown archive URL {url!r}: use a file path, sqlite:///path "
                             "or postgresql://...")
        store = SqliteStore(path)
    if migrate:
        try:
            store.migrate()
        except Exception:
            store.close()
            raise
    return store
