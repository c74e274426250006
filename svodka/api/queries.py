"""Archive questions the web API needs beyond ``svodka.store.query``: the document list,
entity lookup by a stable reference, an entity profile for a known entity, the events
timeline and places, coordinates of places, framing over stored documents.

Everything is written on the ``Store`` interface (``store.rows`` with ``?`` parameters, SQL
both backends accept) and reuses the filters of ``svodka.store.query``; user input is only
ever a bound parameter.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from svodka import framing
from svodka.doc import PLOVER_TYPES, Document
from svodka.store import query as q
from svodka.store.base import Store
from svodka.store.query import EntityProfile, EntityRef, LabelRow, QueryError
from svodka.store.rows import entity_key, hash64

_QID = re.compile(r"^Q\d+$")
_NUMBER = re.compile(r"^\d{1,19}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
Filters = list[tuple[str, list[Any]]]


# -- stable references ----------------------------------------------------------------------

def entity_ref(kb_id: str | None, entity_id: int | None = None, *, type_: str = "",
               name: str = "") -> str:
    """The stable reference of an archive entity in URLs: its Wikidata QID, else its archive
    id (a hash of its type and normalised name, the same in every archive)."""
    if kb_id:
        return kb_id
    if entity_id is None:
        entity_id = hash64(entity_key(type_, name, None))
    return str(entity_id)


def is_qid(value: str | None) -> bool:
    return bool(value and _QID.match(value))


def find_entity(store: Store, ref: str) -> EntityRef | None:
    """The archive entity a reference names: a QID, an archive id or an entity key."""
    ref = q.clean(ref).strip()
    if not ref:
        return None
    if _QID.match(ref):
        cond, param = "e.kb_id = ?", ref
    elif _NUMBER.match(ref):
        value = int(ref)
        if value >= 2 ** 63:
            return None
        cond, param = "e.id = ?", value  # type: ignore[assignment]
    else:
        cond, param = "e.key = ?", ref
    found = store.rows(
        "SELECT e.id, e.key, e.type, e.name, e.kb_id, e.country, "
        "(SELECT count(*) FROM document_entities de WHERE de.entity_id = e.id) "
        f"FROM entities e WHERE {cond} LIMIT 1", (param,))
    return EntityRef(*found[0]) if found else None


# -- documents -------------------------------------------------------------------------------

@dataclass
class DocumentSummary:
    id: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    analyser: str
    near_duplicate_of: str | None
    counts: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))


def document_filters(*, source: str | None = None, date_from: str | None = None,
                     date_to: str | None = None) -> Filters:
    return (q.date_filter("d.published_day", date_from, date_to)
            + q.source_filter(source))


def documents_page(store: Store, *, source: str | None = None, date_from: str | None = None,
                   date_to: str | None = None, limit: int = 20, offset: int = 0
                   ) -> tuple[list[DocumentSummary], int]:
    """Documents newest first (undated last) with their counts of entities, quotes, events
    and labels, and the number of documents matching the filters."""
    if offset < 0:
        raise QueryError("offset must not be negative")
    where, params = q.where_clause(document_filters(source=source, date_from=date_from,
                                              date_to=date_to))
    found = store.rows(
        "SELECT d.doc, d.id, d.title, s.name, d.url, d.published, d.analyser, o.id "
        "FROM documents d LEFT JOIN sources s ON s.id = d.source_id "
        f"LEFT JOIN documents o ON o.doc = d.near_duplicate_of {where} "
        "ORDER BY d.published_day DESC NULLS LAST, d.doc DESC LIMIT ? OFFSET ?",
        [*params, q.clamp_limit(limit), offset])
    total = int(store.rows(f"SELECT count(*) FROM documents d {where}", params)[0][0])
    counts = layer_counts(store, [r[0] for r in found])
    out = [DocumentSummary(r[1], r[2], r[3], r[4], r[5], r[6], r[7], counts.get(r[0], {}))
           for r in found]
    return out, total


def layer_counts(store: Store, keys: list[int]) -> dict[int, dict[str, int]]:
    """Per document key: how many entities, quotes, events and labels it has."""
    out: dict[int, dict[str, int]] = {k: {"entities": 0, "quotes": 0, "events": 0, "labels": 0}
                                      for k in keys}
    if not keys:
        return out
    marks = ", ".join("?" * len(keys))
    for name, table in (("entities", "document_entities"), ("quotes", "quotes"),
                        ("events", "events"), ("labels", "labels")):
        for doc, n in store.rows(f"SELECT doc, count(*) FROM {table} WHERE doc IN ({marks}) "
                                 "GROUP BY doc", keys):
            out[doc][name] = int(n)
    return out


@dataclass
class ArchiveInfo:
    """What the archive says about a stored document beyond its svodka/1 analysis."""

    id: str
    source: str | None
    origin: str | None
    ingested_at: str
    analysed_at: str
    analyser: str
    near_duplicate_of: str | None
    near_duplicate_similarity: float | None

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))


def archive_info(store: Store, doc_id: str) -> ArchiveInfo | None:
    found = store.rows(
        "SELECT d.id, s.name, d.origin, d.ingested_at, d.analysed_at, d.analyser, o.id, "
        "d.near_duplicate_similarity FROM documents d "
        "LEFT JOIN sources s ON s.id = d.source_id "
        "LEFT JOIN documents o ON o.doc = d.near_duplicate_of WHERE d.id = ?", (doc_id,))
    return ArchiveInfo(*found[0]) if found else None


def overview(store: Store, *, top: int = 12) -> dict[str, Any]:
    """Counts of the archive, its outlets and most documented entities."""
    counts = store.counts()
    sources = [{"name": n, "documents": int(c)} for n, c in store.rows(
        "SELECT s.name, count(*) AS n FROM documents d JOIN sources s ON s.id = d.source_id "
        "GROUP BY s.name ORDER BY n DESC, s.name LIMIT ?", (top,))]
    entities = [EntityRef(*r) for r in store.rows(
        "SELECT e.id, e.key, e.type, e.name, e.kb_id, e.country, t.n FROM ("
        "SELECT entity_id, count(*) AS n FROM document_entities GROUP BY entity_id "
        "ORDER BY n DESC LIMIT ?) t JOIN entities e ON e.id = t.entity_id "
        "ORDER BY t.n DESC, e.name", (top,))]
    span = store.rows("SELECT min(published_day), max(published_day) FROM documents")[0]
    return {"counts": counts, "sources": sources,
            "entities": [{**e.to_dict(), "ref": entity_ref(e.kb_id, e.id)} for e in entities],
            "published": {"first": span[0], "last": span[1]}}


# -- entities --------------------------------------------------------------------------------

def profile(store: Store, ent: EntityRef, *, limit: int = 10) -> EntityProfile:
    """``svodka.store.query.entity_profile`` for one known entity (no name resolution)."""
    return q.profile_of(store, ent, limit=limit)


def top_entities(store: Store, type_: str | None, limit: int, offset: int = 0
                 ) -> list[EntityRef]:
    """Entities in the most documents first (of one type, or all)."""
    cond, params = ("WHERE type = ?", [type_]) if type_ else ("", [])
    return [EntityRef(*r) for r in store.rows(
        "SELECT e.id, e.key, e.type, e.name, e.kb_id, e.country, t.n FROM ("
        f"SELECT entity_id, count(*) AS n FROM document_entities {cond} GROUP BY entity_id "
        "ORDER BY n DESC, entity_id LIMIT ? OFFSET ?) t JOIN entities e ON e.id = t.entity_id "
        "ORDER BY t.n DESC, e.name", [*params, q.clamp_limit(limit), offset])]


def event_roles(store: Store, entity_id: int, events: Iterable[Any]) -> dict[tuple[str, str],
                                                                          str]:
    """(document id, event id) -> "actor" or "recipient" for the entity's events."""
    pairs = {(e.doc.document, e.event) for e in events}
    if not pairs:
        return {}
    docs = sorted({d for d, _ in pairs})
    marks = ", ".join("?" * len(docs))
    out: dict[tuple[str, str], str] = {}
    for doc_id, local, role in store.rows(
            "SELECT d.id, a.event_local_id, a.role FROM event_arguments a "
            "JOIN documents d ON d.doc = a.doc "
            f"WHERE a.entity_id = ? AND d.id IN ({marks}) ORDER BY a.role", [entity_id, *docs]):
        out.setdefault((doc_id, local), role)
    return out


