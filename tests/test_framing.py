"""Framing comparison over analysed documents: who calls a target what, per holder and outlet."""

from __future__ import annotations

import pytest

import svodka
from svodka import framing
from svodka.doc import Document


@pytest.fixture(scope="module")
def docs(seed_text):
    seed = svodka.analyze(seed_text, source="karasayinfo.kz")
    other = svodka.analyze(
        "В Алматы продолжаются акции протеста. Протестующие вышли на площадь. Боевики "
        "обстреляли здание администрации. Министр внутренних дел Владимир Колокольцев назвал "
        "протестующих бандитами.", source="example.kz")
    # documents as the store gives them back: plain JSON, no pipeline state
    return [Document.from_json(d.to_json()) for d in (seed, other)]


def test_by_holder_counts_and_evidence(docs):
    usages = framing.by_holder(docs, "протестующий")
    tokayev = next(u for u in usages if u.name == "Касым-Жомарт Токаев")
    assert tokayev.kind == "entity" and tokayev.key == "Q200881" or tokayev.kind == "entity"
    lemmas = {lc.lemma: lc.count for lc in tokayev.labels}
    assert lemmas["террорист"] == 1
    assert lemmas["международный террорист"] == 1
    assert lemmas["террористический банда"] == 1
    assert tokayev.polarity() == {"negative": tokayev.count}
    minister = next(u for u in usages if "Колокольцев" in u.name)
    assert [lc.lemma for lc in minister.labels] == ["бандит"]
    ev = minister.labels[0].evidence[0]
    doc = next(d for d in docs if d.id == ev.doc_id)
    assert doc.text[ev.start:ev.end] == ev.text == "бандитами"
    assert ev.text in ev.sentence and ev.sentence.startswith("Министр")
    assert ev.source == "example.kz"


def test_by_outlet_separates_sources(docs):
    outlets = {u.key: u for u in framing.by_outlet(docs, "протестующий")}
    assert set(outlets) == {"karasayinfo.kz", "example.kz"}
    assert outlets["karasayinfo.kz"].count == 4  # the seed's labels of the protesters
    assert [lc.lemma for lc in outlets["example.kz"].labels] == ["бандит"]


def test_targets_by_entity_qid_and_text(docs):
    # the protests (an act) by the lemma of the target's words
    assert framing.labels_about(docs, "протесты")
    assert framing.labels_about(docs, "нет такой цели") == []
    # a predicate works as a target too
    assert len(framing.labels_about(docs, lambda d, lb: lb.extra["category"] == "terrorism")) >= 4


def test_authorial_labels_are_grouped_under_the_outlet(docs):
    usages = framing.by_holder(docs, lambda d, lb: lb.label.lemma == "боевик")
    assert [(u.kind, u.name) for u in usages] == [("outlet", "example.kz")]


def test_compare_report_round_trips_to_dict(docs):
    report = framing.compare(iter(docs), "протестующий")
    data = report.to_dict()
    assert data["documents"] == 2 and data["matched_documents"] == 2
    assert data["by_holder"][0]["count"] >= data["by_holder"][-1]["count"]
    assert {u["key"] for u in data["by_outlet"]} == {"karasayinfo.kz", "example.kz"}
    top = framing.targets(docs)
    assert top[0][0] == "протестующий"
