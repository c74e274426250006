"""Label evidence and targets: lexicon evidence of a phrase, the label lemma, and whom or what a
label is about (entity, group, referent of a pronoun or of a labeling noun phrase).
"""

from __future__ import annotations

from typing import Any

from svodka.doc import Argument
from svodka.extract import label_lexicon as lex
from svodka.extract import label_targets as tg
from svodka.extract.label_context import DASHES, Cand, Context, resolve_relative, subject_of
from svodka.nlp import Token
from svodka.nlp.morph import inflect, normal_word


def has_prep(ctx: Context, tok: Token) -> bool:
    return any(ctx.tokens[k].pos == "ADP" for k in ctx.kids[tok.i])


def label_range(ctx: Context, head: Token, conj: bool = True) -> tuple[int, int]:
    first, last = tg.phrase(ctx.parse, ctx.kids, head, left_drop=tg.DEMONSTRATIVES | {"nummod"},
                            max_right=8, conj=conj)
    # adjectives agreeing with the head that the parser hung elsewhere
    case, number = head.feats.get("Case"), head.feats.get("Number")
    sent_first = ctx.parse.sents[head.sent].first
    while first > sent_first and case:
        t = ctx.tokens[first - 1]
        if t.pos != "ADJ" or t.feats.get("Case") != case or t.i == head.head or \
                t.feats.get("Number", number) != number or t.lemma in tg.DEMONSTRATIVES:
            break
        first -= 1
    return first, last


REF_NOUN = ("actor", "act", "regime")
REF_ADJ = ("adj", "adj_actor", "adj_protest")


def head_entry(ctx: Context, h: Token) -> lex.Entry | None:
    e = lex.lookup(h.text, REF_NOUN)
    # "режим Асада", "режима Китая": only with a named ruler or country
    if e is not None and e.kind == "regime" and not any(
            ctx.entity_of(ctx.tokens[k]) is not None and ctx.tokens[k].rel == "nmod"
            for k in ctx.kids[h.i]):
        return None
    return e


def evaluative_adjs(ctx: Context, h: Token) -> list[tuple[Token, lex.Entry]]:
    out = []
    for k in ctx.kids[h.i]:
        a = ctx.tokens[k]
        if a.rel != "amod" or a.i > h.i or ctx.in_entity_name(a):
            continue
        if a.text[:1].isupper() and a.i > ctx.parse.sents[a.sent].first and \
                ctx.tokens[a.i - 1].text not in "«\"" or ctx.is_name_word(a):
            continue  # "Радикальная партия": a name
        e = lex.lookup(a.text, REF_ADJ)
        if e is not None and lex.is_carrier(e, h.lemma):
            out.append((a, e))
    return out


def referring_entry(ctx: Context, h: Token) -> lex.Entry | None:
    adjs = evaluative_adjs(ctx, h)
    return adjs[0][1] if adjs else head_entry(ctx, h)


def evidence_entry(ctx: Context, first: int, last: int, head: Token,
           voice: frozenset[int] | None = None) -> lex.Entry | None:
    """The lexicon entry that gives the label its polarity and category: an evaluative
    modifier of the head, else the head, else any other word of the phrase."""
    toks = ctx.tokens[first:last + 1]
    mods = [t for t in toks if t.head == head.i and t.rel == "amod"
            and (voice is None or t.i in voice)]
    for t in mods:
        e = lex.lookup(t.text, lex.ADJ_KINDS)
        if e is not None:
            return e
    e = lex.lookup(head.text)
    if e is not None:
        return e
    for t in toks:
        if t is head or t.pos not in ("NOUN", "ADJ", "VERB", "ADV") or (voice is not None and
                                                                   t in mods):
            continue
        if voice is not None and t.rel == "amod" and t.head == head.i and t.i not in voice:
            continue
        e = lex.lookup(t.text)
        if e is not None:
            return e
    return None


def _word_lemma(t: Token) -> str:
    if t.pos == "VERB" and t.feats.get("VerbForm") == "Part":
        form = inflect(t.text, {"masc", "sing", "nomn"}, "PRTF")
        if form:
            return normal_word(form)
    return t.lemma


