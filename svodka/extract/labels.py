"""Labels: who calls whom what ("назвал протестующих международными террористами").

needs: entities   adds: labels
A label is an evaluative characterisation of an actor or an act, found by four mechanisms:

1. Labeling constructions: a labeling verb with its object and an instrumental or "как"
   complement ("назвал X Y", "считает X Y", "рассматривает X как Y", "квалифицировали X как
   Y", passives and participles), with gapping ("назвал протесты актом агрессии, митингующих -
   террористами": the second pair shares the verb).
2. Copulas: "X является Y", "X стал Y", "X — Y", "это Y", short adjectives ("задержание
   неправомерно"). In reported speech any noun predicate is a label; in the outlet's
   narration only an evaluative one (lexicon).
3. "так называемый X".
4. Referring terms that carry an evaluation by themselves ("боевики", "хунта", "теракт",
   "террористическая атака", "мирный протест") and short phrases in scare quotes inside
   reported speech or narration («переворот»).

Holder: the subject of the labeling verb; otherwise the speaker of the quote or reported
clause containing the label (``doc.quotes`` when the quotes stage ran, else the clause's speech
verb, "по словам X", dash-introduced direct speech with its "- заявил X" attribution, and
"X: ..." headlines); otherwise the outlet itself (``authorial``: holder null,
``extra["holder_text"]`` = ``doc.source``). Negated predications ("это уже не угроза") are not
labels. Every label gets ``extra`` ``authorial``, ``polarity`` and ``category`` (lexicon, or
"neutral"/null for a construction whose complement is not in the lexicon).
"""

from __future__ import annotations

from typing import Any

from svodka.doc import Document, Label, LemmaSpan
from svodka.extract import label_lexicon as lex
from svodka.extract import label_targets as tg
from svodka.extract.label_chains import class_mentions, describe_by_act, join_chains
from svodka.extract.label_context import (
    DASHES,
    FIRST_PERSON,
    Cand,
    Context,
    holder_of,
    in_quotation_marks,
    scare_at,
    speaker_of,
    subject_of,
)
from svodka.extract.label_resolve import (
    evaluative_adjs,
    evidence_entry,
    has_prep,
    head_entry,
    label_lemma,
    label_range,
    referring_entry,
    target_of,
    token_span,
)
from svodka.nlp import Parse, Token
from svodka.nlp.morph import normal_word, parses
from svodka.pipeline import Stage

# -- pass 1: labeling constructions ---------------------------------------------------------------


def _is_passive(ctx: Context, v: Token) -> bool:
    if v.feats.get("Voice") == "Pass":
        return True
    return any(ctx.tokens[k].rel == "aux:pass" for k in ctx.kids[v.i])


def _has_kak(ctx: Context, tok: Token) -> bool:
    """"как" before ``tok`` on it or on one of its modifiers ("как «необходимый» шаг")."""
    if any(ctx.tokens[k].lemma == "как" and ctx.tokens[k].i < tok.i for k in ctx.kids[tok.i]):
        return True
    return any(ctx.tokens[g].lemma == "как" and ctx.tokens[g].i < tok.i
               for k in ctx.kids[tok.i] if ctx.tokens[k].rel == "amod" and k < tok.i
               for g in ctx.kids[k])


