"""Label targets: phrase spans, group phrases joined within an article, referents of pronouns.

Unnamed groups are referred to by several terms in one article ("протестующие",
"митингующие", "демонстранты", "участники акций"); each term belongs to a group class, and
the class's canonical term in an article is its most frequent term there (ties: the earliest).
A label about any of the terms gets ``target.extra["group"]`` = that canonical lemma, and a
label whose own words are the only reference to its target ("террористические банды" in
"заявил, что «террористические банды» берут под контроль") is joined to the group that the
same article labels with the same category ("назвал митингующих террористами").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from svodka.doc import Document, Entity
from svodka.extract.label_lexicon import _forms
from svodka.nlp import Parse, Token
from svodka.nlp.morph import normal_word

# group class -> terms (lemmas; participles in their masculine nominative singular form)
GROUP_CLASSES: dict[str, tuple[str, ...]] = {
    "protesters": ("протестующий", "митингующий", "демонстрант", "манифестант", "пикетчик",
                   "забастовщик", "бастующий", "участник"),
    "protests": ("протест", "митинг", "демонстрация", "манифестация", "шествие", "забастовка",
                 "пикет", "акция", "беспорядок", "волнение"),
    "armed": ("боевик", "повстанец", "ополченец", "сепаратист", "мятежник", "бунтовщик",
              "инсургент", "партизан", "наемник"),
    "security": ("силовик", "полицейский", "военнослужащий", "спецназовец", "омоновец",
                 "пограничник"),
}
# terms that belong to their class only with a dependent of the protest vocabulary:
# "участники акции", "акции протеста", "протестные акции"
_NEEDS_PROTEST_DEP = {"участник", "акция", "волнение"}
_PROTEST_DEPS = {"протест", "акция", "митинг", "демонстрация", "шествие", "протестный",
                 "забастовка", "пикет", "протестовать"}
PRONOUNS_SING = {"он": "Masc", "его": "Masc", "него": "Masc", "ему": "Masc", "нему": "Masc",
                 "им": "Masc", "она": "Fem", "ее": "Fem", "её": "Fem", "нее": "Fem", "ней": "Fem"}
PRONOUNS_PLUR = {"они", "их", "них", "им", "ими", "ними"}
DEMONSTRATIVES = {"этот", "тот", "данный", "такой", "сам", "весь", "каждый", "любой",
                  "некоторый", "подобный", "свой", "наш", "ваш", "мой", "твой", "их", "его",
                  "ее", "очередной", "он", "она", "оно", "они", "который", "чей"}


@lru_cache(maxsize=1)
def _group_index() -> dict[str, tuple[str, str]]:
    """surface form -> (group class, term)."""
    out: dict[str, tuple[str, str]] = {}
    for cls, terms in GROUP_CLASSES.items():
        for term in terms:
            adjective = term.endswith(("щий", "вший"))
            for f in _forms(term, adjective):
                out.setdefault(f, (cls, term))
    return out


def group_term(tok: Token, kids: list[list[int]], tokens: list[Token],
               protest_article: bool = False) -> tuple[str, str] | None:
    """(group class, term) if ``tok`` refers to an unnamed group or a protest act. In an
    article about protests a bare "акция" is the protest ("вышедших на акцию")."""
    found = _group_index().get(normal_word(tok.text))
    if found is None or tok.pos not in ("NOUN", "VERB", "ADJ", "PROPN"):
        return None
    cls, term = found
    if term in _NEEDS_PROTEST_DEP:
        deps = {tokens[k].lemma for k in kids[tok.i]}
        deps |= {tokens[g].lemma for k in kids[tok.i] for g in kids[k]}
        if not deps & _PROTEST_DEPS and not (protest_article and term == "акция"):
            return None
        if term == "участник":
            return cls, "участник акции"
        if term == "акция":
            return cls, "акция протеста"
    return cls, term


@dataclass
class GroupMention:
    start: int
    end: int
    cls: str
    term: str
    head: int  # token index


@dataclass
class Groups:
    """The group terms of one article and their canonical term per class."""

    mentions: list[GroupMention] = field(default_factory=list)
    canonical: dict[str, str] = field(default_factory=dict)

    def canonical_of(self, cls: str) -> str | None:
        return self.canonical.get(cls)

    def representative(self, cls: str, near: int) -> GroupMention | None:
        """The mention of the class's canonical term nearest to offset ``near``."""
        term = self.canonical.get(cls)
        cands = [m for m in self.mentions if m.cls == cls and m.term == term]
        if not cands:
            return None
        return min(cands, key=lambda m: (abs(m.start - near), m.start > near))

    def at(self, head: int) -> GroupMention | None:
        for m in self.mentions:
            if m.head == head:
                return m
        return None


