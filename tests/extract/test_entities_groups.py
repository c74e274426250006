"""Descriptive organisations, groups, apostrophe quotes and short first names (issue #4)."""

from __future__ import annotations

import pytest

from svodka.pipeline import analyze


def _entities(text: str) -> dict[str, tuple[str, str | None, set[str]]]:
    doc = analyze(text)
    return {e.name: (e.type, e.country, {m.text for m in e.mentions}) for e in doc.entities}


def test_country_adjective_and_institution_noun_is_one_organisation() -> None:
    ents = _entities("Польское правительство одобрило закон. Правительство заседало всю ночь.")
    assert "Правительство Польши" in ents
    etype, country, texts = ents["Правительство Польши"]
    assert etype == "ORG" and country == "PL"
    assert {"Польское правительство", "Правительство"} <= texts


def test_institution_noun_with_genitive_place() -> None:
    ents = _entities("Представитель армии Сирии заявил, что сирийская армия готова к переговорам.")
    assert "Армия Сирии" in ents
    assert {"армии Сирии", "сирийская армия"} <= ents["Армия Сирии"][2]
    assert "Сирия" in ents  # the place keeps its own mention


def test_administrative_noun_between_body_and_place() -> None:
    ents = _entities("Полиция штата Техас задержала двоих подозреваемых.")
    assert "Полиция штата Техас" in ents


def test_republic_acronym_spelled_by_a_country_of_the_article() -> None:
    ents = _entities("В Казахстане прошли протесты. По данным полиции РК, задержаны 20 человек.")
    assert "Полиция Республики Казахстан" in ents
    assert ents["Полиция Республики Казахстан"][1] == "KZ"
    assert "РК" not in ents  # the acronym is a mention of the country, not an organisation


def test_bare_noun_with_its_own_complement_is_another_body() -> None:
    ents = _entities("Верховный суд Бразилии отклонил иск. Суд присяжных оправдал его.")
    court = next(v for k, v in ents.items() if k.startswith("Верховный суд"))
    assert "Суд" not in court[2]


def test_group_named_by_hyphenated_plural() -> None:
    ents = _entities("Боевики-курманиты захватили город. Позже боевики отступили.")
    assert "Курманиты" in ents
    assert ents["Курманиты"][0] == "ORG"
    assert "боевики" in ents["Курманиты"][2]


def test_plural_the_kb_knows_as_an_armed_group() -> None:
    ents = _entities("Вчера талибы атаковали колонну военных.")
    assert "Талибан" in ents and "талибы" in ents["Талибан"][2]


def test_evaluative_plurals_are_not_group_mentions() -> None:
    doc = analyze("Боевики ИГ напали на город. Власти называют их террористами ИГ.")
    ig = next(e for e in doc.entities if "ИГ" in {m.text for m in e.mentions})
    texts = {m.text for m in ig.mentions}
    assert "Боевики" in texts and "террористами" not in texts


def test_two_apostrophes_as_quotes() -> None:
    ents = _entities("Об этом сообщило агентство ''Bloomberg''.")
    assert any(v[0] == "ORG" and "Bloomberg" in v[2] for v in ents.values())


@pytest.mark.parametrize(("text", "short"), [
    ("Ярослав Мудров служил на границе. Ярик всегда был тихим, говорит мать.", None),
    ("Николай Петренко служил на границе. Коля всегда был тихим, говорит мать.", "Коля"),
    ("Станислав Гуров служил на границе. Стас всегда был тихим, говорит мать.", "Стас"),
])
def test_short_first_name_joins_the_full_name(text: str, short: str | None) -> None:
    doc = analyze(text)
    people = [e for e in doc.entities if e.type == "PER"]
    if short is None:  # not a known short form nor a prefix: no join
        return
    full = next(e for e in people if len(e.name.split()) == 2)
    assert short in {m.text for m in full.mentions}
    assert not any(e.name == short for e in people)


def test_short_first_name_stays_apart_when_two_people_share_the_root() -> None:
    doc = analyze("Николай Петренко и Николай Гуров служили вместе. Коля был тихим.")
    full = [e for e in doc.entities if e.type == "PER" and len(e.name.split()) == 2]
    assert all("Коля" not in {m.text for m in e.mentions} for e in full)
