"""The JSON API on both archive backends: documents, entities, quotes, events, labels,
search, framing, analysis and storing."""

from __future__ import annotations

from typing import Any

import pytest
from webdocs import BASE_URL, HOSTILE_ID

from svodka.doc import Document

TOKAEV = "Касым-Жомарт Токаев"


def test_health_and_overview(client: Any) -> None:
    assert client.get("/api/health").json()["status"] == "ok"
    data = client.get("/api/archive").json()
    assert data["counts"]["documents"] == 6
    assert data["counts"]["quotes"] > 0 and data["counts"]["labels"] > 0
    assert any(e["kb_id"] == "Q159" for e in data["entities"])
    assert len(data["recent"]) == 6
    assert all(r["href"].startswith("/api/documents/") for r in data["recent"])


def test_documents_list_pagination(client: Any) -> None:
    first = client.get("/api/documents?limit=4").json()
    assert first["total"] == 6 and len(first["items"]) == 4 and first["more"]
    assert first["prev"] is None and first["next"]
    second = client.get(first["next"]).json()
    assert len(second["items"]) == 2 and not second["more"] and second["next"] is None
    ids = [d["id"] for d in first["items"] + second["items"]]
    assert len(set(ids)) == 6
    # newest first, undated last: the hostile document is the only dated one
    assert ids[0] == HOSTILE_ID
    seed = next(d for d in first["items"] + second["items"] if d["counts"]["labels"] >= 5)
    assert seed["counts"]["quotes"] >= 5 and seed["counts"]["entities"] >= 5
    assert client.get("/api/documents?offset=100").json()["items"] == []
    assert client.get("/api/documents?limit=0").status_code == 422
    assert client.get("/api/documents?limit=5000").status_code == 422


def test_documents_filters(client: Any) -> None:
    data = client.get("/api/documents?source=ru.wikinews.org").json()
    assert data["total"] == 4
    assert {d["source"] for d in data["items"]} == {"ru.wikinews.org"}
    assert client.get("/api/documents?from=2022-01&to=2022-01").json()["total"] == 1
    bad = client.get("/api/documents?from=2022-13-01")
    assert bad.status_code == 400 and "date" in bad.json()["error"]


def test_one_document_is_svodka1(client: Any, seed_id: str) -> None:
    r = client.get(f"/api/documents/{seed_id}")
    assert r.status_code == 200
    doc = Document.from_dict(r.json())
    assert doc.schema == "svodka/1" and doc.id == seed_id
    assert doc.validate() == []
    assert any(e.kb_id == "Q200881" for e in doc.entities)
    missing = client.get("/api/documents/nope")
    assert missing.status_code == 404 and "nope" in missing.json()["error"]


def test_entities_lookup(client: Any) -> None:
    found = client.get("/api/entities", params={"name": "Токаева"}).json()
    assert found["items"][0]["kb_id"] == "Q200881"
    assert found["items"][0]["ref"] == "Q200881"
    top = client.get("/api/entities?type=LOC&limit=3").json()
    assert len(top["items"]) == 3 and all(e["type"] == "LOC" for e in top["items"])
    assert top["items"][0]["kb_id"] == "Q159"  # Россия: in most documents
    assert client.get("/api/entities?type=XYZ").status_code == 400


def test_entity_profile(client: Any) -> None:
    data = client.get("/api/entities/Q200881").json()
    assert data["entity"]["name"] == TOKAEV
    assert data["entity"]["wikidata"] == "https://www.wikidata.org/wiki/Q200881"
    assert data["documents"] == 1 and data["mentions"] >= 5
    assert data["timeline"] and sum(t["documents"] for t in data["timeline"]) == 1
    assert data["quotes"] and all(q["speaker"] == TOKAEV for q in data["quotes"])
    lemmas = {lb["lemma"] for lb in data["labels_by"]}
    assert "международный террорист" in lemmas
    intl = next(lb for lb in data["labels_by"] if lb["lemma"] == "международный террорист")
    assert intl["framing"] == "протестующий" and "/api/framing?target=" in intl["framing_href"]
    assert data["events"] and {e["role"] for e in data["events"]} <= {"actor", "recipient"}
    assert data["links"]["quotes"] == "/api/quotes?speaker=Q200881"


