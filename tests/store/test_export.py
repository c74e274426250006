"""Exports on both backends: every table in JSON Lines, CSV and Parquet."""

from __future__ import annotations

import csv
import io
import json

import pytest
from archive_docs import kz_doc, plain_doc, record

from svodka.doc import Document
from svodka.export import COLUMNS, WHAT, ExportError, export


@pytest.fixture
def archive(store):
    docs = [kz_doc(), plain_doc("Мэр Новосибирска поблагодарил волонтёров марафона.",
                                title="Марафон", published="2022-05-15", source="sib.ru")]
    store.add_batch([record(d) for d in docs])
    return store


def read(path, fmt: str) -> list[dict]:
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if fmt == "csv":
        with path.open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


EXPECTED_ROWS = {"documents": 2, "entities": 3, "quotes": 1, "events": 1, "labels": 1}


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
@pytest.mark.parametrize("what", WHAT)
def test_every_table_in_every_format(archive, tmp_path, what, fmt):
    path = tmp_path / f"{what}.{fmt}"
    n = export(archive, what, fmt, path)
    rows = read(path, fmt)
    assert n == len(rows) == EXPECTED_ROWS[what]
    if not (what == "documents" and fmt == "jsonl"):
        assert list(rows[0]) == list(COLUMNS[what])


def test_documents_jsonl_is_svodka_json(archive, tmp_path):
    path = tmp_path / "docs.jsonl"
    export(archive, "documents", "jsonl", path)
    docs = [Document.from_json(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert docs[0].to_dict() == kz_doc().to_dict()


def test_events_table_is_gdelt_like(archive, tmp_path):
    path = tmp_path / "events.parquet"
    export(archive, "events", "parquet", path)
    (row,) = read(path, "parquet")
    assert row["type"] == "ASSAULT" and row["mode"] == "firearms"
    assert row["date"] == "2022-01-05" and row["day"] == "2022-01-05"
    assert row["location_name"] == "Алматы" and row["location_qid"] == "Q35493"
    assert row["location_country"] == "KZ"
    assert row["lat"] == pytest.approx(43.3, abs=0.5) and row["lon"] == pytest.approx(76.9,
                                                                                      abs=0.5)
    assert row["actors"] == ["Силовики"] and row["recipients"] == ["протестующим"]
    assert row["evidence"] == "Силовики открыли огонь по протестующим в Алматы 5 января."
    assert row["source"] == "tengrinews.kz" and row["modality"] == "asserted"


def test_csv_lists_are_json_and_counts_are_numbers(archive, tmp_path):
    path = tmp_path / "events.csv"
    export(archive, "events", "csv", path)
    (row,) = read(path, "csv")
    assert json.loads(row["actors"]) == ["Силовики"]
    ents = tmp_path / "entities.csv"
    export(archive, "entities", "csv", ents)
    by_key = {r["entity"]: r for r in read(ents, "csv")}
    assert by_key["Q200881"]["documents"] == "1" and by_key["Q200881"]["mentions"] == "2"


def test_quotes_and_labels_rows(archive, tmp_path):
    quotes, labels = tmp_path / "q.jsonl", tmp_path / "l.jsonl"
    export(archive, "quotes", "jsonl", quotes)
    export(archive, "labels", "jsonl", labels)
    (q,) = read(quotes, "jsonl")
    assert (q["speaker_name"], q["speaker_qid"], q["cue"]) == ("Касым-Жомарт Токаев",
                                                              "Q200881", "заявить")
    (lb,) = read(labels, "jsonl")
    assert (lb["holder_qid"], lb["target_name"], lb["label_lemma"]) == ("Q200881",
                                                                       "протестующих",
                                                                       "террорист")


def test_export_to_an_open_stream(archive):
    buf = io.StringIO()
    assert export(archive, "entities", "jsonl", buf) == 3
    assert len(buf.getvalue().splitlines()) == 3


def test_empty_archive_exports_empty_tables(store, tmp_path):
    path = tmp_path / "e.parquet"
    assert export(store, "events", "parquet", path) == 0
    assert read(path, "parquet") == []


def test_bad_arguments(archive, tmp_path):
    with pytest.raises(ExportError, match="unknown table"):
        export(archive, "people", "jsonl", tmp_path / "x")
    with pytest.raises(ExportError, match="unknown format"):
        export(archive, "events", "xlsx", tmp_path / "x")
    with pytest.raises(ExportError, match="--output"):
        export(archive, "events", "parquet", "-")
    with pytest.raises(ExportError, match="cannot write"):
        export(archive, "events", "csv", tmp_path / "missing" / "x.csv")
