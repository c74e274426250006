"""Incremental story clustering: each new document joins the most similar recent story or
starts its own.

A story keeps a centroid (the sum of its documents' unit vectors, its ``PROFILE_SIZE``
heaviest keys kept) and is indexed under its ``STORY_KEYS`` heaviest keys in
``story_keys``; a document looks up the stories sharing one of its ``QUERY_KEYS``
heaviest keys whose last day is at most ``WINDOW_DAYS`` before its own, scores them by
cosine similarity and joins the best one at or above ``THRESHOLD``. A near-duplicate joins
its original's story. Documents are processed in batches, each committed in one transaction
(assignments, touched stories, their index keys and the document frequencies), so an
interrupted update loses at most a batch and the next one carries on.
"""

from __future__ import annotations

import math
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from svodka.store.base import Store
from svodka.store.rows import hash64, now_iso
from svodka.stories.features import (
    DF_TOTAL,
    DocFeatures,
    _chunks,
    day_gap,
    load_features,
    shift_day,
)

THRESHOLD = 0.30  # cosine similarity to join a story
WINDOW_DAYS = 4  # a story takes documents dated up to this many days around its own days
QUERY_KEYS = 12
STORY_KEYS = 24
PROFILE_SIZE = 200
MAX_CANDIDATES = 40
BATCH = 500


@dataclass
class Story:
    id: int
    first_day: str | None
    last_day: str | None
    size: int
    title: str | None
    lead_doc: int
    centroid: dict[int, float]
    _norm: float = 0.0

    def norm(self) -> float:
        if not self._norm:
            self._norm = math.sqrt(sum(w * w for w in self.centroid.values())) or 1.0
        return self._norm

    def similarity(self, vector: dict[int, float]) -> float:
        c = self.centroid
        return sum(w * c.get(k, 0.0) for k, w in vector.items()) / self.norm()

    def takes_day(self, day: str | None) -> bool:
        if day is None or self.first_day is None or self.last_day is None:
            return True
        lo = day_gap(day, self.first_day) if day < self.first_day else 0
        hi = day_gap(day, self.last_day) if day > self.last_day else 0
        return (lo or 0) <= WINDOW_DAYS and (hi or 0) <= WINDOW_DAYS

    def add(self, f: DocFeatures) -> None:
        for k, w in f.vector.items():
            self.centroid[k] = self.centroid.get(k, 0.0) + w
        if len(self.centroid) > PROFILE_SIZE * 2:
            self.centroid = dict(sorted(self.centroid.items(),
                                        key=lambda kv: -kv[1])[:PROFILE_SIZE])
        self._norm = 0.0
        self.size += 1
        if f.day:
            self.first_day = min(self.first_day or f.day, f.day)
            self.last_day = max(self.last_day or f.day, f.day)

    def index_keys(self) -> list[int]:
        return [k for k, _ in sorted(self.centroid.items(), key=lambda kv: -kv[1])[:STORY_KEYS]]


def pack_profile(centroid: dict[int, float]) -> bytes:
    top = sorted(centroid.items(), key=lambda kv: -kv[1])[:PROFILE_SIZE]
    keys = np.array([k for k, _ in top], dtype=np.int64)
    weights = np.array([w for _, w in top], dtype=np.float32)
    return zlib.compress(np.int32(len(top)).tobytes() + keys.tobytes() + weights.tobytes(), 1)


def unpack_profile(blob: bytes | memoryview) -> dict[int, float]:
    raw = zlib.decompress(bytes(blob))
    n = int(np.frombuffer(raw[:4], dtype=np.int32)[0])
    keys = np.frombuffer(raw[4:4 + 8 * n], dtype=np.int64)
    weights = np.frombuffer(raw[4 + 8 * n:4 + 12 * n], dtype=np.float32)
    return dict(zip(keys.tolist(), weights.tolist()))


@dataclass
class UpdateSummary:
    documents: int = 0  # documents assigned in this run
    new_stories: int = 0
    joined: int = 0  # documents that joined an existing (or this run's) story
    seconds: float = 0.0

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "new_stories": self.new_stories,
                "joined": self.joined, "seconds": round(self.seconds, 3),
                "docs_per_second": round(self.docs_per_second, 1)}


