"""Alias keys for the knowledge base: one normalised lemma form per name.

The same functions are used when the KB is built (``scripts/build_kb.py``) and when it is
queried, so a key only has to be *consistent*, not linguistically perfect:

* lowercase, ``ё`` -> ``е``, quotes and punctuation dropped, hyphenated words kept whole
  ("Касым-Жомарт", "Нью-Йорк");
* each word is replaced by the normal form of pymorphy3's first parse, independently of
  its neighbours ("Организации Договора о коллективной безопасности" ->
  "организация договор о коллективный безопасность");
* all-capital tokens of two or more letters are acronyms and are only lowercased
  ("ИГ" stays "иг", it is not read as a form of "иго");
* tokens without Cyrillic letters (Latin names, numbers) are only lowercased.

``key_variants`` adds the keys built from the other pymorphy3 readings of each word, for
lookups: "Токаева" reads first as the female first name "Токаева", its second reading
gives "токаев".
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

from svodka.nlp.morph import parses as _parses

_WORD = r"[0-9A-Za-zÀ-ÖØ-öø-ɏА-Яа-яЁёІіЇїЄєЎўҚқҒғҮүҰұӘәӨөҺһҢң]+"
_TOKEN = re.compile(rf"{_WORD}(?:[-‐‑'’ʼ]{_WORD})*|\+")
_JOINERS = str.maketrans({"‐": "-", "‑": "-", "’": "'", "ʼ": "'"})
_CYRILLIC = re.compile(r"[а-яё]")
# readings below this share of the first reading's score are ignored by key_variants
_MIN_SHARE = 0.05
_MAX_VARIANTS = 8


def tokens(text: str) -> list[str]:
    """Word tokens of ``text`` in their original case (hyphenated words stay whole)."""
    return [t.translate(_JOINERS) for t in _TOKEN.findall(text)]


def _is_acronym(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _plain(token: str) -> str:
    return token.lower().replace("ё", "е")


@lru_cache(maxsize=200_000)
def word_readings(token: str) -> tuple[str, ...]:
    """Distinct normal forms of ``token``, the key form first, then the other readings."""
    low = _plain(token)
    if _is_acronym(token) or not _CYRILLIC.search(low):
        return (low,)
    parses = _parses(low)  # shared with the analyser's lemma cache
    if not parses:
        return (low,)
    top = parses[0].score or 1.0
    out: list[str] = []
    for p in parses:
        if p is not parses[0] and p.score < _MIN_SHARE * top:
            continue
        form = _plain(p.normal_form)
        if form not in out:
            out.append(form)
    return tuple(out) or (low,)


@lru_cache(maxsize=64)
def lexeme_forms(lemmas: frozenset[str]) -> frozenset[str]:
    """Every dictionary form of every reading of ``lemmas`` (lower case, ё -> е)."""
    from svodka.nlp.morph import morph

    out = set(lemmas)
    for lemma in lemmas:
        for p in morph().parse(lemma):
            out.update(_plain(str(f.word)) for f in p.lexeme)
    return frozenset(out)


@lru_cache(maxsize=200_000)
def could_read_as(token: str, forms: frozenset[str]) -> bool:
    """False only when no reading of ``token`` can have a normal form among the lemmas of
    ``forms`` (from ``lexeme_forms``): a dictionary word that is none of their forms. Lets
    callers skip the morphological analysis of most words of an article."""
    low = _plain(token)
    if low in forms or _is_acronym(token) or not _CYRILLIC.search(low):
        return True
    # a word outside the dictionary is read by its ending: it keeps the first letters
    return not _known_exactly(low) and low[:3] in _prefixes(forms)


@lru_cache(maxsize=64)
def _prefixes(forms: frozenset[str]) -> frozenset[str]:
    return frozenset(f[:3] for f in forms)


@lru_cache(maxsize=200_000)
def _known_exactly(low: str) -> bool:
    """A dictionary word as spelled (strict: without the costly ё/е search; a word found only
    that way counts as unknown, which only costs an analysis)."""
    from svodka.nlp.morph import morph

    return bool(morph().word_is_known(low, strict=True))


def word_key(token: str) -> str:
    return word_readings(token)[0]


@lru_cache(maxsize=100_000)
def key(text: str) -> str:
    """The alias key of ``text``: per-word lemmas joined by single spaces."""
    return " ".join(word_key(t) for t in tokens(text))


@lru_cache(maxsize=50_000)
def key_variants(text: str, limit: int = _MAX_VARIANTS) -> tuple[str, ...]:
    """``key(text)`` first, then keys from other readings of the words (at most ``limit``)."""
    readings = [word_readings(t) for t in tokens(text)]
    if not readings:
        return ()
    out: list[str] = []
    for combo in product(*readings):
        k = " ".join(combo)
        if k not in out:
            out.append(k)
        if len(out) >= limit:
            break
    return tuple(out)


def surface_key(text: str) -> str:
    """Lowercased tokens without lemmatisation (for exact-form lookups of short aliases)."""
    return " ".join(_plain(t) for t in tokens(text))


# Role titles written differently in news, mapped to one form (applied to keys, longest first)
_ROLE_SYNONYMS = (
    ("председатель правительства", "премьер-министр"),
    ("глава правительства", "премьер-министр"),
    ("председатель кабмина", "премьер-министр"),
    ("председатель кабинета министров", "премьер-министр"),
    ("премьер Госсовета", "премьер-министр"),
    ("премьер", "премьер-министр"),
    ("глава МИД", "министр иностранных дел"),
    ("глава министерства иностранных дел", "министр иностранных дел"),
    ("глава Минобороны", "министр обороны"),
    ("глава министерства обороны", "министр обороны"),
    ("генсек", "генеральный секретарь"),
    ("госсекретарь", "государственный секретарь"),
    ("зампред", "заместитель председателя"),
    ("федеральный канцлер", "канцлер"),
    ("федеральный президент", "президент"),
    ("глава государства", "президент"),
    ("постпред", "постоянный представитель"),
    ("Совбез", "Совет безопасности"),
    ("Совбеза", "Совет безопасности"),
)


@lru_cache(maxsize=1)
def _role_synonyms() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    pairs = {tuple(key(a).split()): tuple(key(b).split()) for a, b in _ROLE_SYNONYMS}
    return tuple(sorted(pairs.items(), key=lambda kv: (-len(kv[0]), kv[0])))


def canonical_role(role_key: str) -> str:
    """Replace synonymous role words in a role key ("премьер" -> "премьер-министр")."""
    words = role_key.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        for src, dst in _role_synonyms():
            if tuple(words[i:i + len(src)]) == src:
                out.extend(dst)
                i += len(src)
                break
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


def role_key(text: str) -> str:
    """Key of a role title without its country: "Премьер-министра" -> "премьер-министр"."""
    return canonical_role(key(text))