def find_groups(parse: Parse, kids: list[list[int]]) -> Groups:
    out = Groups()
    counts: Counter[tuple[str, str]] = Counter()
    first: dict[tuple[str, str], int] = {}
    protest_article = any(
        (g := group_term(t, kids, parse.tokens)) is not None and g[0] == "protests"
        for t in parse.tokens)
    for t in parse.tokens:
        found = group_term(t, kids, parse.tokens, protest_article)
        if found is None:
            continue
        cls, term = found
        out.mentions.append(GroupMention(t.start, t.end, cls, term, t.i))
        counts[found] += 1
        first.setdefault(found, t.start)
    for cls in GROUP_CLASSES:
        cands = [(n, -first[key], key[1]) for key, n in counts.items() if key[0] == cls]
        if cands:
            out.canonical[cls] = max(cands)[2]
    return out


# -- phrases ----------------------------------------------------------------------------------

def children(parse: Parse) -> list[list[int]]:
    kids: list[list[int]] = [[] for _ in parse.tokens]
    for t in parse.tokens:
        if t.head >= 0:
            kids[t.head].append(t.i)
    return kids


def ancestors(parse: Parse, tok: Token, limit: int = 12) -> list[Token]:
    """The chain of heads above ``tok`` (cycle-safe)."""
    out: list[Token] = []
    seen = {tok.i}
    cur = tok
    while cur.head >= 0 and len(out) < limit:
        cur = parse.tokens[cur.head]
        if cur.i in seen:
            break
        seen.add(cur.i)
        out.append(cur)
    return out


def dominates(parse: Parse, top: Token, tok: Token) -> bool:
    return tok.i == top.i or any(a.i == top.i for a in ancestors(parse, tok))


_LEFT_RELS = {"amod", "det", "nummod", "compound", "flat", "flat:name", "nmod", "appos", "cc",
              "conj"}
_RIGHT_RELS = {"nmod", "flat", "flat:name", "appos", "amod", "compound", "case", "det",
               "fixed", "nummod", "conj", "cc"}
_QUOTES = "«»\"“”„'"


def phrase(parse: Parse, kids: list[list[int]], head: Token, *, right: bool = True,
           left_drop: set[str] | None = None, max_right: int = 10,
           conj: bool = False) -> tuple[int, int]:
    """Token range [first, last] of the noun phrase headed by ``head``: agreeing and
    determining words on the left, genitive/prepositional dependents on the right, never
    across a comma, a dash, a line break, a closing quote or a clause. Conjuncts joined by a
    bare "и"/"или" are kept when ``conj`` ("убийцей и поджигателем")."""
    toks = parse.tokens
    text = parse.text
    sent = parse.sents[head.sent]
    first = head.i
    k = head.i - 1
    while k >= sent.first:
        t = toks[k]
        if "\n" in text[t.end:toks[k + 1].start]:
            break
        if t.pos == "PUNCT":
            if t.text in _QUOTES:
                k -= 1
                continue
            break
        if not dominates(parse, head, t) or _depth(parse, head, t) > 3:
            break
        if t.rel not in _LEFT_RELS:
            break
        if left_drop and (t.lemma in left_drop or t.rel in left_drop):
            break
        first = k
        k -= 1
    while first < head.i and (toks[first].text in _QUOTES or toks[first].pos == "CCONJ"):
        first += 1
    inner = sum(1 for t in toks[first:head.i + 1] if t.text in _QUOTES)
    last = head.i
    if right:
        k = head.i + 1
        while k < sent.last and k - head.i <= max_right:
            t = toks[k]
            if "\n" in text[toks[k - 1].end:t.start]:
                break
            if t.pos == "PUNCT":
                if t.text not in _QUOTES or inner % 2 == 0 and _closing(toks, k):
                    break  # a quote opened before the phrase closes it
                inner += 1
                last = k if inner % 2 == 0 else last
                k += 1
                continue
            if not dominates(parse, head, t):
                break
            chain = [t, *ancestors(parse, t)][:_depth(parse, head, t)]
            rels = {a.rel for a in chain}
            if rels - _RIGHT_RELS:
                break
            if rels & {"conj", "cc"} and not (conj and _bare_conj(parse, head, t)):
                break
            if t.pos == "VERB" and t.feats.get("VerbForm") not in ("Part",):
                break
            last = k
            k += 1
    while last > head.i and (toks[last].pos in ("CCONJ", "ADP") or toks[last].text in _QUOTES
                             and sum(1 for t in toks[first:last + 1] if t.text in _QUOTES) % 2):
        last -= 1
    return first, last