def label_lemma(ctx: Context, cand: Cand) -> str:
    """Words agreeing with the head (and the head) as lemmas, dependents as they stand:
    "международный террорист", "акт агрессии", "нападение на наших граждан"."""
    head = cand.head
    agree = {head.i}
    for k in ctx.kids[head.i]:
        t = ctx.tokens[k]
        if t.rel in ("amod", "conj") or (t.rel == "det" and t.pos == "ADJ"):
            agree.add(t.i)
            agree.update(g for g in ctx.kids[t.i] if ctx.tokens[g].rel == "amod")
    words = [_word_lemma(t) for t in cand.lemma_prefix]
    first, last = cand.first, cand.last
    if cand.lemma_prefix and cand.target_head is not None:
        # merged copula: predicate adjective + the subject phrase
        head = cand.target_head
        first, last = label_range(ctx, head, conj=False)
        agree = {head.i} | {k for k in ctx.kids[head.i] if ctx.tokens[k].rel == "amod"}
    for t in ctx.tokens[first:last + 1]:
        if t.pos == "PUNCT" and t.text not in DASHES or t in cand.lemma_prefix:
            continue
        if cand.voice is not None and t.rel == "amod" and t.head == head.i and \
                t.i not in cand.voice:
            continue
        if t.pos == "PUNCT":
            continue
        words.append(_word_lemma(t) if t.i in agree else normal_word(t.text))
    return " ".join(words)


def token_span(ctx: Context, first: int, last: int) -> tuple[int, int]:
    return ctx.tokens[first].start, ctx.tokens[last].end


def input_span(ctx: Context, s: int, e: int) -> dict[str, Any]:
    """A span in extra: mapped to input offsets here (the pipeline maps only records)."""
    prepared = ctx.doc.state.get("prepared")
    if prepared is not None:
        s, e = prepared.to_input(s, e)
    return {"start": s, "end": e, "text": ctx.doc.text[s:e]}


def _group_arg(ctx: Context, cls: str, near: int, local: tuple[int, int] | None
               ) -> Argument | None:
    rep = ctx.groups.representative(cls, near)
    if rep is None:
        return None
    arg = Argument(None, rep.start, rep.end, ctx.text[rep.start:rep.end])
    arg.extra["group"] = ctx.groups.canonical_of(cls)
    if local is not None and (local[0], local[1]) != (rep.start, rep.end):
        arg.extra["anchor"] = input_span(ctx, *local)
    return arg


def _entity_arg(ctx: Context, tok: Token, local: tuple[int, int]) -> Argument | None:
    found = ctx.entity_of(tok)
    if found is None:
        return None
    eid, s, e = found
    ent = ctx.doc.entity(eid)
    mention = next((m for m in ent.mentions if m.start == s and m.end == e), None) \
        if ent else None
    if ent is None:
        return Argument(eid, s, e, ctx.text[s:e])
    canonical = [m for m in ent.mentions if normal_word(m.text) == normal_word(ent.name)]
    local_text = ctx.text[s:e]
    if mention is not None and mention.kind in ("role", "pronoun") or \
            canonical and normal_word(local_text) != normal_word(ent.name) and \
            len(local_text.split()) == len(ent.name.split()):
        # a pronoun or a role: the entity's name mention nearest before it; an inflected
        # name: the nearest mention by the entity's name (a name spelt otherwise,
        # "Братьев-мусульман" for "Братья мусульмане", is kept)
        span: tuple[int, int] | None = None
        if mention is not None and mention.kind in ("role", "pronoun"):
            span = tg.name_mention(ent, s)
        if span is None and canonical:
            m0 = min(canonical, key=lambda m: abs(m.start - s))
            span = (m0.start, m0.end)
        if span is not None:
            arg = Argument(eid, span[0], span[1], ctx.text[span[0]:span[1]])
            arg.extra["anchor"] = input_span(ctx, *local)
            return arg
    return Argument(eid, s, e, ctx.text[s:e])


def _referent(ctx: Context, head: Token, cats: list[str], first: int, last: int
              ) -> Argument:
    """Whom a labeling noun phrase refers to: a named dependent ("режим Асада"), the group
    the article labels with the same category, the group term itself, or the phrase."""
    local = token_span(ctx, first, last)
    act = (e := lex.lookup(head.text)) is not None and e.kind in ("act", "pred")
    types = ("PER", "ORG") if act else ("PER", "ORG", "LOC")
    if act:
        against = _act_against(ctx, head, local)
        if against is not None:
            return against
    for k in ctx.kids[head.i]:
        c = ctx.tokens[k]
        # not the place of an act ("теракт в Сан-Франциско")
        preps = {ctx.tokens[g].lemma for g in ctx.kids[c.i] if ctx.tokens[g].pos == "ADP"}
        if act and preps or preps - {"из", "от"}:
            continue
        # "боевики ИГ", "террористы из Сектора Газа", "режим Асада"
        if c.rel in ("nmod", "appos", "flat", "flat:name") and \
                ctx.entity_of(c, types) is not None:
            arg = _entity_arg(ctx, c, local)
            if arg is not None:
                return arg
    arg = _entity_arg(ctx, head, local) or _nearby_person(ctx, head, local)
    if arg is not None:
        return arg
    for cat in cats:
        cls = ctx.bridge.get(cat)
        if cls is not None:
            g = _group_arg(ctx, cls, head.start, local)
            if g is not None:
                return g
    gm = ctx.groups.at(head.i)
    if gm is not None:
        a = Argument(None, local[0], local[1], ctx.text[local[0]:local[1]])
        a.extra["group"] = ctx.groups.canonical_of(gm.cls)
        return a
    return Argument(None, local[0], local[1], ctx.text[local[0]:local[1]])


