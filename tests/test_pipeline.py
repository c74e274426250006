import pytest

import svodka
from svodka.doc import Document
from svodka.pipeline import (
    ParseStage,
    Pipeline,
    PipelineError,
    PrepareStage,
    Stage,
    normalize_published,
)


def names(doc):
    return {e.name for e in doc.entities}


def entity(doc, name):
    found = [e for e in doc.entities if e.name == name]
    assert found, f"{name} not among {sorted(names(doc))}"
    return found[0]


def test_pipeline_checks_stage_order():
    from svodka.extract.entities import EntitiesStage

    with pytest.raises(PipelineError, match="needs"):
        Pipeline([PrepareStage(), EntitiesStage()])
    Pipeline([PrepareStage(), ParseStage(), EntitiesStage()])


def test_custom_stage_runs_and_declares():
    class Counter(Stage):
        name = "counter"
        needs = frozenset({"parse"})
        adds = frozenset({"token_count"})

        def __call__(self, doc: Document) -> Document:
            doc.extra["tokens"] = len(doc.state["parse"].tokens)
            return doc

    pipe = Pipeline([PrepareStage(), ParseStage(), Counter()])
    doc = svodka.analyze("Токаев выступил с обращением.", pipeline=pipe)
    assert doc.extra["tokens"] == 5 and "token_count" in pipe.capabilities
    assert doc.state == {}


def test_seed_is_valid_and_complete(seed_doc, seed_text):
    assert seed_doc.text == seed_text
    assert seed_doc.validate() == []
    assert seed_doc.title.startswith("Президент Казахстана назвал протесты")
    assert len(seed_doc.sentences) > 15


def test_seed_entities(seed_doc):
    tokayev = entity(seed_doc, "Касым-Жомарт Токаев")
    assert tokayev.type == "PER"
    assert {"Касым-Жомарт Токаев", "Токаев"} <= {m.text for m in tokayev.mentions}
    csto = entity(seed_doc, "Организация Договора о коллективной безопасности")
    assert {"ОДКБ", "Организации Договора о коллективной безопасности"} <= {m.text for m in csto.mentions}
    assert any(m.kind == "acronym" for m in csto.mentions)
    for name in ("Владимир Путин", "Александр Лукашенко", "Алматы", "Беларусь", "Армения",
                 "Казахстан", "Кыргызстан", "Россия", "Таджикистан"):
        entity(seed_doc, name)
    assert any(e.name.endswith("Назарбаев") for e in seed_doc.entities)


def test_seed_precision_filters(seed_doc, seed_text):
    texts = {m.text for e in seed_doc.entities for m in e.mentions}
    assert "Утором" not in texts
    assert "Интернет" not in texts
    credit = seed_text.index("facebook.com")
    assert all(not (m.start <= credit < m.end) for e in seed_doc.entities for m in e.mentions)
    assert [s.text for s in seed_doc.set_aside] == ["facebook.com\\karasayinfo.kz"]


def test_offsets_index_the_raw_input():
    raw = "Президент\u00a0России  Владимир Путин\r\nпровел переговоры с Александром Лукашенко.\r\n"
    doc = svodka.analyze(raw)
    assert doc.text == raw and doc.validate() == []
    putin = entity(doc, "Владимир Путин")
    assert [raw[m.start:m.end] for m in putin.mentions] == ["Президент\u00a0России", "Владимир Путин"]
    luk = entity(doc, "Александр Лукашенко")
    assert luk.mentions[0].text == "Александром Лукашенко"


def test_published_normalisation():
    assert normalize_published("2022-01-05") == "2022-01-05"
    assert normalize_published("2022-01-05 14:30:00+06:00") == "2022-01-05T14:30:00+06:00"
    with pytest.raises(ValueError):
        normalize_published("5 января")
    with pytest.raises(ValueError):
        normalize_published("2022-02-30")


@pytest.mark.parametrize("text", ["", "   ", "12345", "\u0000\u0001", "ё" * 10, "Ａ" * 5 + "й\u0306" * 3])
def test_odd_inputs_do_not_crash(text):
    doc = svodka.analyze(text)
    assert doc.validate() == []


def test_type_error_for_bytes():
    with pytest.raises(TypeError):
        svodka.analyze(b"bytes")  # type: ignore[arg-type]


def test_dependency_cycles_are_broken():
    from svodka.nlp import Token, _break_cycles

    toks = [Token(i, i * 2, i * 2 + 1, "а", "NOUN", {}, head=h) for i, h in enumerate([1, 2, 0, 2])]
    _break_cycles(toks, 0, len(toks))
    for start in range(len(toks)):
        k, steps = start, 0
        while k >= 0:
            k, steps = toks[k].head, steps + 1
            assert steps <= len(toks), "head chain still loops"