class Clusterer:
    """Assigns documents to stories; keeps story profiles it has read in memory."""

    def __init__(self, store: Store, threshold: float = THRESHOLD) -> None:
        self.store = store
        self.threshold = threshold
        self.cache: dict[int, Story] = {}

    # -- reading ------------------------------------------------------------------------
    def _load_stories(self, ids: Iterable[int]) -> None:
        missing = [i for i in ids if i not in self.cache]
        for chunk in _chunks(missing):
            marks = ", ".join("?" * len(chunk))
            for sid, first, last, size, title, lead, profile in self.store.rows(
                    "SELECT id, first_day, last_day, size, title, lead_doc, profile "
                    f"FROM stories WHERE id IN ({marks})", chunk):
                self.cache[sid] = Story(sid, first, last, size, title, lead,
                                        unpack_profile(profile))
        if len(self.cache) > 100_000:
            self.cache.clear()

    def _candidates(self, f: DocFeatures, local: dict[int, set[int]]) -> set[int]:
        keys = f.top_keys(QUERY_KEYS)
        if not keys:
            return set()
        marks = ", ".join("?" * len(keys))
        cond, params = "", []
        if f.day:
            cond, params = " AND (day IS NULL OR day >= ?)", [shift_day(f.day, -WINDOW_DAYS)]
        found = {r[0] for r in self.store.rows(
            f"SELECT story FROM story_keys WHERE key IN ({marks}){cond} "
            "GROUP BY story ORDER BY count(*) DESC, story DESC LIMIT ?",
            [*keys, *params, MAX_CANDIDATES])}
        for k in keys:
            found |= local.get(k, set())
        return found

    # -- one batch ----------------------------------------------------------------------
    def assign(self, keys: Sequence[int]) -> UpdateSummary:
        summary = UpdateSummary()
        feats = load_features(self.store, keys)
        if not feats:
            return summary
        df, total = self._document_frequencies(feats)
        originals = self._original_stories(feats)
        touched: dict[int, Story] = {}
        local: dict[int, set[int]] = {}  # key -> stories touched in this batch
        rows: list[tuple] = []
        for f in feats:
            f.weigh(df, total)
            story, sim = None, 0.0
            if f.near_duplicate_of is not None and f.near_duplicate_of in originals:
                sid = originals[f.near_duplicate_of]
                self._load_stories([sid])
                story, sim = self.cache.get(sid), 1.0
            if story is None:
                cands = self._candidates(f, local)
                self._load_stories(cands)
                for sid in cands:
                    s = self.cache.get(sid)
                    if s is None or not s.takes_day(f.day):
                        continue
                    score = s.similarity(f.vector)
                    if score >= self.threshold and score > sim:
                        story, sim = s, score
            if story is None:
                story = Story(hash64(f"story:{f.key}"), f.day, f.day, 0, f.title, f.key, {})
                self.cache[story.id] = story
                summary.new_stories += 1
            else:
                summary.joined += 1
            story.add(f)
            touched[story.id] = story
            for k in story.index_keys():
                local.setdefault(k, set()).add(story.id)
            originals[f.key] = story.id
            rows.append((f.key, story.id, round(sim, 4), f.day))
        self._write(rows, touched, feats)
        summary.documents = len(rows)
        return summary

    def _document_frequencies(self, feats: list[DocFeatures]) -> tuple[dict[int, int], int]:
        """Frequencies before this batch plus the batch itself (so that its documents see
        each other), and the number of documents they count."""
        wanted = sorted({k for f in feats for k in f.counts} | {DF_TOTAL})
        df: dict[int, int] = {}
        for chunk in _chunks(wanted):
            marks = ", ".join("?" * len(chunk))
            df.update(self.store.rows(f"SELECT key, df FROM story_df WHERE key IN ({marks})",
                                      chunk))
        self._batch_df: dict[int, int] = {}
        for f in feats:
            for k in f.counts:
                self._batch_df[k] = self._batch_df.get(k, 0) + 1
        self._batch_df[DF_TOTAL] = len(feats)
        for k, n in self._batch_df.items():
            df[k] = df.get(k, 0) + n
        return df, df[DF_TOTAL]

    def _original_stories(self, feats: list[DocFeatures]) -> dict[int, int]:
        originals = sorted({f.near_duplicate_of for f in feats if f.near_duplicate_of})
        out: dict[int, int] = {}
        for chunk in _chunks(originals):
            marks = ", ".join("?" * len(chunk))
            out.update(self.store.rows(
                f"SELECT doc, story FROM story_documents WHERE doc IN ({marks})", chunk))
        return out

    def _write(self, rows: list[tuple], touched: dict[int, Story],
               feats: list[DocFeatures]) -> None:
        store = self.store
        ids = list(touched)
        when = now_iso()
        with store.lock, store.transaction():
            for chunk in _chunks(ids):
                marks = ", ".join("?" * len(chunk))
                store.execute(f"DELETE FROM stories WHERE id IN ({marks})", chunk)
                store.execute(f"DELETE FROM story_keys WHERE story IN ({marks})", chunk)
            store.bulk_insert("stories", ("id", "first_day", "last_day", "size", "title",
                                          "lead_doc", "profile", "updated_at"),
                              [(s.id, s.first_day, s.last_day, s.size, s.title, s.lead_doc,
                                pack_profile(s.centroid), when) for s in touched.values()])
            store.bulk_insert("story_keys", ("key", "story", "day"),
                              [(k, s.id, s.last_day) for s in touched.values()
                               for k in s.index_keys()])
            store.bulk_insert("story_documents", ("doc", "story", "similarity", "day"), rows)
            store.executemany(
                "INSERT INTO story_df (key, df) VALUES (?, ?) ON CONFLICT (key) DO UPDATE "
                "SET df = story_df.df + excluded.df", sorted(self._batch_df.items()))


