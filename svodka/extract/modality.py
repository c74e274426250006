"""Modality of an event trigger: asserted, future, hypothetical or negated.

Read from the trigger and the verbs that govern it inside its clause (infinitive chains
"планирует договориться о прибытии", the verb a nominal trigger depends on): negation
("не", "без"), modal and conditional frames ("могут", "имеют право", "если", "бы"),
future tense and commitments ("будут", "пообещал", "намерен", "предстоящий").
Also the PLOVER re-codings that depend on modality (future threats, future retreats).
"""

from __future__ import annotations

from svodka.extract.event_args import Cand, Ctx, verb_roles
from svodka.nlp import Token

NEGATORS = {"не", "ни"}
HYPOTHETICAL_VERBS = {"мочь", "смочь", "хотеть", "захотеть", "пытаться", "попытаться",
                      "угрожать", "грозить", "рисковать"}
HYPOTHETICAL_WORDS = {"возможно", "вероятно", "якобы", "вправе", "может", "наверное",
                      "предположительно", "способный", "возможный", "потенциальный",
                      "гипотетический", "вероятный"}
CONDITION_MARKS = {"если", "ежели", "коли", "будто"}
FUTURE_VERBS = {"планировать", "запланировать", "намереваться", "собираться", "пообещать",
                "обещать", "готовиться", "подготовиться", "решить", "предстоять",
                "договориться", "договариваться", "согласиться", "соглашаться",
                "рассчитывать", "надеяться", "намерен", "намеренный", "готовый", "готов"}
FUTURE_ADJ = {"предстоящий", "планируемый", "будущий", "запланированный", "намеченный",
              "грядущий", "предполагаемый", "возможный"}
FRAME_NOUNS = {"намерение", "готовность", "план", "обещание", "решение", "договоренность",
               "предложение", "угроза", "право", "возможность", "попытка", "призыв",
               "требование", "просьба"}
FUTURE_NOUNS = {"намерение", "готовность", "план", "обещание", "решение", "договоренность",
                "предложение"}
HYPOTHETICAL_NOUNS = {"право", "возможность", "угроза"}


def _chain(ctx: Ctx, t: Token) -> list[Token]:
    """The trigger and the words above it whose modality it shares."""
    chain = [t]
    x = t
    nominal = t.pos in ("NOUN", "PROPN") or (t.pos == "VERB" and t.rel in ("obj", "obl", "nmod"))
    for _ in range(6):
        h = ctx.head(x)
        if h is None:
            break
        if x.rel == "xcomp" or (x.rel == "conj" and h.feats.get("VerbForm") == "Inf"
                                and x.feats.get("VerbForm") == "Inf"):
            chain.append(h)
            x = h
            continue
        if x.rel in ("acl", "nmod") and h.lemma in FRAME_NOUNS and \
                x.feats.get("VerbForm") == "Inf":
            chain.append(h)  # "о намерении отозвать"
            x = h
            continue
        # a nominal shares the modality of the verb whose argument it is ("пообещал
        # перевыборы", "договориться о прибытии"), not of one it is an adjunct to ("будет
        # ли перенесена ... в связи с отставкой")
        if ((x is t and nominal) or x.lemma in FRAME_NOUNS) and (
                x.rel in ("obj", "nsubj", "nsubj:pass", "iobj") or (
                    x.rel in ("obl", "nmod") and ctx.prep(x) in ("", "о", "к", "на", "за"))) \
                and (h.pos in ("VERB", "AUX", "ADJ") or h.lemma in FRAME_NOUNS):
            chain.append(h)
            x = h
            continue
        break
    return chain


def _clause_marks(ctx: Ctx, chain: list[Token]) -> set[str]:
    """Subordinators of the clause the chain ends in ("если ...")."""
    top = chain[-1]
    marks = {c.lemma for c in ctx.kids[top.i] if c.rel == "mark"}
    if top.rel == "conj":
        h = ctx.head(top)
        if h is not None:
            marks |= {c.lemma for c in ctx.kids[h.i] if c.rel == "mark"}
    return marks


def modality(ctx: Ctx, t: Token, extra: list[Token] | None = None) -> str:
    """asserted | future | hypothetical | negated for the trigger headed by ``t``
    (``extra``: other trigger words, e.g. the light verb of "ввел положение")."""
    chain = _chain(ctx, t)
    for e in extra or []:
        if e not in chain:
            chain[1:1] = [x for x in _chain(ctx, e) if x not in chain]
    neg = hyp = fut = False
    for n in chain:
        own = n is t or n in (extra or [])
        for c in ctx.kids[n.i]:
            negator = c.lemma in NEGATORS and c.i < n.i and c.rel in (
                "advmod", "discourse", "fixed", "case", "det")
            without = c.rel == "case" and c.lemma == "без" and own and n.pos in ("NOUN", "PROPN")
            if negator or without:
                neg = True
            elif (c.lemma == "бы" and c.pos == "PART") or (
                    c.rel in ("advmod", "parataxis", "discourse") and
                    c.lemma in HYPOTHETICAL_WORDS):
                hyp = True
            elif c.rel == "amod" and c.lemma in FUTURE_ADJ and own:
                fut = True
            elif c.rel == "amod" and c.lemma in HYPOTHETICAL_WORDS and own:
                hyp = True
            elif c.rel in ("aux", "aux:pass") and c.lemma == "быть" and \
                    c.feats.get("Tense") != "Past" and c.feats.get("VerbForm") == "Fin" and \
                    (n.feats.get("VerbForm") in ("Inf", "Part") or c.feats.get("Tense") == "Fut"):
                fut = True
        if n.feats.get("Mood") == "Cnd":
            hyp = True
        if n.feats.get("Tense") == "Fut" and n.pos in ("VERB", "AUX"):
            fut = True
        if own:
            continue
        has_right = n.lemma == "иметь" and any(c.lemma == "право" for c in ctx.kids[n.i])
        if n.lemma in HYPOTHETICAL_VERBS | HYPOTHETICAL_NOUNS | HYPOTHETICAL_WORDS or has_right:
            hyp = True
        elif n.lemma in FUTURE_VERBS or n.lemma in FUTURE_NOUNS:
            fut = True
    if _clause_marks(ctx, chain) & CONDITION_MARKS:
        hyp = True
    if neg:
        return "negated"
    if hyp:
        return "hypothetical"
    if fut:
        return "future"
    return "asserted"


