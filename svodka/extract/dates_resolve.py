"""Resolution of recognised temporal expressions to ISO 8601 values.

Pure functions, no NLP: a ``Point`` (what the grammar read: day, month, weekday, "вчера", "три
дня назад", ...) or a ``RangeExpr`` of two points, plus a ``Ctx`` (publication date, tense of
the governing verb, the previous date of the text for anaphora) give a ``Resolved`` value.

Value conventions (svodka/1 ``dates``):
- day ``2022-01-05``, month ``2022-01``, year ``2022``, ISO week ``2022-W01``; unknown parts
  are X: ``XXXX-01-05``, a weekday without a reference date ``XXXX-WXX-3``.
- part of day: the day's value, granularity ``part_of_day``, the part in ``extra["part"]``
  (MO, DT, EV, NI); clock time ``2022-01-05T14:30`` (granularity ``time``, zone in
  ``extra["tz"]``).
- decades and centuries as TIMEX3 does: ``199X`` (the 1990s), ``19XX`` (the XX century);
- seasons, quarters and intervals: ``value`` is the first unit and ``end_value`` the last
  (``2014-06``/``2014-08``, ``2020-04``/``2020-06``, ``2020``/``2022``); a season or quarter
  without a year has value None (there is no ISO value for "winter of some year").
- "начало/середина/конец" keep the value of the whole unit, ``extra["mod"]`` says which part.
- relative to an unknown publication date: ``value`` None, ``extra["ref"] = "publication"``
  and, where it is a fixed shift, ``extra["offset"]`` as an ISO duration ("-P1D"). Vague
  references ("несколько дней назад", "на днях") have value None and ``extra["vague"]``.
- open intervals ("со 2 января", "до 12 апреля"): the point, ``extra["interval"]`` start|end.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

TENSES = ("past", "pres", "fut")
SEASON_MONTHS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "winter": (12, 2)}
_UNIT_GRAN = {"day": "day", "week": "week", "month": "month", "year": "year",
              "decade": "year", "century": "year", "hour": "day", "minute": "day"}


@dataclass
class Point:
    """One temporal expression as read by the grammar (every field optional)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # 0 = Monday
    part: str | None = None  # MO DT EV NI
    hour: int | None = None
    minute: int | None = None
    tz: str | None = None
    day_shift: int | None = None  # вчера = -1, relative to publication
    now: bool | None = None
    rel: int | None = None  # прошлый -1, этот 0, следующий +1
    unit: str | None = None  # day week month year weekend decade century quarter hour minute
    year_rel: int | None = None  # "февраля прошлого года"
    count: float | None = None
    shift: str | None = None  # ago after later earlier before last recent
    mod: str | None = None  # start mid end h1 h2
    decade: int | None = None  # 1980, or 80 when the century is not written
    century: int | None = None
    season: str | None = None
    quarter: int | None = None
    ana: str | None = None  # same next prev: relative to the previous date of the text
    vague: bool | None = None
    bound: str | None = None  # start end: open interval


@dataclass
class RangeExpr:
    start: Point
    end: Point


@dataclass(frozen=True)
class PDate:
    """A possibly partial calendar date: unknown parts are None."""

    y: int | None
    m: int | None = None
    d: int | None = None

    def iso(self) -> str:
        out = f"{self.y:04d}" if self.y is not None else "XXXX"
        if self.m is not None or self.d is not None:
            out += f"-{self.m:02d}" if self.m is not None else "-XX"
        if self.d is not None:
            out += f"-{self.d:02d}"
        return out

    @property
    def gran(self) -> str:
        return "day" if self.d is not None else "month" if self.m is not None else "year"

    def plus_days(self, n: int) -> PDate:
        if self.m is None or self.d is None:
            return self
        base = dt.date(self.y if self.y is not None else 2001, self.m, self.d)
        new = base + dt.timedelta(days=n)
        return PDate(new.year if self.y is not None else None, new.month, new.day)

    @staticmethod
    def of(date: dt.date) -> PDate:
        return PDate(date.year, date.month, date.day)


