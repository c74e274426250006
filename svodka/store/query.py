"""Questions to the archive: search, quotes, events, labels and entity profiles.

Every function takes an open ``Store`` and returns plain dataclasses (``to_dict()`` gives
JSON-ready dicts), so the command line and the web API share them. User input never
becomes SQL text: names and phrases are lemmatised into words of letters and digits and
bound as parameters; bad filters raise ``QueryError`` with a one-line message.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from svodka.doc import ENTITY_TYPES, PLOVER_TYPES
from svodka.store.base import Store
from svodka.store.fts import QueryError, parse_query
from svodka.store.rows import unpack_analysis
from svodka.store.textindex import query_lemma_sets, snippet

__all__ = ["QueryError", "search", "quotes", "events", "labels", "entity_profile",
           "resolve_entities", "SearchResults", "SearchHit", "QuoteRow", "EventRow",
           "LabelRow", "EntityRef", "EntityProfile", "parse_day"]

MAX_LIMIT = 1000
COUNT_LIMIT = 10_000  # search counts matches up to this many (exact counts cost a full scan)
_QID = re.compile(r"^Q\d+$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


class _Row:
    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload, no-any-return]


@dataclass
class EntityRef(_Row):
    id: int
    key: str
    type: str
    name: str
    kb_id: str | None
    country: str | None
    documents: int = 0


@dataclass
class SearchHit(_Row):
    id: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    score: float
    snippet: str
    highlights: list[tuple[int, int]]
    near_duplicate_of: str | None = None


@dataclass
class SearchResults(_Row):
    query: str
    total: int  # matching documents, counted up to COUNT_LIMIT
    hits: list[SearchHit] = field(default_factory=list)
    entities: list[EntityRef] = field(default_factory=list)  # what --entity resolved to
    total_is_lower_bound: bool = False  # more than COUNT_LIMIT documents match


@dataclass
class DocRef(_Row):
    document: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None


@dataclass
class QuoteRow(_Row):
    quote: str  # local id in the document
    kind: str
    text: str
    speaker: str | None  # entity name, else the speaker's words
    speaker_kb_id: str | None
    speaker_text: str | None
    cue: str | None
    doc: DocRef


@dataclass
class EventRow(_Row):
    event: str
    type: str
    mode: str | None
    modality: str
    trigger: str
    day: str | None
    date_value: str | None
    actors: list[str]
    recipients: list[str]
    location: str | None
    location_kb_id: str | None
    country: str | None
    reported_by: str | None
    evidence: str | None
    doc: DocRef


@dataclass
class LabelRow(_Row):
    label_id: str
    label: str
    lemma: str
    holder: str | None
    holder_kb_id: str | None
    target: str | None
    target_kb_id: str | None
    quote: str | None
    doc: DocRef


@dataclass
class EntityProfile(_Row):
    entity: EntityRef
    alternatives: list[EntityRef]
    documents: int
    mentions: int
    timeline: list[dict[str, Any]]  # {"month": "2022-01" or None, "documents", "mentions"}
    quotes: list[QuoteRow]
    labels_by: list[LabelRow]
    labels_about: list[LabelRow]
    events: list[EventRow]


# -- filters ------------------------------------------------------------------------------

def parse_day(value: str | None, *, end: bool = False, name: str = "date") -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD as a day (the first, or with ``end`` the last, day)."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return f"{text}-12-31" if end else f"{text}-01-01"
        if re.fullmatch(r"\d{4}-\d{2}", text):
            first = dt.date.fromisoformat(text + "-01")
            if not end:
                return first.isoformat()
            nxt = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            return (nxt - dt.timedelta(days=1)).isoformat()
        return dt.date.fromisoformat(text[:10]).isoformat() if len(text) == 10 else _bad(
            name, text)
    except ValueError:
        return _bad(name, text)


def _bad(name: str, text: str) -> str:
    raise QueryError(f"{name}: expected a date like 2022-01-05 (or 2022-01, 2022), got {text!r}")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """User input without control characters (PostgreSQL refuses NUL in text)."""
    return _CONTROL.sub(" ", text)


def clamp_limit(limit: int) -> int:
    if limit < 1:
        raise QueryError(f"limit must be at least 1, got {limit}")
    return min(limit, MAX_LIMIT)


def _like_words(column: str, text: str) -> tuple[str, list[Any]]:
    """SQL requiring every word of ``text`` (in any of its forms) in a padded lemma column."""
    sets = query_lemma_sets(text)
    if not sets:
        raise QueryError(f"{text!r} has no words to look for")
    conds, params = [], []
    for forms in sets:
        conds.append("(" + " OR ".join(f"{column} LIKE ? ESCAPE '\\'" for _ in forms) + ")")
        params += [f"% {_escape_like(f)} %" for f in sorted(forms)]
    return " AND ".join(conds), params


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def date_filter(column: str, date_from: str | None, date_to: str | None
                 ) -> list[tuple[str, list[Any]]]:
    out: list[tuple[str, list[Any]]] = []
    start = parse_day(date_from, name="--from")
    stop = parse_day(date_to, end=True, name="--to")
    if start and stop and start > stop:
        raise QueryError(f"--from {start} is after --to {stop}")
    if start:
        out.append((f"{column} >= ?", [start]))
    if stop:
        out.append((f"{column} <= ?", [stop]))
    return out


def source_filter(source: str | None) -> list[tuple[str, list[Any]]]:
    if not source:
        return []
    key = " ".join(clean(source).lower().split())
    return [("d.source_id IN (SELECT id FROM sources WHERE key = ?)", [key])]


def resolve_entities(store: Store, text: str, type: str | None = None, limit: int = 50
                     ) -> list[EntityRef]:
    """Archive entities named by ``text``: a Wikidata QID, an entity key, or a name in any
    form ("Токаева" finds "Касым-Жомарт Токаев"); most documented first."""
    text = clean(text).strip()
    if not text:
        raise QueryError("empty entity name")
    if type is not None and type not in ENTITY_TYPES:
        raise QueryError(f"unknown entity type {type!r} (use {', '.join(ENTITY_TYPES)})")
    if _QID.match(text):
        cond, params = "e.kb_id = ?", [text]
    else:
        like, like_params = _like_words("e.name_lemmas", text)
        cond, params = f"(e.key = ? OR ({like}))", [text, *like_params]
    if type:
        cond += " AND e.type = ?"
        params.append(type)
    found = store.rows(
        "SELECT e.id, e.key, e.type, e.name, e.kb_id, e.country, "
        "(SELECT count(*) FROM document_entities de WHERE de.entity_id = e.id) AS n "
        f"FROM entities e WHERE {cond} ORDER BY n DESC, e.name LIMIT ?", [*params, limit])
    return [EntityRef(*r) for r in found]


def entity_ids_sql(refs: list[EntityRef]) -> tuple[str, list[Any]]:
    if not refs:
        return "(NULL)", []
    return "(" + ", ".join("?" * len(refs)) + ")", [r.id for r in refs]


# -- search -------------------------------------------------------------------------------

def search(store: Store, query: str, *, entity: str | None = None, type: str | None = None,
           date_from: str | None = None, date_to: str | None = None,
           source: str | None = None, limit: int = 10, offset: int = 0,
           near_duplicates: bool = False) -> SearchResults:
    """Documents matching ``query`` (lemmas: any word form), best first, with snippets.

    ``type`` is a PLOVER event type (documents with such an event) or an entity type
    (PER/ORG/LOC: how ``entity`` is resolved). Near-duplicates are left out unless asked.
    """
    parsed = parse_query(query or "")
    filters: list[tuple[str, list[Any]]] = []
    refs: list[EntityRef] = []
    entity_type = None
    if type:
        t = type.upper()
        if t in PLOVER_TYPES:
            filters.append(("{doc} IN (SELECT ev.doc FROM events ev WHERE ev.type = ?)",
                            [t]))
        elif t in ENTITY_TYPES:
            entity_type = t
        else:
            raise QueryError(f"unknown type {type!r}: a PLOVER event type "
                             f"({', '.join(PLOVER_TYPES)}) or an entity type (PER, ORG, LOC)")
    if entity:
        refs = resolve_entities(store, entity, entity_type)
        ids_sql, ids = entity_ids_sql(refs)
        filters.append((f"{{doc}} IN (SELECT de.doc FROM document_entities de "
                        f"WHERE de.entity_id IN {ids_sql})", ids))
    elif entity_type:
        filters.append(("{doc} IN (SELECT de.doc FROM document_entities de "
                        "WHERE de.type = ?)", [entity_type]))
    filters += date_filter("d.published_day", date_from, date_to)
    filters += source_filter(source)
    if not near_duplicates:
        filters.append(("{doc} NOT IN (SELECT doc FROM documents "
                        "WHERE near_duplicate_of IS NOT NULL)", []))
    if parsed.empty and not (entity or type or date_from or date_to or source):
        raise QueryError("empty query: give words to look for or a filter")
    if offset < 0:
        raise QueryError("offset must not be negative")
    found, total = store.search_keys(parsed, filters, clamp_limit(limit), offset, COUNT_LIMIT)
    keys = [k for k, _ in found]
    meta = store.documents(keys)
    texts = _texts(store, keys)
    forms = parsed.highlight_forms()
    hits = []
    for key, score in found:
        m = meta[key]
        snip = snippet(texts[key], forms)
        hits.append(SearchHit(m.id, m.title, m.source, m.url, m.published, round(score, 4),
                              snip.text, snip.highlights, m.near_duplicate_of))
    return SearchResults(query=query, total=total, hits=hits, entities=refs,
                         total_is_lower_bound=total >= COUNT_LIMIT)


def _texts(store: Store, keys: list[int]) -> dict[int, str]:
    if not keys:
        return {}
    marks = ", ".join("?" * len(keys))
    return dict(store.rows(f"SELECT doc, text FROM document_content WHERE doc IN ({marks})",
                           keys))  # type: ignore[arg-type]


# -- quotes, events, labels ----------------------------------------------------------------

_DOC_COLUMNS = "d.id, d.title, d.published, s.name, d.url"
_DOC_JOINS = "JOIN documents d ON d.doc = {t}.doc LEFT JOIN sources s ON s.id = d.source_id"
def _newest_first(store: Store) -> str:
    return f"d.published_day DESC{store.nulls_last}, d.doc DESC"


def where_clause(filters: list[tuple[str, list[Any]]]) -> tuple[str, list[Any]]:
    if not filters:
        return "", []
    return ("WHERE " + " AND ".join(f"({s})" for s, _ in filters),
            [p for _, ps in filters for p in ps])


def quotes(store: Store, *, speaker: str | None = None, date_from: str | None = None,
           date_to: str | None = None, source: str | None = None, limit: int = 20,
           offset: int = 0) -> list[QuoteRow]:
    """Quotes, newest first; ``speaker`` is a QID or a name in any form: the archive
    entities it names, or — when it names none — unresolved speakers' words ("глава МИД")."""
    first: list[tuple[str, list[Any]]] = []
    filters = date_filter("d.published_day", date_from, date_to) + source_filter(source)
    if speaker:
        by_entity, cond = _participant(store, speaker, "q", "speaker_entity", "speaker_lemmas")
        (first if by_entity else filters).append(cond)
    return _quotes(store, filters, limit, offset, first)