# THREATEN modes by the type/mode of the threatened act
THREAT_MODE = {("COERCE", "arrest"): "arrest", ("COERCE", "restrict"): "restrict",
               ("COERCE", "curfew"): "restrict", ("COERCE", "deport"): "expel",
               ("SANCTION", "expel"): "expel", ("COERCE", "seize"): "territory"}
# REQUEST / REJECT modes by the type of the requested or refused act
REQUEST_MODE = {"AID": "assist", "COOPERATE": "assist", "CONSULT": "meet", "RETREAT": "yield",
                "CONCEDE": "yield"}


def threat_mode(typ: str, mode: str | None) -> str:
    if mode is not None and (typ, mode) in THREAT_MODE:
        return THREAT_MODE[(typ, mode)]
    if typ == "SANCTION":
        return "relations"
    if typ == "COERCE":
        return "restrict"
    return "violence"


def is_threat_voice(ctx: Ctx, t: Token, actors: list[Token], recipients: list[Token]) -> bool:
    """A future act of force announced by its own side ("мы захватим", "ваших солдат
    будут убивать"): first-person actor or second-person target."""
    for a in actors:
        if a.feats.get("Person") == "1" or a.lemma in ("мы", "я"):
            return True
    for r in recipients:
        if r.lemma in ("вы", "ты"):
            return True
        if any(c.lemma in ("ваш", "твой") for c in ctx.kids[r.i]):
            return True
    return t.feats.get("Person") == "1"


# -- frames: requests, refusals, threats, offers, commitments -------------------------------

def content_heads(ctx: Ctx, c: Cand) -> list[Token]:
    """Complements that carry what a frame verb/noun is about."""
    out = []
    for x in [c.head, *c.parts]:
        for k in ctx.kids[x.i]:
            if k.rel in ("xcomp", "obj", "ccomp") or (
                    k.rel in ("obl", "nmod", "acl") and ctx.prep(k) in ("о", "к", "на", "за", "")):
                out.append(k)
                out.extend(ctx.conjuncts(k)[1:])
    return out


def apply_frames(ctx: Ctx, cands: list[Cand]) -> None:
    by_head: dict[int, Cand] = {}
    for c in cands:
        by_head[c.head.i] = c
        for p in c.parts:
            by_head.setdefault(p.i, c)
    for c in cands:
        if not c.sense.frame:
            continue
        inner = []
        for h in content_heads(ctx, c):
            o = by_head.get(h.i)
            if o is None or o is c:
                # one level deeper: "призвал прекратить осаду" keeps the siege, but
                # "просят ... оказать им помощь" reaches the aid through the infinitive
                continue
            inner.append(o)
        c.content = inner
        if not inner:
            continue
        first = inner[0]
        if c.sense.frame == "request":
            c.mode = c.sense.mode or REQUEST_MODE.get(first.type, "change")
            if first.type == "ASSAULT" and c.verbal:
                c.type, c.mode = "THREATEN", "violence"  # calls to strike are threats
            for o in inner:
                o.suppressed = True
        elif c.sense.frame == "reject":
            c.mode = REQUEST_MODE.get(first.type)
            for o in inner:
                o.suppressed = True
        elif c.sense.frame == "threat":
            c.mode = threat_mode(first.type, first.mode)
            for o in inner:
                o.suppressed = True
        elif c.sense.frame == "commit":
            c.suppressed = True  # the promised event itself is coded, with modality future
        elif c.sense.frame == "offer":
            for o in inner:
                if o.type in ("AID", "CONCEDE", "RETREAT"):
                    c.suppressed = True
                else:
                    o.suppressed = True


def content_only(ctx: Ctx, c: Cand) -> bool:
    """"перевыборы" counts only as something promised or planned."""
    x: Token | None = c.head
    for _ in range(4):
        x = ctx.head(x) if x is not None else None
        if x is None:
            return False
        if x.lemma in FUTURE_VERBS or x.lemma in FUTURE_NOUNS:
            return True
    return False


def frame_actor(ctx: Ctx, c: Cand, frames: dict[int, Cand]) -> list[Token]:
    """The promised/planned event without an actor of its own takes the one who promised."""
    x: Token | None = c.head
    for _ in range(4):
        x = ctx.head(x) if x is not None else None
        if x is None:
            return []
        f = frames.get(x.i)
        if f is not None and f.sense.frame == "commit":
            return verb_roles(ctx, x).get("subj", []) if x.pos == "VERB" else []
    return []
