"""Event merging rules on hand-made mentions."""

from __future__ import annotations

from svodka.stories.events import Mention, conflict, merge


def mention(doc: int, type_: str = "ASSAULT", trigger: str = "убит", date: str | None = None,
            actors: set | None = None, recipients: set | None = None,
            modality: str = "asserted") -> Mention:
    return Mention(doc, f"v{doc}", type_, None, modality, trigger, doc * 10, date, date,
                   actors=actors or set(), recipients=recipients or set())


def test_same_event_in_two_articles_merges() -> None:
    a = mention(1, trigger="застрелил", actors={"неизвестный"}, recipients={"мэр"})
    b = mention(2, trigger="убит", recipients={"мэр", "душко"})
    assert len(merge([a, b])) == 1


def test_different_dates_types_or_negation_stay_apart() -> None:
    a = mention(1, date="2020-01-01", recipients={"мэр"})
    assert conflict(a, mention(2, date="2020-01-05", recipients={"мэр"}))
    assert conflict(a, mention(2, type_="COERCE", recipients={"мэр"}))
    assert conflict(a, mention(2, modality="negated", recipients={"мэр"}))
    assert not conflict(a, mention(2, date="2020-01-02", recipients={"мэр"}))
    assert len(merge([a, mention(2, date="2020-01-05", recipients={"мэр"})])) == 2


def test_roles_reversed_is_another_event() -> None:
    a = mention(1, actors={"россия"}, recipients={"украина"})
    b = mention(2, actors={"украина"}, recipients={"россия"})
    assert conflict(a, b)


def test_no_agreement_no_merge() -> None:
    a = mention(1, trigger="напал", actors={"полиция"})
    b = mention(2, trigger="застрелил", actors={"боевик"})
    assert len(merge([a, b])) == 2


def test_chain_cannot_glue_contradicting_mentions() -> None:
    a = mention(1, date="2020-01-01", actors={"x"})
    b = mention(2, actors={"x"})  # agrees with both
    c = mention(3, date="2020-01-09", actors={"x"})
    clusters = merge([a, b, c])
    assert len(clusters) == 2