def _complements(ctx: Context, v: Token, modes: str, passive: bool) -> list[Token]:
    out: list[Token] = []
    if "ins" in modes:
        for k in ctx.kids[v.i]:
            t = ctx.tokens[k]
            if t.feats.get("Case") != "Ins" or t.pos not in ("NOUN", "ADJ") or has_prep(ctx, t):
                continue
            if t.rel.startswith("nsubj") or t.rel in ("punct", "conj"):
                continue
            if ctx.in_entity_name(t):
                continue  # "назван Путиным": an agent, not a label
            if t.pos == "ADJ" and lex.lookup(t.text, lex.ADJ_KINDS) is None:
                continue  # "считаю уместным": an opinion, not a label of an actor or act
            if passive and t.rel == "obl" and t.feats.get("Animacy") == "Anim":
                continue  # agent of a passive: "объявлены властями ..."
            if passive and _bare_agent(ctx, t):
                continue  # "связь была признана судом"
            out.append(t)
    if "kak" in modes:
        sent = ctx.parse.sents[v.sent]
        for t in ctx.tokens[sent.first:sent.last]:
            if t.pos not in ("NOUN", "ADJ", "PROPN") or not _has_kak(ctx, t) or t in out:
                continue
            if t.pos == "ADJ" and lex.lookup(t.text, lex.ADJ_KINDS) is None:
                continue  # "характеризуют состояние как тяжёлое": a description
            if t.head == v.i or (t.head >= 0 and ctx.tokens[t.head].head == v.i
                                 and ctx.tokens[t.head].rel in ("obj", "nsubj:pass", "nsubj")):
                out.append(t)
    if not out:
        found = _linear_complement(ctx, v, modes, passive)
        if found is not None:
            out.append(found)
    return out


def _linear_complement(ctx: Context, v: Token, modes: str, passive: bool = False
                       ) -> Token | None:
    """The complement the parser attached elsewhere (quotes confuse it): the first bare
    instrumental, or the word after "как", in the verb's clause."""
    sent = ctx.parse.sents[v.sent]
    kak = False
    for t in ctx.tokens[v.i + 1:min(sent.last, v.i + 12)]:
        if t.pos in ("SCONJ", "CCONJ") and t.lemma != "как" and t.rel != "advmod" or (
                t.pos == "VERB" and t.feats.get("VerbForm") in ("Fin", "Inf", "Conv")):
            return None
        if t.pos == "PUNCT" and t.text not in tg._QUOTES:
            return None
        if t.lemma == "как":
            kak = "kak" in modes
            continue
        if t.pos not in ("NOUN", "ADJ") or has_prep(ctx, t):
            continue
        if kak or ("ins" in modes and t.feats.get("Case") == "Ins"):
            if t.pos == "ADJ" and t.head >= 0 and ctx.tokens[t.head].pos == "NOUN" and \
                    ctx.tokens[t.head].i > t.i and ctx.tokens[t.head].i - t.i <= 3:
                t = ctx.tokens[t.head]
            if t.pos == "ADJ" and lex.lookup(t.text, lex.ADJ_KINDS) is None:
                return None
            if ctx.in_entity_name(t) or passive and _bare_agent(ctx, t):
                return None
            return t
    return None


def _bare_agent(ctx: Context, t: Token) -> bool:
    """A passive's bare instrumental noun outside the lexicon is its agent ("признана судом")."""
    return t.pos == "NOUN" and t.feats.get("Case") == "Ins" and lex.lookup(t.text) is None \
        and not any(ctx.tokens[k].rel in ("amod", "nmod") for k in ctx.kids[t.i])


def _object(ctx: Context, v: Token, passive: bool, comps: list[Token],
            subj: Token | None) -> Token | None:
    wanted = ("nsubj:pass", "nsubj") if passive else ("obj", "iobj")
    objs = [ctx.tokens[k] for k in ctx.kids[v.i]
            if ctx.tokens[k].rel in wanted and ctx.tokens[k] not in comps]
    if objs:
        return min(objs, key=lambda t: abs(t.i - v.i))
    if passive and v.rel.startswith("acl") and v.head >= 0:
        head = ctx.tokens[v.head]
        if head not in comps and head.i < v.i:
            return head
        # the parser hung the participle on its own complement: the agreeing noun before it
        for t in reversed(ctx.tokens[max(0, v.i - 6):v.i]):
            if t.pos in ("NOUN", "PROPN") and t.feats.get("Case") == v.feats.get("Case"):
                return t
    # the parser lost the object: the nearest bare noun before the verb or before the label
    sent = ctx.parse.sents[v.sent]
    lo = max(sent.first, v.i - 5)
    cands = [t for t in ctx.tokens[lo:v.i] if _nominal(t) and not has_prep(ctx, t)
             and t is not subj and t.feats.get("Case") in ("Acc", "Nom", None)]
    if comps:
        # between the verb and its complement the slot is the object's, so an unknown word
        # the tagger took for an adverb is taken as a noun ("классифицировало глифосат как")
        cands += [t for t in ctx.tokens[v.i + 1:comps[0].i] if (_nominal(t) or _noun_like(t))
                  and not has_prep(ctx, t) and t is not subj and t not in comps]
    if not cands:
        return None
    # the head of a phrase rather than its dependents
    heads = [t for t in cands if t.head < 0 or ctx.tokens[t.head] not in cands]
    return (heads or cands)[-1]


