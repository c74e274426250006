"""`--db`: documents and failures go to the archive in one transaction per commit; a re-run
skips what is stored and reanalyses, in place, what an older analyser version produced."""

from __future__ import annotations

import json
from pathlib import Path

import batch_fakes

from svodka.batch import LocalEngine, StoreSink, run_batch
from svodka.store import open_store
from svodka.store.rows import current_analyser


def write_jsonl(path: Path, n: int) -> Path:
    rows = [{"text": f"Новость {i}: в Казани открыли новый мост через реку.", "id": f"n-{i}"}
            for i in range(n)]
    rows.append({"text": f"Новость с ошибкой: {batch_fakes.RAISE}.", "id": "bad"})
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")
    return path


def engine() -> LocalEngine:
    return LocalEngine(2, chunk=2, analyse=batch_fakes.quick)


def test_store_resume_and_reanalysis_of_older_versions(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", 8)
    with open_store(str(tmp_path / "a.sqlite")) as store:
        first = run_batch([str(src)], StoreSink(store), engine(), progress=False,
                          commit_every=3)
        assert (first.analysed, first.failed) == (8, 1)
        assert store.counts()["documents"] == 8
        (error,) = store.errors()
        assert error["origin"].endswith(":9") and "RuntimeError" in error["reason"]

        store.execute("UPDATE documents SET analyser = 'svodka 0.0.1' WHERE id IN ('n-2', 'n-5')")
        second = run_batch([str(src)], StoreSink(store), engine(), progress=False)
        assert (second.analysed, second.skipped, second.failed) == (2, 6, 1)
        assert store.counts()["documents"] == 8
        analysers = {r[0] for r in store.rows("SELECT analyser FROM documents")}
        assert analysers == {current_analyser()}
        assert store.errors()[0]["count"] == 2  # the failure seen again is counted, not copied
