"""Name spans that Natasha's NER misses, over-extends or mis-types (svodka.extract.entity_*)."""

import pytest

from svodka.doc import Document
from svodka.kb.normalize import could_read_as, lexeme_forms
from svodka.pipeline import ParseStage, Pipeline, PrepareStage


@pytest.fixture(scope="module")
def entities_of():
    from svodka.extract.coref import CorefStage
    from svodka.extract.entities import EntitiesStage
    from svodka.extract.linking import LinkStage

    pipe = Pipeline([PrepareStage(), ParseStage(), EntitiesStage(), LinkStage(), CorefStage()])

    def run(text: str) -> list[tuple[str, str, list[str]]]:
        doc = pipe(Document(text=text, id=""))
        return [(e.type, e.name, [m.text for m in e.mentions if m.kind != "pronoun"])
                for e in doc.entities]
    return run


def _mentions(ents, etype):
    return {t for typ, _n, ms in ents if typ == etype for t in ms}


def test_legal_form_is_not_part_of_the_name(entities_of):
    ents = entities_of("Накануне глава ОАО «Газпром» Алексей Миллер пообещал снизить цены.")
    assert "Газпром" in _mentions(ents, "ORG")
    assert not any("ОАО" in m for m in _mentions(ents, "ORG"))


def test_quoted_name_after_an_organisation_noun(entities_of):
    ents = entities_of("Протестующих, уточняет газета «Труд», было около двухсот. "
                       "Сопредседатель движения «Солидарность» выступил первым.")
    orgs = _mentions(ents, "ORG")
    assert {"Труд", "Солидарность"} <= orgs


def test_artefact_names_are_no_organisations(entities_of):
    ents = entities_of("Шаттл «Дискавери» завершил свой последний полёт. После «Дискавери» "
                       "в космос отправится телескоп Хаббл.")
    assert not any("Дискавери" in m or "Хаббл" in m for m in _mentions(ents, "ORG"))


def test_kb_organisation_with_a_place_inside(entities_of):
    ents = entities_of("Мустафа Джемилев рассказал об этом в интервью Голосу Америки в Киеве.")
    assert "Голосу Америки" in _mentions(ents, "ORG")
    assert "Америки" not in _mentions(ents, "LOC")


def test_acronyms_that_are_no_names(entities_of):
    ents = entities_of("Телеметрия показала отказ приборно-агрегатного отсека (ПАО). "
                       "В конце концов ПАО отделился от корабля, сообщили СМИ.")
    orgs = _mentions(ents, "ORG")
    assert "ПАО" not in orgs and "СМИ" not in orgs


def test_country_adjective_belongs_to_the_organisation(entities_of):
    ents = entities_of("Это решение раскритиковал глава японского МИДа Сэйдзи Маэхара.")
    assert "японского МИДа" in _mentions(ents, "ORG")


def test_latin_spelling_in_brackets_joins_the_organisation(entities_of):
    ents = entities_of("Немецкий концерн «Фольксваген» (Volkswagen) планирует построить завод.")
    vw = [ms for typ, _n, ms in ents if typ == "ORG" and "Фольксваген" in ms]
    assert vw and "Volkswagen" in vw[0]


def test_organisation_before_a_person_in_one_span(entities_of):
    ents = entities_of("В тюрьме остаётся оператор Аль-Джазиры Сами аль-Хадж, сообщили юристы.")
    assert any(m.startswith("Аль-Джазир") for m in _mentions(ents, "ORG"))
    assert not any(m.startswith("Аль-Джазир") for m in _mentions(ents, "PER"))


def test_acronym_defined_in_brackets(entities_of):
    ents = entities_of("Угроза над World Fashion Channel (WFC) нависла из-за конфликта. "
                       "Если партнёры договорятся, WFC имеет все шансы стать доходным.")
    wfc = [ms for typ, _n, ms in ents if typ == "ORG" and "World Fashion Channel" in ms]
    assert wfc and wfc[0].count("WFC") == 2


def test_capitalised_common_words_still_dropped(entities_of):
    ents = entities_of("Утором 5 января в стране отключили Интернет. Власти объяснили это "
                       "угрозой безопасности.")
    names = {m for _t, _n, ms in ents for m in ms}
    assert "Утором" not in names and "Интернет" not in names


def test_all_capital_word_matches_no_place_name():
    from svodka import kb

    assert kb.lookup("Таиф")  # the Saudi city
    assert not kb.lookup("ТАИФ")  # an acronym: no city of that name
    assert kb.lookup("МИД")  # acronyms still find their records


def test_could_read_as_skips_only_impossible_words():
    forms = lexeme_forms(frozenset({"казахстанский", "россиянин"}))
    assert could_read_as("казахстанские", forms) and could_read_as("Россиянам", forms)
    assert not could_read_as("стол", forms)
    assert could_read_as("ОДКБ", forms)  # acronyms and Latin words are never skipped
