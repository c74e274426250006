"""Who said it: the speaker phrase of a speech cue and the entity it refers to.

The speaker phrase comes from the dependency parse (the subject of the speech verb, the
owner of "по словам X", the author of the document in "в заявлении МВД говорится"); the
entity is whichever entity has a mention over the phrase's head word. Entities gain role
and pronoun mentions from the coreference stage, so "Он заявил" and "Глава государства
заявил" resolve as soon as coreference knows who "Он" and "Глава государства" are; a head
with no mention keeps its span with entity null (anonymous sources: "источник", "эксперт").
"""

from __future__ import annotations

from dataclasses import dataclass

from svodka.doc import Document
from svodka.extract import speech_lexicon as lex
from svodka.nlp import Parse, Token

_SUBJ = ("nsubj", "nsubj:pass")
_PHRASE_RELS = {"amod", "nmod", "flat", "flat:name", "flat:foreign", "appos", "compound",
                "det", "nummod", "nummod:gov", "case", "punct"}
_FIRST_SECOND = {"я", "мы", "ты", "вы"}
_RELATIVE = {"который", "что", "кто"}
_KIND_RANK = {"PER": 0, "ORG": 1, "LOC": 2}


@dataclass(slots=True)
class Speaker:
    head: Token
    start: int
    end: int
    entity: str | None


class Tree:
    """Children lists and subtree extents over a parse, built once per document."""

    def __init__(self, parse: Parse):
        self.parse = parse
        self.kids: list[list[int]] = [[] for _ in parse.tokens]
        for t in parse.tokens:
            if t.head >= 0:
                self.kids[t.head].append(t.i)

    def children(self, i: int, *rels: str) -> list[Token]:
        toks = self.parse.tokens
        return [toks[k] for k in self.kids[i] if not rels or toks[k].rel in rels]

    def subtree(self, i: int, skip: frozenset[str] = frozenset()) -> list[int]:
        out, todo, seen = [], [i], set()
        while todo:
            k = todo.pop()
            if k in seen:
                continue
            seen.add(k)
            out.append(k)
            todo.extend(c for c in self.kids[k] if self.parse.tokens[c].rel not in skip)
        return out


def speaker_entity(doc: Document, start: int, end: int) -> str | None:
    """The entity with a mention overlapping ``[start, end)`` (the speaker's head word).

    Persons win over organisations, organisations over places; among equals the mention
    that covers most of the span wins."""
    best: tuple[int, int, str] | None = None
    for e in doc.entities:
        for m in e.mentions:
            if m.start < end and start < m.end:
                overlap = min(end, m.end) - max(start, m.start)
                key = (_KIND_RANK.get(e.type, 3), -overlap, e.id)
                if best is None or key < best:
                    best = key
    return best[2] if best else None


def phrase_span(tree: Tree, head: Token) -> tuple[int, int]:
    """The contiguous noun phrase around ``head``: modifiers, genitives, names, never a
    relative clause, a coordinated second subject or anything past a comma."""
    parse = tree.parse
    keep = set(tree.subtree(head.i, frozenset({"acl", "acl:relcl", "conj", "cc", "parataxis",
                                               "advcl", "ccomp", "csubj"})))
    sent = parse.sents[head.sent]
    first = last = head.i
    toks = parse.tokens
    k = head.i - 1
    while k >= sent.first and k in keep and toks[k].text not in ",;:—–-(" and \
            "\n" not in parse.text[toks[k].end:toks[k + 1].start]:
        first = k
        k -= 1
    k = head.i + 1
    while k < sent.last and k in keep and toks[k].text not in ",;:—–-()" and \
            "\n" not in parse.text[toks[k - 1].end:toks[k].start]:
        last = k
        k += 1
    while first < last and toks[first].pos == "PUNCT" and toks[first].text not in "«\"„“":
        first += 1
    while last > first and toks[last].pos == "PUNCT" and toks[last].text not in "»\"“”":
        last -= 1
    return toks[first].start, toks[last].end


def is_first_second_person(tok: Token) -> bool:
    return tok.text.lower() in _FIRST_SECOND


