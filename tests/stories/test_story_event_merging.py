"""Event merging rules on hand-made mentions, and mentions read back from an archive."""

from __future__ import annotations

from typing import Any

from story_helpers import record

from svodka.stories.event_match import (
    Participant,
    average_link,
    dates,
    pair_score,
    participants,
)
from svodka.stories.events import Mention, load_mentions, merge


def person(entity: int, surname: str, initial: str | None = None, *words: str,
           country: str | None = None) -> Participant:
    return Participant(entity, "PER", country, frozenset({surname}), initial,
                       frozenset({surname, *words}))


def place(entity: int, name: str, country: str) -> Participant:
    return Participant(entity, "LOC", country, words=frozenset({name}))


def nominal(*words: str) -> Participant:
    return Participant(words=frozenset(words))


def mention(doc: int, type_: str = "ASSAULT", trigger: str = "убит", date: str | None = None,
            actors: list[Participant] | None = None,
            recipients: list[Participant] | None = None, modality: str = "asserted",
            mode: str | None = None, context: frozenset[str] = frozenset()) -> Mention:
    return Mention(doc, f"v{doc}", type_, mode, modality, trigger, doc * 10, date, date,
                   actors=actors or [], recipients=recipients or [], context=context)


MAYOR = person(1, "душко", "е", "евгений", "глава")


def test_role_noun_and_name_of_one_victim_merge() -> None:
    # "неизвестный расстрелял мэра" / "застрелен Евгений Душко": no shared entity
    a = mention(1, trigger="расстрелял", recipients=[nominal("мэр", "сергиев", "посад")],
                date="XXXX-08-22")
    b = mention(2, trigger="застрелен", recipients=[MAYOR], date="2011-08-22")
    c = mention(3, trigger="убит", recipients=[nominal("глава", "администрация")])
    assert participants(a.recipients, b.recipients) == 0  # a role noun is no evidence against
    assert len(merge([a, b, c])) == 1


def test_named_participants_that_differ_count_against() -> None:
    castro = person(2, "кастро", "р")
    assert participants([person(3, "кастро", "ф")], [castro]) == -1  # Фидель vs Рауль
    assert participants([person(4, "кастро", None)], [castro]) == 2  # one surname, no clash
    assert participants([MAYOR], [person(5, "душко", "е")]) == 2  # two archive entities
    # a city and its country are related; two people of one country are not
    assert participants([place(6, "москва", "RU")], [place(7, "россия", "RU")]) == 1
    assert participants([person(8, "путин", country="RU")],
                        [person(9, "лавров", country="RU")]) == -1


def test_dates_full_and_partial() -> None:
    assert dates("2020-01-01", "2020-01-02") == 0
    assert dates("2020-01-01", "2020-01-01T10:00") == 1
    assert dates("2020-01-01", "2020-01-05") is None
    assert dates("XXXX-08-22", "2011-08-22") == 1  # the open year is the other's
    assert dates("XXXX-08-22", "2011-04") is None  # another month
    assert dates("1997", "2017-02-14") is None  # another year
    assert dates("2018-03", None) == 0
    assert dates("XXXX-12-31", "2021-01-01") == 0  # across a year's end: nothing to say


def test_different_dates_types_or_negation_stay_apart() -> None:
    a = mention(1, date="2020-01-01", recipients=[MAYOR])
    assert pair_score(a, mention(2, date="2020-01-05", recipients=[MAYOR])) is None
    assert pair_score(a, mention(2, type_="COERCE", recipients=[MAYOR])) is None
    assert pair_score(a, mention(2, modality="negated", recipients=[MAYOR])) is None
    assert pair_score(a, mention(2, date="2020-01-02", recipients=[MAYOR])) == 3
    assert len(merge([a, mention(2, date="2020-01-05", recipients=[MAYOR])])) == 2


def test_another_mode_costs_a_point() -> None:
    call = mention(1, "CONSULT", "поговорил", mode="phone", actors=[person(1, "путин")])
    visit = mention(2, "CONSULT", "посетил", mode="visit", actors=[person(1, "путин")])
    assert pair_score(call, visit) == 1
    assert pair_score(call, mention(3, "CONSULT", "поговорил", mode="phone",
                                    actors=[person(1, "путин")])) == 3


