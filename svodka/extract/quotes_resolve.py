"""Second look at speakers once every quote is found, using the whole article's entities.

The speaker phrase of a quote names its entity through the mention over its head word
(``quotes_speaker``). Some phrases name nobody there and yet the article says who it is:

- a short name beside a fuller one: "Челах" after "дед рядового Владимир Челах" (two
  Chelakhs in the article), "МВД" after "МВД Украины" — the fuller name mentioned last;
- a noun for a person already named: "по словам женщины" right after "Светлану Ващенко"
  (the last person of that sex within a few paragraphs);
- a role with a country: "По словам турецкого лидера" after "президент Турции Реджеп
  Тайип Эрдоган" (the last person of that country holding a compatible office);
- an institution by its kind: "сообщило министерство" after "МВД Украины" (the last
  organisation whose name, or whose knowledge-base name, starts with that noun).

None of these applies to anonymous phrases ("неназванный представитель", "один из
экспертов", "источник"), which keep entity null.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from functools import lru_cache

from svodka.doc import Document, Entity
from svodka.extract import roles
from svodka.extract import speech_lexicon as lex
from svodka.extract.quotes_speaker import Speaker, Tree
from svodka.nlp import Token
from svodka.nlp.morph import normal_word, parses

# how far back an anaphoric noun looks for the person it stands for (characters)
PERSON_WINDOW = 700
ROLE_WINDOW = 1500

# (kinship nouns are left out: "мать погибшего" is often someone never named)
SEX_NOUNS: dict[str, str] = {
    "женщина": "femn", "девушка": "femn", "девочка": "femn", "старушка": "femn",
    "пенсионерка": "femn", "мужчина": "masc", "парень": "masc", "юноша": "masc",
    "мальчик": "masc", "старик": "masc", "пенсионер": "masc",
}

# nouns that name an institution by its kind ("министерство", "ведомство")
INSTITUTION_NOUNS = frozenset("""министерство ведомство партия полиция агентство компания
    суд комитет служба правительство организация движение фонд банк издание газета телеканал
    прокуратура администрация концерн корпорация холдинг парламент""".split())
# an "ведомство" is any ministry, agency or service
_GENERIC_KIND = {"ведомство": {"министерство", "агентство", "служба", "комитет",
                                "департамент", "управление", "ведомство"}}

# offices that are the same person when a country is named ("турецкий лидер" = its president)
_LEADERS = {"head_of_state", "head_of_government", "leader", "head"}
_PRONOUN_SEX = {"он": "masc", "она": "femn"}
_DETERMINERS = {"этот", "тот", "данный", "сам", "его", "ее", "её", "их", "свой"}


class SpeakerResolver:
    """Speakers of one document resolved against its entities (mentions indexed once)."""

    def __init__(self, doc: Document, tree: Tree):
        self.doc = doc
        self.tree = tree
        self.by_id = {e.id: e for e in doc.entities}
        pairs = sorted((m.start, e.id) for e in doc.entities for m in e.mentions)
        self.mention_starts = [p[0] for p in pairs]
        self.mention_ents = [p[1] for p in pairs]

    def refine(self, quotes: Iterable[tuple[Speaker, int]]) -> None:
        """Resolve each (speaker, start of its quote); a speaker shared by several quotes
        is resolved once."""
        done: set[int] = set()
        for sp, quote_start in quotes:
            if id(sp) in done:
                continue
            done.add(id(sp))
            if sp.entity is not None:
                sp.entity = self.country_of_city(self.fuller_entity(sp.entity, sp.start))
            elif sp.head.pos == "NOUN" and not self.anonymous(sp.head):
                sp.entity = self.noun_entity(sp.head, sp.start)
            elif sp.head.pos == "PRON" and sp.head.text.lower() in _PRONOUN_SEX:
                # names inside the quotation are not who says it
                sp.entity = self.pronoun_entity(sp.head, min(sp.start, quote_start))

    # -- helpers ---------------------------------------------------------------------------
    def entities_before(self, at: int, window: int | None = None) -> list[Entity]:
        """Entities by their last mention before ``at``, most recent first."""
        k = bisect_left(self.mention_starts, at)
        out: list[Entity] = []
        seen: set[str] = set()
        for j in range(k - 1, -1, -1):
            if window is not None and at - self.mention_starts[j] > window:
                break
            eid = self.mention_ents[j]
            if eid not in seen:
                seen.add(eid)
                out.append(self.by_id[eid])
        return out

    def anonymous(self, head: Token) -> bool:
        return any(c.lemma in lex.ANONYMOUS or c.lemma in ("другой", "какой-то", "многие")
                   for c in self.tree.children(head.i))

    # -- a short name beside a fuller one ----------------------------------------------------
    def fuller_entity(self, eid: str, at: int) -> str:
        e = self.by_id.get(eid)
        if e is None or e.kb_id is not None or e.type not in ("PER", "ORG"):
            return eid
        words = _words(e.name)
        if not words or (e.type == "PER" and len(words) != 1):
            return eid
        for cand in self.entities_before(at):
            if cand.id == eid or cand.type != e.type:
                continue
            cw = _words(cand.name)
            if len(cw) <= len(words):
                continue
            if (e.type == "PER" and cw[-1] == words[0]) or \
                    (e.type == "ORG" and cw[:len(words)] == words):
                return cand.id
        return eid

    # -- a city for its state ---------------------------------------------------------------
    def country_of_city(self, eid: str) -> str:
        """"По словам Сеула": a city that speaks is its country's government (the country
        entity of the article, when the article names it)."""
        e = self.by_id.get(eid)
        if e is None or e.type != "LOC" or not e.country or not e.kb_id or \
                _kb_kind(e.kb_id) != "city":
            return eid
        for c in self.doc.entities:
            if c.type == "LOC" and c.country == e.country and c.id != eid and _is_country(c):
                return c.id
        return eid

    # -- "он" that coreference left open ------------------------------------------------------
    def pronoun_entity(self, pron: Token, at: int) -> str | None:
        """"…», — сказал он": the last person named before the quotation, of the pronoun's
        sex (or of a name whose sex is unknown), within a few paragraphs."""
        sex = _PRONOUN_SEX[pron.text.lower()]
        for e in self.entities_before(at, PERSON_WINDOW):
            if e.type == "PER" and person_sex(e.name) in (sex, None):
                return e.id
        return None

    # -- a noun for someone named before ---------------------------------------------------
    def noun_entity(self, head: Token, at: int) -> str | None:
        lemma = head.lemma
        if head.feats.get("Number") == "Plur" and lemma not in INSTITUTION_NOUNS:
            return None
        if not any(c.rel == "nmod" for c in self.tree.children(head.i)):
            same = self.same_noun_entity(head)
            if same is not None:
                return same
        sex = SEX_NOUNS.get(lemma)
        if sex is not None and not self.described(head):
            for e in self.entities_before(at, PERSON_WINDOW):
                if e.type == "PER" and person_sex(e.name) == sex:
                    return e.id
            return None
        cls = roles.role_class(lemma)
        if cls is not None and cls in roles.UNIQUE_CLASSES:
            return self.role_entity(head, cls, at)
        if lemma in INSTITUTION_NOUNS and self.bare(head):
            kinds = _GENERIC_KIND.get(lemma, {lemma})
            for e in self.entities_before(at):
                if e.type == "ORG" and _first_lemma_of(e) & kinds:
                    return e.id
        return None

    def same_noun_entity(self, head: Token) -> str | None:
        """"велогонщик подчеркнул" after "велогонщик Лэнс Армстронг", "как пишет газета"
        after "газета The Guardian": the noun last seen naming someone."""
        toks = self.tree.parse.tokens
        want = "PER" if head.feats.get("Animacy") == "Anim" else "ORG"
        for t in reversed(toks[:head.i]):
            if t.lemma != head.lemma or t.pos != "NOUN":
                continue
            k = t.i + 1
            while k < len(toks) and k - t.i <= 3 and toks[k].pos == "PUNCT" and \
                    toks[k].text in "«\"„“":
                k += 1
            for pos in (t.start, toks[k].start if k < len(toks) else -1):
                for e in self.entities_at(pos):
                    if e.type == want:
                        return e.id
        return None

    def entities_at(self, offset: int) -> list[Entity]:
        return [e for e in self.doc.entities
                if any(m.start <= offset < m.end for m in e.mentions)]

    def described(self, head: Token) -> bool:
        """"27-летняя женщина", "пожилой мужчина": someone introduced here, not named
        before ("Сама женщина", "эта женщина" are not described)."""
        return any(c.rel in ("amod", "nummod") and c.lemma not in _DETERMINERS
                   for c in self.tree.children(head.i))

    def bare(self, head: Token) -> bool:
        """Only determiners around the noun: "министерство", "это ведомство"."""
        return all(c.pos == "PUNCT" or c.lemma in _DETERMINERS or c.rel == "case"
                   for c in self.tree.children(head.i))

    def role_entity(self, head: Token, cls: str, at: int) -> str | None:
        """"турецкого лидера" -> the last person of that country in a compatible office."""
        country = None
        for c in self.tree.children(head.i, "amod", "nmod"):
            for e in self.doc.entities:
                if e.type == "LOC" and e.country and e.kb_id and \
                        any(m.start <= c.start < m.end for m in e.mentions) and _is_country(e):
                    country = e.country
        if country is None:
            return None
        for e in self.entities_before(at, ROLE_WINDOW):
            if e.type != "PER" or e.country != country:
                continue
            held = {roles.role_class(_lemma(m.text.split()[0])) for m in e.mentions
                    if m.kind == "role" and m.text.split()}
            if cls in held or (cls in _LEADERS and held & _LEADERS):
                return e.id
        return None


def _words(name: str) -> list[str]:
    return normal_word(name).replace("«", "").replace("»", "").split()


@lru_cache(maxsize=4096)
def _lemma(word: str) -> str:
    ps = parses(normal_word(word))
    return normal_word(ps[0].normal_form) if ps else normal_word(word)


def _first_lemma_of(e: Entity) -> set[str]:
    out = set()
    words = _words(e.name)
    if words:
        out.add(_lemma(words[0]))
    kb_name = _kb_name(e.kb_id) if e.kb_id else None
    if kb_name:
        out.add(_lemma(kb_name.split()[0]))
    return out


@lru_cache(maxsize=4096)
def person_sex(name: str) -> str | None:
    """The sex of a person's name from its first word ("Светлана Ващенко" -> femn)."""
    words = name.split()
    if not words:
        return None
    for p in parses(words[0]):
        if "Name" in p.tag or "Surn" in p.tag:
            g = p.tag.gender
            return g if g in ("masc", "femn") else None
    return None


@lru_cache(maxsize=4096)
def _kb_entry(qid: str) -> tuple[str, str] | None:
    """(name, kind) of a knowledge-base entity."""
    from svodka.kb import by_qid

    cand = by_qid(qid)
    return (cand.name, cand.kind) if cand is not None else None


def _kb_kind(qid: str) -> str | None:
    entry = _kb_entry(qid)
    return entry[1] if entry else None


def _kb_name(qid: str) -> str | None:
    entry = _kb_entry(qid)
    return entry[0] if entry and entry[0].split() else None


def _is_country(e: Entity) -> bool:
    return bool(e.kb_id) and _kb_kind(e.kb_id or "") == "country"
