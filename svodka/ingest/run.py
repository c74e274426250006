"""``svodka ingest``: read inputs, skip exact duplicates, analyse, store in atomic batches.

A batch of analysed documents and the input errors met while reading it are committed in
one transaction, so a crash loses at most the batch in progress, and a re-run skips
what is stored (content hashes are checked before analysis) and stores the rest.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from svodka.doc import Document
from svodka.ingest import dedup
from svodka.ingest.decode import MAX_BYTES
from svodka.ingest.sources import InputFailure, InputItem, expand, read_source
from svodka.store.base import Store
from svodka.store.rows import ArchiveRecord, content_hash

if TYPE_CHECKING:
    from svodka.batch.local import ProcessPool

DEFAULT_BATCH = 32


@dataclass
class IngestSummary:
    inputs: int = 0  # files and URLs read
    stored: int = 0
    near_duplicates: int = 0  # stored, linked to an original (counted in stored too)
    duplicates: int = 0  # exact duplicates met in this run (not stored again)
    already_archived: int = 0  # exact duplicates of documents stored before this run
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def docs_per_second(self) -> float:
        return self.stored / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"inputs": self.inputs, "stored": self.stored,
                "near_duplicates": self.near_duplicates, "duplicates": self.duplicates,
                "already_archived": self.already_archived, "failed": len(self.failed),
                "failures": [{"origin": o, "reason": r} for o, r in self.failed],
                "seconds": round(self.seconds, 2),
                "docs_per_second": round(self.docs_per_second, 2)}


# -- analysis (in this process or in worker processes) --------------------------------------

def analyse_item(item: InputItem) -> Document | tuple[str, str]:
    """Analyse one input item; (origin, reason) when the analyser fails on it."""
    from svodka.batch.worker import analyse_item as analyse

    try:
        return analyse(item)
    except Exception as exc:  # noqa: BLE001 - one bad article must not stop the run
        return item.origin, f"analysis failed: {type(exc).__name__}: {exc}".splitlines()[0]


def to_record(item: InputItem, doc: Document, chash: str) -> ArchiveRecord:
    record = ArchiveRecord(doc, origin=item.origin, content_hash=chash)
    record.minhash = dedup.signature(record.index_text().body.split())
    return record


def _progress(console: Console | None, enabled: bool) -> Progress:
    return Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
                    MofNCompleteColumn(), TextColumn("{task.fields[docs]} docs"),
                    TextColumn("{task.fields[rate]:.1f} docs/s"), TimeElapsedColumn(),
                    console=console or Console(stderr=True), disable=not enabled,
                    transient=False)


class _Batcher:
    """Collects new items, analyses and stores them batch by batch."""

    def __init__(self, store: Store, summary: IngestSummary, batch_size: int,
                 executor: ProcessPool | None, on_commit: Callable[[], None]) -> None:
        self.store = store
        self.summary = summary
        self.batch_size = max(1, batch_size)
        self.executor = executor
        self.on_commit = on_commit
        self.items: list[tuple[InputItem, str]] = []
        self.errors: list[tuple[str, str]] = []
        self.seen: set[str] = set()

    def add_failure(self, origin: str, reason: str) -> None:
        self.errors.append((origin, reason))
        self.summary.failed.append((origin, reason))
        if len(self.errors) >= self.batch_size:
            self.flush()

    def add(self, item: InputItem) -> None:
        chash = content_hash(item.text)
        if chash in self.seen:
            self.summary.duplicates += 1
            return
        if self.store.known_hashes([chash]):
            self.summary.already_archived += 1
            return
        self.seen.add(chash)
        self.items.append((item, chash))
        if len(self.items) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.items and not self.errors:
            return
        items, self.items = self.items, []
        if self.executor is not None:
            analysed = list(self.executor.map(analyse_item, [i for i, _ in items]))
        else:
            analysed = [analyse_item(i) for i, _ in items]
        records = []
        for (item, chash), result in zip(items, analysed):
            if isinstance(result, Document):
                records.append(to_record(item, result, chash))
            else:
                self.errors.append(result)
                self.summary.failed.append(result)
        errors, self.errors = self.errors, []
        committed = self.store.add_batch(records, errors)
        self.summary.stored += len(committed.stored)
        self.summary.near_duplicates += len(committed.near_duplicates)
        self.summary.duplicates += len(committed.duplicates)
        self.summary.failed += committed.rejected
        self.on_commit()


def ingest(paths: Sequence[str], store: Store, *, batch_size: int = DEFAULT_BATCH,
           jobs: int = 1, timeout: float = 20.0, max_bytes: int = MAX_BYTES,
           console: Console | None = None, progress: bool = True) -> IngestSummary:
    """Ingest files, directories and URLs into ``store``; never raises for a bad input."""
    started = time.perf_counter()
    summary = IngestSummary()
    sources, failures = expand(list(paths))
    summary.inputs = len(sources) + len(failures)
    executor = _executor(jobs)
    with _progress(console, progress) as bar:
        task = bar.add_task("ingest", total=len(sources) or None, docs=0, rate=0.0)

        def committed() -> None:
            elapsed = max(time.perf_counter() - started, 1e-9)
            bar.update(task, docs=summary.stored, rate=summary.stored / elapsed)

        batcher = _Batcher(store, summary, batch_size, executor, committed)
        try:
            for f in failures:
                batcher.add_failure(f.origin, f.reason)
            for src in sources:
                for x in read_source(src, timeout=timeout, max_bytes=max_bytes):
                    if isinstance(x, InputFailure):
                        batcher.add_failure(x.origin, x.reason)
                    else:
                        batcher.add(x)
                bar.advance(task)
            batcher.flush()
            from svodka.stories import after_ingest  # new documents join stories
            after_ingest(store, summary.stored)
        finally:
            if executor is not None:
                executor.shutdown(cancel_futures=True)
    summary.seconds = time.perf_counter() - started
    return summary


def _executor(jobs: int) -> ProcessPool | None:
    if jobs <= 1:
        return None
    from svodka.batch.local import ProcessPool

    # the batch engine's workers: pipeline loaded once each, a stuck or bloated one replaced
    return ProcessPool(jobs)


# -- reanalysis ---------------------------------------------------------------------------

@dataclass
class ReanalyzeSummary:
    stale: int = 0
    updated: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0


def reanalyze(store: Store, *, everything: bool = False, limit: int | None = None,
              console: Console | None = None, progress: bool = True,
              analyse: Callable[[Document], Document] | None = None) -> ReanalyzeSummary:
    """Bring documents analysed by an older analyser (or all) to the current one; each
    document is replaced in its own transaction."""
    started = time.perf_counter()
    summary = ReanalyzeSummary()
    keys = store.stale_documents(limit=limit, everything=everything)
    summary.stale = len(keys)
    with _progress(console, progress) as bar:
        task = bar.add_task("reanalyze", total=len(keys) or None, docs=0, rate=0.0)
        for key in keys:
            old = store.get_document(key)
            if old is None:
                continue
            try:
                new = (analyse or _reanalyse)(old)
            except Exception as exc:  # noqa: BLE001 - keep the old analysis, go on
                summary.failed.append((old.id, f"{type(exc).__name__}: {exc}".splitlines()[0]))
                continue
            store.replace_analysis(key, new)
            summary.updated += 1
            elapsed = max(time.perf_counter() - started, 1e-9)
            bar.update(task, advance=1, docs=summary.updated, rate=summary.updated / elapsed)
    summary.seconds = time.perf_counter() - started
    return summary


def _reanalyse(old: Document) -> Document:
    from svodka.pipeline import analyze

    return analyze(old.text, published=old.published, source=old.source, url=old.url,
                   title=old.title, id=old.id)

