"""HTML pages: server-rendered Jinja2 templates over the same views as the JSON API."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from svodka.api import queries as aq
from svodka.api import render as rd
from svodka.api import routes_api, views
from svodka.api.pages import render
from svodka.api.views import AppState, DateFrom, DateTo, Limit, Offset, Source, Text
from svodka.doc import PLOVER_TYPES, Document
from svodka.store.query import QueryError

router = APIRouter(include_in_schema=False)
PAGE = ""


def _state(request: Request) -> AppState:
    state: AppState = request.app.state.svodka
    return state


def _page(request: Request, name: str, context: dict[str, Any], error: str | None = None
          ) -> HTMLResponse:
    return render(request, name, {**context, "error": error}, status=400 if error else 200)


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    return _page(request, "index.html", {"data": views.overview(_state(request), PAGE)})


@router.get("/documents", response_class=HTMLResponse)
def documents(request: Request, source: Source = None, date_from: DateFrom = None,
              date_to: DateTo = None, limit: Limit = 20, offset: Offset = 0) -> HTMLResponse:
    try:
        data = views.documents(_state(request), PAGE, source=source, date_from=date_from,
                               date_to=date_to, limit=limit, offset=offset)
    except QueryError as exc:
        return _page(request, "documents.html", {"data": None}, str(exc))
    return _page(request, "documents.html", {"data": data})


def article_context(doc: Document, archive_links: bool) -> dict[str, Any]:
    """What the article partial draws: highlighted segments and the side lists (with links
    to the archive's entity pages when the document is stored)."""
    return {"doc": doc, "segments": rd.segments(doc),
            "lists": rd.side_lists(doc, archive_links), "archive_links": archive_links}


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document(request: Request, doc_id: str) -> HTMLResponse:
    state = _state(request)
    doc = views.document(state, doc_id)
    return _page(request, "document.html", {**article_context(doc, True),
                                            "info": aq.archive_info(state.store, doc.id)})


@router.get("/entities", response_class=HTMLResponse)
def entities(request: Request, name: Text = None,
             type: Annotated[str | None, Query(max_length=3)] = None, limit: Limit = 30,
             offset: Offset = 0) -> HTMLResponse:
    try:
        data = views.entities(_state(request), PAGE, name=name, type_=type, limit=limit,
                              offset=offset)
    except QueryError as exc:
        return _page(request, "entities.html", {"data": None}, str(exc))
    return _page(request, "entities.html", {"data": data})


@router.get("/entities/{ref}", response_class=HTMLResponse)
def entity(request: Request, ref: str,
           limit: Annotated[int, Query(ge=1, le=100)] = 10) -> HTMLResponse:
    data = views.entity(_state(request), PAGE, ref, limit=limit)
    return _page(request, "entity.html", {"data": data, "chart": rd.bar_chart(data["timeline"])})


@router.get("/quotes", response_class=HTMLResponse)
def quotes(request: Request, speaker: Text = None, date_from: DateFrom = None,
           date_to: DateTo = None, source: Source = None, limit: Limit = 20,
           offset: Offset = 0) -> HTMLResponse:
    try:
        data = views.quotes(_state(request), PAGE, speaker=speaker, date_from=date_from,
                            date_to=date_to, source=source, limit=limit, offset=offset)
    except QueryError as exc:
        return _page(request, "quotes.html", {"data": None}, str(exc))
    return _page(request, "quotes.html", {"data": data})


@router.get("/labels", response_class=HTMLResponse)
def labels(request: Request, target: Text = None, holder: Text = None,
           date_from: DateFrom = None, date_to: DateTo = None, source: Source = None,
           limit: Limit = 20, offset: Offset = 0) -> HTMLResponse:
    try:
        data = views.labels(_state(request), PAGE, target=target, holder=holder,
                            date_from=date_from, date_to=date_to, source=source, limit=limit,
                            offset=offset)
    except QueryError as exc:
        return _page(request, "labels.html", {"data": None}, str(exc))
    return _page(request, "labels.html", {"data": data})


@router.get("/events", response_class=HTMLResponse)
def events(request: Request, type: Annotated[str | None, Query(max_length=20)] = None,
           country: Annotated[str | None, Query(max_length=2)] = None, actor: Text = None,
           date_from: DateFrom = None, date_to: DateTo = None, source: Source = None,
           granularity: routes_api.Granularity = "auto", limit: Limit = 20,
           offset: Offset = 0) -> HTMLResponse:
    context: dict[str, Any] = {"types": PLOVER_TYPES, "groups": rd.EVENT_GROUPS}
    try:
        data = views.events(_state(request), PAGE, type_=type, country=country, actor=actor,
                            date_from=date_from, date_to=date_to, source=source,
                            granularity=granularity, limit=limit, offset=offset)
    except QueryError as exc:
        return _page(request, "events.html", {**context, "data": None}, str(exc))
    chart = rd.stacked_chart(data["timeline"], data["granularity"])
    present = sorted({r["type"] for r in data["timeline"]}, key=list(rd.EVENT_GROUPS).index)
    return _page(request, "events.html", {**context, "data": data, "chart": chart,
                                          "legend": present,
                                          "map": rd.map_view(data["places"])})


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: Annotated[str | None, Query(max_length=1000)] = None,
           entity: Text = None, type: Annotated[str | None, Query(max_length=20)] = None,
           date_from: DateFrom = None, date_to: DateTo = None, source: Source = None,
           duplicates: bool = False, limit: Limit = 10, offset: Offset = 0) -> HTMLResponse:
    context: dict[str, Any] = {"types": PLOVER_TYPES, "data": None}
    if not any((q, entity, type, date_from, date_to, source)):
        return _page(request, "search.html", context)
    try:
        data = views.search(_state(request), PAGE, query=q, entity_=entity, type_=type,
                            date_from=date_from, date_to=date_to, source=source,
                            duplicates=duplicates, limit=limit, offset=offset)
    except QueryError as exc:
        return _page(request, "search.html", context, str(exc))
    for hit in data["hits"]:
        hit["pieces"] = rd.mark(hit["snippet"], [tuple(h) for h in hit["highlights"]])
    return _page(request, "search.html", {**context, "data": data})