def _act_against(ctx: Context, head: Token, local: tuple[int, int]) -> Argument | None:
    """Whom an act label is directed at: "репрессии против участников акции", "«охота» на
    «Братьев-мусульман»" (a named party or an unnamed group; not the place of the act)."""
    deps = list(ctx.kids[head.i])
    if head.rel == "nsubj" and head.head >= 0 and ctx.tokens[head.head].pos == "VERB":
        # "против участников последовали репрессии": the parser hangs it on the verb
        deps += [k for k in ctx.kids[head.head] if ctx.tokens[k].rel == "obl"]
    for k in deps:
        c = ctx.tokens[k]
        preps = {ctx.tokens[g].lemma for g in ctx.kids[c.i] if ctx.tokens[g].pos == "ADP"}
        if not ("против" in preps or "на" in preps and c.feats.get("Case") == "Acc"
                and c.head == head.i):
            continue
        if ctx.entity_of(c) is not None:
            return _entity_arg(ctx, c, local)
        gm = ctx.groups.at(c.i)
        if gm is not None:
            g = _group_arg(ctx, gm.cls, c.start, (c.start, c.end))
            if g is not None:
                g.extra["anchor"] = input_span(ctx, *local)
                return g
    return None


def _nearby_person(ctx: Context, head: Token, local: tuple[int, int], far: bool = False
                   ) -> Argument | None:
    """A singular person label with no name of its own ("нашего мученика", "этот человек
    является иностранным террористом") is about the one person, other than the holder, named
    in its sentence (else in the sentence before)."""
    if head.feats.get("Number") != "Sing" or head.feats.get("Animacy") != "Anim" and not (
            head.pos == "VERB" and head.feats.get("VerbForm") == "Part"):
        return None
    for k in range(head.sent, head.sent - (4 if far else 2), -1):
        if k < 0:
            break
        s = ctx.parse.sents[k]
        # beyond the sentence before, the person the text keeps talking about ("его", "он"):
        # only for the object of a labeling verb ("назвало нападавшего «солдатом ИГ»")
        kinds = ("name", "surname") if k >= head.sent - 1 else ("name", "surname", "pronoun")
        found = {eid: (ms, me) for eid, ms, me in ctx.people_in(s.start, s.end, kinds)
                 if eid != ctx.holder_entity}
        if len(found) == 1:
            eid, (ms, me) = next(iter(found.items()))
            arg = _entity_arg(ctx, ctx.tokens_between(ms, me)[0], local)
            if arg is not None:
                arg.extra.setdefault("anchor", input_span(ctx, *local))
            return arg
        if found:
            return None
    return _person_by_role(ctx, head, local)


def _person_by_role(ctx: Context, head: Token, local: tuple[int, int]) -> Argument | None:
    """"пророссийского президента" -> the one person the article calls "президент" elsewhere
    (a role mention of that entity with the same head noun)."""
    if head.pos != "NOUN":
        return None
    found = set()
    for e in ctx.doc.entities:
        if e.type != "PER" or e.id == ctx.holder_entity:
            continue
        for m in e.mentions:
            if m.kind != "role":
                continue
            noun = next((t for t in ctx.tokens_between(m.start, m.end) if t.pos == "NOUN"), None)
            if noun is not None and noun.lemma == head.lemma:
                found.add(e.id)
    if len(found) != 1:
        return None
    ent = ctx.doc.entity(next(iter(found)))
    span = tg.name_mention(ent, head.start) if ent is not None else None
    if ent is None or span is None:
        return None
    arg = Argument(ent.id, span[0], span[1], ctx.text[span[0]:span[1]])
    arg.extra["anchor"] = input_span(ctx, *local)
    return arg


def _categories(ctx: Context, first: int, last: int) -> list[str]:
    """Categories of the words of a phrase, modifiers first ("террористические банды":
    terrorism, then criminality)."""
    toks = ctx.tokens[first:last + 1]
    out: list[str] = []
    for t in sorted(toks, key=lambda t: t.pos != "ADJ"):
        e = lex.lookup(t.text)
        if e is not None and e.category not in out:
            out.append(e.category)
    return out


def _phrase_target(ctx: Context, th: Token) -> Argument:
    """The entity (or pronoun referent) of the phrase headed by ``th``, else the phrase."""
    first, last = tg.phrase(ctx.parse, ctx.kids, th, max_right=4)
    s, e = token_span(ctx, first, last)
    arg = _entity_arg(ctx, th, (s, e))
    if arg is not None:
        return arg
    return _pronoun_arg(ctx, th, normal_word(th.text)) or Argument(None, s, e, ctx.text[s:e])


