"""Speech context for labels: the per-document lookups, who says what, scare quotes.

The holder of a label is the subject of its labeling verb; otherwise the speaker of the quote
or reported clause that contains it: ``doc.quotes`` when the quotes stage ran, else the
clause's speech verb ("заявил, что «...»"), "по словам X", dash-led direct speech with its
"- заявил X" attribution, and "X: ..." headline lines. Outside any speech it is the outlet.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from svodka.doc import Argument, Document
from svodka.extract import label_lexicon as lex
from svodka.extract import label_targets as tg
from svodka.nlp import Parse, Token
from svodka.nlp.morph import normal_word

DASHES = {"-", "–", "—", "−"}
_SUBJ = ("nsubj", "nsubj:pass")
FIRST_PERSON = {"я", "мы"}
_CLAUSE_RELS = {"ccomp", "parataxis", "csubj"}
_SCARE_MAX_WORDS = 8


@dataclass
class Speaker:
    """Who says what a span of text says: a token of the text or a quote's speaker."""

    token: Token | None = None
    argument: Argument | None = None
    quote: str | None = None
    direct: bool = False  # the words are the speaker's own (direct quote, quotation marks)


@dataclass
class Cand:
    kind: str  # construction | copula | so_called | referring | scare
    first: int  # label token range (inclusive)
    last: int
    head: Token
    target: tuple[int, int] | None = None  # token range of the local target
    target_head: Token | None = None
    subject: Token | None = None  # the labeling verb's subject (holder), if any
    generic: bool = False
    lemma_prefix: list[Token] = field(default_factory=list)  # merged predicate adjectives
    # adjectives of the phrase that speak in this label's voice (others are left out of its
    # lemma): "ультранационалистической «террористической» группировке" is two labels
    voice: frozenset[int] | None = None