def _antecedent(tree: Tree, rel_pron: Token) -> Token | None:
    """"который" -> the noun its relative clause hangs from."""
    toks = tree.parse.tokens
    k = rel_pron.head
    for _ in range(4):
        if k < 0:
            return None
        t = toks[k]
        if t.rel == "acl:relcl" and t.head >= 0:
            return toks[t.head]
        k = t.head
    return None


def subject(tree: Tree, verb: Token) -> Token | None:
    """The grammatical subject of ``verb``, through relative pronouns, coordinated and
    gerund verbs ("..., заявив, что" shares the subject of the main verb)."""
    toks = tree.parse.tokens
    seen = 0
    cur: Token | None = verb
    while cur is not None and seen < 4:
        text = tree.parse.text
        verb_now = cur
        # never across a line break: a caption or headline above is not the subject
        subj = [s for s in tree.children(cur.i, *_SUBJ)
                if "\n" not in text[min(s.start, verb_now.start):max(s.end, verb_now.end)]]
        if not subj:  # "Пианист Кисин, говоря о …, отметил": hung on the gerund
            subj = [s for c in tree.children(cur.i, "advcl")
                    if c.feats.get("VerbForm") == "Conv" and c.i > cur.i - 30
                    for s in tree.children(c.i, *_SUBJ) if s.i < c.i]
        if not subj and cur.feats.get("VerbForm") != "Conv" and cur.rel not in ("conj", "xcomp"):
            left = _left_subject(tree, cur)
            subj = [left] if left is not None else []
        if subj:
            subj.sort(key=lambda s: (not agrees(verb_now, s), abs(s.i - verb_now.i)))
            s = subj[0]
            if s.lemma in _RELATIVE:
                return _antecedent(tree, s) or s
            return s
        conv = cur.feats.get("VerbForm") == "Conv"
        if cur.head >= 0 and (cur.rel in ("conj", "xcomp") or (conv and cur.rel == "advcl")):
            cur = toks[cur.head]
            if cur.pos not in ("VERB", "AUX", "ADJ"):
                return None
            seen += 1
            continue
        return None
    return None


def inherited_ok(verb: Token, subj: Token | None) -> Token | None:
    """A subject found through coordination must still agree with ``verb`` ("…, что Салех
    направлялся …, и объясняют" does not make Салех the one who explains)."""
    if subj is None or subj.head == verb.i:
        return subj
    return subj if agrees(verb, subj) else None


def agrees(verb: Token, noun: Token) -> bool:
    """Number and (past singular) gender agreement between a verb and its subject."""
    vf, nf = verb.feats, noun.feats
    if vf.get("Number") and nf.get("Number") and vf["Number"] != nf["Number"]:
        return False
    return not (vf.get("Number") == "Sing" and vf.get("Gender") and nf.get("Gender")
                and vf["Gender"] != nf["Gender"] and noun.pos != "PROPN")


def _left_subject(tree: Tree, verb: Token) -> Token | None:
    """The parser sometimes hangs the subject elsewhere ("…, и во вторник глава МВД
    Владимир Колокольцев заявил"): take the nominative noun phrase right before the verb."""
    toks = tree.parse.tokens
    text = tree.parse.text
    first = tree.parse.sents[verb.sent].first
    best = fallback = None
    k = verb.i - 1
    while k >= first and verb.i - k <= 12:
        t = toks[k]
        if "\n" in text[t.end:toks[k + 1].start]:
            break
        if t.text == ")":  # "Пресс-секретарь … (Роскомнадзора) Вадим Ампелонский сообщил"
            while k > first and toks[k].text != "(":
                k -= 1
            k -= 1
            continue
        if (t.pos == "PUNCT" and t.text not in "«»\"“”„") or t.pos in ("CCONJ", "SCONJ") or \
                (t.pos in ("VERB", "AUX") and t.feats.get("VerbForm") == "Fin"):
            break
        if t.pos in ("NOUN", "PROPN", "PRON") and t.feats.get("Case") == "Nom" and agrees(verb, t):
            if t.rel not in ("appos", "flat", "flat:name", "nmod"):
                best = t
            fallback = t  # "Медиахолдинг «Башинформ» заявил" with a confused parse
        k -= 1
    return best or fallback