def _noun_like(t: Token) -> bool:
    return t.pos in ("ADV", "X", "ADJ") and t.text.isalpha() and any(
        p.tag.POS == "NOUN" for p in parses(t.text))


def _nominal(t: Token) -> bool:
    return t.pos in ("NOUN", "PROPN", "PRON") or (
        t.pos == "VERB" and t.feats.get("VerbForm") == "Part" and t.rel != "amod")


def _constructions(ctx: Context) -> list[Cand]:
    out: list[Cand] = []
    for v in ctx.tokens:
        modes = lex.LABEL_VERBS.get(v.lemma)
        if modes is None or v.pos not in ("VERB", "ADJ"):
            continue
        passive = _is_passive(ctx, v) or v.lemma in lex.PASSIVE_VERBS or (
            v.feats.get("VerbForm") == "Part" and v.feats.get("Voice") == "Pass")
        comps = _complements(ctx, v, modes, passive)
        comps = [c for c in comps if abs(c.i - v.i) <= 10 and not any(
            t.text in DASHES or t.text in ":;" for t in ctx.tokens[min(c.i, v.i):max(c.i, v.i)])]
        if v.lemma in lex.OPINION_VERBS:
            # "можно считать 12 июня днем рождения": only an evaluative complement labels
            comps = [c for c in comps if evidence_entry(ctx, *label_range(ctx, c), c) is not None]
        # "назвал мотивом преступления желание прославиться": naming a role, not labeling
        comps = [c for c in comps if c.lemma not in _RELATIONAL
                 or evidence_entry(ctx, *label_range(ctx, c), c) is not None]
        if not comps:
            continue
        generic = v.pos == "ADJ"  # "известен как «пекинский мясник»"
        subj = None if passive or generic else subject_of(ctx, v)
        if passive:
            for k in ctx.kids[v.i]:
                t = ctx.tokens[k]
                if t.rel in ("obl", "obl:agent") and t.feats.get("Case") == "Ins" and \
                        t not in comps and not has_prep(ctx, t):
                    subj = t
        obj = _object(ctx, v, passive or generic, comps, subj)
        if generic and obj is None:
            obj = next((ctx.tokens[k] for k in ctx.kids[v.i]
                        if ctx.tokens[k].rel.startswith("nsubj")), None)
        for head in [h for c in comps for h in (c, *_comma_conjuncts(ctx, c))]:
            first, last = label_range(ctx, head)
            target = _target_range(ctx, obj, (first, last)) if obj is not None else None
            out.append(Cand("construction", first, last, head, target, obj, subj, generic))
            out.extend(_gapped(ctx, v, last, modes, subj))
    return out


def _target_range(ctx: Context, obj: Token, label: tuple[int, int]) -> tuple[int, int]:
    first, last = tg.phrase(ctx.parse, ctx.kids, obj, max_right=6)
    if first <= label[0] <= last:
        last = label[0] - 1
        while last > first and (ctx.tokens[last].pos in ("PUNCT", "SCONJ", "ADP")
                                or ctx.tokens[last].lemma == "как"):
            last -= 1
    return first, max(first, last)


