"""Lemma text for full-text search, the same for SQLite FTS5 and PostgreSQL tsvector.

Both backends index text that svodka has already lemmatised, so "Токаева" finds "Токаев"
without any stemmer inside the database. Context-free lemmas of names are unreliable
(pymorphy3 reads "Токаев" as a form of "токай" and "Токаева" as the female first name), so
every token is indexed under its *primary* lemma (the first reading) and capitalised tokens
also under a few *variants* (the word itself and the normal forms of their name readings).
A query word matches when any of its readings or its own form meets a primary lemma or a
variant. Phrases match on primary lemmas only.

Index text is plain lowercase words separated by spaces: hyphenated words are split into
their parts ("алма-ата" -> "алма ата") and function words are left out, so the position of
a word counts only the words that are indexed — the same in both backends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from svodka.nlp.morph import parses

_WORD = re.compile(r"[^\W_]+(?:[-‐‑][^\W_]+)*")
_HYPHENS = re.compile(r"[-‐‑]")
_MAX_TOKEN = 60
_NAME_GRAMS = ("Surn", "Name", "Patr", "Geox", "Orgn", "Trad")
# readings below this share of the best reading's score are ignored in query expansion
_MIN_SHARE = 0.05
_CACHE_LIMIT = 400_000

# Function words: never indexed, dropped from queries (forms, not lemmas).
STOPWORDS = frozenset("""
а без более бы был была были было быть в вам вас весь во вот все всё всего всех вы где да
даже для до его ее её ей ему если есть еще ещё же за и из или им их к как ко когда кто ли
либо мне мы на над не него нее неё нет ни них но ну о об однако он она они оно от по под
при про с со так также такой там те тем то того тоже той том ту ты у уж уже чем что чтобы
эта эти это этого этой этом этот я
""".split())


def _plain(word: str) -> str:
    return word.lower().replace("ё", "е")


def _parts(lemma: str) -> list[str]:
    return [p for p in _HYPHENS.split(lemma) if p]


_PRIMARY: dict[str, str] = {}
_VARIANTS: dict[str, tuple[str, ...]] = {}
_QUERY: dict[str, tuple[str, ...]] = {}


def _bounded(cache: dict) -> None:
    if len(cache) > _CACHE_LIMIT:
        cache.clear()


def primary_lemma(word: str) -> str:
    """Normal form of the first pymorphy3 reading of a lowercase word (ё -> е)."""
    lemma = _PRIMARY.get(word)
    if lemma is None:
        _bounded(_PRIMARY)
        if any(ch.isalpha() for ch in word) and re.search(r"[а-яё]", word):
            found = parses(word)
            lemma = _plain(found[0].normal_form) if found else word
        else:
            lemma = word
        _PRIMARY[word] = lemma[:_MAX_TOKEN]
    return _PRIMARY[word]


def name_variants(word: str) -> tuple[str, ...]:
    """Extra index forms of a capitalised word: itself and its name readings' normal forms."""
    found = _VARIANTS.get(word)
    if found is None:
        _bounded(_VARIANTS)
        out = {word}
        if re.search(r"[а-яё]", word):
            for p in parses(word):
                if any(g in p.tag for g in _NAME_GRAMS):
                    out.add(_plain(p.normal_form))
        out.discard(primary_lemma(word))
        found = tuple(sorted(v[:_MAX_TOKEN] for v in out))
        _VARIANTS[word] = found
    return found


def query_forms(word: str) -> tuple[str, ...]:
    """Every form a query word may be indexed under: its readings' lemmas and itself."""
    found = _QUERY.get(word)
    if found is None:
        _bounded(_QUERY)
        out = {word[:_MAX_TOKEN], primary_lemma(word)}
        if re.search(r"[а-яё]", word):
            readings = parses(word)
            best = max((p.score for p in readings), default=0.0)
            for p in readings:
                if p.score >= best * _MIN_SHARE:
                    out.add(_plain(p.normal_form)[:_MAX_TOKEN])
        found = tuple(sorted(out))
        _QUERY[word] = found
    return found


@dataclass(frozen=True)
class IndexText:
    """What a backend indexes for one document: three space-separated lemma strings."""

    title: str
    body: str
    variants: str


@dataclass(frozen=True)
class IndexedToken:
    start: int
    end: int
    primary: str  # may contain hyphens
    variants: tuple[str, ...]

    def forms(self) -> set[str]:
        return {self.primary, *self.variants}


def tokens(text: str) -> list[IndexedToken]:
    """Indexed tokens of ``text`` with their offsets (function words left out)."""
    out: list[IndexedToken] = []
    for m in _WORD.finditer(text):
        raw = m.group()
        word = _plain(raw)
        if word in STOPWORDS:
            continue
        capitalised = raw[0].isupper()
        variants = name_variants(word) if capitalised else ()
        out.append(IndexedToken(m.start(), m.end(), primary_lemma(word), variants))
    return out