def owner(tree: Tree, noun: Token) -> Token | None:
    """Whose words/statement: "словам Х" -> Х, "его словам" -> его, "заявлении МВД" -> МВД."""
    for c in tree.children(noun.i):
        if c.rel == "nmod" and c.feats.get("Case") == "Gen" and c.pos in ("NOUN", "PROPN"):
            return c
        if c.rel in ("nmod", "appos", "flat", "flat:name") and c.pos == "PROPN" and c.i > noun.i:
            return c
    for c in tree.children(noun.i):
        if c.rel in ("det", "nmod") and c.text.lower() in ("его", "ее", "её", "их"):
            return c
    return None


def proxy_entity(doc: Document, tree: Tree, head: Token) -> str | None:
    """"пресс-служба МВД", "власти Йемена", "представитель движения X": the organisation
    (or country) the head speaks for, unless the head is marked anonymous."""
    if head.lemma not in lex.PROXY_HEADS:
        return None
    found = _proxy(doc, tree, head)
    e = doc.entity(found) if found else None
    return found if e is not None and e.type in ("ORG", "LOC") else None  # not a person's


def _proxy(doc: Document, tree: Tree, head: Token) -> str | None:
    if any(c.lemma in lex.ANONYMOUS for c in tree.children(head.i)):
        return None
    if head.lemma in lex.STATE_VOICES:
        for c in tree.children(head.i, "amod"):
            e = speaker_entity(doc, c.start, c.end)
            if e is not None and (d := doc.entity(e)) is not None and d.type == "LOC":
                return e
    for c in tree.children(head.i, "nmod"):
        e = speaker_entity(doc, c.start, c.end)
        if e is not None:
            return e
        if c.lemma in lex.PROXY_HEADS:  # "представитель пресс-службы МВД"
            return proxy_entity(doc, tree, c)
        for g in tree.children(c.i, "flat", "flat:name", "appos"):
            e = speaker_entity(doc, g.start, g.end)
            if e is not None:
                return e
    return None


def apposed_name(doc: Document, tree: Tree, head: Token) -> str | None:
    """A name in apposition to the head: "агентство Рейтер", "адвокат Алёхиной Оксана
    Дарова", "немецкий концерн Bayer" -> the named entity (the parse says ``appos``)."""
    for c in tree.children(head.i, "appos", "flat:name", "flat:foreign"):
        e = speaker_entity(doc, c.start, c.end)
        if e is None and c.pos == "PROPN":
            e = surname_entity(doc, c)
        if e is None and c.rel == "appos":  # "один из …, генерал США Питер Цвак"
            for g in tree.children(c.i, "appos", "flat:name"):
                e = e or speaker_entity(doc, g.start, g.end)
        if e is not None and (d := doc.entity(e)) is not None and d.type in ("PER", "ORG"):
            return e
    return None


def surname_entity(doc: Document, head: Token) -> str | None:
    """A name the recogniser missed at this place ("Эрдоган: …" in a headline,
    "Медиахолдинг «Башинформ»") that is the last name of exactly one person of the
    article, or the whole name of one organisation."""
    forms = {head.text.lower().replace("ё", "е"), head.lemma}
    hits = set()
    for e in doc.entities:
        words = e.name.lower().replace("ё", "е").split()
        if not words:
            continue
        if (e.type == "PER" and words[-1] in forms) or (e.type == "ORG" and len(words) == 1
                                                        and words[0] in forms):
            hits.add(e.id)
    return hits.pop() if len(hits) == 1 else None


def make_speaker(doc: Document, tree: Tree, head: Token) -> Speaker:
    start, end = phrase_span(tree, head)
    ent = None
    if head.pos in ("NOUN", "NUM", "DET"):  # "адвокат Алёхиной Оксана Дарова", "один из
        ent = apposed_name(doc, tree, head)  # …, генерал Питер Цвак": the name decides
    if ent is None:
        ent = speaker_entity(doc, head.start, head.end)
    if ent is None and head.pos == "PROPN":
        ent = surname_entity(doc, head)
    if ent is None:
        ent = proxy_entity(doc, tree, head)
    return Speaker(head, start, end, ent)
