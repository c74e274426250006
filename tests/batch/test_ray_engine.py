"""The Ray engine on a local Ray with 2 CPUs: the same documents as the local engine, in the
same order, failures recorded, and the archive filled through the same sink."""

from __future__ import annotations

import json

import pytest

from svodka.batch import LocalEngine, OutDirSink, StoreSink, run_batch
from svodka.samples import load_samples
from svodka.store import open_store

ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'svodka[ray]')")
pytest.importorskip("ray.data", reason="Ray Data is not installed (pip install 'ray[data]')")


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             configure_logging=False)
    yield
    ray.shutdown()


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # inside Ray Data
def test_ray_matches_the_local_engine(tmp_path, local_ray):
    from svodka.batch.ray_engine import RayEngine

    found = [p.strip() for s in load_samples() for p in s.text.split("\n")
             if len(p.strip()) >= 80][:10]
    src = tmp_path / "in.jsonl"
    rows = [{"text": t, "id": f"p-{i}"} for i, t in enumerate(found)]
    rows.insert(4, {"text": "Only English words here, nothing Russian at all."})
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                   encoding="utf-8")

    engine = RayEngine(2, chunk=2, window=6)  # two windows: the actors are set up twice
    ray_run = run_batch([str(src)], OutDirSink(tmp_path / "ray"), engine, progress=False)
    local_run = run_batch([str(src)], OutDirSink(tmp_path / "local"), LocalEngine(1),
                          progress=False)
    assert (ray_run.analysed, ray_run.failed) == (10, 1) == (local_run.analysed,
                                                             local_run.failed)
    ray_out = (tmp_path / "ray" / "part-00000.jsonl").read_text(encoding="utf-8")
    assert ray_out == (tmp_path / "local" / "part-00000.jsonl").read_text(encoding="utf-8")
    assert [json.loads(x)["id"] for x in ray_out.splitlines()] == [f"p-{i}" for i in range(10)]
    assert engine.stats.peak_worker_rss_mb > 0

    with open_store(str(tmp_path / "a.sqlite")) as store:
        to_store = run_batch([str(src)], StoreSink(store), RayEngine(2, chunk=4),
                             progress=False)
        assert to_store.analysed == 10
        assert store.counts()["documents"] == 10 and store.counts()["errors"] == 1
        assert store.get_document("p-3") is not None