@dataclass
class Ctx:
    published: dt.date | None = None
    tense: str | None = None  # past pres fut, of the governing verb
    anchor: PDate | None = None  # previous date of the text (anaphora: "на следующий день")
    local: PDate | None = None  # a day in the same sentence/paragraph (standalone "утром")
    local_near: bool = False  # ``local`` comes from the same sentence
    weekday_anchor: tuple[PDate, int] | None = None  # a dated day of known weekday (1-7)
    local_doc: PDate | None = None  # the last dated day of the text (no publication date)
    year_hint: int | None = None  # year of a full date earlier in the same sentence


@dataclass
class Resolved:
    value: str | None
    granularity: str
    end_value: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


# -- validity ------------------------------------------------------------------------------

_VALUE = re.compile(
    r"^(?:(?P<y>\d{4}|\d{3}X|\d{2}XX|XXXX)(?:-(?P<m>\d{2}|XX)(?:-(?P<d>\d{2}|XX))?)?"
    r"|(?P<wy>\d{4}|XXXX)-W(?P<w>\d{2}|XX)(?:-(?P<wd>[1-7]))?)"
    r"(?:T(?P<H>\d{2}):(?P<M>\d{2}))?$")


def is_valid_value(value: str | None) -> bool:
    """ISO 8601 calendar/week date (or prefix), X for unknown digits, optional Thh:mm."""
    if value is None:
        return True
    m = _VALUE.match(value)
    if not m:
        return False
    if m["H"] is not None and (int(m["H"]) > 23 or int(m["M"]) > 59):
        return False
    if m["w"] is not None:
        if m["w"] == "XX":
            return True
        week = int(m["w"])
        if m["wy"] == "XXXX":
            return 1 <= week <= 53
        return 1 <= week <= dt.date(int(m["wy"]), 12, 28).isocalendar()[1]
    month = m["m"]
    if month is not None and month != "XX" and not 1 <= int(month) <= 12:
        return False
    d = m["d"]
    if d is None or d == "XX":
        return True
    if month is None or month == "XX":
        return 1 <= int(d) <= 31
    year = 2000 if "X" in m["y"] else int(m["y"])  # 2000: leap, allows XXXX-02-29
    return 1 <= int(d) <= calendar.monthrange(year, int(month))[1]


def _sort_key(value: str) -> tuple[int, ...] | None:
    """Comparable key of a calendar value with a known year, else None."""
    m = _VALUE.match(value)
    if not m:
        return None
    if m["w"] is not None:
        if "X" in m["wy"] or "X" in m["w"]:
            return None
        d = dt.date.fromisocalendar(int(m["wy"]), int(m["w"]), int(m["wd"] or 1))
        return (d.year, d.month, d.day)
    if "X" in m["y"]:
        return None
    return tuple(int(x) for x in (m["y"], m["m"], m["d"]) if x is not None and x != "XX")


def interval_ok(value: str | None, end_value: str | None, extra: dict[str, Any] | None = None,
                ) -> bool:
    """End not before start (compared on the parts both values know)."""
    if value is None or end_value is None:
        return True
    a, b = _sort_key(value), _sort_key(end_value)
    if a is None or b is None:
        # unknown years: compare month-day, unless the interval is said to cross a year
        if (extra or {}).get("crosses_year"):
            return True
        ma, mb = _VALUE.match(value), _VALUE.match(end_value)
        if not ma or not mb or ma["m"] in (None, "XX") or mb["m"] in (None, "XX"):
            return True
        ka = (int(ma["m"]), int(ma["d"]) if ma["d"] not in (None, "XX") else 0)
        kb = (int(mb["m"]), int(mb["d"]) if mb["d"] not in (None, "XX") else 99)
        return ka <= kb
    n = min(len(a), len(b))
    return a[:n] <= b[:n]


# -- calendar helpers ----------------------------------------------------------------------

def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _date(y: int, m: int, d: int) -> dt.date:
    return dt.date(y, m, min(d, _last_day(y, m)))


def _add_months(date: dt.date, n: int) -> dt.date:
    k = date.year * 12 + date.month - 1 + n
    y, m = divmod(k, 12)
    return _date(y, m + 1, date.day)


