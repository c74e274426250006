"""Yargy grammar of Russian temporal expressions, and the parser that runs it.

The grammar only *recognises* and *decomposes* an expression into a flat fact ``T`` (day,
month, year, weekday, part of day, relative shift, ...) or a range ``R`` of two such facts;
``svodka.extract.dates_resolve`` turns them into ISO values. Word forms come from morphology
(``normalized``/``gram`` predicates over pymorphy3 parses), so every case form of "январь",
"среда", "прошлый", "неделя" is covered by one lemma.

``engine()`` builds the parser once per process: yargy's Earley algorithm with a two-token
lookahead on predictions and lean chart items (same results, several times faster); the
stage (``svodka.extract.dates``) runs it on short token windows around trigger words only.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from yargy import Parser, and_, not_, or_, rule
from yargy.interpretation import fact
from yargy.morph import MorphAnalyzer, prepare_form
from yargy.predicates import (
    custom,
    eq,
    gram,
    in_,
    in_caseless,
    normalized,
)
from yargy.rule.bnf import is_rule as is_bnf_rule
from yargy.tokenizer import MorphTokenizer, Tokenizer
from yargy.tree import Leaf, Node

from svodka.extract.dates_resolve import Point, RangeExpr
from svodka.nlp.morph import morph, normal_word, parses

# -- the facts -------------------------------------------------------------------------------

T = fact("T", ["year", "month", "day", "weekday", "part", "hour", "minute", "tz", "day_shift",
               "now", "rel", "unit", "year_rel", "count", "shift", "mod", "decade", "century",
               "season", "quarter", "ana", "vague", "bound"])
R = fact("R", ["start", "end"])
E = fact("E", ["point", "range"])

# -- lexicon ---------------------------------------------------------------------------------

MONTHS = {"январь": 1, "февраль": 2, "март": 3, "апрель": 4, "май": 5, "июнь": 6, "июль": 7,
          "август": 8, "сентябрь": 9, "октябрь": 10, "ноябрь": 11, "декабрь": 12}
MONTH_ABBR = {"янв": 1, "фев": 2, "февр": 2, "апр": 4, "авг": 8, "сен": 9, "сент": 9,
              "окт": 10, "ноя": 11, "нояб": 11, "дек": 12}
WEEKDAYS = {"понедельник": 0, "вторник": 1, "среда": 2, "четверг": 3, "пятница": 4,
            "суббота": 5, "воскресенье": 6}
PARTS = {"утро": "MO", "день": "DT", "вечер": "EV", "ночь": "NI"}
SEASONS = {"весна": "spring", "лето": "summer", "осень": "autumn", "зима": "winter"}
REL = {"прошлый": -1, "минувший": -1, "прошедший": -1, "предыдущий": -1, "истекший": -1,
       "позапрошлый": -2, "этот": 0, "текущий": 0, "нынешний": 0, "уходящий": 0,
       "наступивший": 0, "следующий": 1, "будущий": 1, "наступающий": 1, "грядущий": 1,
       "предстоящий": 1, "ближайший": 1}
NUMBERS = {"один": 1, "два": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7,
           "восемь": 8, "девять": 9, "десять": 10, "одиннадцать": 11, "двенадцать": 12,
           "пятнадцать": 15, "двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50,
           "сто": 100, "полтора": 1.5}
ORDINALS = {"первый": 1, "второй": 2, "третий": 3, "четвёртый": 4, "пятый": 5, "шестой": 6,
            "седьмой": 7, "восьмой": 8, "девятый": 9, "десятый": 10, "одиннадцатый": 11,
            "двенадцатый": 12, "тринадцатый": 13, "четырнадцатый": 14, "пятнадцатый": 15,
            "шестнадцатый": 16, "семнадцатый": 17, "восемнадцатый": 18, "девятнадцатый": 19,
            "двадцатый": 20}
DECADE_WORDS = {"двадцатый": 20, "тридцатый": 30, "сороковой": 40, "пятидесятый": 50,
                "шестидесятый": 60, "семидесятый": 70, "восьмидесятый": 80,
                "девяностый": 90}
UNITS = {"день": "day", "сутки": "day", "неделя": "week", "месяц": "month", "год": "year",
         "десятилетие": "decade", "век": "century", "столетие": "century", "час": "hour",
         "минута": "minute"}
TZ = {"московский": "MSK", "пекинский": "CST", "киевский": "EET", "местный": "local",
      "гринвичский": "UTC"}
MODS = {"начало": "start", "середина": "mid", "конец": "end"}
# holiday -> (month, day); the first word carries the day, the second the month
HOLIDAYS = {("день", "победа"): (5, 9), ("день", "россия"): (6, 12),
            ("день", "знание"): (9, 1), ("день", "защитник", "отечество"): (2, 23),
            ("день", "народный", "единство"): (11, 4)}
_ROMAN = re.compile(r"^[IVXХ]+$")  # Latin letters or Cyrillic Х, as written in news ("ХХ век")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "Х": 10}

# -- small predicates ------------------------------------------------------------------------


def w(*words: str) -> Any:
    return in_caseless(set(words))


def _int_between(lo: int, hi: int, lengths: tuple[int, ...] = (1, 2)) -> Any:
    def check(value: str) -> bool:
        return len(value) in lengths and lo <= int(value) <= hi

    return custom(check, types="INT")


def roman_value(text: str) -> int | None:
    """Value of a Roman numeral of up to XXX (centuries); None if it is not one."""
    text = text.upper()
    if not _ROMAN.match(text):
        return None
    total = 0
    for i, ch in enumerate(text):
        v = _ROMAN_VALUES[ch]
        nxt = _ROMAN_VALUES[text[i + 1]] if i + 1 < len(text) else 0
        total += -v if v < nxt else v
    return total if 0 < total <= 30 else None


_PART_FORMS = {"утром": "MO", "днём": "DT", "днем": "DT", "вечером": "EV", "ночью": "NI"}
_TYPOS: dict[str, str] = {}


def _typos() -> dict[str, str]:
    """Every string one edit away from "утром", "вечером", ... -> its part of day."""
    if not _TYPOS:
        abc = "абвгдежзийклмнопрстуфхцчшщъыьэюя"
        for form, part in _PART_FORMS.items():
            cuts = [(form[:i], form[i:]) for i in range(len(form) + 1)]
            edits = {a + c + b for a, b in cuts for c in abc}  # insertions
            edits |= {a + x + b[1:] for a, b in cuts if b for x in [""] + list(abc)}
            _TYPOS.update((e, part) for e in edits if len(e) >= 5 and e[0] in "увнд"
                          and e not in _PART_FORMS and e not in _TYPOS)
    return _TYPOS


def part_typo(word: str) -> str | None:
    """Part of day for a misspelling one edit away from "утром"/"вечером"/... ("Утором").

    Used only right before a date ("Утором 5 января"), where such a word can hardly be
    anything else; forms of the part-of-day nouns themselves ("утрам") are not typos.
    """
    part = _typos().get(normal_word(word))
    if part is None or any(normal_word(p.normal_form) in PARTS
                           for p in parses(normal_word(word))):
        return None
    return part


def _lex(mapping: dict[str, Any], attr: Any, *grams: Any) -> Any:
    """One rule per lemma: any form of the lemma (with ``grams``) -> ``attr`` = value."""
    rules = []
    for lemma, value in mapping.items():
        pred = normalized(lemma)
        if grams:
            pred = and_(pred, *grams)
        rules.append(rule(pred).interpretation(attr.const(value)))
    return or_(*rules)


ADJ = or_(gram("ADJF"), gram("PRTF"))
DASH = in_({"-", "–", "—", "‒", "−"})
COMMA = eq(",")
DOT = eq(".")


# -- the grammar -----------------------------------------------------------------------------

def _mark(r: Any, attr: Any) -> Any:
    """``r`` (tokens without inner attributes) interpreted as the constant ``attr``."""
    return rule(r).interpretation(attr)


def build_grammar() -> Any:  # noqa: PLR0915 - one grammar, read top to bottom
    # numbers and years
    day = rule(_int_between(1, 31)).interpretation(T.day.custom(int))
    day_sfx = rule(DASH, w("го", "е", "ое", "ого", "й", "м"))
    year = rule(_int_between(1000, 2100, (4,))).interpretation(T.year.custom(int))
    year_word = or_(rule(normalized("год")), rule(w("г", "гг"), DOT.optional()))
    year_sfx = rule(DASH, w("го", "й", "м", "ого", "ом"))
    month = _lex(MONTHS, T.month)
    month_abbr = or_(*[rule(w(a), DOT.optional()).interpretation(T.month.const(n))
                       for a, n in MONTH_ABBR.items()])
    rel = _lex(REL, T.rel, ADJ)
    year_rel_gen = rule(_lex(REL, T.year_rel, ADJ), and_(normalized("год"), gram("sing")))
    year_phrase = or_(rule(year, or_(year_word, year_sfx).optional()), year_rel_gen)

    # calendar dates
    d_dm = rule(day, day_sfx.optional(), or_(month, month_abbr))
    d_dmy = rule(d_dm, year_phrase.optional())
    d_num = or_(
        rule(day, DOT, rule(_int_between(1, 12)).interpretation(T.month.custom(int)), DOT, year),
        rule(year, DASH, rule(_int_between(1, 12, (2,))).interpretation(T.month.custom(int)),
             DASH, rule(_int_between(1, 31, (2,))).interpretation(T.day.custom(int))))
    d_my = rule(month, year_phrase)
    y_full = rule(year, or_(year_word, year_sfx))

    # weekdays
    weekday = _lex(WEEKDAYS, T.weekday)
    # not "в среде" (environment); "воскресенье" has one form for both cases
    weekday_free = or_(_lex({k: v for k, v in WEEKDAYS.items() if k != "воскресенье"},
                            T.weekday, not_(gram("loct")), gram("sing")),
                       _lex({"воскресенье": 6}, T.weekday, gram("sing")))
    in_ = w("в", "во")
    wd_date = or_(rule(rel.optional(), weekday, COMMA.optional(), DASH.optional(), d_dmy),
                  rule(d_dmy, COMMA, in_.optional(), weekday))

    # deictic days, now, the day before
    deictic = or_(*[_mark(w(word), T.day_shift.const(n)) for word, n in
                    (("вчера", -1), ("сегодня", 0), ("завтра", 1), ("позавчера", -2),
                     ("послезавтра", 2))])
    today_np = rule(_mark(normalized("сегодняшний"), T.day_shift.const(0)),
                    normalized("день"))
    now_true = T.now.const(True)
    now = _mark(w("сейчас"), now_true)
    now_np = or_(rule(normalized("настоящий"), _mark(normalized("время"), now_true)),
                 rule(or_(rule(normalized("настоящий")), rule(normalized("данный")),
                          rule(normalized("текущий"))), _mark(normalized("момент"), now_true)))
    nakanune = _mark(w("накануне"), T.ana.const("prev"))
    deictic_date = rule(or_(deictic, nakanune), or_(COMMA, DASH).optional(), d_dmy)
    before_date = rule(_mark(w("накануне"), T.shift.const("before")), d_dmy)
    dayref_core = or_(d_dmy, d_num, wd_date, deictic_date, deictic, nakanune)
    dayref_lead = or_(dayref_core, rule(rel.optional(), weekday_free))  # after a prep
    dayref = or_(dayref_core, rule(in_, wd_date), rule(in_, rel.optional(), weekday_free),
                 rule(w("на"), weekday_free))  # inside: "утром в понедельник"

    # parts of day and clock times
    part_ins = _lex(PARTS, T.part, gram("ablt"), gram("sing"))
    part_typo_ins = or_(part_ins, *[rule(custom(lambda v, p=p: part_typo(v) == p, types="RU"))
                                    .interpretation(T.part.const(p)) for p in PARTS.values()])
    part_any = _lex({k: v for k, v in PARTS.items() if k != "день"}, T.part, gram("sing"))
    night = _mark(and_(normalized("ночь"), gram("sing")), T.part.const("NI"))
    hour = rule(_int_between(0, 23)).interpretation(T.hour.custom(int))
    minute = rule(_int_between(0, 59, (2,))).interpretation(T.minute.custom(int))
    hhmm = rule(hour, eq(":"), minute, rule(eq(":"), _int_between(0, 59, (2,))).optional())
    tz = or_(rule(w("по"), _lex(TZ, T.tz), normalized("время")),
             rule(w("по"), _mark(w("гринвичу"), T.tz.const("UTC"))),
             _mark(w("мск"), T.tz.const("MSK")))
    hour_word = or_(hour, _lex({k: v for k, v in NUMBERS.items()
                                if isinstance(v, int) and v <= 12}, T.hour))
    day_half = or_(_mark(w("утра"), T.part.const("MO")), _mark(w("дня"), T.part.const("DT")),
                   _mark(w("вечера"), T.part.const("EV")), _mark(w("ночи"), T.part.const("NI")))
    hours = rule(hour_word, normalized("час"), day_half.optional())
    noon = or_(_mark(normalized("полдень"), T.hour.const(12)),
               _mark(normalized("полночь"), T.hour.const(0)))
    round_minute = rule(custom(lambda v: v in ("00", "30"), types="INT")).interpretation(
        T.minute.custom(int))
    hh_dot_mm = rule(hour, DOT, round_minute)  # "21.00": only round times, after a preposition
    clock = or_(rule(hhmm, tz.optional()), rule(hours, tz.optional()), noon,
                rule(hh_dot_mm, tz))
    at = w("в", "во", "около", "примерно", "к", "до", "с", "после", "на")

    part_day = or_(
        rule(part_typo_ins, dayref),
        rule(dayref_lead, part_ins),
        rule(dayref_lead, part_ins, COMMA, d_dmy),
        rule(_lex(REL, T.rel, ADJ, gram("ablt")), part_ins),
    )
    time_day = or_(rule(or_(dayref_lead, part_day), COMMA.optional(), at.optional(), clock),
                   rule(part_ins.optional(), at.optional(), clock, COMMA.optional(),
                        or_(dayref, part_day)),  # "утром в 06.00 по московскому времени 21 мая"
                   rule(clock, weekday_free))  # "на 17:00 понедельника"
    night_core = rule(night, w("на"), or_(dayref_core, weekday_free))
    # holidays with a fixed date: "в День Победы 2017"
    holiday = or_(*[rule(*[_mark(normalized(word), T.day.const(d)) if i == 0 else
                           _mark(normalized(word), T.month.const(m)) if i == 1 else
                           rule(normalized(word)) for i, word in enumerate(words)])
                    for words, (m, d) in HOLIDAYS.items()])

    # seasons, quarters, centuries, decades; modifiers (начало, конец, ...)
    season_ins = _lex(SEASONS, T.season, gram("ablt"), gram("sing"))
    season_any = _lex(SEASONS, T.season, gram("sing"))
    season = or_(rule(season_ins, year_phrase.optional()),
                 rule(season_any, year_phrase),
                 rule(_lex(REL, T.rel, ADJ, gram("ablt")), season_ins))
    quarter_num = or_(_lex({k: v for k, v in ORDINALS.items() if v <= 4}, T.quarter),
                      rule(custom(lambda v: roman_value(v) in (1, 2, 3, 4),
                                  types=("LATIN", "RU"))).interpretation(
                          T.quarter.custom(roman_value)),
                      rule(rule(_int_between(1, 4, (1,))).interpretation(T.quarter.custom(int)),
                           DASH, w("й", "м", "го")))
    quarter = rule(quarter_num, normalized("квартал"), year_phrase.optional())
    roman = rule(custom(lambda v: roman_value(v) is not None, types=("LATIN", "RU")))
    century_num = or_(roman.interpretation(T.century.custom(roman_value)),
                      rule(_int_between(1, 21)).interpretation(T.century.custom(int)),
                      _lex(ORDINALS, T.century),
                      rule(normalized("двадцать"),
                           _mark(normalized("первый"), T.century.const(21))))
    century = rule(century_num, rule(DASH, w("го", "й", "м")).optional(),
                   or_(rule(normalized("век")), rule(w("в", "вв"), DOT)))
    century_gen = or_(century, rule(rel, _mark(normalized("век"), T.unit.const("century"))))
    dec_sfx = w("е", "х", "ые", "ых", "ым", "ыми", "ми", "м", "ий", "ой")
    years_pl = or_(rule(and_(normalized("год"), gram("plur"))), rule(w("гг"), DOT.optional()))
    dec4 = custom(lambda v: len(v) == 4 and int(v) % 10 == 0 and 1000 <= int(v) <= 2090,
                  types="INT")
    dec2 = custom(lambda v: len(v) == 2 and int(v) % 10 == 0 and int(v) >= 10, types="INT")
    decade = or_(
        rule(rule(dec4).interpretation(T.decade.custom(int)), DASH, dec_sfx,
             years_pl.optional(), century_gen.optional()),
        rule(rule(dec2).interpretation(T.decade.custom(int)), DASH, dec_sfx,
             years_pl.optional(), century_gen.optional()),
        rule(_lex(DECADE_WORDS, T.decade, gram("plur")), years_pl, century_gen.optional()))
    half = or_(rule(_mark(normalized("первый"), T.mod.const("h1")), normalized("половина")),
               rule(_mark(normalized("второй"), T.mod.const("h2")), normalized("половина")))
    mod = or_(_lex(MODS, T.mod, gram("sing")), half)
    unit_sing = _lex({"неделя": "week", "месяц": "month", "год": "year", "век": "century",
                      "квартал": "quarter", "десятилетие": "decade"}, T.unit, gram("sing"))
    weekend = _lex({"выходные": "weekend"}, T.unit, gram("plur"))
    rel_unit = or_(rule(rel, unit_sing), rule(rel, weekend))
    bare_unit = _lex({"неделя": "week", "месяц": "month", "год": "year"}, T.unit, gram("sing"))
    modded = rule(mod, or_(d_my, month, y_full, year_rel_gen, decade, century, rel_unit,
                           rule(rel, month), bare_unit, rule(season_any, year_phrase.optional())))

    # relative shifts
    count = or_(rule(custom(lambda v: 1 <= int(v) <= 500, types="INT")).interpretation(
                    T.count.custom(int)),
                _lex(NUMBERS, T.count),
                _mark(normalized("несколько"), T.vague.const(True)))
    unit = _lex(UNITS, T.unit)
    unit1 = _lex(UNITS, T.unit, gram("sing"))
    qual = rule(w("почти", "около", "примерно", "приблизительно", "более", "больше", "менее",
                  "меньше",
                  "немногим", "ещё", "еще", "свыше", "лишь", "всего", "уже")).repeatable()
    amount = or_(rule(qual.optional(), count, unit), rule(qual.optional(), unit1))
    ago = rule(amount, w("тому").optional(), _mark(w("назад"), T.shift.const("ago")))
    after = rule(qual.optional(), _mark(w("через"), T.shift.const("after")), amount)
    later_mark = T.shift.const("later")
    later = or_(rule(_mark(w("спустя"), later_mark), amount),
                rule(amount, _mark(w("спустя"), later_mark)),
                rule(amount, _mark(w("позже", "позднее"), later_mark)))
    earlier = rule(amount, _mark(w("ранее", "раньше"), T.shift.const("earlier")))
    before_day = rule(_mark(w("за"), T.shift.const("before")), amount, w("до"),
                      or_(d_dmy, d_num))
    last_mark = T.shift.const("last")
    last = rule(_mark(and_(normalized("последний"), gram("plur")), last_mark),
                count.optional(), unit)
    last_one = rule(_mark(and_(normalized("последний"), gram("sing")), T.shift.const("last1")),
                    _lex(UNITS, T.unit, gram("sing")))  # "за последний год"
    on_days = _mark(w("днях"), T.shift.const("recent"))

    # anaphora: "в тот же день", "в том же году", "на следующий день"
    ana_unit = _lex({"день": "day", "год": "year", "месяц": "month", "неделя": "week"},
                    T.unit, gram("sing"))
    day_unit = or_(_lex({"день": "day"}, T.unit, gram("sing")), part_any)
    same_mark = T.ana.const("same")
    ana_same = or_(rule(_mark(normalized("тот"), same_mark), w("же").optional(),
                        or_(ana_unit, part_any)),
                   rule(_mark(normalized("этот"), same_mark), w("же"), or_(ana_unit, part_any)),
                   rule(_mark(and_(normalized("этот"), not_(gram("plur"))), same_mark),
                        day_unit))
    then_same = rule(_mark(w("тогда"), same_mark), w("же"))  # "Тогда же"
    ana_next = rule(_mark(and_(normalized("следующий"), ADJ), T.ana.const("next")),
                    or_(_lex({"день": "day"}, T.unit, gram("sing")), part_any))

    free_core = or_(
        d_dmy, d_num, d_my, y_full, wd_date, deictic_date, deictic, now, part_day, time_day,
        decade, century, season, year_rel_gen, ago, after, later, earlier, before_day,
        before_date, last, rule(part_ins, ana_same), part_ins, modded, nakanune, night_core,
        rule(eq("("), year, eq(")")),  # "(1994)"
        then_same, rule(or_(after, ago), or_(COMMA, DASH), d_dmy),  # "через неделю — 9 июля"
    )
    bound_core = or_(
        month, rule(rel, month), weekday_free, rule(rel, weekday_free), rel_unit, year,
        ana_same, ana_next, quarter, modded, today_np, part_any, weekend, now_np, hhmm, noon,
        rule(hh_dot_mm, tz.optional()),
        rule(part_any, dayref_core), last_one, on_days, rule(holiday, year_phrase.optional()),
    )
    prep_plain = or_(rule(w("в", "во", "на", "за", "около", "примерно", "приблизительно",
                            "ориентировочно", "накануне", "перед")),
                     rule(w("в"), w("течение", "течении")))
    prep_start = or_(rule(w("с", "со", "после")),  # not "от": "закон от 05.01.2022"
                     rule(w("начиная"), w("с", "со"))).interpretation(T.bound.const("start"))
    prep_end = or_(rule(w("до", "по", "к", "ко", "под")),
                   rule(w("вплоть"), w("до"))).interpretation(T.bound.const("end"))
    prep = or_(prep_plain, prep_start, prep_end)
    point = or_(rule(prep.optional(), free_core), rule(prep, bound_core),
                rule(at, or_(rule(hhmm, tz.optional()), rule(hours, tz.optional())))
                ).interpretation(T)

    # ranges: "с 2 по 5 января", "27-28 сентября 2014 года", "в 2020–2022 годах", ...
    def side(r: Any, attr: Any) -> Any:
        return r.interpretation(T).interpretation(attr)

    ranges: list[Any] = []
    year_any = rule(year, or_(year_word, year_sfx).optional())
    pairs = [
        (rule(day, day_sfx.optional()), d_dmy),
        (d_dmy, d_dmy),
        (d_my, d_my),
        (year_any, year_any),
        (month, rule(month, year_phrase.optional())),
        (weekday_free, weekday_free),
        (decade, decade),
        (d_num, d_num),
        (hhmm, rule(hhmm, tz.optional())),
    ]
    night_from = rule(night, w("с", "со"), day, day_sfx.optional())  # "в ночь с 3 на 4 июня"
    ranges.append(rule(side(night_from, R.start), w("на"), side(d_dmy, R.end)))
    for a, b in pairs:
        ranges.append(rule(w("с", "со", "от"), side(a, R.start), w("по", "до"), side(b, R.end)))
        ranges.append(rule(side(a, R.start), DASH, side(b, R.end)))
        ranges.append(rule(w("между"), side(a, R.start), w("и"), side(b, R.end)))
    range_rule = or_(*ranges).interpretation(R).interpretation(E.range)
    return or_(rule(prep_plain.optional(), range_rule),
               point.interpretation(E.point)).interpretation(E)


# -- running it ------------------------------------------------------------------------------

class _Morph(MorphAnalyzer):
    """yargy's analyzer API over svodka's one pymorphy3 instance (cached)."""

    def __init__(self) -> None:
        super().__init__(raw=morph())

    @lru_cache(maxsize=50_000)  # noqa: B019 - one instance per process
    def __call__(self, word: str) -> Any:
        # svodka's parse cache: the words of the text were analysed by the parse stage
        return [prepare_form(p) for p in parses(normal_word(word))]


_ANY = -1  # "any token": the production may end after its first token


class _LookaheadParser(Parser):
    """yargy's Earley parser, predicting only productions whose first two tokens can match.

    yargy predicts every production of a rule at every position; with a grammar of a few
    hundred productions that is most of the work. FIRST2 sets (pairs of terminals a
    production can start with; nullable rules handled) are computed once, and a production
    is predicted only if the next two tokens can begin it. The original production index is
    kept as the node rank, so ambiguity is resolved exactly as yargy does.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rules = self._rules()
        terminals: dict[int, Any] = {}
        first2: dict[int, set[tuple[int, ...]]] = {id(r): set() for r in rules}
        changed = True
        while changed:
            changed = False
            for r in rules:
                acc = first2[id(r)]
                for prod in r.productions:
                    for seq in self._first2(prod.terms, first2, terminals):
                        if seq not in acc:
                            acc.add(seq)
                            changed = True
        # per production: first terminal -> the second terminals allowed ({_ANY}: any)
        self._table: dict[int, list[tuple[int, Any, dict[int, frozenset[int]], bool]]] = {}
        for r in rules:
            rows = []
            for index, prod in enumerate(r.productions):
                seqs = self._first2(prod.terms, first2, terminals)
                pairs: dict[int, set[int]] = {}
                for seq in seqs:
                    if seq:
                        pairs.setdefault(seq[0], set()).add(seq[1] if len(seq) > 1 else _ANY)
                rows.append((index, prod, {a: frozenset(b) for a, b in pairs.items()},
                             () in seqs))
            self._table[id(r)] = rows
        # index of terminals by the token keys that can satisfy them
        self._index: dict[tuple[str, str], list[Any]] = {}
        self._always: list[Any] = []
        for x in terminals.values():
            keys = _pred_keys(x)
            if keys is None:
                self._always.append(x)
            for key in keys or ():
                self._index.setdefault(key, []).append(x)
        self._matching: dict[tuple[str, str], frozenset[int]] = {}
        self._viable: dict[tuple[Any, ...], list[tuple[int, Any]]] = {}
        self._viable_one: dict[tuple[Any, ...], Any] = {}

    def _rules(self) -> list[Any]:
        seen: dict[int, Any] = {}
        stack = [self.rule]
        while stack:
            r = stack.pop()
            if id(r) in seen:
                continue
            seen[id(r)] = r
            for prod in r.productions:
                stack.extend(t for t in prod.terms if is_bnf_rule(t))
        return list(seen.values())

    @staticmethod
    def _first2(terms: Any, first2: dict[int, set[tuple[int, ...]]], terminals: dict[int, Any],
                ) -> set[tuple[int, ...]]:
        """Terminal sequences (length 2, or shorter if the terms derive a shorter string)
        that a string derived from ``terms`` starts with."""
        cur: set[tuple[int, ...]] = {()}
        for term in terms:
            if all(len(x) == 2 for x in cur):
                break
            if is_bnf_rule(term):
                nxt = first2[id(term)]
            else:
                terminals[id(term)] = term
                nxt = {(id(term),)}
            out: set[tuple[int, ...]] = set()
            for a in cur:
                if len(a) == 2:
                    out.add(a)
                    continue
                for b in nxt:
                    out.add((a + b)[:2])
            cur = out
        return cur

    def _matches(self, token: Any) -> frozenset[int]:
        """Ids of the first predicates that ``token`` satisfies (cached by type and text)."""
        tkey = (token.type, token.value)
        hit = self._matching.get(tkey)
        if hit is not None:
            return hit
        keys = [("t", token.type), ("v", token.value), ("lc", token.value.lower())]
        keys += [("n", f.normalized) for f in getattr(token, "forms", ())]
        cands: dict[int, Any] = {id(x): x for x in self._always}
        for key in keys:
            for x in self._index.get(key, ()):
                cands[id(x)] = x
        hit = frozenset(i for i, x in cands.items() if x(token))
        if len(self._matching) > 100_000 or len(self._viable) > 500_000:
            self._matching.clear()
            self._viable.clear()
            self._viable_one.clear()
        self._matching[tkey] = hit
        return hit

    def _viable1(self, rule: Any, ok1: frozenset[int]) -> tuple[list[int], dict[int, list[int]]]:
        """Productions of ``rule`` that ``token`` can begin: those the next token cannot
        rule out (nullable, or may end after ``token``), and the others by the second
        terminal they need."""
        key = (id(rule), ok1)
        hit = self._viable_one.get(key)
        if hit is None:
            free: list[int] = []
            by_second: dict[int, list[int]] = {}
            for index, _, pairs, null in self._table[id(rule)]:
                seconds: set[int] = set()
                for a in ok1:
                    seconds |= pairs.get(a, frozenset())
                if null or _ANY in seconds:
                    free.append(index)
                else:
                    for b in seconds:
                        by_second.setdefault(b, []).append(index)
            hit = self._viable_one[key] = (free, by_second)
        return hit

    def findall(self, tokens: Any) -> Any:
        """As yargy's ``findall`` (max-coverage non-overlapping matches), but only the
        chosen spans are turned into matches."""
        from yargy.parser import Match, prepare_trees
        from yargy.span import resolve_spans

        trees = sorted(prepare_trees(self.matches(tokens)))
        first: dict[Any, Any] = {}
        for tree in trees:
            first.setdefault(tree.range, tree)
        # the grammar has no relations (agreement constraints): no need to validate them
        return [Match(first[span].normalized) for span in resolve_spans(list(first))]

    # -- a leaner chart: same Earley algorithm as yargy's, with states that carry their
    # dedup key (yargy re-hashes the children of every state on every append)

    def chart(self, tokens: Any, all: bool = True) -> Any:  # noqa: A002 - yargy's name
        columns = [_Column(0, None)] + [_Column(i, t) for i, t in enumerate(tokens, 1)]
        n = len(columns)
        for k in range(n):
            columns[k].after = columns[k + 2].token if k + 2 < n else None
        self._scan_cache: dict[tuple[int, int], bool] = {}
        self._leaves: dict[tuple[int, int], Any] = {}
        for index in range(n):
            column = columns[index]
            next_column = columns[index + 1] if index + 1 < n else None
            if index == 0 or all:
                self.predict(column, next_column, self.rule)
            states = column.states
            k = 0
            while k < len(states):
                state = states[k]
                k += 1
                if state.completed:
                    for parent in state.start_column.states_index.get(id(state.rule), ()):
                        column.append(_State.advanced(parent, column, state.node))
                elif state.next_is_rule:
                    self.predict(column, next_column, state.next_term)
                elif next_column is not None:
                    pred: Any = state.next_term
                    token = next_column.token
                    key = (id(pred), id(token))
                    ok = self._scan_cache.get(key)
                    if ok is None:
                        ok = self._scan_cache[key] = bool(pred(token))
                    if ok:
                        next_column.append(_State.advanced(state, next_column,
                                                           Leaf(pred, pred.constrain(token))))
        return _Chart(columns)

    def predict(self, column: Any, next_column: Any, rule: Any) -> None:
        if id(rule) in column.predicted:
            return  # predicting a rule twice at one position adds nothing
        column.predicted.add(id(rule))
        if next_column is None:  # end of input: only empty productions can still complete
            viable = [(index, prod) for index, prod, _, null in self._table[id(rule)] if null]
        else:
            # which productions can start here depends only on the sets of grammar
            # terminals the next two tokens satisfy: cache by those
            ok1 = self._matches(next_column.token)
            after = column.after  # the token after next, None at the end
            ok2 = self._matches(after) if after is not None else None
            vkey = (id(rule), ok1, ok2)
            cached = self._viable.get(vkey)
            if cached is not None:
                viable = cached
            else:
                free, by_second = self._viable1(rule, ok1)
                chosen = set(free)
                if ok2 is None:
                    chosen.update(i for xs in by_second.values() for i in xs)
                else:
                    for b in ok2:
                        chosen.update(by_second.get(b, ()))
                rows = self._table[id(rule)]
                viable = [(i, rows[i][1]) for i in sorted(chosen)]
                self._viable[vkey] = viable
        leaves = self._leaves
        for index, production in viable:
            terms = production.terms
            if terms and not is_bnf_rule(terms[0]) and next_column is not None:
                # a production that starts with a (matching) token: scan it right away
                pred = terms[0]
                leaf = leaves.get((id(pred), next_column.index))
                if leaf is None:
                    leaf = leaves[(id(pred), next_column.index)] = Leaf(
                        pred, pred.constrain(next_column.token))
                next_column.append(_State.scanned(rule, production, index, column, next_column,
                                                  leaf))
            else:
                column.append(_State.start(rule, production, index, column))