def _gapped(ctx: Context, v: Token, after: int, modes: str, subj: Token | None) -> list[Cand]:
    """", митингующих - террористами": object-label pairs after a comma that share the verb."""
    out: list[Cand] = []
    sent = ctx.parse.sents[v.sent]
    toks = ctx.tokens
    k = after + 1
    while k < sent.last and toks[k].text == ",":
        k += 1
        if k < sent.last and toks[k].pos == "CCONJ":
            k += 1
        j = k
        while j < sent.last and j - k <= 6 and toks[j].pos != "PUNCT":
            j += 1
        if j >= sent.last or toks[j].text not in DASHES or j == k:
            break
        run = [t for t in toks[k:j] if _nominal(t) and t.feats.get("Case") != "Ins"]
        if not run:
            break
        m = j + 1
        while m < sent.last and toks[m].text in tg._QUOTES:
            m += 1
        end = m
        while end < sent.last and end - m < 6 and toks[end].pos in (
                "ADJ", "NOUN", "PROPN", "DET", "ADP", "NUM") or (
                end < sent.last and toks[end].text in tg._QUOTES and end > m):
            end += 1
        label_toks = toks[m:end]
        if "ins" in modes:
            heads = [t for t in label_toks if t.pos == "NOUN" and t.feats.get("Case") == "Ins"]
        else:
            heads = [t for t in label_toks if t.pos == "NOUN" and _has_kak(ctx, t)]
        if not heads:
            break
        last = end - 1
        while last > m and toks[last].text in tg._QUOTES:
            last -= 1
        tgt_head = next((t for t in run if t.head < 0 or toks[t.head] not in run), run[-1])
        first_t = k
        while first_t < j and toks[first_t].pos in ("CCONJ", "PUNCT"):
            first_t += 1
        out.append(Cand("construction", m, last, heads[0], (first_t, j - 1), tgt_head, subj))
        k = last + 1
    return out


# -- pass 2: copulas ----------------------------------------------------------------------------


def _copulas(ctx: Context) -> list[Cand]:
    out: list[Cand] = []
    seen: set[int] = set()
    for t in ctx.tokens:
        found = _copula_at(ctx, t)
        if found is None:
            continue
        pred, subj, verb = found
        if pred.i in seen:
            continue
        seen.add(pred.i)
        heads = [pred] + ([verb] if verb is not None else [])
        if tg.is_negated(ctx.parse, ctx.kids, *heads):
            # "это уже не угроза", "не является преступником": no label, not even a reference
            ctx.consumed.update(range(label_range(ctx, pred)[0], pred.i + 1))
            continue
        for p in [pred, *_comma_conjuncts(ctx, pred)]:
            cand = _copula_cand(ctx, p, subj)
            if cand is not None:
                out.append(cand)
    return out


