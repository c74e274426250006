"""JSON endpoints under /api: the twins of the HTML pages, analysis and storing."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from svodka import __version__
from svodka.api import security, views
from svodka.api.pages import page_url
from svodka.api.views import AppState, DateFrom, DateTo, Limit, Offset, Source, Text
from svodka.doc import Document
from svodka.store import StoreError
from svodka.store.rows import ArchiveRecord

router = APIRouter(prefix="/api")
API = "/api"


class Article(BaseModel):
    """An article to analyse."""

    text: str = Field(min_length=1, description="The article text (plain text).")
    published: str | None = Field(None, max_length=40,
                                  description="Publication date, ISO 8601 (2022-01-05).")
    source: str | None = Field(None, max_length=300, description="Outlet name or domain.")
    url: str | None = Field(None, max_length=2000)
    title: str | None = Field(None, max_length=2000,
                              description="Title (default: the headline line, if any).")


class ArticleToStore(Article):
    id: str | None = Field(None, max_length=200, pattern=r"^[\w.:/-]+$",
                           description="The document id (default: sha1 of source + text).")


def _state(request: Request) -> AppState:
    state: AppState = request.app.state.svodka
    return state


def _links(request: Request, data: dict[str, Any]) -> dict[str, Any]:
    """Adds ``next``/``prev`` URLs to a page of results."""
    limit, offset = data["limit"], data["offset"]
    data["next"] = page_url(request, offset=offset + limit) if data.get("more") else None
    data["prev"] = (page_url(request, offset=max(offset - limit, 0) or None)
                    if offset > 0 else None)
    return data


@router.get("/health", summary="Liveness and version")
def health(request: Request) -> dict[str, Any]:
    return {"status": "ok", "version": __version__,
            "documents": _state(request).store.counts()["documents"]}


@router.get("/archive", summary="Archive overview (twin of /)")
def archive(request: Request) -> dict[str, Any]:
    """Counts, outlets, the most documented entities and the latest documents."""
    return views.overview(_state(request), API)


@router.get("/documents", summary="Documents, newest first (twin of /documents)")
def documents(request: Request, source: Source = None, date_from: DateFrom = None,
              date_to: DateTo = None, limit: Limit = 20, offset: Offset = 0
              ) -> dict[str, Any]:
    return _links(request, views.documents(_state(request), API, source=source,
                                           date_from=date_from, date_to=date_to,
                                           limit=limit, offset=offset))


@router.get("/documents/{doc_id}", summary="One document: its svodka/1 analysis")
def document(request: Request, doc_id: str) -> JSONResponse:
    """The stored svodka/1 document (text and every layer), as `svodka analyze` prints it."""
    doc = views.document(_state(request), doc_id)
    return JSONResponse(doc.to_dict())


@router.get("/entities", summary="Entities by name, or the most documented (twin of /entities)")
def entities(request: Request, name: Text = None,
             type: Annotated[str | None, Query(max_length=3, description="PER, ORG or LOC")]
             = None, limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    return _links(request, views.entities(_state(request), API, name=name, type_=type,
                                          limit=limit, offset=offset))


@router.get("/entities/{ref}", summary="One entity: mentions over time, quotes, labels by and "
            "about it, events")
def entity(request: Request, ref: str,
           limit: Annotated[int, Query(ge=1, le=100, description="Rows of each list.")] = 10
           ) -> dict[str, Any]:
    """`ref` is a Wikidata QID (Q200881) or the entity's archive id (as in its links)."""
    return views.entity(_state(request), API, ref, limit=limit)


@router.get("/quotes", summary="Quotes, newest first (twin of /quotes)")
def quotes(request: Request, speaker: Text = None, date_from: DateFrom = None,
           date_to: DateTo = None, source: Source = None, limit: Limit = 20,
           offset: Offset = 0) -> dict[str, Any]:
    return _links(request, views.quotes(_state(request), API, speaker=speaker,
                                        date_from=date_from, date_to=date_to, source=source,
                                        limit=limit, offset=offset))


