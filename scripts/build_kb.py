#!/usr/bin/env python
"""Build svodka's knowledge base, ``svodka/kb/data/kb.sqlite``, from the shared sources.

    python scripts/build_kb.py [--shared ../shared] [--out svodka/kb/data/kb.sqlite]

Inputs: ``<shared>/kb/*.tsv`` (see ``<shared>/kb/README.md``) and the Wikidata links of
the NEREL **train** split (``<shared>/data/nerel/train``). The output is deterministic:
rows are sorted, page size and encoding are fixed, the file is VACUUMed and holds no
timestamps, so two runs (same Python, pymorphy3 dictionaries and SQLite) give the same
bytes. Schema and scoring are described in ``docs/kb.md``.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import re
import sqlite3
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from itertools import product
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from svodka.kb import nerel  # noqa: E402
from svodka.kb.normalize import key, role_key, tokens, word_key  # noqa: E402
from svodka.nlp.morph import morph  # noqa: E402

SCHEMA_VERSION = 1
# alias flags
WEAK, ACRONYM, OBSERVED, LATIN = 1, 2, 4, 8
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
# letters of other Cyrillic alphabets (Ukrainian, Belarusian, Serbian, Kazakh, ...)
NON_RUSSIAN = set("іїєґўјљњћџђѓќѕҗңүұқғһәөӯӣҳҷӹӑӓӗӧӱԥ")
PERIOD = re.compile(r"\(?(с\s+|до\s+)?(\d{4})(\s*[–-]\s*)?(\d{4})?\)?")
BAD_HARD_SIGN = re.compile(r"ъ(?![еёюя])")
# country names used in news that none of the sources lists (project-curated)
EXTRA_COUNTRY_NAMES = {
    "RU": ["РФ"], "BY": ["Белоруссия", "Республика Белоруссия"], "KG": ["Кыргызстан"],
    "DE": ["ФРГ"], "KR": ["Южная Корея"], "KP": ["Северная Корея"],
    "MD": ["Молдавия"], "TM": ["Туркмения"], "CD": ["ДР Конго", "ДРК"], "MM": ["Бирма"],
    "GB": ["Соединённое Королевство"], "CZ": ["Чешская Республика"],
}
EXTRA_REGION_NAMES = {  # short names common in news (project-curated)
    "RU-CE": ["Чечня"], "RU-CU": ["Чувашия"], "RU-UD": ["Удмуртия"],
    "RU-KB": ["Кабардино-Балкария"], "RU-KC": ["Карачаево-Черкесия"], "RU-MOS": ["Подмосковье"],
    "RU-KHM": ["Югра", "ХМАО"], "RU-YAN": ["Ямал", "ЯНАО"], "RU-PRI": ["Приморье"],
}
WL_ROLES = {  # world-leaders position head (English) -> Russian role
    "president": "президент", "prime minister": "премьер-министр", "premier": "премьер-министр",
    "federal chancellor": "канцлер", "chancellor": "канцлер", "king": "король",
    "monarch": "монарх", "emperor": "император", "emir": "эмир", "sultan": "султан",
    "supreme leader": "верховный руководитель", "pope": "папа римский",
    "chairman": "председатель",
}


@dataclass
class Rec:
    type: str
    kind: str
    name: str
    qid: str | None = None
    country: str | None = None
    code: str | None = None
    lat: float | None = None
    lon: float | None = None
    acronym: str | None = None
    population: int = 0
    given: str | None = None
    surname: str | None = None
    patronymic: str | None = None
    base: float = 0.5  # prior from the record's source
    sources: set[str] = field(default_factory=set)
    qid_source: str | None = None
    aliases: dict[str, tuple[float, int]] = field(default_factory=dict)
    nerel: Counter[str] = field(default_factory=Counter)  # NEREL mentions by svodka type
    order: int = 0


def merge_alias(rec: Rec, k: str, weight: float, flags: int) -> None:
    """Add an alias key; the result does not depend on the order of the calls."""
    old = rec.aliases.get(k)
    if old is None:
        rec.aliases[k] = (weight, flags)
    else:  # WEAK only if every source of the key is weak; other flags accumulate
        rec.aliases[k] = (max(old[0], weight), ((old[1] | flags) & ~WEAK) | (old[1] & flags & WEAK))


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()}
                for row in csv.DictReader(f, delimiter="\t")]


def fnum(text: str) -> float | None:
    try:
        return round(float(text), 5)
    except ValueError:
        return None


def russian_like(name: str) -> bool:
    low = name.lower()
    return (not any(c in NON_RUSSIAN for c in low) and not BAD_HARD_SIGN.search(low)
            and not re.search(r"[a-z]", low) and bool(re.search(r"[а-я]", low)))


def split_names(text: str) -> list[str]:
    """'КНР (Китайская Народная Республика)|Китай' -> ['КНР', 'Китайская ...', 'Китай']."""
    out: list[str] = []
    for part in text.split("|"):
        m = re.fullmatch(r"(.*?)\s*\((.*)\)", part.strip())
        for p in ([m.group(1), m.group(2)] if m else [part]):
            p = p.strip()
            if p and p not in out:
                out.append(p)
    return out


_FORMS_CACHE: dict[tuple[str, bool], tuple[str, ...]] = {}
# Russian surname endings -> oblique-case endings (for surnames pymorphy3 does not know)
SURNAME_FORMS = (  # (ending, letters to cut, oblique endings)
    (re.compile(r"(ов|ев|ёв|ин|ын)$"), 0, ("а", "у", "ым", "е")),
    (re.compile(r"(ова|ева|ёва|ина|ына)$"), 1, ("ой", "у")),
    (re.compile(r"(ский|цкий)$"), 2, ("ого", "ому", "им", "ом")),
    (re.compile(r"(ская|цкая)$"), 2, ("ой", "ую")),
)


def surname_forms(word: str) -> list[str]:
    for pattern, cut, endings in SURNAME_FORMS:
        if pattern.search(word):
            return [word[:len(word) - cut] + e for e in endings]
    return []


def word_form_keys(word: str, inflect: bool = True) -> tuple[str, ...]:
    """Keys of the case forms (singular and plural) of a nominative ``word``.

    pymorphy3 inflects dictionary words and names; surnames it does not know ("Токаев",
    read as a form of "Токай") get the regular Russian surname endings.
    """
    ck = (word, inflect)
    if ck in _FORMS_CACHE:
        return _FORMS_CACHE[ck]
    keys = {word_key(word)}
    low = word.lower()
    cyrillic = bool(re.search(r"[а-яё]", low)) and not (word.isupper() and len(word) > 1)
    parses = morph().parse(low) if cyrillic and inflect else []
    # dictionary words other than names keep their lemma in every form: no need to inflect
    risky = parses and (not morph().word_is_known(low) or any(
        g in p.tag for p in parses[:4] for g in ("Name", "Surn", "Patr")))
    if risky:
        for p in parses[:4]:
            if "nomn" not in p.tag or p.tag.POS not in ("NOUN", "ADJF"):
                continue
            numbers = ("plur",) if "plur" in p.tag else ("sing", "plur")
            for case, num in product(CASES, numbers):
                f = p.inflect({case, num})
                if f is not None:
                    keys.add(word_key(f.word))
    if cyrillic and word[:1].isupper():
        keys.update(word_key(f) for f in surname_forms(low))
    out = (word_key(word),) + tuple(sorted(keys - {word_key(word)}))
    _FORMS_CACHE[ck] = out
    return out


def form_keys(text: str, limit: int = 24, inflect: bool = True) -> list[str]:
    """Alias keys of all case forms of a nominative name, word by word."""
    per_word = [word_form_keys(t, inflect) for t in tokens(text)]
    out: list[str] = []
    for combo in product(*per_word):
        out.append(" ".join(combo))
        if len(out) >= limit:
            break
    return out


class Builder:
    def __init__(self, shared: Path, fill_qids: bool = True) -> None:
        self.kb = shared / "kb"
        self.nerel_dir = shared / "data" / "nerel" / "train"
        self.fill_qids = fill_qids
        self.recs: list[Rec] = []
        self.by_qid: dict[str, Rec] = {}
        self.country_keys: dict[str, str] = {}
        self.roles: dict[tuple[str, str, int], tuple[int, int, int, str]] = {}
        self.demonyms: dict[str, tuple[str, str, str]] = {}
        self.filled: list[tuple[str, str, int]] = []
        self.notes: list[str] = []
        self.observed: dict[str, set[str]] = {}

    # -- records and aliases -------------------------------------------------------------
    def new(self, rec: Rec) -> Rec:
        if rec.qid and rec.qid in self.by_qid:
            old = self.by_qid[rec.qid]
            for attr in ("country", "code", "lat", "lon", "acronym", "given", "surname",
                         "patronymic"):
                if getattr(old, attr) is None and getattr(rec, attr) is not None:
                    setattr(old, attr, getattr(rec, attr))
            old.population = max(old.population, rec.population)
            old.base = max(old.base, rec.base)
            old.sources |= rec.sources
            return old
        rec.order = len(self.recs)
        self.recs.append(rec)
        if rec.qid:
            self.by_qid[rec.qid] = rec
        return rec

    @staticmethod
    def alias(rec: Rec, text: str, weight: float = 1.0, flags: int = 0,
              forms: bool = False, inflect: bool = True) -> None:
        if not text or not tokens(text):
            return
        if not re.search(r"[а-яёА-ЯЁ]", text):
            flags |= LATIN
        keys = form_keys(text, inflect=inflect) if forms else [key(text)]
        if flags & WEAK:  # "Борисов" is read as a form of "Борис": not a surname key
            keys = [k for k in keys if not first_name_key(k, text)]
        for k in keys:
            if k:
                merge_alias(rec, k, weight, flags)

    # -- sources ------------------------------------------------------------------------
    def countries(self) -> None:
        rows = read_tsv(self.kb / "countries.tsv")
        # "Внешние малые о-ва (США)": a parenthesised other country is not a name
        main_names = {key(row[c]): row["alpha2"] for row in rows
                      for c in ("name_ru", "name_ru_short") if row[c] and "(" not in row[c]}
        for row in rows:
            a2 = row["alpha2"]
            rec = self.new(Rec("LOC", "country", row["name_ru"] or row["name_en"],
                               qid=row["qid"] or None, country=a2, code=a2, base=1.0,
                               sources={"countries"}, qid_source="rigour"))
            names = [row["name_ru"], row["name_ru_short"], row["name_ru_official"]]
            names += split_names(row["name_ru_i18n"]) + EXTRA_COUNTRY_NAMES.get(a2, [])
            for text in split_names("|".join(n for n in names if n)):
                if main_names.get(key(text), a2) != a2:
                    continue
                acr = text.isupper() and len(text) > 1
                self.alias(rec, text, 1.0, ACRONYM if acr else 0, forms=not acr)
                if " - " in text:  # "Конго - Киншаса"
                    self.alias(rec, text.replace(" - ", "-"), 1.0, forms=True)
                if acr and rec.acronym is None:
                    rec.acronym = text
            for text in (row["name_en"], row["name_en_official"]):
                self.alias(rec, text, 0.9)
            for k in rec.aliases:
                self.country_keys.setdefault(k, a2)

    def places(self) -> dict[str, Rec]:
        by_gid: dict[str, Rec] = {}
        for row in read_tsv(self.kb / "places.tsv"):
            a2 = row["iso_a2"] if re.fullmatch(r"[A-Z]{2}", row["iso_a2"]) else None
            pop = int(float(row["pop_max"] or 0))
            rec = self.new(Rec("LOC", "city", row["name_ru"] or row["name_en"] or row["name"],
                               qid=row["qid"] or None, country=a2, lat=fnum(row["lat"]),
                               lon=fnum(row["lon"]), population=pop,
                               base=place_prior(pop), sources={"naturalearth"},
                               qid_source="naturalearth" if row["qid"] else None))
            if row["name_ru"]:
                self.alias(rec, row["name_ru"], 1.0)
            for text in (row["name_en"], row["name"]):
                self.alias(rec, text, 0.9)
            if row["geonameid"] and row["geonameid"] != "-1":
                by_gid.setdefault(row["geonameid"], rec)
        return by_gid

    def geonames(self, by_gid: dict[str, Rec]) -> None:
        for row in read_tsv(self.kb / "places_geonames.tsv"):
            names = sorted({n for n in row["names_cyrillic"].split("|") if russian_like(n)})
            pop = int(row["population"] or 0)
            rec = by_gid.get(row["geonameid"])
            if rec is None:
                if not names:
                    continue
                names.sort(key=lambda n: (-known_share(n), "-" not in n and " " in n, len(n), n))
                rec = self.new(Rec("LOC", "city", names[0], country=row["country_alpha2"] or None,
                                   lat=fnum(row["lat"]), lon=fnum(row["lon"]), population=pop,
                                   base=0.8 * place_prior(pop), sources={"geonames"}))
                self.alias(rec, row["name"], 0.9)
            rec.sources.add("geonames")
            rec.population = max(rec.population, pop)
            for n in names:
                self.alias(rec, n, 1.0 if key(n) == key(rec.name) else 0.8)

    def regions(self) -> None:
        rows = read_tsv(self.kb / "regions.tsv")
        qid_count = Counter(r["qid"] for r in rows if r["qid"])
        for row in rows:
            qid = row["qid"] or None
            if qid and qid_count[qid] > 1:  # e.g. UA-40 and UA-43 share one QID: unusable
                self.notes.append(f"regions: dropped QID {qid} shared by several rows "
                                  f"({row['iso_3166_2']})")
                qid = None
            if not row["name_ru"] and not qid:
                continue
            rec = self.new(Rec("LOC", "region", row["name_ru"] or row["name_en"] or
                               row["name_iso"], qid=qid, country=row["country_alpha2"] or None,
                               code=row["iso_3166_2"], base=0.65 if qid else 0.55,
                               sources={"regions"}, qid_source=row["qid_source"] if qid else None))
            if row["name_ru"]:
                self.alias(rec, row["name_ru"], 1.0)
                # "Республика Саха (Якутия)" -> "Саха", "Якутия"; "... — Алания" -> "Алания"
                short = re.sub(r"^Республика\s+|\s+Республика$", "", row["name_ru"])
                for text in split_names(short.replace(" — ", "|")):
                    if text != row["name_ru"]:
                        self.alias(rec, text, 0.9)
            for text in EXTRA_REGION_NAMES.get(row["iso_3166_2"], []):
                self.alias(rec, text, 1.0, ACRONYM if text.isupper() else 0)
            for text in (row["name_en"], row["name_iso"]):
                self.alias(rec, text, 0.9)

    def organisations(self) -> None:
        for row in read_tsv(self.kb / "organisations.tsv"):
            acr = row["acronym_ru"] if row["acronym_ru"] != row["name_ru"] else None
            rec = self.new(Rec("ORG", row["kind"] or "org", row["name_ru"], qid=row["qid"] or None,
                               country=row["country_alpha2"] or None, acronym=acr, base=0.9,
                               sources={"organisations"}))
            self.alias(rec, row["name_ru"], 1.0, forms=True)
            stripped = re.sub(r"^(Партия|Государственная корпорация|Информационное агентство "
                              r"России|Частная военная компания)\s*", "", row["name_ru"])
            if stripped != row["name_ru"]:
                self.alias(rec, stripped.strip("«» "), 1.0, forms=True)
            for text in (acr, row["acronym_en"]):
                if text:
                    is_acr = sum(c.isupper() for c in text) >= 2
                    self.alias(rec, text, 1.0, ACRONYM if is_acr else 0, forms=not is_acr)
            self.alias(rec, row["name_en"], 0.9)

    def people(self) -> None:
        for row in read_tsv(self.kb / "people.tsv"):
            given, patr, surname = row["given_ru"], row["patronymic_ru"], row["surname_ru"]
            name = f"{given} {surname}".strip()
            qid = row["qid"] or None
            rec = self.new(Rec("PER", "person", name, qid=qid, country=row["country_alpha2"] or None,
                               given=given or None, surname=surname or None,
                               patronymic=patr or None, base=0.9, sources={"people"},
                               qid_source=("people-verified" if row["verified"] == "yes"
                                           else "people-unverified") if qid else None))
            for text in sorted({name, row["name_ru"], f"{given} {patr} {surname}".strip(),
                                f"{surname} {given}".strip()}):
                self.alias(rec, text, 1.0, forms=True)
            if given and surname:
                initials = "".join(f"{p[0]}. " for p in given.split("-"))
                self.alias(rec, f"{initials}{surname}", 1.0, forms=True)
                if patr:
                    self.alias(rec, f"{given[0]}. {patr[0]}. {surname}", 1.0, forms=True)
                self.alias(rec, surname, 0.5, WEAK, forms=True)
            self.alias(rec, row["name_en"], 0.9)
            self.add_positions(rec, row["positions"], row["country_alpha2"], source_rank=3)

    def world_leaders(self) -> None:
        names_en = {}
        for row in read_tsv(self.kb / "countries.tsv"):
            for text in (row["name_en"], row["name_en_official"]):
                names_en[text.lower()] = row["alpha2"]
        names_en.update({"russia": "RU", "united states of america": "US", "united states": "US",
                         "people's republic of china": "CN", "kingdom of the netherlands": "NL",
                         "iran": "IR", "syria": "SY", "vietnam": "VN", "laos": "LA",
                         "south korea": "KR", "north korea": "KP", "bolivia": "BO",
                         "venezuela": "VE", "tanzania": "TZ", "moldova": "MD", "taiwan": "TW",
                         "state of palestine": "PS", "palestine": "PS", "czech republic": "CZ",
                         "the gambia": "GM", "vatican city": "VA", "brunei": "BN"})
        for row in read_tsv(self.kb / "people_world_leaders.tsv"):
            a2 = names_en.get(row["country_en"].lower())
            rec = self.by_qid.get(row["qid"])
            if rec is None:
                rec = self.new(Rec("PER", "person", row["name_en"], qid=row["qid"], country=a2,
                                   base=0.5, sources={"world-leaders"}, qid_source="world-leaders"))
                self.alias(rec, row["name_en"], 0.9)
                if " " in row["name_en"]:
                    self.alias(rec, row["name_en"].split()[-1], 0.5, WEAK)
            rec.sources.add("world-leaders")
            if "people" in rec.sources:
                continue  # the curated positions are newer
            for pos in row["positions"].split("; "):
                m = re.fullmatch(r"(.+?) of (.+?) \((\d{4})?–(\d{4})?\)", pos.strip())
                if not m or m.group(1).lower() not in WL_ROLES:
                    continue
                place = m.group(2).lower()
                c = names_en.get(place) or names_en.get(place.removeprefix("the ")) or a2
                if not c:
                    continue
                start = int(m.group(3) or 0)
                end = int(m.group(4) or 0)
                self.add_role(rec, WL_ROLES[m.group(1).lower()], c, 1 if end else 2, start, end,
                              pos.strip())

    def demonyms_(self) -> None:
        for row in read_tsv(self.kb / "demonyms.tsv"):
            for text in (row["lemma"], row["plural_nomn"], row["pymorphy_normal_form"]):
                if text:
                    for k in form_keys(text):
                        self.demonyms.setdefault(k, (row["alpha2"], row["lemma"], row["pos"]))

    # -- roles --------------------------------------------------------------------------
    def add_role(self, rec: Rec, role: str, country: str, rank: int, start: int, end: int,
                 label: str) -> None:
        rk = role_key(role)
        if not rk:
            return
        k = (rk, country, rec.order)
        old = self.roles.get(k)
        if old is None or (rank, end) > (old[0], old[2]):
            self.roles[k] = (rank, start, end, label)

    def split_country(self, role: str) -> tuple[str, str | None]:
        toks = tokens(role)
        for n in (3, 2, 1):
            if len(toks) > n:
                c = self.country_keys.get(" ".join(word_key(t) for t in toks[-n:]))
                if c:
                    return " ".join(toks[:-n]), c
        return role, None

    def add_positions(self, rec: Rec, positions: str, default_country: str, source_rank: int
                      ) -> None:
        for seg in positions.split(";"):
            periods = PERIOD.findall(seg)
            text = PERIOD.sub("", seg).replace("()", "").strip(" ,")
            # open periods ("с 2025", "2019–") mean the position is held now
            current = not periods or any(p[0].startswith("с") or (p[2] and not p[3])
                                         for p in periods)
            start = min((int(p[1]) for p in periods if not p[0].startswith("до")), default=0)
            end = 0 if current else max(int(p[3] or p[1]) for p in periods)
            parts = [p.strip() for p in text.split(",") if p.strip()]
            if not parts:
                continue
            _, shared = self.split_country(parts[-1])
            for part in parts:
                role, c = self.split_country(part)
                self.add_role(rec, role, c or shared or default_country or "",
                              source_rank if current else 1, start, end, seg.strip())

    # -- NEREL train ----------------------------------------------------------------------
    def nerel_links(self) -> None:
        mentions = [m for m in nerel.read_split(self.nerel_dir) if m.qid and m.type]
        by_key: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        types: dict[str, Counter[str]] = defaultdict(Counter)
        kinds: dict[str, Counter[str]] = defaultdict(Counter)
        names: dict[str, Counter[str]] = defaultdict(Counter)
        surfaces: dict[str, Counter[str]] = defaultdict(Counter)
        for m in mentions:
            assert m.qid and m.type and m.kind
            by_key[(m.type, key(m.surface))][m.qid] += 1
            types[m.qid][m.type] += 1
            kinds[m.qid][m.kind] += 1
            surfaces[m.qid][m.surface] += 1
            if m.name:
                names[m.qid][clean_nerel_name(m.name, m.type)] += 1
        if self.fill_qids:
            self.fill_from_nerel(by_key, names)
        for qid in sorted(types, key=qid_order):
            t = types[qid].most_common(1)[0][0]
            rec = self.by_qid.get(qid)
            if rec is None:
                name = pick_name(names[qid], surfaces[qid])
                kind = kinds[qid].most_common(1)[0][0]
                n = sum(types[qid].values())
                rec = self.new(Rec(t, kind, name, qid=qid, base=min(0.85, 0.3 + 0.1 *
                                                                     math.log2(1 + n)),
                                   sources={"nerel"}, qid_source="nerel-train"))
            rec.sources.add("nerel")
            rec.nerel.update(types[qid])
            if not re.search(r"[а-яё]", rec.name.lower()):  # world leaders: English only
                ru = pick_name(names[qid], surfaces[qid])
                if re.search(r"[а-яё]", ru.lower()):
                    rec.name = ru
            for nm in names[qid]:
                self.alias(rec, nm, 0.9)
            if rec.type == "PER":
                self.person_name_aliases(rec, list(names[qid]) or [rec.name])
        for (_, k), counts in by_key.items():
            self.observed.setdefault(k, set()).update(counts)
        for (_, k), counts in sorted(by_key.items()):
            total = sum(counts.values())
            top = max(counts.values())
            for qid, c in sorted(counts.items()):
                if (c == 1 and top >= 5) or 10 * c < top:  # "США" -> American Samoa: noise
                    continue
                rec = self.by_qid[qid]
                w = round(0.3 + 0.7 * c / total, 4)
                old = rec.aliases.get(k)
                flags = OBSERVED | (old[1] & ~WEAK if old else 0)
                rec.aliases[k] = (max(w, old[0]) if old else w, flags)

    def person_name_aliases(self, rec: Rec, names: Iterable[str]) -> None:
        """'Александр Сергеевич Пушкин' -> 'Александр Пушкин' and the weak 'Пушкин'."""
        for nm in sorted(set(names)):
            toks = tokens(nm)
            if len(toks) < 2 or not all(t[:1].isupper() for t in toks):
                continue
            if len(toks) == 3 and re.search(r"(вич|вна|ична|оглы|кызы)$", toks[1]):
                self.alias(rec, f"{toks[0]} {toks[2]}", 0.9, forms=True, inflect=False)
            self.alias(rec, nm, 0.9, forms=True, inflect=False)
            if re.search(r"[а-яё]", toks[-1]):
                self.alias(rec, toks[-1], 0.5, WEAK, forms=True, inflect=False)

    def fill_from_nerel(self, by_key: dict[tuple[str, str], Counter[str]],
                        names: dict[str, Counter[str]]) -> None:
        """QIDs for curated people/organisations without one, when NEREL train agrees.

        All NEREL mentions whose key equals the record's full name (or acronym) must link
        to one QID, at least twice, that QID must be in no other record, and its NEREL name
        must not be a lowercase common noun ("министерство внутренних дел").
        """
        for rec in self.recs:
            if rec.qid or not ({"people", "organisations"} & rec.sources):
                continue
            texts = [rec.name] + ([rec.acronym] if rec.acronym else [])
            counts: Counter[str] = Counter()
            for text in texts:
                counts.update(by_key.get((rec.type, key(text)), Counter()))
            if len(counts) != 1:
                continue
            qid, n = next(iter(counts.items()))
            label = names[qid].most_common(1)[0][0] if names[qid] else ""
            if n < 2 or qid in self.by_qid or (label and label[0].islower()):
                continue
            rec.qid, rec.qid_source = qid, "nerel-train"
            self.by_qid[qid] = rec
            self.filled.append((rec.name, qid, n))

    def finalize(self) -> None:
        """Down-weight readings of a key that news usage (NEREL) or a bigger place shadows.

        * a key seen in NEREL train with some entities: the other entities of the same type
          holding it get half weight ("Вашингтон": the city is seen, the states are not);
        * a region named like a country or city of its own country, or a city named like
          its country, gets half weight ("Алматы" the region vs the city, "Алжир").
        """
        by_key: dict[str, list[Rec]] = defaultdict(list)
        for rec in self.recs:
            for k, (_, f) in rec.aliases.items():
                if not f & WEAK:
                    by_key[k].append(rec)
        level = {"country": 0, "city": 1, "region": 2}
        for k, recs in by_key.items():
            if len(recs) < 2:
                continue
            seen = self.observed.get(k, set())
            seen_types = {r.type for r in recs if r.qid in seen}
            for rec in recs:
                w, f = rec.aliases[k]
                factor = 1.0
                if seen and rec.qid not in seen and rec.type in seen_types:
                    factor *= 0.5
                lv = level.get(rec.kind)
                if lv and any(level.get(o.kind, 9) < lv and o.country == rec.country
                              and o is not rec for o in recs):
                    factor *= 0.5
                if factor < 1.0:
                    rec.aliases[k] = (round(w * factor, 4), f)

    # -- output ---------------------------------------------------------------------------
    def prior(self, rec: Rec) -> float:
        n = sum(rec.nerel.values())
        bonus = min(0.1, 0.02 * math.log2(1 + n)) if n else 0.0
        return round(min(1.0, rec.base + bonus), 4)

    def write(self, out: Path) -> dict[str, int]:
        recs = sorted(self.recs, key=lambda r: r.order)
        ids = {r.order: i + 1 for i, r in enumerate(recs)}
        fd, tmp_name = tempfile.mkstemp(suffix=".sqlite", dir=out.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        tmp.unlink()
        con = sqlite3.connect(tmp)
        try:
            con.executescript(SCHEMA)
            con.executemany("INSERT INTO entity VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", [
                (ids[r.order], r.qid, r.name, r.type, r.kind, alt_types(r), r.country, r.code,
                 self.prior(r), r.lat, r.lon, r.acronym, r.population or None, r.given,
                 r.surname, r.patronymic, r.qid_source, ",".join(sorted(r.sources)))
                for r in recs])
            alias_rows = sorted((k, ids[r.order], w, f) for r in recs
                                for k, (w, f) in r.aliases.items())
            con.executemany("INSERT INTO alias VALUES (?,?,?,?)", alias_rows)
            con.executemany("INSERT INTO role VALUES (?,?,?,?,?,?,?)", sorted(
                (rk, c, ids[o], rank, start or None, end or None, label)
                for (rk, c, o), (rank, start, end, label) in self.roles.items()))
            con.executemany("INSERT INTO demonym VALUES (?,?,?,?)",
                            sorted((k, *v) for k, v in self.demonyms.items()))
            meta = {"schema_version": str(SCHEMA_VERSION), "pymorphy3": version("pymorphy3"),
                    "pymorphy3_dicts_ru": version("pymorphy3-dicts-ru"),
                    "entities": str(len(recs)), "aliases": str(len(alias_rows)),
                    "roles": str(len(self.roles)), "demonyms": str(len(self.demonyms)),
                    "qids_filled_from_nerel": str(len(self.filled))}
            con.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
            con.executescript(INDEXES)
            con.commit()
            con.execute("VACUUM")
        finally:
            con.close()
        os.replace(tmp, out)
        return {k: int(v) for k, v in meta.items() if v.isdigit()}


SCHEMA = """
PRAGMA page_size = 4096;
PRAGMA encoding = 'UTF-8';
PRAGMA journal_mode = OFF;
PRAGMA user_version = 1;
CREATE TABLE entity (id INTEGER PRIMARY KEY, qid TEXT, name TEXT NOT NULL, type TEXT NOT NULL,
  kind TEXT NOT NULL, types TEXT NOT NULL, country TEXT, code TEXT, prior REAL NOT NULL,
  lat REAL, lon REAL, acronym TEXT, population INTEGER, given TEXT, surname TEXT,
  patronymic TEXT, qid_source TEXT, sources TEXT NOT NULL);
