"""Event merging: the event mentions of a story's documents that tell the same real-world
event become one cluster.

Each mention is read from the archive with what identifies its participants (archive
entity, entity type and country, surname, content lemmas: ``event_match.Participant``),
its date value, mode, place, trigger lemma and the content lemmas of its sentence.
Mentions of one PLOVER type are then clustered by average link over
``event_match.pair_score`` (see there for what agrees and what contradicts).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from svodka.store.base import Store
from svodka.store.textindex import STOPWORDS, lemma_words
from svodka.stories.event_match import Participant, average_link, pair_score
from svodka.stories.features import _chunks

MIN_EVIDENCE = 1  # points of the best-agreeing pair of two clusters to merge them
SURNAME_STEM = 4
MAX_GROUP = 300  # mentions of one type clustered together (pairwise cost)
# lemmas that name no one in particular: an argument made of them is unknown
_VAGUE = frozenset("""
он она оно они я мы ты вы себя свой это этот тот который кто что весь сам такой
человек люди один два три несколько более менее
""".split())
_SENTENCE_END = re.compile(r"[.!?…]+[\s\"»)]*(?=[\s\"«(]*[A-ZА-ЯЁ0-9])|\n\s*\n")


@dataclass
class Mention:
    doc: int
    local_id: str
    type: str
    mode: str | None
    modality: str
    trigger: str
    trigger_start: int
    date_value: str | None  # the event's own date expression, if any
    day: str | None  # its day (own date, else the publication day)
    location: list[Participant] = field(default_factory=list)
    location_text: str | None = None
    actors: list[Participant] = field(default_factory=list)
    recipients: list[Participant] = field(default_factory=list)
    actor_names: list[str] = field(default_factory=list)
    recipient_names: list[str] = field(default_factory=list)
    context: frozenset[str] = frozenset()  # content lemmas of the sentence

    @cached_property
    def lemma_value(self) -> str:
        words = lemma_words(self.trigger)
        return words[0] if words else self.trigger.lower()

    @property
    def explicit_day(self) -> str | None:
        v = self.date_value or ""
        return v[:10] if len(v) >= 10 and v[:4].isdigit() and v[5:7].isdigit() \
            and v[8:10].isdigit() else None

    def to_dict(self, doc_ids: dict[int, str]) -> dict[str, Any]:
        return {"document": doc_ids.get(self.doc, str(self.doc)), "event": self.local_id,
                "type": self.type, "mode": self.mode, "modality": self.modality,
                "trigger": self.trigger, "day": self.day, "actors": self.actor_names,
                "recipients": self.recipient_names, "location": self.location_text}


@dataclass
class EventCluster:
    mentions: list[Mention]

    @property
    def type(self) -> str:
        return self.mentions[0].type

    @property
    def day(self) -> str | None:
        own = sorted(m.explicit_day for m in self.mentions if m.explicit_day)
        if own:
            return own[0]
        days = sorted(m.day for m in self.mentions if m.day)
        return days[0] if days else None

    @property
    def documents(self) -> list[int]:
        return sorted({m.doc for m in self.mentions})

    def to_dict(self, doc_ids: dict[int, str], sources: dict[int, str | None]
                ) -> dict[str, Any]:
        def most(values: list[str]) -> list[str]:
            seen: dict[str, int] = {}
            for v in values:
                seen[v] = seen.get(v, 0) + 1
            return [v for v, _ in sorted(seen.items(), key=lambda kv: -kv[1])][:4]

        return {"type": self.type, "day": self.day,
                "mode": next((m.mode for m in self.mentions if m.mode), None),
                "triggers": most([m.trigger for m in self.mentions]),
                "actors": most([a for m in self.mentions for a in m.actor_names]),
                "recipients": most([a for m in self.mentions for a in m.recipient_names]),
                "location": next((m.location_text for m in self.mentions if m.location_text),
                                 None),
                "mentions": len(self.mentions), "documents": len(self.documents),
                "sources": sorted({s for d in self.documents if (s := sources.get(d))}),
                "evidence": [m.to_dict(doc_ids) for m in self.mentions]}


def _content(text: str) -> frozenset[str]:
    return frozenset(w for w in lemma_words(text) if len(w) >= 3 and w not in _VAGUE
                     and w not in STOPWORDS and not w.isdigit())


def _surname_forms(name: str, lemmas: str) -> tuple[frozenset[str], str | None]:
    """A person's surname as the archive spells it (its word and lemma forms: "Евгения
    Душко" and "Евгений Душко" share "душко") and the initial of the given name, if any."""
    words = lemma_words(name)
    if len(words) < 2:
        return frozenset(), None
    last = words[-1]
    stem = last[:SURNAME_STEM]
    forms = {f for f in lemmas.split() if len(f) >= SURNAME_STEM and f.startswith(stem)}
    return frozenset(forms | {last}), words[0][:1]


