"""RuOpinionNE-2024 check of label holders and targets.

Every sentence of ``train.jsonl`` is analysed on its own; each svodka label gives a
(holder, target) pair, each gold opinion tuple gives its (Source, Target). A predicted pair
matches a gold pair when

- holder: gold ``AUTHOR`` = an authorial label; gold ``NULL`` = a label without holder that is
  not authorial; otherwise the spans share at least one whitespace token (the official
  scorer's unit);
- target: the spans share at least one whitespace token.

Precision counts predicted pairs that match some gold pair, recall gold pairs (unique per
sentence) matched by some prediction. Labels are a subset of opinions (evaluative
characterisations, not every sentiment), so recall is low by design; for reference, the best
published F1 of full tuples (holder, target, expression, polarity) is about 0.41.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from svodka.doc import Document

DEFAULT = Path(__file__).resolve().parents[3] / "shared" / "data" / "ruopinionne" / "train.jsonl"
_TOKEN = re.compile(r"\S+")

Span = frozenset[int] | str  # whitespace-token indices, or "AUTHOR" / "NULL"


def read(path: Path | str = DEFAULT) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def _tokens(text: str, spans: list[tuple[int, int]]) -> frozenset[int]:
    out = set()
    for i, m in enumerate(_TOKEN.finditer(text)):
        if any(m.start() < e and s < m.end() for s, e in spans):
            out.add(i)
    return frozenset(out)


def _gold_span(text: str, field: list[list[str]]) -> Span:
    strings, offsets = field
    if strings == ["AUTHOR"]:
        return "AUTHOR"
    if strings == ["NULL"] or not offsets:
        return "NULL"
    spans = []
    for off in offsets:
        try:
            s, e = (int(x) for x in off.split(":"))
        except ValueError:
            continue
        spans.append((s, e))
    return _tokens(text, spans) if spans else "NULL"


def gold_pairs(item: dict[str, Any]) -> set[tuple[Span, Span]]:
    text = item["text"]
    out: set[tuple[Span, Span]] = set()
    for op in item.get("opinions", []):
        target = _gold_span(text, op["Target"])
        if isinstance(target, str):
            continue
        out.add((_gold_span(text, op["Source"]), target))
    return out


def predicted_pairs(doc: Document) -> list[tuple[Span, Span]]:
    out: list[tuple[Span, Span]] = []
    for lb in doc.labels:
        if lb.target is None:
            continue
        target = _tokens(doc.text, [(lb.target.start, lb.target.end)])
        if lb.extra.get("authorial"):
            holder: Span = "AUTHOR"
        elif lb.holder is None:
            holder = "NULL"
        else:
            holder = _tokens(doc.text, [(lb.holder.start, lb.holder.end)])
        out.append((holder, target))
    return out


def _same(a: Span, b: Span) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return bool(a & b)


def _same_lenient(a: Span, b: Span) -> bool:
    """As ``_same``, but the outlet (AUTHOR) also matches an implicit holder (NULL): the
    corpus codes many evaluations in narration with a NULL holder."""
    if {a, b} == {"AUTHOR", "NULL"}:
        return True
    return _same(a, b)


def _prf(tp_p: int, n_p: int, tp_g: int, n_g: int) -> dict[str, float | None]:
    p = tp_p / n_p if n_p else None
    r = tp_g / n_g if n_g else None
    f = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
    return {"precision": p, "recall": r, "f1": f}


def evaluate(path: Path | str = DEFAULT, *, limit: int | None = None,
             analyze: Callable[[str], Document] | None = None) -> dict[str, Any]:
    """Holder-target pair precision/recall/F1 of svodka's labels on RuOpinionNE sentences."""
    if analyze is None:
        from svodka.pipeline import analyze as _analyze

        analyze = _analyze
    n_sent = n_pred = n_gold = tp_pred = tp_gold = 0
    t_pred = t_gold = 0  # target-only matches
    l_pred = l_gold = 0  # AUTHOR ~ NULL
    sents_with_labels = 0
    started = time.perf_counter()
    for k, item in enumerate(read(path)):
        if limit is not None and k >= limit:
            break
        n_sent += 1
        doc = analyze(item["text"])
        pred = predicted_pairs(doc)
        gold = gold_pairs(item)
        sents_with_labels += bool(pred)
        n_pred += len(pred)
        n_gold += len(gold)
        tp_pred += sum(any(_same(h, gh) and _same(t, gt) for gh, gt in gold) for h, t in pred)
        tp_gold += sum(any(_same(h, gh) and _same(t, gt) for h, t in pred) for gh, gt in gold)
        l_pred += sum(any(_same_lenient(h, gh) and _same(t, gt) for gh, gt in gold)
                      for h, t in pred)
        l_gold += sum(any(_same_lenient(h, gh) and _same(t, gt) for h, t in pred)
                      for gh, gt in gold)
        t_pred += sum(any(_same(t, gt) for _gh, gt in gold) for _h, t in pred)
        t_gold += sum(any(_same(t, gt) for _h, t in pred) for _gh, gt in gold)
    return {
        "sentences": n_sent,
        "sentences_with_labels": sents_with_labels,
        "predicted_pairs": n_pred,
        "gold_pairs": n_gold,
        "holder_target": _prf(tp_pred, n_pred, tp_gold, n_gold),
        "holder_target_author_or_null": _prf(l_pred, n_pred, l_gold, n_gold),
        "target_only": _prf(t_pred, n_pred, t_gold, n_gold),
        "seconds": round(time.perf_counter() - started, 1),
        "note": "labels are a subset of opinions; best published full-tuple F1 is about 0.41",
    }


if __name__ == "__main__":  # pragma: no cover
    import sys

    lim = int(sys.argv[1]) if len(sys.argv) > 1 else None
    print(json.dumps(evaluate(limit=lim), ensure_ascii=False, indent=2))