def label_details(store: Store, rows: list[LabelRow]) -> dict[tuple[str, str], dict[str, Any]]:
    """(document id, label id) -> the label's target group, polarity and category, read from
    the stored analyses (the label tables keep only texts and lemmas)."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for doc_id in sorted({r.doc.document for r in rows}):
        doc = store.get_document(doc_id)
        for lb in doc.labels if doc is not None else []:
            group = lb.target.extra.get("group") if lb.target is not None else None
            out[(doc_id, lb.id)] = {"group": group, "polarity": lb.extra.get("polarity"),
                                    "category": lb.extra.get("category")}
    return out


def framing_target(kb_id: str | None, group: str | None, text: str | None) -> str | None:
    """What to ask the framing page about a label's target: QID, group lemma, or words."""
    return kb_id or group or (" ".join(text.split()) if text else None)


# -- events ----------------------------------------------------------------------------------

def event_filters(store: Store, *, type: str | None = None, country: str | None = None,
                  actor: str | None = None, date_from: str | None = None,
                  date_to: str | None = None, source: str | None = None) -> Filters:
    """The filters of ``svodka.store.query.events``, for aggregations over the same set."""
    filters: Filters = []
    if type:
        t = type.upper()
        if t not in PLOVER_TYPES:
            raise QueryError(f"unknown event type {type!r} "
                             f"(PLOVER: {', '.join(PLOVER_TYPES)})")
        filters.append(("ev.type = ?", [t]))
    if country:
        c = country.strip().upper()
        if not _COUNTRY.match(c):
            raise QueryError(f"country: expected an ISO 3166 alpha-2 code like KZ, "
                             f"got {country!r}")
        filters.append(("ev.location_country = ? OR ev.actor_country = ?", [c, c]))
    if actor:
        ids_sql, ids = q.entity_ids_sql(q.resolve_entities(store, actor))
        filters.append(("(ev.doc, ev.local_id) IN (SELECT a.doc, a.event_local_id FROM "
                        f"event_arguments a WHERE a.role = 'actor' AND a.entity_id IN {ids_sql})",
                        ids))
    return (filters + q.date_filter("ev.day", date_from, date_to)
            + q.source_filter(source))


