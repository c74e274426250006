"""Helpers for the story tests (a uniquely named module: conftests are not imported)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from svodka.ingest import dedup
from svodka.store import ArchiveRecord, Store
from svodka.store.rows import content_hash


def record(doc: Any) -> ArchiveRecord:
    r = ArchiveRecord(doc, origin=doc.id)
    r.minhash = dedup.signature(r.index_text().body.split())
    return r


def reprint(doc: Any, n: int) -> ArchiveRecord:
    """The same article again under another id and outlet (a near-duplicate)."""
    copy = replace(doc, id=f"{doc.id}-reprint{n}", source=f"reprint{n}.example")
    r = record(copy)
    r.content_hash = content_hash(doc.text + f"\x00{n}")
    return r


def story_of(store: Store, doc_id: str) -> int:
    return int(store.rows("SELECT sd.story FROM story_documents sd JOIN documents d ON "
                          "d.doc = sd.doc WHERE d.id = ?", (doc_id,))[0][0])
