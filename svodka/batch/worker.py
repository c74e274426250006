"""The work done for one document, the same in a local worker process and in a Ray actor:
analyse, then prepare what the output needs (svodka/1 JSON, or an archive record with its
search text and MinHash signature, so the coordinating process only writes)."""

from __future__ import annotations

import os
import resource
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from svodka.batch.inputs import Task
from svodka.doc import Document
from svodka.ingest.sources import InputItem

WANT_JSON = "json"  # payload: {"id", "source", ..., "json": svodka/1 text}
WANT_RECORD = "record"  # payload: an ArchiveRecord ready for Store.add_batch
WANT_RAW = "raw"  # payload: whatever the analyse function returned
# one thread per worker: the workers are the parallelism (BLAS threads would oversubscribe)
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
WARM_UP = "Москва, 5 января. Президент России Владимир Путин провёл совещание с правительством."

Analyse = Callable[[InputItem], Document]


@dataclass
class Outcome:
    """What became of one task: ``payload`` on success, ``reason`` on failure."""

    index: int
    ok: bool
    payload: Any = None
    reason: str = ""
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # CPU time of the worker on it (wall time minus waiting)


def analyse_item(item: InputItem) -> Document:
    """svodka's analysis of one input item with its metadata (exceptions propagate)."""
    from svodka.pipeline import analyze

    return analyze(item.text, published=item.published, source=item.source, url=item.url,
                   title=item.title, id=item.id)


def run_task(task: Task, want: str, analyse: Analyse | None = None) -> Outcome:
    """Analyse one task; an exception becomes a failed outcome with a one-line reason."""
    started, cpu = time.perf_counter(), time.process_time()
    try:
        doc = (analyse or analyse_item)(task.item)
        outcome = Outcome(task.index, True, payload=_payload(task, doc, want))
    except Exception as exc:  # noqa: BLE001 - one bad article must not stop the batch
        reason = f"analysis failed: {type(exc).__name__}: {exc}".splitlines()[0]
        outcome = Outcome(task.index, False, reason=reason)
    outcome.seconds = time.perf_counter() - started
    outcome.cpu_seconds = time.process_time() - cpu
    return outcome


def _payload(task: Task, doc: Any, want: str) -> Any:
    if want == WANT_RAW:
        return doc
    if want == WANT_RECORD:
        from svodka.ingest.run import to_record

        record = to_record(task.item, doc, task.content_hash)
        record.index_text()  # lemmatising is the costly part of storing: do it here
        return record
    return {"id": doc.id, "source": doc.source, "url": doc.url, "title": doc.title,
            "published": doc.published, "analyser": str(doc.extra.get("analyser") or ""),
            "json": doc.to_json()}


def rss_mb(pid: int | None = None) -> float:
    """Resident memory of a process (this one by default) in MB; 0.0 when unknown."""
    try:
        with open(f"/proc/{pid or 'self'}/statm", "rb") as fh:
            pages = int(fh.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return peak_rss_mb() if pid is None else 0.0


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes on macOS


def release_free_memory() -> None:
    """Hand freed heap pages back to the system (glibc keeps them otherwise, and a worker
    that analysed thousands of articles would look ever bigger); a no-op elsewhere."""
    global _LIBC
    if _LIBC is None:
        try:
            import ctypes

            _LIBC = ctypes.CDLL("libc.so.6")
            _LIBC.malloc_trim  # noqa: B018 - glibc only
        except (OSError, AttributeError):
            _LIBC = False
    if _LIBC:
        _LIBC.malloc_trim(0)


_LIBC: Any = None


def single_threaded() -> None:
    for name in THREAD_VARIABLES:
        os.environ.setdefault(name, "1")


def warm_up(analyse: Analyse | None) -> None:
    """Load the models and caches once, before the first timed document."""
    (analyse or analyse_item)(InputItem(text=WARM_UP, origin="warm-up"))


def worker_main(conn: Any, want: str, analyse: Analyse | None, memory_mb: float) -> None:
    """A local worker: load the pipeline once, then analyse the chunks it is sent.

    Messages to the coordinator: ("ready", rss), ("done", Outcome, peak rss) per document,
    ("idle", rss) after a chunk, ("recycle", rss) when over the memory limit between chunks
    (the coordinator starts a fresh worker), ("broken", reason) when it cannot start."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the coordinator's to handle
    single_threaded()
    try:
        warm_up(analyse)
    except Exception as exc:  # noqa: BLE001 - reported to the coordinator in one line
        conn.send(("broken", f"{type(exc).__name__}: {exc}".splitlines()[0]))
        return
    conn.send(("ready", rss_mb()))
    while True:
        try:
            chunk = conn.recv()
        except (EOFError, OSError):
            return  # the coordinator is gone
        if chunk is None:
            return
        try:
            for task in chunk:
                conn.send(("done", run_task(task, want, analyse), peak_rss_mb()))
            release_free_memory()
            current = rss_mb()
            if memory_mb and current > memory_mb:
                conn.send(("recycle", current))
                return
            conn.send(("idle", current))
        except (BrokenPipeError, OSError):
            return
