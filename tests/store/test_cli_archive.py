"""The archive commands of `svodka`, on both backends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from svodka.cli import app

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module",
                params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def ingested(request, tmp_path_factory) -> str:
    """The fixtures directory ingested once per backend (the tests below only read)."""
    if request.param == "sqlite":
        url = str(tmp_path_factory.mktemp("cli") / "archive.sqlite")
    else:
        url = request.getfixturevalue("new_pg_database")("cli")
    code, out, err = run("ingest", str(FIXTURES), "--db", url, "--json")
    assert code == 0, err
    return url


def test_ingest_summary_and_errors(ingested):
    from svodka.store import open_store

    with open_store(ingested) as store:
        counts = store.counts()
        reasons = {e["origin"].split("/")[-1]: e["reason"] for e in store.errors()}
    # page.html and feed.rss#3 are the same article: one is an exact duplicate
    assert counts["documents"] == 10
    assert reasons["broken.rss"].startswith("not a valid RSS/Atom feed")
    assert reasons["broken.html"] == "no article text found in the page"
    assert reasons["english.txt"].startswith("not Russian text")
    assert reasons["articles.jsonl:3"].startswith("invalid JSON")
    assert len(reasons) == 7


def test_ingest_twice_stores_nothing_new(ingested):
    code, out, _ = run("ingest", str(FIXTURES), "--db", ingested, "--json")
    summary = json.loads(out)
    assert code == 0 and summary["stored"] == 0 and summary["already_archived"] == 11


def test_search_prints_ranked_snippets(ingested):
    code, out, _ = run("search", "Токаева", "--db", ingested)
    assert code == 0
    assert "Мажилис одобрил поправки о собраниях" in out  # feed.rss#3, the page linked
    code, out, _ = run("search", "ледокол", "--db", ingested, "--json")
    data = json.loads(out)
    assert data["total"] == 1 and data["hits"][0]["source"] == "Северные известия"
    hit = data["hits"][0]
    assert any(hit["snippet"][s:e].lower().startswith("ледокол") for s, e in hit["highlights"])


@pytest.mark.parametrize("query", ['"unbalanced AND OR (', "OR", "NOT Москва"])
def test_query_syntax_errors_exit_2_with_one_line(ingested, query):
    code, out, err = run("search", query, "--db", ingested)
    assert code == 2
    assert err.startswith("svodka: error: ") and len(err.strip().splitlines()) == 1


def test_hostile_query_leaves_the_archive_alone(ingested):
    code, out, _ = run("search", "'); DROP TABLE documents; --", "--db", ingested)
    assert code == 0 and "0 documents" in out
    code, out, _ = run("search", "Владивосток", "--db", ingested, "--json")
    assert json.loads(out)["total"] == 1


def test_query_commands(ingested):
    code, out, _ = run("quotes", "--speaker", "Кожемяко", "--db", ingested, "--json")
    assert code == 0
    assert all("Кожемяко" in (r["speaker"] or "") for r in json.loads(out))
    code, out, _ = run("events", "--from", "2022-01-01", "--db", ingested, "--json")
    assert code == 0 and isinstance(json.loads(out), list)
    code, out, _ = run("labels", "--target", "протестующие", "--db", ingested)
    assert code == 0 and "labels" in out
    code, out, _ = run("entity", "Владивосток", "--db", ingested, "--json")
    assert code == 0 and json.loads(out)["entity"]["name"] == "Владивосток"
    code, _, err = run("entity", "Q1", "--db", ingested)
    assert code == 1 and "no entity" in err
    code, _, err = run("events", "--type", "RIOT", "--db", ingested)
    assert code == 2 and "PLOVER" in err


def test_export_command(ingested, tmp_path):
    out_file = tmp_path / "entities.csv"
    code, _, err = run("export", "--what", "entities", "--format", "csv", "-o", str(out_file),
                       "--db", ingested)
    assert code == 0 and "rows" in err and out_file.read_text().startswith("entity,kb_id")
    code, out, _ = run("export", "--what", "documents", "--db", ingested)
    assert code == 0 and len(out.splitlines()) == 10
    code, _, err = run("export", "--what", "events", "--format", "parquet", "--db", ingested)
    assert code == 1 and "--output" in err


def test_reanalyze_command(ingested):
    code, out, _ = run("reanalyze", "--db", ingested, "-q")
    assert code == 0 and "reanalysed 0 of 0" in out


def test_query_on_a_missing_archive_says_so(tmp_path):
    code, _, err = run("search", "x", "--db", str(tmp_path / "none.sqlite"))
    assert code == 1 and "no archive" in err


def test_demo_archive(tmp_path):
    from rich.console import Console

    from svodka.cli_archive import demo_archive

    console = Console(record=True, width=120)
    db = str(tmp_path / "demo.sqlite")
    assert demo_archive(db, console=console) == db
    text = console.export_text()
    assert "5 sample articles added" in text and "Токаев" in text
    demo_archive(db, console=console)  # again: nothing new, no error
    assert "0 sample articles added, 5 documents" in console.export_text()
