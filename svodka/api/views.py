"""The data behind each page, shared by the HTML pages and their JSON twins.

A view takes the app's state and the request's parameters and returns JSON-ready dicts; the
API route returns them as they are, the page route hands them to a template (and may add
what only drawing needs). Links inside the data are built for the caller's side: ``prefix``
is "" for pages and "/api" for the JSON twins.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import Query

from svodka.api import queries as aq
from svodka.doc import Document
from svodka.errors import SvodkaError
from svodka.store import query as q
from svodka.store.base import Store
from svodka.store.query import QueryError

MAX_PAGE = 200
WIKIDATA = "https://www.wikidata.org/wiki/"


class NotFound(SvodkaError):
    """Nothing in the archive answers to the given id or name."""


@dataclass
class AppState:
    """Everything the routes share: the archive, the write policy and caches."""

    store: Store
    token: str | None
    writes: bool  # whether POST /api/documents can ever succeed
    host: str
    max_text: int
    analyze: Callable[..., Document]
    coords: aq.Coordinates = field(default_factory=aq.Coordinates)
    analyze_lock: threading.Lock = field(default_factory=threading.Lock)
    cache: dict[str, tuple[float, Any]] = field(default_factory=dict)
    owns_store: bool = False

    def cached(self, key: str, ttl: float, compute: Callable[[], Any]) -> Any:
        hit = self.cache.get(key)
        now = time.monotonic()
        if hit is not None and now - hit[0] < ttl:
            return hit[1]
        value = compute()
        self.cache[key] = (now, value)
        return value

    def changed(self) -> None:
        """The archive changed (a document was stored): drop what was computed from it."""
        self.cache.clear()
        self.coords.clear()


# -- parameters ------------------------------------------------------------------------------

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Rows per page.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")]
DateFrom = Annotated[str | None, Query(alias="from", max_length=10,
                                       description="From date: YYYY, YYYY-MM or YYYY-MM-DD.")]
DateTo = Annotated[str | None, Query(alias="to", max_length=10,
                                     description="To date: YYYY, YYYY-MM or YYYY-MM-DD.")]
Source = Annotated[str | None, Query(max_length=200, description="Outlet name or domain.")]
Text = Annotated[str | None, Query(max_length=500)]


def _blank(value: str | None) -> str | None:
    return value if value and value.strip() else None


def link(prefix: str, path: str, **params: Any) -> str:
    """``prefix + path`` with the non-empty parameters as a query string."""
    pairs = [(k.rstrip("_"), v) for k, v in params.items() if v not in (None, "", False)]
    return prefix + path + ("?" + urlencode(pairs) if pairs else "")


def doc_link(prefix: str, doc_id: str) -> str:
    return f"{prefix}/documents/{quote(doc_id, safe='')}"


def entity_link(prefix: str, ref: str | None) -> str | None:
    return f"{prefix}/entities/{quote(ref, safe='')}" if ref else None


def paged(items: list[Any], limit: int, offset: int, total: int | None = None
          ) -> dict[str, Any]:
    """Items of one page (fetched with limit + 1 to know whether more follow)."""
    more = len(items) > limit
    return {"items": items[:limit], "limit": limit, "offset": offset, "total": total,
            "more": more}


# -- archive and documents -------------------------------------------------------------------

def overview(state: AppState, prefix: str) -> dict[str, Any]:
    data: dict[str, Any] = state.cached("overview", 5.0, lambda: aq.overview(state.store))
    docs, _total = aq.documents_page(state.store, limit=10)
    return {**data, "archive": state.store.display_url,
            "recent": [_summary(d, prefix) for d in docs],
            "writes": {"enabled": state.writes, "token_required": bool(state.token)}}


def _summary(d: aq.DocumentSummary, prefix: str) -> dict[str, Any]:
    return {**d.to_dict(), "href": doc_link(prefix, d.id)}


def documents(state: AppState, prefix: str, *, source: str | None, date_from: str | None,
              date_to: str | None, limit: int, offset: int) -> dict[str, Any]:
    docs, total = aq.documents_page(state.store, source=_blank(source),
                                    date_from=_blank(date_from), date_to=_blank(date_to),
                                    limit=limit, offset=offset)
    return {**paged([_summary(d, prefix) for d in docs], limit, offset, total),
            "more": offset + len(docs) < total}


def document(state: AppState, doc_id: str) -> Document:
    doc = state.store.get_document(doc_id) if len(doc_id) <= 200 else None
    if doc is None:
        raise NotFound(f"no document {doc_id!r} in the archive")
    return doc


# -- entities --------------------------------------------------------------------------------

def entities(state: AppState, prefix: str, *, name: str | None, type_: str | None,
             limit: int, offset: int) -> dict[str, Any]:
    store = state.store
    type_ = _blank(type_)
    if _blank(name):
        refs = q.resolve_entities(store, name or "", type_.upper() if type_ else None,
                                  limit=offset + limit + 1)[offset:]
    else:
        if type_ and type_.upper() not in ("PER", "ORG", "LOC"):
            raise QueryError(f"unknown entity type {type_!r} (use PER, ORG, LOC)")
        refs = aq.top_entities(store, type_.upper() if type_ else None, limit + 1, offset)
    items = [{**r.to_dict(), "ref": (ref := aq.entity_ref(r.kb_id, r.id)),
              "href": entity_link(prefix, ref)} for r in refs]
    return {"query": name, "type": type_, **paged(items, limit, offset)}


def entity(state: AppState, prefix: str, ref: str, *, limit: int = 10) -> dict[str, Any]:
    store = state.store
    ent = aq.find_entity(store, ref)
    if ent is None:
        raise NotFound(f"no entity {ref!r} in the archive (look it up by name: "
                       f"/entities?name=...)")
    prof = aq.profile(store, ent, limit=limit)
    data = prof.to_dict()
    eref = aq.entity_ref(ent.kb_id, ent.id)
    data["entity"].update(ref=eref, href=entity_link(prefix, eref),
                          wikidata=WIKIDATA + ent.kb_id if ent.kb_id else None)
    details = aq.label_details(store, prof.labels_by + prof.labels_about)
    for key, rows in (("labels_by", prof.labels_by), ("labels_about", prof.labels_about)):
        data[key] = [_label_row(r, details, prefix) for r in rows]
    roles = aq.event_roles(store, ent.id, prof.events)
    data["events"] = [{**e.to_dict(), "role": roles.get((e.doc.document, e.event)),
                       "href": doc_link(prefix, e.doc.document) + f"#a-{e.event}"}
                      for e in prof.events]
    data["quotes"] = [{**r.to_dict(), "href": doc_link(prefix, r.doc.document)
                       + f"#a-{r.quote}"} for r in prof.quotes]
    del data["alternatives"]
    name = ent.kb_id or ent.name
    data["links"] = {
        "quotes": link(prefix, "/quotes", speaker=name),
        "labels_by": link(prefix, "/labels", holder=name),
        "labels_about": link(prefix, "/labels", target=name),
        "events": link(prefix, "/events", actor=name),
        "framing": link(prefix, "/framing", target=name),
        "documents": link(prefix, "/search", entity=name),
    }
    return data


def _label_row(r: q.LabelRow, details: dict[tuple[str, str], dict[str, Any]], prefix: str
               ) -> dict[str, Any]:
    extra = details.get((r.doc.document, r.label_id), {})
    target = aq.framing_target(r.target_kb_id, extra.get("group"), r.target)
    return {**r.to_dict(), **extra, "framing": target,
            "framing_href": link(prefix, "/framing", target=target) if target else None,
            "href": doc_link(prefix, r.doc.document) + f"#a-{r.label_id}"}


# -- lists -----------------------------------------------------------------------------------

def quotes(state: AppState, prefix: str, *, speaker: str | None, date_from: str | None,
           date_to: str | None, source: str | None, limit: int, offset: int
           ) -> dict[str, Any]:
    rows = q.quotes(state.store, speaker=_blank(speaker), date_from=_blank(date_from),
                    date_to=_blank(date_to), source=_blank(source), limit=limit + 1,
                    offset=offset)
    items = [{**r.to_dict(), "href": doc_link(prefix, r.doc.document) + f"#a-{r.quote}"}
             for r in rows]
    return {"speaker": speaker, **paged(items, limit, offset)}


def labels(state: AppState, prefix: str, *, target: str | None, holder: str | None,
           date_from: str | None, date_to: str | None, source: str | None, limit: int,
           offset: int) -> dict[str, Any]:
    rows = q.labels(state.store, target=_blank(target), holder=_blank(holder),
                    date_from=_blank(date_from), date_to=_blank(date_to),
                    source=_blank(source), limit=limit + 1, offset=offset)
    details = aq.label_details(state.store, rows[:limit])
    items = [_label_row(r, details, prefix) for r in rows]
    return {"target": target, "holder": holder, **paged(items, limit, offset)}


def events(state: AppState, prefix: str, *, type_: str | None, country: str | None,
           actor: str | None, date_from: str | None, date_to: str | None,
           source: str | None, granularity: str, limit: int, offset: int) -> dict[str, Any]:
    store = state.store
    args = {"type": _blank(type_), "country": _blank(country), "actor": _blank(actor),
            "date_from": _blank(date_from), "date_to": _blank(date_to),
            "source": _blank(source)}
    filters = aq.event_filters(store, **args)
    rows = q.events(store, **args, limit=limit + 1, offset=offset)
    items = [{**r.to_dict(), "href": doc_link(prefix, r.doc.document) + f"#a-{r.event}"}
             for r in rows]
    if granularity == "auto":
        granularity = _granularity(args["date_from"], args["date_to"])
    return {**{k: v for k, v in args.items()},
            **paged(items, limit, offset, aq.event_count(store, filters)),
            "granularity": granularity,
            "timeline": aq.events_timeline(store, filters, granularity),
            "places": [{**p, "href": entity_link(prefix, p["entity"])}
                       for p in aq.event_places(store, filters, state.coords)]}


def _granularity(date_from: str | None, date_to: str | None) -> str:
    """Days when the dates span at most about two months, else months."""
    start = q.parse_day(date_from)
    stop = q.parse_day(date_to, end=True)
    if start and stop:
        import datetime as dt

        span = dt.date.fromisoformat(stop) - dt.date.fromisoformat(start)
        return "day" if span.days <= 62 else "month"
    return "month"


def search(state: AppState, prefix: str, *, query: str | None, entity_: str | None,
           type_: str | None, date_from: str | None, date_to: str | None,
           source: str | None, duplicates: bool, limit: int, offset: int) -> dict[str, Any]:
    res = q.search(state.store, query or "", entity=_blank(entity_), type=_blank(type_),
                   date_from=_blank(date_from), date_to=_blank(date_to),
                   source=_blank(source), limit=limit, offset=offset,
                   near_duplicates=duplicates)
    data = res.to_dict()
    for hit in data["hits"]:
        hit["href"] = doc_link(prefix, hit["id"])
    for e in data["entities"]:
        e["ref"] = aq.entity_ref(e["kb_id"], e["id"])
        e["href"] = entity_link(prefix, e["ref"])
    data.update(limit=limit, offset=offset, more=offset + len(res.hits) < res.total)
    return data


def framing(state: AppState, prefix: str, *, target: str | None, date_from: str | None,
            date_to: str | None, source: str | None, max_documents: int) -> dict[str, Any]:
    store = state.store
    if not _blank(target):
        targets = state.cached("framing_targets", 30.0, lambda: aq.framing_targets(store))
        return {"target": None, "targets": [
            {**t, "href": link(prefix, "/framing", target=t["target"])} for t in targets]}
    report = aq.framing_report(store, target or "", date_from=_blank(date_from),
                               date_to=_blank(date_to), source=_blank(source),
                               max_documents=max_documents)
    data = report.to_dict()
    for side in ("by_holder", "by_outlet"):
        for usage in data[side]:
            usage["href"] = (entity_link(prefix, usage["key"])
                             if usage["kind"] == "entity" and aq.is_qid(usage["key"]) else None)
            for lc in usage["labels"]:
                for ev in lc["evidence"]:
                    ev["href"] = doc_link(prefix, ev["doc_id"]) + f"#a-{ev['label_id']}"
    return data
