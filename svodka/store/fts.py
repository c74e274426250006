"""The search query language and its translation to FTS5 MATCH and PostgreSQL tsquery.

    токаев одкб            both words (any form: "Токаева" finds "Токаев")
    "мирные протестующие"  a phrase (consecutive words, by lemma)
    токаев OR назарбаев    either word (OR binds tighter than the implicit AND)
    -назарбаев  NOT х      without the word
    AND                    accepted and ignored (AND is implicit)

Other punctuation separates words. Function words ("и", "в", ...) are not indexed and are
dropped from queries. The user's text never reaches the database as syntax: it is cut into
words of letters and digits, and only those words, quoted, go into the generated
expression, which is passed as a bound parameter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from svodka.errors import SvodkaError
from svodka.store.textindex import STOPWORDS, primary_lemma, query_forms

_WORD = re.compile(r"[^\W_]+(?:[-‐‑][^\W_]+)*")
_HYPHENS = re.compile(r"[-‐‑]")
MAX_QUERY_CHARS = 1000
MAX_WORDS = 32


class QueryError(SvodkaError):
    """A search query that cannot be understood; the message says why, in one line."""


@dataclass(frozen=True)
class Word:
    forms: tuple[tuple[str, ...], ...]  # each form as its hyphen-separated parts
    primary: tuple[str, ...]


@dataclass(frozen=True)
class Alternative:
    words: tuple[Word, ...]
    phrase: bool


@dataclass
class Clause:
    alternatives: list[Alternative]
    negated: bool = False


@dataclass
class ParsedQuery:
    text: str
    clauses: list[Clause] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.clauses

    def highlight_forms(self) -> set[str]:
        """Every form (and form part) of the wanted words, for snippet highlighting."""
        out: set[str] = set()
        for c in self.clauses:
            if c.negated:
                continue
            for a in c.alternatives:
                for w in a.words:
                    for form in w.forms:
                        out.add("-".join(form))
                        out.update(form)
        return out


def _parts(word: str) -> tuple[str, ...]:
    return tuple(p for p in _HYPHENS.split(word) if p)


def _word(raw: str) -> Word | None:
    w = raw.lower().replace("ё", "е")
    if w in STOPWORDS:
        return None
    forms = tuple(sorted({_parts(f) for f in query_forms(w)}))
    return Word(forms=forms, primary=_parts(primary_lemma(w)))


def _lex(text: str) -> list[tuple[str, str]]:
    """Tokens: ("phrase", text), ("word", text), ("or", ""), ("not", "")."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch == '"':
            j = text.find('"', i + 1)
            if j < 0:
                raise QueryError(f"unbalanced quote in query {text!r}: close the phrase with \"")
            out.append(("phrase", text[i + 1:j]))
            i = j + 1
        elif ch in "-‐‑" and i + 1 < n and (text[i + 1] == '"' or text[i + 1].isalnum()):
            out.append(("not", ""))
            i += 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] != '"':
                j += 1
            chunk = text[i:j]
            i = j
            if chunk == "OR" or chunk == "|":
                out.append(("or", ""))
            elif chunk == "NOT":
                out.append(("not", ""))
            elif chunk == "AND" or chunk == "&":
                continue
            else:
                out.extend(("word", m.group()) for m in _WORD.finditer(chunk))
    return out


