"""Quotes: direct, dash dialogue, indirect, mixed, по словам, multi-paragraph, anonymous
sources, and what is not a quote (scare quotes, titles, labelling acts, requests)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import svodka
from svodka.doc import Document, Entity, Mention
from svodka.extract import speech_lexicon as lex
from svodka.extract.quotes import QuotesStage, speaker_entity
from svodka.extract.quotes_marks import find_marks
from svodka.nlp.morph import lemmatize

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def analyze(text: str) -> Document:
    doc = svodka.analyze(text)
    assert doc.validate() == []
    for q in doc.quotes:
        assert q.text == doc.text[q.start:q.end]
    return doc


def speaker_name(doc: Document, q) -> str | None:
    if q.speaker is None or q.speaker.entity is None:
        return None
    e = doc.entity(q.speaker.entity)
    return e.name if e else None


def only(doc: Document):
    assert len(doc.quotes) == 1, [(q.kind, q.text) for q in doc.quotes]
    return doc.quotes[0]


# -- the reference article -------------------------------------------------------------

def test_seed_article_all_gold_quotes_and_nothing_else(seed_doc):
    gold = json.loads((GOLDEN / "seed_kz_2022.gold.json").read_text(encoding="utf-8"))
    quotes = list(seed_doc.quotes)
    for g in gold["quotes"]:
        hits = [q for q in quotes if g["anchor"] in q.text and q.kind == g["kind"]]
        assert hits, f"missing {g['kind']} quote with {g['anchor']!r}"
        q = hits[0]
        assert q.cue is not None and q.cue.lemma == lex.normal(lemmatize(g["cue"], "VERB")) \
            or q.cue.text == g["cue"], (q.cue, g["cue"])
        assert speaker_name(seed_doc, q) == g["speaker"], q.speaker
        quotes.remove(q)
    assert quotes == [], [(q.kind, q.text[:60]) for q in quotes]


def test_seed_typo_cue_keeps_the_dash_dialogue_quote(seed_doc):
    q = next(q for q in seed_doc.quotes if q.text.startswith("Ведут бои"))
    assert q.kind == "direct"
    assert q.cue.text == "заявив" and q.cue.lemma == "заявить"
    assert q.speaker.text == "президент Казахстана"
    assert q.text.endswith("этой террористической угрозы")


# -- direct ----------------------------------------------------------------------------

def test_direct_quote_with_cue_after():
    doc = analyze("«Мы не допустим эскалации конфликта», — заявил министр иностранных дел "
                  "России Сергей Лавров.")
    q = only(doc)
    assert (q.kind, q.text) == ("direct", "Мы не допустим эскалации конфликта")
    assert (q.cue.text, q.cue.lemma) == ("заявил", "заявить")
    assert q.speaker.text.endswith("Сергей Лавров")
    assert speaker_name(doc, q) == "Сергей Лавров"


def test_direct_quote_after_colon():
    doc = analyze("Министр финансов Антон Силуанов сказал: «Бюджет будет исполнен в срок».")
    q = only(doc)
    assert (q.kind, q.text, q.cue.lemma) == ("direct", "Бюджет будет исполнен в срок", "сказать")
    assert "Силуанов" in q.speaker.text


def test_direct_quote_split_by_its_attribution_is_one_utterance():
    doc = analyze("«Мы готовы к переговорам, — сказал Дмитрий Песков. — Но условия должны "
                  "быть честными».")
    q = only(doc)
    assert q.kind == "direct"
    assert q.text.startswith("Мы готовы к переговорам") and q.text.endswith("быть честными")
    assert q.cue.text == "сказал" and speaker_name(doc, q) == "Дмитрий Песков"


def test_two_quotations_around_one_attribution_stay_two():
    doc = analyze("«Я не могу вам точно сказать», — сказал Трамп журналистам. — «У меня есть "
                  "хорошее понимание ситуации».")
    assert [q.text for q in doc.quotes] == ["Я не могу вам точно сказать",
                                           "У меня есть хорошее понимание ситуации"]


def test_direct_quote_over_two_paragraphs():
    doc = analyze("«Мы долго готовились к этому решению.\n«Теперь отступать некуда», — сказал "
                  "Владимир Путин.")
    q = only(doc)
    assert q.kind == "direct"
    assert q.text.startswith("Мы долго готовились") and q.text.endswith("отступать некуда")
    assert "\n" in q.text
    assert speaker_name(doc, q) == "Владимир Путин"


def test_dash_dialogue_paragraph_with_continuation_and_misspelt_cue():
    doc = analyze("Глава МИД Сергей Лавров выступил на брифинге.\n"
                  "- Переговоры зашли в тупик, - заявли глава МИД. - Но мы не сдаёмся.")
    assert [q.text for q in doc.quotes] == ["Переговоры зашли в тупик", "Но мы не сдаёмся"]
    for q in doc.quotes:
        assert q.kind == "direct"
        assert (q.cue.text, q.cue.lemma) == ("заявли", "заявить")
        assert q.speaker.text == "глава МИД"


# -- indirect --------------------------------------------------------------------------

def test_indirect_that_clause_without_final_period():
    doc = analyze("Глава Минздрава Михаил Мурашко заявил журналистам, что вакцина поступит в "
                  "регионы в марте.")
    q = only(doc)
    assert (q.kind, q.text) == ("indirect", "вакцина поступит в регионы в марте")
    assert speaker_name(doc, q) == "Михаил Мурашко"


def test_pronoun_speaker_keeps_its_span_whatever_coreference_knows():
    doc = analyze("Мэр Москвы Сергей Собянин провёл совещание. Он заявил, что карантин будет "
                  "продлён до конца месяца.")
    q = only(doc)
    assert q.speaker.text == "Он"
    assert speaker_name(doc, q) in ("Сергей Собянин", None)


def test_po_slovam():
    doc = analyze("По словам Сергея Собянина, ограничения снимут в июне.")
    q = only(doc)
    assert (q.kind, q.text) == ("indirect", "ограничения снимут в июне")
    assert q.cue.text == "По словам"
    assert speaker_name(doc, q) == "Сергей Собянин"


def test_kak_soobshchil_and_postposed_cue():
    doc = analyze("Как сообщил министр здравоохранения Михаил Мурашко, вакцина поступит в "
                  "регионы в марте. Правительство Болгарии уходит в отставку после массовых "
                  "протестов, сообщает агентство Reuters.")
    a, b = doc.quotes
    assert (a.text, a.cue.lemma) == ("вакцина поступит в регионы в марте", "сообщить")
    assert speaker_name(doc, a) == "Михаил Мурашко"
    assert b.text == "Правительство Болгарии уходит в отставку после массовых протестов"
    assert b.speaker.text == "агентство Reuters" and b.cue.lemma == "сообщать"


def test_anaphoric_ob_etom():
    doc = analyze("В Москве задержаны пять человек. Об этом сообщила пресс-служба МВД России.")
    q = only(doc)
    assert (q.kind, q.text) == ("indirect", "В Москве задержаны пять человек")
    assert q.speaker.text == "пресс-служба МВД России"


def test_opinion_and_light_verb_cues():
    doc = analyze("Эксперт считает, что рынок восстановится через год. Дмитрий Песков выразил "
                  "уверенность, что переговоры продолжатся.")
    a, b = doc.quotes
    assert (a.text, a.cue.lemma) == ("рынок восстановится через год", "считать")
    assert a.speaker.text == "Эксперт" and a.speaker.entity is None  # anonymous
    assert (b.text, b.cue.lemma) == ("переговоры продолжатся", "выразить уверенность")
    assert b.cue.text == "выразил уверенность"


def test_anonymous_source_has_span_but_no_entity():
    doc = analyze("Источник в правительстве сообщил, что отставка министра уже согласована.")
    q = only(doc)
    assert q.speaker.text == "Источник в правительстве"
    assert q.speaker.entity is None


def test_document_speaks_for_its_author():
    doc = analyze("В заявлении МВД Украины говорится, что задержаны пять человек. В заявлении "
                  "также говорится, что следствие продолжается.")
    a, b = doc.quotes
    assert a.speaker.text == "МВД Украины" and b.speaker.text == "МВД Украины"
    assert b.text == "следствие продолжается"


def test_coordinated_cue_shares_the_subject():
    doc = analyze("Днем Касым-Жомарт Токаев сообщил, что возглавил Совет безопасности, "
                  "отметил, что происходящее \"нельзя терпеть\" и пообещал действовать жестко.")
    a, b = doc.quotes
    assert (a.kind, a.text) == ("indirect", "возглавил Совет безопасности")
    assert (b.kind, b.text) == ("mixed", 'происходящее "нельзя терпеть"')
    assert speaker_name(doc, a) == speaker_name(doc, b) == "Касым-Жомарт Токаев"


def test_report_inside_a_reported_clause_is_its_own_quote():
    doc = analyze("Представители партии объявили о победе, противники и правозащитники заявляют "
                  "о массовых нарушениях при голосовании, сообщает агентство Рейтер.")
    inner = [q for q in doc.quotes if q.cue and q.cue.text == "заявляют"]
    assert len(inner) == 1 and inner[0].text == "о массовых нарушениях при голосовании"
    assert "противники" in inner[0].speaker.text
    outer = [q for q in doc.quotes if q.cue and q.cue.text == "сообщает"]
    assert len(outer) == 1 and "объявили о победе" in outer[0].text


# -- speakers named elsewhere in the article -------------------------------------------

def test_surname_speaker_is_the_fuller_name_mentioned_last():
    doc = analyze("Рядовой Владислав Челах отказался от показаний. Его дед Владимир Челах "
                  "приехал на свидание.\n\n«Он ничего не мог сказать», — цитирует Челаха "
                  "агентство.")
    q = only(doc)
    assert q.speaker.text == "Челаха" and speaker_name(doc, q) == "Владимир Челах"


def test_woman_speaker_is_the_woman_just_named_unless_described_anew():
    doc = analyze("На свидание приехала мать пограничника Светлана Ващенко. По словам "
                  "женщины, сын сильно похудел.")
    q = only(doc)
    assert speaker_name(doc, q) == "Светлана Ващенко"
    doc = analyze("На свидание приехала мать пограничника Светлана Ващенко. Пожилая женщина "
                  "из соседнего села заявила, что ничего не видела.")
    q = only(doc)
    assert q.speaker.text.startswith("Пожилая женщина") and q.speaker.entity is None


def test_role_with_a_country_adjective_is_that_countrys_leader():
    doc = analyze("Об этом в среду сообщил президент Турции Реджеп Тайип Эрдоган.\n\n"
                  "По словам турецкого лидера, его правительство предупредило власти Бельгии.")
    q = next(q for q in doc.quotes if q.cue.text == "По словам")
    assert speaker_name(doc, q) == "Реджеп Тайип Эрдоган"


def test_city_speaks_for_its_country_and_a_state_side_for_its_state():
    doc = analyze("Южная Корея опровергает слухи о болезни Ким Чен Ына. По словам Сеула, "
                  "северокорейский лидер здоров.")
    q = next(q for q in doc.quotes if q.cue.text == "По словам")
    assert q.speaker.text == "Сеула" and speaker_name(doc, q) == "Южная Корея"
    doc = analyze("Журналист погиб под Славянском на востоке Украины. Украинская сторона "
                  "настаивала, что у бойцов не было миномётов.")
    q = only(doc)
    assert q.speaker.text == "Украинская сторона" and speaker_name(doc, q) == "Украина"


def test_institution_noun_and_repeated_noun_name_the_one_named_before():
    doc = analyze("Хоккеист Александр Овечкин дал интервью телеканалу. Хоккеист подчеркнул, "
                  "что никогда не думал о завершении карьеры.")
    q = only(doc)
    assert speaker_name(doc, q) == "Александр Овечкин"
    doc = analyze("В Москве задержаны пять человек, сообщило МВД России. Начато расследование "
                  "по статье о терроризме, сообщило министерство.")
    q = next(q for q in doc.quotes if q.speaker and q.speaker.text == "министерство")
    assert q.speaker.entity is not None
    assert "МВД" in doc.entity(q.speaker.entity).name or \
        "Министерство" in doc.entity(q.speaker.entity).name


def test_statement_issued_together_speaks_for_its_first_author():
    doc = analyze("Президент США Дональд Трамп и президент России Владимир Путин сделали "
                  "совместное заявление.\n\n«Встреча на Эльбе стала кульминацией общей "
                  "борьбы», - говорится в совместном заявлении.")
    q = only(doc)
    assert q.kind == "direct" and speaker_name(doc, q) == "Дональд Трамп"


def test_anonymous_nouns_stay_unresolved():
    doc = analyze("Министр обороны Сергей Шойгу провёл совещание. Неназванный представитель "
                  "министерства сообщил, что учения продлятся неделю.")
    q = only(doc)
    assert q.speaker.entity is None


# -- mixed -----------------------------------------------------------------------------

def test_mixed_reported_clause_with_quoted_words():
    doc = analyze("Министр финансов Антон Силуанов подчеркнул, что повышение налогов было бы "
                  "«серьёзной ошибкой».")
    q = only(doc)
    assert (q.kind, q.text) == ("mixed", "повышение налогов было бы «серьёзной ошибкой»")


def test_mixed_characterisation_with_quoted_words_but_not_without():
    doc = analyze("Протесты президент Токаев рассматривает как «акт агрессии». Он назвал "
                  "протестующих террористами.")
    q = only(doc)
    assert q.kind == "mixed" and "«акт агрессии»" in q.text
    assert q.cue.lemma == "рассматривать"


# -- not quotes ------------------------------------------------------------------------

def test_titles_and_scare_quotes_alone_are_not_quotes():
    doc = analyze("Партия «Единая Россия» провела съезд в Москве. Так называемые «реформы» "
                  "продолжились. В прокат вышли фильмы «Цирк» и «Новые времена».")
    assert doc.quotes == []


def test_title_inside_a_reported_clause_keeps_it_indirect():
    doc = analyze("Алексей Навальный заявил, что задержание участников «Марша Голунова» было "
                  "неправомерным.")
    assert only(doc).kind == "indirect"


def test_labelling_commissives_requests_and_speakerless_reports_are_not_quotes():
    doc = analyze("Президент назвал протестующих террористами и пообещал действовать жестко. "
                  "Он попросил союзников о помощи. Позже появилась информация, что президент "
                  "покинул страну. Напомним, что выборы прошли в марте.")
    assert doc.quotes == []


def test_first_person_opinion_inside_a_direct_quote_is_not_a_second_quote():
    doc = analyze("«Я полагаю, что решение было правильным», — сказал Владимир Путин.")
    assert only(doc).kind == "direct"


# -- building blocks -------------------------------------------------------------------

def test_lexicon_has_over_a_hundred_cues_matched_in_every_form():
    size = lex.lexicon_size()
    assert size["verbs"] >= 100 and size["source_nouns"] >= 10
    for word, pos in (("заявила", "VERB"), ("заявляли", "VERB"), ("заявив", "VERB"),
                      ("подчёркивает", "VERB"), ("сообщат", "VERB"), ("пообещали", "VERB"),
                      ("говорится", "VERB")):
        assert lex.cue_class(lemmatize(word, pos)) is not None, word
    assert lex.fuzzy_verb("заявли") == "заявить"
    assert lex.fuzzy_verb("заявив") == "заявить"
    assert lex.fuzzy_verb("столом") is None


def test_marks_nesting_straight_quotes_and_paragraph_continuation():
    text = ('«Он сказал: „Нет“.\n«Конец», — добавил я. "Мам, я "этого" не делал!" - шепнул он. '
            '“Да”')
    got = [(text[m.start:m.end], m.depth) for m in find_marks(text)]
    assert ("Нет", 1) in got
    assert ("Он сказал: „Нет“.\n«Конец", 0) in got
    assert ('Мам, я "этого" не делал!', 0) in got and ("этого", 1) in got
    assert ("Да", 0) in got


def test_speaker_entity_is_the_entity_mentioned_over_the_head():
    doc = Document(text="президент Казахстана заявил")
    doc.entities = [
        Entity("e1", "LOC", "Казахстан", mentions=[Mention(10, 20, "Казахстана")]),
        Entity("e2", "PER", "Касым-Жомарт Токаев",
               mentions=[Mention(0, 20, "президент Казахстана", kind="role")]),
    ]
    assert speaker_entity(doc, 0, 9) == "e2"
    assert speaker_entity(doc, 10, 20) == "e2"  # persons before places on a tie
    assert speaker_entity(doc, 21, 27) is None


def test_stage_declares_its_place_in_the_pipeline():
    stage = QuotesStage()
    assert stage.name == "quotes"
    assert stage.needs == frozenset({"entities"}) and stage.adds == frozenset({"quotes"})
    doc = Document(text="")
    assert stage(doc).quotes == []


@pytest.mark.parametrize("text", ["", "Без кавычек и без речи.", "«", "— —", "\"\"\"\""])
def test_degenerate_inputs(text):
    analyze(text)
