"""`svodka batch` from the command line: options, one-line errors, Parquet in and out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from svodka.batch.inputs import estimate_documents, open_inputs
from svodka.cli import app
from svodka.ingest.sources import InputFailure, InputItem, expand, read_source

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
runner = CliRunner(env={"COLUMNS": "200"})
STORY = ("Центральный банк России в пятницу сохранил ключевую ставку на уровне 20 процентов "
         "годовых. Председатель Банка России Эльвира Набиуллина заявила, что регулятор будет "
         "следить за инфляцией.")


@pytest.mark.parametrize("args, message", [
    (["--out", "o", "--db", "d.sqlite"], "give exactly one of --out DIR and --db URL"),
    ([], "give exactly one of --out DIR and --db URL"),
    (["--out", "o", "--ray-address", "auto"], "--ray-address needs --engine ray"),
    (["--out", "o", "--workers", "0"], "--workers must be at least 1"),
])
def test_usage_errors_exit_2(tmp_path, args, message):
    result = runner.invoke(app, ["batch", str(FIXTURES / "english.txt"), *args])
    assert result.exit_code == 2 and message in result.stderr
    assert "Traceback" not in result.output


def test_refuses_a_foreign_or_older_output_directory(tmp_path):
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("x")
    result = runner.invoke(app, ["batch", str(FIXTURES / "english.txt"), "--out", str(foreign)])
    assert result.exit_code == 1
    assert "not empty and not a svodka batch output directory" in result.stderr
    older = tmp_path / "older"
    older.mkdir()
    (older / "state.json").write_text(json.dumps({
        "format": "svodka-batch/1", "analyser": "svodka 0.0.1", "output": "jsonl",
        "files": {}, "documents": 3}))
    result = runner.invoke(app, ["batch", str(FIXTURES / "english.txt"), "--out", str(older)])
    assert result.exit_code == 1 and "analysed by svodka 0.0.1" in result.stderr


def test_parquet_in_and_out(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"text": [STORY, "", "Just English here."],
                      "title": ["Ставка", None, None], "id": ["a", "b", "c"],
                      "published": pa.array([None, None, None], pa.date32())})
    pq.write_table(table, tmp_path / "in.parquet")
    sources, _ = expand([str(tmp_path)])
    assert estimate_documents(sources) == 3
    got = list(read_source(sources[0]))
    assert isinstance(got[0], InputItem) and got[0].title == "Ставка"
    assert [type(x) for x in got[1:]] == [InputFailure, InputFailure]

    out = tmp_path / "out"
    result = runner.invoke(app, ["batch", str(tmp_path / "in.parquet"), "--out", str(out),
                                 "--format", "parquet", "-w", "1", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["analysed"], summary["failed"]) == (1, 2)
    (written,) = out.glob("part-*.parquet")
    rows = pq.read_table(written).to_pylist()
    assert [r["id"] for r in rows] == ["a"]
    assert json.loads(rows[0]["document"])["schema"] == "svodka/1"
    assert rows[0]["content_hash"] and rows[0]["analyser"].startswith("svodka ")


def test_estimate_counts_lines_and_feed_items():
    sources, failures = open_inputs([str(FIXTURES / "articles.jsonl"),
                                     str(FIXTURES / "feed.rss"), "missing.txt"])
    lines = (FIXTURES / "articles.jsonl").read_bytes().count(b"\n")
    items = (FIXTURES / "feed.rss").read_bytes().count(b"<item")
    assert estimate_documents(sources) == lines + items and len(failures) == 1