def _events_from(filters: Filters) -> str:
    if any("d." in sql for sql, _ in filters):
        return "events ev JOIN documents d ON d.doc = ev.doc"
    return "events ev"


def events_timeline(store: Store, filters: Filters, granularity: str = "month"
                    ) -> list[dict[str, Any]]:
    """Event counts per period ("2022-01" by month, "2022-01-05" by day; None: undated)
    and type, in period order."""
    n = {"year": 4, "month": 7, "day": 10}.get(granularity)
    if n is None:
        raise QueryError(f"granularity: year, month or day, not {granularity!r}")
    where, params = q.where_clause(filters)
    found = store.rows(
        f"SELECT substr(ev.day, 1, {n}) AS period, ev.type, count(*) FROM {_events_from(filters)} "
        f"{where} GROUP BY substr(ev.day, 1, {n}), ev.type ORDER BY period NULLS LAST, ev.type",
        params)
    return [{"period": p, "type": t, "count": int(c)} for p, t, c in found]


def event_count(store: Store, filters: Filters) -> int:
    where, params = q.where_clause(filters)
    return int(store.rows(f"SELECT count(*) FROM {_events_from(filters)} {where}",
                          params)[0][0])


class Coordinates:
    """Coordinates of archive entities (``lat``/``lon`` the linker put on places in the
    analysis JSON), read from one stored analysis per entity and cached."""

    def __init__(self, max_size: int = 20_000) -> None:
        self.max_size = max_size
        self._cache: dict[int, tuple[float, float] | None] = {}
        self._lock = threading.Lock()

    def get(self, store: Store, ids: Iterable[int]) -> dict[int, tuple[float, float]]:
        wanted = list(dict.fromkeys(ids))
        with self._lock:
            missing = [i for i in wanted if i not in self._cache]
        if missing:
            found = self._lookup(store, missing)
            with self._lock:
                if len(self._cache) + len(found) > self.max_size:
                    self._cache.clear()
                self._cache.update(found)
        with self._lock:
            return {i: c for i in wanted if (c := self._cache.get(i)) is not None}

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()

    @staticmethod
    def _lookup(store: Store, ids: list[int]) -> dict[int, tuple[float, float] | None]:
        out: dict[int, tuple[float, float] | None] = {i: None for i in ids}
        for i in range(0, len(ids), 200):
            chunk = ids[i:i + 200]
            marks = ", ".join("?" * len(chunk))
            first = store.rows("SELECT entity_id, min(doc) FROM document_entities "
                               f"WHERE entity_id IN ({marks}) GROUP BY entity_id", chunk)
            for key in sorted({k for _, k in first}):
                doc = store.get_document(int(key))
                for e in doc.entities if doc is not None else []:
                    lat, lon = e.extra.get("lat"), e.extra.get("lon")
                    if not isinstance(lat, int | float) or not isinstance(lon, int | float):
                        continue
                    gid = hash64(entity_key(e.type, e.name, e.kb_id))
                    if gid in out and -90 <= lat <= 90 and -180 <= lon <= 180:
                        out[gid] = (float(lat), float(lon))
        return out