# Documents are assigned in key order and committed batch by batch, so those below the
# highest assigned key are assigned — except for a few a concurrent writer committed late
# (PostgreSQL hands out keys before commit): the last RECHECK keys are looked at again.
RECHECK = 5000


def unassigned(store: Store, limit: int | None = None, everything: bool = False
               ) -> list[int]:
    """Keys of documents in no story yet, oldest first (``everything``: check all
    documents, not only those after the highest assigned key)."""
    since = -1
    if not everything:
        top = store.rows("SELECT max(doc) FROM story_documents")[0][0]
        since = int(top) - RECHECK if top is not None else -1
    sql = ("SELECT d.doc FROM documents d WHERE d.doc > ? AND NOT EXISTS (SELECT 1 FROM "
           "story_documents s WHERE s.doc = d.doc) ORDER BY d.doc")
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [r[0] for r in store.rows(sql, (since,))]


def clear(store: Store) -> None:
    """Forget every story (``update(rebuild=True)`` clusters the archive again)."""
    with store.lock, store.transaction():
        for table in ("story_documents", "story_keys", "stories", "story_df"):
            store.execute(f"DELETE FROM {table}")


def update(store: Store, *, rebuild: bool = False, everything: bool = False,
           batch: int = BATCH,
           threshold: float = THRESHOLD,
           progress: Callable[[int, int], None] | None = None) -> UpdateSummary:
    """Put the documents that are in no story yet into one (all of them again with
    ``rebuild``; ``everything`` looks for unassigned documents in the whole archive)."""
    started = time.perf_counter()
    if rebuild:
        clear(store)
    keys = unassigned(store, everything=everything or rebuild)
    total = UpdateSummary()
    clusterer = Clusterer(store, threshold)
    for i in range(0, len(keys), max(1, batch)):
        part = clusterer.assign(keys[i:i + batch])
        total.documents += part.documents
        total.new_stories += part.new_stories
        total.joined += part.joined
        if progress is not None:
            progress(total.documents, len(keys))
    total.seconds = time.perf_counter() - started
    return total


def after_ingest(store: Store, stored: int) -> UpdateSummary | None:
    """`svodka ingest` calls this after its last batch: the new documents join stories.
    Never fails the ingest (stories are derived data; `svodka stories update` catches up);
    SVODKA_STORIES=0 turns it off."""
    import os

    if stored <= 0 or os.environ.get("SVODKA_STORIES") == "0":
        return None
    try:
        return update(store)
    except Exception:  # noqa: BLE001 - the documents are stored; stories can wait
        return None