def parse_query(text: str) -> ParsedQuery:
    """Parse a user's search query; raise QueryError with a one-line reason."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long ({len(text)} characters, limit {MAX_QUERY_CHARS})")
    tokens = _lex(text)
    # items: (negated, alternative — None when only function words), or None for "OR"
    items: list[tuple[bool, Alternative | None] | None] = []
    negate = False
    for kind, value in tokens:
        if kind == "not":
            negate = True
            continue
        if kind == "or":
            if negate:
                raise QueryError(f"'OR' cannot follow an exclusion in query {text!r}")
            items.append(None)
            continue
        if kind == "phrase":
            words = tuple(w for raw in _WORD.findall(value) if (w := _word(raw)))
            alt = Alternative(words, phrase=True) if words else None
        else:
            word = _word(value)
            alt = Alternative((word,), phrase=False) if word else None
        items.append((negate, alt))
        negate = False
    if negate:
        raise QueryError(f"nothing to exclude after '-' or NOT in query {text!r}")
    clauses: list[Clause] = []
    i = 0
    while i < len(items):
        item = items[i]
        if item is None:
            raise QueryError(f"'OR' needs a word on each side in query {text!r}")
        negated, alt = item
        alts = [alt] if alt else []
        while i + 1 < len(items) and items[i + 1] is None:
            nxt = items[i + 2] if i + 2 < len(items) else None
            if nxt is None:
                raise QueryError(f"'OR' needs a word on each side in query {text!r}")
            if negated or nxt[0]:
                raise QueryError(f"an excluded word cannot be part of OR in query {text!r}")
            if nxt[1]:
                alts.append(nxt[1])
            i += 2
        if alts:
            clauses.append(Clause(alts, negated))
        i += 1
    if sum(len(a.words) for c in clauses for a in c.alternatives) > MAX_WORDS:
        raise QueryError(f"query has too many words (limit {MAX_WORDS})")
    if clauses and all(c.negated for c in clauses):
        raise QueryError(f"query {text!r} only excludes words: add a word to look for")
    return ParsedQuery(text, clauses)


# -- FTS5 ---------------------------------------------------------------------------------

def _fts5_string(parts: tuple[str, ...]) -> str:
    return '"' + " ".join(parts).replace('"', '""') + '"'


def _fts5_alternative(alt: Alternative) -> str:
    if alt.phrase:
        parts = tuple(p for w in alt.words for p in w.primary)
        return "{title body} : " + _fts5_string(parts)
    (word,) = alt.words
    return "(" + " OR ".join(_fts5_string(f) for f in word.forms) + ")"


def to_fts5(query: ParsedQuery) -> str:
    """An FTS5 MATCH expression for a parsed query (every word quoted)."""
    pos = [c for c in query.clauses if not c.negated]
    neg = [c for c in query.clauses if c.negated]
    expr = " AND ".join("(" + " OR ".join(_fts5_alternative(a) for a in c.alternatives) + ")"
                        for c in pos)
    for c in neg:
        expr = f"({expr}) NOT (" + " OR ".join(_fts5_alternative(a)
                                                for a in c.alternatives) + ")"
    return expr


# -- PostgreSQL tsquery --------------------------------------------------------------------

def _ts_lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _ts_parts(parts: tuple[str, ...]) -> str:
    if len(parts) == 1:
        return _ts_lexeme(parts[0])
    return "(" + " <-> ".join(_ts_lexeme(p) for p in parts) + ")"


def _ts_alternative(alt: Alternative) -> str:
    if alt.phrase:
        return _ts_parts(tuple(p for w in alt.words for p in w.primary))
    (word,) = alt.words
    return "(" + " | ".join(_ts_parts(f) for f in word.forms) + ")"


def to_tsquery(query: ParsedQuery) -> str:
    """A tsquery literal (cast with ::tsquery, no stemming: lexemes are svodka's lemmas)."""
    out = []
    for c in query.clauses:
        expr = "(" + " | ".join(_ts_alternative(a) for a in c.alternatives) + ")"
        out.append(("!" + expr) if c.negated else expr)
    return " & ".join(out)


# -- tsvector ------------------------------------------------------------------------------

_MAX_POSITION = 16383


def to_tsvector(title: str, body: str, variants: str) -> str:
    """A tsvector literal: title words weight A, body words D, variants C, each field after
    a one-position gap so that phrases do not run from one field into the next (as in
    FTS5's separate columns)."""
    positions: dict[str, list[str]] = {}
    pos = 0
    for field_text, weight in ((title, "A"), (body, ""), (variants, "C")):
        pos += 1
        for word in field_text.split():
            pos += 1
            found = positions.get(word)
            if found is None:
                found = positions[word] = []
            if len(found) < 256:
                found.append(f"{pos if pos < _MAX_POSITION else _MAX_POSITION}{weight}")
    parts = []
    for word, found in positions.items():
        if "'" in word or "\\" in word:
            word = word.replace("\\", "\\\\").replace("'", "''")
        parts.append(f"'{word}':{','.join(found)}")
    return " ".join(parts)
