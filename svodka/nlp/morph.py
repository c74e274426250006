"""Morphology on pymorphy3: lemmas chosen by the tagger's POS/features, inflection, tags.

One analyzer per process (``morph()``); parses are cached because news vocabulary repeats.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pymorphy3

_ANALYZER: pymorphy3.MorphAnalyzer | None = None

# pymorphy (OpenCorpora) part of speech -> Universal Dependencies
OC_UD_POS = {
    "ADJF": "ADJ", "ADJS": "ADJ", "ADVB": "ADV", "COMP": "ADV", "VERB": "VERB", "GRND": "VERB",
    "INFN": "VERB", "PRTF": "VERB", "PRTS": "VERB", "NOUN": "NOUN", "NPRO": "PRON",
    "NUMR": "NUM", "NUMB": "NUM", "Apro": "DET", "CONJ": "CCONJ", "INTJ": "INTJ",
    "PRCL": "PART", "PREP": "ADP",
}
OC_UD_FEATS = {
    "nomn": ("Case", "Nom"), "gent": ("Case", "Gen"), "gen1": ("Case", "Gen"),
    "gen2": ("Case", "Gen"), "datv": ("Case", "Dat"), "accs": ("Case", "Acc"),
    "ablt": ("Case", "Ins"), "loct": ("Case", "Loc"), "loc2": ("Case", "Loc"),
    "voct": ("Case", "Nom"), "masc": ("Gender", "Masc"), "femn": ("Gender", "Fem"),
    "neut": ("Gender", "Neut"), "sing": ("Number", "Sing"), "plur": ("Number", "Plur"),
    "perf": ("Aspect", "Perf"), "impf": ("Aspect", "Imp"), "past": ("Tense", "Past"),
    "pres": ("Tense", "Pres"), "futr": ("Tense", "Fut"), "1per": ("Person", "1"),
    "2per": ("Person", "2"), "3per": ("Person", "3"),
}
UD_OC_CASE = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt",
              "Loc": "loct"}
_SIM_FEATS = ("Case", "Gender", "Number", "Aspect", "Person", "Tense")


def morph() -> pymorphy3.MorphAnalyzer:
    global _ANALYZER
    if _ANALYZER is None:
        _ANALYZER = pymorphy3.MorphAnalyzer()
    return _ANALYZER


def normal_word(word: str) -> str:
    return word.lower().replace("ё", "е")


# bounded: with the compiled DAWG (dawg2) an analysis costs ~6 µs, and the parse objects of
# every word ever seen would keep a long batch worker growing (~2.5 KB a word)
@lru_cache(maxsize=20_000)
def parses(word: str) -> tuple[Any, ...]:
    return tuple(morph().parse(word))


def ud_pos(tag: Any) -> str:
    return OC_UD_POS.get(str(tag.POS), "X")


def ud_feats(tag: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for gram in tag.grammemes:
        item = OC_UD_FEATS.get(gram)
        if item and item[0] not in out:
            out[item[0]] = item[1]
    return out


def _norm_pos(pos: str) -> str:
    return {"PROPN": "NOUN", "AUX": "VERB", "SCONJ": "CCONJ"}.get(pos, pos)


@lru_cache(maxsize=50_000)
def _lemmatize(word: str, pos: str, feats: tuple[tuple[str, str], ...]) -> str:
    wanted = dict(feats)
    best, best_score = None, -1
    for p in parses(word):
        score = 2 * (_norm_pos(ud_pos(p.tag)) == _norm_pos(pos))
        f = ud_feats(p.tag)
        score += sum(f.get(k) == v for k, v in wanted.items() if k in _SIM_FEATS)
        if score > best_score:
            best, best_score = p, score
    if best is None:
        return word
    return normal_word(best.normal_form)


def lemmatize(word: str, pos: str = "X", feats: dict[str, str] | None = None) -> str:
    """Lemma of ``word`` for the reading closest to the tagger's POS and features."""
    w = normal_word(word)
    if not any(ch.isalpha() for ch in w):
        return w
    return _lemmatize(w, pos, tuple(sorted((feats or {}).items())))


def lemma(word: str) -> str:
    """Most likely lemma without context."""
    return lemmatize(word)


def has_tag(word: str, *grams: str, min_score: float = 0.0) -> bool:
    """True if some reading of ``word`` carries all ``grams`` (e.g. "Name", "Surn", "Geox")."""
    return any(all(g in p.tag for g in grams) and p.score >= min_score
               for p in parses(normal_word(word)))


def is_known(word: str) -> bool:
    return morph().word_is_known(normal_word(word))


def inflect(word: str, grams: set[str], pos: str | None = None) -> str | None:
    """Inflect the first reading of ``word`` (of OpenCorpora POS ``pos`` if given) to ``grams``."""
    for p in parses(normal_word(word)):
        if pos and pos != p.tag.POS:
            continue
        form = p.inflect(grams)
        if form is not None:
            return str(form.word)
    return None
