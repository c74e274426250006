"""The svodka web application: JSON API under /api, HTML pages for people, one archive.

    from svodka.api import create_app
    app = create_app("archive.sqlite")                 # or a Store, or postgresql://...
    app = create_app(store, host="0.0.0.0", token="s3cret")   # exposed: writes need the token

Run it with ``svodka serve`` (uvicorn). Every HTML page has a JSON twin: the same path
under /api with the same query string (``/events?type=ASSAULT`` and
``/api/events?type=ASSAULT``); the article page's twin is the svodka/1 document itself.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from svodka import __version__
from svodka.api import security
from svodka.api.views import AppState, NotFound
from svodka.doc import Document
from svodka.errors import SvodkaError
from svodka.store import Store, StoreError, open_store
from svodka.store.query import QueryError

HERE = Path(__file__).resolve().parent
DEFAULT_MAX_TEXT = 100_000  # characters of one article to analyse


def templates_env() -> Environment:
    from svodka.api import pages

    env = Environment(loader=FileSystemLoader(str(HERE / "templates")),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(pages.FILTERS)
    env.globals.update(version=__version__)
    return env


def create_app(store: str | Store | None = None, *, token: str | None = None,
               host: str = "127.0.0.1", max_body: int = security.DEFAULT_MAX_BODY,
               max_text: int = DEFAULT_MAX_TEXT,
               allowed_hosts: list[str] | None = None,
               analyze: Callable[..., Document] | None = None) -> FastAPI:
    """The web app over one archive (a URL opened here, or an open ``Store`` the caller
    keeps and closes). ``host`` is the address the server binds to: loopback keeps writes
    open to local users (unless ``token`` is given); anything else needs ``token`` for
    writes. ``allowed_hosts`` (default: the loopback names when bound to loopback, any
    otherwise) are the Host headers answered."""
    token = token or os.environ.get("SVODKA_TOKEN") or None
    owns = not isinstance(store, Store)
    opened: Store = open_store(store) if not isinstance(store, Store) else store
    loopback = security.is_loopback(host)
    if analyze is None:
        from svodka.pipeline import analyze as run

        analyze = run
    state = AppState(store=opened, token=token, writes=bool(token) or loopback, host=host,
                     max_text=max_text, analyze=analyze, owns_store=owns)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if state.owns_store:
            state.store.close()

    app = FastAPI(
        title="svodka", version=__version__, lifespan=lifespan,
        description="Structured, evidence-linked facts from Russian news: documents "
                    "(svodka/1), entities, quotes, PLOVER events, labels and framing, from "
                    "a svodka archive. Every HTML page has a JSON twin under /api.",
        docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    app.state.svodka = state
    app.state.templates = templates_env()
    hosts = (frozenset(h.lower() for h in allowed_hosts) if allowed_hosts is not None
             else security.LOOPBACK_NAMES if loopback else None)
    app.add_middleware(security.Guard, max_body=max_body, allowed_hosts=hosts)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    _errors(app)

    from svodka.api import routes_api, routes_pages, routes_stories

    app.include_router(routes_api.router)
    app.include_router(routes_stories.router)
    app.include_router(routes_pages.router)
    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def _error(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    from svodka.api.pages import render

    return render(request, "error.html", {"status": status, "message": message},
                  status=status)


def _errors(app: FastAPI) -> None:
    @app.exception_handler(QueryError)
    async def query_error(request: Request, exc: QueryError) -> Response:
        return _error(request, 400, str(exc))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return _error(request, 404, str(exc))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        return _error(request, 503, str(exc))

    @app.exception_handler(SvodkaError)
    async def svodka_error(request: Request, exc: SvodkaError) -> Response:
        return _error(request, 422, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        response = _error(request, exc.status_code, message)
        for k, v in (exc.headers or {}).items():
            response.headers[k] = v
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = [_problem(e) for e in exc.errors()]
        if _wants_json(request):
            return JSONResponse({"error": "; ".join(problems),
                                 "problems": jsonable_encoder(exc.errors())},
                                status_code=422)
        return _error(request, 422, "; ".join(problems))


def _problem(error: dict[str, Any]) -> str:
    where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "body"))
    return f"{where}: {error.get('msg', 'invalid')}" if where else str(error.get("msg"))