def _shift(date: dt.date, count: float, unit: str) -> dt.date:
    """``date`` moved by ``count`` units (negative = back); fractions in the next unit down."""
    if unit in ("year", "decade", "century"):
        months = round(count * 12 * {"year": 1, "decade": 10, "century": 100}[unit])
        return _add_months(date, months)
    if unit == "month":
        whole = int(count)
        return _add_months(date, whole) + dt.timedelta(days=round((count - whole) * 30))
    days = {"week": 7, "day": 1, "hour": 1 / 24, "minute": 1 / 1440}.get(unit, 1) * count
    return date + dt.timedelta(days=int(days))


def _week(date: dt.date) -> str:
    y, wk, _ = date.isocalendar()
    return f"{y:04d}-W{wk:02d}"


def _at(date: dt.date, gran: str) -> str:
    if gran == "week":
        return _week(date)
    if gran == "month":
        return f"{date.year:04d}-{date.month:02d}"
    if gran == "year":
        return f"{date.year:04d}"
    return date.isoformat()


def _choose(pub: dt.date, tense: str | None, lo: Any, hi: Any, years: range | None = None) -> int:
    """Year whose [lo(y), hi(y)] fits the tense: past = latest starting by ``pub``, future =
    earliest not over before ``pub``, otherwise the one nearest to ``pub``."""
    cands = list(years or range(pub.year - 1, pub.year + 2))
    if tense == "past":
        ok = [y for y in cands if lo(y) <= pub]
        return max(ok) if ok else cands[0]
    if tense == "fut":
        ok = [y for y in cands if hi(y) >= pub]
        return min(ok) if ok else cands[-1]

    def dist(y: int) -> tuple[int, bool]:
        a, b = lo(y), hi(y)
        gap = 0 if a <= pub <= b else min(abs((a - pub).days), abs((b - pub).days))
        return gap, y > pub.year

    return min(cands, key=dist)


def _weekday(pub: dt.date, tense: str | None, wd: int, rel: int | None) -> dt.date:
    cur = pub.weekday()
    if rel is not None and rel < 0:
        return pub - dt.timedelta(days=(cur - wd) % 7 or 7)
    if rel == 0:
        return pub + dt.timedelta(days=wd - cur)
    if rel is not None and rel > 0:
        return pub + dt.timedelta(days=(wd - cur) % 7 or 7)
    if tense == "past":
        return pub - dt.timedelta(days=(cur - wd) % 7)
    if tense == "fut":
        return pub + dt.timedelta(days=(wd - cur) % 7)
    return pub + dt.timedelta(days=(wd - cur + 3) % 7 - 3)


def _offset(n: float, unit: str) -> str:
    code = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "Y",
            "century": "Y", "hour": "H", "minute": "M"}.get(unit, "D")
    k = n * {"decade": 10, "century": 100}.get(unit, 1)
    num = int(k) if float(k).is_integer() else k
    t = "T" if unit in ("hour", "minute") else ""
    return f"{'-' if n < 0 else ''}P{t}{abs(num)}{code}"


def _pub_ref(gran: str, offset: str | None = None, **extra: Any) -> Resolved:
    out = Resolved(None, gran, extra={"ref": "publication", **extra})
    if offset:
        out.extra["offset"] = offset
    return out


# -- points ----------------------------------------------------------------------------------

def resolve(expr: Point | RangeExpr, ctx: Ctx) -> Resolved | None:
    """The value of one expression, or None when it cannot be a date (e.g. 31 February)."""
    try:
        if isinstance(expr, RangeExpr):
            return _resolve_range(expr, ctx)
        out = _point(expr, ctx)
    except (ValueError, OverflowError):  # outside the calendar: "20 веков назад" from 2000
        return None
    if out is None:
        return None
    if expr.bound and "interval" not in out.extra:
        out.extra["interval"] = expr.bound
    if expr.mod:
        out.extra["mod"] = expr.mod
    if expr.tz:
        out.extra["tz"] = expr.tz
    return out