def _participant(entity: Any, text: str, entities: dict[Any, tuple[str, str | None, str, str]]
                 ) -> Participant:
    words = _content(text)
    info = entities.get(entity) if entity is not None else None
    if info is None:
        return Participant(words=words)
    kind, country, name, lemmas = info
    surname, initial = _surname_forms(name, lemmas) if kind == "PER" else (frozenset(), None)
    return Participant(entity, kind, country, surname, initial, words)


def _sentence_ends(text: str) -> list[int]:
    return [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]


def load_mentions(store: Store, docs: Sequence[int]) -> list[Mention]:
    """The event mentions of documents ``docs`` from the archive tables."""
    out: dict[tuple[int, str], Mention] = {}
    for chunk in _chunks(list(docs)):
        marks = ", ".join("?" * len(chunk))
        entities: dict[Any, tuple[str, str | None, str, str]] = {
            eid: (kind, country, name, lemmas) for eid, kind, country, name, lemmas in store.rows(
                "SELECT id, type, country, name, name_lemmas FROM entities WHERE id IN ("
                f"SELECT entity_id FROM event_arguments WHERE doc IN ({marks}) UNION "
                f"SELECT location_entity FROM events WHERE doc IN ({marks}))",
                chunk + chunk)}
        texts: dict[int, str] = dict(store.rows(
            f"SELECT doc, text FROM document_content WHERE doc IN ({marks})", chunk))
        ends = {doc: _sentence_ends(text) for doc, text in texts.items()}
        sentences: dict[tuple[int, int], frozenset[str]] = {}
        for (doc, lid, type_, mode, modality, trigger, start, value, day, loc,
             loc_text) in store.rows(
                "SELECT doc, local_id, type, mode, modality, trigger_text, trigger_start, "
                "date_value, day, location_entity, location_text FROM events "
                f"WHERE doc IN ({marks})", chunk):
            m = out[(doc, lid)] = Mention(doc, lid, type_, mode, modality, trigger, start,
                                          value, day, location_text=loc_text)
            if loc is not None or loc_text:
                m.location.append(_participant(loc, loc_text or "", entities))
            if doc in texts:  # the words of its sentence, each sentence lemmatised once
                i = bisect.bisect_right(ends[doc], start)
                if (doc, i) not in sentences:
                    begin = ends[doc][i - 1] if i else 0
                    sentences[(doc, i)] = _content(texts[doc][begin:ends[doc][min(
                        i, len(ends[doc]) - 1)]])
                m.context = sentences[(doc, i)]
        for doc, lid, role, entity, text in store.rows(
                "SELECT doc, event_local_id, role, entity_id, text FROM event_arguments "
                f"WHERE doc IN ({marks}) ORDER BY doc, event_local_id, role, position", chunk):
            found = out.get((doc, lid))
            if found is None or role == "location":
                continue
            target, names = ((found.actors, found.actor_names) if role == "actor"
                             else (found.recipients, found.recipient_names))
            target.append(_participant(entity, text, entities))
            names.append(text)
    return sorted(out.values(), key=lambda m: (m.doc, m.trigger_start))


def merge(mentions: Sequence[Mention], min_evidence: int = MIN_EVIDENCE
          ) -> list[EventCluster]:
    """Mentions of each PLOVER type clustered by average link (``event_match``): two
    clusters merge when their pairs agree by ``MIN_AVERAGE`` points on average, their best
    pair by ``min_evidence``, and none of their pairs contradicts. A type with more than
    ``MAX_GROUP`` mentions is clustered in blocks of consecutive days. Clusters come in
    the order of their first mention."""
    by_type: dict[str, list[Mention]] = {}
    for m in mentions:
        by_type.setdefault(m.type, []).append(m)
    order = {id(m): i for i, m in enumerate(mentions)}
    clusters: list[EventCluster] = []
    for group in by_type.values():
        if len(group) > MAX_GROUP:
            group = sorted(group, key=lambda m: (m.day or "9999", order[id(m)]))
        for b in range(0, len(group), MAX_GROUP):
            for members in average_link(group[b:b + MAX_GROUP], pair_score, min_evidence):
                clusters.append(EventCluster(sorted(members, key=lambda m: order[id(m)])))
    return sorted(clusters, key=lambda c: order[id(c.mentions[0])])


def story_events(store: Store, docs: Sequence[int]) -> list[EventCluster]:
    """The merged events of a story's documents, in time order (undated last)."""
    clusters = merge(load_mentions(store, docs))
    return sorted(clusters, key=lambda c: (c.day is None, c.day or "", -len(c.mentions)))
