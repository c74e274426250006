"""The archive on both backends: writing, duplicates, migrations, reanalysis."""

from __future__ import annotations

import pytest
from archive_docs import kz_doc, plain_doc, record

from svodka.store import StoreError, default_db_url, open_store
from svodka.store import schema as schema_mod
from svodka.store.rows import current_analyser


def test_migrations_are_recorded_once(archive_url):
    with open_store(archive_url) as s:
        assert s.schema_version() == schema_mod.SCHEMA_VERSION
        assert s.migrate() == []  # nothing pending
    with open_store(archive_url) as s:
        versions = s.rows("SELECT version FROM schema_migrations")
        assert [v for (v,) in versions] == [m.version for m in schema_mod.MIGRATIONS]


def test_newer_schema_is_refused(archive_url):
    with open_store(archive_url) as s, s.transaction():
        s.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                  (999, "from the future", "2030-01-01"))
    with pytest.raises(StoreError, match="newer"):
        open_store(archive_url)


def test_a_failing_batch_leaves_nothing(store, monkeypatch):
    def explode(self, items):
        raise RuntimeError("disk full")

    monkeypatch.setattr(type(store), "_insert_search", explode)
    with pytest.raises(RuntimeError):
        store.add_batch([record(kz_doc())], [("bad.txt", "empty input")])
    assert store.counts()["documents"] == 0 and store.errors() == []
    monkeypatch.undo()
    assert store.add_batch([record(kz_doc())]).stored


def test_round_trip_of_analysed_documents(store, sample_docs):
    result = store.add_batch([record(d) for d in sample_docs])
    assert result.stored == [d.id for d in sample_docs]
    for doc in sample_docs:
        back = store.get_document(doc.id)
        assert back is not None
        assert back.to_dict() == doc.to_dict()
    counts = store.counts()
    assert counts["documents"] == len(sample_docs)
    assert counts["mentions"] == sum(len(e.mentions) for d in sample_docs for e in d.entities)
    assert counts["quotes"] == sum(len(d.quotes) for d in sample_docs)
    assert counts["events"] == sum(len(d.events) for d in sample_docs)
    assert counts["labels"] == sum(len(d.labels) for d in sample_docs)


def test_exact_duplicates_are_stored_once(store):
    first = kz_doc()
    same_text_other_source = kz_doc(source="other.kz")
    assert first.id != same_text_other_source.id
    result = store.add_batch([record(first, "a.txt"), record(same_text_other_source, "b.txt")])
    assert result.stored == [first.id]
    assert result.duplicates == [("b.txt", first.id)]
    again = store.add_batch([record(kz_doc(), "c.txt")])
    assert again.stored == [] and again.duplicates == [("c.txt", first.id)]
    assert store.known_hashes([record(first).content_hash]) == {
        record(first).content_hash: first.id}
    assert store.counts()["documents"] == 1


def test_whitespace_only_changes_are_exact_duplicates(store):
    doc = kz_doc()
    spaced = kz_doc(tail="\n\n")
    result = store.add_batch([record(doc), record(spaced)])
    assert len(result.stored) == 1 and len(result.duplicates) == 1


def test_near_duplicates_are_kept_and_linked(store):
    original = kz_doc()
    reprint = kz_doc(tail=" Об этом сообщает агентство.", source="reprint.kz")
    unrelated = plain_doc("В Новосибирске прошёл марафон. В забеге приняли участие более трёх "
                          "тысяч бегунов из двадцати регионов России, сообщил мэр города.")
    result = store.add_batch([record(original), record(unrelated)])
    assert len(result.stored) == 2 and not result.near_duplicates
    later = store.add_batch([record(reprint)])
    assert later.stored == [reprint.id]
    (dup_id, orig_id, sim), = later.near_duplicates
    assert (dup_id, orig_id) == (reprint.id, original.id) and sim >= 0.8
    meta = store.documents([k for (k,) in store.rows("SELECT doc FROM documents")])
    linked = {m.id: m.near_duplicate_of for m in meta.values()}
    assert linked == {original.id: None, unrelated.id: None, reprint.id: original.id}
    assert store.counts()["near_duplicates"] == 1


def test_near_duplicates_within_one_batch(store):
    original = kz_doc()
    reprint = kz_doc(tail=" Об этом сообщает агентство.", source="reprint.kz")
    result = store.add_batch([record(original), record(reprint)])
    assert result.near_duplicates and result.near_duplicates[0][:2] == (reprint.id, original.id)