def _point(p: Point, ctx: Ctx) -> Resolved | None:
    pub = ctx.published
    if p.shift == "last1":  # "за последний год"
        p.shift, p.count = "last", 1
    explicit = p.month is not None or p.day is not None  # "через неделю — 9 июля": the date
    if p.shift == "before" or (p.shift in ("ago", "after", "later", "earlier", "last", "recent")
                               and not explicit and (p.unit is not None or p.vague
                                                     or p.shift == "recent")):
        return _shifted(p, ctx)
    if p.decade is not None:
        return _decade(p, pub)
    if p.century is not None or p.unit == "century":
        return _century(p, pub)
    if p.season is not None:
        return _season(p, ctx)
    if p.quarter is not None:
        return _quarter(p, ctx)
    if p.month is not None or p.day is not None:
        day = _calendar_day(p, ctx)
        return None if day is None else _with_time(p, day, ctx)
    if p.year is not None:
        return Resolved(f"{p.year:04d}", "year")
    if p.year_rel is not None:
        return _relative_unit(p.year_rel, "year", ctx)
    if p.now:
        return Resolved(pub.isoformat(), "day") if pub else _pub_ref("day")
    if p.day_shift is not None or (p.rel is not None and p.part and p.unit is None
                                   and p.weekday is None):
        n = p.day_shift or 0
        if pub is None:
            out = _pub_ref("day", _offset(n, "day") if n else None)
            return _with_time(p, out, ctx)
        return _with_time(p, Resolved((pub + dt.timedelta(days=n)).isoformat(), "day"), ctx)
    if p.ana is not None:
        return _anaphoric(p, ctx)
    if p.weekday is not None:
        if pub is None:  # relative to the (unknown) publication date, or to a dated weekday
            if ctx.weekday_anchor is not None and p.rel is None:
                anchor, awd = ctx.weekday_anchor
                moved = anchor.plus_days((p.weekday + 1 - awd + 3) % 7 - 3)
                return _with_time(p, Resolved(moved.iso(), "day"), ctx)
            out = _pub_ref("day", weekday=p.weekday + 1)
            return _with_time(p, out, ctx)
        wday = _weekday(pub, ctx.tense, p.weekday, p.rel)
        return _with_time(p, Resolved(wday.isoformat(), "day"), ctx)
    if p.unit is not None:
        if p.unit == "weekend":
            return _weekend(p.rel, ctx)
        rel = p.rel
        if rel is None:  # "в конце года": this one, or in a past narrative the previous one
            if ctx.tense == "past" and ctx.anchor is not None and ctx.anchor.y is not None:
                return _from_anchor(ctx.anchor, p.unit, 0)
            rel = 0
        return _relative_unit(rel, p.unit, ctx)
    if p.part is not None or p.hour is not None:  # "утром", "в 14:00": the day in context
        base = ctx.local if ctx.local_near else (ctx.local or (PDate.of(pub) if pub else None)
                                                 or ctx.local_doc)
        if base is None:
            out = _pub_ref("day") if p.hour is None else Resolved("XXXX-XX-XX", "day")
        else:
            out = Resolved(base.iso(), base.gran)
        return _with_time(p, out, ctx)
    return None


def _with_time(p: Point, base: Resolved, ctx: Ctx) -> Resolved:
    if p.hour is not None:
        hour = p.hour
        if p.part in ("DT", "EV") and hour < 12:
            hour += 12
        elif p.part == "NI" and hour == 12:
            hour = 0
        value = base.value
        if value is not None and base.granularity in ("day", "part_of_day"):
            value = f"{value}T{hour:02d}:{p.minute or 0:02d}"
        elif value is None and ctx.published is None and "ref" not in base.extra:
            value = f"XXXX-XX-XXT{hour:02d}:{p.minute or 0:02d}"
        return Resolved(value, "time", base.end_value, base.extra)
    if p.part is not None and base.granularity == "day":
        base.granularity = "part_of_day"
        base.extra["part"] = p.part
    return base


