"""Search and the query functions on both backends, including hostile input."""

from __future__ import annotations

import pytest
from archive_docs import kz_doc, plain_doc, record

from svodka.store import query as q
from svodka.store.fts import QueryError, parse_query

HOSTILE = [
    "'); DROP TABLE documents; --",
    '"unbalanced AND OR (',
    "' OR 1=1 --",
    "NEAR(токаев алматы, 2)",
    "title:токаев",
    "{title body}: токаев",
    "токаев*",
    "^токаев",
    "токаев:*",
    "a & b | !c",
    "!!! ??? ***",
    "%_\\",
    "AND",
    "OR токаев",
    "токаев OR",
    "токаев OR OR алматы",
    "- -",
    "NOT",
    "-токаев",
    "токаев -",
    '""',
    "\x00\x01",
    "x" * 2000,
    "токаев " * 40,
    "\"",
    "(((",
    ")",
    "Токаев\"; DELETE FROM entities; --",
]


@pytest.fixture
def archive(store):
    news = [
        kz_doc(),
        plain_doc("Курс рубля укрепился после решения Центробанка сохранить ключевую ставку. "
                  "Председатель Банка России Эльвира Набиуллина выступила с заявлением.",
                  title="Курс рубля укрепился", published="2022-04-29", source="finance.ru"),
        plain_doc("Мэр Новосибирска поблагодарил волонтёров марафона. В забеге приняли "
                  "участие три тысячи бегунов, сообщили в мэрии Новосибирска.",
                  title="Марафон в Новосибирске", published="2022-05-15", source="sib.ru"),
        plain_doc("Токаева встретили в Москве. Президент Казахстана прилетел с визитом и "
                  "провёл переговоры о поставках зерна.", title="Визит в Москву",
                  published="2022-02-10", source="Kazinform"),
    ]
    store.add_batch([record(d) for d in news])
    return store


def titles(results) -> list[str | None]:
    return [h.title for h in results.hits]


def test_any_word_form_finds_the_others(archive):
    assert "Токаев назвал протестующих террористами" in titles(q.search(archive, "Токаева"))
    assert "Визит в Москву" in titles(q.search(archive, "Токаев"))
    assert titles(q.search(archive, "протестующие")) == ["Токаев назвал протестующих "
                                                         "террористами"]
    assert titles(q.search(archive, "рублю")) == ["Курс рубля укрепился"]
    assert titles(q.search(archive, "Новосибирском")) == ["Марафон в Новосибирске"]


def test_operators(archive):
    both = q.search(archive, "Токаев OR рубль")
    assert both.total == 3
    assert q.search(archive, "Токаев -Москва").total == 1
    assert q.search(archive, "Токаев NOT Москва").total == 1
    assert q.search(archive, "Токаев AND Москва").total == 1
    assert q.search(archive, '"ключевую ставку"').total == 1
    assert q.search(archive, '"ставку ключевую"').total == 0
    assert q.search(archive, "Касым-Жомарт").total == 1


def test_ranking_prefers_titles(archive):
    res = q.search(archive, "Новосибирск OR рубль")
    assert res.total == 2 and all(h.score > 0 for h in res.hits)


def test_snippets_highlight_the_matched_words(archive):
    (hit,) = q.search(archive, "Центробанк ставка").hits
    marked = [hit.snippet[s:e] for s, e in hit.highlights]
    assert "Центробанка" in marked and "ставку" in marked


def test_filters(archive):
    assert q.search(archive, "", entity="Q200881").total == 1
    assert q.search(archive, "", entity="Токаева").total == 1
    assert q.search(archive, "", entity="Токаев", type="LOC").total == 0
    assert q.search(archive, "", type="ASSAULT").total == 1
    assert q.search(archive, "", type="SANCTION").total == 0
    assert q.search(archive, "", date_from="2022-04", date_to="2022-05-31").total == 2
    assert q.search(archive, "", date_from="2022-05-16").total == 0
    assert q.search(archive, "", source="KAZINFORM").total == 1
    assert titles(q.search(archive, "", date_to="2022-02")) == ["Визит в Москву",
                                                              "Токаев назвал протестующих "
                                                              "террористами"]


def test_paging(archive):
    first = q.search(archive, "", date_from="2022", limit=2)
    second = q.search(archive, "", date_from="2022", limit=2, offset=2)
    assert first.total == second.total == 4
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}