_NEXT: dict[int, tuple[tuple[Any, bool], ...]] = {}  # production -> (term, is rule) by dot


def _steps(production: Any) -> tuple[tuple[Any, bool], ...]:
    steps = _NEXT.get(id(production))
    if steps is None:
        steps = _NEXT[id(production)] = tuple((t, is_bnf_rule(t)) for t in production.terms)
    return steps


class _State:
    """An Earley item; ``key`` identifies it within its column (rule, production, dot, start,
    derivation). The yargy tree ``Node`` is only built when the item completes."""

    __slots__ = ("rule", "production", "rank", "dot_index", "start_column", "stop_column",
                 "children", "completed", "next_term", "next_is_rule", "key", "_chash", "_node")

    def __init__(self, rule: Any, production: Any, rank: int, dot: int, start: Any, stop: Any,
                 children: list[Any], chash: int) -> None:
        self.rule, self.production, self.rank, self.dot_index = rule, production, rank, dot
        self.start_column, self.stop_column = start, stop
        self.children, self._chash, self._node = children, chash, None
        steps = _steps(production)
        self.completed = dot >= len(steps)
        step: tuple[Any, bool] = (None, False) if self.completed else steps[dot]
        self.next_term, self.next_is_rule = step
        self.key = (id(rule), id(production), dot, start.index, chash)

    @classmethod
    def advanced(cls, parent: _State, stop: Any, child: Any) -> _State:
        return cls(parent.rule, parent.production, parent.rank, parent.dot_index + 1,
                   parent.start_column, stop, parent.children + [child],
                   hash((parent._chash, id(child))))

    @classmethod
    def start(cls, rule: Any, production: Any, rank: int, column: Any) -> _State:
        return cls(rule, production, rank, 0, column, column, [], 0)

    @classmethod
    def scanned(cls, rule: Any, production: Any, rank: int, column: Any, next_column: Any,
                leaf: Any) -> _State:
        return cls(rule, production, rank, 1, column, next_column, [leaf], hash((0, id(leaf))))

    @property
    def node(self) -> Any:
        if self._node is None:
            self._node = Node(self.rule, self.production, rank=self.rank,
                              children=self.children)
        return self._node

    @property
    def range(self) -> tuple[int, int]:
        return self.start_column.index, self.stop_column.index


