"""Scores, the dev set files, the CLI and the web pages of stories."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from story_helpers import record, reprint
from typer.testing import CliRunner

from svodka.cli import app
from svodka.eval.stories import bcubed, load_devset, pairwise
from svodka.store import open_store

DEV = Path(__file__).resolve().parents[1] / "eval" / "stories"


def test_bcubed_and_pairwise() -> None:
    gold = {"a": "1", "b": "1", "c": "2"}
    assert bcubed(gold, {"a": 1, "b": 1, "c": 2})["f1"] == 1.0
    lumped = bcubed(gold, {"a": 1, "b": 1, "c": 1})
    assert lumped["recall"] == 1.0 and lumped["precision"] == pytest.approx(5 / 9, abs=1e-3)
    scores = pairwise(gold, {"a": 1, "b": 2, "c": 2})
    assert scores["true_pairs"] == 0 and scores["false_pairs"] == 1
    assert scores["missed_pairs"] == 1


def test_devset_anchors_resolve(shared: Any) -> None:
    dev = load_devset(DEV, shared("data", "nerel"))
    assert len(dev.documents) >= 100
    assert len({d["story"] for d in dev.documents if not d["story"].startswith("single")}) >= 20
    for g in dev.events:
        assert 0 <= g.start < g.end <= 1500 + 100


@pytest.fixture
def archive(tmp_path: Path, analysed_samples: list[Any]) -> str:
    url = str(tmp_path / "cli.sqlite")
    with open_store(url) as store:
        store.add_batch([record(d) for d in analysed_samples]
                        + [reprint(analysed_samples[0], 3)])
    return url


def test_cli(archive: str) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["stories", "update", "--db", archive, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["documents"] == 6
    listed = runner.invoke(app, ["stories", "list", "--db", archive, "--json",
                                 "--min-documents", "2"])
    items = json.loads(listed.output)["items"]
    assert len(items) == 1 and items[0]["documents"] == 2
    shown = runner.invoke(app, ["stories", "show", items[0]["id"], "--db", archive])
    assert shown.exit_code == 0 and "Timeline" in shown.output
    missing = runner.invoke(app, ["stories", "show", "12345", "--db", archive])
    assert missing.exit_code == 2 and "no story" in missing.output


def test_pages(archive: str) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from svodka.api import create_app
    from svodka.stories import update

    with open_store(archive) as store:
        update(store)
        client = TestClient(create_app(store), base_url="http://127.0.0.1:8000")
        data = client.get("/api/stories?min_documents=2").json()
        sid = data["items"][0]["id"]
        detail = client.get(f"/api/stories/{sid}").json()
        assert detail["distinct_events"] <= detail["event_mentions"]
        page = client.get(f"/stories/{sid}")
        assert page.status_code == 200 and "Timeline" in page.text and "<svg" in page.text
        assert client.get("/stories").status_code == 200
        assert 'href="/stories"' in client.get("/").text
        assert client.get("/stories/nope").status_code == 404
        assert client.get("/api/stories/42").status_code == 404
