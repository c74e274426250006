"""Framing comparison: who calls a target what, across analysed documents.

Pure functions over ``Document`` objects (fresh from ``analyze`` or loaded from the store with
``Document.from_dict``): they read only serialised fields, never pipeline state.

    >>> report = framing.compare(docs, "протестующий")        # a group lemma
    >>> report = framing.compare(docs, "Q200881")             # a Wikidata QID
    >>> report = framing.compare(docs, "Касым-Жомарт Токаев")  # an entity name or mention
    >>> report.by_holder[0].labels[0].lemma, report.by_holder[0].labels[0].count

A target given as a string matches a label's target when it is the target entity's QID, its
document-local id, its name or one of its mention texts (case-folded, ё = е), the label
target's group lemma (``target.extra["group"]``), or the lemma of the target's text.
Holders are grouped by entity (QID, else name), else by holder text; labels whose holder is
the outlet itself (``authorial``) are grouped under the outlet. Outlets are ``doc.source``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from svodka.doc import Document, Entity, Label

AUTHORIAL = "(outlet)"
UNKNOWN = "(unknown)"
NO_SOURCE = "(no source)"


def _fold(text: str | None) -> str:
    return " ".join((text or "").lower().replace("ё", "е").split())


@dataclass
class Evidence:
    """One occurrence of a label: where it is and the sentence around it."""

    doc_id: str
    source: str | None
    label_id: str
    text: str  # the label as written
    start: int  # offsets of the label in the document text
    end: int
    sentence: str
    sentence_start: int
    sentence_end: int
    holder: str
    target: str | None
    quote: str | None
    authorial: bool

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))


@dataclass
class LabelCount:
    """A label lemma applied by one holder (or outlet), with its evidence."""

    lemma: str
    polarity: str | None
    category: str | None
    count: int = 0
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"lemma": self.lemma, "polarity": self.polarity, "category": self.category,
                "count": self.count, "evidence": [e.to_dict() for e in self.evidence]}


@dataclass
class Usage:
    """Everything one holder (or one outlet) calls the target."""

    key: str  # QID, entity name, holder text, outlet name
    name: str  # readable name
    kind: str  # entity | text | outlet | unknown
    labels: list[LabelCount] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(lc.count for lc in self.labels)

    def polarity(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for lc in self.labels:
            key = lc.polarity or "neutral"
            out[key] = out.get(key, 0) + lc.count
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, "kind": self.kind, "count": self.count,
                "polarity": self.polarity(), "labels": [lc.to_dict() for lc in self.labels]}


@dataclass
class FramingReport:
    target: str
    documents: int  # documents looked at
    matched_documents: int  # documents with at least one label about the target
    by_holder: list[Usage]
    by_outlet: list[Usage]

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target, "documents": self.documents,
                "matched_documents": self.matched_documents,
                "by_holder": [u.to_dict() for u in self.by_holder],
                "by_outlet": [u.to_dict() for u in self.by_outlet]}


# -- matching -----------------------------------------------------------------------------------

TargetSpec = str | Callable[[Document, Label], bool]


def target_matcher(target: TargetSpec) -> Callable[[Document, Label], bool]:
    """A predicate telling whether a label is about ``target`` (see the module docstring)."""
    if callable(target):
        return target
    key = _fold(target)
    lemma_key = _lemma_key(target)

    def match(doc: Document, label: Label) -> bool:
        arg = label.target
        if arg is None:
            return False
        if arg.entity is not None:
            e = doc.entity(arg.entity)
            if e is not None and _entity_matches(e, target, key):
                return True
        group = arg.extra.get("group")
        if group is not None and _fold(group) == key:
            return True
        return bool(lemma_key) and _lemma_key(arg.text) == lemma_key

    return match


def _entity_matches(e: Entity, raw: str, key: str) -> bool:
    if e.kb_id and e.kb_id == raw.strip():
        return True
    if e.id == raw.strip() or _fold(e.name) == key:
        return True
    return any(_fold(m.text) == key for m in e.mentions if m.kind != "pronoun")


def _lemma_key(text: str | None) -> str:
    """Lemmas of the words of ``text``, in order: "протестующих" ~ "протестующие"."""
    from svodka.nlp.morph import lemma

    words = [w for w in _fold(text).replace("«", " ").replace("»", " ").split() if w]
    return " ".join(lemma(w) for w in words)


# -- grouping -----------------------------------------------------------------------------------

def labels_about(documents: Iterable[Document], target: TargetSpec
                 ) -> list[tuple[Document, Label]]:
    """Every (document, label) whose label target matches ``target``."""
    match = target_matcher(target)
    return [(doc, lb) for doc in documents for lb in doc.labels if match(doc, lb)]


def holder_key(doc: Document, label: Label) -> tuple[str, str, str]:
    """(key, readable name, kind) of who applies ``label``."""
    if label.extra.get("authorial"):
        src = doc.source or label.extra.get("holder_text") or NO_SOURCE
        return f"{AUTHORIAL} {src}", src, "outlet"
    h = label.holder
    if h is None:
        return UNKNOWN, UNKNOWN, "unknown"
    if h.entity is not None:
        e = doc.entity(h.entity)
        if e is not None:
            return (e.kb_id or _fold(e.name)), e.name, "entity"
    return _fold(h.text), h.text, "text"


def evidence(doc: Document, label: Label) -> Evidence:
    s0, s1 = label.label.start, label.label.end
    for s in doc.sentences:
        if s.start <= label.label.start < s.end:
            s0, s1 = s.start, s.end
            break
    _key, name, _kind = holder_key(doc, label)
    return Evidence(doc.id, doc.source, label.id, label.label.text, label.label.start,
                    label.label.end, doc.text[s0:s1].strip(), s0, s1, name,
                    label.target.text if label.target else None, label.quote,
                    bool(label.extra.get("authorial")))


def _group(pairs: list[tuple[Document, Label]],
           key_of: Callable[[Document, Label], tuple[str, str, str]]) -> list[Usage]:
    usages: dict[str, Usage] = {}
    for doc, lb in pairs:
        key, name, kind = key_of(doc, lb)
        usage = usages.setdefault(key, Usage(key, name, kind))
        lemma = lb.label.lemma
        lc = next((x for x in usage.labels if x.lemma == lemma), None)
        if lc is None:
            lc = LabelCount(lemma, lb.extra.get("polarity"), lb.extra.get("category"))
            usage.labels.append(lc)
        lc.count += 1
        lc.evidence.append(evidence(doc, lb))
    out = list(usages.values())
    for u in out:
        u.labels.sort(key=lambda lc: (-lc.count, lc.lemma))
    out.sort(key=lambda u: (-u.count, u.name))
    return out


def by_holder(documents: Iterable[Document], target: TargetSpec) -> list[Usage]:
    """Which labels each holder applies to ``target``, with counts and evidence."""
    return _group(labels_about(documents, target), holder_key)


def outlet_key(doc: Document, _label: Label) -> tuple[str, str, str]:
    src = doc.source or NO_SOURCE
    return src, src, "outlet"


def by_outlet(documents: Iterable[Document], target: TargetSpec) -> list[Usage]:
    """Which labels each outlet (``doc.source``) carries about ``target``: its own
    (authorial) and those it reports."""
    return _group(labels_about(documents, target), outlet_key)


def compare(documents: Iterable[Document], target: TargetSpec) -> FramingReport:
    """Both views at once (``documents`` may be a one-pass iterator)."""
    docs = list(documents)
    pairs = labels_about(docs, target)
    matched = len({doc.id for doc, _lb in pairs})
    name = target if isinstance(target, str) else getattr(target, "__name__", "target")
    return FramingReport(name, len(docs), matched, _group(pairs, holder_key),
                         _group(pairs, outlet_key))


def targets(documents: Iterable[Document]) -> list[tuple[str, int]]:
    """What the documents label, most labelled first: entity QIDs/names and group lemmas
    (a starting point for ``compare``)."""
    counts: dict[str, int] = {}
    for doc in documents:
        for lb in doc.labels:
            t = lb.target
            if t is None:
                continue
            key: str | None = None
            if t.entity is not None:
                e = doc.entity(t.entity)
                key = (e.kb_id or e.name) if e is not None else None
            if key is None:
                key = t.extra.get("group")
            if key is None:
                continue
            counts[key] = counts.get(key, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
