"""Time: temporal expressions found, normalised to ISO 8601 and anchored to the article.

needs: parse   adds: dates

``extract_dates(text, published, parse)`` is the pure API; ``DatesStage`` runs it on the
prepared copy of a document; ``governing_date(doc, start, end)`` answers "which date does
this clause happen on" for the events and quotes stages.

How an expression gets its value (see ``dates_resolve`` for the value conventions):
1. the yargy grammar (``dates_grammar``) reads it into a ``Point`` or a range of two;
2. context checks drop readings that are not dates here ("днём рождения", "накануне выборов",
   "до 2000 человек", "через два дня после стрельбы" — relative to an event, not to a date);
3. the tense of the governing verb (dependency parse: the expression's head chain up to a
   verb, its ``Tense``, an auxiliary "будет", or a future-oriented head such as "планирует"
   above an infinitive) decides past or future for weekday, month and day names;
4. deictic expressions resolve against the publication date, anaphoric ones ("на следующий
   день", "в том же году", "годом позже") against the previous date of the text, a lone
   "утром"/"в 14:00" against the day of its sentence or paragraph.
Without a publication date nothing is invented: "5 января" stays "XXXX-01-05" and "вчера"
gets value None with ``extra["ref"] = "publication"``.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from yargy.span import Span
from yargy.token import MorphToken
from yargy.token import Token as YargyToken

from svodka.doc import DateExpr, Document
from svodka.extract import dates_grammar as g
from svodka.extract.dates_resolve import (
    Ctx,
    PDate,
    Point,
    RangeExpr,
    Resolved,
    interval_ok,
    is_valid_value,
    resolve,
)
from svodka.nlp import Parse, Token
from svodka.nlp.morph import morph, normal_word, parses
from svodka.pipeline import Stage, published_date

__all__ = ["DatesStage", "extract_dates", "governing_date"]

# heads that make an infinitive below them future ("планирует провести в среду")
FUTURE_HEADS = frozenset({
    "планировать", "запланировать", "намереваться", "собираться", "ожидаться", "предстоять",
    "обещать", "пообещать", "поручить", "потребовать", "требовать", "попросить", "просить",
    "призвать", "обязать", "решить", "договориться", "готовиться", "рассчитывать", "надеяться",
    "хотеть", "предложить", "согласиться", "должный", "намеренный", "готовый", "обязанный",
    "суждено", "придтись", "прийтись", "приходиться", "нужно", "надо", "необходимо",
    "предполагаться", "планироваться"})
_TENSE = {"Past": "past", "Pres": "pres", "Fut": "fut"}
_NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM", "DET"})
_DAY_LIKE = ("day", "part_of_day", "time")
_ISO_PART = re.compile(r"^(\d{4}|XXXX)(?:-(\d{2}|XX)(?:-(\d{2}|XX))?)?")


class DatesStage(Stage):
    """Temporal expressions of the prepared text -> ``doc.dates`` (d1, d2, ... in text order)."""

    name = "dates"
    needs = frozenset({"parse"})
    adds = frozenset({"dates"})

    def __call__(self, doc: Document) -> Document:
        prepared = doc.state.get("prepared")
        text = prepared.text if prepared is not None else doc.text
        doc.dates = extract_dates(text, published_date(doc), doc.state.get("parse"))
        return doc


def extract_dates(text: str, published: dt.date | None, parse: Parse | None = None,
                  ) -> list[DateExpr]:
    """Dates of ``text`` with ISO values; ``parse`` (of this same text) adds tense and clauses."""
    if isinstance(published, dt.datetime):
        published = published.date()
    raws = find(text)
    sents = _sentence_bounds(text, parse)
    out: list[DateExpr] = []
    history: list[_Seen] = []
    for raw in raws:
        sent = _index_of(sents, raw.start)
        tense = _tense(parse, raw.start, raw.end) if parse is not None else None
        if tense == "past" and getattr(raw.expr, "bound", None) == "end":
            tense = None  # "арестован до 11 октября": the end of a past interval may be ahead
        ctx = Ctx(published=published, tense=tense)
        _set_anchors(ctx, raw.expr, history, text, raw.start, sent)
        res = resolve(raw.expr, ctx)
        if res is None or not _valid(res) or res.extra.get("ref") == "previous":
            continue  # not a date, or relative to an event we cannot date ("на следующий день")
        out.append(DateExpr(id=f"d{len(out) + 1}", start=raw.start, end=raw.end,
                            text=text[raw.start:raw.end], value=res.value,
                            granularity=res.granularity, end_value=res.end_value,
                            extra=res.extra))
        pdate = _pdate(res.value)
        if pdate is not None:
            history.append(_Seen(raw.start, sent, text.rfind("\n", 0, raw.start) + 1, pdate,
                                 _weekday_of(raw.expr, pdate)))
    return out


@dataclass
class _Seen:
    """A date already resolved in this text (for anaphora and missing years)."""

    start: int
    sent: int
    para: int  # start of its paragraph
    date: PDate
    weekday: int | None  # ISO 1-7, when the text states it


def _weekday_of(expr: Point | RangeExpr, pdate: PDate) -> int | None:
    """ISO weekday of a date the text states with its weekday ("в среду, 25 октября")."""
    if isinstance(expr, RangeExpr) or pdate.m is None or pdate.d is None:
        return None
    if expr.weekday is not None and (expr.day is not None or expr.day_shift is not None):
        return expr.weekday + 1
    return None


def _valid(res: Resolved) -> bool:
    return (is_valid_value(res.value) and is_valid_value(res.end_value)
            and interval_ok(res.value, res.end_value, res.extra))


def _pdate(value: str | None) -> PDate | None:
    if not value or "W" in value:
        return None
    m = _ISO_PART.match(value)
    if not m:
        return None

    def num(x: str | None) -> int | None:
        return int(x) if x and "X" not in x else None

    out = PDate(num(m[1]), num(m[2]), num(m[3]))
    return out if out.y is not None or out.m is not None else None


# -- context for anaphora and lone parts of day -------------------------------------------------

def _set_anchors(ctx: Ctx, expr: Point | RangeExpr, history: list[_Seen], text: str,
                 start: int, sent: int) -> None:
    para = text.rfind("\n", 0, start) + 1
    first = expr.start if isinstance(expr, RangeExpr) else expr
    last = expr.end if isinstance(expr, RangeExpr) else expr
    # a missing year: from an earlier mention of the same day ("22 июля 2019 года" ...
    # "22 июля в 23:11"), else from a full date earlier in the same sentence
    if last.year is None and last.month is not None:
        for seen in reversed(history):
            if seen.date.y is not None and (seen.date.m, seen.date.d) == (last.month, last.day) \
                    and last.day is not None:
                ctx.year_hint = seen.date.y
                break
        else:
            for seen in reversed(history):
                if seen.sent != sent or seen.para != para:
                    break
                if seen.date.y is not None and seen.date.m is not None:
                    ctx.year_hint = seen.date.y
                    break
    del first
    if isinstance(expr, RangeExpr):
        return
    if expr.weekday is not None:  # "В понедельник 18 февраля ... во вторник": the 19th
        for seen in reversed(history):
            if seen.sent < sent - 6:
                break
            if seen.weekday is not None:
                ctx.weekday_anchor = (seen.date, seen.weekday)
                break
    if expr.ana == "same" and expr.unit is None and expr.part is None:  # "тогда же"
        ctx.anchor = history[-1].date if history else None
        return
    unit = expr.unit or ("day" if expr.ana or expr.shift in ("later", "earlier", "after")
                         else None)
    need = {"year": "y", "decade": "y", "century": "y", "month": "m"}.get(unit or "", "d")
    for seen in reversed(history):
        if need == "d" and seen.sent < sent - 1:
            break  # "на следующий день" refers to a date of this or the previous sentence
        d = seen.date
        if (need == "y" and d.y is not None) or (need == "m" and d.m is not None) or \
                (need == "d" and d.d is not None):
            ctx.anchor = d
            break
    for seen in reversed(history):
        if seen.date.d is None:
            continue
        if seen.para == para:
            ctx.local = seen.date
            ctx.local_near = seen.sent == sent
        elif ctx.published is None and ctx.local_doc is None:
            ctx.local_doc = seen.date
        if ctx.local is not None or seen.para != para:
            break



# -- finding expressions: the grammar runs on token windows around trigger words -----------

# Windows are opened at strong triggers, and at unit words ("год", "день", "неделя") only when
# a cue word is next to them ("три года назад", "в прошлом году", "в тот же день").
_STRONG_LEMMAS = (list(g.MONTHS) + list(g.WEEKDAYS) + ["утро", "вечер", "ночь"]
                  + list(g.DECADE_WORDS) + ["сейчас", "настоящий", "сегодняшний", "выходные",
                                            "выходной", "полдень", "полночь", "квартал"])
_STRONG_WORDS = {"вчера", "сегодня", "завтра", "позавчера", "послезавтра", "накануне", "мск",
                 "тогда", "победы", "знаний", "единства", "защитника", "днях", "днём", "днем",
                 "весной", "летом", "осенью", "зимой", "весна", "лето", "осень", "зима", "весны",
                 "осени", "зимы", "весну", "зиму"} | set(g.MONTH_ABBR)
_UNIT_LEMMAS = list(g.UNITS) + ["момент", "полгода"]
_CUE_LEMMAS = (list(g.REL) + list(g.ORDINALS) + list(g.NUMBERS)
               + ["последний", "тот", "начало", "середина", "конец", "половина", "несколько",
                  "данный"])
_CUE_WORDS = {"назад", "через", "спустя", "позже", "позднее", "ранее", "раньше", "тому", "же"}
_DASHES = ("-", "–", "—", "‒", "−")
_SUFFIXES = {"е", "х", "ые", "ых", "ым", "ыми", "ми", "м", "го", "ого", "й", "ом", "ое", "ий"}
_EDGE_PUNCT = frozenset({"(", ")", ",", "-", "–", "—", "‒", "−", "«", "»", '"'})
_TRIGGERS: list[frozenset[str]] = []


def _lexemes(lemmas: list[str]) -> set[str]:
    out: set[str] = set()
    for lemma in lemmas:
        for p in morph().parse(lemma):
            if normal_word(p.normal_form) == lemma:
                out.update(normal_word(f.word) for f in p.lexeme)
    return out


def _triggers() -> list[frozenset[str]]:
    if not _TRIGGERS:
        strong = _lexemes(_STRONG_LEMMAS) | _STRONG_WORDS
        units = _lexemes(_UNIT_LEMMAS) - strong
        cues = (_lexemes(_CUE_LEMMAS) | _CUE_WORDS) - {"то", "та", "те"}
        _TRIGGERS[:] = [frozenset(strong), frozenset(units), frozenset(cues)]
    return _TRIGGERS


@dataclass
class RawMatch:
    start: int  # character offsets in the text
    end: int
    expr: Point | RangeExpr
    first: int = 0  # token range of the match in the text's tokens
    last: int = 0


class _Tokens:
    """The text's yargy tokens as parallel lists (cheap: most are never looked at twice);
    yargy ``Token`` objects are made only for the windows the grammar runs on."""

    __slots__ = ("values", "types", "starts", "stops")

    def __init__(self, text: str) -> None:
        plain = g.engine()["plain"]  # yargy's Tokenizer: its regexp and group -> type
        mapping = plain.mapping
        self.values: list[str] = []
        self.types: list[str] = []
        self.starts: list[int] = []
        self.stops: list[int] = []
        values, types, starts, stops = self.values, self.types, self.starts, self.stops
        for m in plain.regexp.finditer(text):
            values.append(m.group())
            types.append(mapping[m.lastgroup])
            starts.append(m.start())
            stops.append(m.end())

    def __len__(self) -> int:
        return len(self.values)

    def low(self, k: int) -> str:
        """Lower-cased value of token ``k``, "" outside the text."""
        return self.values[k].lower() if 0 <= k < len(self.values) else ""

    def yargy(self, lo: int, hi: int, analyzer: Any) -> list[Any]:
        """Tokens ``lo:hi`` as yargy tokens, Russian words with their morphology."""
        out = []
        for k in range(lo, hi):
            value, kind = self.values[k], self.types[k]
            span = Span(self.starts[k], self.stops[k])
            out.append(MorphToken(value, span, kind, analyzer(value)) if kind == "RU"
                       else YargyToken(value, span, kind))
        return out


def _trigger_span(tokens: _Tokens, i: int) -> tuple[int, int] | None:
    """The token window [lo, hi) a trigger at ``i`` opens, None if ``i`` is no trigger."""
    strong, units, cues = _triggers()
    values, types, n = tokens.values, tokens.types, len(tokens)
    word, kind = values[i], types[i]
    at = tokens.low

    def around(before: int = 2, after: int = 2) -> tuple[int, int]:
        return max(0, i - before), min(n, i + after + 1)

    if kind == "INT":
        # a possible year, "14:00", "05.01.2022", "27-28", "90-х", "с 2 по 5"; other
        # numbers are reached from the word after them ("5 января", "три дня назад")
        nxt, nxt2 = at(i + 1), at(i + 2)
        if len(word) == 4 and 1000 <= int(word) <= 2100:
            return around(2, 3 if nxt in _DASHES else 2)
        if nxt == ":":
            return around(2, 6)  # "16:15 по московскому времени"
        if nxt == "." and nxt2.isdigit() and at(i + 3) == ".":
            return around(2, 5)
        if nxt == "." and nxt2 in ("00", "30"):
            return around(2, 6)  # "около 21.00 по местному времени"
        if (nxt in _DASHES and (nxt2.isdigit() or nxt2 in _SUFFIXES)) or \
                (nxt in ("по", "до", "и") and nxt2.isdigit()) or nxt.startswith("час"):
            return around(2, 3)  # "27-28", "90-х", "с 2 по 5", "в 3 часа ночи"
        return None
    if kind == "LATIN":
        nxt = at(i + 1)
        if g.roman_value(word) is not None and (nxt.startswith(("век", "квартал")) or
                                                nxt in ("в", "вв") or nxt in _DASHES):
            return around()
        return None
    if kind != "RU":
        return None
    value = normal_word(word)
    if value in strong:
        return around()
    if value in units:  # "три года назад", "в прошлом году", "за последние 30 лет"
        for j in range(max(0, i - 3), min(n, i + 3)):
            other, other_kind = values[j], types[j]
            if j != i and (normal_word(other) in cues or
                           (other_kind == "LATIN" and g.roman_value(other) is not None)
                           or (other_kind == "INT" and j == i - 1 and value.startswith("век"))):
                lo, hi = around()
                return min(lo, max(0, j - 2)), hi  # "в течение последней недели"
        return None
    if (g.roman_value(word) is not None and at(i + 1).startswith("век")) or \
            g.part_typo(word) is not None:
        return around()
    return None


_MAYBE: dict[str, bool] = {}


def _may_trigger(word: str) -> bool:
    """False for a Russian word that ``_trigger_span`` never accepts (most words; cached)."""
    hit = _MAYBE.get(word)
    if hit is None:
        strong, units, _ = _triggers()
        value = normal_word(word)
        hit = (value in strong or value in units or g.roman_value(word) is not None
               or g.part_typo(word) is not None)
        if len(_MAYBE) > 100_000:
            _MAYBE.clear()
        _MAYBE[word] = hit
    return hit


def windows(tokens: _Tokens) -> Iterator[tuple[int, int]]:
    """Merged token windows around trigger tokens."""
    cur: tuple[int, int] | None = None
    values = tokens.values
    for i, kind in enumerate(tokens.types):
        if kind == "RU":
            if not _may_trigger(values[i]):
                continue
        elif kind != "INT" and kind != "LATIN":
            continue
        span = _trigger_span(tokens, i)
        if span is None:
            continue
        lo, hi = span
        if cur is not None and lo <= cur[1]:
            cur = (cur[0], max(cur[1], hi))
        else:
            if cur is not None:
                yield cur
            cur = (lo, hi)
    if cur is not None:
        yield cur


def find(text: str) -> list[RawMatch]:
    """Temporal expressions of ``text`` as the grammar reads them (non-overlapping, in text
    order), context checks applied."""
    st = g.engine()
    parser, analyzer = st["parser"], st["analyzer"]
    tokens = _Tokens(text)
    values, starts, stops = tokens.values, tokens.starts, tokens.stops
    out: list[RawMatch] = []
    for lo, hi in windows(tokens):
        window = tokens.yargy(lo, hi, analyzer)
        for m in parser.findall(window):
            expr = g.to_expr(m.fact)
            if expr is None:
                continue
            start, end = m.span.start, m.span.stop
            first = lo + next(i for i, t in enumerate(window) if t.span.start == start)
            last = lo + next(i for i, t in enumerate(window) if t.span.stop == end) + 1
            if values[first] in _EDGE_PUNCT and first + 1 < last:
                first += 1
                start = starts[first]
            if values[last - 1] in _EDGE_PUNCT and last - 1 > first:
                last -= 1
                end = stops[last - 1]
            raw = RawMatch(start, end, expr, first, last)
            if _accept(raw, tokens):
                out.append(raw)
    return out


def _forms(word: str) -> list[Any]:
    return list(parses(normal_word(word)))


# -- context checks ---------------------------------------------------------------------------


def _genitive_phrase(word: str) -> bool:
    """A Russian word that starts a genitive complement: "выборов", "рождения", "его" (not
    "Токаев")."""
    forms = _forms(word)
    if not forms:
        return False
    best = forms[0]  # the most probable reading: "рождения" (gen.), not "Токаев" (nom.)
    return "gent" in best.tag and best.tag.POS in ("NOUN", "ADJF", "NPRO", "PRTF", "NUMR")


def _accept(raw: RawMatch, tokens: _Tokens) -> bool:  # noqa: PLR0911 - one check each
    expr = raw.expr
    if isinstance(expr, RangeExpr):
        return True
    values, types = tokens.values, tokens.types
    has_next = raw.last < len(tokens)
    nxt, nxt_kind = (values[raw.last], types[raw.last]) if has_next else ("", "")
    size = raw.last - raw.first
    only = {k for k, v in vars(expr).items() if v is not None} - {"bound"}
    if only == {"year"} and types[raw.last - 1] == "INT" and has_next:
        # "в 1976" is a year, "до 2000 человек" is not
        if nxt_kind == "INT" or nxt in ("%", "$", "€"):
            return False
        if nxt_kind == "RU" and any(p.tag.POS in ("NOUN", "ADJF", "ADJS", "NUMR", "PRTF")
                                    for p in _forms(nxt)[:1]):
            return False
    if raw.first > 0 and values[raw.first - 1] in ("-", "–", "—") and only == {"year"}:
        # "ЕГЭ-2013", "Евро-2012": a year glued to a name, not "1990-2005"
        dash = raw.first - 1
        word = raw.first - 2
        if word < 0 or types[word] not in ("RU", "LATIN") or \
                tokens.stops[word] != tokens.starts[dash] or \
                tokens.stops[dash] != tokens.starts[raw.first]:
            return False
    if only == {"part"} and _part_idiom(tokens, raw.first, raw.last):
        return False  # "днём и ночью"
    if only == {"part"} and has_next:
        low = values[raw.last - 1].lower()
        if nxt_kind == "RU" and _genitive_phrase(nxt):  # "днём рождения", "Днём Победы"
            return False
        before = tokens.low(raw.last - 2)  # "с днём": the prep
        if low in ("днём", "днем") and before in (
                "с", "со", "за", "этим", "тем", "каждым", "одним", "другим", "первым", "вторым",
                "третьим", "последним", "таким", "целым"):
            return False
    if only == {"ana"} and expr.ana == "prev" and size == 1 and nxt_kind == "RU" \
            and _genitive_phrase(nxt):  # "накануне выборов"
        return False
    if expr.shift in ("after", "later") and has_next and \
            nxt.lower() in ("после", "со", "с"):  # relative to an event, not a date
        return False
    if has_next and nxt.lower() == "над" and any(
            v.lower() == "день" for v in values[raw.first:raw.last]):
        return False  # "День Победы над Японией" is not 9 May
    if expr.unit == "weekend" and values[raw.first].lower() == "по":
        return False  # "по выходным": every weekend
    # "в среду обитания" is not Wednesday
    return not (expr.weekday == 2 and only <= {"weekday"} and nxt_kind == "RU"
                and _genitive_phrase(nxt))


_PART_WORDS = frozenset({"днём", "днем", "ночью", "утром", "вечером"})


def _part_idiom(tokens: _Tokens, first: int, last: int) -> bool:
    low = tokens.low
    return (low(last) == "и" and low(last + 1) in _PART_WORDS) or \
        (low(first - 1) == "и" and low(first - 2) in _PART_WORDS)


# -- tense of the governing verb ----------------------------------------------------------------

def _span_tokens(parse: Parse, start: int, end: int) -> list[Token]:
    starts = _token_starts(parse)
    i = bisect.bisect_left(starts, start)
    if i > 0 and parse.tokens[i - 1].end > start:
        i -= 1
    out = []
    while i < len(parse.tokens) and parse.tokens[i].start < end:
        out.append(parse.tokens[i])
        i += 1
    return out


def _token_starts(parse: Parse) -> list[int]:
    cached = getattr(parse, "_starts", None)
    if cached is None or len(cached) != len(parse.tokens):
        cached = [t.start for t in parse.tokens]
        with contextlib.suppress(AttributeError):  # Parse may use __slots__ one day
            parse._starts = cached  # type: ignore[attr-defined]
    return cached


def _span_head(parse: Parse, toks: list[Token]) -> Token | None:
    if not toks:
        return None
    ids = {t.i for t in toks}
    for t in toks:
        if t.head not in ids:
            return t
    return toks[0]


def _verb_tense(parse: Parse, t: Token) -> str | None:
    """Tense of a predicate; "inf" when it is an infinitive (look further up)."""
    for c in parse.children(t.i):
        if c.rel in ("aux", "aux:pass", "cop") and c.lemma == "быть":
            if c.text.lower().startswith("буд"):
                return "fut"
            if c.feats.get("VerbForm") == "Inf":  # "должен быть освобожден"
                return "inf"
            tense = _TENSE.get(c.feats.get("Tense", ""))
            if tense:
                return tense
    if t.feats.get("VerbForm") == "Inf":
        return "inf"
    return _TENSE.get(t.feats.get("Tense", ""))


def _tense(parse: Parse, start: int, end: int) -> str | None:
    """past/pres/fut of the verb governing the expression, None if nominal or unknown."""
    head = _span_head(parse, _span_tokens(parse, start, end))
    if head is None:
        return None
    cur, via_inf, steps = head.head, False, 0
    while cur >= 0 and steps < 8:
        steps += 1
        t = parse.tokens[cur]
        if via_inf and t.lemma in FUTURE_HEADS:
            return "fut"
        if t.pos in ("VERB", "AUX", "ADJ"):
            tense = _verb_tense(parse, t)
            if tense == "inf":
                via_inf = True
            elif tense:
                return tense
            elif t.pos != "ADJ" and t.feats.get("VerbForm") != "Conv":
                return None
            cur = t.head
            continue
        if t.pos in _NOMINAL:
            return None
        cur = t.head
    return None


# -- sentences, paragraphs, governing date --------------------------------------------------------

def _sentence_bounds(text: str, parse: Parse | None) -> list[tuple[int, int]]:
    if parse is not None and parse.sents:
        return [(s.start, s.end) for s in parse.sents]
    from razdel import sentenize

    return [(s.start, s.stop) for s in sentenize(text)]


def _index_of(bounds: list[tuple[int, int]], offset: int) -> int:
    i = bisect.bisect_right([b[0] for b in bounds], offset) - 1
    return max(i, 0)


def governing_date(doc: Document, start: int, end: int) -> DateExpr | None:
    """The date that governs the clause at ``start:end``: a date of the same clause, else of
    the sentence, else the nearest earlier date of the paragraph; None means the publication
    date. Works on prepared offsets while the pipeline runs (``doc.state`` has the parse) and
    on input offsets afterwards."""
    if not doc.dates:
        return None
    parse: Parse | None = doc.state.get("parse")
    prepared = doc.state.get("prepared")
    if prepared is not None and all(d.text == prepared.text[d.start:d.end] for d in doc.dates):
        text = prepared.text  # while the pipeline runs: offsets in the prepared copy
    else:
        text = doc.text  # after it: input offsets; the parse is usable only if they coincide
        if prepared is not None and not prepared.identity:
            parse = None
    if parse is not None and parse.text != text:
        parse = None
    if parse is not None:
        bounds = [(s.start, s.end) for s in parse.sents]
    elif doc.sentences and text is doc.text:
        bounds = [(s.start, s.end) for s in doc.sentences]
    else:
        bounds = _sentence_bounds(text, None)
    k = _index_of(bounds, start)
    s_lo, s_hi = bounds[k] if bounds else (0, len(text))
    in_sent = [d for d in doc.dates if s_lo <= d.start < s_hi]
    nominal: set[str] = set()
    if parse is not None:
        found = _clause_date(parse, in_sent, start, end, nominal)
        if found is not None:
            return found
    usable = [d for d in in_sent if d.id not in nominal]
    before = [d for d in usable if d.end <= start]
    if before:
        return before[-1]
    inside = [d for d in usable if d.start < end and d.end > start]
    if inside:
        return inside[0]
    after = [d for d in usable if d.start >= end]
    if after:
        return after[0]
    p_lo = text.rfind("\n", 0, start) + 1
    para = [d for d in doc.dates if p_lo <= d.start and d.end <= start and d.id not in nominal]
    return para[-1] if para else None


def _clause_date(parse: Parse, dates: list[DateExpr], start: int, end: int,
                 nominal: set[str]) -> DateExpr | None:
    q = _span_head(parse, _span_tokens(parse, start, end))
    if q is None:
        return None
    chain: dict[int, int] = {}
    cur, rank = q.i, 0
    verb: Token | None = None
    while cur >= 0 and rank < 12:
        t = parse.tokens[cur]
        chain.setdefault(cur, rank)
        rank += 1
        if t.pos in ("VERB", "AUX"):
            verb = t
            break
        cur = t.head
    while verb is not None and verb.rel == "conj" and verb.head >= 0 and rank < 16:
        verb = parse.tokens[verb.head]  # coordinated predicates share their adjuncts
        chain.setdefault(verb.i, rank)
        rank += 1
        if verb.pos not in ("VERB", "AUX"):
            break
    best: tuple[int, int, DateExpr] | None = None
    for d in dates:
        h = _span_head(parse, _span_tokens(parse, d.start, d.end))
        if h is None:
            continue
        attach = h.head
        if d.start < end and d.end > start:
            r = -1  # the date is inside the clause span itself
        elif attach in chain:
            r = chain[attach]
        else:
            if attach >= 0 and parse.tokens[attach].pos in _NOMINAL:
                nominal.add(d.id)
            continue
        key = (r, abs(d.start - start))
        if best is None or key < best[:2]:
            best = (key[0], key[1], d)
    return best[2] if best else None
