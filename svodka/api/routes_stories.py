"""Stories: /api/stories (JSON) and /stories (HTML), one page per story."""

from __future__ import annotations

import math
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from svodka.api.pages import render
from svodka.api.views import AppState, Limit, NotFound, Offset, doc_link, entity_link
from svodka.stories import list_stories, story_detail
from svodka.stories.view import StoryNotFound

router = APIRouter()
MinDocuments = Annotated[int, Query(ge=1, le=10_000,
                                    description="Only stories with at least this many "
                                                "documents.")]


def _state(request: Request) -> AppState:
    state: AppState = request.app.state.svodka
    return state


def stories_page(state: AppState, prefix: str, limit: int, offset: int,
                 min_documents: int) -> dict[str, Any]:
    data = list_stories(state.store, limit=limit, offset=offset, min_documents=min_documents)
    for item in data["items"]:
        item["href"] = f"{prefix}/stories/{item['id']}"
    return data


def story(state: AppState, prefix: str, story_id: str) -> dict[str, Any]:
    try:
        data = story_detail(state.store, story_id)
    except StoryNotFound as exc:
        raise NotFound(str(exc)) from None
    for d in data["documents_list"]:
        d["href"] = doc_link(prefix, d["id"])
    for e in data["timeline"]:
        for m in e["evidence"]:
            m["href"] = doc_link(prefix, m["document"])
    for n in data["network"]["nodes"]:
        n["href"] = entity_link(prefix, n["kb_id"] or n["name"])
    return data


@router.get("/api/stories", summary="Stories, the most recent first (twin of /stories)")
def api_stories(request: Request, limit: Limit = 20, offset: Offset = 0,
                min_documents: MinDocuments = 1) -> dict[str, Any]:
    """Groups of stored articles about the same story, with their days and outlets."""
    return stories_page(_state(request), "/api", limit, offset, min_documents)


@router.get("/api/stories/{story_id}", summary="One story (twin of /stories/{id})")
def api_story(request: Request, story_id: str) -> dict[str, Any]:
    """Documents and outlets, the timeline of merged events (distinct events with all their
    mentions and sources), framing per target (labels per outlet and per holder) and the
    entity co-occurrence network."""
    return story(_state(request), "/api", story_id)


@router.get("/stories", response_class=HTMLResponse, include_in_schema=False)
def stories_html(request: Request, limit: Limit = 20, offset: Offset = 0,
                 min_documents: MinDocuments = 1) -> HTMLResponse:
    data = stories_page(_state(request), "", limit, offset, min_documents)
    return render(request, "stories.html", {"data": data, "error": None})


@router.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
def story_html(request: Request, story_id: str) -> HTMLResponse:
    from svodka.api.routes_pages import matrix

    data = story(_state(request), "", story_id)
    tables = [{"target": t["target"], "holders": matrix(t["by_holder"]),
               "outlets": matrix(t["by_outlet"])} for t in data["framing"]]
    return render(request, "story.html", {"data": data, "tables": tables,
                                          "graph": network_layout(data["network"]),
                                          "error": None})


def network_layout(network: dict[str, Any], size: int = 520) -> dict[str, Any]:
    """Nodes on a circle (the most mentioned first), edges as lines: an SVG drawing."""
    nodes = network["nodes"]
    n = max(len(nodes), 1)
    r = size / 2 - 90
    top = max((x["mentions"] for x in nodes), default=1)
    placed = {}
    for i, node in enumerate(nodes):
        angle = 2 * math.pi * i / n - math.pi / 2
        placed[node["id"]] = {**node, "x": round(size / 2 + r * math.cos(angle), 1),
                              "y": round(size / 2 + r * math.sin(angle), 1),
                              "r": round(4 + 10 * math.sqrt(node["mentions"] / top), 1),
                              "anchor": "start" if math.cos(angle) >= 0 else "end",
                              "quoted": quote(node["id"], safe="")}
    heaviest = max((e["sentences"] for e in network["edges"]), default=1)
    lines = [{"x1": placed[e["source"]]["x"], "y1": placed[e["source"]]["y"],
              "x2": placed[e["target"]]["x"], "y2": placed[e["target"]]["y"],
              "width": round(0.5 + 4 * e["sentences"] / heaviest, 2), **e}
             for e in network["edges"] if e["source"] in placed and e["target"] in placed]
    return {"size": size, "nodes": list(placed.values()), "lines": lines}
