"""Entities: Natasha NER spans cleaned, filtered, normalised and merged per document.

needs: parse   adds: entities
One entity per real-world referent in the article, with all its name mentions:
full names, surnames ("Токаев" joins "Касым-Жомарт Токаев"), acronyms joined to their
expansion (from the text's own "(ОДКБ)" apposition, the initials of a full name, or the
knowledge base). Role and pronoun mentions are added later by the coreference stage.
Candidates come from ``svodka.extract.entity_candidates``; here they are clustered, names
of artefacts are left out ("шаттл «Дискавери»") and one-word "persons" that are
organisations retyped.
"""

from __future__ import annotations

import re
from collections import Counter

from svodka.doc import Document, Entity, Mention
from svodka.extract.entity_candidates import Cand, candidates, initials, is_acronym
from svodka.extract.entity_groups import bare_mentions, institution_head
from svodka.extract.entity_spans import (
    ARTEFACT_NOUNS,
    ORG_NOUNS,
    coordinated_with,
    introduced_by,
    is_quoted,
    kb_group,
    kb_links_org,
    kb_module,
    lemma_of,
)
from svodka.extract.names import (
    full_first_names,
    may_shorten,
    normalize_person,
    normalize_phrase,
)
from svodka.nlp import Parse, Token
from svodka.nlp.morph import has_tag, normal_word, parses
from svodka.pipeline import Stage

__all__ = ["EntitiesStage", "Cand", "candidates", "cluster", "initials", "is_acronym"]

def _name_of(c: Cand) -> str:
    if c.canonical:
        return c.canonical
    if c.kind == "acronym":
        return c.tokens[0].text
    if c.type == "PER":
        return normalize_person(c.tokens)
    prefer = ("Geox",) if c.type == "LOC" else ("Orgn",)
    return normalize_phrase(c.tokens, prefer=prefer)


def _key(name: str) -> str:
    return normal_word(re.sub(r"\s+", " ", name)).strip()


def cluster(cands: list[Cand]) -> list[list[Cand]]:
    """Group mentions of one referent: same name, surname of a full name, acronym."""
    for c in cands:
        c.name = _name_of(c)
        c.words = _key(c.name).replace("-", " ").split()
        c.key = " ".join(c.words)  # "Братья-мусульмане" == "Братья мусульмане"
    clusters: list[list[Cand]] = []
    by_key: dict[tuple[str, str], int] = {}

    def add(c: Cand, k: int) -> None:
        c.cluster = k
        clusters[k].append(c)
        by_key.setdefault((c.type, c.key), k)

    # longest names first, so that a surname finds the full name wherever it stands
    for c in sorted(cands, key=lambda c: (c.acronym_of is not None, -len(c.words), c.start)):
        if c.acronym_of is not None and c.acronym_of.cluster >= 0:
            add(c, c.acronym_of.cluster)
            continue
        k = by_key.get((c.type, c.key))
        if k is None and c.type == "PER" and len(c.words) <= 2:
            k = _person_match(c, clusters)
        if k is None and c.type in ("ORG", "LOC") and is_acronym(c.tokens[0].text) \
                and len(c.tokens) == 1:
            k = _acronym_match(c, clusters)
        if k is None:
            clusters.append([])
            k = len(clusters) - 1
        add(c, k)
    return clusters


def _person_match(c: Cand, clusters: list[list[Cand]]) -> int | None:
    """A surname, a first name + surname or reordered name that fits one longer name."""
    words = set(c.words)
    hits = set()
    for k, members in enumerate(clusters):
        for m in members:
            if m.type == "PER" and len(m.words) > len(c.words) and words <= set(m.words) and \
                    (len(c.words) > 1 or c.words[0] == m.words[-1] or c.words[0] == m.words[0]) or m.type == "PER" and len(m.words) == len(c.words) > 1 and words == set(m.words):
                hits.add(k)
    if not hits and len(c.words) == 1:
        hits = _short_name_match(c, clusters)
    return hits.pop() if len(hits) == 1 else None


def _short_name_match(c: Cand, clusters: list[list[Cand]]) -> set[int]:
    """"Влад" or "Коля" alone: the one person of the article whose first name it shortens."""
    word = c.words[0]
    if not has_tag(word, "Name", min_score=0.05) and not full_first_names(word):
        return set()
    hits = set()
    for k, members in enumerate(clusters):
        for m in members:
            if m.type == "PER" and len(m.words) > 1 and may_shorten(word, m.words[0]):
                hits.add(k)
    return hits


def _acronym_match(c: Cand, clusters: list[list[Cand]]) -> int | None:
    acr = c.tokens[0].text.upper()
    hits = set()
    for k, members in enumerate(clusters):
        for m in members:
            if m.kind == "name" and len(m.words) > 1 and initials(m.name) == acr or m.kind == "acronym" and m.key == c.key:
                hits.add(k)
    return hits.pop() if len(hits) == 1 else None


def _best_name(members: list[Cand]) -> tuple[str, str]:
    types = Counter(m.type for m in members)
    etype = types.most_common(1)[0][0]
    names = [m for m in members if m.kind == "name" and m.type == etype] or members
    # the fullest form, then the most frequent
    counts = Counter(m.name for m in names)
    best = max(names, key=lambda m: (len(m.words), counts[m.name], -m.start))
    return etype, best.name


def _mention_kind(m: Cand, name_words: int) -> str:
    if m.described:
        return "role"  # "египетская армия": a description of the body, not its name
    if m.kind == "acronym" or (is_acronym(m.tokens[0].text) and len(m.tokens) == 1
                               and m.type != "PER" and name_words > 1):
        return "acronym"
    if m.type == "PER" and len(m.words) == 1 and name_words > 1:
        return "surname"
    return "name"