def test_entity_without_qid_by_archive_id(client: Any) -> None:
    found = client.get("/api/entities", params={"name": "Голунов"}).json()["items"]
    golunov = next(e for e in found if e["kb_id"] is None)
    assert golunov["ref"].isdigit()
    data = client.get(golunov["href"]).json()
    assert data["entity"]["name"] == golunov["name"] and data["entity"]["wikidata"] is None
    assert client.get("/api/entities/Q1").status_code == 404
    assert client.get("/api/entities/99999999999999999999999").status_code == 404


def test_quotes(client: Any) -> None:
    data = client.get("/api/quotes", params={"speaker": "Токаев", "limit": 3}).json()
    assert len(data["items"]) == 3 and data["more"] and data["next"]
    assert all(q["speaker"] == TOKAEV for q in data["items"])
    assert all("#a-q" in q["href"] for q in data["items"])
    rest = client.get(data["next"]).json()["items"]
    assert rest and not {q["text"] for q in rest} & {q["text"] for q in data["items"]}


def test_labels(client: Any) -> None:
    data = client.get("/api/labels", params={"target": "протестующие"}).json()
    assert data["items"]
    assert any(lb["holder"] == TOKAEV and lb["lemma"] == "международный террорист"
               for lb in data["items"])
    by = client.get("/api/labels", params={"holder": "Q200881"}).json()["items"]
    assert by and all(lb["holder_kb_id"] == "Q200881" for lb in by)


def test_events_with_timeline_and_places(client: Any) -> None:
    data = client.get("/api/events", params={"country": "KZ", "limit": 5}).json()
    assert data["total"] >= 5 and len(data["items"]) == 5
    assert sum(t["count"] for t in data["timeline"]) == data["total"]
    almaty = next(p for p in data["places"] if p["name"] == "Алматы")
    assert almaty["lat"] == pytest.approx(43.3, abs=0.2)
    assert almaty["lon"] == pytest.approx(76.9, abs=0.2)
    assert almaty["href"] == "/api/entities/Q35493"
    assault = client.get("/api/events?type=assault").json()
    assert assault["items"] and {e["type"] for e in assault["items"]} == {"ASSAULT"}
    assert {t["type"] for t in assault["timeline"]} == {"ASSAULT"}
    actor = client.get("/api/events", params={"actor": "Q200881"}).json()
    assert actor["items"] and all(TOKAEV in e["actors"] for e in actor["items"])
    by_year = client.get("/api/events?granularity=year").json()
    assert by_year["granularity"] == "year"
    assert all(t["period"] is None or len(t["period"]) == 4 for t in by_year["timeline"])


@pytest.mark.parametrize("query, word", [
    ("type=BOMBING", "PLOVER"), ("country=K1", "alpha-2"), ("from=2022-02-30", "date"),
    ("from=2022-05&to=2022-01", "after"), ("granularity=week", "granularity"),
])
def test_events_bad_filters(client: Any, query: str, word: str) -> None:
    r = client.get(f"/api/events?{query}")
    assert r.status_code in (400, 422)
    assert word in r.json()["error"]


def test_search(client: Any, seed_id: str) -> None:
    data = client.get("/api/search", params={"q": "Токаева"}).json()
    assert data["total"] >= 1 and data["hits"][0]["id"] == seed_id
    hit = data["hits"][0]
    assert hit["href"] == f"/api/documents/{seed_id}" and hit["highlights"]
    by_entity = client.get("/api/search", params={"entity": "Q7747"}).json()
    assert by_entity["total"] == 2 and by_entity["entities"][0]["ref"] == "Q7747"
    assert client.get("/api/search?q=").status_code == 400
    assert client.get("/api/search", params={"type": "NOPE"}).status_code == 400