@pytest.mark.parametrize("bad, message", [
    ('"unbalanced AND OR (', "unbalanced quote"),
    ("OR токаев", "OR"),
    ("токаев OR", "OR"),
    ("-токаев", "only excludes"),
    ("токаев NOT", "nothing to exclude"),
    ("x" * 2000, "too long"),
])
def test_query_syntax_errors_are_one_line(bad, message):
    with pytest.raises(QueryError, match=message) as info:
        parse_query(bad)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("bad", [
    dict(type="EXPLODE"), dict(date_from="yesterday"), dict(date_from="2022-13-01"),
    dict(date_from="2022-05-01", date_to="2022-01-01"), dict(limit=0), dict(offset=-1)])
def test_bad_filters_are_query_errors(archive, bad):
    with pytest.raises(QueryError):
        q.search(archive, "токаев", **bad)


def test_empty_query_without_filters_is_an_error(archive):
    with pytest.raises(QueryError, match="empty"):
        q.search(archive, "  ")
    with pytest.raises(QueryError):
        q.search(archive, "и в на")  # only function words


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_input_never_reaches_sql(archive, hostile):
    before = archive.counts()
    for call in (lambda: q.search(archive, hostile),
                 lambda: q.search(archive, "токаев", entity=hostile),
                 lambda: q.search(archive, "токаев", source=hostile),
                 lambda: q.quotes(archive, speaker=hostile),
                 lambda: q.labels(archive, target=hostile, holder=hostile),
                 lambda: q.events(archive, actor=hostile),
                 lambda: q.entity_profile(archive, hostile)):
        try:
            call()
        except QueryError as exc:
            assert "\n" not in str(exc)
    assert archive.counts() == before


def test_quotes_by_speaker_in_any_form(archive):
    for speaker in ("Токаев", "Токаева", "Q200881", "Касым-Жомарт Токаев"):
        rows = q.quotes(archive, speaker=speaker)
        assert [r.text for r in rows] == ["террористические банды атаковали Алматы"], speaker
        assert rows[0].speaker == "Касым-Жомарт Токаев" and rows[0].cue == "заявить"
        assert rows[0].doc.source == "tengrinews.kz"
    assert q.quotes(archive, speaker="Набиуллина") == []
    assert len(q.quotes(archive)) == 1


def test_events_filters(archive):
    (ev,) = q.events(archive, type="ASSAULT", country="KZ", date_from="2022-01-01")
    assert (ev.type, ev.day, ev.location, ev.country) == ("ASSAULT", "2022-01-05", "Алматы",
                                                          "KZ")
    assert ev.actors == ["Силовики"] and ev.recipients == ["протестующим"]
    assert ev.evidence == "Силовики открыли огонь по протестующим в Алматы 5 января."
    assert q.events(archive, type="assault", country="kz") != []
    assert q.events(archive, type="ASSAULT", date_from="2022-01-06") == []
    assert q.events(archive, country="RU") == []
    assert q.events(archive, type="PROTEST") == []
    with pytest.raises(QueryError):
        q.events(archive, type="RIOT")
    with pytest.raises(QueryError):
        q.events(archive, country="Kazakhstan")


def test_labels_by_target_and_holder(archive):
    (row,) = q.labels(archive, target="протестующие")
    assert (row.holder, row.target, row.label, row.lemma) == (
        "Касым-Жомарт Токаев", "протестующих", "террористами", "террорист")
    assert q.labels(archive, holder="Токаев") != []
    assert q.labels(archive, holder="Q200881", target="протестующих") != []
    assert q.labels(archive, target="журналисты") == []


def test_entity_profile(archive):
    profile = q.entity_profile(archive, "Q200881")
    assert profile is not None
    assert profile.entity.name == "Касым-Жомарт Токаев"
    assert (profile.documents, profile.mentions) == (1, 2)
    assert profile.timeline == [{"month": "2022-01", "documents": 1, "mentions": 2}]
    assert len(profile.quotes) == 1 and len(profile.labels_by) == 1
    assert profile.labels_about == [] and profile.events == []
    almaty = q.entity_profile(archive, "Алматы")
    assert almaty is not None and [e.type for e in almaty.events] == ["ASSAULT"]
    assert q.entity_profile(archive, "Q1") is None
    assert profile.to_dict()["entity"]["kb_id"] == "Q200881"