def _names_an_artefact(parse: Parse, members: list[Cand]) -> bool:
    """"шаттл «Дискавери»", "телескопа Хаббл", "в статье «Жара продолжается»": NER's
    organisation is the name of a vehicle, instrument or work."""
    if not members or _best_name(members)[0] != "ORG":
        return False
    marked = False
    for m in members:
        if introduced_by(parse, m.start, ORG_NOUNS, through_nouns=False, window=2):
            return False
        # the title stands in apposition: quoted or uninflected ("телескопа Хаббл"), not
        # a genitive owner ("в статье Частного корреспондента", "балета Большого театра")
        quoted = is_quoted(parse.text, m.start, m.end)
        apposition = quoted or normal_word(m.tokens[0].text) == lemma_of(m.tokens[0])
        if apposition and introduced_by(parse, m.start, ARTEFACT_NOUNS, through_nouns=False,
                                        through_names=quoted, window=4) or \
                _leading_artefact_noun(m.tokens):
            marked = True
    return marked


def _drop_artefacts(parse: Parse, groups: list[list[Cand]]) -> list[list[Cand]]:
    """Groups that name artefacts, and the quoted names coordinated with them ("шаттлы
    «Индевор» и «Атлантис»"), are left out."""
    marked = [g for g in groups if _names_an_artefact(parse, g)]
    if not marked:
        return groups
    titles = [m.tokens for g in marked for m in g if is_quoted(parse.text, m.start, m.end)]
    keep = []
    for g in groups:
        if any(g is x for x in marked):
            continue
        if titles and all(is_quoted(parse.text, m.start, m.end) for m in g) and \
                any(coordinated_with(parse, m.tokens, titles) for m in g):
            continue
        keep.append(g)
    return keep


def _leading_artefact_noun(tokens: list[Token]) -> bool:
    """"Космический телескоп Хаббл": adjectives, an artefact noun, then the name."""
    for k, t in enumerate(tokens[:-1]):
        if t.pos == "NOUN" and lemma_of(t) in ARTEFACT_NOUNS:
            return t.text[:1].islower() or k == 0 and tokens[k + 1].text[:1].isupper()
        if t.pos != "ADJ":
            return False
    return False


def _person_is_an_organisation(members: list[Cand]) -> bool:
    """NER's one-word "person" that is an organisation: the dictionary has no person's name
    of that form and the KB links it to an organisation and to no one-word person
    ("команда Феррари", "лидера Аль-Кайды", "Викиновостям")."""
    if any(m.type != "PER" or len(m.tokens) != 1 for m in members):
        return False
    word = members[0].tokens[0].text
    ps = [p for p in parses(normal_word(word)) if p.score >= 0.05]
    if not ps or any(g in p.tag for p in ps for g in ("Name", "Surn", "Patr", "anim")):
        return False
    kb = kb_module()
    # people the KB knows by this word alone (not as the surname of a longer name)
    return kb_links_org(word) and kb is not None and \
        all(len(c.name.split()) > 1 for c in kb.lookup(word, "PER"))


class EntitiesStage(Stage):
    name = "entities"
    needs = frozenset({"parse"})
    adds = frozenset({"entities"})

    def __call__(self, doc: Document) -> Document:
        parse: Parse = doc.state["parse"]
        cands = candidates(parse)
        groups = _drop_artefacts(parse, cluster(cands))
        for g in groups:
            if _person_is_an_organisation(g):
                for m in g:
                    m.type = "ORG"
                    m.name = _name_of(m)
        entities: list[Entity] = []
        heads: dict[str, str] = {}
        group_ids: set[str] = set()
        for members in sorted(groups, key=lambda g: min(m.start for m in g)):
            etype, name = _best_name(members)
            n_words = len(name.split())
            mentions = [Mention(m.start, m.end, parse.text[m.start:m.end],
                                _mention_kind(m, n_words))
                        for m in sorted(members, key=lambda m: m.start)]
            country = next((m.country for m in members if m.country), None)
            entities.append(Entity(id=f"e{len(entities) + 1}", type=etype, name=name,
                                   mentions=mentions, country=country))
            _note_body(entities[-1], members, heads, group_ids)
        _add_bare_mentions(parse, entities, heads, group_ids)
        doc.entities = entities
        return doc


def _note_body(e: Entity, members: list[Cand], heads: dict[str, str], groups: set[str]) -> None:
    """Remember which organisations are bodies ("Правительство Болгарии") or groups, so
    that later bare nouns ("правительство", "Мятежники") can join them."""
    if e.type != "ORG":
        return
    if any(m.group for m in members) or kb_group(e.name):
        groups.add(e.id)
    inst = next((m.institution for m in members if m.institution), None)
    if inst is None:
        names = [m for m in members if m.kind == "name" and len(m.tokens) > 1]
        if names:
            best = max(names, key=lambda m: len(m.tokens))
            ids = {t.i for t in best.tokens}
            head = next((t for t in best.tokens if t.head not in ids), best.tokens[0])
            inst = institution_head(head)
    if inst is not None:
        heads[e.id] = inst


def _add_bare_mentions(parse: Parse, entities: list[Entity], heads: dict[str, str],
                       groups: set[str]) -> None:
    if not any(e.type == "ORG" for e in entities):
        return
    covered = bytearray(len(parse.text) + 1)
    for e in entities:
        for m in e.mentions:
            covered[m.start:m.end] = b"\x01" * (m.end - m.start)
    for e, start, end in bare_mentions(parse, entities, heads, groups, covered):
        e.mentions.append(Mention(start, end, parse.text[start:end], "role"))
        e.mentions.sort(key=lambda m: (m.start, m.end))
