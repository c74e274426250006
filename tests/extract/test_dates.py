"""Time: temporal expressions found, normalised and anchored (svodka.extract.dates)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import svodka
from svodka.doc import Document
from svodka.extract.dates import DatesStage, extract_dates, governing_date
from svodka.extract.dates_resolve import (
    Ctx,
    PDate,
    Point,
    RangeExpr,
    interval_ok,
    is_valid_value,
    resolve,
)
from svodka.pipeline import ParseStage, Pipeline, PrepareStage, finalize

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
NORM = ROOT / "tests" / "eval" / "dates_norm.jsonl"
D = dt.date


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline([PrepareStage(), ParseStage(), DatesStage()])


def run(pipeline: Pipeline, text: str, published: object = None) -> Document:
    return svodka.analyze(text, published=published, pipeline=pipeline)


def found(text: str, published: dt.date | None = None) -> list[tuple[str, str | None, str,
                                                                     str | None]]:
    return [(d.text, d.value, d.granularity, d.end_value)
            for d in extract_dates(text, published, None)]


# -- the reference articles --------------------------------------------------------------------

def test_seed_dates_are_exactly_the_gold(pipeline):
    text = (GOLDEN / "seed_kz_2022.txt").read_text(encoding="utf-8")
    gold = json.loads((GOLDEN / "seed_kz_2022.gold.json").read_text(encoding="utf-8"))
    doc = run(pipeline, text)
    assert not doc.validate()
    got = [(d.start, d.text, d.value, d.granularity) for d in doc.dates]
    want = [(g["start"], g["text"], g["value"], g["granularity"]) for g in gold["dates"]]
    assert got == want
    by_text = {d.text: d for d in doc.dates}
    assert by_text["со 2 января"].extra["interval"] == "start"
    assert by_text["сейчас"].extra["ref"] == "publication"
    assert by_text["Утором 5 января"].extra["part"] == "MO"
    # "За несколько часов до видеообращения" is relative to an undated event: not a date
    assert not any("часов" in d.text for d in doc.dates)


@pytest.mark.parametrize("name", sorted(p.name[:-len(".gold.json")]
                                        for p in GOLDEN.glob("*.gold.json")))
def test_golden_dates(pipeline, name):
    """Every gold date found with its value, and nothing else (the lists are exhaustive)."""
    text = (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")
    gold = json.loads((GOLDEN / f"{name}.gold.json").read_text(encoding="utf-8"))
    doc = run(pipeline, text, gold.get("published"))
    unmatched = list(doc.dates)
    for g in gold.get("dates", []):
        start = g.get("start", text.find(g["text"]))
        end = start + len(g["text"])
        hit = next((d for d in unmatched if d.start < end and start < d.end
                    and d.value == g["value"]), None)
        assert hit is not None, (g, [(d.text, d.value) for d in doc.dates])
        unmatched.remove(hit)
    if "dates" in gold.get("exhaustive", []):
        assert not unmatched, [(d.text, d.value) for d in unmatched]


# -- recognition and values without a parse (no tense) -------------------------------------------

WED = D(2022, 1, 5)  # a Wednesday
CASES = [
    # absolute
    ("5 января 2022 года", None, [("5 января 2022 года", "2022-01-05", "day", None)]),
    ("Закон от 05.01.2022 вступил в силу.", None, [("05.01.2022", "2022-01-05", "day", None)]),
    ("Это было в 2022 году.", None, [("в 2022 году", "2022", "year", None)]),
    ("Это было в январе.", None, [("в январе", "XXXX-01", "month", None)]),
    ("В марте 2009г. он ушёл.", None, [("В марте 2009г.", "2009-03", "month", None)]),
    ("МОСКВА, 1 авг — РИА Новости.", None, [("1 авг", "XXXX-08-01", "day", None)]),
    ("Альбом (1997) вышел.", None, [("1997", "1997", "year", None)]),
    # deictic and "now"
    ("Вчера он уехал.", WED, [("Вчера", "2022-01-04", "day", None)]),
    ("Вчера он уехал.", None, [("Вчера", None, "day", None)]),
    ("Сегодня он приедет.", WED, [("Сегодня", "2022-01-05", "day", None)]),
    ("В настоящее время идёт бой.", WED, [("В настоящее время", "2022-01-05", "day", None)]),
    ("Накануне он уехал.", WED, [("Накануне", "2022-01-04", "day", None)]),
    ("5 января начались протесты. Накануне цены выросли.", WED,
     [("5 января", "2022-01-05", "day", None), ("Накануне", "2022-01-04", "day", None)]),
    # weeks, months, years relative to publication
    ("Это случилось на прошлой неделе.", WED, [("на прошлой неделе", "2021-W52", "week", None)]),
    ("Это случилось в прошлом году.", WED, [("в прошлом году", "2021", "year", None)]),
    ("Это случилось в конце прошлого года.", WED,
     [("в конце прошлого года", "2021", "year", None)]),
    ("В сентябре прошлого года он ушёл.", WED,
     [("В сентябре прошлого года", "2021-09", "month", None)]),
    ("Он ушёл в минувшие выходные.", WED,
     [("в минувшие выходные", "2022-01-01", "interval", "2022-01-02")]),
    ("В прошлую пятницу он ушёл.", WED, [("В прошлую пятницу", "2021-12-31", "day", None)]),
    ("Через два дня начнутся выборы.", WED, [("Через два дня", "2022-01-07", "day", None)]),
    ("Три года назад он ушёл.", WED, [("Три года назад", "2019", "year", None)]),
    ("Несколько дней назад он ушёл.", WED, [("Несколько дней назад", None, "day", None)]),
    ("Цены выросли за последние 30 лет.", WED,
     [("за последние 30 лет", "1992", "interval", "2022")]),
    # parts of day, clock times
    ("Утром 5 января начался штурм.", None, [("Утром 5 января", "XXXX-01-05", "part_of_day",
                                             None)]),
    ("Днем 5 января начался штурм.", None, [("Днем 5 января", "XXXX-01-05", "part_of_day",
                                            None)]),
    ("К вечеру 4 января всё стихло.", None, [("К вечеру 4 января", "XXXX-01-04",
                                             "part_of_day", None)]),
    ("Вчера вечером всё стихло.", WED, [("Вчера вечером", "2022-01-04", "part_of_day", None)]),
    ("Около 01:20 5 июня 1995 года он сбежал.", None,
     [("Около 01:20 5 июня 1995 года", "1995-06-05T01:20", "time", None)]),
    ("Пикет начался в 16:00.", WED, [("в 16:00", "2022-01-05T16:00", "time", None)]),
    ("Митинг пройдёт 27 июля у мэрии в 14:00.", None,
     [("27 июля", "XXXX-07-27", "day", None), ("в 14:00", "XXXX-07-27T14:00", "time", None)]),
    # intervals
    ("Протесты идут со 2 января.", None, [("со 2 января", "XXXX-01-02", "day", None)]),
    ("Визит продлится с 2 по 5 января.", None,
     [("с 2 по 5 января", "XXXX-01-02", "interval", "XXXX-01-05")]),
    ("Это было с 16 апреля по 19 мая 2019 года.", None,
     [("с 16 апреля по 19 мая 2019 года", "2019-04-16", "interval", "2019-05-19")]),
    ("Он правил в 2020–2022 годах.", None,
     [("в 2020–2022 годах", "2020", "interval", "2022")]),
    ("Сессия прошла 27-28 сентября 2014 года.", None,
     [("27-28 сентября 2014 года", "2014-09-27", "interval", "2014-09-28")]),
    ("В ночь с 3 на 4 июня 1989 года ввели войска.", None,
     [("В ночь с 3 на 4 июня 1989 года", "1989-06-03", "interval", "1989-06-04")]),
    # decades, centuries, seasons, quarters, holidays
    ("В конце 1990-х годов он уехал.", None, [("В конце 1990-х годов", "199X", "decade", None)]),
    ("В 90-х годах он уехал.", None, [("В 90-х годах", "199X", "decade", None)]),
    ("В XIX веке здесь был лес.", None, [("В XIX веке", "18XX", "century", None)]),
    ("Летом 2014 года он уехал.", None,
     [("Летом 2014 года", "2014-06", "season", "2014-08")]),
    ("Во втором квартале 2014 года начнут.", None,
     [("Во втором квартале 2014 года", "2014-04", "quarter", "2014-06")]),
    ("Парад прошёл в День Победы 2017 года.", None,
     [("в День Победы 2017 года", "2017-05-09", "day", None)]),
    # anaphora
    ("В 1974 году вышел роман, а через три года — второй.", None,
     [("В 1974 году", "1974", "year", None), ("через три года", "1977", "year", None)]),
    ("12 мая они победили, а на следующий день проиграли.", None,
     [("12 мая", "XXXX-05-12", "day", None), ("на следующий день", "XXXX-05-13", "day", None)]),
    ("1 июля 2019 года суд вынес решение, а через неделю — 9 июля его отменили.", None,
     [("1 июля 2019 года", "2019-07-01", "day", None),
      ("через неделю — 9 июля", "2019-07-09", "day", None)]),
]


@pytest.mark.parametrize(("text", "published", "want"), CASES, ids=[c[0][:40] for c in CASES])
def test_values(text, published, want):
    assert found(text, published) == want


@pytest.mark.parametrize("text", [
    "Поздравили с днём рождения.",
    "Митинг прошёл накануне выборов.",
    "Пришли до 2000 человек.",
    "Он предстал перед судом через два дня после стрельбы.",
    "За несколько часов до видеообращения он ввёл режим ЧП.",
    "Спустя несколько дней его задержали.",
    "Они учатся только по выходным.",
    "Он работал днём и ночью.",
    "Счёт матча 2:1, в конце концов победили хозяева.",
    "Выбросы в среду обитания растут.",
    "Ему 23 года, он получил 21 месяц тюрьмы.",
])
def test_not_dates(text):
    assert found(text, WED) == []


# -- tense from the dependency parse --------------------------------------------------------------

MON = D(2022, 1, 10)  # a Monday


@pytest.mark.parametrize(("text", "published", "value"), [
    ("В среду президент провёл встречу.", MON, "2022-01-05"),
    ("В среду президент проведёт встречу.", MON, "2022-01-12"),
    ("Президент планирует провести встречу в среду.", MON, "2022-01-12"),
    ("Встреча будет проходить в среду.", MON, "2022-01-12"),
    ("Выборы прошли в апреле.", MON, "2021-04"),
    ("Выборы пройдут в апреле.", MON, "2022-04"),
    ("Указ подписали 20 декабря.", MON, "2021-12-20"),
    ("Суд арестовал его до 11 октября.", D(2019, 8, 14), "2019-10-11"),
])
def test_tense_decides_past_or_future(text, published, value):
    from svodka import nlp

    assert [d.value for d in extract_dates(text, published, nlp.parse(text))] == [value]


# -- the clause API ---------------------------------------------------------------------------------

def test_governing_date_on_the_seed(pipeline):
    text = (GOLDEN / "seed_kz_2022.txt").read_text(encoding="utf-8")
    doc = Document(text=text)
    for stage in pipeline.stages:
        doc = stage(doc)
    prepared = doc.state["prepared"].text

    def gov(anchor: str) -> str | None:
        i = prepared.index(anchor)
        d = governing_date(doc, i, i + len(anchor))
        return None if d is None else d.text

    assert gov("продолжаются акции протеста") == "со 2 января"
    assert gov("отключили Интернет") == "5 января"
    assert gov("постепенно возвращают") == "сейчас"
    assert gov("отправил в отставку") == "Утором 5 января"
    # coordinated predicates share the clause's date; "на уровень 2020 года" is not a time
    assert gov("вернул цены на газ") == "Утором 5 января"
    assert gov("пообещал действовать жестко") == "Днем 5 января"
    assert gov("ввел чрезвычайное положение") is None  # the publication date
    # after the pipeline: input offsets, no parse
    finalize(doc)
    doc.state.clear()
    i = text.index("отключили Интернет")
    assert governing_date(doc, i, i + 18).text == "5 января"


# -- properties ---------------------------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4}|\d{3}X|\d{2}XX|XXXX)(-(\d{2}|XX)(-(\d{2}|XX))?)?(T\d{2}:\d{2})?$"
                  r"|^(\d{4}|XXXX)-W(\d{2}|XX)(-[1-7])?$")

points = st.builds(
    Point,
    year=st.none() | st.integers(1000, 2100),
    month=st.none() | st.integers(1, 12),
    day=st.none() | st.integers(1, 31),
    weekday=st.none() | st.integers(0, 6),
    part=st.none() | st.sampled_from(["MO", "DT", "EV", "NI"]),
    hour=st.none() | st.integers(0, 23),
    minute=st.none() | st.integers(0, 59),
    day_shift=st.none() | st.integers(-2, 2),
    now=st.none() | st.just(True),
    rel=st.none() | st.integers(-2, 1),
    unit=st.none() | st.sampled_from(["day", "week", "month", "year", "weekend", "decade",
                                      "century", "quarter", "hour"]),
    year_rel=st.none() | st.integers(-1, 1),
    count=st.none() | st.integers(1, 300) | st.just(1.5),
    shift=st.none() | st.sampled_from(["ago", "after", "later", "earlier", "last", "recent",
                                       "before", "last1"]),
    mod=st.none() | st.sampled_from(["start", "mid", "end", "h1", "h2"]),
    decade=st.none() | st.sampled_from([10, 20, 90, 1980, 2000, 2010]),
    century=st.none() | st.integers(1, 21),
    season=st.none() | st.sampled_from(["spring", "summer", "autumn", "winter"]),
    quarter=st.none() | st.integers(1, 4),
    ana=st.none() | st.sampled_from(["same", "next", "prev"]),
    vague=st.none() | st.just(True),
    bound=st.none() | st.sampled_from(["start", "end"]),
)
pdates = st.builds(PDate, st.none() | st.integers(1900, 2030), st.none() | st.integers(1, 12),
                   st.none() | st.integers(1, 28))
ctxs = st.builds(Ctx, published=st.none() | st.dates(D(1990, 1, 1), D(2030, 12, 31)),
                 tense=st.none() | st.sampled_from(["past", "pres", "fut"]),
                 anchor=st.none() | pdates, local=st.none() | pdates)


def check(res) -> None:
    if res is None:
        return
    for v in (res.value, res.end_value):
        assert v is None or _ISO.match(v), v
        assert is_valid_value(v), v
    assert interval_ok(res.value, res.end_value, res.extra), res


@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(points, ctxs)
def test_every_value_is_iso_with_x_padding(point, ctx):
    check(resolve(point, ctx))


@settings(max_examples=100, deadline=None, database=None)
@given(points, points, ctxs)
def test_interval_end_is_not_before_its_start(a, b, ctx):
    check(resolve(RangeExpr(a, b), ctx))


MONTHS_GEN = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
              "сентября", "октября", "ноября", "декабря"]


@settings(max_examples=60, deadline=None, database=None)
@given(st.integers(1, 28), st.integers(1, 28), st.integers(0, 11), st.integers(1900, 2030),
       st.booleans())
def test_day_ranges_in_text(d1, d2, month, year, with_year):
    lo, hi = sorted((d1, d2))
    tail = f" {year} года" if with_year else ""
    text = f"Форум пройдёт с {lo} по {hi} {MONTHS_GEN[month]}{tail}."
    (got,) = extract_dates(text, None)
    y = f"{year:04d}" if with_year else "XXXX"
    assert (got.value, got.end_value) == (f"{y}-{month + 1:02d}-{lo:02d}",
                                          f"{y}-{month + 1:02d}-{hi:02d}")
    check(got)


@settings(max_examples=60, deadline=None, database=None)
@given(st.integers(1, 28), st.integers(0, 11),
       st.sampled_from(["", "утром ", "в среду ", "к вечеру ", "со ", "до "]),
       st.sampled_from(["Вчера", "Сегодня", "В среду", "На прошлой неделе", "В апреле"]))
def test_no_year_is_invented_without_publication_date(day, month, prefix, relative):
    text = f"{relative} стало известно, что {prefix}{day} {MONTHS_GEN[month]} всё изменилось."
    for d in extract_dates(text, None):
        check(d)
        for v in (d.value, d.end_value):
            assert v is None or v.startswith("XXXX"), (d.text, v)


# -- the evaluations ----------------------------------------------------------------------------------

def test_norm_set_is_large_and_well_formed():
    rows = [json.loads(line) for line in NORM.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 150
    assert sum(r["published"] is not None for r in rows) >= 75  # a good share is relative
    for r in rows:
        assert r["expr"] in r["text"]
        assert is_valid_value(r["value"]) and is_valid_value(r["end_value"])


def test_norm_accuracy_on_a_sample():
    from svodka.eval.dates import eval_dates_norm

    result = eval_dates_norm(NORM, every=12)
    assert result["n"] >= 20
    assert result["accuracy"] >= 0.95, result["errors"]


def test_nerel_eval_runs(shared):
    from svodka.eval.dates import eval_dates_nerel

    result = eval_dates_nerel(shared("data", "nerel", "dev"), limit=3)
    assert result["docs"] == 3
    assert {"recall_all", "recall_reference", "precision", "by_category"} <= set(result)


# -- the fast parser against plain yargy --------------------------------------------------------

EQUIVALENCE_TEXTS = [
    "С 2 по 5 января 2022 года, а также 27-28 сентября 2014 года и в 2020–2022 годах.",
    "В ночь с 3 на 4 июня — около 01:20 по московскому времени — в ноябре-декабре.",
    "Между 1994 и 2000 годами; с 16 апреля по 19 мая 2019 года; в 90-х годах XX века.",
    "Три года назад, через неделю — 9 июля, в прошлую пятницу и накануне, 20 июля.",
    "В конце прошлого года, в первой половине 2014 года, весной 2012 года, в 14:00.",
    "До 2000 человек пришли в День Победы 2017 года; Утором 5 января и днём в понедельник.",
]


def test_lookahead_parser_matches_plain_yargy(seed_text):
    """The fast parser's matches (spans and facts) are exactly yargy's on the same windows."""
    from yargy import Parser

    from svodka.extract import dates_grammar as g
    from svodka.extract.dates import _Tokens, windows

    st = g.engine()
    plain = Parser(g.build_grammar(), tokenizer=g._Pretokenized(morph=st["analyzer"]))
    texts = [*EQUIVALENCE_TEXTS, seed_text]
    seen = 0
    for text in texts:
        tokens = _Tokens(text)
        for lo, hi in windows(tokens):
            window = tokens.yargy(lo, hi, st["analyzer"])
            fast = [(m.span, m.fact) for m in st["parser"].findall(window)]
            slow = [(m.span, m.fact) for m in plain.findall(window)]
            assert fast == slow, text
            seen += len(fast)
    assert seen >= 30
