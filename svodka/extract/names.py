"""Canonical nominative names for NER spans, by morphology and the dependency parse.

Natasha's own normaliser swaps first and last names in some inflected forms and picks odd
lemmas ("Высшей школы" -> "Высочайшая"). Here each token of a name is put in the
nominative by itself, with the case the tagger read in context and pymorphy3's name tags
(Name/Surn/Patr, Geox, Orgn), and tokens that do not agree with the head of an
organisation or place name keep their form ("Совет безопасности Казахстана").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from svodka.nlp import Token
from svodka.nlp.morph import UD_OC_CASE, normal_word, parses

_PERSON_TAGS = ("Name", "Surn", "Patr")
# Russian surname endings in oblique cases -> nominative ending, by gender
_SURNAME_MASC = [(re.compile(r"(ов|ев|ёв|ин|ын)(а|у|ым|ом|е)$"), r"\1"),
                 (re.compile(r"(ск|цк)(ого|ому|им|ом)$"), r"\1ий"),
                 (re.compile(r"(ск|цк)(ой)$"), r"\1ой")]
_SURNAME_FEM = [(re.compile(r"(ов|ев|ёв|ин|ын)(ой|у)$"), r"\1а"),
                (re.compile(r"(ск|цк)(ой|ую)$"), r"\1ая")]


def match_case(word: str, model: str) -> str:
    """Give ``word`` the capitalisation of ``model`` (part by part for hyphenated names)."""
    if model.isupper() and len(model) > 1:
        return word.upper()
    parts, model_parts = word.split("-"), model.split("-")
    if len(parts) == len(model_parts):
        return "-".join(_cap(p, m) for p, m in zip(parts, model_parts))
    return _cap(word, model)


def _cap(word: str, model: str) -> str:
    if not model:
        return word
    if model[0].isupper():
        return word[:1].upper() + word[1:]
    return word


def _is_cyrillic(word: str) -> bool:
    return any("а" <= c <= "я" or c == "ё" for c in word.lower())


def _inflect_nomn(token: Token, prefer: tuple[str, ...] = (), gender: str | None = None,
                  keep_number: bool = True) -> str | None:
    """The nominative of ``token`` read with the tagger's case, or None if unsure."""
    word = normal_word(token.text)
    case = UD_OC_CASE.get(token.feats.get("Case", ""))
    cands = list(parses(word))
    if not cands:
        return None

    want_pos = "ADJF" if token.pos == "ADJ" else "NOUN" if token.pos in ("NOUN", "PROPN") else None

    def rank(p: object) -> tuple[int, int, int, int, float]:
        tag = p.tag  # type: ignore[attr-defined]
        return (
            int(any(g in tag for g in prefer)) if prefer else 0,
            int(want_pos is None or tag.POS == want_pos),
            int(case is not None and case in tag),
            int(gender is None or tag.gender is None or str(tag.gender) == gender
                or "ms-f" in tag),
            p.score,  # type: ignore[attr-defined]
        )

    best = max(cands, key=rank)
    if prefer and not any(g in best.tag for g in prefer) and best.tag.POS not in ("NOUN", "ADJF"):
        return None
    grams = {"nomn"}
    if keep_number and best.tag.number:
        grams.add(best.tag.number)
    if gender and best.tag.POS == "ADJF" and best.tag.number != "plur":
        grams.add(gender)
    form = best.inflect(grams)
    return str(form.word) if form is not None else None


def looks_nominative(token: Token, prefer: tuple[str, ...] = ()) -> bool:
    """The tagger's nominative, unless the word's name readings (``prefer`` tags) are all in
    other cases ("Мирзу" read as Nom is an accusative of "Мирза")."""
    if token.feats.get("Case") != "Nom":
        return False
    named = [p for p in parses(normal_word(token.text)) if any(g in p.tag for g in prefer)]
    return not named or any("nomn" in p.tag for p in named)


