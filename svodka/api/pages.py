"""Rendering HTML pages: the template context every page gets, filters, the JSON twin."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

NAV = [("/", "Archive"), ("/documents", "Documents"), ("/search", "Search"),
       ("/events", "Events"), ("/quotes", "Quotes"), ("/labels", "Labels"),
       ("/framing", "Framing"), ("/stories", "Stories"), ("/entities", "Entities"), ("/analyze", "Analyse a text"),
       ("/api/docs", "API")]


def short(text: str | None, n: int = 120) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[:n - 1] + "…"


def day(value: str | None) -> str:
    return (value or "")[:10]


def http_url(value: str | None) -> str | None:
    """A link target only when it is an http(s) URL (never javascript: and the like)."""
    if not value:
        return None
    value = value.strip()
    return value if urlsplit(value).scheme.lower() in ("http", "https") else None


def entlink(name: str | None, ref: str | None) -> Markup:
    """An entity's name linked to its archive page (a filter: faster than a macro)."""
    if not ref:
        return escape(name or "?")
    return Markup('<a class="entlink" href="/entities/{}">{}</a>').format(
        quote(ref, safe=""), name or "?")


FILTERS = {"short": short, "day": day, "http_url": http_url, "entlink": entlink}


def json_twin(request: Request) -> str | None:
    """The JSON twin of an HTML page: /api + path, same query string."""
    path = request.url.path
    if path == "/":
        twin = "/api/archive"
    elif path == "/analyze":
        return None
    elif path == "/api/docs":
        return "/api/openapi.json"
    else:
        twin = "/api" + path
    return twin + (f"?{request.url.query}" if request.url.query else "")


def page_url(request: Request, **changes: Any) -> str:
    """This page's URL with some query parameters changed (None removes one)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    params += [(k, str(v)) for k, v in changes.items() if v not in (None, "")]
    return request.url.path + ("?" + urlencode(params) if params else "")


def render(request: Request, name: str, context: dict[str, Any], *, status: int = 200
           ) -> HTMLResponse:
    env = request.app.state.templates
    state = request.app.state.svodka
    page = {"request": request, "path": request.url.path, "nav": NAV,
            "json_url": json_twin(request), "page_url": lambda **kw: page_url(request, **kw),
            "writes": state.writes, "token_required": bool(state.token),
            "query": request.query_params}
    html = env.get_template(name).render(**page, **context)
    return HTMLResponse(html, status_code=status)