def _copula_at(ctx: Context, t: Token) -> tuple[Token, Token | None, Token | None] | None:
    """(predicate, subject, copula verb) of a copular clause around ``t``: "X является Y",
    "X стал Y", "X был Y", "X — Y", "это Y", "X неправомерно", "X носит Y характер"."""
    kids = [ctx.tokens[k] for k in ctx.kids[t.i]]
    if t.lemma in lex.COPULAS and t.pos in ("VERB", "AUX"):
        for c in kids:
            if c.feats.get("Case") == "Ins" and c.pos in ("NOUN", "ADJ") and \
                    c.rel in ("xcomp", "obl", "nmod", "acl", "advmod") and not has_prep(ctx, c):
                return c, subject_of(ctx, t), t
        return None
    if t.lemma in lex.MANNER_VERBS and t.pos == "VERB":
        # "выборы прошли мирно, организованно, свободно и честно": an evaluative manner
        for c in kids:
            if c.pos == "ADV" and c.rel == "advmod" and c.i > t.i and any(
                    lex.lookup(a.text, lex.ADJ_KINDS) is not None for a in
                    [c, *(ctx.tokens[k] for k in ctx.kids[c.i] if ctx.tokens[k].rel == "conj")]):
                return c, subject_of(ctx, t), t
        return None
    if t.lemma == "носить" and t.pos == "VERB":  # "задержание носит превентивный характер"
        for c in kids:
            if c.lemma == "характер" and c.rel == "obj":
                return c, subject_of(ctx, t), t
        return None
    if t.pos not in ("NOUN", "ADJ", "ADV"):
        return None
    cop = next((c for c in kids if c.rel == "cop"), None)
    subjects = [c for c in kids if c.rel in ("nsubj", "expl") and c.i < t.i]
    this_ = next((c for c in subjects if c.lemma == "это"), None)
    s = next((c for c in subjects if c.lemma != "это"), this_)
    if s is None and cop is not None:
        # "Ли Пэн был превосходным членом": the subject the parser did not attach
        s = next((x for x in reversed(ctx.tokens[ctx.parse.sents[t.sent].first:cop.i])
                  if x.pos in ("NOUN", "PROPN", "PRON") and x.feats.get("Case") == "Nom"
                  and not has_prep(ctx, x)), None)
    if cop is not None and cop.i > t.i:
        # "решение есть политический заказ" parsed with the copula on the subject
        pred = next((x for x in ctx.tokens[cop.i + 1:cop.i + 5]
                     if x.pos == "NOUN" and x.feats.get("Case") in ("Nom", "Ins")), None)
        return (pred, t, cop) if pred is not None else None
    if s is None or s is t:
        return None
    if this_ is not None and s is not this_:
        return t, s, cop  # "сын и его друг, это обычные студенты": resumptive "это"
    if t.pos == "ADV":  # "задержание ... неправомерно" (a short adjective tagged as adverb)
        if lex.lookup(t.text, lex.ADJ_KINDS) is None:
            return None
        return t, s, cop
    dash = any(c.text in DASHES and s.i < c.i < t.i for c in kids)
    short = t.pos == "ADJ" and t.feats.get("Variant") == "Short"
    this = this_ is not None
    if cop is None and not (dash or short or this):
        return None
    if t.pos == "NOUN" and t.feats.get("Case") not in ("Nom", "Ins", None) and not this:
        return None
    return t, s, cop


def _appositions(ctx: Context) -> list[Cand]:
    """"Ли Пэн – инициатор расправы": a dash apposition to a name, a copula in headlines."""
    out = []
    for t in ctx.tokens:
        if t.rel != "appos" or t.pos != "NOUN" or t.head < 0 or t.head > t.i:
            continue
        head = ctx.tokens[t.head]
        if ctx.entity_of(head, ("PER", "ORG")) is None:
            continue
        if not any(ctx.tokens[k].text in DASHES and ctx.tokens[k].i < t.i
                   for k in ctx.kids[t.i]):
            continue
        cand = _copula_cand(ctx, t, head)
        if cand is not None:
            out.append(cand)
    return out


def _comma_conjuncts(ctx: Context, head: Token) -> list[Token]:
    """"превосходным членом партии, испытанным борцом, выдающимся революционером": conjuncts
    after a comma are labels of their own (those joined by a bare "и" stay in one)."""
    out = []
    for k in ctx.kids[head.i]:
        c = ctx.tokens[k]
        if c.rel == "conj" and c.pos == head.pos and c.i > head.i and any(
                t.text == "," for t in ctx.tokens[head.i:c.i]) and \
                c.feats.get("Case") == head.feats.get("Case") and not any(
                t.pos == "VERB" and t.feats.get("VerbForm") == "Fin"
                for t in ctx.tokens[head.i:c.i]):  # "был шерифом ... и приобрёл ... «охотой»"
            out.append(c)
    # the parser may leave a conjunct unattached: ", ADJ* NOUN" in the same case
    case = head.feats.get("Case")
    sent = ctx.parse.sents[head.sent]
    _f, k = label_range(ctx, head, conj=False)
    k += 1
    while case and k < sent.last and ctx.tokens[k].text == ",":
        run = []
        j = k + 1
        while j < sent.last and j - k <= 6 and ctx.tokens[j].pos != "PUNCT":
            run.append(ctx.tokens[j])
            j += 1
        nouns = [t for t in run if t.pos == head.pos and t.feats.get("Case") == case
                 and not has_prep(ctx, t)]
        if not nouns or any(t.pos in ("VERB", "SCONJ") for t in run):
            break
        if nouns[-1] not in out:
            out.append(nouns[-1])
        k = j
    return out