def test_an_id_used_by_another_text_is_rejected(store):
    ok = plain_doc("Первый документ о выборах в городской совет Казани и их итогах.")
    clash = plain_doc("Совсем другой текст о погоде в Москве и прогнозе на неделю.")
    clash.id = ok.id
    result = store.add_batch([record(kz_doc()), record(ok, "ok.txt"),
                              record(clash, "clash.txt")])
    reason = f"document id {ok.id} is already used by another text"
    assert len(result.stored) == 2 and result.rejected == [("clash.txt", reason)]
    later = store.add_batch([record(clash, "again.txt")])
    assert later.stored == [] and later.errors == 1
    assert store.counts()["documents"] == 2
    assert {e["origin"] for e in store.errors()} == {"clash.txt", "again.txt"}


def test_errors_are_kept_with_reasons_and_counted(store):
    store.add_batch([], [("bad.txt", "empty input"), ("feed.xml#2", "not Russian text")])
    store.record_errors([("bad.txt", "empty input")])
    errors = {(e["origin"], e["reason"]): e["count"] for e in store.errors()}
    assert errors == {("bad.txt", "empty input"): 2, ("feed.xml#2", "not Russian text"): 1}


def test_entities_are_global_across_documents(store):
    store.add_batch([record(kz_doc()), record(kz_doc(tail=" Совсем другая история.",
                                                     source="x.kz"))])
    rows = store.rows("SELECT key, name, kb_id, country FROM entities ORDER BY key")
    assert ("Q200881", "Касым-Жомарт Токаев", "Q200881", "KZ") in rows
    assert len(rows) == 3
    per_doc = store.rows("SELECT count(*) FROM document_entities de JOIN entities e "
                         "ON e.id = de.entity_id WHERE e.kb_id = ?", ("Q200881",))
    assert per_doc[0][0] == 2


def test_unlinked_entities_are_keyed_by_type_and_name(store):
    doc = kz_doc()
    doc.entities[0].kb_id = None
    store.add_batch([record(doc)])
    keys = {k for (k,) in store.rows("SELECT key FROM entities")}
    assert "PER:касым-жомарт токаев" in keys


def test_reanalyze_brings_old_documents_to_the_current_analyser(store):
    from svodka.ingest.run import reanalyze

    old = kz_doc(analyser="svodka 0.0.1")
    current = plain_doc("В Калининграде завершился ремонт набережной, сообщил губернатор.",
                        analyser=current_analyser())
    store.add_batch([record(old), record(current)])
    assert len(store.stale_documents()) == 1

    def fake_analyse(doc):
        doc.quotes = []
        doc.extra["analyser"] = current_analyser()
        return doc

    summary = reanalyze(store, analyse=fake_analyse, progress=False)
    assert (summary.stale, summary.updated) == (1, 1)
    assert store.stale_documents() == []
    assert store.counts()["quotes"] == 0
    back = store.get_document(old.id)
    assert back is not None and back.quotes == [] and len(back.events) == 1
    assert store.counts()["events"] == 1  # child rows replaced, not doubled
    assert len(store.stale_documents(everything=True)) == 2


def test_reanalyze_with_the_real_analyser(store):
    from svodka.ingest.run import reanalyze

    doc = kz_doc(analyser="svodka 0.0.1")
    store.add_batch([record(doc)])
    summary = reanalyze(store, progress=False)
    assert summary.updated == 1 and not summary.failed
    back = store.get_document(doc.id)
    assert back is not None and back.text == doc.text
    assert back.extra["analyser"] == current_analyser()
    assert any(e.kb_id == "Q200881" for e in back.entities)


def test_open_store_urls(tmp_path, monkeypatch):
    path = tmp_path / "sub" / "a.sqlite"
    with open_store(f"sqlite:///{path}") as s:
        assert s.dialect == "sqlite"
    assert path.exists()
    with pytest.raises(StoreError, match="unknown archive URL"):
        open_store("mysql://localhost/db")
    with pytest.raises(StoreError, match="directory"):
        open_store(str(tmp_path))
    monkeypatch.setenv("SVODKA_DB", str(tmp_path / "env.sqlite"))
    assert default_db_url() == str(tmp_path / "env.sqlite")
    monkeypatch.delenv("SVODKA_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_db_url() == str(tmp_path / "xdg" / "svodka" / "svodka.sqlite")


def test_sqlite_pragmas(tmp_path):
    with open_store(str(tmp_path / "a.sqlite")) as s:
        assert s.rows("PRAGMA journal_mode")[0][0] == "wal"
        assert s.rows("PRAGMA foreign_keys")[0][0] == 1


@pytest.mark.postgres
def test_postgres_connection_errors_are_one_line(pg_cluster):
    url = pg_cluster.url("no_such_database")
    with pytest.raises(StoreError) as info:
        open_store(url)
    assert "\n" not in str(info.value) and "no_such_database" in str(info.value)


def test_fast_serialisation_matches_to_dict(sample_docs):
    from svodka.store.rows import record_dict

    for doc in [*sample_docs, kz_doc()]:
        assert record_dict(doc) == doc.to_dict()