class _Column:
    __slots__ = ("index", "token", "states", "keys", "states_index", "predicted", "after")

    def __init__(self, index: int, token: Any) -> None:
        self.index = index
        self.token = token
        self.states: list[_State] = []
        self.keys: set[tuple[Any, ...]] = set()
        self.states_index: dict[int, list[_State]] = {}
        self.predicted: set[int] = set()
        self.after: Any = None

    def append(self, state: _State) -> None:
        if state.key in self.keys:
            return
        self.keys.add(state.key)
        self.states.append(state)
        if state.next_is_rule:
            self.states_index.setdefault(id(state.next_term), []).append(state)


class _Chart:
    def __init__(self, columns: list[_Column]) -> None:
        self.columns = columns

    def matches(self, rule: Any) -> Iterator[_State]:
        for column in self.columns:
            for state in column.states:
                if state.completed and state.rule is rule:
                    yield state


def _pred_keys(x: Any) -> list[tuple[str, str]] | None:
    """Token keys that any token satisfying predicate ``x`` has; None if not indexable."""
    import yargy.predicates.bank as b
    from yargy.predicates.constructors import AndPredicate, OrPredicate

    if isinstance(x, (b.in_caseless, b.in_)):
        return [("lc" if isinstance(x, b.in_caseless) else "v", v) for v in x.value]
    if isinstance(x, (b.caseless, b.eq)):
        return [("lc" if isinstance(x, b.caseless) else "v", x.value)]
    if isinstance(x, b.DictionaryPredicate):
        return [("n", v) for v in x.value] + [("lc", v) for v in x.value]
    if isinstance(x, b.TypePredicate):
        return [("t", x.value)]
    if isinstance(x, b.CustomPredicate) and x.types:
        return [("t", t) for t in x.types]
    if isinstance(x, (b.gte, b.lte)):
        return [("t", "INT")]
    if isinstance(x, (AndPredicate, OrPredicate)):
        parts = [_pred_keys(item) for item in x.predicates]
        if isinstance(x, AndPredicate):  # any indexable conjunct will do
            return next((k for k in parts if k is not None), None)
        return None if any(k is None for k in parts) else [k for ks in parts for k in ks or ()]
    return None


class _Pretokenized(MorphTokenizer):
    """The parser receives ready-made morph tokens (a window of the text) instead of text."""

    def __call__(self, tokens: Any) -> Any:  # type: ignore[override]
        return tokens


_LOCK = threading.Lock()
_STATE: dict[str, Any] = {}


def engine() -> dict[str, Any]:
    """The parser (built once per process, thread-safe), its morphology and tokenizer."""
    if _STATE:
        return _STATE
    with _LOCK:
        if not _STATE:
            analyzer = _Morph()
            tokenizer = _Pretokenized(morph=analyzer)
            _STATE.update(parser=_LookaheadParser(build_grammar(), tokenizer=tokenizer),
                          analyzer=analyzer, plain=Tokenizer())
    return _STATE


def to_expr(f: Any) -> Point | RangeExpr | None:
    """The resolver's view of a matched fact."""
    f = f.range or f.point
    if isinstance(f, R):
        if f.start is None or f.end is None:
            return None
        return RangeExpr(_to_point(f.start), _to_point(f.end))
    return None if f is None else _to_point(f)


def _to_point(f: Any) -> Point:
    return Point(**{name: getattr(f, name) for name in T.__attributes__})