def event_places(store: Store, filters: Filters, coords: Coordinates, *, limit: int = 200
                 ) -> list[dict[str, Any]]:
    """Event locations with their event counts (most events first) and, where known,
    coordinates."""
    where, params = q.where_clause(filters + [("ev.location_entity IS NOT NULL", [])])
    found = store.rows(
        f"SELECT ev.location_entity, count(*) AS n FROM {_events_from(filters)} {where} "
        "GROUP BY ev.location_entity ORDER BY n DESC, ev.location_entity LIMIT ?",
        [*params, limit])
    if not found:
        return []
    ids = [r[0] for r in found]
    marks = ", ".join("?" * len(ids))
    info = {r[0]: r for r in store.rows(
        f"SELECT id, name, kb_id, country FROM entities WHERE id IN ({marks})", ids)}
    where_known = coords.get(store, ids)
    out = []
    for eid, n in found:
        _id, name, kb_id, country = info.get(eid, (eid, "?", None, None))
        c = where_known.get(eid)
        out.append({"entity": entity_ref(kb_id, eid), "name": name, "kb_id": kb_id,
                    "country": country, "events": int(n),
                    "lat": c[0] if c else None, "lon": c[1] if c else None})
    return out


# -- framing ---------------------------------------------------------------------------------

def framing_documents(store: Store, target: str, *, date_from: str | None = None,
                      date_to: str | None = None, source: str | None = None,
                      max_documents: int = 200) -> list[Document]:
    """The stored documents with labels about ``target`` (newest first, at most
    ``max_documents``), found through the label tables."""
    rows = q.labels(store, target=target, date_from=date_from, date_to=date_to,
                    source=source, limit=q.MAX_LIMIT)
    ids = list(dict.fromkeys(r.doc.document for r in rows))[:max_documents]
    docs = []
    for doc_id in ids:
        doc = store.get_document(doc_id)
        if doc is not None:
            docs.append(doc)
    return docs


def framing_report(store: Store, target: str, *, date_from: str | None = None,
                   date_to: str | None = None, source: str | None = None,
                   max_documents: int = 200) -> framing.FramingReport:
    """Who calls ``target`` what: labels by holder and by outlet, with evidence."""
    target = q.clean(target).strip()
    if not target:
        raise QueryError("give a target: a QID, a name or a group such as протестующие")
    docs = framing_documents(store, target, date_from=date_from, date_to=date_to,
                             source=source, max_documents=max_documents)
    return framing.compare(docs, target)


def framing_targets(store: Store, *, documents: int = 300, limit: int = 30
                    ) -> list[dict[str, Any]]:
    """What the most recently stored labelled documents label, most labelled first."""
    keys = [r[0] for r in store.rows(
        "SELECT DISTINCT doc FROM labels ORDER BY doc DESC LIMIT ?", (documents,))]
    docs = [d for k in keys if (d := store.get_document(k)) is not None]
    found = framing.targets(docs)[:limit]
    qids = [k for k, _ in found if _QID.match(k)]
    names: dict[str, str] = {}
    if qids:
        marks = ", ".join("?" * len(qids))
        names = dict(store.rows(  # type: ignore[arg-type]
            f"SELECT kb_id, name FROM entities WHERE kb_id IN ({marks})", qids))
    return [{"target": k, "name": names.get(k, k), "labels": n} for k, n in found]
