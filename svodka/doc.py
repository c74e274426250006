"""The svodka/1 document model: dataclasses for one analysed article.

Every extracted item points into ``Document.text`` by character offsets (Python ``str``
indices, end exclusive). ``to_dict``/``from_dict`` round-trip exactly: fields a newer
svodka adds are kept in ``extra`` so that an older reader does not drop them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

SCHEMA = "svodka/1"

ENTITY_TYPES = ("PER", "ORG", "LOC")
MENTION_KINDS = ("name", "acronym", "surname", "role", "pronoun", "demonym")
GRANULARITIES = ("day", "month", "year", "week", "part_of_day", "time", "interval",
                 "decade", "century", "season", "quarter")
QUOTE_KINDS = ("direct", "indirect", "mixed")
MODALITIES = ("asserted", "future", "hypothetical", "negated")
PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
                "MOBILIZE", "COERCE", "ASSAULT")

T = TypeVar("T", bound="Record")


class Record:
    """Mixin: dict round-trip for nested dataclasses, unknown keys kept in ``extra``."""

    # field name -> class of its items (for lists) or of its value (for nested objects)
    _nested: ClassVar[dict[str, type]] = {}
    _lists: ClassVar[frozenset[str]] = frozenset()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            if f.name == "extra" or not f.metadata.get("serialize", True):
                continue
            value = getattr(self, f.name)
            if f.name in self._lists:
                out[f.name] = [v.to_dict() if isinstance(v, Record) else v for v in value]
            elif isinstance(value, Record):
                out[f.name] = value.to_dict()
            else:
                out[f.name] = value
        extra = getattr(self, "extra", None)
        if extra:
            for key, value in extra.items():
                out.setdefault(key, value)
        return out

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        if not isinstance(data, dict):
            raise TypeError(f"{cls.__name__}: expected an object, got {type(data).__name__}")
        names = {f.name for f in dataclasses.fields(cls) if f.metadata.get("serialize", True)}  # type: ignore[arg-type]
        kwargs: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for key, value in data.items():
            if key not in names or key == "extra":
                extra[key] = value
                continue
            sub = cls._nested.get(key)
            if sub is not None and value is not None:
                if key in cls._lists:
                    value = [sub.from_dict(v) for v in value]  # type: ignore[attr-defined]
                else:
                    value = sub.from_dict(value)  # type: ignore[attr-defined]
            elif key in cls._lists and value is not None:
                value = list(value)
            kwargs[key] = value
        obj = cls(**kwargs)
        if extra:
            obj.extra = extra  # type: ignore[attr-defined]
        return obj


@dataclass
class Span(Record):
    """A piece of the text: ``text == document.text[start:end]``."""

    start: int
    end: int
    text: str
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class Sentence(Record):
    start: int
    end: int
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class Mention(Record):
    start: int
    end: int
    text: str
    kind: str = "name"
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class Entity(Record):
    _nested: ClassVar[dict[str, type]] = {"mentions": Mention}
    _lists: ClassVar[frozenset[str]] = frozenset({"mentions"})

    id: str
    type: str
    name: str
    kb_id: str | None = None
    country: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class DateExpr(Record):
    id: str
    start: int
    end: int
    text: str
    value: str | None
    granularity: str = "day"
    end_value: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class Argument(Record):
    """A participant: a span of text, joined to an entity where one is known."""

    entity: str | None
    start: int
    end: int
    text: str
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class LemmaSpan(Record):
    """A span with its lemma (speech cues, label phrases)."""

    start: int
    end: int
    text: str
    lemma: str
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class Quote(Record):
    _nested: ClassVar[dict[str, type]] = {"speaker": Argument, "cue": LemmaSpan}

    id: str
    kind: str
    start: int
    end: int
    text: str
    speaker: Argument | None = None
    cue: LemmaSpan | None = None
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class Event(Record):
    _nested: ClassVar[dict[str, type]] = {"trigger": Span, "actors": Argument,
                                          "recipients": Argument, "location": Argument}
    _lists: ClassVar[frozenset[str]] = frozenset({"actors", "recipients"})

    id: str
    type: str
    trigger: Span
    mode: str | None = None
    actors: list[Argument] = field(default_factory=list)
    recipients: list[Argument] = field(default_factory=list)
    location: Argument | None = None
    date: str | None = None
    modality: str = "asserted"
    reported_by: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class Label(Record):
    _nested: ClassVar[dict[str, type]] = {"holder": Argument, "target": Argument,
                                          "label": LemmaSpan}

    id: str
    holder: Argument | None
    target: Argument | None
    label: LemmaSpan
    quote: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class Document(Record):
    _nested: ClassVar[dict[str, type]] = {
        "sentences": Sentence, "entities": Entity, "dates": DateExpr, "quotes": Quote,
        "events": Event, "labels": Label, "set_aside": Span}
    _lists: ClassVar[frozenset[str]] = frozenset(
        {"sentences", "entities", "dates", "quotes", "events", "labels", "set_aside"})

    text: str
    id: str = ""
    schema: str = SCHEMA
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    language: str = "ru"
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    dates: list[DateExpr] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    # lines kept out of the analysis (photo credits, bylines), each with extra["reason"]
    set_aside: list[Span] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict, repr=False)
    # working state of the pipeline (prepared text, parse); never serialised
    state: dict[str, Any] = field(default_factory=dict, repr=False, compare=False,
                                  metadata={"serialize": False})

    def __post_init__(self) -> None:
        if not self.id:
            self.id = document_id(self.text, self.source)

    # -- JSON ---------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        # keep the schema's key order: identity first, then text, then layers
        order = ["schema", "id", "source", "url", "title", "published", "language", "text"]
        return {**{k: data[k] for k in order}, **{k: v for k, v in data.items() if k not in order}}

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_json(cls, raw: str) -> Document:
        return cls.from_dict(json.loads(raw))

    # -- lookups ------------------------------------------------------------------------
    def entity(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    def validate(self) -> list[str]:
        """Return every problem found (empty list = valid): offsets, texts, id references."""
        return list(_problems(self))


def document_id(text: str, source: str | None = None) -> str:
    return hashlib.sha1(((source or "") + "\x00" + text).encode("utf-8")).hexdigest()


def _span_problems(doc: Document, where: str, span: Any) -> list[str]:
    out = []
    n = len(doc.text)
    if not (0 <= span.start <= span.end <= n):
        return [f"{where}: offsets {span.start}:{span.end} outside text of length {n}"]
    text = getattr(span, "text", None)
    if text is not None and doc.text[span.start:span.end] != text:
        out.append(f"{where}: text {text!r} != text[{span.start}:{span.end}] "
                   f"{doc.text[span.start:span.end]!r}")
    return out


def _problems(doc: Document) -> Any:
    if doc.schema != SCHEMA:
        yield f"schema {doc.schema!r} is not {SCHEMA!r}"
    for i, s in enumerate(doc.sentences):
        yield from _span_problems(doc, f"sentences[{i}]", s)
    for i, aside in enumerate(doc.set_aside):
        yield from _span_problems(doc, f"set_aside[{i}]", aside)
    ids: dict[str, set[str]] = {"entity": set(), "date": set(), "quote": set()}
    seen: set[str] = set()
    for kind, items in (("entity", doc.entities), ("date", doc.dates), ("quote", doc.quotes),
                        ("event", doc.events), ("label", doc.labels)):
        for item in items:
            if item.id in seen:
                yield f"duplicate id {item.id!r}"
            seen.add(item.id)
            if kind in ids:
                ids[kind].add(item.id)
    for e in doc.entities:
        if e.type not in ENTITY_TYPES:
            yield f"entity {e.id}: unknown type {e.type!r}"
        for j, m in enumerate(e.mentions):
            yield from _span_problems(doc, f"entity {e.id} mention {j}", m)
            if m.kind not in MENTION_KINDS:
                yield f"entity {e.id} mention {j}: unknown kind {m.kind!r}"
    for d in doc.dates:
        yield from _span_problems(doc, f"date {d.id}", d)
        if d.granularity not in GRANULARITIES:
            yield f"date {d.id}: unknown granularity {d.granularity!r}"

    def arg(where: str, a: Argument | None) -> Any:
        if a is None:
            return
        yield from _span_problems(doc, where, a)
        if a.entity is not None and a.entity not in ids["entity"]:
            yield f"{where}: unknown entity {a.entity!r}"

    for q in doc.quotes:
        yield from _span_problems(doc, f"quote {q.id}", q)
        if q.kind not in QUOTE_KINDS:
            yield f"quote {q.id}: unknown kind {q.kind!r}"
        yield from arg(f"quote {q.id} speaker", q.speaker)
        if q.cue is not None:
            yield from _span_problems(doc, f"quote {q.id} cue", q.cue)
    for v in doc.events:
        if v.type not in PLOVER_TYPES:
            yield f"event {v.id}: unknown type {v.type!r}"
        if v.modality not in MODALITIES:
            yield f"event {v.id}: unknown modality {v.modality!r}"
        yield from _span_problems(doc, f"event {v.id} trigger", v.trigger)
        for a in v.actors:
            yield from arg(f"event {v.id} actor", a)
        for a in v.recipients:
            yield from arg(f"event {v.id} recipient", a)
        yield from arg(f"event {v.id} location", v.location)
        if v.date is not None and v.date not in ids["date"]:
            yield f"event {v.id}: unknown date {v.date!r}"
        if v.reported_by is not None and v.reported_by not in ids["quote"]:
            yield f"event {v.id}: unknown quote {v.reported_by!r}"
    for lb in doc.labels:
        yield from arg(f"label {lb.id} holder", lb.holder)
        yield from arg(f"label {lb.id} target", lb.target)
        yield from _span_problems(doc, f"label {lb.id} label", lb.label)
        if lb.quote is not None and lb.quote not in ids["quote"]:
            yield f"label {lb.id}: unknown quote {lb.quote!r}"