def test_doer_of_one_act_done_to_in_the_other_is_another_event() -> None:
    attacker = person(7, "азимов")
    stabbing = mention(1, trigger="убил", actors=[attacker], recipients=[nominal("прохожий")])
    shooting = mention(2, trigger="застрелили", actors=[nominal("полицейский")],
                       recipients=[attacker])
    assert pair_score(stabbing, shooting) is None
    # one side named only ("X убил" / "X убит") is as often a misread passive
    assert pair_score(mention(3, actors=[attacker]), mention(4, recipients=[attacker])) == 1
    # the roles of a meeting are interchangeable
    a = mention(5, "CONSULT", "встретился", actors=[person(1, "обама")],
                recipients=[person(2, "мандела")])
    b = mention(6, "CONSULT", "встретился", actors=[person(2, "мандела")],
                recipients=[person(1, "обама")])
    assert pair_score(a, b) == 3


def test_shared_sentence_words_count() -> None:
    words = frozenset({"нападение", "здание", "фсб", "москва"})
    a = mention(1, trigger="стрельба", context=words)
    assert pair_score(a, mention(2, trigger="нападение", context=words | {"вечер"})) == 1
    assert pair_score(a, mention(2, trigger="нападение", context=frozenset({"вечер"}))) == 0


def test_no_agreement_no_merge() -> None:
    a = mention(1, trigger="напал", actors=[nominal("полиция")])
    b = mention(2, trigger="застрелил", actors=[nominal("боевик")])
    assert len(merge([a, b])) == 2


def test_chain_cannot_glue_contradicting_mentions() -> None:
    x = [person(1, "иванов")]
    a = mention(1, date="2020-01-01", actors=x)
    b = mention(2, actors=x)  # agrees with both
    c = mention(3, date="2020-01-09", actors=x)
    assert len(merge([a, b, c])) == 2


def test_average_link_needs_agreement_on_average() -> None:
    # two tight pairs with one strong link across and disagreement elsewhere stay two
    scores = {(0, 1): 4, (2, 3): 4, (1, 2): 3, (0, 2): -1, (0, 3): -1, (1, 3): -1}

    def score(i: int, j: int) -> int:
        return scores[(min(i, j), max(i, j))]

    assert average_link([0, 1, 2, 3], score, 1) == [[0, 1], [2, 3]]
    scores[(0, 2)] = scores[(1, 3)] = 1  # mostly agreeing: one event
    assert average_link([0, 1, 2, 3], score, 1) == [[0, 1, 2, 3]]
    assert average_link([0, 1, 2, 3], lambda i, j: None, 1) == [[0], [1], [2], [3]]


def test_merge_does_not_depend_on_arrival_order() -> None:
    ms = [mention(1, recipients=[MAYOR]), mention(2, trigger="застрелен", recipients=[MAYOR]),
          mention(3, trigger="напал", actors=[nominal("боевик")], date="2020-02-02"),
          mention(4, trigger="нападение", actors=[nominal("боевик")], date="2020-02-02")]
    one = sorted(sorted(m.doc for m in c.mentions) for c in merge(ms))
    other = sorted(sorted(m.doc for m in c.mentions) for c in merge(ms[::-1]))
    assert one == other == [[1, 2], [3, 4]]


def test_mentions_read_from_the_archive(store: Any, analysed_samples: list[Any]) -> None:
    docs = [d for d in analysed_samples if d.events][:3]
    store.add_batch([record(d) for d in docs])
    keys = [k for (k,) in store.rows("SELECT doc FROM documents")]
    mentions = load_mentions(store, keys)
    assert len(mentions) == sum(len(d.events) for d in docs)
    # the words of each one's own sentence, its trigger among them
    assert sum(m.lemma_value in m.context for m in mentions) >= 0.9 * len(mentions)
    people = [p for m in mentions for p in m.actors + m.recipients if p.kind == "PER"]
    assert people and all(p.named for p in people)
    assert any(p.surname and p.initial for p in people)  # "Касым-Жомарт Токаев": "токаев", "к"
    assert any(p.kind == "LOC" and p.country for m in mentions for p in m.location)
    for c in merge(mentions):
        assert len({m.type for m in c.mentions}) == 1
