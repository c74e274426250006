"""Event merging: the event mentions of a story's documents that tell the same real-world
event become one cluster.

Two mentions can be the same event when they have the same PLOVER type, the same modality
class (a negated event is never the same as an asserted one), and nothing contradicts it:
explicit dates more than ``DATE_SLACK`` days apart, or one side's actor being the other's
recipient and vice versa. Agreement is counted: a shared actor, a shared recipient, the
same place, the same explicit date, related trigger words (one lemma, or a common stem of
``STEM`` letters: "убит" ~ "убийство"); actors or recipients with nothing in common count
against. (Disjoint recipients as a hard conflict, ``RECIPIENT_CLASH``, cost more recall
than they saved precision on the dev set: articles name one victim differently — "мэр
Сергиева Посада", "Душко", "глава администрации".) Arguments are compared by archive entity, else by their
content lemmas (pronouns say nothing). A mention joins the cluster it agrees with most (at
least ``MIN_EVIDENCE``) whose members it contradicts none of, so that a chain of weak links
cannot glue two events together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from svodka.store.base import Store
from svodka.store.textindex import lemma_words
from svodka.stories.features import _chunks

DATE_SLACK = 1
MIN_EVIDENCE = 1
STEM = 4
RECIPIENT_CLASH = False
# lemmas that name no one in particular: an argument made of them is unknown
_VAGUE = frozenset("""
он она оно они я мы ты вы себя свой это этот тот который кто что весь сам такой
человек люди один два три несколько более менее
""".split())


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
    location: frozenset[Any] | None = None
    location_text: str | None = None
    actors: set[Any] = field(default_factory=set)
    recipients: set[Any] = field(default_factory=set)
    actor_names: list[str] = field(default_factory=list)
    recipient_names: list[str] = field(default_factory=list)

    @property
    def lemma(self) -> str:
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


def _arg_keys(entity: int | None, text: str) -> set[Any]:
    """What identifies an argument: its entity, and the content lemmas of its text."""
    keys: set[Any] = {w for w in lemma_words(text) if len(w) >= 3 and w not in _VAGUE
                      and not w.isdigit()}
    if entity is not None:
        keys.add(entity)
    return keys


def load_mentions(store: Store, docs: Sequence[int]) -> list[Mention]:
    """The event mentions of documents ``docs`` from the archive tables."""
    out: dict[tuple[int, str], Mention] = {}
    for chunk in _chunks(list(docs)):
        marks = ", ".join("?" * len(chunk))
        for (doc, lid, type_, mode, modality, trigger, start, value, day, loc,
             loc_text) in store.rows(
                "SELECT doc, local_id, type, mode, modality, trigger_text, trigger_start, "
                "date_value, day, location_entity, location_text FROM events "
                f"WHERE doc IN ({marks})", chunk):
            out[(doc, lid)] = Mention(doc, lid, type_, mode, modality, trigger, start, value,
                                      day, None, loc_text)
            place = _arg_keys(loc, loc_text or "")
            out[(doc, lid)].location = frozenset(place) if place else None
        for doc, lid, role, entity, text in store.rows(
                "SELECT doc, event_local_id, role, entity_id, text FROM event_arguments "
                f"WHERE doc IN ({marks}) ORDER BY doc, event_local_id, role, position", chunk):
            m = out.get((doc, lid))
            if m is None or role == "location":
                continue
            target, names = ((m.actors, m.actor_names) if role == "actor"
                             else (m.recipients, m.recipient_names))
            target.update(_arg_keys(entity, text))
            names.append(text)
    return sorted(out.values(), key=lambda m: (m.doc, m.trigger_start))


def _modality_class(m: Mention) -> str:
    return "negated" if m.modality == "negated" else "other"


def _days_apart(a: str, b: str) -> int:
    try:
        return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)
    except ValueError:
        return 0


def related(a: str, b: str) -> bool:
    return a == b or (len(a) >= STEM and len(b) >= STEM and a[:STEM] == b[:STEM])


def conflict(a: Mention, b: Mention) -> bool:
    if a.type != b.type or _modality_class(a) != _modality_class(b):
        return True
    da, db = a.explicit_day, b.explicit_day
    if da and db and _days_apart(da, db) > DATE_SLACK:
        return True
    if RECIPIENT_CLASH and a.recipients and b.recipients and not a.recipients & b.recipients:
        return True
    # the same participant on opposite sides: another event (A attacks B / B attacks A)
    return bool(a.actors & b.recipients and a.recipients & b.actors
                and not a.actors & b.actors)


def evidence(a: Mention, b: Mention) -> int:
    score = 0
    if a.actors and b.actors:
        score += 1 if a.actors & b.actors else -1
    if a.recipients and b.recipients:
        score += 1 if a.recipients & b.recipients else -1
    if a.location and b.location and a.location & b.location:
        score += 1
    if a.explicit_day and a.explicit_day == b.explicit_day:
        score += 1
    if related(a.lemma, b.lemma):
        score += 1
    return score


def merge(mentions: Sequence[Mention], min_evidence: int = MIN_EVIDENCE
          ) -> list[EventCluster]:
    """Greedy clustering in reading order: each mention joins the compatible cluster it
    agrees with most (at least ``min_evidence``), else starts a new one."""
    clusters: list[EventCluster] = []
    for m in mentions:
        best, best_score = None, min_evidence - 1
        for c in clusters:
            if c.type != m.type or any(conflict(m, o) for o in c.mentions):
                continue
            score = max(evidence(m, o) for o in c.mentions)
            if score >= min_evidence and score > best_score:
                best, best_score = c, score
        if best is None:
            clusters.append(EventCluster([m]))
        else:
            best.mentions.append(m)
    return clusters


def story_events(store: Store, docs: Sequence[int]) -> list[EventCluster]:
    """The merged events of a story's documents, in time order (undated last)."""
    clusters = merge(load_mentions(store, docs))
    return sorted(clusters, key=lambda c: (c.day is None, c.day or "", -len(c.mentions)))
