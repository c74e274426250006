"""`svodka eval gold`: score analyses against gold files (format: shared/golden/README.md).

Gold lists what must be found. Recall is measured against it for every kind; precision
only for kinds the gold file declares exhaustive. Matching follows the gold README:
entities by name or kb_id (+type), quotes by anchor + speaker + kind, dates by overlap +
value, events by type + trigger sentence (arguments scored on matched events), labels by
holder entity + content-word lemmas of label and target.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from svodka.doc import Document
from svodka.nlp.morph import normal_word, parses

KINDS = ("entities", "quotes", "dates", "events", "labels")
_WORD = re.compile(r"[A-Za-zА-Яа-яЁё0-9]+(?:-[A-Za-zА-Яа-яЁё0-9]+)*")
_FUNCTION_POS = {"PREP", "CONJ", "PRCL", "INTJ"}


def fold(text: str | None) -> str:
    return normal_word(text or "").strip()


def content_lemmas(text: str) -> set[str]:
    words = _WORD.findall(text or "")
    out = set()
    for w in words:
        ps = parses(normal_word(w))
        if ps and ps[0].tag.POS in _FUNCTION_POS:
            continue
        out.add(normal_word(ps[0].normal_form) if ps else normal_word(w))
    return out or {normal_word(w) for w in words}


def lemmas_match(gold: str, found: str) -> bool:
    g, f = content_lemmas(gold), content_lemmas(found)
    return bool(g) and bool(f) and (g <= f or f <= g)


@dataclass
class Score:
    tp_gold: int = 0  # gold items found (recall numerator)
    n_gold: int = 0
    tp_out: int = 0  # output items that match gold (precision numerator), exhaustive only
    n_out: int = 0
    exhaustive_docs: int = 0
    extra: dict[str, list[int]] = field(default_factory=dict)  # argument checks: [ok, total]

    @property
    def recall(self) -> float | None:
        return self.tp_gold / self.n_gold if self.n_gold else None

    @property
    def precision(self) -> float | None:
        return self.tp_out / self.n_out if self.n_out else (1.0 if self.exhaustive_docs else None)

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if r is None:
            return None
        if p is None:
            return None
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def add(self, other: Score) -> None:
        self.tp_gold += other.tp_gold
        self.n_gold += other.n_gold
        self.tp_out += other.tp_out
        self.n_out += other.n_out
        self.exhaustive_docs += other.exhaustive_docs
        for k, (ok, n) in other.extra.items():
            cur = self.extra.setdefault(k, [0, 0])
            cur[0] += ok
            cur[1] += n

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                               "gold": self.n_gold, "found": self.tp_gold, "output": self.n_out}
        for k, (ok, n) in sorted(self.extra.items()):
            out[k] = ok / n if n else None
        return out


class Matcher:
    """Matching rules between one analysed document and its gold."""

    def __init__(self, doc: Document, gold: dict[str, Any]):
        self.doc = doc
        self.gold = gold
        self.by_id = {e.id: e for e in doc.entities}

    def entity_is(self, entity_id: str | None, gold_name: str | None,
                  gold_kb: str | None = None) -> bool:
        if entity_id is None or (gold_name is None and gold_kb is None):
            return False
        e = self.by_id.get(entity_id)
        if e is None:
            return False
        if gold_name and fold(e.name) == fold(gold_name):
            return True
        if gold_kb and e.kb_id == gold_kb:
            return True
        gkb = self.gold_kb(gold_name)
        return bool(gkb and e.kb_id == gkb)

    def gold_kb(self, name: str | None) -> str | None:
        for ge in self.gold.get("entities", []):
            if fold(ge.get("name")) == fold(name):
                kb: str | None = ge.get("kb_id")
                return kb
        return None

    def arg_matches(self, gold_value: str, args: Iterable[Any]) -> bool:
        """Actor/location by entity name, or by lemma overlap for unnamed groups."""
        for a in args:
            if a is None:
                continue
            if self.entity_is(a.entity, gold_value):
                return True
            if lemmas_match(gold_value, a.text):
                return True
            e = self.by_id.get(a.entity) if a.entity else None
            if e is not None and lemmas_match(gold_value, e.name):
                return True
        return False

    def sentence_of(self, start: int) -> tuple[int, int]:
        for s in self.doc.sentences:
            if s.start <= start < s.end:
                return s.start, s.end
        return start, start + 1

    def anchor_pos(self, anchor: str) -> int:
        return self.doc.text.find(anchor)


def _greedy(gold: list[Any], out: list[Any], ok: Callable[[Any, Any], bool]
            ) -> tuple[int, int]:
    """One-to-one matching: (gold items matched, output items matched)."""
    used: set[int] = set()
    found = 0
    for g in gold:
        for j, o in enumerate(out):
            if j not in used and ok(g, o):
                used.add(j)
                found += 1
                break
    matched_out = sum(1 for o in out if any(ok(g, o) for g in gold))
    return found, matched_out


def score_document(doc: Document, gold: dict[str, Any]) -> dict[str, Score]:
    m = Matcher(doc, gold)
    exhaustive = set(gold.get("exhaustive", []))
    scores = {k: Score() for k in KINDS}

    # entities (+ surfaces as an argument-like check)
    s = scores["entities"]
    gents = gold.get("entities", [])

    def ent_ok(g: dict[str, Any], e: Any) -> bool:
        same = fold(e.name) == fold(g["name"]) or (g.get("kb_id") and e.kb_id == g["kb_id"])
        return bool(same) and e.type == g.get("type", e.type)

    s.n_gold, s.tp_gold = len(gents), _greedy(gents, doc.entities, ent_ok)[0]
    surf = s.extra.setdefault("surfaces", [0, 0])
    kb = s.extra.setdefault("kb_id", [0, 0])
    for g in gents:
        e = next((e for e in doc.entities if ent_ok(g, e)), None)
        texts = {fold(x.text) for x in e.mentions} if e else set()
        for sf in g.get("surfaces", []):
            surf[1] += 1
            surf[0] += fold(sf) in texts
        if g.get("kb_id"):
            kb[1] += 1
            kb[0] += bool(e and e.kb_id == g["kb_id"])
    if "entities" in exhaustive:
        s.exhaustive_docs = 1
        s.n_out = len(doc.entities)
        s.tp_out = _greedy(gents, doc.entities, ent_ok)[1]

    # quotes
    def quote_ok(g: dict[str, Any], q: Any) -> bool:
        if g["anchor"] not in q.text or q.kind != g.get("kind", q.kind):
            return False
        if g.get("speaker") is None:
            return True
        return q.speaker is not None and m.entity_is(q.speaker.entity, g["speaker"],
                                                     g.get("speaker_kb_id"))

    _fill(scores["quotes"], gold.get("quotes", []), doc.quotes, quote_ok, "quotes" in exhaustive)

    # dates
    def date_ok(g: dict[str, Any], d: Any) -> bool:
        start = g.get("start")
        if start is None:
            start = m.anchor_pos(g["text"])
        end = start + len(g["text"])
        return d.start < end and start < d.end and d.value == g.get("value")

    _fill(scores["dates"], gold.get("dates", []), doc.dates, date_ok, "dates" in exhaustive)

    # events
    date_values = {d.id: d.value for d in doc.dates}

    def event_ok(g: dict[str, Any], v: Any) -> bool:
        pos = m.anchor_pos(g["anchor"])
        if pos < 0 or v.type != g["type"]:
            return False
        s0, s1 = m.sentence_of(pos)
        return s0 <= v.trigger.start < s1

    gev = gold.get("events", [])
    _fill(scores["events"], gev, doc.events, event_ok, "events" in exhaustive)
    args = scores["events"].extra
    used: set[int] = set()
    for g in gev:
        v = next((v for j, v in enumerate(doc.events) if j not in used and event_ok(g, v)), None)
        if v is None:
            continue
        used.add(doc.events.index(v))
        checks = {
            "actor": lambda g=g, v=v: m.arg_matches(g["actor"], v.actors),
            "location": lambda g=g, v=v: m.arg_matches(g["location"], [v.location]),
            "date": lambda g=g, v=v: date_values.get(v.date) == g["date"],
            "modality": lambda g=g, v=v: v.modality == g["modality"],
        }
        for key, check in checks.items():
            if g.get(key) is not None:
                cur = args.setdefault(f"{key}_accuracy", [0, 0])
                cur[1] += 1
                cur[0] += bool(check())

    # labels
    def label_ok(g: dict[str, Any], lb: Any) -> bool:
        if g.get("holder") is not None:
            if lb.holder is None or not m.entity_is(lb.holder.entity, g["holder"]):
                return False
        elif not g.get("authorial") and lb.holder is not None and lb.holder.entity:
            return False
        if not lemmas_match(g["label"], lb.label.text) and \
                not lemmas_match(g["label"], lb.label.lemma):
            return False
        return lb.target is not None and lemmas_match(g["target"], lb.target.text)

    _fill(scores["labels"], gold.get("labels", []), doc.labels, label_ok, "labels" in exhaustive)
    return scores


def _fill(score: Score, gold: list[Any], out: list[Any], ok: Callable[[Any, Any], bool],
          exhaustive: bool) -> None:
    found, matched_out = _greedy(gold, out, ok)
    score.n_gold, score.tp_gold = len(gold), found
    if exhaustive:
        score.exhaustive_docs = 1
        score.n_out, score.tp_out = len(out), matched_out


def gold_pairs(paths: Iterable[Path]) -> list[tuple[Path, Path]]:
    pairs = []
    for p in paths:
        files = sorted(p.glob("*.gold.json")) if p.is_dir() else [p]
        for g in files:
            txt = g.with_name(g.name[: -len(".gold.json")] + ".txt")
            if txt.exists():
                pairs.append((txt, g))
    return pairs


def evaluate(paths: Iterable[Path], analyze: Callable[..., Document] | None = None
             ) -> dict[str, Any]:
    """Analyse every NAME.txt beside a NAME.gold.json and return per-kind and overall scores."""
    if analyze is None:
        from svodka.pipeline import analyze as _analyze
        analyze = _analyze
    totals = {k: Score() for k in KINDS}
    per_doc = {}
    for txt, gpath in gold_pairs(paths):
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        doc = analyze(txt.read_text(encoding="utf-8"), published=gold.get("published"))
        scores = score_document(doc, gold)
        per_doc[txt.name] = {k: v.as_dict() for k, v in scores.items()}
        for k, v in scores.items():
            totals[k].add(v)
    overall = Score()
    for k in KINDS:
        overall.add(Score(totals[k].tp_gold, totals[k].n_gold, totals[k].tp_out, totals[k].n_out,
                          totals[k].exhaustive_docs))
    return {"documents": len(per_doc), "kinds": {k: v.as_dict() for k, v in totals.items()},
            "overall": overall.as_dict(), "per_document": per_doc}
