"""http(s) inputs, served from a local HTTP server on 127.0.0.1."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from svodka.errors import InputError
from svodka.ingest.fetch import fetch
from svodka.ingest.sources import InputFailure, InputItem, Source, read_source

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CAP = 200_000


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # quiet
        pass

    def send(self, body: bytes, ctype: str, status: int = 200, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        path = self.path
        if path == "/page.html":
            self.send((FIXTURES / "page.html").read_bytes(), "text/html; charset=utf-8")
        elif path == "/feed":
            self.send((FIXTURES / "feed.atom").read_bytes(), "application/atom+xml")
        elif path == "/feed.xml":
            self.send((FIXTURES / "feed.rss").read_bytes(), "text/xml")
        elif path == "/plain":
            self.send((FIXTURES / "rostov_cp1251.txt").read_bytes(), "text/plain")
        elif path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/page.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/big":
            self.send(b"x" * (CAP + 1), "text/plain")
        elif path == "/big-stream":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(30):
                self.wfile.write(b"y" * 10_000)
        elif path == "/slow":
            time.sleep(2)
            self.send("Медленный ответ".encode(), "text/plain")
        elif path == "/empty":
            self.send(b"", "text/html")
        else:
            self.send(b"not found", "text/plain", status=404)


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # clients hang up on purpose
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                "all_proxy"):
        monkeypatch.delenv(var, raising=False)


def read_url(url: str, **kw) -> list[InputItem | InputFailure]:
    return list(read_source(Source(url, is_url=True), **kw))


def test_html_page_from_a_url(server):
    (item,) = read_url(f"{server}/page.html")
    assert isinstance(item, InputItem)
    assert item.title == "Мажилис Казахстана одобрил поправки о мирных собраниях"
    assert item.source == "Степной вестник" and item.published == "2022-03-15"
    assert item.origin == f"{server}/page.html"


def test_feeds_from_urls(server):
    atom = read_url(f"{server}/feed")
    assert [type(x) for x in atom] == [InputItem, InputItem]
    rss = read_url(f"{server}/feed.xml")  # text/xml: sniffed as a feed
    assert len(rss) == 3 and all(isinstance(x, InputItem) for x in rss)
    # a remote feed's relative link is not a local file: the item's own text is used
    assert rss[2].text == "Короткая аннотация."


def test_plain_text_and_redirects(server):
    (item,) = read_url(f"{server}/plain")
    assert isinstance(item, InputItem) and item.text.startswith("В Ростове-на-Дону")
    (page,) = read_url(f"{server}/redirect")
    assert isinstance(page, InputItem) and page.source == "Степной вестник"


@pytest.mark.parametrize("path, reason", [
    ("/missing", "HTTP 404 Not Found"),
    ("/big", "too large"),
    ("/big-stream", "too large"),
    ("/empty", "empty"),
])
def test_failures_are_one_line_reasons(server, path, reason):
    (failure,) = read_url(f"{server}{path}", max_bytes=CAP)
    assert isinstance(failure, InputFailure) and reason in failure.reason
    assert "\n" not in failure.reason


def test_timeout(server):
    started = time.monotonic()
    (failure,) = read_url(f"{server}/slow", timeout=0.3)
    assert isinstance(failure, InputFailure) and failure.reason == "timed out after 0.3 s"
    assert time.monotonic() - started < 1.5


def test_connection_refused():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(InputError, match="cannot fetch"):
        fetch(f"http://127.0.0.1:{port}/", timeout=2)
