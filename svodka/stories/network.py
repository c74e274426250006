"""Entity co-occurrence network of a story: entities as nodes, an edge for two entities named
in the same sentence, weighted by how many sentences (and documents) name both."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import combinations
from typing import Any

from svodka.doc import Document

MAX_NODES = 30


def _entity_ref(doc: Document, entity_id: str) -> tuple[str, str, str] | None:
    e = doc.entity(entity_id)
    if e is None:
        return None
    return (e.kb_id or f"{e.type}:{e.name.lower()}", e.name, e.type)


def cooccurrence(documents: Iterable[Document], max_nodes: int = MAX_NODES) -> dict[str, Any]:
    mentions: Counter[str] = Counter()
    names: dict[str, tuple[str, str, str | None]] = {}
    sentence_pairs: Counter[tuple[str, str]] = Counter()
    doc_pairs: dict[tuple[str, str], set[str]] = {}
    for doc in documents:
        per_sentence: dict[int, set[str]] = {}
        starts = [s.start for s in doc.sentences]
        for e in doc.entities:
            ref = _entity_ref(doc, e.id)
            if ref is None:
                continue
            key, name, type_ = ref
            names.setdefault(key, (name, type_, e.kb_id))
            for m in e.mentions:
                if m.kind == "pronoun":
                    continue
                mentions[key] += 1
                idx = _sentence_index(starts, m.start)
                per_sentence.setdefault(idx, set()).add(key)
        for keys in per_sentence.values():
            for a, b in combinations(sorted(keys), 2):
                sentence_pairs[(a, b)] += 1
                doc_pairs.setdefault((a, b), set()).add(doc.id)
    top = [k for k, _ in mentions.most_common(max_nodes)]
    shown = set(top)
    nodes = [{"id": k, "name": names[k][0], "type": names[k][1], "kb_id": names[k][2],
              "mentions": mentions[k]} for k in top]
    edges = [{"source": a, "target": b, "sentences": n, "documents": len(doc_pairs[(a, b)])}
             for (a, b), n in sentence_pairs.most_common() if a in shown and b in shown]
    return {"nodes": nodes, "edges": edges}


def _sentence_index(starts: list[int], pos: int) -> int:
    lo, hi = 0, len(starts)
    while lo < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= pos:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1