def _calendar_day(p: Point, ctx: Ctx) -> Resolved | None:
    pub = ctx.published
    m, d = p.month, p.day
    y = p.year
    if m is None:
        return None  # a day number alone is not a date
    if y is None and p.year_rel is None and ctx.year_hint is not None:
        y = ctx.year_hint  # a full date earlier in the same sentence gives the year
    if y is None and p.year_rel is not None:
        if pub is None:
            out = PDate(None, m, d)
            if d is not None and d > 29 + (m != 2) * 2:
                return None
            return Resolved(out.iso(), out.gran, extra={"ref": "publication"})
        y = pub.year + p.year_rel
    elif y is None and pub is not None:
        if p.rel is not None and d is None:  # "в следующем мае", "в прошлом апреле"
            if p.rel < 0:
                y = pub.year if m < pub.month else pub.year - 1
            elif p.rel > 0:
                y = pub.year if m > pub.month else pub.year + 1
            else:
                y = pub.year
        else:
            def lo(yy: int) -> dt.date:
                return _date(yy, m, d or 1)

            def hi(yy: int) -> dt.date:
                return _date(yy, m, d or _last_day(yy, m))

            y = _choose(pub, ctx.tense, lo, hi)
    if d is not None:
        limit = _last_day(y, m) if y is not None else (29 if m == 2 else _last_day(2001, m))
        if d > limit:
            return None
    value = PDate(y, m, d)
    return Resolved(value.iso(), value.gran)


def _relative_unit(rel: int, unit: str, ctx: Ctx) -> Resolved:
    pub = ctx.published
    gran = {"quarter": "quarter", "decade": "decade", "century": "century"}.get(unit, unit)
    if pub is None:
        return _pub_ref(gran, _offset(rel, unit) if rel else None)
    if unit == "week":
        return Resolved(_week(pub + dt.timedelta(weeks=rel)), "week")
    if unit == "month":
        return Resolved(_at(_add_months(pub, rel), "month"), "month")
    if unit == "quarter":
        q0 = (pub.month - 1) // 3 + rel
        y, q = pub.year + q0 // 4, q0 % 4 + 1
        return Resolved(f"{y:04d}-{3 * q - 2:02d}", "quarter", f"{y:04d}-{3 * q:02d}")
    if unit == "decade":
        return Resolved(f"{pub.year // 10 + rel:03d}X", "decade")
    if unit == "century":
        return Resolved(f"{(pub.year - 1) // 100 + rel:02d}XX", "century")
    year = pub.year + rel
    # "в следующем году" in a past-tense narrative is the year after the narrated one
    if rel and ctx.tense == "past" and rel > 0 and ctx.anchor and ctx.anchor.y is not None:
        year = ctx.anchor.y + rel
    return Resolved(f"{year:04d}", "year")


def _weekend(rel: int | None, ctx: Ctx) -> Resolved:
    pub = ctx.published
    if pub is None:
        return _pub_ref("interval", unit="day")
    sat_this = pub + dt.timedelta(days=5 - pub.weekday())
    if rel is not None and rel < 0 or (rel is None and ctx.tense == "past"):
        sat = sat_this if sat_this < pub else sat_this - dt.timedelta(days=7)
    elif rel is not None and rel > 0:
        sat = sat_this + dt.timedelta(days=7)
    else:
        sat = sat_this
        if rel is None and ctx.tense != "fut" and pub.weekday() < 2:
            sat -= dt.timedelta(days=7)  # early in the week, "в выходные" is the last one
    return Resolved(sat.isoformat(), "interval", (sat + dt.timedelta(days=1)).isoformat(),
                    {"unit": "day"})


def _season(p: Point, ctx: Ctx) -> Resolved:
    pub = ctx.published
    first, last = SEASON_MONTHS[p.season or "summer"]
    winter = first > last

    def span(y: int) -> tuple[dt.date, dt.date]:  # winter Y = December Y-1 .. February Y
        a = dt.date(y - 1 if winter else y, first, 1)
        return a, dt.date(y, last, _last_day(y, last))

    y = p.year
    if y is None and p.year_rel is not None and pub is not None:
        y = pub.year + p.year_rel
    if y is None and pub is not None:
        if p.rel is not None:
            ys = [yy for yy in range(pub.year - 2, pub.year + 3)]
            if p.rel < 0:
                y = max(yy for yy in ys if span(yy)[1] < pub)
            elif p.rel > 0:
                y = min(yy for yy in ys if span(yy)[0] > pub)
            else:
                y = _choose(pub, None, lambda yy: span(yy)[0], lambda yy: span(yy)[1])
        else:
            y = _choose(pub, ctx.tense, lambda yy: span(yy)[0], lambda yy: span(yy)[1])
    if y is None:
        return Resolved(None, "season", extra={"season": p.season})
    a, b = span(y)
    return Resolved(_at(a, "month"), "season", _at(b, "month"))