CREATE TABLE alias (key TEXT NOT NULL, entity INTEGER NOT NULL, weight REAL NOT NULL,
  flags INTEGER NOT NULL, PRIMARY KEY (key, entity)) WITHOUT ROWID;
CREATE TABLE role (role TEXT NOT NULL, country TEXT NOT NULL, entity INTEGER NOT NULL,
  rank INTEGER NOT NULL, start INTEGER, "end" INTEGER, label TEXT,
  PRIMARY KEY (role, country, entity)) WITHOUT ROWID;
CREATE TABLE demonym (key TEXT PRIMARY KEY, alpha2 TEXT NOT NULL, lemma TEXT NOT NULL,
  pos TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID;
"""
INDEXES = """
CREATE INDEX entity_qid ON entity (qid);
CREATE INDEX entity_code ON entity (code);
"""


def version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "unknown"


def place_prior(pop: int) -> float:
    return round(0.25 + 0.65 * min(1.0, math.log10(max(pop, 1)) / 7.5) ** 2, 4)


def first_name_key(k: str, surname: str) -> bool:
    """True when a one-word key is a first name's lemma but not the surname itself."""
    if " " in k or k == surname.lower().replace("ё", "е") or not morph().word_is_known(k):
        return False
    return any("Name" in p.tag for p in morph().parse(k)[:2])


def known_share(name: str) -> float:
    toks = tokens(name)
    return sum(morph().word_is_known(t.lower()) for t in toks) / max(1, len(toks))


def qid_order(qid: str) -> tuple[int, str]:
    return (int(qid[1:]) if qid[1:].isdigit() else 0, qid)


def alt_types(rec: Rec) -> str:
    out = {rec.type}
    total = sum(rec.nerel.values())
    for t, c in rec.nerel.items():
        if c >= 2 and c >= 0.2 * total:
            out.add(t)
    return ",".join(sorted(out))


def clean_nerel_name(name: str, type_: str) -> str:
    name = re.sub(r"\s*\(.*?\)\s*$", "", name).strip()
    if "," in name:
        a, b = (p.strip() for p in name.split(",", 1))
        name = f"{b} {a}" if type_ == "PER" and a and b else a
    return name


def pick_name(names: Counter[str], surfaces: Counter[str]) -> str:
    """NEREL's own name of the link, else the most frequent nominative-looking surface."""
    if names:
        return sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    ranked = sorted(surfaces.items(), key=lambda kv: (-nominative(kv[0]), -kv[1], kv[0]))
    return ranked[0][0]


def nominative(text: str) -> bool:
    toks = tokens(text)
    if not toks:
        return False
    head = morph().parse(toks[0].lower())
    return any("nomn" in p.tag for p in head[:2]) or str(head[0].tag) in ("LATN", "UNKN")


def build(shared: Path, out: Path, fill_qids: bool = True, verbose: bool = False
          ) -> dict[str, int]:
    t0 = time.time()
    b = Builder(shared, fill_qids=fill_qids)
    b.countries()
    by_gid = b.places()
    b.geonames(by_gid)
    b.regions()
    b.organisations()
    b.people()
    b.world_leaders()
    b.demonyms_()
    b.nerel_links()
    b.finalize()
    out.parent.mkdir(parents=True, exist_ok=True)
    stats = b.write(out)
    if verbose:
        for name, qid, n in b.filled:
            print(f"  QID from NEREL train: {name} -> {qid} ({n} mentions)")
        for note in b.notes:
            print(f"  {note}")
        print(f"{out}: {out.stat().st_size:,} bytes, {stats}, {time.time() - t0:.1f} s")
    return stats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared",
                    help="shared material with kb/*.tsv and data/nerel/train")
    ap.add_argument("--out", type=Path, default=ROOT / "svodka" / "kb" / "data" / "kb.sqlite")
    ap.add_argument("--no-nerel-qids", action="store_true",
                    help="do not give curated people/organisations QIDs from NEREL train")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)
    if not (args.shared / "kb" / "countries.tsv").exists():
        ap.error(f"no KB sources in {args.shared / 'kb'}")
    build(args.shared, args.out, fill_qids=not args.no_nerel_qids, verbose=not args.quiet)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