def _participant(store: Store, name: str, alias: str, entity_column: str, lemma_column: str
                 ) -> tuple[bool, tuple[str, list[Any]]]:
    """A condition on who speaks, labels or is labelled: by archive entity (indexed; True,
    on alias ``x`` of :func:`_narrowed`) when the name resolves to some, else by the words
    of the participant's text (a scan; False, on the query's own ``alias``)."""
    refs = resolve_entities(store, name)
    if refs or _QID.match(name.strip()):
        ids_sql, ids = entity_ids_sql(refs)
        return True, (f"x.{entity_column} IN {ids_sql}", ids)
    return False, _like_words(f"{alias}.{lemma_column}", name)


def _narrowed(table: str, first: list[tuple[str, list[Any]]]) -> tuple[str, str, list[Any]]:
    """A CTE of the (doc, local_id) of ``table`` rows meeting ``first`` (indexed conditions
    on alias ``x``), and the join that restricts the query to them. Found first, then
    sorted by date: the planner would otherwise walk all documents by date looking for a
    rare speaker."""
    if not first:
        return "", "", []
    cond = " AND ".join(f"({sql})" for sql, _ in first)
    return (f"WITH p AS MATERIALIZED (SELECT x.doc, x.local_id FROM {table} x WHERE {cond}) ",
            "JOIN p ON p.doc = {t}.doc AND p.local_id = {t}.local_id ",
            [v for _, ps in first for v in ps])


