"""`svodka eval ner --factrueval DIR`: token-level NER scores on factRuEval-2016.

Scored as naeval scores factRuEval: a Person is one span from its first to its last part;
an Org counts its `org_name` parts, a Location or LocOrg its `loc_name` parts (both LOC);
overlapping spans keep the first; Project is left out. For each type, every corpus token
(the `.tokens` file) is inside or outside a gold and a predicted span of that type, and
precision/recall/F1 are counted over tokens.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TYPES = ("PER", "LOC", "ORG")
_OBJ_TYPES = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}
Spans = list[tuple[str, int, int]]


@dataclass
class FactRuDoc:
    name: str
    text: str
    tokens: list[tuple[int, int]]
    gold: Spans


def load_factrueval(directory: Path) -> list[FactRuDoc]:
    docs = []
    for txt in sorted(directory.glob("*.txt"), key=lambda p: p.name):
        base = txt.with_suffix("")
        text = txt.read_text(encoding="utf-8")
        tokens = []
        for line in base.with_suffix(".tokens").read_text(encoding="utf-8").splitlines():
            parts = line.split(" ", 3)
            if len(parts) >= 3:
                start, length = int(parts[1]), int(parts[2])
                tokens.append((start, start + length))
        spans: dict[str, tuple[str, int, int]] = {}
        for line in base.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
            parts = line.split("#")[0].split()
            if len(parts) >= 4:
                spans[parts[0]] = (parts[1], int(parts[2]), int(parts[2]) + int(parts[3]))
        gold: Spans = []
        for line in base.with_suffix(".objects").read_text(encoding="utf-8").splitlines():
            parts = line.split("#")[0].split()
            if len(parts) < 3 or parts[1] not in _OBJ_TYPES:
                continue
            found = [spans[s] for s in parts[2:] if s in spans]
            typ = _OBJ_TYPES[parts[1]]
            if parts[1] == "Person" and found:
                gold.append((typ, min(s for _, s, _ in found), max(e for _, _, e in found)))
            else:
                part = "org_name" if parts[1] == "Org" else "loc_name"
                gold.extend((typ, s, e) for t, s, e in found if t == part)
        docs.append(FactRuDoc(txt.stem, text, tokens, _first_of_overlaps(gold)))
    return docs


def _first_of_overlaps(spans: Spans) -> Spans:
    kept: Spans = []
    for span in sorted(spans, key=lambda s: (s[1], -s[2])):
        if not kept or span[1] >= kept[-1][2]:
            kept.append(span)
    return kept


def _inside(tokens: list[tuple[int, int]], spans: Spans, typ: str) -> list[bool]:
    typed = [(a, b) for t, a, b in spans if t == typ]
    return [any(a <= s and e <= b for a, b in typed) for s, e in tokens]


def score(docs: Iterable[FactRuDoc], predict: Callable[[str], Spans]) -> dict[str, Any]:
    counts = {t: [0, 0, 0] for t in TYPES}  # tp, fp, fn
    for doc in docs:
        pred_spans = _first_of_overlaps(predict(doc.text))
        for typ in TYPES:
            gold = _inside(doc.tokens, doc.gold, typ)
            pred = _inside(doc.tokens, pred_spans, typ)
            for in_gold, in_pred in zip(gold, pred):
                counts[typ][0] += in_gold and in_pred
                counts[typ][1] += in_pred and not in_gold
                counts[typ][2] += in_gold and not in_pred
    out: dict[str, Any] = {}
    for t, (tp, fp, fn) in counts.items():
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        out[t] = {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}
    return out


def natasha_spans(text: str) -> Spans:
    from svodka.nlp import natasha_baseline

    doc = natasha_baseline(text)
    return [(s.type, s.start, s.stop) for s in doc.spans]


def svodka_spans(text: str) -> Spans:
    from svodka.pipeline import analyze

    doc = analyze(text)
    spans = [(e.type, m.start, m.end) for e in doc.entities for m in e.mentions
             if m.kind in ("name", "acronym", "surname")]
    # factRuEval marks "Совет безопасности | Казахстана" as ORG + LOC: cut a name at a place
    # nested in it, as naeval adapts other systems' nested output
    out: Spans = []
    for typ, s, e in spans:
        inner = [a for t, a, b in spans if t == "LOC" and s < a and b <= e and typ == "ORG"]
        out.append((typ, s, min(inner) - 1) if inner else (typ, s, e))
    return out


def evaluate(directory: Path) -> dict[str, Any]:
    docs = load_factrueval(directory)
    return {"documents": len(docs), "natasha": score(docs, natasha_spans),
            "svodka": score(docs, svodka_spans)}
