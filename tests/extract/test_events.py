"""Events stage: PLOVER triggers checked against the parse, arguments, modality, export rows.

Real Russian news sentences (most from the seed article and the gold articles' genre):
light-verb constructions, nominal triggers, passives and impersonal forms, participles,
frames (requests, promises, threats), negation and conditions, context-dependent words.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from svodka.doc import Document, Event
from svodka.pipeline import ParseStage, Pipeline, PrepareStage, Stage

ROOT = Path(__file__).resolve().parents[2]


def _pipeline() -> Pipeline:
    """The stages events build on; stages of other capabilities join when they import."""
    from svodka.extract.entities import EntitiesStage
    from svodka.extract.events import EventsStage

    stages: list[Stage] = [PrepareStage(), ParseStage(), EntitiesStage()]
    for module, cls in (("svodka.extract.coref", "CorefStage"),
                        ("svodka.extract.dates", "DatesStage"),
                        ("svodka.extract.quotes", "QuotesStage")):
        try:
            stages.append(getattr(importlib.import_module(module), cls)())
        except Exception:  # noqa: BLE001 - a stage in progress elsewhere is simply skipped
            continue
    stages.append(EventsStage())
    return Pipeline(stages)


SENTENCES = {
    "martial": "Президент Казахстана Касым-Жомарт Токаев ввел чрезвычайное положение по "
               "всему Казахстану.",
    "internet": "По всей стране 5 января отключили Интернет.",
    "phone": "Президент Беларуси Александр Лукашенко провел телефонный разговор с Владимиром "
             "Путиным.",
    "attack": "Боевики совершили нападение на полицейский участок в Дагестане.",
    "passive": "Журналист Иван Голунов был задержан полицией в Москве.",
    "participle": "Задержанный накануне активист был отпущен без составления протокола.",
    "protesters": "Протестующие требуют отставки правительства.",
    "promise": "Токаев пообещал перевыборы в парламент.",
    "may": "Государства ОДКБ могут отправить свои войска в Казахстан.",
    "refuse": "Суд не отпустил активистку к ребенку.",
    "negated": "Полиция никого не задержала.",
    "condition": "Если протесты продолжатся, власти введут комендантский час.",
    "threat": "Мы захватим вертолет и тех, кто стоял за этой атакой.",
    "request": "Токаев обратился к ОДКБ с просьбой о помощи.",
    "clash": "В результате столкновений погибли три человека.",
    "accident": "В ДТП на трассе погибли два человека.",
    "resign": "Глава КГБ Николай Сухаренко был отправлен в отставку.",
    "dismiss": "Путин уволил двух генералов полиции.",
    "meeting": "Министр иностранных дел России Сергей Лавров встретился с госсекретарем США "
               "Энтони Блинкеном в Женеве.",
    "sanctions": "Евросоюз ввел новые санкции против России.",
    "shares": "Акции компании подорожали на 5%.",
    "airstrike": "Израиль нанес авиаудар по позициям ХАМАС в секторе Газа.",
    "deport": "Власти Турции депортировали его в Нидерланды.",
    "label": "Он назвал протестующих международными террористами.",
    "continuation": "Протесты продолжаются уже неделю. Они распространились на все крупные "
                    "города.",
    "streets": "Тысячи людей вышли на улицы Минска с протестами против фальсификации выборов.",
    "dispersal": "Полиция разогнала митинг оппозиции, задержав более 500 человек.",
    "quote": "«Полиция задержала сотни людей», — заявил правозащитник Лев Пономарев.",
}


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    pipe = _pipeline()
    return {k: pipe(Document(text=v)) for k, v in SENTENCES.items()}


def _one(doc: Document, typ: str) -> Event:
    found = [e for e in doc.events if e.type == typ]
    assert len(found) == 1, [(e.type, e.trigger.text) for e in doc.events]
    return found[0]


def _name(doc: Document, entity_id: str | None) -> str | None:
    ent = doc.entity(entity_id) if entity_id else None
    return ent.name if ent is not None else None


def test_light_verb_state_of_emergency(docs: dict[str, Document]) -> None:
    d = docs["martial"]
    ev = _one(d, "COERCE")
    assert ev.mode == "martial-law" and ev.modality == "asserted"
    assert ev.trigger.text == "ввел чрезвычайное положение"
    assert _name(d, ev.actors[0].entity) == "Касым-Жомарт Токаев"
    assert ev.location is not None and _name(d, ev.location.entity) == "Казахстан"


def test_impersonal_shutdown_has_no_actor(docs: dict[str, Document]) -> None:
    ev = _one(docs["internet"], "COERCE")
    assert ev.mode == "withhold" and ev.actors == []
    assert ev.location is not None and "стране" in ev.location.text


def test_phone_call_actor_and_partner(docs: dict[str, Document]) -> None:
    d = docs["phone"]
    ev = _one(d, "CONSULT")
    assert ev.mode == "phone"
    assert _name(d, ev.actors[0].entity) == "Александр Лукашенко"
    assert _name(d, ev.recipients[0].entity) == "Владимир Путин"


def test_nominal_trigger_takes_subject_of_support_verb(docs: dict[str, Document]) -> None:
    ev = _one(docs["attack"], "ASSAULT")
    assert ev.trigger.text == "нападение"
    assert [a.text for a in ev.actors] == ["Боевики"]
    assert ev.recipients and "участок" in ev.recipients[0].text


def test_passive_agent_and_patient(docs: dict[str, Document]) -> None:
    d = docs["passive"]
    ev = _one(d, "COERCE")
    assert ev.mode == "arrest"
    assert ev.actors[0].text == "полицией"
    assert _name(d, ev.recipients[0].entity) == "Иван Голунов"


def test_participle_and_release(docs: dict[str, Document]) -> None:
    d = docs["participle"]
    arrest = _one(d, "COERCE")
    release = _one(d, "RETREAT")
    assert arrest.trigger.text == "Задержанный" and arrest.recipients[0].text == "активист"
    assert release.mode == "release"


def test_substantivised_participle_is_an_actor_not_a_protest(docs: dict[str, Document]) -> None:
    d = docs["protesters"]
    assert not [e for e in d.events if e.type == "PROTEST"]
    ev = _one(d, "REQUEST")
    assert ev.mode == "change" and ev.actors[0].text == "Протестующие"


def test_promised_concession_is_future(docs: dict[str, Document]) -> None:
    d = docs["promise"]
    ev = _one(d, "CONCEDE")
    assert ev.modality == "future" and ev.trigger.text == "перевыборы"
    assert ev.actors and ev.actors[0].text == "Токаев"
    assert not [e for e in d.events if e.type == "AGREE"]  # the promise frames the content


def test_modal_is_hypothetical(docs: dict[str, Document]) -> None:
    ev = _one(docs["may"], "AID")
    assert ev.mode == "military" and ev.modality == "hypothetical"
    assert ev.location is not None and ev.location.text == "Казахстан"


def test_negated_release_is_a_refusal(docs: dict[str, Document]) -> None:
    ev = _one(docs["refuse"], "REJECT")
    assert ev.modality == "asserted" and ev.actors[0].text == "Суд"


def test_negation(docs: dict[str, Document]) -> None:
    assert _one(docs["negated"], "COERCE").modality == "negated"


def test_condition_and_future(docs: dict[str, Document]) -> None:
    d = docs["condition"]
    assert _one(d, "PROTEST").modality == "hypothetical"
    curfew = _one(d, "COERCE")
    assert curfew.mode == "curfew" and curfew.modality == "future"


def test_first_person_future_seizure_is_a_threat(docs: dict[str, Document]) -> None:
    ev = _one(docs["threat"], "THREATEN")
    assert ev.modality == "asserted" and ev.trigger.text == "захватим"
    assert not [e for e in docs["threat"].events if e.type == "COERCE"]


def test_request_frame_absorbs_aid(docs: dict[str, Document]) -> None:
    d = docs["request"]
    ev = _one(d, "REQUEST")
    assert ev.mode == "assist"
    assert not [e for e in d.events if e.type == "AID"]


def test_casualties_join_the_clash(docs: dict[str, Document]) -> None:
    ev = _one(docs["clash"], "ASSAULT")
    assert ev.trigger.text == "столкновений"
    assert any("человека" in r.text for r in ev.recipients)


def test_accident_deaths_are_no_assault(docs: dict[str, Document]) -> None:
    assert docs["accident"].events == []


def test_dismissal_without_agent_is_resignation(docs: dict[str, Document]) -> None:
    d = docs["resign"]
    ev = _one(d, "RETREAT")
    assert ev.mode == "resign"
    assert _name(d, ev.actors[0].entity) == "Николай Сухаренко"
    dismiss = _one(docs["dismiss"], "CONCEDE")
    assert dismiss.actors[0].text == "Путин" and "генералов" in dismiss.recipients[0].text


def test_meeting_with_location(docs: dict[str, Document]) -> None:
    d = docs["meeting"]
    ev = _one(d, "CONSULT")
    assert _name(d, ev.actors[0].entity) == "Сергей Лавров"
    assert ev.location is not None and ev.location.text == "Женеве"


def test_sanctions_and_airstrike(docs: dict[str, Document]) -> None:
    s = _one(docs["sanctions"], "SANCTION")
    assert s.trigger.text == "ввел новые санкции" and s.recipients[0].text == "России"
    a = _one(docs["airstrike"], "ASSAULT")
    assert a.mode == "aerial" and a.actors[0].text == "Израиль"


def test_shares_are_not_protests(docs: dict[str, Document]) -> None:
    assert docs["shares"].events == []


def test_state_noun_links_its_country(docs: dict[str, Document]) -> None:
    d = docs["deport"]
    ev = _one(d, "COERCE")
    assert ev.mode == "deport" and _name(d, ev.actors[0].entity) == "Турция"


def test_labelling_is_an_accusation(docs: dict[str, Document]) -> None:
    ev = _one(docs["label"], "ACCUSE")
    assert ev.mode == "allege" and ev.recipients[0].text == "протестующих"


def test_pronoun_continues_the_event(docs: dict[str, Document]) -> None:
    d = docs["continuation"]
    protests = [e for e in d.events if e.type == "PROTEST"]
    assert [e.trigger.text for e in protests] == ["Протесты", "распространились"]


def test_same_event_twice_in_a_clause_is_one(docs: dict[str, Document]) -> None:
    assert len([e for e in docs["streets"].events if e.type == "PROTEST"]) == 1
    kinds = sorted(e.type for e in docs["dispersal"].events)
    assert kinds == ["ASSAULT", "COERCE", "PROTEST"]


def test_reported_by_quote(docs: dict[str, Document]) -> None:
    d = docs["quote"]
    ev = _one(d, "COERCE")
    if not d.quotes:
        pytest.skip("quotes stage not available")
    q = next(q for q in d.quotes if q.start <= ev.trigger.start < q.end)
    assert ev.reported_by == q.id


def test_offsets_and_rows(docs: dict[str, Document]) -> None:
    from svodka.extract.events import event_rows

    for d in docs.values():
        assert not [p for p in d.validate() if "event" in p]
        for ev in d.events:
            assert d.text[ev.trigger.start:ev.trigger.end] == ev.trigger.text
    rows = event_rows(docs["martial"])
    assert len(rows) == 1
    row = rows[0]
    for key in ("date", "type", "mode", "actor_name", "actor_qid", "actor_country",
                "recipient_name", "location_name", "location_qid", "location_country", "lat",
                "lon", "modality", "quote_id", "evidence", "source", "url"):
        assert key in row
    assert row["actor_name"] == "Касым-Жомарт Токаев" and row["lat"] is None
    assert row["evidence"] == SENTENCES["martial"]


def test_seed_article_events() -> None:
    """Every gold event of the reference article: type in the anchor's sentence, modality,
    and the date where the dates stage gives one."""
    import json

    from svodka.eval.gold import score_document

    gold = json.loads((ROOT / "tests/golden/seed_kz_2022.gold.json").read_text("utf-8"))
    text = (ROOT / "tests/golden/seed_kz_2022.txt").read_text("utf-8")
    doc = _pipeline()(Document(text=text))
    ev = score_document(doc, gold)["events"]
    assert ev.tp_gold == ev.n_gold == 30
    ok, n = ev.extra["modality_accuracy"]
    assert ok == n
    if doc.dates:
        ok, n = ev.extra["date_accuracy"]
        assert ok == n


def test_subject_pronoun_never_resolves_to_a_city() -> None:
    import svodka

    doc = svodka.analyze("Вечером в центре Парижа произошло нападение. По данным полиции, "
                         "он убил одного человека и ранил ещё четверых.")
    names = {e.id: e.name for e in doc.entities}
    killed = next(v for v in doc.events if v.trigger.text == "убил")
    assert [names.get(a.entity) for a in killed.actors] == [None]
