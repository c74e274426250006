"""`svodka eval stories`: story clustering (B-cubed) and event merging (pairwise P/R)
against the dev set in tests/eval/stories (see its README for how it was built).

1. The dev set's articles (NEREL texts under ``shared/data/nerel``) are analysed and stored
   in a temporary archive in a fixed shuffled order (group members do not arrive together),
   and ``svodka.stories.update`` clusters them incrementally.
2. Stories: B-cubed precision, recall and F1 over documents against the gold stories.
3. Events: for each gold story, the event mentions svodka extracted from its documents are
   merged (``svodka.stories.events.merge``); a mention is aligned to a gold mention when its
   trigger overlaps the gold anchor (only the first 1,500 characters are annotated). Over
   pairs of aligned mentions: precision (merged pairs that are one gold event) and recall
   (gold same-event pairs that are merged). Coverage says how many gold mentions svodka
   extracted at all.
"""

from __future__ import annotations

import json
import random
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from svodka.doc import Document
from svodka.errors import SvodkaError

ANNOTATED_CHARS = 1500
_MENTION = re.compile(r'(\S+) "(.*?)"(?:#(\d+))?$')


@dataclass
class GoldMention:
    file: str
    start: int
    end: int
    event: str


@dataclass
class DevSet:
    documents: list[dict[str, str]]  # {"file", "story"}
    events: list[GoldMention]
    texts: dict[str, str] = field(default_factory=dict)


def load_devset(directory: Path, nerel: Path) -> DevSet:
    """The dev set's documents and gold event mentions, anchors resolved to offsets."""
    docs_path, events_path = directory / "documents.jsonl", directory / "events.txt"
    for p in (docs_path, events_path):
        if not p.exists():
            raise SvodkaError(f"{p}: no such file (the dev set is tests/eval/stories)")
    docs = [json.loads(line) for line in docs_path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    texts = {}
    for d in docs:
        path = nerel / f"{d['file']}.txt"
        if not path.exists():
            raise SvodkaError(f"{path}: no such file (give the NEREL directory with --nerel)")
        texts[d["file"]] = path.read_text(encoding="utf-8")
    mentions = []
    for n, line in enumerate(events_path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 3:
            raise SvodkaError(f"{events_path}:{n}: expected 'story | event | mentions'")
        event = f"{parts[0]}/{parts[1]}"
        for raw in parts[2].split(";"):
            m = _MENTION.match(raw.strip())
            if m is None or m.group(1) not in texts:
                raise SvodkaError(f"{events_path}:{n}: bad mention {raw.strip()!r}")
            text, anchor, nth = texts[m.group(1)], m.group(2), int(m.group(3) or 1)
            at = -1
            for _ in range(nth):
                at = text.find(anchor, at + 1)
                if at < 0:
                    raise SvodkaError(f"{events_path}:{n}: {anchor!r} not found in "
                                      f"{m.group(1)}")
            mentions.append(GoldMention(m.group(1), at, at + len(anchor), event))
    return DevSet(docs, mentions, texts)


def bcubed(gold: dict[str, str], system: dict[str, Any]) -> dict[str, float]:
    """B-cubed precision, recall, F1 of a clustering (item -> cluster) against gold."""
    items = list(gold)
    by_gold: dict[str, set[str]] = {}
    by_sys: dict[Any, set[str]] = {}
    for i in items:
        by_gold.setdefault(gold[i], set()).add(i)
        by_sys.setdefault(system[i], set()).add(i)
    p = r = 0.0
    for i in items:
        same_sys, same_gold = by_sys[system[i]], by_gold[gold[i]]
        both = len(same_sys & same_gold)
        p += both / len(same_sys)
        r += both / len(same_gold)
    p, r = p / len(items), r / len(items)
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def pairwise(gold: dict[Any, str], system: dict[Any, Any],
             cross_doc: Callable[[Any, Any], bool] | None = None) -> dict[str, Any]:
    tp = fp = fn = 0
    for a, b in combinations(list(gold), 2):
        if cross_doc is not None and not cross_doc(a, b):
            continue
        same_gold, same_sys = gold[a] == gold[b], system[a] == system[b]
        tp += same_gold and same_sys
        fp += same_sys and not same_gold
        fn += same_gold and not same_sys
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "true_pairs": tp, "false_pairs": fp, "missed_pairs": fn}


def analyse_devset(dev: DevSet, analyse: Callable[..., Document] | None = None,
                   cache: Path | None = None) -> dict[str, Document]:
    """svodka's analysis of each dev document (cached in ``cache`` by analyser version)."""
    from svodka import __version__

    if analyse is None:
        from svodka.pipeline import analyze

        analyse = analyze
    cached: dict[str, Document] = {}
    path = cache / f"stories-dev-{__version__}.jsonl" if cache else None
    if path is not None and path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            doc = Document.from_json(line)
            cached[doc.id] = doc
    out = {}
    for d in dev.documents:
        doc_id = d["file"].replace("/", ":")
        found = cached.get(doc_id)
        if found is not None and found.text == dev.texts[d["file"]]:
            doc = found
        else:
            doc = analyse(dev.texts[d["file"]], id=doc_id,
                          source="ru.wikinews.org" if d["file"].endswith("_text") else None)
        out[d["file"]] = doc
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(doc.to_json() + "\n" for doc in out.values()),
                        encoding="utf-8")
    return out


