"""Escaping of article text and user strings, size limits, Host/Origin checks, the token."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from webdocs import BASE_URL, HOSTILE_ID, XSS

RAW = ["<script>", "<img src=x", "<b>МИД</b>", "<i>бандит", 'href="javascript:']


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def assert_escaped(html: str) -> None:
    """Only svodka's own markup: no injected tag, event handler or javascript: link."""
    for raw in RAW:
        assert raw not in html, raw
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag not in ("img", "i", "iframe", "object", "embed"), tag
        if tag == "script":
            assert attrs == [("src", "/static/svodka.js"), ("defer", None)], attrs
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src", "action"):
                assert not (value or "").strip().lower().startswith("javascript:"), value


@pytest.mark.parametrize("path", [
    f"/documents/{HOSTILE_ID}", "/", "/documents", "/quotes", "/labels", "/events",
    "/search?q=провокация", "/entities?name=Иван", "/labels?holder=Иван",
    "/framing?target=протестующий", "/framing",
])
def test_stored_html_is_escaped(client: Any, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    assert_escaped(r.text)


def test_hostile_article_shows_its_text_escaped(client: Any) -> None:
    html = client.get(f"/documents/{HOSTILE_ID}").text
    assert "&lt;script&gt;window.__xss = 1;" in html
    assert "&lt;b&gt;МИД&lt;/b&gt;" in html
    assert 'data-speaker="&lt;img src=x onerror=' in html
    # the javascript: URL is not a link
    assert "javascript:" not in html.split("<main>")[1].split('id="doc-text"')[0]


def test_hostile_entity_page(client: Any) -> None:
    found = client.get("/api/entities", params={"name": "Иван"}).json()["items"]
    ref = next(e["ref"] for e in found if "<img" in e["name"])
    r = client.get(f"/entities/{ref}")
    assert r.status_code == 200
    assert_escaped(r.text)
    assert "&lt;img src=x onerror=" in r.text


@pytest.mark.parametrize("path", [
    "/search?q=<script>alert(1)</script>", "/entities/<script>alert(1)</script>",
    "/documents/<script>alert(1)</script>", "/quotes?speaker=<img src=x onerror=alert(1)>",
    "/framing?target=<script>alert(1)</script>", "/events?actor=<script>x</script>",
    "/labels?target=\"><script>alert(1)</script>",
])
def test_user_strings_are_escaped(client: Any, path: str) -> None:
    r = client.get(path)
    assert r.status_code in (200, 400, 404)
    assert "<script>alert" not in r.text and "<img src=x" not in r.text
    assert "<script>x" not in r.text


def test_analyze_page_escapes_the_pasted_text(client: Any) -> None:
    r = client.post("/analyze", data={"text": f"Владимир Путин заявил: «{XSS}».",
                                      "title": "<img src=x onerror=alert(1)>"})
    assert r.status_code == 200
    assert_escaped(r.text)
    assert "&lt;script&gt;" in r.text


def test_security_headers(client: Any) -> None:
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert "x-frame-options" in client.get("/api/health").headers
    assert "<script>" not in r.text.replace('<script src="/static/svodka.js" defer></script>', "")


@pytest.mark.parametrize("path, body", [
    ("/api/search?q=' OR 1=1 --", None), ("/api/entities/1 OR 1=1", None),
    ("/api/quotes?speaker=%'; DROP TABLE quotes; --", None),
    ("/api/events?actor=%00", None), ("/api/labels?target=%25_%5C", None),
    ("/api/documents/' OR '1'='1", None), ("/api/framing?target=' OR 1=1 --", None),
])
def test_hostile_queries_never_crash(client: Any, path: str, body: Any) -> None:
    r = client.get(path)
    assert r.status_code in (200, 400, 404, 422), r.text[:300]
    assert client.get("/api/health").json()["documents"] == 6


def test_request_size_limit(archive: Any) -> None:
    from fastapi.testclient import TestClient

    from svodka.api import create_app

    c = TestClient(create_app(archive, max_body=10_000), base_url=BASE_URL)
    big = {"text": "Путин заявил. " * 2000}
    r = c.post("/api/analyze", json=big)
    assert r.status_code == 413 and "larger than 10000 bytes" in r.json()["error"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the stream is counted
        yield b'{"text": "'
        for _ in range(100):
            yield "Путин заявил. ".encode() * 20
        yield b'"}'

    r = c.post("/api/analyze", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413
    r = c.post("/analyze", content=b"text=" + b"x" * 20_000,
               headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413


def test_host_header_checked_on_loopback(client: Any) -> None:
    r = client.get("/api/health", headers={"host": "evil.example"})
    assert r.status_code == 400 and "Host" in r.json()["error"]
    assert client.get("/api/health", headers={"host": "localhost:8000"}).status_code == 200
    assert client.get("/api/health", headers={"host": "[::1]:8000"}).status_code == 200


def test_cross_origin_writes_refused(client: Any) -> None:
    body = {"text": "Путин заявил."}
    r = client.post("/api/analyze", json=body, headers={"origin": "http://evil.example"})
    assert r.status_code == 403
    r = client.post("/api/analyze", json=body, headers={"sec-fetch-site": "cross-site"})
    assert r.status_code == 403
    r = client.post("/api/analyze", json=body, headers={"sec-fetch-site": "same-site"})
    assert r.status_code == 403  # another port of localhost
    r = client.post("/api/analyze", json=body, headers={"origin": "null"})
    assert r.status_code == 403
    r = client.post("/api/analyze", json=body, headers={"origin": BASE_URL})
    assert r.status_code == 200
    r = client.post("/api/analyze", json=body, headers={"origin": "null",
                                                        "sec-fetch-site": "same-origin"})
    assert r.status_code == 200


def _client(store: Any, **kwargs: Any) -> Any:
    from fastapi.testclient import TestClient

    from svodka.api import create_app

    return TestClient(create_app(store, **kwargs), base_url=BASE_URL)


def test_exposed_server_without_token_refuses_writes(empty_store: Any) -> None:
    c = _client(empty_store, host="0.0.0.0")
    r = c.post("/api/documents", json={"text": "Владимир Путин провёл совещание."})
    assert r.status_code == 403 and "--token" in r.json()["error"]
    assert c.post("/api/analyze", json={"text": "Путин заявил."}).status_code == 200
    assert c.get("/api/health", headers={"host": "svodka.example.org"}).status_code == 200
    assert "store in the archive" not in c.get("/analyze").text


def test_exposed_server_needs_the_token(empty_store: Any) -> None:
    c = _client(empty_store, host="0.0.0.0", token="s3cret-token")
    body = {"text": "Владимир Путин провёл совещание."}
    assert c.post("/api/documents", json=body).status_code == 401
    r = c.post("/api/documents", json=body, headers={"authorization": "Bearer wrong"})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    r = c.post("/api/documents", json=body, headers={"authorization": "Bearer s3cret-token"})
    assert r.status_code == 201
    r = c.post("/api/documents", json={"text": "Токаев провёл совещание в Астане."},
               headers={"x-svodka-token": "s3cret-token"})
    assert r.status_code == 201
    form = c.post("/analyze", data={"text": "Назарбаев выступил в Астане.", "store": "1",
                                    "token": "nope"}, follow_redirects=False)
    assert form.status_code == 400 and "token" in form.text
    form = c.post("/analyze", data={"text": "Назарбаев выступил в Астане.", "store": "1",
                                    "token": "s3cret-token"}, follow_redirects=False)
    assert form.status_code == 303


def test_local_server_with_token_needs_it_too(empty_store: Any) -> None:
    c = _client(empty_store, token="t")
    assert c.post("/api/documents", json={"text": "Путин заявил."}).status_code == 401


def test_token_from_environment(empty_store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SVODKA_TOKEN", "from-env")
    c = _client(empty_store, host="0.0.0.0")
    body = {"text": "Путин заявил."}
    assert c.post("/api/documents", json=body).status_code == 401
    r = c.post("/api/documents", json=body, headers={"authorization": "Bearer from-env"})
    assert r.status_code == 201


def test_loopback_detection() -> None:
    from svodka.api.security import host_name, is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert is_loopback("127.0.0.2") and is_loopback("[::1]")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")
    assert not is_loopback("example.org")
    assert host_name("127.0.0.1:8000") == "127.0.0.1"
    assert host_name("[::1]:80") == "::1" and host_name("LOCALHOST") == "localhost"