def _quotes(store: Store, filters: list[tuple[str, list[Any]]], limit: int, offset: int = 0,
            first: list[tuple[str, list[Any]]] | None = None) -> list[QuoteRow]:
    where, params = where_clause(filters)
    cte, join, cte_params = _narrowed("quotes", first or [])
    found = store.rows(
        f"{cte}SELECT q.local_id, q.kind, q.text, e.name, e.kb_id, q.speaker_text, "
        f"q.cue_lemma, {_DOC_COLUMNS} FROM quotes q {join.format(t='q')}"
        f"{_DOC_JOINS.format(t='q')} LEFT JOIN entities e ON e.id = q.speaker_entity {where} "
        f"ORDER BY {_newest_first(store)}, q.char_start LIMIT ? OFFSET ?",
        [*cte_params, *params, clamp_limit(limit), offset])
    return [QuoteRow(r[0], r[1], r[2], r[3] or r[5], r[4], r[5], r[6], DocRef(*r[7:12]))
            for r in found]


def events(store: Store, *, type: str | None = None, country: str | None = None,
           actor: str | None = None, date_from: str | None = None, date_to: str | None = None,
           source: str | None = None, limit: int = 20, offset: int = 0) -> list[EventRow]:
    """PLOVER events, newest first. ``country`` (ISO alpha-2) matches the location's country
    or the first actor's; ``actor`` is a QID or a name; dates are the events' own dates
    (their article's date when the text gives none)."""
    filters: list[tuple[str, list[Any]]] = []
    if type:
        t = type.upper()
        if t not in PLOVER_TYPES:
            raise QueryError(f"unknown event type {type!r} (PLOVER: {', '.join(PLOVER_TYPES)})")
        filters.append(("ev.type = ?", [t]))
    if country:
        c = country.strip().upper()
        if not _COUNTRY.match(c):
            raise QueryError(f"--country: expected an ISO 3166 alpha-2 code like KZ, "
                             f"got {country!r}")
        filters.append(("ev.location_country = ? OR ev.actor_country = ?", [c, c]))
    participants = None
    if actor:
        ids_sql, ids = entity_ids_sql(resolve_entities(store, actor))
        participants = (f"a.role = 'actor' AND a.entity_id IN {ids_sql}", ids)
    filters += date_filter("ev.day", date_from, date_to) + source_filter(source)
    return _events(store, filters, limit, offset, participants)