def _person_gender(tokens: Sequence[Token]) -> str | None:
    for t in tokens:
        for p in parses(normal_word(t.text)):
            if "Name" in p.tag and p.score >= 0.2 and p.tag.gender in ("masc", "femn"):
                return str(p.tag.gender)
    for t in tokens:
        g = t.feats.get("Gender")
        if g in ("Masc", "Fem"):
            return "masc" if g == "Masc" else "femn"
    return None


def _surname_rule(word: str, gender: str | None) -> str | None:
    rules = _SURNAME_FEM if gender == "femn" else _SURNAME_MASC
    for pattern, repl in rules:
        if pattern.search(word):
            return pattern.sub(repl, word)
    return None


_CACHE: dict[tuple[object, ...], str] = {}
_CACHE_MAX = 50_000


def _signature(kind: str, tokens: Sequence[Token]) -> tuple[object, ...]:
    """All that the normalisers read of the tokens: a name seen again (in the same article
    or another) is normalised once."""
    ids = {t.i: k for k, t in enumerate(tokens)}
    return (kind,) + tuple(
        (t.text, t.pos, t.feats.get("Case"), t.feats.get("Gender"), ids.get(t.head, -1),
         k > 0 and t.start > tokens[k - 1].end)
        for k, t in enumerate(tokens))


def _cached(kind: str, tokens: Sequence[Token], compute: Callable[[], str]) -> str:
    sig = _signature(kind, tokens)
    name = _CACHE.get(sig)
    if name is None:
        if len(_CACHE) >= _CACHE_MAX:
            _CACHE.clear()
        name = _CACHE[sig] = compute()
    return name


def normalize_person(tokens: Sequence[Token]) -> str:
    """"Хаканом Фиданом" -> "Хакан Фидан": each word put in the nominative by itself."""
    return _cached("PER", tokens, lambda: _normalize_person(tokens))


def _normalize_person(tokens: Sequence[Token]) -> str:
    gender = _person_gender(tokens)
    out = []
    for t in tokens:
        if not _is_cyrillic(t.text) or looks_nominative(t, _PERSON_TAGS) or len(t.text) <= 2:
            out.append(t.text)
            continue
        word = normal_word(t.text)
        person_parses = [p for p in parses(word) if any(g in p.tag for g in _PERSON_TAGS)]
        nomn: str | None = None
        if person_parses:
            nomn = _inflect_nomn(t, prefer=_PERSON_TAGS, gender=gender, keep_number=False)
        if nomn is None:
            nomn = _surname_rule(word, gender)
        if nomn is None:
            nomn = _inflect_nomn(t, gender=gender, keep_number=False)
        out.append(match_case(nomn or word, t.text))
    return " ".join(out)


def _span_head(tokens: Sequence[Token]) -> int:
    """Index (within ``tokens``) of the token whose head lies outside the span."""
    ids = {t.i for t in tokens}
    for k, t in enumerate(tokens):
        if t.head not in ids:
            return k
    return 0


def normalize_phrase(tokens: Sequence[Token], prefer: tuple[str, ...] = ()) -> str:
    """Nominative of an organisation or place name: the head and words agreeing with it."""
    if not tokens:
        return ""
    return _cached("|".join(prefer), tokens, lambda: _normalize_phrase(tokens, prefer))