def evaluate(dev: DevSet, analysed: dict[str, Document], *, seed: int = 7,
             threshold: float | None = None, min_evidence: int | None = None
             ) -> dict[str, Any]:
    from svodka.ingest import dedup
    from svodka.store import ArchiveRecord, open_store
    from svodka.stories import cluster, events

    order = [d["file"] for d in dev.documents]
    random.Random(seed).shuffle(order)
    gold_story = {d["file"]: d["story"] for d in dev.documents}
    with tempfile.TemporaryDirectory(prefix="svodka-eval-stories-") as tmp:
        store = open_store(str(Path(tmp) / "dev.sqlite"))
        try:
            records = []
            for f in order:
                r = ArchiveRecord(analysed[f], origin=f)
                r.minhash = dedup.signature(r.index_text().body.split())
                records.append(r)
            for i in range(0, len(records), 16):  # arrival in small batches, as ingest does
                store.add_batch(records[i:i + 16])
                cluster.update(store, threshold=threshold or cluster.THRESHOLD)
            keys = {doc_id: key for key, doc_id in store.rows("SELECT doc, id FROM documents")}
            story_of = dict(store.rows("SELECT doc, story FROM story_documents"))
            system = {f: story_of[keys[analysed[f].id]] for f in order}
            stories = bcubed(gold_story, system)
            grouped = [f for f in order if not gold_story[f].startswith("single:")]
            stories_grouped = bcubed({f: gold_story[f] for f in grouped},
                                     {f: system[f] for f in grouped})
            merged = _event_scores(dev, analysed, keys, store,
                                   min_evidence or events.MIN_EVIDENCE)
        finally:
            store.close()
    gold_stories = {s for s in gold_story.values()}
    return {"documents": len(order), "gold_stories": len(gold_stories),
            "gold_multi_document_stories": len({gold_story[f] for f in grouped}),
            "system_stories": len(set(system.values())),
            "stories_bcubed": stories, "stories_bcubed_grouped_only": stories_grouped,
            "events": merged}


def _event_scores(dev: DevSet, analysed: dict[str, Document], keys: dict[str, int],
                  store: Any, min_evidence: int) -> dict[str, Any]:
    from svodka.stories.events import load_mentions, merge

    by_file: dict[str, list[GoldMention]] = {}
    for g in dev.events:
        by_file.setdefault(g.file, []).append(g)
    stories: dict[str, list[str]] = {}
    for d in dev.documents:
        stories.setdefault(d["story"], []).append(d["file"])
    gold: dict[tuple[str, int], str] = {}
    system: dict[tuple[str, int], int] = {}
    aligned_gold: set[int] = set()
    annotated_system = unaligned = 0
    file_of = {keys[analysed[f].id]: f for f in analysed}
    for story, files in stories.items():
        if story.startswith("single:"):
            continue
        clusters = merge(load_mentions(store, [keys[analysed[f].id] for f in files]),
                         min_evidence)
        for ci, c in enumerate(clusters):
            for m in c.mentions:
                f = file_of[m.doc]
                start, end = m.trigger_start, m.trigger_start + len(m.trigger)
                if start >= ANNOTATED_CHARS:
                    continue
                annotated_system += 1
                hit = next((g for g in by_file.get(f, []) if g.start < end and start < g.end),
                           None)
                if hit is None:
                    unaligned += 1
                    continue
                aligned_gold.add(id(hit))
                gold[(f, start)] = hit.event
                system[(f, start)] = hash((story, ci))
    scores = pairwise(gold, system)
    cross = pairwise(gold, system, lambda a, b: a[0] != b[0])
    return {"pairwise": scores, "pairwise_cross_document": cross,
            "gold_events": len({g.event for g in dev.events}),
            "gold_mentions": len(dev.events), "gold_mentions_extracted": len(aligned_gold),
            "system_mentions_in_annotated_text": annotated_system,
            "system_mentions_unaligned": unaligned}