@router.get("/labels", summary="Labels: who calls whom what (twin of /labels)")
def labels(request: Request, target: Text = None, holder: Text = None,
           date_from: DateFrom = None, date_to: DateTo = None, source: Source = None,
           limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    return _links(request, views.labels(_state(request), API, target=target, holder=holder,
                                        date_from=date_from, date_to=date_to, source=source,
                                        limit=limit, offset=offset))


Granularity = Annotated[str, Query(pattern="^(auto|year|month|day)$",
                                   description="Timeline periods: auto, year, month or day.")]


@router.get("/events", summary="PLOVER events with their timeline and places (twin of /events)")
def events(request: Request,
           type: Annotated[str | None, Query(max_length=20, description="PLOVER type")] = None,
           country: Annotated[str | None, Query(max_length=2,
                                                description="ISO 3166 alpha-2")] = None,
           actor: Text = None, date_from: DateFrom = None, date_to: DateTo = None,
           source: Source = None, granularity: Granularity = "auto", limit: Limit = 20,
           offset: Offset = 0) -> dict[str, Any]:
    return _links(request, views.events(
        _state(request), API, type_=type, country=country, actor=actor, date_from=date_from,
        date_to=date_to, source=source, granularity=granularity, limit=limit, offset=offset))


@router.get("/search", summary="Full-text search with filters (twin of /search)")
def search(request: Request,
           q: Annotated[str | None, Query(max_length=1000,
                                          description='Words, "phrases", OR, -excluded')] = None,
           entity: Text = None,
           type: Annotated[str | None, Query(max_length=20,
                                             description="PLOVER type or PER/ORG/LOC")] = None,
           date_from: DateFrom = None, date_to: DateTo = None, source: Source = None,
           duplicates: bool = False, limit: Limit = 10, offset: Offset = 0) -> dict[str, Any]:
    return _links(request, views.search(
        _state(request), API, query=q, entity_=entity, type_=type, date_from=date_from,
        date_to=date_to, source=source, duplicates=duplicates, limit=limit, offset=offset))


@router.get("/framing", summary="Framing of a target: labels by holder and by outlet "
            "(twin of /framing)")
def framing(request: Request, target: Text = None, date_from: DateFrom = None,
            date_to: DateTo = None, source: Source = None,
            max_documents: Annotated[int, Query(ge=1, le=1000)] = 200) -> dict[str, Any]:
    """Without a target: what the archive labels most (suggestions)."""
    return views.framing(_state(request), API, target=target, date_from=date_from,
                         date_to=date_to, source=source, max_documents=max_documents)


def run_analysis(state: AppState, article: Article, doc_id: str | None = None) -> Document:
    if len(article.text) > state.max_text:
        raise HTTPException(413, f"text longer than {state.max_text} characters")
    from svodka.pipeline import normalize_published

    try:
        published = normalize_published(article.published)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    with state.analyze_lock:
        return state.analyze(article.text, published=published, source=article.source,
                             url=article.url, title=article.title, id=doc_id)


@router.post("/analyze", summary="Analyse a text; nothing is stored")
def analyze(request: Request, article: Article) -> JSONResponse:
    """Text in, svodka/1 document out."""
    return JSONResponse(run_analysis(_state(request), article).to_dict())


@router.post("/documents", status_code=201, summary="Analyse a text and store it",
             responses={200: {"description": "An exact duplicate: not stored again"},
                        401: {"description": "Token missing or wrong"},
                        403: {"description": "Writes disabled on this server"}})
def store_document(request: Request, article: ArticleToStore) -> JSONResponse:
    """Needs the server's token (`Authorization: Bearer TOKEN`) when one is set, which it
    must be when the server is bound to anything but localhost."""
    state = _state(request)
    require_write(state, request)
    doc = run_analysis(state, article, article.id)
    return JSONResponse(*store_analysed(state, doc, API))


def require_write(state: AppState, request: Request) -> None:
    if not state.writes:
        raise HTTPException(403, f"writes are disabled: the server is bound to {state.host} "
                                 "without a token (start it with --token)")
    if not security.token_ok(state.token, request.headers):
        raise HTTPException(401, "a valid token is needed to store documents "
                                 "(Authorization: Bearer TOKEN)",
                            headers={"WWW-Authenticate": "Bearer"})


def store_analysed(state: AppState, doc: Document, prefix: str) -> tuple[dict[str, Any], int]:
    """Store an analysed document; (response body, status)."""
    record = ArchiveRecord(doc, origin="api")
    try:
        from svodka.ingest import dedup

        record.minhash = dedup.signature(record.index_text().body.split())
    except ImportError:  # pragma: no cover - near-duplicate detection needs datasketch
        pass
    try:
        result = state.store.add_batch([record])
    except StoreError as exc:
        raise HTTPException(409, str(exc)) from None
    state.changed()
    if result.duplicates:
        existing = result.duplicates[0][1]
        return {"id": existing, "stored": False, "duplicate_of": existing,
                "href": views.doc_link(prefix, existing)}, 200
    near = result.near_duplicates[0][1] if result.near_duplicates else None
    return {"id": doc.id, "stored": True, "duplicate_of": None, "near_duplicate_of": near,
            "href": views.doc_link(prefix, doc.id), "document": doc.to_dict()}, 201