def _closing(toks: list[Token], k: int) -> bool:
    """Is the quote at ``k`` a closing one (glued to the word before it)?"""
    t = toks[k]
    if t.text in "»”":
        return True
    if t.text in "«„":
        return False
    return k > 0 and toks[k - 1].end == t.start


def _bare_conj(parse: Parse, head: Token, t: Token) -> bool:
    """``t`` is (inside) a conjunct of ``head`` joined by "и"/"или" with no comma."""
    toks = parse.tokens
    between = toks[head.i + 1:t.i + 1]
    return not any(x.text == "," for x in between)


def _depth(parse: Parse, top: Token, tok: Token) -> int:
    """Number of arcs from ``tok`` up to ``top``."""
    n = 0
    cur = tok
    while cur.i != top.i and n < 12:
        cur = parse.tokens[cur.head]
        n += 1
    return n


def is_negated(parse: Parse, kids: list[list[int]], *heads: Token) -> bool:
    """"не угроза", "никакие они не террористы", "не является агрессией"."""
    for h in heads:
        for k in kids[h.i]:
            t = parse.tokens[k]
            if t.lemma in ("не", "ни") and t.i < h.i + 1:
                return True
            if t.lemma in ("никакой", "нисколько", "отнюдь", "вовсе"):
                return True
            if t.rel.startswith("nsubj") and any(parse.tokens[g].lemma == "никакой"
                                                 for g in kids[t.i]):
                return True
    return False


# -- pronoun referents --------------------------------------------------------------------------

def pronoun_referent(doc: Document, parse: Parse, kids: list[list[int]], tok: Token
                     ) -> tuple[str | None, int, int] | None:
    """What an object pronoun refers to ("назвав его «справедливым»", "называющие его
    диктатором"): the nearest earlier subject or object of the same sentence that agrees in
    gender and number, else the nearest earlier person of that gender within three sentences.
    Returns (entity id or None, start, end) of the referring phrase."""
    word = normal_word(tok.text)
    gender = PRONOUNS_SING.get(word)
    plural = word in PRONOUNS_PLUR
    if gender is None and not plural:
        return None
    genders = ("Masc", "Neut") if gender == "Masc" else ("Fem",)
    sent = parse.sents[tok.sent]
    for t in reversed(parse.tokens[sent.first:tok.i]):
        if t.rel not in ("nsubj", "obj", "nsubj:pass") or t.pos not in ("NOUN", "PROPN"):
            continue
        if plural and t.feats.get("Number") != "Plur":
            continue
        if not plural and (t.feats.get("Number") != "Sing"
                           or t.feats.get("Gender") not in genders):
            continue
        first, last = phrase(parse, kids, t, max_right=4)
        ps, pe = parse.tokens[first].start, parse.tokens[last].end
        for e in doc.entities:
            for m in e.mentions:
                if ps <= m.start < pe:  # "социалист Мадуро": the person named in the phrase
                    named = name_mention(e, m.start) if m.kind in ("role", "pronoun") else None
                    s, end = named or (m.start, m.end)
                    return e.id, s, end
        return None, ps, pe
    if plural:
        return None
    best: tuple[int, Entity, int, int] | None = None
    for e in doc.entities:
        if e.type != "PER":
            continue
        for m in e.mentions:
            if m.end > tok.start or m.kind == "pronoun":
                continue
            mt = parse.token_at(m.start)
            if mt is None or tok.sent - mt.sent > 3:
                continue
            if best is None or m.start > best[0]:
                best = (m.start, e, m.start, m.end)
    if best is None:
        return None
    return best[1].id, best[2], best[3]


def name_mention(entity: Entity, near: int) -> tuple[int, int] | None:
    """The name (or surname) mention of ``entity`` nearest before ``near`` (else after)."""
    names = [m for m in entity.mentions if m.kind in ("name", "surname", "acronym")]
    if not names:
        return None
    before = [m for m in names if m.start <= near]
    m = before[-1] if before else names[0]
    return m.start, m.end
