"""Where a batch writes: an output directory or the archive. Both remember what is done, so a
re-run after a crash skips it (by content hash and analyser version), and both commit in a
way that a kill at any moment neither loses nor duplicates a document.

Output directory (``--out DIR``)::

    part-00000.jsonl   svodka/1 documents, one per line, in input order (or part-*.parquet)
    errors.jsonl       {"origin", "reason", "content_hash"} per failed input or document
    manifest.tsv       "ok|failed <TAB> key" per finished input: what a re-run skips
    state.json         the resume record: analyser, format and the committed size of each file

Files are appended and fsync'ed, then ``state.json`` is replaced atomically. On opening,
every file is cut back to its committed size and files the state does not list are removed,
so work that was in flight at a crash is simply done again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from abc import ABC, abstractmethod
from pathlib import Path
from typing import IO, Any

from svodka.batch.inputs import Task
from svodka.batch.local import BatchError
from svodka.batch.worker import WANT_JSON, WANT_RECORD
from svodka.store.base import Store
from svodka.store.rows import current_analyser

STATE = "state.json"
MANIFEST = "manifest.tsv"
ERRORS = "errors.jsonl"
FORMAT = "svodka-batch/1"
PARQUET_COLUMNS = ("id", "source", "url", "title", "published", "analyser", "content_hash",
                   "origin", "document")


class Sink(ABC):
    """Receives finished documents and failures in order; commits them durably."""

    want = WANT_JSON  # what the workers should send (see svodka.batch.worker)
    near_duplicates = 0
    written = 0  # documents committed by this run

    def open(self) -> None:
        """Prepare for writing (and for resuming what an earlier run left)."""
        return None

    @abstractmethod
    def lookup(self, hashes: list[str]) -> dict[str, int | None]:
        """For the content hashes already done: None (skip it) or the archive key of an
        analysis by another analyser version (analyse again and replace it)."""

    @abstractmethod
    def add_document(self, task: Task, payload: Any) -> None: ...

    @abstractmethod
    def add_failure(self, origin: str, reason: str, content_hash: str | None) -> bool:
        """Record a failure; False when this one was recorded by an earlier run."""

    @abstractmethod
    def commit(self, final: bool = False) -> None: ...

    def close(self) -> None:
        """Release files and locks (without committing)."""
        return None

    @property
    @abstractmethod
    def where(self) -> str: ...


def _input_key(origin: str, reason: str) -> str:
    return "input:" + hashlib.sha1(f"{origin}\x00{reason}".encode()).hexdigest()


class OutDirSink(Sink):
    """svodka/1 JSONL shards (or Parquet files) in a directory; see the module docstring."""

    def __init__(self, directory: str | Path, *, fmt: str = "jsonl", shard_size: int = 10_000,
                 parquet_rows: int = 2_000) -> None:
        if fmt not in ("jsonl", "parquet"):
            raise BatchError(f"unknown output format {fmt!r}: use jsonl or parquet")
        self.dir = Path(directory)
        self.fmt = fmt
        self.shard_size = max(1, shard_size)
        self.parquet_rows = max(1, parquet_rows)
        self.analyser = current_analyser()
        self.done: set[str] = set()
        self.state: dict[str, Any] = {}
        self._files: dict[str, IO[bytes]] = {}
        self._shard = ""
        self._shard_docs = 0
        self._rows: list[dict[str, Any]] = []
        self._lock: IO[bytes] | None = None
        self._counted = 0  # documents of this run already in state["documents"]

    @property
    def where(self) -> str:
        return str(self.dir)

    # -- opening and resuming -----------------------------------------------------------
    def open(self) -> None:
        if self.dir.exists() and not self.dir.is_dir():
            raise BatchError(f"{self.dir}: exists and is not a directory")
        self.dir.mkdir(parents=True, exist_ok=True)
        self._take_lock()
        path = self.dir / STATE
        if path.exists():
            try:
                self.state = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise BatchError(f"{path}: unreadable resume record ({exc})") from None
            self._check_compatible()
        elif any(p.name != ".lock" for p in self.dir.iterdir()):
            raise BatchError(f"{self.dir}: not empty and not a svodka batch output directory")
        else:
            self.state = {"format": FORMAT, "analyser": self.analyser, "output": self.fmt,
                          "files": {}, "documents": 0, "failed": 0, "shard": None,
                          "shard_documents": 0}
        self._restore_committed()
        self._load_manifest()
        self._shard = self.state.get("shard") or ""
        self._shard_docs = int(self.state.get("shard_documents") or 0)

    def _take_lock(self) -> None:
        import fcntl

        self._lock = open(self.dir / ".lock", "wb")  # noqa: SIM115 - held until close()
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._lock.close()
            self._lock = None
            raise BatchError(f"{self.dir}: another batch is writing here") from None

    def _check_compatible(self) -> None:
        if self.state.get("format") != FORMAT:
            raise BatchError(f"{self.dir}: not a {FORMAT} output directory")
        if self.state.get("output") != self.fmt:
            raise BatchError(f"{self.dir}: holds {self.state.get('output')} output; "
                             f"re-run with --format {self.state.get('output')}")
        if self.state.get("analyser") != self.analyser and self.state.get("documents"):
            raise BatchError(f"{self.dir}: analysed by {self.state.get('analyser')}, this is "
                             f"{self.analyser}; write to a new --out directory (or use --db, "
                             "which reanalyses older documents in place)")
        self.state["analyser"] = self.analyser

    def _restore_committed(self) -> None:
        """Cut every file back to its committed size; remove files never committed."""
        committed: dict[str, int] = self.state.get("files") or {}
        for p in self.dir.iterdir():
            if p.name in (STATE, ".lock") or not p.is_file():
                continue
            size = committed.get(p.name)
            if size is None:
                p.unlink()
            elif p.stat().st_size != size:
                with open(p, "r+b") as fh:
                    fh.truncate(size)
        for name in committed:
            if not (self.dir / name).exists():
                raise BatchError(f"{self.dir}: {name} is missing; the output is incomplete")

    def _load_manifest(self) -> None:
        path = self.dir / MANIFEST
        if path.exists():
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    _, _, key = line.rstrip("\n").partition("\t")
                    if key:
                        self.done.add(key)

    # -- writing ------------------------------------------------------------------------
    def _file(self, name: str) -> IO[bytes]:
        fh = self._files.get(name)
        if fh is None:
            fh = self._files[name] = open(self.dir / name, "ab")  # noqa: SIM115
        return fh

    def lookup(self, hashes: list[str]) -> dict[str, int | None]:
        return {h: None for h in hashes if h in self.done}

    def add_document(self, task: Task, payload: Any) -> None:
        self.done.add(task.content_hash)
        self._file(MANIFEST).write(f"ok\t{task.content_hash}\n".encode())
        self.written += 1
        if self.fmt == "parquet":
            self._rows.append({**{k: payload.get(k) for k in PARQUET_COLUMNS[:6]},
                               "content_hash": task.content_hash, "origin": task.item.origin,
                               "document": payload["json"]})
            return
        if not self._shard or self._shard_docs >= self.shard_size:
            self._shard = self._next_name("jsonl")
            self._shard_docs = 0
        self._file(self._shard).write(payload["json"].encode("utf-8") + b"\n")
        self._shard_docs += 1

    def _next_name(self, ext: str) -> str:
        taken = set(self.state.get("files") or {}) | set(self._files)
        n = sum(1 for name in taken if name.startswith("part-"))
        while f"part-{n:05d}.{ext}" in taken:
            n += 1
        return f"part-{n:05d}.{ext}"

    def add_failure(self, origin: str, reason: str, content_hash: str | None) -> bool:
        key = content_hash or _input_key(origin, reason)
        if key in self.done:
            return False
        self.done.add(key)
        line = {"origin": origin, "reason": reason, "content_hash": content_hash}
        self._file(ERRORS).write(json.dumps(line, ensure_ascii=False).encode("utf-8") + b"\n")
        self._file(MANIFEST).write(f"failed\t{key}\n".encode())
        self.state["failed"] = int(self.state.get("failed") or 0) + 1
        return True

    def commit(self, final: bool = False) -> None:
        if self._rows and (final or len(self._rows) >= self.parquet_rows):
            self._write_parquet()
        elif self._rows:
            return  # documents waiting for a Parquet file: their manifest lines wait too
        files = dict(self.state.get("files") or {})
        for name, fh in self._files.items():
            fh.flush()
            os.fsync(fh.fileno())
            files[name] = fh.tell()
        documents = int(self.state.get("documents") or 0) + self.written - self._counted
        self._counted = self.written
        self.state.update(files=files, documents=documents, shard=self._shard or None,
                          shard_documents=self._shard_docs)
        tmp = self.dir / (STATE + ".tmp")
        with open(tmp, "w", encoding="utf-8") as out:
            json.dump(self.state, out, ensure_ascii=False, indent=1)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, self.dir / STATE)
        _fsync_dir(self.dir)

    def _write_parquet(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        name = self._next_name("parquet")
        schema = pa.schema([(c, pa.string()) for c in PARQUET_COLUMNS])
        table = pa.Table.from_pylist(self._rows, schema=schema)
        tmp = self.dir / (name + ".tmp")
        pq.write_table(table, tmp, compression="zstd")
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, self.dir / name)
        self.state.setdefault("files", {})[name] = (self.dir / name).stat().st_size
        self._rows = []

    def close(self) -> None:
        for fh in self._files.values():
            fh.close()
        self._files.clear()
        if self._lock is not None:
            self._lock.close()
            self._lock = None


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class StoreSink(Sink):
    """The archive: each commit is one transaction (documents and errors together); an
    older analysis of the same text is replaced in place."""

    want = WANT_RECORD

    def __init__(self, store: Store) -> None:
        self.store = store
        self.analyser = current_analyser()
        self.records: list[Any] = []
        self.replacements: list[tuple[int, Any]] = []
        self.errors: list[tuple[str, str]] = []
        self.rejected: list[tuple[str, str]] = []

    @property
    def where(self) -> str:
        return self.store.display_url

    def lookup(self, hashes: list[str]) -> dict[str, int | None]:
        out: dict[str, int | None] = {}
        unique = list(dict.fromkeys(hashes))
        for i in range(0, len(unique), 500):
            chunk = unique[i:i + 500]
            marks = ", ".join("?" * len(chunk))
            for chash, key, analyser in self.store.rows(
                    "SELECT content_hash, doc, analyser FROM documents "
                    f"WHERE content_hash IN ({marks})", chunk):
                out[chash] = None if analyser == self.analyser else int(key)
        return out

    def add_document(self, task: Task, payload: Any) -> None:
        if task.replace_key is not None:
            self.replacements.append((task.replace_key, payload.doc))
        else:
            self.records.append(payload)

    def add_failure(self, origin: str, reason: str, content_hash: str | None) -> bool:
        self.errors.append((origin, reason))
        return True

    def commit(self, final: bool = False) -> None:
        records, self.records = self.records, []
        errors, self.errors = self.errors, []
        if records or errors:
            result = self.store.add_batch(records, errors)
            self.written += len(result.stored)
            self.near_duplicates += len(result.near_duplicates)
            self.rejected += result.rejected
        replacements, self.replacements = self.replacements, []
        for key, doc in replacements:
            self.store.replace_analysis(key, doc)
            self.written += 1


def sink_for(out: str | None, db: str | None, *, fmt: str = "jsonl",
             shard_size: int = 10_000) -> Sink:
    """The sink for ``--out DIR`` or ``--db URL`` (exactly one of them)."""
    if (out is None) == (db is None):
        raise BatchError("give exactly one of --out DIR and --db URL")
    if out is not None:
        return OutDirSink(out, fmt=fmt, shard_size=shard_size)
    from svodka.store import open_store

    return _OwnedStoreSink(open_store(db))


class _OwnedStoreSink(StoreSink):
    """A StoreSink that closes the store it opened, after the new documents joined stories
    (as `svodka ingest` does; never fails the batch)."""

    def close(self) -> None:
        from svodka.stories import after_ingest

        try:
            after_ingest(self.store, self.written)
        finally:
            self.store.close()
