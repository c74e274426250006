"""Read-only access to the bundled knowledge base (``svodka/kb/data/kb.sqlite``).

One SQLite connection per ``KB`` object, opened read-only and immutable, shared by all
threads behind a lock; results of ``lookup`` are cached. Scores: every alias row has a
weight (1.0 for a source's own name, less for GeoNames variants and NEREL surfaces seen
rarely with that entity, 0.5 for surname-only keys, which are also flagged *weak*) and
every entity a prior (countries 1.0, curated people/organisations 0.9, places by
population, NEREL-only entities by mention count). ``Candidate.score`` is weight x prior.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from svodka.kb.normalize import (
    could_read_as,
    key,
    key_variants,
    lexeme_forms,
    role_key,
    tokens,
)
from svodka.nlp.morph import morph

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "kb.sqlite"
WEAK, ACRONYM, OBSERVED, LATIN = 1, 2, 4, 8
TYPES = ("PER", "ORG", "LOC")
# link(): the best candidate must score this many times the runner-up
DOMINANCE = 2.0
# link(): a weak (surname-only) match is taken alone only from this score up
WEAK_MIN_SCORE = 0.42
_CAPS_WORD = re.compile(r"[А-ЯЁ]{3,}")
_ENTITY_COLS = "id, qid, name, type, kind, types, country, code, prior, lat, lon, acronym"


@dataclass(frozen=True)
class Candidate:
    qid: str | None
    name: str
    type: str  # PER | ORG | LOC
    kind: str  # country | city | region | district | location | facility | person | igo | ...
    country: str | None  # ISO 3166-1 alpha-2
    score: float  # prior x alias weight, for ranking
    lat: float | None = None
    lon: float | None = None
    acronym: str | None = None
    code: str | None = None  # alpha-2 for countries, ISO 3166-2 for regions


@dataclass(frozen=True)
class _Entity:
    id: int
    qid: str | None
    name: str
    type: str
    kind: str
    types: frozenset[str]
    country: str | None
    code: str | None
    prior: float
    lat: float | None
    lon: float | None
    acronym: str | None

    def candidate(self, score: float) -> Candidate:
        return Candidate(self.qid, self.name, self.type, self.kind, self.country,
                         round(score, 4), self.lat, self.lon, self.acronym, self.code)


@dataclass(frozen=True)
class _Match:
    entity: _Entity
    score: float
    weak: bool


class KB:
    """The knowledge base in one SQLite file; all methods are thread-safe."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else DEFAULT_PATH
        if not self.path.exists():
            raise FileNotFoundError(f"svodka KB not found: {self.path} "
                                    "(build it with scripts/build_kb.py)")
        uri = self.path.resolve().as_uri() + "?mode=ro&immutable=1"
        self._con = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._entities: dict[int, _Entity] = {}
        self.meta = dict(self._rows("SELECT k, v FROM meta"))
        self._check_versions()
        self._matches = lru_cache(maxsize=50_000)(self._matches_uncached)
        self._demonyms_cached = lru_cache(maxsize=50_000)(self._demonym_uncached)
        morph()  # load pymorphy3 now, not racing in the first concurrent lookups

    def _check_versions(self) -> None:
        try:
            have = metadata.version("pymorphy3-dicts-ru")
        except metadata.PackageNotFoundError:
            have = "unknown"
        built = self.meta.get("pymorphy3_dicts_ru")
        if built and have != built:
            warnings.warn(f"svodka KB was built with pymorphy3-dicts-ru {built}, "
                          f"{have} is installed: some alias keys may not match; rebuild the KB",
                          RuntimeWarning, stacklevel=3)

    def close(self) -> None:
        with self._lock:
            self._con.close()

    # -- low level -------------------------------------------------------------------------
    def _rows(self, sql: str, args: Iterable[object] = ()) -> list[tuple]:
        with self._lock:
            return self._con.execute(sql, tuple(args)).fetchall()

    def _entity_from_row(self, row: tuple) -> _Entity:
        ent = self._entities.get(row[0])
        if ent is None:
            ent = _Entity(row[0], row[1], row[2], row[3], row[4], frozenset(row[5].split(",")),
                          row[6], row[7], row[8], row[9], row[10], row[11])
            self._entities[row[0]] = ent
        return ent

    def entity(self, entity_id: int) -> _Entity | None:
        if entity_id in self._entities:
            return self._entities[entity_id]
        rows = self._rows(f"SELECT {_ENTITY_COLS} FROM entity WHERE id = ?", (entity_id,))
        return self._entity_from_row(rows[0]) if rows else None

    def _key_rows(self, k: str) -> list[tuple[_Entity, float, int]]:
        rows = self._rows(f"SELECT a.weight, a.flags, {', '.join('e.' + c for c in _ENTITY_COLS.split(', '))}"
                          " FROM alias a JOIN entity e ON e.id = a.entity WHERE a.key = ?", (k,))
        return [(self._entity_from_row(r[2:]), r[0], r[1]) for r in rows]

    def _matches_uncached(self, name: str, type_: str | None, country: str | None
                          ) -> tuple[_Match, ...]:
        # an all-capital Cyrillic word is an acronym: it matches acronyms and surfaces seen
        # in news, not a place name that lower-cases to the same key ("ТАИФ" is no "Таиф")
        capitals = _CAPS_WORD.fullmatch(name.strip()) is not None
        for i, k in enumerate(key_variants(name)):
            found: dict[int, _Match] = {}
            for ent, weight, flags in self._key_rows(k):
                if type_ and type_ not in ent.types:
                    continue
                if capitals and not flags & (ACRONYM | OBSERVED) and not ent.name.isupper():
                    continue
                if country and ent.country not in (country, None):
                    continue
                score = weight * ent.prior * (1.0 if i == 0 else 0.9)
                m = _Match(ent, score, bool(flags & WEAK))
                old = found.get(ent.id)
                if old is None or (not m.weak, m.score) > (not old.weak, old.score):
                    found[ent.id] = m
            if found:
                return tuple(sorted(found.values(),
                                    key=lambda m: (m.weak, -m.score, m.entity.id)))
        return ()

    # -- API ------------------------------------------------------------------------------
    def lookup(self, name: str, type: str | None = None, country: str | None = None
               ) -> list[Candidate]:
        """Candidates for a name in any case form, best first (surname-only matches last).

        ``type`` (PER/ORG/LOC) keeps entities of that type (or seen with it in NEREL);
        ``country`` keeps entities of that country or without one.
        """
        return [m.entity.candidate(m.score) for m in self._matches(name, type, country)]

    def link(self, name: str, type: str | None = None, context_countries: Iterable[str] = ()
             ) -> Candidate | None:
        """One candidate only when sure: unique, clearly dominant, or singled out by context.

        Full-name matches are preferred to surname-only ones; a surname-only match is
        taken only when it is the only one and the entity is well known (curated or
        frequent) or of a context country.
        """
        matches = list(self._matches(name, type, None))
        if not matches:
            return None
        strong = [m for m in matches if not m.weak]
        pool = strong or matches
        ctx = set(context_countries)
        if ctx and len(pool) > 1:
            in_ctx = [m for m in pool if m.entity.country in ctx or m.entity.code in ctx]
            if in_ctx:
                pool = in_ctx
        top = pool[0]
        if len(pool) > 1 and top.score < DOMINANCE * pool[1].score:
            return None
        if top.weak and not (top.score >= WEAK_MIN_SCORE or top.entity.country in ctx):
            return None
        return top.entity.candidate(top.score)

    def by_qid(self, qid: str) -> Candidate | None:
        rows = self._rows(f"SELECT {_ENTITY_COLS} FROM entity WHERE qid = ? ORDER BY id", (qid,))
        return self._entity_from_row(rows[0]).candidate(rows[0][8]) if rows else None

    def country(self, alpha2: str) -> Candidate | None:
        """The country record of an ISO 3166-1 alpha-2 code ("KZ" -> Казахстан, Q232)."""
        rows = self._rows(f"SELECT {_ENTITY_COLS} FROM entity WHERE code = ? AND kind = 'country'",
                          (alpha2.upper(),))
        return self._entity_from_row(rows[0]).candidate(rows[0][8]) if rows else None

    def country_code(self, name: str) -> str | None:
        """Alpha-2 code of a country name in any case form ("Казахстана" -> "KZ")."""
        for m in self._matches(name, "LOC", None):
            if m.entity.kind == "country" and not m.weak:
                return m.entity.code
        return None

    def demonym(self, word: str) -> str | None:
        """Alpha-2 code of a demonym or country adjective in any form ("казахстанские" -> "KZ").

        For a phrase, the whole phrase is tried first, then its words left to right.
        """
        return self._demonyms_cached(word)

    def _demonym_uncached(self, word: str) -> str | None:
        table = self._demonym_table()
        words = tokens(word)
        # most words of an article are dictionary words that no demonym reads as
        if len(words) == 1 and not could_read_as(words[0], self._demonym_forms()):
            return None
        texts = [word] + (words if len(words) > 1 else [])
        for text in texts:
            for k in key_variants(text):
                code = table.get(k)
                if code:
                    return code
        return None

    def phrase_index(self, type_: str) -> dict[str, tuple[tuple[str, ...], ...]]:
        """Multi-word alias keys of entities of ``type_``, as word tuples by their first word
        (in memory: a cheap test before a lookup of every capitalised phrase of an article)."""
        cache = self.__dict__.setdefault("_phrase_index", {})
        if type_ not in cache:
            rows = self._rows("SELECT DISTINCT a.key FROM alias a JOIN entity e ON e.id = a.entity"
                              " WHERE instr(a.key, ' ') > 0 AND (',' || e.types || ',') LIKE ?"
                              " ORDER BY a.key", (f"%,{type_},%",))
            index: dict[str, list[tuple[str, ...]]] = {}
            for (k,) in rows:
                words = tuple(str(k).split(" "))
                index.setdefault(words[0], []).append(words)
            cache[type_] = {w: tuple(ks) for w, ks in index.items()}
        return cache[type_]  # type: ignore[no-any-return]

    def phrase_first_forms(self, type_: str) -> frozenset[str]:
        """Dictionary forms of the first words of ``phrase_index`` (see
        ``normalize.could_read_as``)."""
        return lexeme_forms(frozenset(self.phrase_index(type_)))

    def _demonym_forms(self) -> frozenset[str]:
        forms = getattr(self, "_demonym_form_set", None)
        if forms is None:
            forms = self._demonym_form_set = lexeme_forms(frozenset(self._demonym_table()))
        return forms

    def _demonym_table(self) -> dict[str, str]:
        """All demonym keys in memory (a few hundred rows): the analyser asks for every word."""
        table = getattr(self, "_demonyms", None)
        if table is None:
            table = {}
            for k, code in self._rows("SELECT key, alpha2 FROM demonym ORDER BY key, alpha2"):
                table.setdefault(str(k), str(code))
            self._demonyms = table
        return table

    def expand_acronym(self, acr: str) -> list[Candidate]:
        """Entities that ``acr`` abbreviates ("ОДКБ" -> Организация Договора ...), best first."""
        k = key(acr)
        out = [(ent.prior * w, ent) for ent, w, flags in self._key_rows(k) if flags & ACRONYM]
        out.sort(key=lambda se: (-se[0], se[1].id))
        return [ent.candidate(score) for score, ent in out]

    def split_role(self, phrase: str) -> tuple[str, str | None]:
        """("президент Казахстана") -> ("президент", "KZ"); ("российский министр") too."""
        toks = tokens(phrase)
        for n in (3, 2, 1):
            if len(toks) > n:
                c = self.country_code(" ".join(toks[-n:]))
                if c:
                    return " ".join(toks[:-n]), c
        if len(toks) > 1:
            c = self.demonym(toks[0])
            if c:
                return " ".join(toks[1:]), c
        return phrase, None

    def role_holder(self, role: str, country: str | None = None) -> list[Candidate]:
        """People holding (or who held) a role: current holders first, then the latest.

        ``role_holder("президент", "KZ")`` and ``role_holder("президент Казахстана")`` both
        give Касым-Жомарт Токаев first. Synonyms are folded ("премьер" = "председатель
        правительства" = "премьер-министр"). Positions are as of the KB's sources (2024-25;
        world leaders 2022) and age.
        """
        text, found = self.split_role(role)
        country = (country or found or "").upper() or None
        rk = role_key(text)
        if not rk:
            return []
        sql = 'SELECT entity, rank, start, "end" FROM role WHERE role = ?'
        args: list[object] = [rk]
        if country:
            sql += " AND country = ?"
            args.append(country)
        rows = self._rows(sql, args)
        if not rows:  # "начальник Генштаба" -> "начальник Генштаба ВС"
            sql = sql.replace("role = ?", "role > ? AND role < ?")
            args[:1] = [rk + " ", rk + " \uffff"]
            rows = self._rows(sql, args)
        rows.sort(key=lambda r: (-r[1], -(r[3] or 9999), -(r[2] or 0), r[0]))
        out: list[Candidate] = []
        seen: set[int] = set()
        for eid, rank, _, _ in rows:
            ent = self.entity(eid)
            if ent is not None and eid not in seen:
                seen.add(eid)
                out.append(ent.candidate(ent.prior * (1.0 if rank >= 2 else 0.5)))
        return out

    def lookup_role(self, phrase: str) -> list[Candidate]:
        """``role_holder`` for a whole phrase ("президента Казахстана")."""
        return self.role_holder(phrase)

    def stats(self) -> dict[str, str]:
        return dict(self.meta)
