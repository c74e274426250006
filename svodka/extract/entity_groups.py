"""Descriptive organisations and groups that NER misses.

Used by ``svodka.extract.entity_candidates`` (new candidates) and
``svodka.extract.entities`` (later mentions joined to them):
- an institution noun with its country or place is one organisation: "Болгарское
  правительство" = "правительство Болгарии" -> "Правительство Болгарии"; "армии Египта",
  "полиция штата Миссури", "полиции РА" (an acronym the article's own country spells out:
  "Республики Армения");
- armed and ethno-political groups named by plural nouns: "мятежники-хуситы" (a group noun
  joined by hyphen to a name the dictionary does not know), "талибы" (a plural that the
  knowledge base knows as an armed group);
- later bare mentions join them when the article has only one such organisation:
  "правительство", "Верховного суда", "Мятежники"; "боевики ИГ" is a mention of ИГ.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from svodka.kb.normalize import could_read_as, lexeme_forms
from svodka.nlp import Parse, Token
from svodka.nlp.morph import is_known, normal_word, parses

# nouns of state bodies that news names by their country or place ("власти Турции" is
# left to the events stage, which reads it as the country itself)
INSTITUTION_HEADS = frozenset({
    "правительство", "кабмин", "армия", "полиция", "милиция", "парламент", "министерство",
    "минобороны", "минфин", "минздрав", "суд", "прокуратура", "генпрокуратура",
    "спецслужба", "разведка", "мэрия", "администрация", "сенат", "конгресс", "посольство",
    "ведомство", "служба", "охрана", "флот", "гвардия", "жандармерия",
})
# acronyms of such bodies (compared in upper case)
INSTITUTION_ACRONYMS = frozenset({"МИД", "МВД", "ФСБ", "СБУ", "МЧС", "КГБ", "ВВС", "ВМС"})
# nouns that need a genitive complement to name a body ("служба безопасности"), and
# those that may take one ("министерство обороны"); others may not ("власти режима")
_NEEDS_COMPLEMENT = frozenset({"служба", "охрана", "ведомство"})
_TAKES_COMPLEMENT = _NEEDS_COMPLEMENT | {"министерство", "МВД", "МИД"}
# administrative nouns between the body and its place ("полиция штата Миссури")
ADMIN_NOUNS = frozenset({"штат", "город", "область", "провинция", "республика", "край",
                         "округ", "район", "графство", "земля", "эмират", "регион"})
# plural nouns by which news refers to armed or political groups
# (descriptive ones only: "террористы", "экстремисты" are labels, not names of a group)
GROUP_NOUNS = frozenset({"мятежник", "боевик", "повстанец", "ополченец", "партизан",
                         "инсургент"})
GROUP_KB_KINDS = frozenset({"military"})

_HEAD_FORMS = lexeme_forms(INSTITUTION_HEADS)
_ADMIN_FORMS = lexeme_forms(ADMIN_NOUNS)
_GROUP_FORMS = lexeme_forms(GROUP_NOUNS)


def _lemma(tok: Token) -> str:
    return tok.lemma.replace("ё", "е")


def institution_head(tok: Token) -> str | None:
    """The institution lemma (or acronym) of ``tok``, or None."""
    if tok.pos not in ("NOUN", "PROPN"):
        return None
    if len(tok.text) <= 4 and tok.text.isupper():
        return tok.text if tok.text in INSTITUTION_ACRONYMS else None
    if not could_read_as(tok.text, _HEAD_FORMS):
        return None
    lem = _lemma(tok)
    return lem if lem in INSTITUTION_HEADS else None


def group_noun(tok: Token) -> bool:
    return tok.pos in ("NOUN", "PROPN") and could_read_as(tok.text, _GROUP_FORMS) and \
        _lemma(tok) in GROUP_NOUNS


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def nominative(tok: Token) -> str:
    """The word in the nominative, its number kept ("армии" -> "армия", "властей" ->
    "власти"); acronyms as written."""
    if tok.text.isupper():
        return tok.text
    case_of = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt",
               "Loc": "loct"}.get(tok.feats.get("Case", ""))
    ps = [p for p in parses(normal_word(tok.text)) if p.tag.POS == "NOUN"]
    if not ps:
        return tok.text.lower()
    best = max(ps, key=lambda p: (case_of is not None and case_of in p.tag, p.score))
    grams = {"nomn"} | ({"plur"} if tok.feats.get("Number") == "Plur" else set())
    form = best.inflect(grams)
    return str(form.word) if form is not None else tok.text.lower()


def genitive(name: str) -> str:
    """"Болгария" -> "Болгарии", "Южная Корея" -> "Южной Кореи"; uninflected words stay."""
    out = []
    for w in name.split():
        ps = [p for p in parses(normal_word(w)) if "nomn" in p.tag and
              p.tag.POS in ("NOUN", "ADJF", "PRTF")]
        form = ps[0].inflect({"gent"}) if ps and not w.isupper() else None
        word = str(form.word) if form is not None else w
        out.append(_cap(word) if w[:1].isupper() else word)
    return " ".join(out)


def _same_sentence_next(parse: Parse, tok: Token) -> Token | None:
    k = tok.i + 1
    if k >= len(parse.tokens):
        return None
    nxt = parse.tokens[k]
    if nxt.sent != tok.sent or parse.text[tok.end:nxt.start] != " ":
        return None
    return nxt


def _adjacent_before(parse: Parse, tok: Token) -> Token | None:
    if tok.i == 0:
        return None
    prev = parse.tokens[tok.i - 1]
    if prev.sent != tok.sent or parse.text[prev.end:tok.start] != " ":
        return None
    return prev


def _agrees(a: Token, b: Token) -> bool:
    return a.feats.get("Case") == b.feats.get("Case") and \
        a.feats.get("Number", "Sing") == b.feats.get("Number", "Sing")


class InstitutionPhrase:
    """A body named with its place: the span, its tokens, a canonical name, a country."""

    def __init__(self, start: int, end: int, tokens: list[Token], name: str,
                 country: str | None, place: tuple[int, int] | None, named: bool = False):
        self.start, self.end, self.tokens = start, end, tokens
        self.name, self.country, self.place = name, country, place
        # written as a name ("министерства иностранных дел", "Правительства России"), not
        # only described ("египетская армия")
        self.named = named


def institution_phrases(parse: Parse, taken: Sequence[tuple[int, int, str]],
                        demonym: Callable[[str], str | None],
                        country_name: Callable[[str], str | None],
                        republic_acronym: Callable[[str], tuple[str, str] | None]
                        ) -> list[InstitutionPhrase]:
    """Institution nouns with a country adjective before or a place in the genitive after.
    ``taken``: (start, end, type) of the candidates so far; bodies inside a name of another
    type are left alone. ``republic_acronym("РА")`` -> ("Республики Армения", "AM")."""
    out: list[InstitutionPhrase] = []
    locs = {s: (s, e) for s, e, t in taken if t == "LOC"}
    acr_starts = {s: (s, e) for s, e, t in taken if t == "ORG"}
    for t in parse.tokens:
        head = institution_head(t)
        if head is None:
            continue
        if any(s <= t.start < e and typ != "LOC" for s, e, typ in taken):
            continue
        # complements: "министерства обороны", "службы безопасности", "внутренних дел"
        last = t
        nxt = _same_sentence_next(parse, t)
        n_comp = 0
        while head in _TAKES_COMPLEMENT and nxt is not None and n_comp < 3 and \
                nxt.text[:1].islower() and \
                nxt.feats.get("Case") == "Gen" and nxt.pos in ("NOUN", "ADJ") and \
                not could_read_as(nxt.text, _ADMIN_FORMS) and nxt.start not in locs:
            last, nxt, n_comp = nxt, _same_sentence_next(parse, nxt), n_comp + 1
        if head in _NEEDS_COMPLEMENT and n_comp == 0:
            continue
        if last.pos == "ADJ":  # "внутренних" without "дел"
            continue
        # adjectives of the body itself: "Верховного суда", "федеральный суд"
        first = t
        prev = _adjacent_before(parse, t)
        country: str | None = None
        while prev is not None and prev.pos == "ADJ" and _agrees(prev, t) and \
                t.i - prev.i <= 2:
            opens = prev.i == parse.sents[t.sent].first
            code = demonym(prev.text) if prev.text[:1].islower() or opens else None
            if code:
                country = code
                first = prev
                break
            if not prev.text[:1].islower() and not opens:
                break
            first, prev = prev, _adjacent_before(parse, prev)
        named = n_comp > 0 or t.text[:1].isupper() and t.i != parse.sents[t.sent].first
        body = [x for x in parse.tokens[first.i:last.i + 1]]
        place_tok = nxt
        if place_tok is not None and could_read_as(place_tok.text, _ADMIN_FORMS) and \
                place_tok.feats.get("Case") == "Gen" and place_tok.text[:1].islower():
            place_tok = _same_sentence_next(parse, place_tok)
        if country is None and (place_tok is None or place_tok.start not in locs and
                                place_tok.start not in acr_starts):
            continue
        body_name = _body_name(body[1:] if country else body, t)
        rep = republic_acronym(place_tok.text) if place_tok is not None and \
            place_tok.text.isupper() and place_tok.start in (locs.keys() | acr_starts.keys()) \
            else None
        if country is None and place_tok is not None and rep is not None:
            ps, pe = locs.get(place_tok.start) or acr_starts[place_tok.start]
            toks = [x for x in parse.tokens[first.i:] if x.end <= pe]
            out.append(InstitutionPhrase(first.start, pe, toks, body_name + " " + rep[0],
                                         rep[1], (ps, pe), named))
            continue
        if country is None and place_tok is not None and place_tok.start in locs:
            ps, pe = locs[place_tok.start]
            toks = [x for x in parse.tokens[first.i:] if x.end <= pe]
            words = [x.text for x in parse.tokens[last.i + 1:toks[-1].i + 1]]
            out.append(InstitutionPhrase(first.start, pe, toks,
                                         body_name + " " + " ".join(words), None, (ps, pe),
                                         named))
            continue
        if country is not None and first is not t and (nxt is None or nxt.start not in locs):
            cname = country_name(country)
            if cname:
                out.append(InstitutionPhrase(first.start, last.end, body,
                                             body_name + " " + genitive(cname), country, None,
                                             named))
    return out


def _body_name(body: list[Token], head: Token) -> str:
    """"Верховного суда" -> "Верховный суд"; complements after the head keep their form."""
    words: list[str] = []
    for x in body:
        if x.i < head.i:
            words.append(_adj_nominative(x, head))
        elif x is head:
            words.append(nominative(x))
        else:
            words.append(x.text)
    return _cap(" ".join(words))


def _adj_nominative(adj: Token, head: Token) -> str:
    ps = [p for p in parses(normal_word(adj.text)) if p.tag.POS == "ADJF"]
    if not ps:
        return adj.text.lower()
    gender = {"Masc": "masc", "Fem": "femn", "Neut": "neut"}.get(head.feats.get("Gender", ""))
    grams = {"nomn"}
    if head.feats.get("Number") == "Plur":
        grams.add("plur")
    elif gender:
        grams.add(gender)
    form = ps[0].inflect(grams)
    return str(form.word) if form is not None else adj.text.lower()


def group_spans(parse: Parse, kb_group: Callable[[str], str | None]
                ) -> list[tuple[int, int, Token, str]]:
    """(start, end, token, canonical name) of group names: the name part of "мятежники-
    хуситы" when the dictionary does not know it, its later occurrences, and plurals the
    KB knows as armed groups ("талибы" -> "Талибан")."""
    out: list[tuple[int, int, Token, str]] = []
    names: dict[str, str] = {}
    for t in parse.tokens:
        if "-" not in t.text or t.pos not in ("NOUN", "PROPN"):
            continue
        left, _, right = t.text.partition("-")
        if not right or not right[:1].isalpha() or right.isupper():
            continue
        lp = parses(normal_word(left))
        if not lp or lp[0].normal_form.replace("ё", "е") not in GROUP_NOUNS:
            continue
        rp = normal_word(right)
        kb_name = kb_group(rp)
        rps = parses(rp)
        unknown = bool(rps) and not is_known(rps[0].normal_form)
        if not (kb_name or unknown):
            continue
        name = kb_name or _cap(_plural_nominative(rp))
        start = t.start + len(left) + 1
        out.append((start, t.end, t, name))
        names[rp] = name
        if rps:
            names[rps[0].normal_form] = name
    for t in parse.tokens:
        if t.pos not in ("NOUN", "PROPN", "X") or "-" in t.text or not (
                t.text[:1].islower() or t.i == parse.sents[t.sent].first):
            continue
        low = normal_word(t.text)
        found = names.get(low)
        if found is None and t.feats.get("Number") == "Plur" and \
                t.feats.get("Animacy") == "Anim" and low[-1:] in "ыи":
            found = kb_group(low)
        if found is None and names and low not in names:
            ps = parses(low)
            found = names.get(ps[0].normal_form) if ps else None
        if found is not None:
            out.append((t.start, t.end, t, found))
    return out


def _plural_nominative(word: str) -> str:
    ps = parses(word)
    if not ps or "Fixd" in ps[0].tag or ps[0].tag.POS != "NOUN":
        return word
    form = ps[0].inflect({"nomn", "plur"})
    return str(form.word) if form is not None else word


def bare_mentions(parse: Parse, entities: Sequence[Any], heads: dict[str, str],
                  groups: set[str], covered: bytearray) -> list[tuple[Any, int, int]]:
    """Later bare mentions of a body or a group: (entity, start, end). ``heads``: entity id
    -> institution lemma; ``groups``: ids of group entities. A bare noun joins only the one
    entity of its lemma, and never when it has a place or name of its own."""
    by_head: dict[str, list[Any]] = {}
    for e in entities:
        if e.id in heads:
            by_head.setdefault(heads[e.id], []).append(e)
    group_ents = [e for e in entities if e.id in groups]
    ents_at: dict[int, Any] = {}
    for e in entities:
        for m in e.mentions:
            ents_at[m.start] = e
    out: list[tuple[Any, int, int]] = []
    for t in parse.tokens:
        if covered[t.start]:
            continue
        lem = institution_head(t) if by_head else None
        target = None
        if lem is not None and len(by_head.get(lem, [])) == 1:
            target = by_head[lem][0]
        elif group_noun(t) and t.feats.get("Number") == "Plur":
            named = [parse.tokens[c.i] for c in parse.children(t.i)
                     if c.rel in ("nmod", "appos") and c.start in ents_at]
            if named:
                e = ents_at[named[0].start]
                if e.type == "ORG":
                    out.append((e, t.start, t.end))
                continue
            target = group_ents[0] if len(group_ents) == 1 else None
        if target is None:
            continue
        if t.rel == "nmod" and t.feats.get("Case") == "Gen" and t.head >= 0 and \
                parse.tokens[t.head].pos == "NOUN":
            continue  # "решение суда": the phrase is about the decision, not the court
        if any(c.i > t.i and (c.rel in ("nmod", "appos", "flat") or c.rel == "amod" and (
                c.text[:1].isupper() or covered[c.start])) for c in parse.children(t.i)):
            continue  # "суд Москвы", "суд присяжных": another body
        start = t.start
        prev = _adjacent_before(parse, t)
        while prev is not None and prev.pos == "ADJ" and _agrees(prev, t) and \
                prev.text[:1].islower() and not covered[prev.start]:
            start, prev = prev.start, _adjacent_before(parse, prev)
        out.append((target, start, t.end))
    return out
