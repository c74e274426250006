"""From an analysed Document to the rows of the archive tables (the same for both backends)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import zlib
from dataclasses import dataclass, field
from typing import Any

from svodka import __version__
from svodka.doc import Document, Record
from svodka.store.textindex import IndexText, index_text, match_key


def hash64(key: str) -> int:
    """A stable non-negative 63-bit id for a text key (entities, sources, errors)."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def content_hash(text: str) -> str:
    """Hash of the text with whitespace runs collapsed: equal texts are exact duplicates."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()


def current_analyser() -> str:
    return f"svodka {__version__}"


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def entity_key(type_: str, name: str, kb_id: str | None) -> str:
    """One archive entity per Wikidata QID, else per type and normalised name."""
    if kb_id:
        return kb_id
    return f"{type_}:{' '.join(name.lower().replace('ё', 'е').split())}"


def source_key(name: str) -> str:
    return " ".join(name.lower().split())


@dataclass
class ArchiveRecord:
    """An analysed document ready to store, with what ingest knows about where it came from."""

    doc: Document
    origin: str | None = None
    content_hash: str = ""
    minhash: bytes | None = None  # datasketch MinHash values (uint32), None: no near-dup check
    index: IndexText | None = None

    def __post_init__(self) -> None:
        if not self.content_hash:
            self.content_hash = content_hash(self.doc.text)

    def index_text(self) -> IndexText:
        if self.index is None:
            self.index = index_text(self.doc.title, self.doc.text)
        return self.index


@dataclass
class DocumentRows:
    """Rows of one document for every table except documents/search (which need the key)."""

    entities: list[tuple] = field(default_factory=list)
    document_entities: list[tuple] = field(default_factory=list)
    mentions: list[tuple] = field(default_factory=list)
    dates: list[tuple] = field(default_factory=list)
    quotes: list[tuple] = field(default_factory=list)
    events: list[tuple] = field(default_factory=list)
    event_arguments: list[tuple] = field(default_factory=list)
    labels: list[tuple] = field(default_factory=list)


COLUMNS: dict[str, tuple[str, ...]] = {
    "entities": ("id", "key", "type", "name", "kb_id", "country", "name_lemmas"),
    "document_entities": ("doc", "local_id", "entity_id", "type", "name", "mention_count"),
    "mentions": ("doc", "entity_id", "char_start", "char_end", "text", "kind"),
    "dates": ("doc", "local_id", "char_start", "char_end", "text", "value", "granularity",
              "end_value"),
    "quotes": ("doc", "local_id", "kind", "char_start", "char_end", "text", "speaker_entity",
               "speaker_text", "speaker_lemmas", "cue_lemma"),
    "events": ("doc", "local_id", "type", "mode", "modality", "trigger_start", "trigger_end",
               "trigger_text", "date_value", "day", "location_entity", "location_text",
               "location_country", "actor_country", "reported_by"),
    "event_arguments": ("doc", "event_local_id", "role", "position", "entity_id", "char_start",
                        "char_end", "text"),
    "labels": ("doc", "local_id", "char_start", "char_end", "label_text", "label_lemma",
               "holder_entity", "holder_text", "holder_lemmas", "target_entity", "target_text",
               "target_lemmas", "quote_local_id"),
}

DOCUMENT_COLUMNS = ("doc", "id", "content_hash", "source_id", "url", "title", "published",
                    "published_day", "language", "schema", "analyser", "origin", "ingested_at",
                    "analysed_at", "near_duplicate_of", "near_duplicate_similarity", "minhash")
CONTENT_COLUMNS = ("doc", "text", "analysis")

_DAY = re.compile(r"^(\d{4}|XXXX)(?:-(\d{2}|XX))?(?:-(\d{2}|XX))?")
_NAME_KEYS: dict[str, str] = {}


def _name_key(name: str) -> str:
    found = _NAME_KEYS.get(name)
    if found is None:
        if len(_NAME_KEYS) > 200_000:
            _NAME_KEYS.clear()
        found = _NAME_KEYS[name] = match_key(name)
    return found


def published_day(published: str | None) -> str | None:
    if not published:
        return None
    day = published[:10]
    try:
        dt.date.fromisoformat(day)
    except ValueError:
        return None
    return day


def resolve_day(value: str | None, published: str | None) -> str | None:
    """A date value as YYYY-MM-DD (first day of a month or year), unknown parts taken from
    the publication date; the publication day when the value says nothing usable."""
    pub = published_day(published)
    if not value:
        return pub
    m = _DAY.match(value)
    if not m:
        return pub
    year, month, day = m.group(1), m.group(2), m.group(3)
    if year == "XXXX":
        if pub is None:
            return None
        year = pub[:4]
    month = month if month and month != "XX" else "01"
    day = day if day and day != "XX" else "01"
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return pub


_PLANS: dict[type, tuple[tuple[str, bool], ...]] = {}


def _plan(cls: type) -> tuple[tuple[str, bool], ...]:
    plan = _PLANS.get(cls)
    if plan is None:
        lists: frozenset[str] = getattr(cls, "_lists", frozenset())
        plan = tuple((f.name, f.name in lists) for f in dataclasses.fields(cls)
                     if f.name != "extra" and f.metadata.get("serialize", True))
        _PLANS[cls] = plan
    return plan


def record_dict(obj: Record) -> dict[str, Any]:
    """``Record.to_dict`` with the field lists cached (4x faster; the store serialises
    every document). Classes that override ``to_dict`` (other than Document, whose override
    only orders keys) are serialised by their own method."""
    cls = type(obj)
    if cls.to_dict is not Record.to_dict and cls is not Document:
        return obj.to_dict()
    out: dict[str, Any] = {}
    for name, is_list in _plan(cls):
        value = getattr(obj, name)
        if is_list:
            out[name] = [record_dict(v) if isinstance(v, Record) else v for v in value]
        elif isinstance(value, Record):
            out[name] = record_dict(value)
        else:
            out[name] = value
    extra = getattr(obj, "extra", None)
    if extra:
        for key, value in extra.items():
            out.setdefault(key, value)
    return out


def analysis_json(doc: Document) -> str:
    """The document without its text, as compact JSON (text is stored in its own column)."""
    data = record_dict(doc)
    data.pop("text", None)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def pack_analysis(doc: Document) -> bytes:
    """The analysis as stored: zlib-compressed JSON (a third of the size of the JSON)."""
    return zlib.compress(analysis_json(doc).encode("utf-8"), 3)


def unpack_analysis(blob: bytes | memoryview) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(zlib.decompress(bytes(blob)))
    return data


def document_from_row(text: str, analysis: bytes | memoryview) -> Document:
    data = unpack_analysis(analysis)
    data["text"] = text
    return Document.from_dict(data)


def document_rows(doc: Document, key: int) -> DocumentRows:
    """Rows for the analysis layers of ``doc`` stored under archive key ``key``."""
    rows = DocumentRows()
    global_ids: dict[str, int] = {}
    countries: dict[str, str | None] = {}
    for e in doc.entities:
        ekey = entity_key(e.type, e.name, e.kb_id)
        gid = hash64(ekey)
        global_ids[e.id] = gid
        countries[e.id] = e.country
        rows.entities.append((gid, ekey, e.type, e.name, e.kb_id, e.country, _name_key(e.name)))
        rows.document_entities.append((key, e.id, gid, e.type, e.name, len(e.mentions)))
        for m in e.mentions:
            rows.mentions.append((key, gid, m.start, m.end, m.text, m.kind))
    for d in doc.dates:
        rows.dates.append((key, d.id, d.start, d.end, d.text, d.value, d.granularity,
                           d.end_value))
    for q in doc.quotes:
        sp = q.speaker
        speaker_id = global_ids.get(sp.entity) if sp and sp.entity else None
        speaker_lemmas = match_key(sp.text) if sp else ""
        if sp and sp.entity and sp.entity in global_ids:
            ent = doc.entity(sp.entity)
            if ent is not None:
                speaker_lemmas = (speaker_lemmas.rstrip() + _name_key(ent.name)) or ""
        rows.quotes.append((key, q.id, q.kind, q.start, q.end, q.text, speaker_id,
                            sp.text if sp else None, speaker_lemmas,
                            q.cue.lemma if q.cue else None))
    dates = {d.id: d for d in doc.dates}
    for v in doc.events:
        date = dates.get(v.date) if v.date else None
        loc = v.location
        loc_id = global_ids.get(loc.entity) if loc and loc.entity else None
        loc_country = countries.get(loc.entity) if loc and loc.entity else None
        actor_country = next((countries[a.entity] for a in v.actors
                              if a.entity and countries.get(a.entity)), None)
        rows.events.append((key, v.id, v.type, v.mode, v.modality, v.trigger.start,
                            v.trigger.end, v.trigger.text, date.value if date else None,
                            resolve_day(date.value if date else None, doc.published),
                            loc_id, loc.text if loc else None, loc_country, actor_country,
                            v.reported_by))
        for role, args in (("actor", v.actors), ("recipient", v.recipients),
                           ("location", [loc] if loc else [])):
            for i, a in enumerate(args):
                rows.event_arguments.append((key, v.id, role, i,
                                             global_ids.get(a.entity) if a.entity else None,
                                             a.start, a.end, a.text))
    for lb in doc.labels:
        holder, target = lb.holder, lb.target
        rows.labels.append((
            key, lb.id, lb.label.start, lb.label.end, lb.label.text, lb.label.lemma,
            global_ids.get(holder.entity) if holder and holder.entity else None,
            holder.text if holder else None, _argument_key(doc, holder),
            global_ids.get(target.entity) if target and target.entity else None,
            target.text if target else None, _argument_key(doc, target), lb.quote))
    return rows


def _argument_key(doc: Document, arg: Any) -> str:
    if arg is None:
        return ""
    key = match_key(arg.text)
    if arg.entity:
        ent = doc.entity(arg.entity)
        if ent is not None:
            key = key.rstrip() + _name_key(ent.name) if key else _name_key(ent.name)
    return key


def document_row(record: ArchiveRecord, key: int, source_id: int | None,
                 near_duplicate_of: int | None, similarity: float | None,
                 ingested_at: str) -> tuple[tuple, tuple]:
    """The ``documents`` row and the ``document_content`` row of a record."""
    doc = record.doc
    return ((key, doc.id, record.content_hash, source_id, doc.url, doc.title, doc.published,
             published_day(doc.published), doc.language, doc.schema,
             str(doc.extra.get("analyser") or current_analyser()), record.origin, ingested_at,
             ingested_at, near_duplicate_of, similarity, record.minhash),
            (key, doc.text, pack_analysis(doc)))
