"""The HTML pages: content, highlights, links, and that every page has a JSON twin."""

from __future__ import annotations

import re
from typing import Any

import pytest
from webdocs import BASE_URL

TOKAEV = "Касым-Жомарт Токаев"
PAGES = ["/", "/documents", "/documents?limit=2&offset=2", "/entities", "/entities?name=Путин",
         "/entities/Q200881", "/quotes?speaker=Токаев", "/labels?target=протестующие",
         "/events", "/events?type=ASSAULT&country=KZ", "/search?q=Токаева",
         "/framing", "/framing?target=протестующий", "/api/docs"]


def twin(html: str) -> str | None:
    found = re.search(r'class="json-twin" href="([^"]+)"', html)
    return found.group(1).replace("&amp;", "&") if found else None


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_json_twin(client: Any, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200, page.text[:300]
    assert page.headers["content-type"].startswith("text/html")
    url = twin(page.text)
    assert url is not None, f"{path}: no JSON twin link"
    data = client.get(url)
    assert data.status_code == 200, (url, data.text[:300])
    assert data.headers["content-type"].startswith("application/json")


def test_article_twin_is_the_document(client: Any, seed_id: str) -> None:
    page = client.get(f"/documents/{seed_id}")
    assert twin(page.text) == f"/api/documents/{seed_id}"


def test_article_page_highlights(client: Any, seed_id: str) -> None:
    html = client.get(f"/documents/{seed_id}").text
    # quotes, with their speaker shown
    assert f'data-speaker="{TOKAEV}"' in html
    assert html.count('class="hl-quote') >= 5
    # labels, events with type, entities by type, dates
    assert re.search(r'class="[^"]*hl-label[^"]*"[^>]*>[^<]*международными террористами', html)
    assert 'data-ev="ASSAULT"' in html and "hl-event" in html
    assert "hl-ent hl-PER" in html and "hl-ent hl-LOC" in html and "hl-date" in html
    # side lists jump to anchors that exist
    jumps = set(re.findall(r'data-jump="([^"]+)"', html))
    anchors = set(re.findall(r'id="a-([^"]+)"', html))
    assert jumps and jumps <= anchors
    assert '<a class="entlink" href="/entities/Q200881">' in html
    assert "/framing?target=%D0%BF%D1%80%D0%BE%D1%82%D0%B5%D1%81%D1%82" in html  # протест...


def test_article_text_is_intact(client: Any, seed_id: str) -> None:
    """Removing the markup from the article gives back the text (escaped once)."""
    import html as html_lib

    from svodka.store import open_store  # noqa: F401 - the archive fixture is enough

    page = client.get(f"/documents/{seed_id}").text
    body = re.search(r'<div class="doc-text" id="doc-text">(.*?)</div>\n</div>', page, re.S)
    assert body is not None
    text = html_lib.unescape(re.sub(r"<[^>]+>", "", body.group(1)))
    original = client.get(f"/api/documents/{seed_id}").json()["text"]
    assert text == original


def test_entity_page(client: Any) -> None:
    html = client.get("/entities/Q200881").text
    assert f"<h1 class=\"t-PER\">{TOKAEV}</h1>" in html
    assert 'href="https://www.wikidata.org/wiki/Q200881"' in html
    assert '<svg class="bars"' in html and "<rect" in html
    assert "международными террористами" in html
    assert "Labels Касым-Жомарт Токаев uses" in html
    assert 'href="/framing?target=%D0%BF%D1%80%D0%BE%D1%82%D0%B5%D1%81%D1%82' in html
    assert client.get("/entities/Q1").status_code == 404


def test_events_page_map_and_timeline(client: Any) -> None:
    html = client.get("/events").text
    assert '<svg class="stacked"' in html
    assert '<svg class="worldmap"' in html and "Алматы" in html
    assert 'href="/static/vendor/world-110m.svg#world"' in html
    assert client.get("/static/vendor/world-110m.svg").status_code == 200
    bad = client.get("/events?type=NOPE")
    assert bad.status_code == 400 and "unknown event type" in bad.text


def test_search_page(client: Any) -> None:
    html = client.get("/search?q=Токаева").text
    assert "<mark>" in html and "Президент Казахстана" in html
    assert "documents" in html
    empty = client.get("/search")
    assert empty.status_code == 200 and "<ol class=\"hits\"" not in empty.text
    bad = client.get("/search?from=2022-13")
    assert bad.status_code == 400 and 'class="error"' in bad.text


def test_framing_page(client: Any) -> None:
    html = client.get("/framing?target=протестующий").text
    assert '<table class="matrix">' in html
    assert "международный террорист" in html  # a column
    assert TOKAEV in html  # a row
    assert "<mark>международными террористами</mark>" in html  # evidence
    landing = client.get("/framing").text
    assert "/framing?target=" in landing


def test_analyze_page(client: Any) -> None:
    form = client.get("/analyze")
    assert form.status_code == 200 and "<textarea" in form.text
    r = client.post("/analyze", data={"text": "Президент России Владимир Путин заявил, что "
                                              "переговоры прошли успешно.", "published": ""})
    assert r.status_code == 200
    assert 'class="hl-ent hl-PER"' in r.text or "hl-PER" in r.text
    assert 'id="doc-text"' in r.text
    empty = client.post("/analyze", data={"text": "  "})
    assert empty.status_code == 400


def test_analyze_page_can_store(empty_store: Any) -> None:
    from fastapi.testclient import TestClient

    from svodka.api import create_app

    c = TestClient(create_app(empty_store), base_url=BASE_URL)
    r = c.post("/analyze", data={"text": "Владимир Путин провёл совещание в Кремле.",
                                 "store": "1"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/documents/")
    assert c.get(r.headers["location"]).status_code == 200


def test_pagination_links(client: Any) -> None:
    html = client.get("/documents?limit=2").text
    assert 'rel="next" href="/documents?limit=2&amp;offset=2"' in html
    html = client.get("/documents?limit=2&offset=4").text
    assert 'rel="prev" href="/documents?limit=2&amp;offset=2"' in html
    assert 'rel="next"' not in html


def test_static_and_404(client: Any) -> None:
    assert client.get("/static/svodka.css").status_code == 200
    assert client.get("/static/svodka.js").status_code == 200
    r = client.get("/no/such/page")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]
    r = client.get("/api/no/such")
    assert r.status_code == 404 and r.json()["error"]
