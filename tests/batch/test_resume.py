"""Resume after a crash: a real `svodka batch` (real pipeline) is killed with SIGKILL halfway,
then run again; nothing may be lost or duplicated, in an output directory and in SQLite."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from svodka.samples import load_samples

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
VARIANTS = ("", "Сообщение агентства. ", "Срочная новость. ")


def paragraphs() -> list[str]:
    """Real news paragraphs (the bundled Wikinews samples), three variants each."""
    found = [p.strip() for s in load_samples() for p in s.text.split("\n")
             if len(p.strip()) >= 80]
    return [prefix + p for prefix in VARIANTS for p in found]


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[list[str], list[str]]:
    rows = paragraphs()
    src = tmp_path / "news.jsonl"
    src.write_text("".join(json.dumps({"text": t, "id": f"p-{i}"}, ensure_ascii=False) + "\n"
                           for i, t in enumerate(rows)), encoding="utf-8")
    shutil.copy(FIXTURES / "english.txt", tmp_path / "english.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    return [str(src), str(tmp_path / "english.txt"), str(tmp_path / "empty.txt")], [
        f"p-{i}" for i in range(len(rows))]


def kill_halfway(cmd: list[str], committed: Callable[[], int], total: int) -> int:
    """Start the batch, SIGKILL it once some documents are committed; the number committed
    (read after the kill: a commit may land between the last look and the kill)."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while committed() < total // 4:
            assert proc.poll() is None, "the batch ended before it could be killed"
            assert time.monotonic() < deadline, "the batch made no progress"
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    done = committed()
    assert done < total, "the batch finished before it was killed"
    return done


def run_json(cmd: list[str]) -> dict:
    done = subprocess.run([*cmd, "--json"], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_sigkill_then_resume_out_dir(tmp_path, inputs):
    paths, ids = inputs
    out = tmp_path / "out"
    cmd = [sys.executable, "-c", "from svodka.cli import main; main()", "batch", *paths,
           "--out", str(out), "-w", "1", "--chunk", "2", "--commit-every", "5", "-q"]

    def committed() -> int:
        try:
            return int(json.loads((out / "state.json").read_text())["documents"])
        except (OSError, ValueError, KeyError):
            return 0

    before = kill_halfway(cmd, committed, len(ids))
    summary = run_json(cmd)
    assert summary["analysed"] == len(ids) - before
    # the bad inputs are recorded exactly once, by whichever run committed them first
    assert summary["skipped"] + summary["analysed"] + summary["failed"] == len(ids) + 2
    docs = [json.loads(x) for p in sorted(out.glob("part-*.jsonl"))
            for x in p.read_text(encoding="utf-8").splitlines()]
    assert sorted(d["id"] for d in docs) == sorted(ids)  # no loss, no duplicate
    assert all(d["schema"] == "svodka/1" and d["sentences"] for d in docs)
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text().splitlines()]
    assert sorted(Path(e["origin"]).name for e in errors) == ["empty.txt", "english.txt"]
    manifest = (out / "manifest.tsv").read_text().splitlines()
    assert len(manifest) == len(ids) + 2


def test_sigkill_then_resume_sqlite(tmp_path, inputs):
    paths, ids = inputs
    db = tmp_path / "archive.sqlite"
    cmd = [sys.executable, "-c", "from svodka.cli import main; main()", "batch", *paths,
           "--db", str(db), "-w", "1", "--chunk", "2", "--commit-every", "5", "-q"]

    def committed() -> int:
        if not db.exists():
            return 0
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1) as con:
                return int(con.execute("SELECT count(*) FROM documents").fetchone()[0])
        except sqlite3.Error:
            return 0

    before = kill_halfway(cmd, committed, len(ids))
    summary = run_json(cmd)
    with sqlite3.connect(db) as con:
        stored = sorted(r[0] for r in con.execute("SELECT id FROM documents"))
        errors = sorted(Path(r[0]).name for r in con.execute("SELECT origin FROM errors"))
    assert stored == sorted(ids)  # no loss, no duplicate
    assert summary["analysed"] == len(ids) - before
    assert summary["skipped"] == before
    assert errors == ["empty.txt", "english.txt"]
