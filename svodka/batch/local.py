"""The local engine: a pool of worker processes on this machine.

Each worker loads the pipeline once and analyses chunks of documents, reporting every
document as it finishes. The coordinator therefore always knows which document a worker is
on, which is what makes the guards possible: a worker that spends longer than the time limit
on one document, grows past the memory limit, or dies is killed and replaced, that document
is recorded as failed, and the rest of its chunk goes back to the queue — no other document
is lost.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import Any

from svodka.batch.inputs import Task
from svodka.batch.worker import (
    THREAD_VARIABLES,
    WANT_RAW,
    Analyse,
    Outcome,
    rss_mb,
    worker_main,
)
from svodka.errors import SvodkaError

POLL_SECONDS = 0.2  # how often time and memory limits are checked
MAX_FAILED_STARTS = 3  # consecutive workers that die before they are ready: give up



class BatchError(SvodkaError):
    """The batch cannot run (workers cannot start, output directory in use, bad options)."""


@dataclass
class EngineStats:
    workers: int = 0
    started: int = 0  # worker processes started, replacements included
    replaced: int = 0  # after a time-out, the memory limit, a crash or recycling
    peak_worker_rss_mb: float = 0.0
    startup_seconds: float = 0.0  # until the first document was finished
    notes: list[str] = field(default_factory=list)


@contextmanager
def _single_threaded_children() -> Iterator[None]:
    """One BLAS/OpenMP thread in the workers: the workers are the parallelism, and numpy is
    imported (with its thread pool sized) before a worker's own code runs. Spinning BLAS
    threads made every document cost ~4x the CPU time with 2 workers on 2 cores."""
    saved = {name: os.environ.get(name) for name in THREAD_VARIABLES}
    for name in THREAD_VARIABLES:
        os.environ.setdefault(name, "1")
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class _Worker:
    def __init__(self, slot: int, ctx: Any, want: str, analyse: Analyse | None,
                 memory_mb: float) -> None:
        self.slot = slot
        parent, child = ctx.Pipe(duplex=True)
        self.conn = parent
        self.process = ctx.Process(target=worker_main, args=(child, want, analyse, memory_mb),
                                   name=f"svodka-batch-{slot}", daemon=True)
        with _single_threaded_children():
            self.process.start()
        child.close()
        self.ready = False
        self.chunk: deque[Task] = deque()
        self.doc_started = 0.0

    def send(self, chunk: list[Task]) -> None:
        self.chunk.extend(chunk)
        self.doc_started = time.monotonic()
        self.conn.send(chunk)

    def stop(self) -> None:
        """Kill the process: it holds nothing worth keeping (results are sent as made)."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """Worker processes fed from a queue of tasks; ``step()`` moves the work on and returns
    the outcomes that arrived (in completion order)."""

    def __init__(self, workers: int, want: str, *, chunk: int = 8,
                 timeout: float | None = 120.0, memory_mb: float = 0.0,
                 analyse: Analyse | None = None, stats: EngineStats | None = None) -> None:
        # spawn: the coordinator has threads (the progress display); forking them is unsafe
        self.ctx = multiprocessing.get_context("spawn")
        self.want = want
        self.chunk = max(1, chunk)
        self.timeout = timeout if timeout and timeout > 0 else None
        self.memory_mb = memory_mb
        self.analyse = analyse
        self.stats = stats or EngineStats(workers=workers)
        self.queue: deque[Task] = deque()  # tasks taken back from a replaced worker go first
        self.failed_starts = [0] * workers
        self.began = time.monotonic()
        self.workers: list[_Worker] = []
        try:
            for slot in range(workers):
                self.workers.append(self._spawn(slot))
        except BaseException:
            self.close()
            raise

    @property
    def busy(self) -> bool:
        return bool(self.queue) or any(w.chunk for w in self.workers)

    def _spawn(self, slot: int) -> _Worker:
        self.stats.started += 1
        return _Worker(slot, self.ctx, self.want, self.analyse, self.memory_mb)

    def step(self) -> list[Outcome]:
        outcomes: list[Outcome] = []
        for w in self.workers:
            if w.ready and not w.chunk and self.queue:
                w.send([self.queue.popleft() for _ in range(min(self.chunk, len(self.queue)))])
        waitables = [w.conn for w in self.workers] + [w.process.sentinel for w in self.workers]
        wait(waitables, timeout=POLL_SECONDS)
        for w in list(self.workers):
            self._drain(w, outcomes)
        now = time.monotonic()
        for w in list(self.workers):
            if self.workers[w.slot] is w:
                lost = self._check(w, now)
                if lost is not None:
                    outcomes.append(lost)
        return outcomes

    def _replace(self, w: _Worker, failure: str | None) -> Outcome | None:
        """Kill ``w``, fail its current document, requeue the rest of its chunk."""
        w.stop()
        lost = None
        if w.chunk:
            current = w.chunk.popleft()
            if failure is not None:
                lost = Outcome(current.index, False, reason=failure,
                               seconds=time.monotonic() - w.doc_started)
            else:
                w.chunk.appendleft(current)
            self.queue.extendleft(reversed(w.chunk))
        self.stats.replaced += 1
        self.workers[w.slot] = self._spawn(w.slot)
        return lost

    def _drain(self, w: _Worker, outcomes: list[Outcome]) -> None:
        """Handle every message the worker has sent."""
        while self.workers[w.slot] is w:
            try:
                if not w.conn.poll():
                    return
                msg = w.conn.recv()
            except (EOFError, OSError):
                return  # it died: _check replaces it
            kind = msg[0]
            if kind == "done":
                outcome, peak = msg[1], msg[2]
                self.stats.peak_worker_rss_mb = max(self.stats.peak_worker_rss_mb, peak)
                if not self.stats.startup_seconds:
                    self.stats.startup_seconds = time.monotonic() - self.began
                if w.chunk and w.chunk[0].index == outcome.index:
                    w.chunk.popleft()
                w.doc_started = time.monotonic()
                outcomes.append(outcome)
            elif kind == "ready":
                w.ready = True
                self.failed_starts[w.slot] = 0
            elif kind == "recycle":
                self.stats.notes.append(f"worker {w.slot} restarted at {msg[1]:.0f} MB")
                self._replace(w, None)
            elif kind == "broken":
                self._failed_start(w, f"worker processes cannot start: {msg[1]}")
                self._replace(w, None)

    def _failed_start(self, w: _Worker, message: str) -> None:
        self.failed_starts[w.slot] += 1
        if self.failed_starts[w.slot] >= MAX_FAILED_STARTS:
            raise BatchError(message)

    def _check(self, w: _Worker, now: float) -> Outcome | None:
        """Replace a worker that died, is stuck on one document or uses too much memory."""
        if not w.process.is_alive():
            if not w.ready:
                self._failed_start(w, "worker processes die while loading the pipeline "
                                      f"(exit code {w.process.exitcode})")
            reason = f"worker process died (exit code {w.process.exitcode}); worker replaced"
            return self._replace(w, reason)
        if not w.chunk:
            return None
        if self.timeout is not None and now - w.doc_started > self.timeout:
            return self._replace(w, f"timed out after {self.timeout:g} s; worker replaced")
        if self.memory_mb:
            used = rss_mb(w.process.pid)
            if used > self.memory_mb:
                return self._replace(w, f"worker memory {used:.0f} MB over the limit of "
                                        f"{self.memory_mb:.0f} MB; worker replaced")
        return None

    def close(self) -> None:
        for w in self.workers:
            w.stop()


class LocalEngine:
    """Analyse tasks in ``workers`` processes; outcomes are yielded as they finish."""

    name = "local"

    def __init__(self, workers: int | None = None, *, chunk: int = 8,
                 timeout: float | None = 120.0, memory_mb: float | None = 2048,
                 analyse: Analyse | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.chunk = max(1, chunk)
        self.timeout = timeout
        self.memory_mb = float(memory_mb or 0)
        self.analyse = analyse
        self.stats = EngineStats(workers=self.workers)

    def run(self, tasks: Iterator[Task], want: str) -> Iterator[Outcome]:
        pool = WorkerPool(self.workers, want, chunk=self.chunk, timeout=self.timeout,
                          memory_mb=self.memory_mb, analyse=self.analyse, stats=self.stats)
        ahead = self.workers * self.chunk * 2  # tasks read ahead of the workers
        exhausted = False
        try:
            while True:
                while not exhausted and len(pool.queue) < ahead:
                    task = next(tasks, None)
                    if task is None:
                        exhausted = True
                    else:
                        pool.queue.append(task)
                if exhausted and not pool.busy:
                    return
                yield from pool.step()
        finally:
            pool.close()


class ProcessPool:
    """``svodka ingest --jobs``: an Executor-like ``map`` over the same worker processes
    (pipeline loaded once per worker, time and memory limits). ``fn`` runs in the workers
    and must be a module-level function of one InputItem; a document lost to a limit comes
    back as (origin, reason), the failure shape of ``svodka.ingest.run.analyse_item``."""

    def __init__(self, workers: int, *, timeout: float | None = 120.0,
                 memory_mb: float = 2048.0) -> None:
        self.workers = workers
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.pool: WorkerPool | None = None
        self.fn: Callable[[Any], Any] | None = None

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> list[Any]:
        if self.pool is None:
            self.fn = fn
            self.pool = WorkerPool(self.workers, WANT_RAW, chunk=1, timeout=self.timeout,
                                   memory_mb=self.memory_mb, analyse=fn)
        elif fn is not self.fn:
            raise ValueError("a ProcessPool runs one function")
        items = list(items)
        self.pool.queue.extend(Task(i, item, "") for i, item in enumerate(items))
        results: dict[int, Any] = {}
        while len(results) < len(items):
            for o in self.pool.step():
                results[o.index] = o.payload if o.ok else (items[o.index].origin, o.reason)
        return [results[i] for i in range(len(items))]

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool = None
