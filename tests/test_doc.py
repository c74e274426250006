import json

import pytest

from svodka.doc import (
    Argument,
    DateExpr,
    Document,
    Entity,
    Event,
    Label,
    LemmaSpan,
    Mention,
    Quote,
    Sentence,
    Span,
)

TEXT = "Президент Казахстана Токаев заявил, что «всё спокойно». Это было 5 января."


def sample_doc() -> Document:
    doc = Document(text=TEXT, source="example.kz", published="2022-01-05")
    doc.sentences = [Sentence(0, 55), Sentence(56, 74)]
    doc.entities = [
        Entity("e1", "PER", "Касым-Жомарт Токаев", "Q200881", "KZ",
               [Mention(0, 20, "Президент Казахстана", "role"), Mention(21, 27, "Токаев", "surname")]),
        Entity("e2", "LOC", "Казахстан", "Q232", "KZ", [Mention(10, 20, "Казахстана")]),
    ]
    doc.dates = [DateExpr("d1", 65, 73, "5 января", "2022-01-05", "day")]
    doc.quotes = [Quote("q1", "direct", 41, 53, "всё спокойно",
                        Argument("e1", 21, 27, "Токаев"), LemmaSpan(28, 34, "заявил", "заявить"))]
    doc.events = [Event("v1", "CONSULT", Span(28, 34, "заявил"), actors=[Argument("e1", 21, 27, "Токаев")],
                        date="d1", reported_by="q1")]
    doc.labels = [Label("l1", Argument("e1", 21, 27, "Токаев"), Argument(None, 41, 53, "всё спокойно"),
                        LemmaSpan(41, 53, "всё спокойно", "всё спокойный"), quote="q1",
                        extra={"authorial": False})]
    return doc


def test_round_trip_is_exact():
    doc = sample_doc()
    data = doc.to_dict()
    again = Document.from_json(doc.to_json())
    assert again.to_dict() == data
    assert json.loads(again.to_json()) == data
    assert again == doc


def test_schema_keys_and_order():
    data = sample_doc().to_dict()
    assert list(data)[:8] == ["schema", "id", "source", "url", "title", "published", "language", "text"]
    assert data["schema"] == "svodka/1"
    assert data["quotes"][0]["speaker"] == {"entity": "e1", "start": 21, "end": 27, "text": "Токаев"}
    assert data["labels"][0]["authorial"] is False
    assert "state" not in data


def test_unknown_fields_survive_round_trip():
    data = sample_doc().to_dict()
    data["future_field"] = {"x": 1}
    data["entities"][0]["aliases"] = ["Токаев К.-Ж."]
    again = Document.from_dict(data)
    assert again.to_dict() == data


def test_validate_accepts_good_document():
    assert sample_doc().validate() == []


@pytest.mark.parametrize("breaker, expected", [
    (lambda d: setattr(d.entities[0].mentions[1], "text", "Токаева"), "text"),
    (lambda d: setattr(d.dates[0], "end", 999), "outside"),
    (lambda d: setattr(d.quotes[0].speaker, "entity", "e9"), "unknown entity"),
    (lambda d: setattr(d.events[0], "date", "d7"), "unknown date"),
    (lambda d: setattr(d.events[0], "reported_by", "q3"), "unknown quote"),
    (lambda d: setattr(d.events[0], "type", "PARTY"), "unknown type"),
    (lambda d: setattr(d.labels[0], "quote", "q2"), "unknown quote"),
    (lambda d: setattr(d.entities[1], "id", "e1"), "duplicate id"),
    (lambda d: setattr(d.entities[0].mentions[0], "kind", "nickname"), "unknown kind"),
])
def test_validate_finds_each_problem(breaker, expected):
    doc = sample_doc()
    breaker(doc)
    problems = doc.validate()
    assert problems and any(expected in p for p in problems), problems


def test_id_is_sha1_of_source_and_text():
    a = Document(text="Текст", source="a")
    b = Document(text="Текст", source="b")
    assert len(a.id) == 40 and a.id != b.id
    assert Document(text="Текст", id="my-id").id == "my-id"


def test_from_dict_rejects_non_object():
    with pytest.raises(TypeError):
        Document.from_dict(["not", "an", "object"])  # type: ignore[arg-type]