def _lemma_string(lemmas: list[str]) -> str:
    return " ".join(p for lemma in lemmas for p in _parts(lemma))


def index_text(title: str | None, body: str) -> IndexText:
    """Index strings for a document: primary lemmas of title and body, and the variants."""
    title_tokens = tokens(title or "")
    body_tokens = tokens(body)
    # variants are matched as single words, never in phrases: each kept once
    variants = list(dict.fromkeys(v for t in title_tokens + body_tokens for v in t.variants))
    return IndexText(title=_lemma_string([t.primary for t in title_tokens]),
                     body=_lemma_string([t.primary for t in body_tokens]),
                     variants=_lemma_string(variants))


def lemma_words(text: str) -> list[str]:
    """Primary lemmas of the words of ``text`` as single words (for name matching, shingles)."""
    return [p for t in tokens(text) for p in _parts(t.primary)]


def match_key(text: str | None) -> str:
    """Forms of a name or phrase as ' form form ' (padded) for whole-word LIKE matching.

    The forms are each word itself, its primary lemma and, for capitalised words, its
    name readings, all split at hyphens: a query word matches when one of its
    ``query_forms`` is among them. '' for None or text without words.
    """
    if not text:
        return ""
    forms: list[str] = []
    for m in _WORD.finditer(text):
        raw = m.group()
        word = _plain(raw)[:_MAX_TOKEN]
        found = [word, primary_lemma(word)]
        if raw[0].isupper():
            found += name_variants(word)
        for f in found:
            for p in _parts(f):
                if p not in forms:
                    forms.append(p)
    return f" {' '.join(forms)} " if forms else ""


def query_lemma_sets(text: str) -> list[set[str]]:
    """For each word of a name or phrase query: the set of its possible lemma forms."""
    out = []
    for m in _WORD.finditer(text):
        word = _plain(m.group())
        forms: set[str] = set()
        for f in query_forms(word):
            forms.update(_parts(f) if "-" in f else [f])
        out.append(forms)
    return out


# -- snippets ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Snippet:
    text: str
    highlights: list[tuple[int, int]]  # offsets into ``text``

    def marked(self, open_: str = "[", close: str = "]") -> str:
        parts, last = [], 0
        for s, e in self.highlights:
            parts += [self.text[last:s], open_, self.text[s:e], close]
            last = e
        parts.append(self.text[last:])
        return "".join(parts)


def snippet(text: str, forms: set[str], width: int = 240) -> Snippet:
    """The window of ``text`` with the most distinct query forms, matched words highlighted."""
    hits = _hits(text, forms)
    if not hits:
        end = _cut(text, min(len(text), width))
        return Snippet(_squash(text[:end]) + ("…" if end < len(text) else ""), [])
    best_start, best_score = hits[0][0], -1
    for i, (s, _, _) in enumerate(hits):
        seen: set[str] = set()
        count = 0
        for _, e2, f in hits[i:]:
            if e2 - s > width:
                break
            seen |= f
            count += 1
        score = len(seen) * 100 + count
        if score > best_score:
            best_start, best_score = s, score
    start = max(0, best_start - width // 4)
    start = _cut_back(text, start)
    end = _cut(text, min(len(text), start + width))
    window = text[start:end]
    marks = [(s - start, e - start) for s, e, _ in hits if s >= start and e <= end]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    squashed, mapping = _squash_map(window)
    highlights = [(mapping[s] + len(prefix), mapping[e] + len(prefix)) for s, e in marks]
    return Snippet(prefix + squashed + suffix, highlights)


def _hits(text: str, forms: set[str]) -> list[tuple[int, int, frozenset[str]]]:
    """Words of ``text`` indexed under one of ``forms``: (start, end, the forms matched)."""
    out = []
    for m in _WORD.finditer(text):
        raw = m.group()
        word = _plain(raw)
        if word in STOPWORDS:
            continue
        found = {word, primary_lemma(word)}
        if raw[0].isupper():
            found.update(name_variants(word))
        matched = found & forms
        if not matched and "-" in raw:
            matched = {p for f in found for p in _parts(f)} & forms
        if matched:
            out.append((m.start(), m.end(), frozenset(matched)))
    return out


def _cut(text: str, end: int) -> int:
    """Move ``end`` forward to the end of a word."""
    while end < len(text) and (text[end].isalnum() or text[end] in "-‐‑"):
        end += 1
    return end


def _cut_back(text: str, start: int) -> int:
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    return start


def _squash(text: str) -> str:
    return _squash_map(text)[0]


def _squash_map(text: str) -> tuple[str, list[int]]:
    """Collapse runs of whitespace to one space; map each input offset to the output."""
    out: list[str] = []
    mapping: list[int] = []
    prev_space = False
    for ch in text:
        mapping.append(len(out))
        if ch.isspace():
            if not prev_space:
                out.append(" ")
            prev_space = True
        else:
            out.append(ch)
            prev_space = False
    mapping.append(len(out))
    return "".join(out), mapping
