"""What a document contributes to story clustering: a sparse TF-IDF vector over the lemmas
of its title and lead and over its named entities, and the day it is about.

Keys are 63-bit integers: archive entity ids as they are, lemmas hashed (``term_key``).
Document frequencies come from ``story_df`` (counted over the documents clustered so far,
``DF_TOTAL`` holds their number), so weights need no pass over the archive.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from svodka.store.base import Store
from svodka.store.rows import hash64
from svodka.store.textindex import lemma_words

LEAD_CHARS = 2000  # the lead carries the story; the rest adds background and cost
TITLE_WEIGHT = 2.0  # title words count twice
ENTITY_WEIGHT = 2.0  # a shared named entity says more than a shared word
ENTITY_TYPES = ("PER", "ORG", "LOC")
DF_TOTAL = 0  # story_df key holding the number of documents counted
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TERM = re.compile(r"^[^\W\d_]{3,}$")


def term_key(lemma: str) -> int:
    return hash64("t:" + lemma) or 1


@dataclass
class DocFeatures:
    key: int
    title: str | None
    day: str | None
    near_duplicate_of: int | None
    counts: dict[int, float] = field(default_factory=dict)  # key -> raw weight (tf-based)
    entities: set[int] = field(default_factory=set)
    vector: dict[int, float] = field(default_factory=dict)  # unit length after weigh()

    def weigh(self, df: dict[int, int], total: int) -> None:
        """TF-IDF weights, L2-normalised."""
        vec = {}
        for k, c in self.counts.items():
            idf = math.log((total + 1) / (df.get(k, 0) + 1)) + 1.0
            vec[k] = c * idf
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        self.vector = {k: w / norm for k, w in vec.items()}

    def top_keys(self, n: int) -> list[int]:
        return [k for k, _ in sorted(self.vector.items(), key=lambda kv: -kv[1])[:n]]


def _chunks(keys: Sequence[int], n: int = 500) -> list[list[int]]:
    return [list(keys[i:i + n]) for i in range(0, len(keys), n)]


def load_features(store: Store, keys: Sequence[int]) -> list[DocFeatures]:
    """Features of the documents ``keys`` (in that order) from the archive tables."""
    docs: dict[int, DocFeatures] = {}
    texts: dict[int, str] = {}
    for chunk in _chunks(keys):
        marks = ", ".join("?" * len(chunk))
        for key, title, day, near, text in store.rows(
                "SELECT d.doc, d.title, d.published_day, d.near_duplicate_of, c.text "
                "FROM documents d JOIN document_content c ON c.doc = d.doc "
                f"WHERE d.doc IN ({marks})", chunk):
            docs[key] = DocFeatures(key, title, day, near)
            texts[key] = text
        for key, entity, type_, count in store.rows(
                "SELECT doc, entity_id, type, mention_count FROM document_entities "
                f"WHERE doc IN ({marks})", chunk):
            f = docs.get(key)
            if f is not None and type_ in ENTITY_TYPES and count > 0:
                f.counts[entity] = f.counts.get(entity, 0.0) + ENTITY_WEIGHT * (
                    1.0 + math.log(count))
                f.entities.add(entity)
        undated = [k for k in chunk if k in docs and docs[k].day is None]
        if undated:
            _days_from_text(store, docs, undated)
    for key, f in docs.items():
        _add_terms(f, texts[key])
    return [docs[k] for k in keys if k in docs]


def _add_terms(f: DocFeatures, text: str) -> None:
    counts: dict[str, float] = {}
    if f.title:
        for w in lemma_words(f.title):
            if _TERM.match(w):
                counts[w] = counts.get(w, 0.0) + TITLE_WEIGHT
    for w in lemma_words(text[:LEAD_CHARS]):
        if _TERM.match(w):
            counts[w] = counts.get(w, 0.0) + 1.0
    for lemma, c in counts.items():
        k = term_key(lemma)
        f.counts[k] = f.counts.get(k, 0.0) + 1.0 + math.log(c)


def _days_from_text(store: Store, docs: dict[int, DocFeatures], keys: list[int]) -> None:
    """An undated document is dated by the full dates it mentions: the most frequent one,
    the latest on a tie (an article reports recent days and recalls older ones)."""
    found: dict[int, Counter[str]] = {}
    marks = ", ".join("?" * len(keys))
    for key, value in store.rows(
            f"SELECT doc, value FROM dates WHERE doc IN ({marks}) AND value IS NOT NULL", keys):
        if value and _DAY.match(value):
            found.setdefault(key, Counter())[value] += 1
    for key, counter in found.items():
        docs[key].day = max(counter.items(), key=lambda kv: (kv[1], kv[0]))[0]


def day_gap(a: str | None, b: str | None) -> int | None:
    """Days between two ISO days (None when either is unknown or malformed)."""
    if not a or not b:
        return None
    try:
        return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)
    except ValueError:
        return None


def shift_day(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()
