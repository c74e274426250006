"""The bundled knowledge base: lookups in any case form, roles, demonyms, determinism."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from svodka import kb
from svodka.kb import KB, Candidate
from svodka.kb.normalize import key, key_variants, role_key, tokens

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("SVODKA_SHARED", ROOT.parent / "shared"))
KB_FILE = ROOT / "svodka" / "kb" / "data" / "kb.sqlite"


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not found at {path} (set SVODKA_SHARED)")
    return path


def top(name: str, type_: str | None = None) -> Candidate:
    cands = kb.lookup(name, type_)
    assert cands, f"no candidate for {name!r}"
    return cands[0]


# -- normalisation ------------------------------------------------------------------------

def test_key_is_case_invariant_and_keeps_hyphens() -> None:
    assert key("Организации Договора о коллективной безопасности") == \
        key("Организация Договора о коллективной безопасности")
    assert key("Казахстане") == key("Казахстана") == key("казахстан") == "казахстан"
    assert key("Касым-Жомарт") == "касым-жомарт"
    assert key("Алма-Ате") == key("Алма-Ата")
    assert key("«Единая Россия»") == key("Единой России")
    assert key("Горбачёв") == key("Горбачев")
    assert key("ИГ") == "иг"  # an acronym, not a form of "иго"
    assert tokens("Кот-д’Ивуар") == ["Кот-д'Ивуар"]


def test_key_variants_start_with_key() -> None:
    variants = key_variants("Токаева")
    assert variants[0] == key("Токаева")
    assert "токаев" in variants


def test_role_synonyms() -> None:
    assert role_key("Председателя правительства") == role_key("премьер") == "премьер-министр"
    assert role_key("генсека") == "генеральный секретарь"


# -- lookup and link ----------------------------------------------------------------------

@pytest.mark.parametrize("name", ["Казахстан", "Казахстане", "Казахстана", "Республика Казахстан",
                                  "Республики Казахстан"])
def test_country_in_any_form(name: str) -> None:
    c = top(name, "LOC")
    assert (c.qid, c.name, c.kind, c.country) == ("Q232", "Казахстан", "country", "KZ")


@pytest.mark.parametrize("name", ["ОДКБ", "Организации Договора о коллективной безопасности",
                                  "Организацией Договора о коллективной безопасности"])
def test_organisation_by_acronym_and_full_name(name: str) -> None:
    c = top(name)
    assert c.qid == "Q318693" and c.type == "ORG" and c.acronym == "ОДКБ"


@pytest.mark.parametrize("name", ["Владимир Путин", "Владимиром Путиным", "Путина", "Путину",
                                  "Путин Владимир Владимирович", "В. В. Путин"])
def test_putin_in_any_form(name: str) -> None:
    c = top(name, "PER")
    assert (c.qid, c.name, c.country) == ("Q7747", "Владимир Путин", "RU")


@pytest.mark.parametrize("name", ["Касым-Жомарт Токаев", "Касым-Жомарта Токаева", "Токаевым",
                                  "Токаева", "Токаев"])
def test_tokayev(name: str) -> None:
    c = kb.link(name, "PER")
    assert c is not None and (c.qid, c.name) == ("Q200881", "Касым-Жомарт Токаев")


def test_almaty_variants() -> None:
    for name in ("Алматы", "Алма-Ата", "Алма-Ате", "Алматы"):
        c = kb.link(name, "LOC")
        assert c is not None and c.qid == "Q35493", name
        assert c.country == "KZ" and c.lat is not None and c.lon is not None


def test_surname_only_matches_rank_after_full_names() -> None:
    # "Медведев": the full-name records come before surname-only readings
    cands = kb.lookup("Медведева", "PER")
    assert cands[0].qid == "Q23530"


def test_type_and_country_filters() -> None:
    assert all(c.type == "ORG" for c in kb.lookup("Кремль", "ORG"))
    assert kb.lookup("Москва", "LOC", country="US")[0].country == "US"
    assert top("Москве", "LOC").qid == "Q649"


def test_link_uses_context_countries() -> None:
    assert kb.link("Москва", "LOC").qid == "Q649"  # type: ignore[union-attr]
    c = kb.link("Москва", "LOC", context_countries=("US",))
    assert c is not None and c.country == "US"


def test_link_abstains_when_ambiguous() -> None:
    assert len(kb.lookup("Жапаров", "PER")) >= 2  # Садыр and Акылбек
    assert kb.link("Жапаров", "PER") is None
    assert kb.link("Садыр Жапаров", "PER").qid == "Q25597826"  # type: ignore[union-attr]


def test_unknown_name() -> None:
    assert kb.lookup("Зззкщшхъ Ыыыфвап") == []
    assert kb.link("Зззкщшхъ") is None


def test_no_qid_is_guessed_for_unverified_people() -> None:
    c = top("Сергей Лавров", "PER")
    assert c.name == "Сергей Лавров" and c.qid is None


# -- other API ----------------------------------------------------------------------------

def test_role_holder() -> None:
    assert kb.role_holder("президент", "KZ")[0].name == "Касым-Жомарт Токаев"
    assert kb.role_holder("президент", country="KZ")[0].qid == "Q200881"
    assert kb.lookup_role("президента Казахстана")[0].name == "Касым-Жомарт Токаев"
    assert kb.lookup_role("президент Казахстана")[1].name == "Нурсултан Назарбаев"  # former
    assert kb.lookup_role("председатель правительства России")[0].name == "Михаил Мишустин"
    assert kb.lookup_role("премьер-министра РФ")[0].name == "Михаил Мишустин"
    assert kb.lookup_role("российский президент")[0].name == "Владимир Путин"
    assert kb.lookup_role("мэр Москвы")[0].name == "Сергей Собянин"
    assert kb.role_holder("президент", "ZZ") == []


def test_demonym() -> None:
    assert kb.demonym("казахстанские") == "KZ"
    assert kb.demonym("Казахстанского") == "KZ"
    assert kb.demonym("россияне") == "RU"
    assert kb.demonym("россиянином") == "RU"
    assert kb.demonym("американских военных") == "US"
    assert kb.demonym("столица") is None


def test_country_and_acronym() -> None:
    c = kb.country("KZ")
    assert c is not None and (c.qid, c.name, c.code) == ("Q232", "Казахстан", "KZ")
    assert kb.country("kz") == c
    assert kb.country("ZZ") is None
    assert kb.country_code("Соединённых Штатов Америки") == "US"
    assert kb.expand_acronym("ОДКБ")[0].name == "Организация Договора о коллективной безопасности"
    assert kb.expand_acronym("НАТО")[0].qid == "Q7184"
    assert kb.by_qid("Q232") is not None


def test_thread_safety() -> None:
    names = ["Казахстане", "Путина", "ОДКБ", "Алматы", "Вашингтоне", "США", "Берлине"] * 20
    expected = {n: kb.lookup(n) for n in set(names)}
    store = KB()  # a fresh instance: empty caches, one shared connection
    errors: list[str] = []

    def work(offset: int) -> None:
        for n in names[offset:] + names[:offset]:
            if store.lookup(n) != expected[n]:
                errors.append(n)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    store.close()
    assert not errors


# -- data quality -------------------------------------------------------------------------

def test_file_size_and_meta() -> None:
    assert KB_FILE.stat().st_size <= 40 * 1024 * 1024
    meta = kb.get_kb().stats()
    assert int(meta["entities"]) > 20_000 and int(meta["aliases"]) > 50_000


def test_qids_are_well_formed_and_curated_qids_kept() -> None:
    store = kb.get_kb()
    qids = [q for (q,) in store._rows("SELECT qid FROM entity WHERE qid IS NOT NULL")]
    assert all(re.fullmatch(r"Q\d+", q) for q in qids)
    assert len(qids) == len(set(qids))
    people = shared_path("kb", "people.tsv")
    with people.open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["qid"]:
                c = store.by_qid(row["qid"])
                assert c is not None and c.type == "PER", row["qid"]


def test_rebuild_is_byte_identical(tmp_path: Path) -> None:
    shared_path("kb", "countries.tsv")
    shared_path("data", "nerel", "train")
    out = tmp_path / "kb.sqlite"
    env = dict(os.environ, PYTHONHASHSEED="7")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_kb.py"), "--shared",
                    str(SHARED), "--out", str(out), "-q"], check=True, env=env, cwd=ROOT,
                   timeout=120)
    assert out.read_bytes() == KB_FILE.read_bytes(), \
        "svodka/kb/data/kb.sqlite is stale: run python scripts/build_kb.py"


def test_linking_on_nerel_dev() -> None:
    from svodka.kb.eval_linking import evaluate

    rep = evaluate(kb.get_kb(), shared_path("data", "nerel", "dev"))
    assert rep.present > 1000
    assert rep.lookup.precision >= 0.95 and rep.lookup.recall >= 0.85
    assert rep.link.precision >= 0.97