def _events(store: Store, filters: list[tuple[str, list[Any]]], limit: int, offset: int = 0,
            participants: tuple[str, list[Any]] | None = None) -> list[EventRow]:
    """Events matching ``filters`` and, with ``participants`` (SQL on event_arguments a),
    only those events: found first through the argument index, then sorted (the planner
    would otherwise walk all events by date looking for a rare participant)."""
    where, params = where_clause(filters)
    events_from = "events ev"
    if participants is not None:
        events_from = (f"(SELECT DISTINCT a.doc, a.event_local_id FROM event_arguments a "
                       f"WHERE {participants[0]}) p JOIN events ev ON ev.doc = p.doc "
                       "AND ev.local_id = p.event_local_id")
        params = [*participants[1], *params]
    found = store.rows(
        "SELECT ev.doc, ev.local_id, ev.type, ev.mode, ev.modality, ev.trigger_text, ev.day, "
        "ev.date_value, ev.location_text, le.name, le.kb_id, "
        "coalesce(ev.location_country, ev.actor_country), ev.reported_by, ev.trigger_start, "
        f"{_DOC_COLUMNS} FROM {events_from} {_DOC_JOINS.format(t='ev')} "
        f"LEFT JOIN entities le ON le.id = ev.location_entity {where} "
        f"ORDER BY ev.day DESC{store.nulls_last}, ev.doc DESC, ev.local_id LIMIT ? OFFSET ?",
        [*params, clamp_limit(limit), offset])
    args = _event_arguments(store, [(r[0], r[1]) for r in found])
    evidence = _sentences(store, [(r[0], r[13]) for r in found])
    out = []
    for r in found:
        a = args.get((r[0], r[1]), {})
        out.append(EventRow(r[1], r[2], r[3], r[4], r[5], r[6], r[7], a.get("actor", []),
                            a.get("recipient", []), r[9] or r[8], r[10], r[11], r[12],
                            evidence.get((r[0], r[13])), DocRef(*r[14:19])))
    return out


def _event_arguments(store: Store, pairs: list[tuple[int, str]]
                     ) -> dict[tuple[int, str], dict[str, list[str]]]:
    out: dict[tuple[int, str], dict[str, list[str]]] = {}
    docs = sorted({d for d, _ in pairs})
    if not docs:
        return out
    marks = ", ".join("?" * len(docs))
    for doc, local, role, text, name in store.rows(
            "SELECT a.doc, a.event_local_id, a.role, a.text, e.name FROM event_arguments a "
            f"LEFT JOIN entities e ON e.id = a.entity_id WHERE a.doc IN ({marks}) "
            "ORDER BY a.doc, a.event_local_id, a.role, a.position", docs):
        out.setdefault((doc, local), {}).setdefault(role, []).append(name or text)
    return out


