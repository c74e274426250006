"""Span rules for names that Natasha's NER misses, over-extends or mis-types.

Used by ``svodka.extract.entities``. Every rule is decided by morphology, the dependency
parse, typographic quotes and the knowledge base, with small closed-class lexicons of
*kinds* of things (legal forms, organisation and artefact nouns), never of names:

- ``«Name»`` after an organisation noun ("газета «Труд»", "движение «Солидарность»") or
  coordinated with a known organisation ("МТС, «Вымпелком» и «Мегафон»") is an ORG;
- a legal form or generic noun before the quotes is not part of the name:
  "ОАО «Газпром»" -> "Газпром", "Концерн «Майкрософт»" -> "Майкрософт";
- a country or city adjective before an organisation belongs to it ("японского МИДа");
- a name after an artefact noun ("шаттл «Дискавери»", "телескоп Хаббл") is no
  organisation;
- capitalised word sequences that the knowledge base knows as organisations
  ("Голос Америки", "Частный корреспондент") are ORG even when NER saw a place inside;
- an acronym that the text itself spells out in lower case ("приборно-агрегатного отсека
  (ПАО)") or that the dictionary knows as a common abbreviation and the KB does not
  ("СМИ") is no name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from svodka.kb.normalize import could_read_as, lexeme_forms, word_readings
from svodka.nlp import Parse, Token
from svodka.nlp.morph import morph, normal_word, parses

# legal forms of Russian organisations: never part of the name itself
LEGAL_FORMS = frozenset({
    "оао", "зао", "ооо", "пао", "ао", "нао", "гуп", "фгуп", "муп", "гбу", "фгбу", "фгу",
    "ано", "нко", "тоо", "одо", "чоп", "ип", "ltd", "inc", "llc", "gmbh", "ag", "plc",
})
# nouns that introduce the name of an organisation in quotes
ORG_NOUNS = frozenset({
    "газета", "журнал", "еженедельник", "издание", "агентство", "информагентство",
    "телеканал", "радиостанция", "издательство", "медиахолдинг", "телекомпания",
    "компания", "концерн", "корпорация", "холдинг", "банк", "фирма", "завод", "фабрика",
    "комбинат", "предприятие", "оператор", "авиакомпания", "группа", "объединение",
    "партия", "движение", "блок", "фонд", "организация", "общество", "ассоциация",
    "союз", "федерация", "клуб", "команда", "коллектив", "ансамбль", "театр", "институт",
    "университет", "центр", "музей", "студия", "профсоюз", "альянс", "лига", "академия",
    "фракция", "сеть", "ритейлер", "производитель", "разработчик", "провайдер",
    "инициатива", "портал", "сайт", "группировка", "отделение", "филиал",
})
# nouns that introduce the name of a thing: vehicles, instruments, works
ARTEFACT_NOUNS = frozenset({
    "шаттл", "корабль", "звездолет", "лайнер", "самолет", "вертолет", "судно", "ледокол",
    "крейсер", "авианосец", "подлодка", "ракета", "спутник", "зонд", "телескоп", "марсоход",
    "луноход", "танк", "фильм", "кинофильм", "мультфильм", "сериал", "спектакль", "мюзикл",
    "опера", "балет", "песня", "сингл", "альбом", "клип", "книга", "роман", "повесть",
    "рассказ", "поэма", "стихотворение", "статья", "картина", "полотно", "скульптура",
    "ураган", "тайфун", "шторм", "циклон", "препарат", "вакцина",
})
# nouns of institutions named descriptively by "noun + place in the genitive": in
# "Правительство Кипра" the place is a mention of its own, in "Голос Америки" it is not
INSTITUTION_NOUNS = frozenset({
    "правительство", "министерство", "минобороны", "парламент", "посольство", "консульство",
    "армия", "полиция", "прокуратура", "генпрокуратура", "суд", "мэрия", "администрация",
    "кабинет", "совет", "сенат", "конгресс", "ведомство", "служба", "комитет", "комиссия",
    "управление", "департамент", "госдепартамент", "дума", "собрание", "палата", "сборная",
})
OPEN_QUOTES = "«„“\""
_QUOTED = re.compile(r"[«„“\"]([^«»„“”\"\n]{1,80})[»“”\"]")
_APOSTROPHES = re.compile(r"''([^'«»„“”\"\n]{1,80})''")


def lemma_of(tok: Token) -> str:
    return tok.lemma.replace("ё", "е")


def quoted_spans(text: str) -> list[tuple[int, int, int, int]]:
    """(open quote, inner start, inner end, after the closing quote) of each quotation;
    two apostrophes stand for a quote mark in some texts ("агентство ''Reuters''")."""
    out = [(m.start(), m.start(1), m.end(1), m.end()) for m in _QUOTED.finditer(text)]
    if "''" in text:
        out += [(m.start(), m.start(1), m.end(1), m.end()) for m in _APOSTROPHES.finditer(text)]
        out.sort()
    return out


def is_quoted(text: str, start: int, end: int) -> bool:
    """The span stands between an opening and a closing quote ("«Гараж»")."""
    if start > 1 and text[start - 2:start] == "''" and text[end:end + 2] == "''":
        return True
    return start > 0 and end < len(text) and text[start - 1] in OPEN_QUOTES and \
        text[end] in "»“”\""


def sentence_initial(parse: Parse, tok: Token) -> bool:
    """``tok`` is the first word of its sentence (punctuation before it aside)."""
    s = parse.sents[tok.sent]
    for t in parse.tokens[s.first:s.last]:
        if any(c.isalnum() for c in t.text):
            return t.i == tok.i
    return False


def _generic_word(parse: Parse, tok: Token) -> bool:
    """A legal form or a common noun/adjective, not a name of its own ("ОАО", "Концерн")."""
    low = normal_word(tok.text)
    if low in LEGAL_FORMS:
        return True
    if not tok.text[:1].isalpha():
        return tok.text in ",-–"
    if tok.text[:1].isupper() and not sentence_initial(parse, tok):
        return False
    ps = parses(low)
    return bool(ps) and ps[0].tag.POS in ("NOUN", "ADJF") and not any(
        g in ps[0].tag for g in ("Name", "Surn", "Geox", "Orgn", "Abbr"))


def strip_generic_prefix(parse: Parse, start: int, end: int,
                         quotes: Sequence[tuple[int, int, int, int]]) -> tuple[int, int] | None:
    """"ОАО «Газпром»" -> the span of "Газпром": the quoted part, when all that stands
    before it in the span is a legal form or generic words."""
    for q_open, a, b, _after in quotes:
        if not (start < q_open and b <= end + 1 and a < end):
            continue
        prefix = [t for t in parse.tokens_in(start, q_open)]
        if prefix and all(_generic_word(parse, t) for t in prefix) and \
                parse.text[a:a + 1].isupper():
            return a, min(b, end)
        return None
    return None


def _preceding_words(parse: Parse, start: int, n: int) -> list[Token]:
    """Up to ``n`` word tokens right before ``start`` in its sentence, nearest first, not
    across punctuation other than an opening quote."""
    tok = parse.token_at(start)
    if tok is None:
        return []
    out: list[Token] = []
    k = tok.i - 1
    sent_first = parse.sents[tok.sent].first
    while k >= sent_first and len(out) < n:
        t = parse.tokens[k]
        if t.text in OPEN_QUOTES or t.text in ("'", "''"):
            k -= 1
            continue
        if not t.text[:1].isalnum():
            break
        out.append(t)
        k -= 1
    return out


def introduced_by(parse: Parse, start: int, nouns: frozenset[str], *, through_nouns: bool,
                  through_names: bool = False, window: int = 3) -> bool:
    """A noun of ``nouns`` stands right before the name ("газета «Труд»"). With
    ``through_nouns`` it may also govern the name through a genitive ("Центр современной
    культуры «Гараж»"); otherwise only adjectives may stand between ("шаттл «Дискавери»")."""
    forms = lexeme_forms(nouns)
    for t in _preceding_words(parse, start, window):
        if t.pos in ("NOUN", "PROPN") and could_read_as(t.text, forms) and lemma_of(t) in nouns:
            return True
        if t.pos not in ("ADJ", "NOUN", "PROPN", "DET"):
            return False
        # a name may stand between: "в статье Частного корреспондента «Жара продолжается»"
        if t.pos in ("NOUN", "PROPN") and not through_nouns and not (
                through_names and t.text[:1].isupper() and not sentence_initial(parse, t)):
            return False
    return False


def coordinated_with(parse: Parse, toks: Sequence[Token], others: Sequence[Sequence[Token]]
                     ) -> bool:
    """One of ``toks`` is a conjunct of a token in one of ``others`` (or the reverse)."""
    ids = {t.i for t in toks}
    other_ids = {t.i for o in others for t in o}
    for t in toks:
        if t.rel == "conj" and t.head in other_ids:
            return True
    return any(parse.tokens[i].rel == "conj" and parse.tokens[i].head in ids for i in other_ids)


def place_adjective(tok: Token, kb_code: Callable[[str], str | None],
                    kb_place: Callable[[str], bool]) -> bool:
    """"японского", "российского", "мюнхенской": a lower-case adjective of a country
    (a demonym in the KB) or of a place the KB knows ("мюнхенский" -> Мюнхен)."""
    if tok.pos != "ADJ" or not tok.text[:1].islower() or len(tok.text) < 5:
        return False
    if kb_code(tok.text):
        return True
    lemma = lemma_of(tok)
    m = re.match(r"^(.{3,})(?:ский|цкий)$", lemma)
    return m is not None and kb_place(m.group(1))


def spelled_out_in_lower_case(text: str, acronym: str) -> bool:
    """The text defines ``acronym`` by lower-case words: "приборно-агрегатного отсека (ПАО)"."""
    for m in re.finditer(r"\(\s*" + re.escape(acronym) + r"\s*\)", text):
        before = text[max(0, m.start() - 120):m.start()]
        words = re.findall(r"[А-Яа-яЁёA-Za-z]+", before)
        parts: list[str] = []
        for w in reversed(words):  # collect the last words whose initials may spell it
            parts.insert(0, w)
            if len(parts) > 2 * len(acronym) + 2:
                break
        initials = "".join(p[0] for p in parts if p.lower() not in _SMALL_WORDS)
        if initials.lower().endswith(acronym.lower()):
            n = len(acronym)
            tail = [p for p in parts if p.lower() not in _SMALL_WORDS][-n:]
            if tail and all(p[:1].islower() for p in tail):
                return True
    return False


_SMALL_WORDS = {"и", "в", "во", "на", "о", "об", "по", "за", "для", "с", "со", "при", "от",
                "до", "из", "к", "у"}


@lru_cache(maxsize=20_000)
def common_abbreviation(word: str) -> bool:
    """"СМИ", "ЖЖ", "ВВП": the dictionary has the acronym as a common noun, not a name."""
    ps = parses(normal_word(word))
    return bool(ps) and morph().word_is_known(normal_word(word)) and all("Abbr" in p.tag and not any(g in p.tag for g in
                                                        ("Orgn", "Geox", "Name", "Surn"))
                            for p in ps)


def _keys_fit(window: list[Token], keys: list[tuple[str, ...]]) -> bool:
    """Some key has as many words as the window and each word of the window can read as
    the key's word (the first word was checked by the caller)."""
    fit = [k for k in keys if len(k) == len(window)]
    for j, t in enumerate(window[1:], start=1):
        if not fit:
            return False
        readings = set(word_readings(t.text))
        fit = [k for k in fit if k[j] in readings]
    return bool(fit)


def _phrase_window(parse: Parse, window: list[Token], n: int, initial: bool
                   ) -> tuple[int, int] | None:
    """The span of ``n`` words that may be a capitalised name, or None."""
    if len(window) < n or any(not t.text[:1].isalnum() for t in window):
        return None
    if any(parse.text[a.end:b.start] != " " for a, b in zip(window, window[1:])):
        return None
    if initial and sum(t.text[:1].isupper() for t in window) < 2:
        return None
    if window[-1].pos in ("ADP", "CCONJ") or window[-1].text[:1].islower() and \
            window[-1].pos not in ("NOUN", "PROPN"):
        return None
    return window[0].start, window[-1].end


def kb_org_phrases(parse: Parse, taken: list[tuple[int, int, str]],
                   kb_org: Callable[[str], bool],
                   index: dict[str, tuple[tuple[str, ...], ...]],
                   first_forms: frozenset[str]) -> list[tuple[int, int]]:
    """Capitalised 2-4 word sequences that the KB knows as an organisation and that NER
    missed or tagged only in part ("Голос Америки" with "Америки" as a place).
    ``index``: the KB's multi-word organisation keys by first word; ``first_forms``: the
    forms of those first words. A window is looked up only when every word can read as
    the word of some key, so only the words of likely names are analysed."""
    out: list[tuple[int, int]] = []
    covered_ = {(s, e): t for s, e, t in taken}
    for sent in parse.sents:
        toks = parse.tokens[sent.first:sent.last]
        for i, first in enumerate(toks):
            if not first.text[:1].isupper() or not first.text[:1].isalpha():
                continue
            initial = i == 0 or all(not t.text[:1].isalnum() for t in toks[:i])
            # the cheap checks of the windows first, the words' readings last
            windows = [(w, span) for n in (4, 3, 2) if (span := _phrase_window(
                parse, w := toks[i:i + n], n, initial))]
            if not windows or not could_read_as(first.text, first_forms):
                continue
            keys = [k for r in word_readings(first.text) for k in index.get(r, ())]
            if not keys or any(s <= first.start < e and t != "LOC" for s, e, t in taken):
                continue
            for window, (s, e) in windows:
                # NER spans inside the window may only be places (or nothing)
                inner = [(a, b, t) for a, b, t in taken if a < e and s < b]
                if any(a < s or b > e or t != "LOC" for a, b, t in inner) or (s, e) in covered_:
                    continue
                if _keys_fit(window, keys) and kb_org(parse.text[s:e]):
                    out.append((s, e))
                    break
    return out


# -- knowledge base and dictionary -------------------------------------------------------

def kb_module() -> Any:
    try:
        from svodka import kb

        kb.get_kb()
        return kb
    except Exception:  # noqa: BLE001 - no KB (or a broken one): KB rules are skipped
        return None


def kb_knows(name: str, etype: str) -> bool:
    """True if the bundled knowledge base has ``name`` as an alias of that type."""
    kb = kb_module()
    try:
        return bool(kb and kb.lookup(name, type=etype))
    except Exception:  # noqa: BLE001 - a broken KB means "not known"
        return False


def kb_org_index() -> tuple[dict[str, tuple[tuple[str, ...], ...]], frozenset[str]]:
    """The KB's multi-word organisation keys by first word, and the first words' forms."""
    kb = kb_module()
    if kb is None:
        return {}, frozenset()
    store = kb.get_kb()
    return store.phrase_index("ORG"), store.phrase_first_forms("ORG")


def kb_org(phrase: str) -> bool:
    kb = kb_module()
    return kb is not None and any(c.type == "ORG" for c in kb.lookup(phrase, type="ORG")[:1])


def kb_place(stem: str) -> bool:
    kb = kb_module()
    return kb is not None and any(c.type == "LOC" for c in kb.lookup(stem, type="LOC")[:1])


def kb_demonym(word: str) -> str | None:
    kb = kb_module()
    return kb.demonym(word) if kb is not None else None


@lru_cache(maxsize=20_000)
def kb_group(word: str) -> str | None:
    """The canonical name of the armed group the KB knows by this plural ("талибы" ->
    "Талибан"), or None."""
    kb = kb_module()
    if kb is None:
        return None
    from svodka.extract.entity_groups import GROUP_KB_KINDS

    cand = kb.link(word, "ORG")
    if cand is None or cand.type != "ORG" or cand.kind not in GROUP_KB_KINDS:
        return None
    name: str = cand.name
    return name


def organisation_word(word: str) -> bool:
    """The dictionary knows the word as an organisation's name (pymorphy3's Orgn: "Интерпол",
    "Аль-Каида", "Феррари") and not as a person's or a place's."""
    ps = [p for p in parses(normal_word(word)) if p.score >= 0.05]
    return bool(ps) and any("Orgn" in p.tag for p in ps) and not any(
        g in p.tag for p in ps for g in ("Name", "Surn", "Patr", "Geox", "anim"))


def kb_links_org(word: str) -> bool:
    """The KB's best reading of the word is an organisation (whichever of several)."""
    kb = kb_module()
    cands = kb.lookup(word, "ORG") if kb is not None else []
    return bool(cands) and cands[0].type == "ORG"
