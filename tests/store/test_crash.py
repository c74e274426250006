"""A crash mid-ingest (SIGKILL) loses nothing committed; a re-run neither loses nor
duplicates documents. Runs `svodka ingest` in a subprocess on both backends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from svodka.samples import load_samples
from svodka.store import open_store
from svodka.store.rows import content_hash

BATCH = 3
ROOT = Path(__file__).resolve().parent.parent.parent


def distinct_texts() -> list[str]:
    """24 different short Russian texts: the longer paragraphs of the samples."""
    texts = []
    for sample in load_samples():
        texts += [p for p in sample.text.split("\n") if len(p) > 150]
    unique = list(dict.fromkeys(texts))
    assert len({content_hash(t) for t in unique}) == len(unique)
    return unique


def count_documents(url: str) -> int:
    try:
        with open_store(url, migrate=False) as store:
            return int(store.rows("SELECT count(*) FROM documents")[0][0])
    except Exception:  # noqa: BLE001 - the archive may not exist yet
        return 0


def ingest_command(inputs: Path, url: str) -> list[str]:
    return [sys.executable, "-m", "svodka.cli", "ingest", str(inputs), "--db", url,
            "--batch-size", str(BATCH), "--quiet", "--json"]


def test_sigkill_mid_ingest_then_rerun(archive_url, tmp_path):
    texts = distinct_texts()
    inputs = tmp_path / "news"
    inputs.mkdir()
    for i, text in enumerate(texts):
        (inputs / f"{i:03d}.txt").write_text(text, encoding="utf-8")
    (inputs / "empty.txt").write_bytes(b"")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(ingest_command(inputs, archive_url), env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    try:
        while count_documents(archive_url) < 2 * BATCH:
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"ingest ended before it could be killed: {proc.stderr.read()!r}")
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    survived = count_documents(archive_url)
    assert 2 * BATCH <= survived < len(texts)
    assert survived % BATCH == 0 or survived == len(texts)  # whole batches only

    rerun = subprocess.run(ingest_command(inputs, archive_url), env=env, capture_output=True,
                           text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    import json

    summary = json.loads(rerun.stdout)
    assert summary["already_archived"] == survived
    assert summary["stored"] == len(texts) - survived
    with open_store(archive_url) as store:
        hashes = [h for (h,) in store.rows("SELECT content_hash FROM documents")]
        assert sorted(hashes) == sorted(content_hash(t) for t in texts)
        assert [e["origin"].endswith("empty.txt") for e in store.errors()] == [True]
        # every stored document is complete: its analysis rows came with it
        assert store.rows("SELECT count(*) FROM documents d WHERE NOT EXISTS "
                          "(SELECT 1 FROM document_fts_docsize z WHERE z.id = d.doc)"
                          if store.dialect == "sqlite" else
                          "SELECT count(*) FROM documents d WHERE NOT EXISTS "
                          "(SELECT 1 FROM document_search s WHERE s.doc = d.doc)")[0][0] == 0