def _copula_cand(ctx: Context, pred: Token, subj: Token | None) -> Cand | None:
    first, last = label_range(ctx, pred)
    if pred.pos in ("ADJ", "ADV"):
        first = pred.i  # "задержание участников марша неправомерно": the adjective alone
    elif subj is not None and subj.i < pred.i:
        first = max(first, label_range(ctx, subj, conj=False)[1] + 1)
        while first < pred.i and ctx.tokens[first].pos in ("PUNCT", "AUX", "PART", "PRON"):
            first += 1
    hit = evidence_entry(ctx, first, last, pred)
    sp = speaker_of(ctx, pred)
    # a noun predicate outside the lexicon is a label only in the speaker's own words
    # a resumptive "это" ("сын и его друг, это обычные студенты") is the speaker's own voice
    resumptive = subj is not None and subj.lemma != "это" and any(
        ctx.tokens[k].lemma == "это" and ctx.tokens[k].rel in ("nsubj", "expl")
        and subj.i < k < pred.i for k in ctx.kids[pred.i])
    in_speech = sp is not None and (sp.direct or in_quotation_marks(ctx, pred) or resumptive)
    subj_ref = subj is not None and subj.lemma != "это" and referring_entry(ctx, subj)
    if pred.pos == "ADJ" and subj is not None and subj_ref:
        # "данные террористические банды являются международными": one label, subject + predicate
        sf, _sl = label_range(ctx, subj, conj=False)
        cand = Cand("copula", sf, pred.i, pred, None, subj, None)
        cand.lemma_prefix = [pred]
        return cand
    self_description = subj is not None and normal_word(subj.text) in FIRST_PERSON
    if hit is None and not (in_speech and pred.pos == "NOUN" and not self_description
                            and pred.lemma not in _RELATIONAL):
        return None
    if pred.pos == "ADJ" and (hit is None or hit.kind not in lex.ADJ_KINDS):
        return None
    target = None
    if subj is not None:
        target = (subj.i, subj.i) if subj.lemma in ("это", "то") else \
            _target_range(ctx, subj, (first, last))
    return Cand("copula", first, last, pred, target, subj, None)


# -- pass 3: "так называемый" ---------------------------------------------------------------


def _so_called(ctx: Context) -> list[Cand]:
    out = []
    for t in ctx.tokens:
        if t.lemma != "называть" or t.feats.get("VerbForm") != "Part" or t.head < 0:
            continue
        if not any(ctx.tokens[k].lemma == "так" for k in ctx.kids[t.i]):
            continue
        head = ctx.tokens[t.head]
        _first, last = tg.phrase(ctx.parse, ctx.kids, head, max_right=4)
        first = t.i + 1
        while first < head.i and ctx.tokens[first].text in tg._QUOTES:
            first += 1
        out.append(Cand("so_called", first, last, head, (first, last), head, None))
    return out


# -- pass 4: referring terms and scare quotes ------------------------------------------------------


# relational nouns: "X был причиной Y", "X является частью Y" relate, they do not label
_RELATIONAL = frozenset("""
причина результат итог следствие часть повод основание условие цель задача вопрос
участник сотрудник житель гражданин уроженец охранник тема возможность мотив победитель
родственник сын дочь брат сестра отец
мать муж жена владелец автор основатель председатель глава руководитель представитель место
время день год случай первый один
""".split())


