"""The local engine's guards and the output directory: order, failures, time and memory
limits, crashes, Ctrl-C — with quick stand-in analysers (batch_fakes) in real worker
processes."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import batch_fakes
import pytest

from svodka.batch import LocalEngine, OutDirSink, run_batch
from svodka.batch.local import ProcessPool
from svodka.ingest.sources import InputItem

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def texts(n: int, marks: dict[int, str] | None = None) -> list[str]:
    marks = marks or {}
    return [f"Документ номер {i}: в Москве прошло заседание правительства. {marks.get(i, '')}"
            for i in range(n)]


def write_jsonl(path: Path, rows: list[str]) -> Path:
    path.write_text("".join(json.dumps({"text": t, "id": f"doc-{i}"}, ensure_ascii=False)
                            + "\n" for i, t in enumerate(rows)), encoding="utf-8")
    return path


def lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def shards(out: Path) -> list[dict]:
    return [d for p in sorted(out.glob("part-*.jsonl")) for d in lines(p)]


def run(paths: list[Path], out: Path, **engine: object):
    opts = {"workers": 2, "chunk": 3, "analyse": batch_fakes.quick, **engine}
    return run_batch([str(p) for p in paths], OutDirSink(out), LocalEngine(**opts),  # type: ignore[arg-type]
                     progress=False)


def test_ordered_output_bad_inputs_recorded_and_rerun_skips(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", texts(20))
    shutil.copy(FIXTURES / "broken.rss", tmp_path / "broken.rss")
    shutil.copy(FIXTURES / "english.txt", tmp_path / "english.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    bad = [tmp_path / n for n in ("broken.rss", "english.txt", "empty.txt", "binary.txt")]
    out = tmp_path / "out"
    summary = run([src, *bad, tmp_path / "missing.txt"], out)
    assert (summary.analysed, summary.failed, summary.skipped) == (20, 5, 0)
    assert [d["id"] for d in shards(out)] == [f"doc-{i}" for i in range(20)]
    errors = {Path(e["origin"]).name: e["reason"] for e in lines(out / "errors.jsonl")}
    assert set(errors) == {"broken.rss", "english.txt", "empty.txt", "binary.txt",
                           "missing.txt"}
    assert errors["empty.txt"] == "empty input"
    again = run([src, *bad, tmp_path / "missing.txt"], out)
    assert (again.analysed, again.failed, again.skipped) == (0, 0, 25)
    assert len(shards(out)) == 20 and len(lines(out / "errors.jsonl")) == 5


def test_duplicates_in_one_run_are_written_once(tmp_path):
    rows = texts(4)
    src = write_jsonl(tmp_path / "in.jsonl", rows + [rows[1], "  " + rows[2] + "\n"])
    summary = run([src], tmp_path / "out", workers=1)
    assert (summary.analysed, summary.duplicates) == (4, 2)
    assert len(shards(tmp_path / "out")) == 4


def test_a_stuck_document_is_failed_and_its_worker_replaced(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", texts(12, {4: batch_fakes.HANG}))
    engine = LocalEngine(2, chunk=4, timeout=1.5, analyse=batch_fakes.quick)
    summary = run_batch([str(src)], OutDirSink(tmp_path / "out"), engine, progress=False)
    assert (summary.analysed, summary.failed) == (11, 1)
    assert engine.stats.replaced == 1
    (error,) = lines(tmp_path / "out" / "errors.jsonl")
    assert error["origin"].endswith(":5") and error["reason"].startswith("timed out after 1.5 s")
    # the rest of the stuck worker's chunk was analysed by someone: nothing lost, in order
    assert [d["id"] for d in shards(tmp_path / "out")] == [f"doc-{i}" for i in range(12)
                                                          if i != 4]


def test_memory_guard_and_crash_and_exception(tmp_path):
    marks = {2: batch_fakes.BLOAT, 5: batch_fakes.CRASH, 7: batch_fakes.RAISE}
    src = write_jsonl(tmp_path / "in.jsonl", texts(10, marks))
    engine = LocalEngine(2, chunk=3, timeout=60, memory_mb=400, analyse=batch_fakes.quick)
    summary = run_batch([str(src)], OutDirSink(tmp_path / "out"), engine, progress=False)
    assert (summary.analysed, summary.failed) == (7, 3)
    reasons = {int(e["origin"].rsplit(":", 1)[1]) - 1: e["reason"]
               for e in lines(tmp_path / "out" / "errors.jsonl")}
    assert reasons[2].startswith("worker memory") and "over the limit of 400 MB" in reasons[2]
    assert reasons[5].startswith("worker process died (exit code 3)")
    assert reasons[7] == "analysis failed: RuntimeError: сломалось"
    assert engine.stats.replaced == 2
    assert [d["id"] for d in shards(tmp_path / "out")] == [
        f"doc-{i}" for i in range(10) if i not in marks]


def test_workers_that_cannot_start_stop_the_batch_with_one_error(tmp_path):
    from svodka.batch import BatchError

    src = write_jsonl(tmp_path / "in.jsonl", texts(2))
    engine = LocalEngine(1, analyse=batch_fakes.crash_on_start)
    with pytest.raises(BatchError, match="cannot start"):
        run_batch([str(src)], OutDirSink(tmp_path / "out"), engine, progress=False)


def test_interrupt_keeps_finished_documents_and_resumes(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", texts(60))
    out = tmp_path / "out"
    script = ("import sys, batch_fakes; from svodka.batch import *; "
              "s = run_batch([sys.argv[1]], OutDirSink(sys.argv[2]), LocalEngine(2, chunk=2, "
              "analyse=batch_fakes.quick), progress=False); "
              "print(s.analysed, s.interrupted)")
    env = {**os.environ, "SVODKA_TEST_PAUSE": "0.1",
           "PYTHONPATH": os.pathsep.join([str(Path(batch_fakes.__file__).parent),
                                          os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-c", script, str(src), str(out)], env=env,
                            stdout=subprocess.PIPE, text=True)
    wait_for(lambda: _committed(out) >= 6)
    proc.send_signal(signal.SIGINT)
    stdout, _ = proc.communicate(timeout=60)
    first, interrupted = stdout.split()
    assert interrupted == "True" and 6 <= int(first) < 60
    assert len(shards(out)) == int(first)  # everything finished was kept
    second = run([src], out)
    assert second.analysed == 60 - int(first) and second.skipped == int(first)
    assert sorted(d["id"] for d in shards(out)) == sorted(f"doc-{i}" for i in range(60))


def _committed(out: Path) -> int:
    try:
        return int(json.loads((out / "state.json").read_text())["documents"])
    except (OSError, ValueError, KeyError):
        return 0


def wait_for(condition, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("timed out waiting for the batch")
        time.sleep(0.05)


def test_process_pool_for_ingest_jobs():
    pool = ProcessPool(2, timeout=1.5)
    try:
        items = [InputItem(text=t, origin=f"item{i}")
                 for i, t in enumerate(texts(5, {3: batch_fakes.HANG}))]
        results = pool.map(batch_fakes.quick, items)
    finally:
        pool.shutdown()
    assert [r.text for r in results if not isinstance(r, tuple)] == [
        items[i].text for i in (0, 1, 2, 4)]
    assert results[3][0] == "item3" and results[3][1].startswith("timed out")