def _normalize_phrase(tokens: Sequence[Token], prefer: tuple[str, ...]) -> str:
    h = _span_head(tokens)
    head = tokens[h]
    # a name that starts in the nominative, or is not Russian, stays as written
    if head.feats.get("Case") is None or looks_nominative(head, prefer) \
            or not _is_cyrillic(head.text):
        return _join(tokens, [t.text for t in tokens])
    head_case = head.feats.get("Case")
    if head_case == "Nom":  # the tagger's Nom was overruled: read the name's own case
        named = [p for p in parses(normal_word(head.text)) if any(g in p.tag for g in prefer)]
        head_case = next((c for c, oc in UD_OC_CASE.items() if named and oc in named[0].tag),
                         head_case)
    words = [t.text for t in tokens]
    head_nomn = _inflect_nomn(head, prefer=prefer)
    gender = None
    if head_nomn is not None:
        words[h] = match_case(head_nomn, head.text)
        for p in parses(normal_word(head_nomn)):
            if p.tag.POS == "NOUN":
                gender = p.tag.gender
                break
    # adjectives and participles before the head that agree with it
    for k in range(h - 1, -1, -1):
        t = tokens[k]
        if t.pos not in ("ADJ", "DET", "NUM", "VERB") or t.feats.get("Case") != head_case:
            break
        nomn = _inflect_nomn(t, gender=gender)
        if nomn is not None:
            words[k] = match_case(nomn, t.text)
    # an adjective following the head inside a hyphenated name of the same case ("Сан-Паулу")
    return _join(tokens, words)


def _join(tokens: Sequence[Token], words: Sequence[str]) -> str:
    """Join words keeping the original spacing (no space before ')' or after '(' etc.)."""
    out = [words[0]]
    for prev, tok, word in zip(tokens, tokens[1:], words[1:]):
        out.append(" " if tok.start > prev.end else "")
        out.append(word)
    return "".join(out)


# Russian short first names -> full names (language data, lower case). A short name that
# is a prefix of the full one ("Влад" -> "Владислав") needs no entry.
_SHORT_NAMES: dict[str, tuple[str, ...]] = {
    "саша": ("александр", "александра"), "шура": ("александр", "александра"),
    "леша": ("алексей",), "алеша": ("алексей",), "толя": ("анатолий",),
    "настя": ("анастасия",), "андрюша": ("андрей",), "аня": ("анна",), "ася": ("анна",),
    "боря": ("борис",), "валера": ("валерий",), "валя": ("валентин", "валентина"),
    "вася": ("василий",), "витя": ("виктор",), "вова": ("владимир",),
    "володя": ("владимир",), "слава": ("вячеслав", "владислав", "ярослав", "станислав"),
    "галя": ("галина",), "гена": ("геннадий",), "гоша": ("георгий",), "жора": ("георгий",),
    "гриша": ("григорий",), "даша": ("дарья",), "дима": ("дмитрий",), "митя": ("дмитрий",),
    "женя": ("евгений", "евгения"), "катя": ("екатерина",), "лена": ("елена",),
    "ваня": ("иван",), "игорек": ("игорь",), "ира": ("ирина",), "костя": ("константин",),
    "ксюша": ("ксения",), "лиза": ("елизавета",), "люба": ("любовь",), "люда": ("людмила",),
    "маша": ("мария",), "миша": ("михаил",), "надя": ("надежда",), "наташа": ("наталья",),
    "коля": ("николай",), "оля": ("ольга",), "паша": ("павел",), "петя": ("петр",),
    "рома": ("роман",), "сережа": ("сергей",), "света": ("светлана",), "степа": ("степан",),
    "таня": ("татьяна",), "федя": ("федор",), "юля": ("юлия",), "юра": ("юрий",),
    "яша": ("яков",), "тема": ("артем",), "макс": ("максим",), "стас": ("станислав",),
    "эдик": ("эдуард",), "алик": ("альберт",), "влад": ("владислав", "владимир"),
}


def full_first_names(word: str) -> tuple[str, ...]:
    """The full first names a short one may stand for ("коля" -> "николай")."""
    return _SHORT_NAMES.get(word.replace("ё", "е"), ())


def may_shorten(short: str, full: str) -> bool:
    """``short`` is a short form of the first name ``full`` (both lower case)."""
    short, full = short.replace("ё", "е"), full.replace("ё", "е")
    if full in full_first_names(short):
        return True
    return len(short) >= 4 and len(full) > len(short) and full.startswith(short)