def _referring(ctx: Context) -> list[Cand]:
    out: list[Cand] = []
    for h in ctx.tokens:
        if h.pos != "NOUN" or h.i in ctx.consumed or ctx.in_entity_name(h):
            continue
        sent = ctx.parse.sents[h.sent]
        if h.text[:1].isupper() and h.i != sent.first and ctx.tokens[h.i - 1].text not in \
                tg._QUOTES:
            continue
        head_e = head_entry(ctx, h)
        quality = _quality(ctx, h)
        if quality is not None:
            out.append(quality)
            continue
        adjs = [(a, e) for a, e in evaluative_adjs(ctx, h) if a.i not in ctx.consumed]
        scare_h = scare_at(ctx, h)
        if scare_h is not None and _scare_head(ctx, scare_h) is not h:
            scare_h = None  # one label per quoted phrase, at its head
        if scare_h is not None and not any(
                (e := lex.lookup(t.text)) is not None and e.kind != "regime"
                for t in ctx.tokens_between(*scare_h)):
            scare_h = None  # quoted words with no evaluation: a term or a citation
        if head_e is None and not adjs and scare_h is None:
            continue
        gov = ctx.tokens[h.head] if h.head >= 0 else None
        if tg.is_negated(ctx.parse, ctx.kids, h) or (
                gov is not None and gov.pos == "VERB" and h.rel in ("obj", "obl")
                and h.feats.get("Case") == "Gen" and tg.is_negated(ctx.parse, ctx.kids, gov)):
            continue  # "не проявлявшего агрессии" (not "не согласовало мирный протест")
        right = head_e is not None and head_e.kind == "act"
        first, last = tg.phrase(ctx.parse, ctx.kids, h, right=right,
                                left_drop=tg.DEMONSTRATIVES | {"nummod"}, max_right=4)
        if scare_h is not None:
            inside = ctx.tokens_between(*scare_h)
            first, last = min(first, inside[0].i), max(last, inside[-1].i)
        scared = [a for a, _e in adjs if scare_at(ctx, a) is not None]
        plain = [a for a, _e in adjs if scare_at(ctx, a) is None]
        if scared and (plain or head_e is not None) and scare_h is None:
            # "ультранационалистической «террористической» группировке": two voices
            s0 = min(a.i for a in scared)
            out.append(Cand("scare", s0, last, h, voice=frozenset(a.i for a in scared)))
            if plain:
                p0 = min(a.i for a in plain)
                out.append(Cand("referring", min(first, p0), last, h,
                                voice=frozenset(a.i for a in plain)))
            elif head_e is not None:
                out.append(Cand("referring", h.i, last, h, voice=frozenset()))
            continue
        kind = "scare" if scare_h is not None or scared else "referring"
        out.append(Cand(kind, first, last, h))
    return out


def _quality(ctx: Context, h: Token) -> Cand | None:
    """"о политической ангажированности всего процесса": an evaluative property noun labels
    its genitive dependent."""
    if lex.lookup(h.text, ("quality",)) is None or tg.is_negated(ctx.parse, ctx.kids, h):
        return None
    dep = next((ctx.tokens[k] for k in ctx.kids[h.i] if ctx.tokens[k].rel == "nmod"
                and ctx.tokens[k].i > h.i and ctx.tokens[k].feats.get("Case") == "Gen"
                and not has_prep(ctx, ctx.tokens[k])), None)
    if dep is None:
        return None
    first, last = tg.phrase(ctx.parse, ctx.kids, h, right=False,
                            left_drop=tg.DEMONSTRATIVES | {"nummod"})
    t_first, t_last = tg.phrase(ctx.parse, ctx.kids, dep, max_right=4)
    return Cand("referring", first, last, h, (t_first, t_last), dep)