def _pronoun_arg(ctx: Context, th: Token, word: str) -> Argument | None:
    """The referent of a pronoun ``th`` (``word``: its normal form), anchored at it."""
    if th.pos not in ("PRON", "DET") or \
            (word not in tg.PRONOUNS_SING and word not in tg.PRONOUNS_PLUR):
        return None
    found = tg.pronoun_referent(ctx.doc, ctx.parse, ctx.kids, th)
    if found is None:
        return None
    eid, ms, me = found
    arg = Argument(eid, ms, me, ctx.text[ms:me])
    arg.extra["anchor"] = input_span(ctx, th.start, th.end)
    return arg


def target_of(ctx: Context, cand: Cand) -> Argument | None:
    th = cand.target_head
    if cand.kind == "referring" and th is not None:  # a property noun's genitive
        return _phrase_target(ctx, th)
    if cand.kind in ("referring", "scare"):
        h = cand.head
        if cand.voice is not None or head_entry(ctx, h) is None and \
                lex.lookup(h.text, lex.NOUN_KINDS) is None:
            # the evaluation is in a modifier: the target is the modified noun, or the
            # mention of its group's canonical term nearest to it ("мирный протест" -> "акция")
            gm = ctx.groups.at(h.i)
            gov = ctx.tokens[h.head] if h.head >= 0 else None
            if gov is not None and gov.pos == "VERB" and h.rel == "obl" and \
                    h.feats.get("Case") == "Ins" and not has_prep(ctx, h):
                # "он погиб мученической смертью": a manner of the subject's act labels it
                subj = subject_of(ctx, gov)
                if subj is not None:
                    return _phrase_target(ctx, subj)
            if gm is None and h.feats.get("Animacy") == "Anim":
                # "пророссийского президента": the person the modified noun refers to
                local = token_span(ctx, cand.first, cand.last)
                person = _entity_arg(ctx, h, local) or _nearby_person(ctx, h, local)
                if person is not None:
                    return person
            if gm is not None and gm.term != ctx.groups.canonical_of(gm.cls):
                g = _group_arg(ctx, gm.cls, h.start, (h.start, h.end))
                if g is not None:
                    return g
            a = Argument(None, h.start, h.end, h.text)
            if gm is not None:
                a.extra["group"] = ctx.groups.canonical_of(gm.cls)
            return a
        return _referent(ctx, h, _categories(ctx, cand.first, cand.last), cand.first, cand.last)
    if th is None:
        return None
    if cand.target is None:  # merged copula: the subject phrase is part of the label
        sf, sl = label_range(ctx, th, conj=False)
        return _referent(ctx, th, _categories(ctx, sf, sl), sf, sl)
    first, last = cand.target
    s, e = token_span(ctx, first, last)
    if th.lemma in ("это", "то"):
        return Argument(None, th.start, th.end, th.text)
    if th.lemma in ("себя", "сам") and cand.subject is not None:
        th = resolve_relative(ctx, cand.subject)  # "называл себя «самым суровым шерифом»"
        first, last = tg.phrase(ctx.parse, ctx.kids, th, max_right=4)
        s, e = token_span(ctx, first, last)
    word = normal_word(th.text)
    if th.lemma == "который":  # "который является убийцей": the noun the clause modifies
        th = resolve_relative(ctx, th)
        first, last = tg.phrase(ctx.parse, ctx.kids, th, max_right=4)
        s, e = token_span(ctx, first, last)
    arg = _entity_arg(ctx, th, (s, e))
    if arg is not None:
        return arg
    pron = _pronoun_arg(ctx, th, word)
    if pron is not None:
        return pron
    if th.pos in ("PRON", "DET") and word in tg.PRONOUNS_PLUR:
        before = [m for m in ctx.groups.mentions if m.end <= th.start
                  and th.sent - ctx.tokens[m.head].sent <= 3]
        if before:
            g = _group_arg(ctx, before[-1].cls, th.start, (th.start, th.end))
            if g is not None:
                return g
    if referring_entry(ctx, th) is not None:
        return _referent(ctx, th, _categories(ctx, first, last), first, last)
    if ctx.groups.at(th.i) is None:
        near = _nearby_person(ctx, th, (s, e), far=True)  # "назвало нападавшего «солдатом ИГ»"
        if near is not None:
            return near
    a = Argument(None, s, e, ctx.text[s:e])
    gm = ctx.groups.at(th.i)
    if gm is not None:
        a.extra["group"] = ctx.groups.canonical_of(gm.cls)
    return a