def test_framing(client: Any) -> None:
    data = client.get("/api/framing", params={"target": "протестующий"}).json()
    assert data["matched_documents"] >= 1
    holder = data["by_holder"][0]
    assert holder["name"] == TOKAEV and holder["href"] == "/api/entities/Q200881"
    lemmas = {lc["lemma"] for lc in holder["labels"]}
    assert "международный террорист" in lemmas
    ev = next(lc for lc in holder["labels"]
              if lc["lemma"] == "международный террорист")["evidence"][0]
    assert "международными террористами" in ev["sentence"]
    assert ev["href"].startswith("/api/documents/") and "#a-l" in ev["href"]
    assert data["by_outlet"]
    suggestions = client.get("/api/framing").json()
    assert suggestions["target"] is None
    assert any(t["target"] == "протестующий" for t in suggestions["targets"])
    assert client.get("/api/framing", params={"target": "!!!"}).status_code == 400


def test_analyze_stores_nothing(client: Any) -> None:
    before = client.get("/api/health").json()["documents"]
    r = client.post("/api/analyze", json={
        "text": "Президент России Владимир Путин 5 января провёл переговоры с Касым-Жомартом "
                "Токаевым. «Мы поможем», — заявил Путин.", "published": "2022-01-06",
        "source": "example.ru"})
    assert r.status_code == 200
    doc = Document.from_dict(r.json())
    assert doc.validate() == [] and doc.source == "example.ru"
    assert {"Q7747", "Q200881"} <= {e.kb_id for e in doc.entities}
    assert client.get("/api/health").json()["documents"] == before


@pytest.mark.parametrize("body, status", [
    ({"text": ""}, 422), ({}, 422), ({"text": 5}, 422),
    ({"text": "Путин заявил.", "published": "вчера"}, 422),
    ({"text": "Путин заявил.", "published": "2022-02-30"}, 422),
])
def test_analyze_bad_input(client: Any, body: dict[str, Any], status: int) -> None:
    r = client.post("/api/analyze", json=body)
    assert r.status_code == status and "error" in r.json()


def test_analyze_text_limit(archive: Any) -> None:
    from fastapi.testclient import TestClient

    from svodka.api import create_app

    small = TestClient(create_app(archive, max_text=50), base_url=BASE_URL)
    r = small.post("/api/analyze", json={"text": "Путин заявил. " * 10})
    assert r.status_code == 413 and "50 characters" in r.json()["error"]


def test_store_document(empty_store: Any) -> None:
    from fastapi.testclient import TestClient

    from svodka.api import create_app

    c = TestClient(create_app(empty_store), base_url=BASE_URL)
    text = "Президент России Владимир Путин провёл совещание с членами правительства."
    r = c.post("/api/documents", json={"text": text, "source": "kremlin.ru",
                                       "published": "2022-03-01", "id": "kremlin-1"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["stored"] and body["id"] == "kremlin-1"
    assert body["href"] == "/api/documents/kremlin-1"
    stored = c.get(body["href"]).json()
    assert stored["text"] == text and stored["source"] == "kremlin.ru"
    assert c.get("/api/documents").json()["total"] == 1
    again = c.post("/api/documents", json={"text": text, "source": "kremlin.ru"})
    assert again.status_code == 200 and again.json()["duplicate_of"] == "kremlin-1"
    assert c.get("/api/entities/Q7747").json()["documents"] == 1


def test_openapi_lists_every_endpoint(client: Any) -> None:
    spec = client.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    for path in ("/api/documents", "/api/documents/{doc_id}", "/api/entities",
                 "/api/entities/{ref}", "/api/quotes", "/api/events", "/api/labels",
                 "/api/search", "/api/framing", "/api/analyze", "/api/archive"):
        assert path in paths
    assert "post" in spec["paths"]["/api/documents"]
    assert not any(p.startswith("/entities") for p in paths)  # pages are not API
