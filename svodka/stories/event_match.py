"""Whether two event mentions tell the same real-world event, and the clustering that
follows from it.

``pair_score`` gives ``None`` when the two cannot be one event (another PLOVER type,
negated vs asserted, dates that disagree, one participant the doer of one act and the
done-to of the other) and otherwise a score: points for what they share (participants,
place, date, related trigger words, the words of their sentences), points off for named
participants that differ and for another PLOVER mode. Participants match by archive entity
(one per Wikidata QID), by a person's surname, by shared content words, or as a country and
a place or body of that country; a role noun ("мэр", "полицейские") never counts against a
name, since articles name one victim differently. ``average_link`` merges clusters whose
mention pairs agree *on average*: one strong link between two acts of one incident (the
same trigger word) is not enough to glue their clusters together, and a single
contradiction between them keeps them apart.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

STEM = 4  # "убит" ~ "убийство"
DATE_SLACK = 1  # days: reports of one event may date it a day apart (time zones, night)
CONTEXT_SHARED = 0.2  # lemma Jaccard of the two sentences that counts as one more point
MIN_AVERAGE = 0.5  # mean agreement of two clusters' mention pairs to merge them
# participants that are the same whichever side of the verb they stand on
SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE"})


T = TypeVar("T")


@dataclass(frozen=True)
class Participant:
    """An event argument as far as identity goes: its archive entity (a Wikidata QID
    entity is one archive entity), what the entity is, and the content lemmas of its
    text. A participant without entity is *nominal* ("мэр", "полицейские")."""

    entity: Any = None
    kind: str | None = None  # PER / ORG / LOC / ...
    country: str | None = None  # alpha-2 of the entity, for countries, cities, organisations
    surname: frozenset[str] = frozenset()  # a person's surname forms
    initial: str | None = None  # ... and the initial of the given name
    words: frozenset[str] = frozenset()  # content lemmas of the argument text

    @property
    def named(self) -> bool:
        return self.entity is not None

    @property
    def known(self) -> bool:
        return self.named or bool(self.words)


class Comparable(Protocol):
    type: str
    mode: str | None
    modality: str
    date_value: str | None
    location: list[Participant]
    actors: list[Participant]
    recipients: list[Participant]
    context: frozenset[str]

    @property
    def lemma_value(self) -> str: ...  # the trigger's first lemma


def _identical(p: Participant, q: Participant) -> bool:
    if p.entity is not None and p.entity == q.entity:
        return True
    # one person as two archive entities ("Евгения Душко" / "Евгений Душко"): the same
    # surname and no other given name (Рауль / Фидель Кастро)
    return (p.kind == q.kind == "PER" and bool(p.surname & q.surname)
            and (p.initial is None or q.initial is None or p.initial == q.initial))


def _related(p: Participant, q: Participant) -> bool:
    """Weak identity: shared content words ("командующий войсками" / "главком Сухопутных
    войск"), or a country and something of that country ("Москва" / "Россия"). Two people
    who are not one share only name words (Рауль and Фидель Кастро)."""
    if p.kind == q.kind == "PER":
        return False
    if p.words & q.words or p.words & q.surname or p.surname & q.words:
        return True
    return (p.country is not None and p.country == q.country
            and "LOC" in (p.kind, q.kind) and (p.kind, q.kind) != ("PER", "PER"))


def participants(a: Sequence[Participant], b: Sequence[Participant]) -> int:
    """+2 one participant on both sides, +1 related ones, -1 named ones that differ,
    0 when either side is unknown or only described (a role noun may name anyone)."""
    a = [p for p in a if p.known]
    b = [q for q in b if q.known]
    if not a or not b:
        return 0
    if any(_identical(p, q) for p in a for q in b):
        return 2
    if any(_related(p, q) for p in a for q in b):
        return 1
    if any(p.named for p in a) and any(q.named for q in b):
        return -1
    return 0


def _date_parts(value: str | None) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) of a date value, None for what it leaves open ("XXXX-08-22")."""
    out: list[int | None] = []
    for part in ((value or "")[:10].split("-") + ["", "", ""])[:3]:
        out.append(int(part) if part.isdigit() else None)
    return out[0], out[1], out[2]


def dates(a: str | None, b: str | None) -> int | None:
    """None: the two dates disagree; 1: the same day; 0: nothing to compare."""
    (ya, ma, da), (yb, mb, db) = _date_parts(a), _date_parts(b)
    if ya is not None and yb is not None and abs(ya - yb) > 1:
        return None
    if ma is None or mb is None:
        return 0
    if da is not None and db is not None:
        # an open year is the other's, or the one next to it (31 December / 1 January)
        year = ya or yb or 2000
        shifts = (0,) if ya and yb else (-1, 0, 1)
        try:
            apart = min(abs((dt.date((ya or year) + (0 if ya else k), ma, da)
                             - dt.date((yb or year) + (k if ya else 0), mb, db)).days)
                        for k in shifts)
        except ValueError:  # 29 February of an open year, or a malformed value
            return 0
        return None if apart > DATE_SLACK else (1 if apart == 0 else 0)
    return None if ma != mb and (ya is None or yb is None or ya == yb) else 0


def related_triggers(a: str, b: str) -> bool:
    return a == b or (len(a) >= STEM and len(b) >= STEM and a[:STEM] == b[:STEM])


def _acts_on(a: Comparable, b: Comparable) -> bool:
    """Someone acts in ``a`` and is acted on in ``b``, with a known other on the far end of
    either (the attacker kills a passer-by / the police shoot the attacker)."""
    if not (any(p.known for p in a.recipients) or any(p.known for p in b.actors)):
        return False
    return any(_identical(p, q) for p in a.actors for q in b.recipients)


def _reversed(a: Comparable, b: Comparable) -> bool:
    """One participant is the doer of one act and the done-to of the other, with someone
    else on the other end of either, and nothing puts them on the same side. (Only one
    side named — "X was killed" / "X killed" — is as often a misread passive.)"""
    if a.type in SYMMETRIC_TYPES or not (_acts_on(a, b) or _acts_on(b, a)):
        return False
    same_side = (any(_identical(p, q) for p in a.actors for q in b.actors)
                 or any(_identical(p, q) for p in a.recipients for q in b.recipients))
    return not same_side


def pair_score(a: Comparable, b: Comparable) -> int | None:
    """Agreement points of two mentions, None when they cannot be one event."""
    if a.type != b.type or (a.modality == "negated") != (b.modality == "negated"):
        return None
    same_day = dates(a.date_value, b.date_value)
    if same_day is None or _reversed(a, b):
        return None
    score = same_day
    if a.mode and b.mode and a.mode != b.mode:
        # a phone call is not a visit, but modes are read off single trigger words
        # (a knife attack's "убил" may come out as firearms): a point against, no veto
        score -= 1
    if a.type in SYMMETRIC_TYPES:
        score += participants(a.actors + a.recipients, b.actors + b.recipients)
    else:
        score += participants(a.actors, b.actors) + participants(a.recipients, b.recipients)
    if participants(a.location, b.location) > 0:
        score += 1
    if related_triggers(a.lemma_value, b.lemma_value):
        score += 1
    if a.context and b.context:
        shared = len(a.context & b.context) / len(a.context | b.context)
        score += shared >= CONTEXT_SHARED
    return score


def average_link(items: Sequence[T], score: Callable[[T, T], int | None], min_best: float,
                 min_average: float | None = None) -> list[list[T]]:
    """Agglomerative clustering of ``items``: repeatedly merge the two clusters with the
    highest average pair score, provided it is at least ``min_average``, their best pair
    scores at least ``min_best`` and no pair of them is scored None (cannot be one). Ties
    go to the earliest items."""
    if min_average is None:
        min_average = MIN_AVERAGE
    n = len(items)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    total: dict[tuple[int, int], float] = {}
    best: dict[tuple[int, int], float] = {}
    heap: list[tuple[float, int, int]] = []
    for i in range(n):
        for j in range(i + 1, n):
            s = score(items[i], items[j])
            if s is None:
                continue  # no entry: blocked for good
            total[(i, j)] = best[(i, j)] = s
            if s >= min_average and s >= min_best:
                heapq.heappush(heap, (-float(s), i, j))
    while heap:
        neg, i, j = heapq.heappop(heap)
        if i not in members or j not in members or (i, j) not in total:
            continue
        if -neg != total[(i, j)] / (len(members[i]) * len(members[j])):
            continue  # stale: one side grew since this was pushed
        members[i] += members.pop(j)  # j's links fold into i
        for k in members:
            if k == i:
                continue
            ki, kj = (min(i, k), max(i, k)), (min(j, k), max(j, k))
            if ki not in total or kj not in total:
                total.pop(ki, None)
                total.pop(kj, None)
                continue
            total[ki] = total[ki] + total.pop(kj)
            best[ki] = max(best[ki], best.pop(kj))
            avg = total[ki] / (len(members[i]) * len(members[k]))
            if avg >= min_average and best[ki] >= min_best:
                heapq.heappush(heap, (-avg, *ki))
    return [[items[i] for i in sorted(m)] for m in sorted(members.values(), key=min)]