def _sentences(store: Store, spots: list[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """The sentence around each (doc key, offset), whitespace collapsed."""
    docs = sorted({d for d, _ in spots})
    if not docs:
        return {}
    marks = ", ".join("?" * len(docs))
    found = {k: (t, a) for k, t, a in store.rows(
        f"SELECT doc, text, analysis FROM document_content WHERE doc IN ({marks})", docs)}
    out = {}
    for doc, offset in spots:
        text, analysis = found[doc]
        for s in unpack_analysis(analysis).get("sentences", []):
            if s["start"] <= offset < s["end"]:
                out[(doc, offset)] = " ".join(text[s["start"]:s["end"]].split())
                break
    return out


def labels(store: Store, *, target: str | None = None, holder: str | None = None,
           date_from: str | None = None, date_to: str | None = None,
           source: str | None = None, limit: int = 20, offset: int = 0) -> list[LabelRow]:
    """Labels ("террористы", "бандиты"), newest first, by who applies them and to whom;
    ``target``/``holder`` are QIDs or words in any form ("протестующие")."""
    first: list[tuple[str, list[Any]]] = []
    filters = date_filter("d.published_day", date_from, date_to) + source_filter(source)
    for value, col, lemmas in ((target, "target_entity", "target_lemmas"),
                               (holder, "holder_entity", "holder_lemmas")):
        if value:
            by_entity, cond = _participant(store, value, "l", col, lemmas)
            (first if by_entity else filters).append(cond)
    return _labels(store, filters, limit, offset, first)


def _labels(store: Store, filters: list[tuple[str, list[Any]]], limit: int, offset: int = 0,
            first: list[tuple[str, list[Any]]] | None = None) -> list[LabelRow]:
    where, params = where_clause(filters)
    cte, join, cte_params = _narrowed("labels", first or [])
    found = store.rows(
        f"{cte}SELECT l.local_id, l.label_text, l.label_lemma, he.name, l.holder_text, "
        f"he.kb_id, te.name, l.target_text, te.kb_id, q.text, {_DOC_COLUMNS} "
        f"FROM labels l {join.format(t='l')}{_DOC_JOINS.format(t='l')} "
        "LEFT JOIN entities he ON he.id = l.holder_entity "
        "LEFT JOIN entities te ON te.id = l.target_entity "
        "LEFT JOIN quotes q ON q.doc = l.doc AND q.local_id = l.quote_local_id "
        f"{where} ORDER BY {_newest_first(store)}, l.char_start LIMIT ? OFFSET ?",
        [*cte_params, *params, clamp_limit(limit), offset])
    return [LabelRow(r[0], r[1], r[2], r[3] or r[4], r[5], r[6] or r[7], r[8], r[9],
                     DocRef(*r[10:15])) for r in found]


# -- entity profile -----------------------------------------------------------------------

def entity_profile(store: Store, name: str, *, type: str | None = None, limit: int = 10
                   ) -> EntityProfile | None:
    """Everything the archive knows about one entity (a QID or a name): mentions over time,
    its quotes, labels it applies and receives, events it takes part in."""
    refs = resolve_entities(store, name, type)
    if not refs:
        return None
    return profile_of(store, refs[0], alternatives=refs[1:], limit=limit)


def profile_of(store: Store, ent: EntityRef, *, alternatives: list[EntityRef] | None = None,
               limit: int = 10) -> EntityProfile:
    """The profile of one archive entity (no name resolution)."""
    counts = store.rows("SELECT count(*), coalesce(sum(mention_count), 0) "
                        "FROM document_entities WHERE entity_id = ?", (ent.id,))[0]
    timeline = [{"month": m, "documents": int(n), "mentions": int(k)} for m, n, k in store.rows(
        "SELECT substr(d.published_day, 1, 7) AS month, count(*), sum(de.mention_count) "
        "FROM document_entities de JOIN documents d ON d.doc = de.doc WHERE de.entity_id = ? "
        "GROUP BY substr(d.published_day, 1, 7) ORDER BY month NULLS LAST", (ent.id,))]
    ent.documents = int(counts[0])
    return EntityProfile(
        entity=ent, alternatives=alternatives or [], documents=int(counts[0]),
        mentions=int(counts[1]), timeline=timeline,
        quotes=_quotes(store, [], limit, first=[("x.speaker_entity = ?", [ent.id])]),
        labels_by=_labels(store, [], limit, first=[("x.holder_entity = ?", [ent.id])]),
        labels_about=_labels(store, [], limit, first=[("x.target_entity = ?", [ent.id])]),
        events=_events(store, [], limit, participants=("a.entity_id = ?", [ent.id])))