class Context:
    """Per-document lookups shared by the passes."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.parse: Parse = doc.state["parse"]
        self.text = self.parse.text
        self.tokens = self.parse.tokens
        self.kids = tg.children(self.parse)
        self.ent_at: dict[int, list[tuple[str, int, int, str]]] = {}
        starts = self._starts = [t.start for t in self.tokens]
        for e in doc.entities:
            for m in e.mentions:
                i = bisect.bisect_right(starts, m.start) - 1
                i = max(i, 0)
                while i < len(self.tokens) and self.tokens[i].start < m.end:
                    if self.tokens[i].end > m.start:
                        self.ent_at.setdefault(i, []).append((e.id, m.start, m.end, e.type))
                    i += 1
        self.groups = tg.find_groups(self.parse, self.kids)
        self.regions = _speech_regions(self)
        self.quoted = [(s, e) for s, e, _n in _quoted_spans(self)]
        self.scare = _scare_spans(self)
        self.consumed: set[int] = set()
        self._name_stems: set[str] | None = None
        self.holder_entity: str | None = None  # of the label being built
        # label category -> group class, learnt from labels applied to a group
        self.bridge: dict[str, str] = {}

    def people_in(self, start: int, end: int, kinds: tuple[str, ...] = ("name", "surname")
                  ) -> list[tuple[str, int, int]]:
        """Mentions of persons inside [start, end) (named ones unless ``kinds`` says more)."""
        return [(e.id, m.start, m.end) for e in self.doc.entities if e.type == "PER"
                for m in e.mentions if start <= m.start < end and m.kind in kinds]

    def tokens_between(self, start: int, end: int) -> list[Token]:
        i = bisect.bisect_left(self._starts, start)
        out = []
        while i < len(self.tokens) and self.tokens[i].end <= end:
            out.append(self.tokens[i])
            i += 1
        return out

    def entity_of(self, tok: Token, types: tuple[str, ...] = ("PER", "ORG", "LOC")
                  ) -> tuple[str, int, int] | None:
        for eid, s, e, typ in self.ent_at.get(tok.i, []):
            if typ in types:
                return eid, s, e
        return None

    def is_name_word(self, tok: Token) -> bool:
        """Is ``tok`` a word of an organisation's name in this article ("Радикальная партия"
        where the tagger missed one mention)?"""
        if self._name_stems is None:
            self._name_stems = {normal_word(w)[:5] for e in self.doc.entities
                                if e.type == "ORG" for w in e.name.split()
                                if w[:1].isupper() and len(w) > 3}
        return tok.text[:1].isupper() and normal_word(tok.text)[:5] in self._name_stems

    def link(self, arg: Argument) -> Argument:
        """Join an argument to the entity whose mention or surname it repeats ("Эрдоган:" in a
        headline the tagger did not see)."""
        if arg.entity is not None:
            return arg
        key = normal_word(arg.text)
        for e in self.doc.entities:
            if e.type not in ("PER", "ORG"):
                continue
            words = e.name.split()
            if key == normal_word(e.name) or (e.type == "PER" and len(words) > 1 and
                                               key == normal_word(words[-1])) or \
                    any(key == normal_word(m.text) and m.kind in ("name", "surname", "acronym")
                        for m in e.mentions):
                return Argument(e.id, arg.start, arg.end, arg.text, extra=arg.extra)
        person = self._person_by_place(arg.start, arg.end)
        if person is not None:
            return Argument(person, arg.start, arg.end, arg.text, extra=arg.extra)
        return arg

    def _person_by_place(self, start: int, end: int) -> str | None:
        """"турецкого лидера" -> the one person whose role mention names the same place
        ("президент Турции Реджеп Тайип Эрдоган")."""
        places = {e.id for e in self.doc.entities if e.type == "LOC" for m in e.mentions
                  if start <= m.start and m.end <= end}
        if not places:
            return None
        loc_spans = [(m.start, m.end) for e in self.doc.entities if e.id in places
                     for m in e.mentions]
        found = {e.id for e in self.doc.entities if e.type == "PER" for m in e.mentions
                 if m.kind == "role" and any(m.start <= s and t <= m.end for s, t in loc_spans)}
        return next(iter(found)) if len(found) == 1 else None

    def in_entity_name(self, tok: Token) -> bool:
        ent = self.doc.entity
        for eid, _s, _e, _typ in self.ent_at.get(tok.i, []):
            e = ent(eid)
            if e is not None and any(m.kind in ("name", "surname", "acronym")
                                     and m.start <= tok.start
                                     and tok.end <= m.end for m in e.mentions):
                return True
        return False

    def argument(self, tok: Token) -> Argument:
        """A holder or target argument for the phrase headed by ``tok``."""
        found = self.entity_of(tok)
        if found is None:
            # "Адвокат Алёхиной Оксана Дарова": the person named in apposition
            found = next((f for k in self.kids[tok.i] if self.tokens[k].rel == "appos"
                          and (f := self.entity_of(self.tokens[k], ("PER", "ORG"))) is not None),
                         None)
        if found is not None:
            eid, s, e = found
            return Argument(eid, s, e, self.text[s:e])
        first, last = tg.phrase(self.parse, self.kids, tok, max_right=4)
        s, e = self.tokens[first].start, self.tokens[last].end
        return Argument(None, s, e, self.text[s:e])


# -- speech context ------------------------------------------------------------------------------

def _speech_regions(ctx: Context) -> list[tuple[int, int, Speaker]]:
    """Spans of speech with their speaker: quotes from the quotes stage, dash-led paragraphs
    closed by "- заявил X" or "«...», — сказал X", and "X: ..." headline lines."""
    out: list[tuple[int, int, Speaker]] = []
    for q in ctx.doc.quotes:
        out.append((q.start, q.end, Speaker(argument=q.speaker, quote=q.id,
                                             direct=q.kind == "direct")))
    text = ctx.text
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        body = line.strip()
        if not body:
            continue
        lead = start + line.index(body[0])
        if body[0] in DASHES or body[0] in "«\"„“":
            best: tuple[int, Token] | None = None
            for m in re.finditer(r"[,!?…»\"”.]\s*[-–—]\s*(?=\w)", line):
                verb = ctx.parse.token_at(start + m.end())
                if verb is None or verb.lemma not in lex.SPEECH_VERBS:
                    continue
                subj = subject_of(ctx, verb)
                if subj is not None:
                    best = (start + m.start() + 1, subj)
            if best is not None:
                out.append((lead, best[0], Speaker(token=best[1], direct=True)))
            continue
        head = re.match(r"([^:.!?«»]{2,60}):\s", line)
        if head:
            tok = ctx.parse.token_at(start + head.start(1))
            if tok is not None and ctx.entity_of(tok, ("PER", "ORG")) is not None:
                out.append((start + head.end(), end, Speaker(token=tok, direct=True)))
    return out


def subject_of(ctx: Context, verb: Token) -> Token | None:
    """The subject of ``verb`` (a named one first), through participles ("лидеры, называющие
    его"), infinitive and coordinated verbs ("и стал символом")."""
    cur: Token | None = verb
    for _ in range(3):
        if cur is None:
            return None
        subjects = [ctx.tokens[k] for k in ctx.kids[cur.i]
                    if ctx.tokens[k].rel in _SUBJ and ctx.tokens[k].pos in
                    ("NOUN", "PROPN", "PRON", "ADJ", "VERB", "DET")]
        if subjects:
            named = [t for t in subjects if ctx.entity_of(t, ("PER", "ORG")) is not None]
            return (named or subjects)[0]
        if cur.feats.get("VerbForm") == "Part" and cur.rel.startswith("acl") and cur.head >= 0 \
                and cur.feats.get("Voice") != "Pass":
            return ctx.tokens[cur.head]
        if cur.rel in ("xcomp", "csubj", "conj", "advcl") and cur.head >= 0:
            cur = ctx.tokens[cur.head]
        else:
            return None
    return None


def speaker_of(ctx: Context, tok: Token) -> Speaker | None:
    """Who says the clause ``tok`` is in, or None for the outlet's own narration. A quote
    whose speaker is a known entity wins; then the speech verb governing the clause, a
    direct-speech paragraph or headline, a quote with an unresolved speaker, "по словам X"."""
    regions = sorted(((e - s, sp) for s, e, sp in ctx.regions if s <= tok.start < e),
                     key=lambda x: x[0])
    for _n, sp in regions:
        if sp.argument is not None and sp.argument.entity is not None:
            return sp
    verb = governing_speech_verb(ctx, tok)
    if verb is not None:
        subj = subject_of(ctx, verb)
        if subj is not None and normal_word(subj.text) not in FIRST_PERSON:
            quote = next((sp.quote for _n, sp in regions if sp.quote), None)
            return Speaker(token=subj, quote=quote)
    for _n, sp in regions:
        if sp.token is not None and ctx.entity_of(sp.token) is not None:
            return sp
    if regions:
        return regions[0][1]
    for t in ctx.parse.sent_tokens(tok.sent):
        if normal_word(t.text) in lex.ACCORDING_TO and any(
                ctx.tokens[k].lemma == "по" for k in ctx.kids[t.i]):
            for k in ctx.kids[t.i]:
                src = ctx.tokens[k]
                if src.rel == "nmod" and src.pos in ("NOUN", "PROPN"):
                    return Speaker(token=src)
    return None


def governing_speech_verb(ctx: Context, tok: Token) -> Token | None:
    """The speech verb whose reported clause contains ``tok`` ("заявил, что ..."), or whose
    "о/об" topic it is ("заявила о политической ангажированности процесса")."""
    path = [tok, *tg.ancestors(ctx.parse, tok)]
    for child, verb in zip(path, path[1:]):
        if verb.lemma in lex.SPEECH_VERBS and verb.pos == "VERB" and (
                child.rel in _CLAUSE_RELS or child.rel == "obl" and any(
                    ctx.tokens[k].lemma in ("о", "об") for k in ctx.kids[child.i])):
            return verb
    return None


def resolve_relative(ctx: Context, tok: Token) -> Token:
    """"который" -> the noun its clause modifies (else the noun right before it)."""
    if tok.lemma != "который":
        return tok
    rel = next((a for a in tg.ancestors(ctx.parse, tok) if a.rel.startswith("acl")), None)
    if rel is not None and rel.head >= 0:
        return ctx.tokens[rel.head]
    before = next((t for t in reversed(ctx.tokens[max(0, tok.i - 4):tok.i])
                   if t.pos in ("NOUN", "PROPN")), None)
    return before or tok


def in_quotation_marks(ctx: Context, tok: Token) -> bool:
    return any(s <= tok.start and tok.end <= e for s, e in ctx.quoted)


def holder_of(ctx: Context, cand: Cand) -> tuple[Argument | None, str | None, bool, str | None]:
    """(holder, quote id, authorial, holder text for holders outside the text)."""
    sp = speaker_of(ctx, cand.head)
    quote = sp.quote if sp is not None else None
    subj = resolve_relative(ctx, cand.subject) if cand.subject is not None else None
    if subj is not None and normal_word(subj.text) not in FIRST_PERSON:
        return ctx.link(ctx.argument(subj)), quote, False, None
    if cand.generic:
        return None, quote, False, None
    if sp is not None and cand.kind == "referring" and not sp.direct and \
            not in_quotation_marks(ctx, cand.head) and \
            governing_speech_verb(ctx, cand.head) is None:
        # a passage the outlet attributes ("Об этом сообщил ...") is in the outlet's words:
        # its referring terms are the outlet's
        return None, quote, True, ctx.doc.source
    if sp is not None:
        if sp.argument is not None:
            a = sp.argument
            return ctx.link(Argument(a.entity, a.start, a.end, a.text)), quote, False, None
        if sp.token is not None:
            if normal_word(sp.token.text) in FIRST_PERSON:
                return None, quote, False, None
            return ctx.link(ctx.argument(sp.token)), quote, False, None
    if cand.kind == "scare" or subj is not None:
        return None, None, False, None
    return None, None, True, ctx.doc.source


# -- quotation marks ------------------------------------------------------------------------------

_QUOTED = re.compile(r"«([^«»\n]{1,400})»|\"([^\"\n]{1,400})\"|“([^“”\n]{1,400})”"
                     r"|„([^“\n]{1,400})“")


def _quoted_spans(ctx: Context) -> list[tuple[int, int, int]]:
    """Every quoted segment: (start, end, number of words)."""
    out = []
    for m in _QUOTED.finditer(ctx.text):
        g = next(i for i, x in enumerate(m.groups(), 1) if x is not None)
        out.append((m.start(g), m.end(g), len(m.group(g).split())))
    return out


def _scare_spans(ctx: Context) -> list[tuple[int, int]]:
    """Short quoted phrases inside a sentence: «террористические банды», «переворота»."""
    out = []
    for s, e, n in _quoted_spans(ctx):
        inner = ctx.text[s:e]
        if n > _SCARE_MAX_WORDS or not inner[:1].islower():
            continue
        toks = ctx.tokens_between(s, e)
        if any(t.pos in ("VERB", "AUX") and t.feats.get("VerbForm") in ("Fin", "Inf")
               or t.feats.get("Variant") == "Short" and t.pos == "VERB" for t in toks):
            continue  # a clause ("законных основаниях, все было учтено"): a citation
        if not any(t.pos in ("NOUN", "ADJ") for t in toks):
            continue
        out.append((s, e))
    return out


def scare_at(ctx: Context, tok: Token) -> tuple[int, int] | None:
    for s, e in ctx.scare:
        if s <= tok.start and tok.end <= e:
            return s, e
    return None
