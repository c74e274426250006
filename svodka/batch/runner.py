"""The batch coordinator: read inputs, skip what is done, hand tasks to an engine, write the
outcomes in input order and commit as it goes.

Ctrl-C (or SIGTERM) stops the engine, writes every document finished so far and commits, so
a re-run of the same command carries on where this one stopped.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from svodka.batch.inputs import Task, estimate_documents, open_inputs, read_inputs
from svodka.batch.local import EngineStats
from svodka.batch.outputs import Sink
from svodka.batch.worker import Outcome
from svodka.ingest.sources import InputFailure, InputItem
from svodka.store.rows import content_hash

LOOKUP_BLOCK = 64  # inputs checked against the sink's record at once
EXAMPLES = 20  # failures kept in the summary (all of them are in the output)


class Engine(Protocol):
    name: str
    workers: int
    stats: EngineStats

    def run(self, tasks: Iterator[Task], want: str) -> Iterator[Outcome]: ...


@dataclass
class BatchSummary:
    engine: str = ""
    workers: int = 0
    inputs: int = 0  # files and URLs
    documents: int = 0  # articles read (duplicates and skipped ones included)
    analysed: int = 0  # written by this run
    failed: int = 0  # failures recorded by this run
    skipped: int = 0  # done by an earlier run (analysed or failed)
    duplicates: int = 0  # the same text met earlier in this run
    near_duplicates: int = 0  # stored and linked to an original (archive only)
    interrupted: bool = False
    seconds: float = 0.0
    analysis_seconds: float = 0.0  # summed over documents, in the workers
    analysis_cpu_seconds: float = 0.0  # the same in CPU time (less sensitive to machine load)
    examples: list[tuple[str, str]] = field(default_factory=list)
    stats: EngineStats = field(default_factory=EngineStats)
    output: str = ""

    @property
    def docs_per_second(self) -> float:
        done = self.analysed + self.failed
        return done / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"engine": self.engine, "workers": self.workers, "output": self.output,
                "inputs": self.inputs, "documents": self.documents, "analysed": self.analysed,
                "failed": self.failed, "skipped": self.skipped, "duplicates": self.duplicates,
                "near_duplicates": self.near_duplicates, "interrupted": self.interrupted,
                "seconds": round(self.seconds, 2),
                "docs_per_second": round(self.docs_per_second, 2),
                "ms_per_document": round(1000 * self.analysis_seconds
                                         / max(self.analysed + self.failed, 1), 1),
                "cpu_ms_per_document": round(1000 * self.analysis_cpu_seconds
                                             / max(self.analysed + self.failed, 1), 1),
                "workers_replaced": self.stats.replaced,
                "peak_worker_rss_mb": round(self.stats.peak_worker_rss_mb),
                "startup_seconds": round(self.stats.startup_seconds, 2),
                "failures": [{"origin": o, "reason": r} for o, r in self.examples]}


def _progress(console: Console | None, enabled: bool) -> Progress:
    return Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
                    MofNCompleteColumn(), TextColumn("{task.fields[rate]:.1f} docs/s"),
                    TextColumn("failed {task.fields[failed]}"), TimeElapsedColumn(),
                    TextColumn("ETA"), TimeRemainingColumn(),
                    console=console or Console(stderr=True), disable=not enabled)


class _Interrupts:
    """Ctrl-C and SIGTERM become KeyboardInterrupt, but never in the middle of writing an
    outcome (a document half written would be marked done without being in the output)."""

    def __init__(self) -> None:
        self.shielding = 0  # depth of nested shielded blocks
        self.pending = False
        self.previous: dict[int, Any] = {}

    def handler(self, signum: int, frame: Any) -> None:
        if self.shielding:
            self.pending = True
        else:
            raise KeyboardInterrupt

    def install(self) -> None:
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self.previous[sig] = signal.signal(sig, self.handler)

    def restore(self) -> None:
        for sig, old in self.previous.items():
            signal.signal(sig, old)

    @contextmanager
    def shielded(self, *, reraise: bool = True) -> Iterator[None]:
        self.shielding += 1
        try:
            yield
        finally:
            self.shielding -= 1
            if self.pending and reraise and not self.shielding:
                self.pending = False
                raise KeyboardInterrupt


class _Run:
    """The state of one batch run (kept together so the steps stay small)."""

    def __init__(self, sink: Sink, engine: Engine, summary: BatchSummary, bar: Progress,
                 commit_every: int, commit_seconds: float, interrupts: _Interrupts) -> None:
        self.sink = sink
        self.interrupts = interrupts
        self.engine = engine
        self.summary = summary
        self.bar = bar
        self.task_id = bar.add_task(engine.name, total=None, rate=0.0, failed=0)
        self.commit_every = commit_every
        self.commit_seconds = commit_seconds
        self.pending: dict[int, Task] = {}  # dispatched, not yet written
        self.finished: dict[int, Outcome] = {}  # waiting for an earlier index
        self.next_index = 0
        self.uncommitted = 0
        self.last_commit = time.monotonic()
        self.started = time.perf_counter()
        self.seen: set[str] = set()
        self.dispatched = 0  # tasks handed to the engine (the next task's index)

    # -- tasks ------------------------------------------------------------------------
    def tasks(self, items: Iterator[InputItem | InputFailure]) -> Iterator[Task]:
        block: list[InputItem] = []
        for x in items:
            if isinstance(x, InputFailure):
                self.fail(x.origin, x.reason, None)
                continue
            self.summary.documents += 1
            block.append(x)
            if len(block) >= LOOKUP_BLOCK:
                yield from self._new_tasks(block)
                block = []
        yield from self._new_tasks(block)

    def _new_tasks(self, block: list[InputItem]) -> Iterator[Task]:
        hashes = [content_hash(x.text) for x in block]
        done = self.sink.lookup(hashes)
        for item, chash in zip(block, hashes):
            if chash in self.seen:
                self.summary.duplicates += 1
                self.advance()
                continue
            self.seen.add(chash)
            if chash in done and done[chash] is None:
                self.summary.skipped += 1
                self.advance()
                continue
            task = Task(self.dispatched, item, chash, replace_key=done.get(chash))
            self.dispatched += 1
            self.pending[task.index] = task
            yield task

    # -- outcomes ---------------------------------------------------------------------
    def take(self, outcome: Outcome) -> None:
        if outcome.index not in self.pending or outcome.index in self.finished:
            return  # a late report of a document already settled
        with self.interrupts.shielded():
            self.finished[outcome.index] = outcome
            while self.next_index in self.finished:
                self.write(self.finished.pop(self.next_index))
                self.next_index += 1
            self.maybe_commit()

    def write(self, outcome: Outcome) -> None:
        task = self.pending.pop(outcome.index)
        self.summary.analysis_seconds += outcome.seconds
        self.summary.analysis_cpu_seconds += outcome.cpu_seconds
        if outcome.ok:
            self.sink.add_document(task, outcome.payload)
            self.summary.analysed += 1
        else:
            self.fail(task.item.origin, outcome.reason, task.content_hash)
        self.uncommitted += 1
        self.advance()

    def fail(self, origin: str, reason: str, chash: str | None) -> None:
        with self.interrupts.shielded():
            self._fail(origin, reason, chash)

    def _fail(self, origin: str, reason: str, chash: str | None) -> None:
        if self.sink.add_failure(origin, reason, chash):
            self.summary.failed += 1
            if len(self.summary.examples) < EXAMPLES:
                self.summary.examples.append((origin, reason))
        else:
            self.summary.skipped += 1
        self.advance()

    def advance(self) -> None:
        s = self.summary
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        done = s.analysed + s.failed + s.skipped + s.duplicates
        task = self.bar.tasks[self.bar.task_ids.index(self.task_id)]
        total = task.total
        if total is not None and done > total:
            total = done
        self.bar.update(self.task_id, completed=done, total=total,
                        rate=(s.analysed + s.failed) / elapsed, failed=s.failed)

    def maybe_commit(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or self.uncommitted >= self.commit_every or (
                self.uncommitted and now - self.last_commit >= self.commit_seconds):
            self.sink.commit(final=force)
            self.uncommitted = 0
            self.last_commit = now

    def write_finished(self) -> None:
        """After an interruption: write what finished, even past a gap in the order."""
        for index in sorted(self.finished):
            self.write(self.finished.pop(index))


def run_batch(paths: Sequence[str], sink: Sink, engine: Engine, *,
              url_timeout: float = 20.0, console: Console | None = None,
              progress: bool = True, commit_every: int = 256,
              commit_seconds: float = 2.0) -> BatchSummary:
    """Analyse every document of ``paths`` into ``sink``; never raises for a bad input."""
    summary = BatchSummary(engine=engine.name, workers=engine.workers, output=sink.where)
    sources, failures = open_inputs(list(paths))
    summary.inputs = len(sources) + len(failures)
    sink.open()
    interrupts = _Interrupts()
    interrupts.install()
    try:
        with _progress(console, progress) as bar:
            run = _Run(sink, engine, summary, bar, commit_every, commit_seconds, interrupts)
            bar.update(run.task_id, total=estimate_documents(sources) + len(failures) or None)
            for f in failures:
                run.fail(f.origin, f.reason, None)
            outcomes = engine.run(run.tasks(read_inputs(sources, timeout=url_timeout)),
                                  sink.want)
            try:
                for outcome in outcomes:
                    run.take(outcome)
            except KeyboardInterrupt:
                summary.interrupted = True
            finally:
                close = getattr(outcomes, "close", None)
                if close is not None:
                    close()  # stops the workers
            with interrupts.shielded(reraise=False):
                if summary.interrupted:
                    run.write_finished()
                run.maybe_commit(force=True)
    finally:
        interrupts.restore()
        sink.close()
    summary.near_duplicates = sink.near_duplicates
    rejected = getattr(sink, "rejected", [])  # archive: an id another text already has
    summary.failed += len(rejected)
    summary.examples += rejected[:max(0, EXAMPLES - len(summary.examples))]
    summary.stats = engine.stats
    summary.seconds = time.perf_counter() - run.started
    return summary