def _quarter(p: Point, ctx: Ctx) -> Resolved:
    pub = ctx.published
    q = max(1, min(4, p.quarter or 1))
    a, b = 3 * q - 2, 3 * q
    y = p.year
    if y is None and p.year_rel is not None and pub is not None:
        y = pub.year + p.year_rel
    if y is None and pub is not None:
        y = _choose(pub, ctx.tense, lambda yy: dt.date(yy, a, 1),
                    lambda yy: dt.date(yy, b, _last_day(yy, b)))
    if y is None:
        return Resolved(None, "quarter", extra={"quarter": q})
    return Resolved(f"{y:04d}-{a:02d}", "quarter", f"{y:04d}-{b:02d}")


def _century(p: Point, pub: dt.date | None) -> Resolved | None:
    c = p.century
    if c is None:
        if pub is None:
            return _pub_ref("century", _offset(p.rel or 0, "century") if p.rel else None)
        c = (pub.year - 1) // 100 + 1 + (p.rel or 0)
    if not 1 <= c <= 21:
        return None
    return Resolved(f"{c - 1:02d}XX", "century")


def _decade(p: Point, pub: dt.date | None) -> Resolved:
    start = p.decade or 0
    extra: dict[str, Any] = {}
    if start < 100:
        c = p.century
        if c is None and p.unit == "century" and pub is not None:
            c = (pub.year - 1) // 100 + 1 + (p.rel or 0)
        if c is None:
            c = 20
            extra["assumed_century"] = True
        start = (c - 1) * 100 + start
    return Resolved(f"{start // 10:03d}X", "decade", extra=extra)


def _from_anchor(anchor: PDate, unit: str, n: float) -> Resolved:
    """``anchor`` moved by ``n`` units, at the coarser of the two granularities."""
    gran = _UNIT_GRAN.get(unit, "day")
    order = ["day", "week", "month", "year"]
    if anchor.d is None and gran in ("day", "week"):
        gran = anchor.gran
    if anchor.m is None and gran in ("day", "week", "month"):
        gran = "year"
    if anchor.y is None:
        if gran == "year":
            return Resolved(None, "year", extra={"ref": "previous", "offset": _offset(n, unit)})
        if unit in ("day", "week", "hour", "minute") and anchor.d is not None:
            days = int(n * (7 if unit == "week" else 1))
            moved = anchor.plus_days(days)
            if gran == "week":
                return Resolved(None, "week", extra={"ref": "previous"})
            return Resolved(moved.iso(), "day")
        return Resolved(None, gran, extra={"ref": "previous", "offset": _offset(n, unit)})
    base = dt.date(anchor.y, anchor.m or 1, anchor.d or 1)
    moved_date = _shift(base, n, unit) if n else base
    gran = order[max(order.index(gran), order.index(anchor.gran))] if gran in order else gran
    return Resolved(_at(moved_date, gran), gran)


def _anaphoric(p: Point, ctx: Ctx) -> Resolved | None:
    unit = p.unit or "day"
    n = {"same": 0, "next": 1, "prev": -1}.get(p.ana or "same", 0)
    anchor = ctx.anchor
    if p.ana == "prev":  # "накануне": the day before a date of this paragraph, else yesterday
        anchor = ctx.local
        if anchor is None or anchor.d is None:
            if ctx.published is None:
                return _with_time(p, _pub_ref("day", "-P1D"), ctx)
            anchor = PDate.of(ctx.published)
    if anchor is None:
        return _with_time(p, Resolved(None, _UNIT_GRAN.get(unit, "day"),
                                      extra={"ref": "previous"}), ctx)
    if p.unit is None and p.part is None and n == 0:  # "тогда же": the previous date as it is
        return Resolved(anchor.iso(), anchor.gran)
    return _with_time(p, _from_anchor(anchor, unit, n), ctx)


