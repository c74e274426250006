"""`svodka serve`: the web UI and REST API over an archive (and ``serve_demo`` for
`svodka demo`).

The server binds 127.0.0.1 by default. Bound to another address it refuses writes unless
started with a token (``--token`` or $SVODKA_TOKEN), which POST /api/documents then needs.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
from typing import Annotated

import typer

from svodka.errors import SvodkaError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def _check_port(host: str, port: int) -> None:
    """Fail early, in one line, when the address cannot be bound."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            raise SvodkaError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); "
                              "pick another port with --port") from None


def url_of(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def run_server(db_url: str | None, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
               token: str | None = None, *, max_body: int | None = None,
               quiet: bool = False) -> None:
    """Serve the web UI and API on ``db_url`` until Ctrl-C."""
    try:
        import uvicorn

        from svodka.api.app import create_app
        from svodka.api.security import DEFAULT_MAX_BODY, is_loopback
    except ModuleNotFoundError as exc:
        raise SvodkaError(f"the web server needs the 'web' extra ({exc.name} is missing): "
                          "pip install 'svodka[web]'") from None
    from svodka.store import default_db_url

    token = token or os.environ.get("SVODKA_TOKEN") or None
    _check_port(host, port)
    app = create_app(db_url or default_db_url(), token=token, host=host,
                     max_body=max_body or DEFAULT_MAX_BODY)
    state = app.state.svodka
    url = url_of(host, port)
    if not quiet:
        print(f"svodka: serving {state.store.display_url}", file=sys.stderr)
        if not is_loopback(host):
            print("svodka: listening on all interfaces; " + (
                "writes need the token" if token else
                "writes are disabled (start with --token to allow POST /api/documents)"),
                file=sys.stderr)
        print(f"svodka web UI: {url}  (API: {url}api/docs; Ctrl-C to stop)", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False,
                    date_header=False)


def serve_demo(db_url: str, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve the UI on the demo archive: prints the URL, serves until Ctrl-C. (`svodka demo
    --no-serve` and the tests skip it.)"""
    run_server(db_url, host, port)


def serve(
    db: Annotated[str | None, typer.Option(
        "--db", help="Archive: file path, sqlite:///path or postgresql://... "
                     "[default: $SVODKA_DB or the user's data dir]")] = None,
    host: Annotated[str, typer.Option(help="Address to bind (0.0.0.0: every interface; "
                                           "writes then need --token).")] = DEFAULT_HOST,
    port: Annotated[int, typer.Option(help="Port.")] = DEFAULT_PORT,
    token: Annotated[str | None, typer.Option(
        help="Token for writes (POST /api/documents) [default: $SVODKA_TOKEN].")] = None,
    max_body: Annotated[int, typer.Option(help="Largest request body, bytes.")] = 1 << 20,
) -> None:
    """Serve the web UI and the REST API (OpenAPI at /api/openapi.json) over an archive."""
    from pathlib import Path

    from svodka.store import default_db_url, is_postgres_url

    url = db or default_db_url()
    if not is_postgres_url(url):
        path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else url
        if not Path(path).expanduser().exists():
            print(f"svodka: note: no archive at {path} yet; an empty one is created "
                  "(svodka ingest or `svodka demo` fill it)", file=sys.stderr)
    if not 0 < port < 65536:
        raise typer.BadParameter("port must be between 1 and 65535", param_hint="--port")
    run_server(url, host, port, token, max_body=max_body)


def register(app: typer.Typer) -> None:
    """Add `svodka serve` to the `svodka` app."""
    app.command()(serve)