@router.get("/framing", response_class=HTMLResponse)
def framing(request: Request, target: Text = None, date_from: DateFrom = None,
            date_to: DateTo = None, source: Source = None,
            max_documents: Annotated[int, Query(ge=1, le=1000)] = 200) -> HTMLResponse:
    try:
        data = views.framing(_state(request), PAGE, target=target, date_from=date_from,
                             date_to=date_to, source=source, max_documents=max_documents)
    except QueryError as exc:
        return _page(request, "framing.html", {"data": None}, str(exc))
    tables = {}
    if data.get("target"):
        tables = {"holders": matrix(data["by_holder"]), "outlets": matrix(data["by_outlet"])}
    return _page(request, "framing.html", {"data": data, "tables": tables})


def matrix(usages: list[dict[str, Any]], max_columns: int = 16) -> dict[str, Any]:
    """Holders (or outlets) x label lemmas: the count and evidence in each cell."""
    totals: Counter[str] = Counter()
    for u in usages:
        for lc in u["labels"]:
            totals[lc["lemma"]] += lc["count"]
    columns = [lemma for lemma, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))]
    shown = columns[:max_columns]
    rows = []
    for u in usages:
        cells = {lc["lemma"]: lc for lc in u["labels"]}
        for lc in u["labels"]:
            for ev in lc["evidence"]:
                ev["pieces"] = _evidence_pieces(ev)
        rows.append({"usage": u, "cells": [cells.get(c) for c in shown],
                     "other": sum(lc["count"] for lc in u["labels"] if lc["lemma"] not in shown)})
    return {"columns": shown, "hidden": len(columns) - len(shown), "rows": rows}


def _evidence_pieces(ev: dict[str, Any]) -> list[tuple[str, bool]]:
    sentence, text = ev["sentence"], ev["text"]
    guess = max(ev["start"] - ev["sentence_start"] - 8, 0)
    at = sentence.find(text, guess)
    if at < 0:
        at = sentence.find(text)
    return rd.mark(sentence, [(at, at + len(text))] if at >= 0 else [])


@router.get("/analyze", response_class=HTMLResponse)
def analyze_form(request: Request) -> HTMLResponse:
    return _page(request, "analyze.html", {"form": {}})


@router.post("/analyze", response_class=HTMLResponse)
async def analyze_page(request: Request) -> Response:
    """The form: analyse the pasted text and show it highlighted (or store it)."""
    state = _state(request)
    raw = await request.body()
    fields = {k: v[0] for k, v in parse_qs(raw.decode("utf-8", "replace"),
                                           keep_blank_values=True).items()}
    form = {k: fields.get(k, "") for k in ("text", "published", "source", "title")}
    if not form["text"].strip():
        return _page(request, "analyze.html", {"form": form}, "paste a text to analyse")
    try:
        article = routes_api.Article(
            text=form["text"], published=form["published"] or None,
            source=form["source"] or None, url=None, title=form["title"] or None)
    except ValueError as exc:
        return _page(request, "analyze.html", {"form": form}, str(exc).splitlines()[0])

    def work() -> tuple[Document, dict[str, Any] | None]:
        doc = routes_api.run_analysis(state, article)
        if fields.get("store") != "1":
            return doc, None
        routes_api.require_write(state, _FormHeaders(fields.get("token", "")))  # type: ignore[arg-type]
        body, _status = routes_api.store_analysed(state, doc, PAGE)
        return doc, body

    try:
        doc, stored = await run_in_threadpool(work)
    except routes_api.HTTPException as exc:
        return _page(request, "analyze.html", {"form": form}, str(exc.detail))
    if stored is not None:
        return RedirectResponse(stored["href"], status_code=303)
    return _page(request, "analyze.html", {"form": form, **article_context(doc, False)})


class _FormHeaders:
    """The token typed in the form, where ``require_write`` looks for request headers."""

    def __init__(self, token: str) -> None:
        self.headers = {"x-svodka-token": token}


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The API reference, drawn from the OpenAPI schema (no external scripts)."""
    spec = request.app.openapi()
    ops = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            params = [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                       "description": p.get("description")
                       or p.get("schema", {}).get("description", ""),
                       "type": _schema_type(p.get("schema", {}))}
                      for p in op.get("parameters", [])]
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            ref = body.get("schema", {}).get("$ref", "")
            ops.append({"method": method.upper(), "path": path, "summary": op.get("summary"),
                        "description": op.get("description"), "params": params,
                        "body": ref.rsplit("/", 1)[-1] or None})
    schemas = spec.get("components", {}).get("schemas", {})
    models = {name: schemas[name] for name in ("Article", "ArticleToStore") if name in schemas}
    return _page(request, "api_docs.html", {"ops": ops, "models": models,
                                            "spec_title": spec.get("info", {})})


def _schema_type(schema: dict[str, Any]) -> str:
    if "type" in schema:
        return str(schema["type"])
    kinds = [s.get("type") for s in schema.get("anyOf", []) if s.get("type") != "null"]
    return "/".join(str(k) for k in kinds if k) or "string"
