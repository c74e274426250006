"""Yargy grammar of Russian temporal expressions, and the parser that runs it.

The grammar only *recognises* and *decomposes* an expression into a flat fact ``T`` (day,
month, year, weekday, part of day, relative shift, ...) or a range ``R`` of two such facts;
``svodka.extract.dates_resolve`` turns them into ISO values. Word forms come from morphology
(``normalized``/``gram`` predicates over pymorphy3 parses), so every case form of "январь",
"среда", "прошлый", "неделя" is covered by one lemma.

``engine()`` builds the parser once per process (``dates_parser``: yargy's Earley algorithm
with lookahead on predictions and lean chart states; same results, many times faster); the
stage (``svodka.extract.dates``) runs it on short token windows around trigger words only.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any

from yargy import and_, not_, or_, rule
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
from yargy.tokenizer import MorphTokenizer, Tokenizer

from svodka.extract.dates_parser import LookaheadParser
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
            _STATE.update(parser=LookaheadParser(build_grammar(), tokenizer=tokenizer),
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