def _scare_head(ctx: Context, span: tuple[int, int]) -> Token | None:
    """The noun that heads a quoted phrase (its head lies outside the phrase)."""
    toks = [t for t in ctx.tokens_between(*span) if t.pos == "NOUN"]
    for t in toks:
        if t.head < 0 or not span[0] <= ctx.tokens[t.head].start < span[1]:
            return t
    return toks[0] if toks else None


# -- the stage ----------------------------------------------------------------------------------

def _duplicate(cand: Cand, taken: list[tuple[int, int]]) -> bool:
    """Already labelled by an earlier pass: the same words, or a copula/"так называемый"
    inside a label found by a construction."""
    if cand.kind in ("copula", "so_called") and any(a <= cand.head.i <= b for a, b in taken):
        return True
    return cand.voice is None and (cand.first, cand.last) in taken



class LabelsStage(Stage):
    name = "labels"
    needs = frozenset({"entities"})
    adds = frozenset({"labels"})

    def __call__(self, doc: Document) -> Document:
        parse: Parse | None = doc.state.get("parse")
        if parse is None or not parse.tokens:
            return doc
        ctx = Context(doc)
        labels: list[Label] = []
        built: list[tuple[Label, Cand]] = []
        taken: list[tuple[int, int]] = []
        for pass_ in (_constructions, _copulas, _appositions, _so_called, _referring):
            for cand in pass_(ctx):
                if _duplicate(cand, taken):
                    continue
                label = self._label(ctx, cand)
                if label is None:
                    continue
                labels.append(label)
                built.append((label, cand))
                taken.append((cand.first, cand.last))
                ctx.consumed.update(range(cand.first, cand.last + 1))
        join_chains(ctx, built)
        describe_by_act(ctx, built)
        kinds = class_mentions(ctx, built)
        labels = [lb for n, (lb, _c) in enumerate(built) if n not in kinds]
        # in text order by where a label ends; a label inside another comes first
        labels.sort(key=lambda lb: (lb.label.end, -lb.label.start))
        for i, lb in enumerate(labels, 1):
            lb.id = f"l{i}"
        doc.labels = labels
        return doc

    def _label(self, ctx: Context, cand: Cand) -> Label | None:
        if cand.last < cand.first:
            return None
        s, e = token_span(ctx, cand.first, cand.last)
        entry = evidence_entry(ctx, cand.first, cand.last, cand.head, cand.voice)
        if cand.lemma_prefix and entry is None:
            entry = referring_entry(ctx, cand.target_head) if cand.target_head else None
        holder, quote, authorial, holder_text = holder_of(ctx, cand)
        ctx.holder_entity = holder.entity if holder is not None else None
        if authorial and cand.kind == "referring" and (entry is None or (
                entry.polarity == "neutral" and entry.category != "alignment")):
            return None  # "повстанцы" in narration: a reference, not an evaluation
        target = target_of(ctx, cand)
        if target is not None and cand.kind in ("construction", "copula") and entry is not None:
            group = target.extra.get("group")
            if group is not None:
                for cls, canon in ctx.groups.canonical.items():
                    if canon == group:
                        ctx.bridge.setdefault(entry.category, cls)
        extra: dict[str, Any] = {
            "authorial": authorial,
            "polarity": entry.polarity if entry is not None else "neutral",
            "category": entry.category if entry is not None else None,
            "mechanism": cand.kind,
        }
        if cand.kind == "so_called":
            extra["polarity"] = entry.polarity if entry is not None else "negative"
            extra["category"] = entry.category if entry is not None else "illegitimacy"
        if holder_text is not None or authorial:
            extra["holder_text"] = holder_text
        if cand.generic:
            extra["generic"] = True
        return Label("", holder, target, LemmaSpan(s, e, ctx.text[s:e], label_lemma(ctx, cand)),
                     quote, extra=extra)
