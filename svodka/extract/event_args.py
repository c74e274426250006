"""Arguments of events from the dependency parse: deep roles of verbs (passives undone,
participles, relative pronouns, shared subjects of coordinated verbs, control), slots of
nominal triggers, noun-phrase spans, entity links, locations and dates.

Offsets are those of the prepared text (the stage's working copy).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from svodka.doc import Argument, DateExpr, Document, Entity
from svodka.extract import event_lexicon as lex
from svodka.extract.event_lexicon import SECURITY_WORDS, STATE_NOUNS
from svodka.nlp import Parse, Token

_PREP_NORM = {"со": "с", "во": "в", "ко": "к", "об": "о", "обо": "о", "подо": "под",
              "передо": "перед", "надо": "над", "ото": "от", "изо": "из"}
_NP_RELS = {"amod", "det", "nummod", "nummod:gov", "nmod", "flat", "flat:name", "flat:foreign",
            "appos", "compound", "fixed", "case"}


def agree(subj: Token, verb: Token) -> bool:
    """Number (and, in the past singular, gender) agreement of a subject with its verb."""
    sn, vn = subj.feats.get("Number"), verb.feats.get("Number")
    if sn and vn and sn != vn:
        return False
    sg, vg = subj.feats.get("Gender"), verb.feats.get("Gender")
    return not (sg and vg and sn != "Plur" and sg != vg)


class Ctx:
    """Per-document lookups shared by the detection and argument code."""

    def __init__(self, doc: Document, parse: Parse):
        self.doc = doc
        self.parse = parse
        self.toks = parse.tokens
        self.kids: list[list[Token]] = [[] for _ in parse.tokens]
        # arcs that cross a line break are dropped: a headline without a final stop is
        # parsed as one sentence with the lead, and its words must not lend arguments
        self.heads: list[int] = []
        text = parse.text
        for t in parse.tokens:
            h = t.head
            if h >= 0:
                a, b = sorted((t, parse.tokens[h]), key=lambda x: x.start)
                if "\n" in text[a.end:b.start]:
                    h = -1
            self.heads.append(h)
            if h >= 0:
                self.kids[h].append(t)
        spans = []
        for e in doc.entities:
            for m in e.mentions:
                spans.append((m.start, m.end, e))
        spans.sort(key=lambda s: (s[0], -s[1]))
        self.mentions = spans
        self.mention_starts = [s[0] for s in spans]
        self.quotes = sorted(doc.quotes, key=lambda q: q.start)
        counts = sorted(((len(e.mentions), e.id) for e in doc.entities if e.type == "LOC"),
                        reverse=True)
        self.main_loc: Entity | None = None
        if counts and counts[0][0] >= 3 and (len(counts) == 1 or
                                             counts[0][0] >= 2 * counts[1][0]):
            self.main_loc = doc.entity(counts[0][1])

    # -- tree helpers ----------------------------------------------------------------------
    def children(self, t: Token, *rels: str) -> list[Token]:
        if not rels:
            return self.kids[t.i]
        return [c for c in self.kids[t.i] if c.rel in rels]

    def head(self, t: Token) -> Token | None:
        h = self.heads[t.i]
        return self.toks[h] if h >= 0 else None

    def prep(self, t: Token) -> str:
        """The preposition of a nominal ("с", "со стороны" -> "с_сторона", "в адрес")."""
        for c in self.kids[t.i]:
            if c.rel == "case" and c.pos == "ADP" and c.i < t.i:
                word = _PREP_NORM.get(c.text.lower(), c.text.lower())
                fixed = [f.lemma for f in self.kids[c.i] if f.rel == "fixed"]
                return "_".join([word, *fixed])
        return ""

    def conjuncts(self, t: Token) -> list[Token]:
        """``t`` and the tokens coordinated with it ("России и Беларуси")."""
        out = [t]
        for c in self.kids[t.i]:
            if c.rel == "conj":
                out.extend(self.conjuncts(c))
        return out

    def subtree(self, t: Token, limit: int = 60) -> list[Token]:
        out: list[Token] = []
        stack = [t]
        while stack and len(out) < limit:
            x = stack.pop()
            out.append(x)
            stack.extend(self.kids[x.i])
        return out

    # -- entities --------------------------------------------------------------------------
    def entity_at(self, start: int, end: int, types: Iterable[str] | None = None
                  ) -> Entity | None:
        k = bisect_right(self.mention_starts, end)
        best: tuple[int, int, Entity] | None = None
        for s, e, ent in self.mentions[max(0, k - 40):k]:
            if s < end and start < e and (types is None or ent.type in types) and (
                    best is None or (e - s) > (best[1] - best[0])):
                best = (s, e, ent)
        return best[2] if best else None

    def quote_at(self, offset: int) -> Any:
        for q in self.quotes:
            if q.start <= offset < q.end:
                return q
            if q.start > offset:
                break
        return None


def is_passive(ctx: Ctx, v: Token) -> bool:
    if v.feats.get("Voice") == "Pass":
        return True
    return any(c.rel in ("aux:pass", "nsubj:pass") for c in ctx.kids[v.i])


def _is_participle(v: Token) -> bool:
    return v.feats.get("VerbForm") == "Part"


def _stray_subject(ctx: Ctx, v: Token) -> list[Token]:
    """A finite verb the parser left without a subject: the nearest nominative noun before
    it in the same clause that agrees with it ("страны-участницы договора имеют право")."""
    if v.feats.get("VerbForm") != "Fin" or v.feats.get("Person") in ("1", "2"):
        return []
    first = ctx.parse.sents[v.sent].first
    for j in range(v.i - 1, max(first, v.i - 8) - 1, -1):
        x = ctx.toks[j]
        if x.text in (",", ";", ":", "—", "–") or x.pos in ("SCONJ",) or (
                x.pos == "VERB" and x.feats.get("VerbForm") == "Fin"):
            return []
        if x.pos in ("NOUN", "PROPN") and x.feats.get("Case") == "Nom" and not ctx.prep(x) \
                and (x.rel not in ("nsubj", "nsubj:pass", "obj") or ctx.heads[x.i] < 0) \
                and agree(x, v):
            return [x]
    return []


def own_subjects(ctx: Ctx, v: Token) -> list[Token]:
    """Subjects attached to ``v``, minus those that belong to a coordinated verb nearer to
    them (the parser hangs every subject of "A ввел ..., и провел ... B" on the first verb)."""
    subs = [c for c in ctx.kids[v.i] if c.rel in ("nsubj", "nsubj:pass")]
    if not subs and v.rel != "conj":
        return _stray_subject(ctx, v)
    if len(subs) < 2:
        return subs
    conj_verbs = [c for c in ctx.kids[v.i] if c.rel == "conj" and c.pos in ("VERB", "AUX")
                  and not any(x.rel in ("nsubj", "nsubj:pass") for x in ctx.kids[c.i])]
    keep = []
    for s in subs:
        if any(abs(s.i - c.i) < abs(s.i - v.i) for c in conj_verbs):
            continue
        keep.append(s)
    return keep or subs[:1]


def _zero_subject(ctx: Ctx, v: Token) -> list[Token]:
    """A singular finite main verb with no subject continues the previous sentence's subject
    ("Маркив ... . Участвовал в Евромайдане, воевал в батальоне"). Plural verbs without a
    subject are indefinite-personal ("отключили Интернет") and keep none."""
    if v.feats.get("VerbForm") != "Fin" or v.feats.get("Number") != "Sing" or \
            v.feats.get("Person") in ("1", "2") or v.sent == 0 or v.rel not in ("root", "conj"):
        return []
    s = ctx.parse.sents[v.sent - 1]
    for r in ctx.toks[s.first:s.last]:
        if ctx.heads[r.i] < 0 and r.pos in ("VERB", "AUX", "ADJ", "NOUN"):
            subs = [x for x in own_subjects(ctx, r) if x.pos in ("NOUN", "PROPN", "PRON")]
            if subs and agree(subs[0], v) and subs[0].feats.get("Animacy") != "Inan":
                return subs[:1]
    return []


def _borrowed_subjects(ctx: Ctx, v: Token, depth: int = 0) -> list[Token]:
    """Subject of a verb that has none of its own: shared with the verb it is coordinated
    with, the controlling verb of an infinitive, the main verb of a gerund."""
    if depth > 4:
        return []
    h = ctx.head(v)
    if h is None:
        return []
    if v.rel == "conj" and h.pos in ("VERB", "AUX", "ADJ"):
        subs = [c for c in ctx.kids[h.i] if c.rel in ("nsubj", "nsubj:pass")]
        near = [s for s in subs if abs(s.i - v.i) < abs(s.i - h.i)]
        if near:
            return near
        if subs:
            return own_subjects(ctx, h)
        return _borrowed_subjects(ctx, h, depth + 1)
    if v.rel == "acl:relcl" and h.pos in ("NOUN", "PROPN"):
        # "выступил с обращением, в котором попросил ...": the subject of the clause above
        g = ctx.head(h)
        if g is not None and g.pos == "VERB" and h.rel in ("obl", "obj", "nmod"):
            subs = [s for s in own_subjects(ctx, g) if agree(s, v)]
            return subs or [s for s in _borrowed_subjects(ctx, g, depth + 1) if agree(s, v)]
        return []
    if v.feats.get("VerbForm") == "Inf" and v.rel in ("nmod", "acl") and \
            h.lemma in lex.FRAME_NOUNS:
        # "имеют право отправлять", "заявил о готовности компенсировать"
        g = ctx.head(h)
        if g is not None and g.pos == "VERB":
            return own_subjects(ctx, g) or _borrowed_subjects(ctx, g, depth + 1)
        return []
    if v.rel == "xcomp" and h.lemma in lex.EXPERIENCER:  # "ему удалось убить"
        dat = [c for c in ctx.kids[h.i] if c.feats.get("Case") == "Dat" and
               c.rel in ("iobj", "obl", "nsubj")]
        if dat:
            return dat
    if v.rel == "xcomp" or (v.rel == "advcl" and v.feats.get("VerbForm") == "Conv"):
        if v.rel == "xcomp" and h.lemma in lex.OBJECT_CONTROL:
            objs = [c for c in ctx.kids[h.i] if c.rel in ("obj", "iobj")]
            if objs:
                return objs
        subs = own_subjects(ctx, h)
        return subs or _borrowed_subjects(ctx, h, depth + 1)
    return []


def _relative(ctx: Ctx, t: Token, clause: Token) -> Token:
    """"который" stands for the noun its clause modifies."""
    if t.lemma == "который":
        x: Token | None = clause
        for _ in range(4):
            if x is None:
                break
            if x.rel == "acl:relcl":
                h = ctx.head(x)
                return h if h is not None else t
            x = ctx.head(x) if x.rel == "conj" else None
    return t


def verb_roles(ctx: Ctx, v: Token) -> dict[str, list[Token]]:
    """Deep roles of a verbal trigger: subj (agent), obj (patient), dat, pp:*."""
    roles: dict[str, list[Token]] = {}
    kids = ctx.kids[v.i]
    passive = is_passive(ctx, v)
    surface_subj = own_subjects(ctx, v)
    objs = [c for c in kids if c.rel == "obj"]
    agent = [c for c in kids if c.rel in ("obl", "obl:agent", "iobj") and
             c.feats.get("Case") == "Ins" and not ctx.prep(c) and c.pos in ("NOUN", "PROPN",
                                                                            "PRON")]
    h = ctx.head(v)
    if _is_participle(v) and v.rel in ("amod", "acl") and h is not None:
        if passive:
            roles["obj"] = [h]
            roles["subj"] = agent
        else:
            roles["subj"] = [h]
            roles["obj"] = objs
    elif passive:
        roles["obj"] = surface_subj + objs
        roles["subj"] = agent
    else:
        roles["subj"] = surface_subj or _borrowed_subjects(ctx, v) or _zero_subject(ctx, v)
        roles["obj"] = objs
    roles["subj"] = [_relative(ctx, t, v) for t in roles.get("subj", [])]
    roles["obj"] = [_relative(ctx, t, v) for t in roles.get("obj", [])]
    roles["dat"] = [c for c in kids if c.rel in ("iobj", "obl") and c.feats.get("Case") == "Dat"
                    and not ctx.prep(c)]
    for c in kids:
        if c.rel in ("obl", "nmod", "obj", "iobj"):
            p = ctx.prep(c)
            if p:
                roles.setdefault("pp:" + p, []).append(c)
    _pp_aliases(ctx, roles)
    return roles


def noun_roles(ctx: Ctx, n: Token) -> dict[str, list[Token]]:
    """Slots of a nominal trigger: gen, poss, ins, dat, side, between, pp:*."""
    roles: dict[str, list[Token]] = {}
    for c in ctx.kids[n.i]:
        if c.rel == "det" and c.lemma in lex.POSSESSIVE | {"он", "она", "они"} and c.i < n.i:
            roles.setdefault("poss", []).append(c)
            continue
        if c.rel not in ("nmod", "obl", "amod", "appos") or c.pos not in ("NOUN", "PROPN",
                                                                           "PRON", "VERB"):
            continue
        p = ctx.prep(c)
        case = c.feats.get("Case")
        if not p:
            if case == "Gen":
                roles.setdefault("gen", []).append(c)
            elif case == "Ins":
                roles.setdefault("ins", []).append(c)
            elif case == "Dat":
                roles.setdefault("dat", []).append(c)
        else:
            roles.setdefault("pp:" + p, []).append(c)
    _pp_aliases(ctx, roles)
    return roles


def _pp_aliases(ctx: Ctx, roles: dict[str, list[Token]]) -> None:
    side = roles.pop("pp:с_сторона", [])
    if side:
        roles["side"] = side
    between = roles.get("pp:между", [])
    if between:
        roles["between"] = [x for b in between for x in ctx.conjuncts(b)]
    # "в адрес X", "со стороны X" parsed as a noun with X below it
    for key, noun in (("pp:в", "адрес"), ("pp:с", "сторона")):
        for t in list(roles.get(key, [])):
            if t.lemma == noun:
                inner = [c for c in ctx.kids[t.i] if c.rel == "nmod"]
                if inner:
                    roles.setdefault("in_adres" if noun == "адрес" else "side", []).extend(inner)
                    roles[key].remove(t)
    if "in_adres" in roles:
        roles["pp:в_адрес"] = roles.pop("in_adres")


# -- spans ---------------------------------------------------------------------------------

def np_tokens(ctx: Ctx, head: Token, max_tokens: int = 10) -> list[Token]:
    """The noun phrase headed by ``head``: modifiers, genitives, names, appositions; no
    clauses, no coordinated phrases, no leading preposition."""
    out = [head]
    stack = [(head, 0)]
    while stack:
        t, depth = stack.pop()
        for c in ctx.kids[t.i]:
            if c.rel not in _NP_RELS or c.pos == "PUNCT":
                continue
            if c.rel == "case" or (c.rel == "fixed"):
                continue
            if c.rel == "nmod" and (depth >= 1 or ctx.prep(c) not in ("", "из", "в", "на")):
                continue
            if c.rel == "nmod" and ctx.prep(c) and head.pos in ("VERB",):
                continue
            out.append(c)
            stack.append((c, depth + (c.rel == "nmod")))
    out.sort(key=lambda x: x.i)
    # keep the contiguous run around the head
    run = [head]
    idx = {t.i for t in out}
    i = head.i - 1
    while i in idx or (i >= 0 and ctx.toks[i].pos == "PUNCT" and ctx.toks[i].text in "-–—"
                       and i - 1 in idx):
        run.insert(0, ctx.toks[i])
        i -= 1
    i = head.i + 1
    while i in idx or (i < len(ctx.toks) and ctx.toks[i].text in "-–—" and i + 1 in idx) or \
            (i < len(ctx.toks) and ctx.toks[i].pos == "ADP" and i + 1 in idx):
        run.append(ctx.toks[i])
        i += 1
    while run and run[-1].pos in ("PUNCT", "ADP", "CCONJ"):
        run.pop()
    while run and run[0].pos in ("PUNCT", "ADP", "CCONJ"):
        run.pop(0)
    if not run:
        run = [head]
    if len(run) > max_tokens:
        lo = max(0, run.index(head) - 3) if head in run else 0
        run = run[lo:lo + max_tokens]
    return run


def _first_person_speaker(ctx: Ctx, t: Token) -> str | None:
    if t.pos != "PRON" or t.lemma not in ("я", "мы"):
        return None
    q = ctx.quote_at(t.start)
    if q is not None and q.speaker is not None:
        ent: str | None = q.speaker.entity
        return ent
    return None


def _resolve_pronoun(ctx: Ctx, t: Token) -> Entity | None:
    """A third-person singular pronoun ("он", "она", "его"): the nearest earlier entity
    mention of the same gender within three sentences, subjects first."""
    if t.pos not in ("PRON", "DET") or t.lemma not in ("он", "она") or \
            t.feats.get("Number") == "Plur":
        return None
    gender = t.feats.get("Gender")
    if t.rel not in ("nsubj", "nsubj:pass"):
        # an object pronoun may stand for a thing named just before ("отключили Интернет,
        # сейчас его возвращают"): then it is left unresolved
        first = ctx.parse.sents[t.sent].first
        for j in range(t.i - 1, first - 1, -1):
            x = ctx.toks[j]
            if x.pos in ("NOUN", "PROPN") and x.feats.get("Gender") == gender and \
                    x.feats.get("Number") == "Sing":
                if x.feats.get("Animacy") == "Inan" and ctx.entity_at(x.start, x.end) is None:
                    return None
                break
    lo = ctx.parse.sents[max(0, t.sent - 3)].start
    found: list[tuple[int, int, Entity]] = []
    for s, e, ent in ctx.mentions:
        if s >= t.start:
            break
        if s < lo:
            continue
        m_tok = ctx.parse.token_at(s)
        if m_tok is None:
            continue
        head = m_tok
        # the head word of the mention (last token of a name, first of a role phrase)
        for x in ctx.parse.tokens[m_tok.i:]:
            if x.start >= e:
                break
            if ctx.heads[x.i] < 0 or not (s <= ctx.toks[ctx.heads[x.i]].start < e):
                head = x
                break
        g = head.feats.get("Gender")
        if head.feats.get("Number") == "Plur" or (gender and g and g != gender):
            continue
        if ent.type == "PER" and gender == "Neut":
            continue
        if ent.type == "LOC" and t.rel in ("nsubj", "nsubj:pass") and not _is_state(ent):
            continue  # a city does not act or speak ("Париж ... он убил"); a country may
        found.append((int(head.rel in ("nsubj", "nsubj:pass")), s, ent))
    if not found:
        return None
    subjects = [f for f in found if f[0]]
    return (subjects or found)[-1][2]


def _is_state(ent: Entity) -> bool:
    from svodka import kb

    found = kb.by_qid(ent.kb_id) if ent.kb_id else None
    return found is not None and found.kind == "country"


def argument(ctx: Ctx, head: Token) -> Argument:
    """An argument for the phrase headed by ``head``, linked to an entity where one is
    mentioned there (the head itself, a name in apposition, the country of "власти
    Турции", the speaker of a first-person quote, a pronoun's antecedent)."""
    toks = np_tokens(ctx, head)
    start, end = toks[0].start, toks[-1].end
    ent = ctx.entity_at(head.start, head.end)
    eid = ent.id if ent else None
    if eid is None:
        for c in ctx.kids[head.i]:
            if c.rel in ("appos", "flat:name", "flat") and c.pos == "PROPN":
                e2 = ctx.entity_at(c.start, c.end)
                if e2 is not None:
                    eid = e2.id
                    break
    if eid is None and head.lemma in STATE_NOUNS | SECURITY_WORDS | lex.MEMBER_NOUNS:
        for c in ctx.kids[head.i]:
            if c.rel == "nmod" and ctx.prep(c) in ("", "из"):
                e2 = ctx.entity_at(c.start, c.end, ("LOC", "ORG"))
                if e2 is not None:
                    eid = e2.id
                    break
    if eid is None and head.lemma == "свой":
        # "заявили о своей признательности": the possessor is the clause's subject
        x: Token | None = head
        for _ in range(5):
            x = ctx.head(x) if x is not None else None
            if x is None or x.pos in ("VERB", "AUX"):
                break
        subs = verb_roles(ctx, x).get("subj", []) if x is not None else []
        if subs and subs[0].lemma != "свой":
            return argument(ctx, subs[0])
    if eid is None:
        eid = _first_person_speaker(ctx, head)
    if eid is None and head.pos in ("PRON", "DET"):
        e3 = _resolve_pronoun(ctx, head)
        eid = e3.id if e3 else None
        if e3 is None and head.feats.get("Number") == "Plur" or head.lemma in ("они", "их"):
            ante = _plural_antecedent(ctx, head)
            if ante is not None:
                return argument(ctx, ante)
    return Argument(eid, start, end, ctx.parse.text[start:end])


def _plural_antecedent(ctx: Ctx, t: Token) -> Token | None:
    """"они"/"их": the nearest earlier plural noun subject (this and the previous sentence)."""
    first = ctx.parse.sents[max(0, t.sent - 1)].first
    for j in range(t.i - 1, first - 1, -1):
        x = ctx.toks[j]
        if x.rel in ("nsubj", "nsubj:pass") and x.pos in ("NOUN", "PROPN") and \
                x.feats.get("Number") == "Plur":
            return x
    return None


def arguments(ctx: Ctx, heads: Iterable[Token]) -> list[Argument]:
    out: list[Argument] = []
    seen: set[int] = set()
    for h in heads:
        for c in ctx.conjuncts(h):
            if c.i in seen or c.pos in ("PUNCT", "ADP", "CCONJ", "SCONJ", "PART"):
                continue
            if c.pos == "PRON" and c.lemma in ("себя", "это", "что", "который", "то"):
                continue
            seen.add(c.i)
            out.append(argument(ctx, c))
    return out


# -- location and date ---------------------------------------------------------------------

def location(ctx: Ctx, anchors: list[Token], exclude: set[int]) -> Argument | None:
    """Where it happened: a place phrase ("под Алматы", "по всему Казахстану", "в стране")
    among the dependents of the trigger and of the verbs above it in its clause."""
    seen: set[int] = set()
    for a in anchors:
        for c in ctx.kids[a.i]:
            if c.i in exclude or c.i in seen or c.rel not in ("obl", "nmod", "advmod"):
                continue
            seen.add(c.i)
            arg = _place(ctx, c)
            if arg is not None:
                return arg
    return None


def _place(ctx: Ctx, c: Token) -> Argument | None:
    p = ctx.prep(c)
    if p not in lex.LOC_PREPS and not (p == "" and c.rel == "advmod"):
        return None
    ent = ctx.entity_at(c.start, c.end, ("LOC",))
    if ent is None:
        for x in ctx.kids[c.i]:
            if x.rel in ("nmod", "appos", "flat:name") and not ctx.prep(x):
                ent = ctx.entity_at(x.start, x.end, ("LOC",))
                if ent is not None:
                    break
    if ent is not None:
        toks = np_tokens(ctx, c)
        return Argument(ent.id, toks[0].start, toks[-1].end,
                        ctx.parse.text[toks[0].start:toks[-1].end])
    if c.lemma in lex.PLACE_NOUNS and p in lex.LOC_PREPS:
        toks = np_tokens(ctx, c)
        eid = None
        if c.lemma == "страна" and ctx.main_loc is not None and not any(
                x.rel == "amod" and x.lemma not in ("весь", "вся") for x in ctx.kids[c.i]):
            eid = ctx.main_loc.id
        return Argument(eid, toks[0].start, toks[-1].end,
                        ctx.parse.text[toks[0].start:toks[-1].end])
    return None


def sentence_location(ctx: Ctx, sent: int, exclude: set[int]) -> Argument | None:
    """A place adjunct elsewhere in the sentence ("В Казахстане ... продолжаются"): first
    one hanging on a root verb, else any place phrase with a locative preposition."""
    s = ctx.parse.sents[sent]
    toks = ctx.toks[s.first:s.last]
    roots = [t for t in toks if ctx.heads[t.i] < 0]
    for r in roots:
        for c in ctx.kids[r.i]:
            if c.rel == "obl" and c.i not in exclude and ctx.prep(c) in ("в", "на"):
                arg = _place(ctx, c)
                if arg is not None and arg.entity is not None:
                    return arg
    for c in toks:
        if c.rel in ("obl", "nmod") and c.i not in exclude and ctx.prep(c) in lex.LOC_PREPS:
            arg = _place(ctx, c)
            if arg is not None and arg.entity is not None:
                return arg
    return None


def document_location(ctx: Ctx, offset: int) -> Argument | None:
    """The article's dominant place (the country it is about), as its mention nearest
    before ``offset``: events whose sentence names no place happen there."""
    ent = ctx.main_loc
    if ent is None:
        return None
    before = [m for m in ent.mentions if m.start <= offset] or ent.mentions
    m = before[-1]
    return Argument(ent.id, m.start, m.end, ctx.parse.text[m.start:m.end],
                    extra={"inferred": "document"})


def event_date(ctx: Ctx, start: int, end: int, anchors: list[Token],
               governing: Any = None) -> DateExpr | None:
    """The date of an event: the dates module's ``governing_date`` when it is available,
    else a date attached to the trigger's clause, else the nearest date of its sentence."""
    doc = ctx.doc
    if governing is not None:
        try:
            found: DateExpr | None = governing(doc, start, end)
            return found
        except Exception:  # noqa: BLE001 - a module in progress must not break events
            pass
    if not doc.dates:
        return None
    k = ctx.parse.sent_of(start)
    s = ctx.parse.sents[k]
    in_sent = [d for d in doc.dates if s.start <= d.start < s.end]
    if not in_sent:
        return None
    clause: set[tuple[int, int]] = set()
    for a in anchors:
        clause.update((t.start, t.end) for t in ctx.kids[a.i])
    for d in in_sent:
        if any(cs < d.end and d.start < ce for cs, ce in clause):
            return d
    valued = [d for d in in_sent if d.value] or in_sent
    before = [d for d in valued if d.start <= start]
    if before:
        return before[-1]
    return min(valued, key=lambda d: abs(d.start - start))


# -- candidate events and their participants -------------------------------------------

@dataclass
class Cand:
    sense: lex.Sense
    head: Token
    parts: list[Token] = field(default_factory=list)
    governor: Token | None = None
    content: list[Cand] = field(default_factory=list)
    suppressed: bool = False
    type: str = ""
    mode: str | None = None
    continuation_of: Cand | None = None
    actors: list[Argument] = field(default_factory=list)
    actor_heads: list[Token] = field(default_factory=list)
    recipient_heads: list[Token] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.type = self.type or self.sense.type
        self.mode = self.mode if self.mode is not None else self.sense.mode

    @property
    def tokens(self) -> list[Token]:
        return sorted([self.head, *self.parts], key=lambda t: t.i)

    @property
    def verbal(self) -> bool:
        return self.head.pos in ("VERB", "AUX") or (self.head.pos == "ADJ" and
                                                     self.sense.pos == "V")

    def parts_ids(self) -> set[int]:
        return {p.i for p in self.parts}


def animate(ctx: Ctx, t: Token, depth: int = 0) -> bool:
    """A person or group: animate, a pronoun, a person/organisation entity, a security or
    people noun, or a quantity of them ("сотни людей", "ряд ключевых фигур")."""
    if t.feats.get("Animacy") == "Anim" or t.pos == "PRON":
        return True
    ent = ctx.entity_at(t.start, t.end)
    if ent is not None and ent.type in ("PER", "ORG"):
        return True
    if t.lemma in lex.SECURITY_WORDS or t.lemma in ("человек", "лицо", "группа", "житель",
                                                     "гражданин", "сторонник"):
        return True
    if (t.lemma in lex.QUANTITY or t.pos == "NUM") and depth < 2:
        return any(animate(ctx, c, depth + 1) for c in ctx.kids[t.i]
                   if c.rel in ("nmod", "nummod:gov", "nummod") or c.feats.get("Case") == "Gen")
    return False


def gov_of(ctx: Ctx, t: Token) -> Token | None:
    """The word a nominal trigger depends on, through coordination ("об аресте и пытках")."""
    x = t
    for _ in range(4):
        if x.rel == "conj":
            h = ctx.head(x)
            if h is None:
                return None
            x = h
            continue
        return ctx.head(x)
    return None


def slot_heads(ctx: Ctx, roles: dict[str, list[Token]], slots: tuple[str, ...],
                skip: set[int]) -> list[Token]:
    """Heads of the first filled slot; slots marked "+" are always added (two-sided
    fighting: "ведут бои с курсантами" has both sides as actors)."""
    out: list[Token] = []
    for slot in slots:
        if slot.startswith("+"):
            continue
        out = [h for h in roles.get(slot, []) if h.i not in skip or slot == "part"]
        if out:
            break
    for slot in slots:
        if slot.startswith("+"):
            out += [h for h in roles.get(slot[1:], []) if h.i not in skip and h not in out]
    return out


def governing_verb(ctx: Ctx, t: Token) -> tuple[Token | None, Token | None]:
    """(verb, noun) above a nominal trigger: through coordination, light nouns ("акт
    самосожжения", "волна протестов") and orders ("приказ об аресте")."""
    x, frame = t, None
    for _ in range(4):
        g = gov_of(ctx, x)
        if g is None:
            return None, frame
        if g.pos in ("VERB", "AUX"):
            return g, frame
        if g.lemma in lex.LIGHT_NOUNS | lex.ORDER_NOUNS and g.pos == "NOUN":
            frame = g
            x = g
            continue
        return None, frame
    return None, frame


def participant(ctx: Ctx, gov: Token) -> list[Token]:
    """Who takes part: "участвовал в X" (subject), "его участие в X" (possessor), "арестован
    за участие в X" (the one arrested), "участник боёв" (the participant himself)."""
    if gov.pos == "VERB":
        return verb_roles(ctx, gov).get("subj", [])
    if gov.lemma in ("участник", "участница"):
        return [gov]
    roles = noun_roles(ctx, gov)
    found = roles.get("poss", []) + roles.get("gen", [])
    if found:
        return found
    v = gov_of(ctx, gov)
    for _ in range(3):  # "вышел на свободу после ареста за участие в марше"
        if v is None or v.pos == "VERB":
            break
        v = gov_of(ctx, v)
    if v is not None and v.pos == "VERB":
        vr = verb_roles(ctx, v)
        return (vr.get("obj", []) if is_passive(ctx, v) else []) or vr.get("subj", [])
    return []


def roles_of(ctx: Ctx, c: Cand) -> tuple[list[Token], list[Token]]:
    t = c.head
    sense = c.sense
    skip = {p.i for p in c.parts} | {t.i}
    if c.verbal:
        roles = verb_roles(ctx, t)
        for p in c.parts:  # "ведут бои с курсантами": the noun's phrases count too
            if p.pos in ("NOUN", "PROPN"):
                for k, v in noun_roles(ctx, p).items():
                    if k.startswith("pp:") or k in ("between", "side", "dat", "ins"):
                        roles.setdefault(k, []).extend(x for x in v if x not in roles.get(k, []))
        actor = slot_heads(ctx, roles, sense.actor, skip)
        rec = slot_heads(ctx, roles, sense.recipient, skip | {a.i for a in actor})
        return actor, rec
    roles = noun_roles(ctx, t)
    roles["part"] = [p for p in c.parts if p.pos in ("NOUN", "PROPN")]
    actor = slot_heads(ctx, roles, sense.actor, skip)
    rec = slot_heads(ctx, roles, sense.recipient, skip | {a.i for a in actor})
    direct = gov_of(ctx, t)
    takes_part = direct is not None and direct.lemma in ("принять", "принимать") and any(
        k.lemma == "участие" for k in ctx.kids[direct.i])  # "во встрече принимали участие"
    if direct is not None and (takes_part or direct.lemma in lex.PARTICIPATION | {
            "участник", "участница", "соучастие"}):
        if not actor and sense.actor:
            actor = participant(ctx, direct)
        c.governor = direct
        return actor, rec
    if direct is not None and direct.lemma == "ответственность":
        # "взявшее ответственность за атаку": who claims it is the actor
        claim = gov_of(ctx, direct)
        if claim is not None and claim.lemma in ("взять", "брать", "взявший") and not actor:
            actor = verb_roles(ctx, claim).get("subj", [])
        return actor, rec
    if direct is not None and direct.lemma in lex.ACCUSING and ctx.prep(t) == "в" and not actor \
            and sense.actor:
        # "обвинили Иран в поставках оружия": the accused is the actor of what he is accused of
        accused = (verb_roles(ctx, direct).get("obj", []) if direct.pos == "VERB"
                   else noun_roles(ctx, direct).get("pp:против", []))
        if accused:
            return accused, rec
    gov, frame = governing_verb(ctx, t)
    if frame is not None and frame.lemma in lex.ORDER_NOUNS and not actor and sense.actor:
        fr = noun_roles(ctx, frame)  # "решение властей об ограничении прав"
        actor = fr.get("gen", []) + fr.get("poss", [])
    if gov is None:
        return actor, rec
    rel = (frame or t).rel
    if rel not in ("obj", "nsubj:pass", "obl", "iobj", "conj", "nmod", "nsubj"):
        return actor, rec
    groles = verb_roles(ctx, gov)
    if gov.lemma in lex.UNDERGO_VERBS and not rec:
        rec = groles.get("subj", []) or groles.get("obj", [])
        c.governor = gov
    elif (gov.lemma in lex.SUPPORT_VERBS or frame is not None and frame.lemma in lex.ORDER_NOUNS
          ) and not actor and rel != "nsubj" and sense.actor:
        actor = groles.get("subj", [])
        if not rec and frame is None:
            rec = [x for x in slot_heads(ctx, groles, sense.recipient, skip) if x.i != t.i]
        c.governor = gov
    return actor, rec
