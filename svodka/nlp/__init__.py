"""The one door to Natasha: models load once per process, lazily; nothing else imports natasha.

``parse(text)`` runs segmentation, morphology, syntax and NER and returns plain svodka
structures (``Parse``) so that the rest of svodka never touches Natasha's objects.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from svodka.nlp.morph import lemmatize

_LOCK = threading.Lock()
# closed classes whose lemma is the lower-cased word for every purpose of svodka
_NO_LEMMA_POS = {"PUNCT", "NUM", "ADP", "CCONJ", "SCONJ", "PART", "SYM", "X", "INTJ"}
_MODELS: dict[str, Any] = {}


class Token:
    """One token with morphology and its dependency arc. The lemma is computed on first use
    (pymorphy3 on unseen words is the costliest part of the adapter)."""

    __slots__ = ("i", "start", "end", "text", "pos", "feats", "_lemma", "head", "rel", "sent")

    def __init__(self, i: int, start: int, end: int, text: str, pos: str,
                 feats: dict[str, str], lemma: str | None = None, head: int = -1,
                 rel: str = "", sent: int = 0):
        self.i = i  # index in Parse.tokens
        self.start = start
        self.end = end
        self.text = text
        self.pos = pos
        self.feats = feats
        self._lemma = lemma
        self.head = head  # index of the head token, -1 for the root
        self.rel = rel
        self.sent = sent  # index in Parse.sents

    @property
    def lemma(self) -> str:
        if self._lemma is None:
            if self.pos in _NO_LEMMA_POS:
                self._lemma = self.text.lower().replace("ё", "е")
            else:
                self._lemma = lemmatize(self.text, self.pos, self.feats)
        return self._lemma

    def __repr__(self) -> str:
        return (f"Token({self.i}, {self.text!r}, {self.pos}, head={self.head}, "
                f"rel={self.rel!r})")


@dataclass(slots=True)
class Sent:
    start: int
    end: int
    first: int  # first token index
    last: int  # one past the last token index


@dataclass(slots=True)
class NerSpan:
    type: str
    start: int
    end: int
    text: str
    first: int  # token range
    last: int


@dataclass
class Parse:
    text: str
    tokens: list[Token] = field(default_factory=list)
    sents: list[Sent] = field(default_factory=list)
    ner: list[NerSpan] = field(default_factory=list)

    def sent_tokens(self, k: int) -> list[Token]:
        s = self.sents[k]
        return self.tokens[s.first:s.last]

    def children(self, i: int) -> list[Token]:
        s = self.sents[self.tokens[i].sent]
        return [t for t in self.tokens[s.first:s.last] if t.head == i]

    def token_at(self, offset: int) -> Token | None:
        """The token covering character ``offset`` (binary search)."""
        lo, hi = 0, len(self.tokens)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.tokens[mid].end <= offset:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(self.tokens) and self.tokens[lo].start <= offset < self.tokens[lo].end:
            return self.tokens[lo]
        return None

    def tokens_in(self, start: int, end: int) -> list[Token]:
        return [t for t in self.tokens if t.start >= start and t.end <= end]

    def sent_of(self, offset: int) -> int:
        for k, s in enumerate(self.sents):
            if s.start <= offset < s.end:
                return k
        return len(self.sents) - 1


class _Piece(NamedTuple):
    start: int
    stop: int
    text: str


class LineAwareSegmenter:
    """Natasha's segmenter, but a sentence never runs across a line break into a line that
    starts a new one (capital letter, dash, quote, digit): a headline without a final stop
    is its own sentence. Hard-wrapped text (next line in lower case) stays joined."""

    def __init__(self, segmenter: Any):
        self.segmenter = segmenter

    def tokenize(self, text: str) -> Any:
        return self.segmenter.tokenize(text)

    def sentenize(self, text: str) -> Any:
        for sent in self.segmenter.sentenize(text):
            start = 0
            body = sent.text
            for k, ch in enumerate(body):
                if ch != "\n" or k + 1 >= len(body):
                    continue
                nxt = body[k + 1:].lstrip()
                if not nxt or nxt[0].islower():
                    continue
                piece = body[start:k].strip()
                if piece:
                    lead = start + (len(body[start:k]) - len(body[start:k].lstrip()))
                    yield _Piece(sent.start + lead, sent.start + lead + len(piece), piece)
                start = k + 1
            piece = body[start:].strip()
            if piece:
                lead = start + (len(body[start:]) - len(body[start:].lstrip()))
                yield _Piece(sent.start + lead, sent.start + lead + len(piece), piece)


def models() -> dict[str, Any]:
    """Load Natasha's models once (thread-safe) and return them."""
    if _MODELS:
        return _MODELS
    with _LOCK:
        if not _MODELS:
            from natasha import (
                NewsEmbedding,
                NewsMorphTagger,
                NewsNERTagger,
                NewsSyntaxParser,
                Segmenter,
            )

            emb = NewsEmbedding()
            _MODELS.update(
                segmenter=LineAwareSegmenter(Segmenter()),
                embedding=emb,
                morph=NewsMorphTagger(emb),
                syntax=NewsSyntaxParser(emb),
                ner=NewsNERTagger(emb),
            )
    return _MODELS


def natasha_baseline(text: str) -> Any:
    """Natasha's own pipeline (segment + morph + syntax + NER), for benchmarks and eval."""
    from natasha import Doc

    m = models()
    doc = Doc(text)
    doc.segment(m["segmenter"])
    doc.tag_morph(m["morph"])
    doc.parse_syntax(m["syntax"])
    doc.tag_ner(m["ner"])
    return doc


def _break_cycles(tokens: list[Token], first: int, last: int) -> None:
    """The parser can return a head chain that loops (a -> b -> a): every consumer walks
    heads, so a token on a cycle becomes a root instead."""
    for start in range(first, last):
        seen: set[int] = set()
        k = start
        while k >= 0 and k not in seen:
            seen.add(k)
            k = tokens[k].head
        if k >= 0:  # came back to a token already on this path: cut the loop there
            tokens[k].head = -1
            tokens[k].rel = "root"


def parse(text: str, *, syntax: bool = True, ner: bool = True) -> Parse:
    from natasha import Doc

    if not text.strip():
        return Parse(text)
    m = models()
    doc = Doc(text)
    doc.segment(m["segmenter"])
    doc.tag_morph(m["morph"])
    if syntax:
        doc.parse_syntax(m["syntax"])
    if ner:
        doc.tag_ner(m["ner"])
    out = Parse(text)
    index: dict[str, int] = {}
    for k, s in enumerate(doc.sents):
        first = len(out.tokens)
        for t in s.tokens:
            index[t.id] = len(out.tokens)
            feats = dict(t.feats) if t.feats else {}
            out.tokens.append(Token(
                i=len(out.tokens), start=t.start, end=t.stop, text=t.text, pos=t.pos or "X",
                feats=feats, head=-1,
                rel=t.rel or "", sent=k))
        out.sents.append(Sent(s.start, s.stop, first, len(out.tokens)))
        if syntax:
            for t in s.tokens:
                if t.head_id in index and t.head_id != t.id:
                    out.tokens[index[t.id]].head = index[t.head_id]
            _break_cycles(out.tokens, first, len(out.tokens))
    if ner:
        for sp in doc.spans:
            toks = [index[t.id] for t in sp.tokens]
            out.ner.append(NerSpan(sp.type, sp.start, sp.stop, sp.text,
                                   min(toks), max(toks) + 1))
    return out
