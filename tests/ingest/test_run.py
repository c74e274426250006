"""The ingest runner: batches, duplicates, near-duplicates, failures, progress, summary."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from rich.console import Console

from svodka.ingest.run import ingest
from svodka.store import open_store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
STORY = ("Центральный банк России в пятницу сохранил ключевую ставку на уровне 20 процентов "
         "годовых. Председатель Банка России Эльвира Набиуллина заявила, что регулятор будет "
         "следить за инфляцией и может снизить ставку на следующих заседаниях. После "
         "объявления решения курс рубля на Московской бирже укрепился.")


@pytest.fixture
def store(tmp_path):
    with open_store(str(tmp_path / "a.sqlite")) as s:
        yield s


def jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n",
                    encoding="utf-8")
    return path


def test_exact_and_near_duplicates(store, tmp_path):
    rows = [
        {"text": STORY, "source": "finance.ru", "published": "2022-04-29"},
        {"text": STORY, "source": "copycat.ru"},  # exact duplicate: not stored again
        {"text": STORY.replace(". ", ".\n") + " Источник: пресс-служба ЦБ.",
         "source": "reprint.ru"},  # near-duplicate: stored and linked
        {"text": "В Новосибирске прошёл марафон, в нём участвовали три тысячи бегунов."},
    ]
    summary = ingest([str(jsonl(tmp_path / "a.jsonl", rows))], store, progress=False)
    assert (summary.stored, summary.duplicates, summary.near_duplicates) == (3, 1, 1)
    assert not summary.failed
    linked = store.rows("SELECT d.source_id IS NOT NULL, o.id FROM documents d "
                        "JOIN documents o ON o.doc = d.near_duplicate_of")
    assert len(linked) == 1
    again = ingest([str(tmp_path / "a.jsonl")], store, progress=False)
    assert (again.stored, again.already_archived, again.duplicates) == (0, 4, 0)


def test_failures_are_recorded_and_the_run_goes_on(store, tmp_path):
    for name in ("broken.html", "broken.rss", "english.txt", "rostov_cp1251.txt"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    (tmp_path / "empty.txt").write_bytes(b"")
    summary = ingest([str(tmp_path), str(tmp_path / "nope.txt")], store, progress=False,
                     batch_size=2)
    assert summary.stored == 1 and summary.inputs == 6
    reasons = {Path(o).name: r for o, r in summary.failed}
    assert set(reasons) == {"broken.html", "broken.rss", "english.txt", "empty.txt",
                            "nope.txt"}
    assert reasons["empty.txt"] == "empty input"
    stored = {(Path(e["origin"]).name, e["reason"]) for e in store.errors()}
    assert stored == set(reasons.items())
    assert summary.to_dict()["failed"] == 5


def test_analysis_failure_is_an_error_not_a_crash(store, tmp_path, monkeypatch):
    import svodka.pipeline

    def explode(text, **kw):
        if "марафон" in text:
            raise RuntimeError("boom\nsecond line")
        return real(text, **kw)

    real = svodka.pipeline.analyze
    monkeypatch.setattr(svodka.pipeline, "analyze", explode)
    path = jsonl(tmp_path / "x.jsonl", [{"text": STORY},
                                        {"text": "В Новосибирске прошёл марафон бегунов."}])
    summary = ingest([str(path)], store, progress=False)
    assert summary.stored == 1
    assert summary.failed == [(f"{path}:2", "analysis failed: RuntimeError: boom")]


def test_progress_bar_shows_docs_per_second(store, tmp_path):
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, width=120)
    ingest([str(FIXTURES / "rostov_cp1251.txt")], store, console=console, progress=True)
    text = buf.getvalue()
    assert "docs/s" in text and "ingest" in text


def test_batches_commit_as_they_go(store, tmp_path):
    from svodka.store.base import Store

    calls: list[int] = []
    original = Store.add_batch

    def spy(self, records, errors=()):
        calls.append(len(records))
        return original(self, records, errors)

    rows = [{"text": f"{STORY} Выпуск номер {n}. " + "Дополнение. " * n} for n in range(5)]
    Store.add_batch = spy  # type: ignore[method-assign]
    try:
        ingest([str(jsonl(tmp_path / "b.jsonl", rows))], store, progress=False, batch_size=2)
    finally:
        Store.add_batch = original  # type: ignore[method-assign]
    assert calls == [2, 2, 1]


@pytest.mark.slow
def test_parallel_analysis(store, tmp_path):
    rows = [{"text": f"{STORY} Выпуск {n}: " + "подробности. " * (n * 7)} for n in range(6)]
    summary = ingest([str(jsonl(tmp_path / "p.jsonl", rows))], store, progress=False, jobs=2,
                     batch_size=3)
    assert summary.stored == 6 and not summary.failed