def _shifted(p: Point, ctx: Ctx) -> Resolved | None:
    pub = ctx.published
    unit = p.unit or "day"
    gran = _UNIT_GRAN.get(unit, "day")
    count = p.count
    if count is None and not p.vague and p.shift not in ("last", "recent"):
        count = 1  # "неделю назад", "через год", "годом позже"
    if p.shift == "before":  # "за два дня до 5 января", "накануне 9 мая"
        if p.month is None or p.day is None:
            return None
        base = _calendar_day(Point(year=p.year, month=p.month, day=p.day,
                                   year_rel=p.year_rel), ctx)
        m = re.match(r"^(\d{4}|XXXX)-(\d{2})-(\d{2})$", base.value or "") if base else None
        if not m:
            return None
        anchor = PDate(None if m[1] == "XXXX" else int(m[1]), int(m[2]), int(m[3]))
        return _from_anchor(anchor, unit, -(count or 1))
    if count is None and (p.shift in ("later", "earlier") or
                          (p.shift == "after" and ctx.tense == "past")):
        return Resolved(None, gran, extra={"ref": "previous"})  # "спустя несколько дней"
    if count is None:  # "несколько дней назад", "на днях", "в последние годы"
        future = p.shift == "after" or (p.shift == "recent" and ctx.tense == "fut")
        return Resolved(None, gran,
                        extra={"vague": "future" if future else "past", "ref": "publication"})
    narrative = ctx.tense == "past" or (ctx.tense is None and pub is None
                                        and ctx.anchor is not None)
    if p.shift in ("later", "earlier") or (p.shift == "after" and narrative):
        sign = -1 if p.shift == "earlier" else 1
        if ctx.anchor is None:
            return Resolved(None, gran, extra={"ref": "previous",
                                               "offset": _offset(sign * count, unit)})
        return _from_anchor(ctx.anchor, unit, sign * count)
    sign = {"ago": -1, "after": 1, "last": -1}.get(p.shift or "ago", -1)
    if pub is None:
        if p.shift == "last":
            return _pub_ref("interval", _offset(sign * count, unit), unit=gran)
        return _pub_ref(gran, _offset(sign * count, unit))
    moved = _shift(pub, sign * count, unit)
    if p.shift == "last":
        g = "day" if gran == "week" else gran
        return Resolved(_at(moved, g), "interval", _at(pub, g), {"unit": g})
    return Resolved(_at(moved, gran), gran)


# -- ranges ----------------------------------------------------------------------------------

def _resolve_range(r: RangeExpr, ctx: Ctx) -> Resolved | None:
    a, b = r.start, r.end
    # fields written once for both ends: "с 2 по 5 января 2022 года", "в ноябре-декабре"
    if a.month is None and b.month is not None and a.day is not None:
        a.month = b.month
    if a.year is None and a.year_rel is None:
        a.year, a.year_rel = b.year, b.year_rel
        if a.year is not None and a.month is not None and b.month is not None and \
                (a.month, a.day or 0) > (b.month, b.day or 0):
            a.year -= 1
    if a.century is None and b.century is not None:
        a.century = b.century
    if a.hour is not None:  # "с 11:00 до 17:00": clock times of one day
        ra, rb = _point(a, ctx), _point(b, ctx)
    else:
        ra = _point(a, ctx)
        if ra is None:
            return None
        if b.year is None and b.year_rel is None and b.month is not None:
            y = _year_of(ra.value)
            if y is not None:
                b.year = y + (1 if a.month and b.month < a.month else 0)
        rb = _point(b, ctx)
    if ra is None or rb is None:
        return None
    end = rb.end_value or rb.value
    extra: dict[str, Any] = {"unit": ra.granularity}
    if a.part:
        extra["part"] = a.part
    if ra.value and end and ra.value.startswith("XXXX") and end.startswith("XXXX") \
            and not interval_ok(ra.value, end):
        extra["crosses_year"] = True
    if not interval_ok(ra.value, end, extra):
        return None
    return Resolved(ra.value, "interval", end, extra)


def _year_of(value: str | None) -> int | None:
    if value and value[:4].isdigit():
        return int(value[:4])
    return None
