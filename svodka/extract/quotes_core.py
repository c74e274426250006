"""Shared machinery of the quotes stage: lexicon on tokens, quotation marks, clause extent,
speakers of cues, and the list of quotes found so far. ``quotes_direct`` and
``quotes_indirect`` build the finders on it; ``quotes`` runs them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from svodka.doc import Document
from svodka.extract import speech_lexicon as lex
from svodka.extract.quotes_marks import DASHES, Mark, find_marks, paragraphs
from svodka.extract.quotes_speaker import (
    Speaker,
    Tree,
    inherited_ok,
    is_first_second_person,
    make_speaker,
    owner,
    speaker_entity,
    subject,
)
from svodka.nlp import Parse, Token

END_PUNCT = frozenset(".!?…;")
OPEN_MARKS = frozenset("«„“\"")
CLOSE_MARKS = frozenset("»“”\"")
LINKS = frozenset({"и", "а", "но", "также", "затем", "потом", "еще", "ещё", "тоже", "же",
                    "впоследствии", "позже", "дополнительно"})
ABOUT = frozenset({"о", "об", "обо"})
# assertive cues that report a proposition through "о + noun phrase" ("заявил о победе");
# not "объявить", whose "о + NP" is mostly the act announced ("объявил о заморозке")
ABOUT_CUES = frozenset("""заявить заявлять сообщить сообщать рассказать рассказывать говорить
    сказать предупредить предупреждать""".split())


@dataclass
class Found:
    kind: str
    start: int
    end: int
    speaker: Speaker | None
    cue: tuple[int, int, str] | None  # start, end, lemma
    cue_tok: int = -1
    how: str = ""


class FinderBase:
    def __init__(self, doc: Document, parse: Parse):
        self.doc = doc
        self.parse = parse
        self.text = parse.text
        self.toks = parse.tokens
        self.tree = Tree(parse)
        self.starts = [t.start for t in self.toks]
        self.marks = find_marks(self.text)
        self.mark_opens = [m.open for m in self.marks]
        self.paras = paragraphs(self.text)
        self.para_starts = [p[0] for p in self.paras]
        self.found: list[Found] = []
        self.used: set[int] = set()  # cue tokens already given a quote
        self.direct: list[tuple[int, int]] = []  # content of direct quotes
        self._cue_cache: dict[int, tuple[str, str] | None] = {}
        self._names: dict[int, bool] = {}
        self._doc_owner: dict[str, Speaker] = {}

    # -- lexicon on tokens ---------------------------------------------------------------
    def cue(self, t: Token) -> tuple[str, str] | None:
        """(class, lemma) if ``t`` is a speech cue, with light verbs joined to their noun."""
        if t.i in self._cue_cache:
            return self._cue_cache[t.i]
        out: tuple[str, str] | None = None
        if t.pos in ("VERB", "AUX", "ADJ") and lex.maybe_cue(t.text):
            lemma = t.lemma
            cls = lex.cue_class(lemma)
            if t.pos == "ADJ" and t.feats.get("Variant") != "Short":
                cls = None  # "уверен", "убеждены" report; "уверенной победе" does not
            nouns = lex.phrasal_nouns(lemma)
            if nouns:
                for c in self.tree.children(t.i):
                    if c.lemma in nouns or c.text.lower() in nouns:
                        out = ("say", f"{lemma} {c.text.lower()}")
                        break
            if out is None and cls is not None:
                out = (cls, lemma)
        self._cue_cache[t.i] = out
        return out

    def opens_sentence(self, offset: int) -> bool:
        """Only dashes or spaces between the start of the sentence and ``offset``."""
        k = self.tok_after(offset)
        if k >= len(self.toks):
            return False
        first = self.parse.sents[self.toks[k].sent].first
        return all(t.text in DASHES or t.text in OPEN_MARKS for t in self.toks[first:k])

    def cue_cls(self, t: Token) -> str | None:
        cue = self.cue(t)
        return cue[0] if cue else None

    def cue_span(self, t: Token) -> tuple[int, int, str]:
        cue = self.cue(t)
        lemma = cue[1] if cue else (lex.fuzzy_verb(t.text) or t.lemma)
        end = t.end
        if cue and " " in cue[1]:
            for c in self.tree.children(t.i):
                if c.text.lower() == cue[1].split(" ", 1)[1] and c.i > t.i:
                    end = max(end, c.end)
        return t.start, end, lemma

    @staticmethod
    def usable_form(t: Token) -> bool:
        f = t.feats
        if f.get("Mood") == "Imp" or f.get("Person") in ("1", "2"):
            return False
        form = f.get("VerbForm")
        if form == "Inf":
            return False
        return not (form == "Part" and f.get("Variant") != "Short")

    # -- small helpers -------------------------------------------------------------------
    def sent(self, t: Token) -> tuple[int, int]:
        """Token range of ``t``'s sentence, cut at line breaks (the parser may run a
        headline into the first sentence)."""
        s = self.parse.sents[t.sent]
        ps, pe = self.para_of(t.start)
        return max(s.first, self.tok_after(ps)), min(s.last, self.tok_after(pe + 1))

    def para_of(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self.para_starts, offset) - 1
        if i >= 0 and offset <= self.paras[i][1]:
            return self.paras[i]
        return offset, offset

    def tok_after(self, offset: int) -> int:
        return bisect_left(self.starts, offset)

    def in_brackets(self, start: int, offset: int) -> bool:
        """An aside in parentheses between ``start`` and ``offset``, still open."""
        seg = self.text[start:offset]
        return seg.count("(") > seg.count(")")

    def inside_found(self, t: Token) -> bool:
        return any(f.start <= t.start < f.end for f in self.found)

    def in_direct(self, offset: int) -> bool:
        return any(s <= offset < e for s, e in self.direct)

    def marks_in(self, start: int, end: int) -> list[Mark]:
        lo = bisect_left(self.mark_opens, start)
        hi = bisect_right(self.mark_opens, end)
        return [m for m in self.marks[lo:hi] if m.close < end + 1 and m.open >= start]

    def mark_of(self, offset: int) -> Mark | None:
        """The outermost quotation whose content holds ``offset``."""
        for m in self.marks:
            if m.open > offset:
                break
            if m.open < offset < m.close and m.depth == 0:
                return m
        return None

    def is_name(self, m: Mark) -> bool:
        """Quotation marks around a name or title, not words someone said."""
        if m.open in self._names:
            return self._names[m.open]
        out = self._is_name(m)
        self._names[m.open] = out
        return out

    def _is_name(self, m: Mark) -> bool:
        inner = self.text[m.start:m.end].strip()
        if not inner or "\n" in inner:
            return False
        for e in self.doc.entities:
            for mn in e.mentions:
                if mn.start < m.end and m.start < mn.end and \
                        min(mn.end, m.end) - max(mn.start, m.start) >= 0.5 * len(inner):
                    return True
        k = self.tok_after(m.open) - 1
        while k >= 0 and self.toks[k].pos in ("ADJ", "DET", "PUNCT") and \
                self.toks[k].text not in ",:;.—–-" and self.toks[k].end > m.open - 40:
            k -= 1
        prev = self.toks[k] if k >= 0 else None
        if prev is not None and prev.pos in ("NOUN", "PROPN") and not inner[0].islower() and \
                (prev.lemma in lex.NAME_NOUNS or prev.lemma.split("-")[-1] in lex.NAME_NOUNS):
            return True
        # a capitalised short phrase mid-sentence: «Единая Россия», «Цирк», «Новые времена»
        words = inner.split()
        if inner[0].isupper() and len(words) <= 6 and prev is not None and \
                prev.text not in ":;.!?—–-" and self.cue(prev) is None and \
                prev.lemma not in lex.CLAUSE_MARKS and not inner.endswith(("!", "?", ".")) \
                and not self.opens_sentence(m.open):
            k1 = self.tok_after(m.end)
            return not any(t.pos in ("VERB", "AUX") and t.feats.get("VerbForm") == "Fin"
                           for t in self.toks[self.tok_after(m.start):k1])
        return False

    def speaker_of(self, cue: Token, cls: str | None = None) -> Speaker | None:
        lemma = cue.lemma
        if lemma in ("цитировать", "процитировать"):
            # the one quoted is the object; word order is free, so prefer a person
            args = [c for c in self.tree.children(cue.i, "obj", "nsubj")
                    if c.pos in ("NOUN", "PROPN", "PRON")]
            args.sort(key=lambda c: (c.feats.get("Animacy") != "Anim", c.rel != "obj"))
            if args:
                return make_speaker(self.doc, self.tree, args[0])
        if cls == "passive" or (cue.feats.get("VerbForm") == "Part"):
            return self.document_speaker(cue)
        subj = inherited_ok(cue, subject(self.tree, cue))
        if subj is None:
            return self.place_speaker(cue)
        return make_speaker(self.doc, self.tree, subj)

    def place_speaker(self, cue: Token) -> Speaker | None:
        """Indefinite-personal "сообщили в пресс-службе МВД", "заявили в Кремле": the
        institution named by the place is the speaker."""
        if cue.feats.get("Number") != "Plur" or cue.feats.get("VerbForm") not in ("Fin", None):
            return None
        for c in self.tree.children(cue.i, "obl"):
            if c.pos not in ("NOUN", "PROPN") or c.feats.get("Case") != "Loc":
                continue
            if not any(g.text.lower() in ("в", "во") for g in self.tree.children(c.i, "case")):
                continue
            if c.lemma in lex.PROXY_HEADS or c.lemma in lex.DOCUMENT_NOUNS or \
                    speaker_entity(self.doc, c.start, c.end) is not None or \
                    c.lemma in ("руководство", "министерство", "ведомство", "правительство"):
                if c.lemma in lex.DOCUMENT_NOUNS:
                    continue
                return make_speaker(self.doc, self.tree, c)
        return None

    def document_speaker(self, cue: Token) -> Speaker | None:
        """"в заявлении МВД говорится" -> МВД; "заявление, в котором сообщается" -> its
        author; "в заявлении также говорится" -> the author of the last such statement."""
        for c in self.tree.children(cue.i, "obl", "nsubj", "nsubj:pass", "nmod"):
            noun = c
            if c.lemma == "который":
                ante = self.antecedent(cue)
                if ante is None:
                    continue
                noun = ante
            if not lex.is_document_noun(noun.lemma):
                continue
            own = owner(self.tree, noun)
            if own is not None:
                sp = make_speaker(self.doc, self.tree, own)
                self._doc_owner[noun.lemma] = sp
                return sp
            if noun is not c and noun.head >= 0:  # "X распространил заявление, в котором"
                gov = self.toks[noun.head]
                if gov.pos == "VERB":
                    subj = subject(self.tree, gov)
                    if subj is not None:
                        sp = make_speaker(self.doc, self.tree, subj)
                        self._doc_owner[noun.lemma] = sp
                        return sp
            if noun.lemma not in self._doc_owner:
                issuer = self.issuer_before(noun)
                if issuer is not None:
                    self._doc_owner[noun.lemma] = issuer
            return self._doc_owner.get(noun.lemma)
        return None

    def issuer_before(self, noun: Token) -> Speaker | None:
        """"Трамп и Путин сделали совместное заявление. … говорится в заявлении": the
        subject of the verb that issued the last such document named before."""
        for t in reversed(self.toks[:noun.i]):
            if t.lemma != noun.lemma or t.head < 0:
                continue
            gov = self.toks[t.head]
            if gov.lemma in lex.ISSUE_VERBS and t.rel in ("obj", "obl"):
                subj = subject(self.tree, gov)
                if subj is not None and subj.pos in ("NOUN", "PROPN"):
                    return make_speaker(self.doc, self.tree, subj)
        return None

    def antecedent(self, verb: Token) -> Token | None:
        if verb.rel == "acl:relcl" and verb.head >= 0:
            return self.toks[verb.head]
        return None

    def add(self, kind: str, start: int, end: int, speaker: Speaker | None, cue: Token | None,
            how: str) -> Found | None:
        while end > start and self.text[end - 1].isspace():
            end -= 1
        while start < end and self.text[start].isspace():
            start += 1
        if end - start > 1 and self.text[end - 1] == "." and self.text[end - 2] != ".":
            end -= 1  # the sentence's final period is not part of what was said
        if end - start < 2:
            return None
        if kind == "mixed" and how in ("that", "source", "as", "colon", "postposed"):
            m = self.mark_at(start)  # the whole report is one quotation: the words themselves
            if m is not None and m.close == end - 1 and not self.is_name(m):
                kind, start, end = "direct", m.start, m.end
        span = self.cue_span(cue) if cue is not None else None
        f = Found(kind, start, end, speaker, span, cue.i if cue is not None else -1, how)
        self.found.append(f)
        if cue is not None:
            self.used.add(cue.i)
        if kind == "direct":
            self.direct.append((start, end))
        return f

    def kind_of(self, start: int, end: int) -> str:
        for m in self.marks_in(start, end):
            if not self.is_name(m):
                return "mixed"
        return "indirect"

    def self_report(self, cue: Token, sp: Speaker | None) -> bool:
        """A cue inside a direct quote without its own third-person subject reports the
        quoted speaker's own words ("я полагаю, что"): not a separate quote."""
        if not self.in_direct(cue.start):
            return sp is not None and is_first_second_person(sp.head)
        return sp is None or sp.entity is None or is_first_second_person(sp.head)

    # -- clause extent -------------------------------------------------------------------
    def boundary_cue(self, k: int, last: int, k0: int = 0) -> bool:
        """Tokens from ``k`` open a coordinated speech cue: "и добавил", ", отметил, что"."""
        toks = self.toks
        j = k
        while j < last and (toks[j].text.lower() in LINKS or toks[j].text in DASHES
                            or toks[j].pos == "ADV"):
            j += 1
            if j - k > 3:
                return False
        if j >= last:
            return False
        t = toks[j]
        cue = self.cue(t)
        if cue is None or cue[0] not in ("say", "think", "manner") or not self.usable_form(t):
            return False
        if any(k0 <= c.i < t.i for c in self.tree.children(t.i, "nsubj", "nsubj:pass")):
            return False  # "…, что родственники …, уверены в …": the clause's own predicate
        return t.feats.get("VerbForm") in ("Fin", "Conv") or t.pos == "ADJ"

    def clause_end(self, k0: int, stop: int | None = None, cue: Token | None = None) -> int:
        """Index one past the last token of the reported clause starting at token ``k0``."""
        toks = self.toks
        _first, last = self.sent(toks[k0])
        if stop is not None:
            last = min(last, stop)
        enclosing = self.mark_of(toks[k0].start)
        depth_end = -1  # inside a quoted fragment up to this offset
        k = k0
        while k < last:
            t = toks[k]
            if enclosing is not None and t.start >= enclosing.close:
                break
            if k > k0 and t.start >= depth_end and "\n" in self.text[toks[k - 1].end:t.start]:
                break  # a paragraph (or headline) ends the clause
            if t.start < depth_end:
                k += 1
                continue
            if t.text in OPEN_MARKS:
                m = self.mark_at(t.start)
                if m is not None:
                    depth_end = m.close + 1
                    closing = self.parse.token_at(m.close)
                    if closing is not None and closing.i >= last and stop is None:
                        last = self.parse.sents[closing.sent].last  # «…» over sentences
                    k += 1
                    continue
            if t.text == ";":
                break
            if t.text in (",", "—", "–", "-") and k > k0 and self.boundary_cue(k + 1, last, k0):
                break
            if t.pos == "CCONJ" and t.text.lower() in ("и", "а") and k > k0 and \
                    self.boundary_cue(k + 1, last, k0):
                break
            if cue is not None and t.pos in ("CCONJ", "PUNCT") and k + 1 < last and \
                    toks[k + 1].head == cue.i and toks[k + 1].rel == "conj" and \
                    toks[k + 1].feats.get("VerbForm") in ("Fin", "Conv"):
                break  # "прокомментировал X и порассуждал о …": the cue's own coordinate
            k += 1
        while k > k0 and toks[k - 1].pos == "PUNCT" and not self.closes_inside(k - 1, k0):
            k -= 1
        return k

    def mark_at(self, offset: int) -> Mark | None:
        i = bisect_left(self.mark_opens, offset)
        if i < len(self.marks) and self.marks[i].open == offset:
            return self.marks[i]
        return None

    def closes_inside(self, k: int, k0: int) -> bool:
        """Token ``k`` is a closing mark (or bracket) whose opening lies at/after ``k0``."""
        t = self.toks[k]
        if t.text == ")":
            return "(" in self.text[self.toks[k0].start:t.start]
        if t.text not in CLOSE_MARKS:
            return False
        return any(m.close == t.start and m.open >= self.toks[k0].start for m in self.marks)

    def span(self, k0: int, k1: int) -> tuple[int, int]:
        return self.toks[k0].start, self.toks[k1 - 1].end

