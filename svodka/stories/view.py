"""What a story shows: its documents and outlets, the timeline of merged events, the framing
comparison (labels per outlet and per holder for the story's most labelled targets) and the
entity co-occurrence network. JSON-ready dicts, shared by the CLI, the API and the pages."""

from __future__ import annotations

from typing import Any

from svodka import framing
from svodka.doc import Document
from svodka.errors import SvodkaError
from svodka.store.base import Store
from svodka.stories.events import story_events
from svodka.stories.network import cooccurrence

MAX_DOCUMENTS = 200  # documents of a story read for framing and the network
MAX_TARGETS = 5


class StoryNotFound(SvodkaError):
    """No story has this id."""


def _story_row(row: tuple) -> dict[str, Any]:
    sid, first, last, size, title, updated = row
    return {"id": str(sid), "title": title, "first_day": first, "last_day": last,
            "documents": size, "updated_at": updated}


def list_stories(store: Store, *, limit: int = 20, offset: int = 0, min_documents: int = 1,
                 date_from: str | None = None, date_to: str | None = None
                 ) -> dict[str, Any]:
    """Stories, the most recent first (undated last), with their outlets."""
    where: list[str] = ["size >= ?"]
    params: list[Any] = [min_documents]
    if date_from:
        where.append("last_day >= ?")
        params.append(date_from)
    if date_to:
        where.append("first_day <= ?")
        params.append(date_to + "\uffff")
    cond = " AND ".join(where)
    rows = store.rows(
        "SELECT id, first_day, last_day, size, title, updated_at FROM stories "
        f"WHERE {cond} ORDER BY last_day IS NULL, last_day DESC, size DESC, id "
        "LIMIT ? OFFSET ?", [*params, limit + 1, offset])
    total = int(store.rows(f"SELECT count(*) FROM stories WHERE {cond}", params)[0][0])
    items = [_story_row(r) for r in rows[:limit]]
    if items:
        ids = [int(i["id"]) for i in items]
        marks = ", ".join("?" * len(ids))
        outlets: dict[int, set[str]] = {}
        for sid, name in store.rows(
                "SELECT sd.story, s.name FROM story_documents sd JOIN documents d ON "
                "d.doc = sd.doc LEFT JOIN sources s ON s.id = d.source_id "
                f"WHERE sd.story IN ({marks})", ids):
            if name:
                outlets.setdefault(sid, set()).add(name)
        for item in items:
            item["sources"] = sorted(outlets.get(int(item["id"]), ()))
    return {"items": items, "total": total, "limit": limit, "offset": offset,
            "more": len(rows) > limit}


def _parse_id(story_id: str | int) -> int:
    try:
        return int(story_id)
    except (TypeError, ValueError):
        raise StoryNotFound(f"no story {story_id!r}") from None


def story_documents(store: Store, story_id: int) -> list[dict[str, Any]]:
    return [{"key": key, "id": doc_id, "title": title, "published": published,
             "day": day, "source": source, "url": url, "similarity": sim,
             "near_duplicate": near is not None}
            for key, doc_id, title, published, day, source, url, sim, near in store.rows(
                "SELECT d.doc, d.id, d.title, d.published, sd.day, s.name, d.url, "
                "sd.similarity, d.near_duplicate_of FROM story_documents sd "
                "JOIN documents d ON d.doc = sd.doc LEFT JOIN sources s ON s.id = d.source_id "
                "WHERE sd.story = ? ORDER BY sd.day IS NULL, sd.day, d.doc", (story_id,))]


def story_detail(store: Store, story_id: str | int, *, framing_targets: int = MAX_TARGETS
                 ) -> dict[str, Any]:
    sid = _parse_id(story_id)
    found = store.rows("SELECT id, first_day, last_day, size, title, updated_at FROM stories "
                       "WHERE id = ?", (sid,))
    if not found:
        raise StoryNotFound(f"no story {story_id!r}")
    out = _story_row(found[0])
    docs = story_documents(store, sid)
    keys = [d["key"] for d in docs]
    doc_ids = {d["key"]: d["id"] for d in docs}
    sources = {d["key"]: d["source"] for d in docs}
    clusters = story_events(store, keys)
    out["sources"] = sorted({d["source"] for d in docs if d["source"]})
    out["documents_list"] = [{k: v for k, v in d.items() if k != "key"} for d in docs]
    out["event_mentions"] = sum(len(c.mentions) for c in clusters)
    out["distinct_events"] = len(clusters)
    out["timeline"] = [c.to_dict(doc_ids, sources) for c in clusters]
    loaded: list[Document] = [d for k in keys[:MAX_DOCUMENTS]
                              if (d := store.get_document(k)) is not None]
    out["framing"] = story_framing(loaded, framing_targets)
    out["network"] = cooccurrence(loaded)
    return out


def story_framing(docs: list[Document], max_targets: int = MAX_TARGETS) -> list[dict[str, Any]]:
    """For each of the story's most labelled targets: labels per outlet and per holder."""
    out = []
    for target, count in framing.targets(docs)[:max_targets]:
        report = framing.compare(docs, target)
        out.append({"target": target, "labels": count,
                    "by_outlet": [u.to_dict() for u in report.by_outlet],
                    "by_holder": [u.to_dict() for u in report.by_holder]})
    return out
