"""What the HTML pages draw: the article text cut into highlighted segments, side lists of
each kind, and the geometry of the SVG charts and the map (computed here, drawn by the
templates; no JavaScript needed to read a page).

Nothing here produces HTML: templates get plain strings and Jinja2 escapes every one.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from svodka.api.queries import entity_ref, framing_target
from svodka.doc import Argument, Document

# PLOVER types in the order of the codebook: cooperation, verbal conflict, material conflict
EVENT_GROUPS = {
    "AGREE": "coop", "CONSULT": "coop", "SUPPORT": "coop", "CONCEDE": "coop",
    "COOPERATE": "coop", "AID": "coop", "RETREAT": "coop",
    "REQUEST": "verbal", "ACCUSE": "verbal", "REJECT": "verbal", "THREATEN": "verbal",
    "PROTEST": "material", "SANCTION": "material", "MOBILIZE": "material",
    "COERCE": "material", "ASSAULT": "material",
}


@dataclass
class Ann:
    key: str  # the item's id in the document (e1, q1, v1, l1, d1)
    kind: str  # ent | quote | speaker | cue | event | label | date
    start: int
    end: int
    classes: tuple[str, ...]
    title: str
    badge: str | None = None  # speaker before a quote, event type after a trigger


@dataclass
class Segment:
    text: str
    classes: str = ""
    keys: str = ""
    title: str = ""
    anchors: list[str] = field(default_factory=list)  # first piece of these items
    starts: list[str] = field(default_factory=list)  # a span of these items starts here
    speaker: str | None = None  # the quote starting here is by ...
    event: str | None = None  # the event trigger ending here is of type ...


def _arg_name(doc: Document, arg: Argument | None) -> str | None:
    if arg is None:
        return None
    if arg.entity is not None:
        ent = doc.entity(arg.entity)
        if ent is not None:
            return ent.name
    return arg.text


def spans_of(doc: Document) -> list[Ann]:
    """Every highlighted span of the document (entity mentions, quotes with their speakers
    and cues, event triggers, labels, dates)."""
    out: list[Ann] = []
    for e in doc.entities:
        title = f"{e.type} {e.name}" + (f" · {e.kb_id}" if e.kb_id else "")
        for m in e.mentions:
            out.append(Ann(e.id, "ent", m.start, m.end, ("hl-ent", f"hl-{e.type}"), title))
    for qt in doc.quotes:
        speaker = _arg_name(doc, qt.speaker) or "unknown speaker"
        out.append(Ann(qt.id, "quote", qt.start, qt.end, ("hl-quote",),
                       f"quote ({qt.kind}) — {speaker}", badge=speaker))
        if qt.speaker is not None:
            out.append(Ann(qt.id, "speaker", qt.speaker.start, qt.speaker.end,
                           ("hl-speaker",), f"speaker: {speaker}"))
        if qt.cue is not None:
            out.append(Ann(qt.id, "cue", qt.cue.start, qt.cue.end, ("hl-cue",),
                           f"speech verb «{qt.cue.lemma}»"))
    dates = {d.id: d for d in doc.dates}
    for v in doc.events:
        actors = ", ".join(n for a in v.actors if (n := _arg_name(doc, a))) or "?"
        recipients = ", ".join(n for a in v.recipients if (n := _arg_name(doc, a)))
        when = dates[v.date].value if v.date in dates else None
        title = (f"event {v.type}" + (f"/{v.mode}" if v.mode else "") + f" · {v.modality}"
                 + (f" · {when}" if when else "") + f": {actors}"
                 + (f" → {recipients}" if recipients else ""))
        out.append(Ann(v.id, "event", v.trigger.start, v.trigger.end,
                       ("hl-event", f"mod-{v.modality}"), title, badge=v.type))
    for lb in doc.labels:
        holder = _arg_name(doc, lb.holder) or "?"
        target = _arg_name(doc, lb.target) or "?"
        out.append(Ann(lb.id, "label", lb.label.start, lb.label.end, ("hl-label",),
                       f"label «{lb.label.lemma}» — {holder} → {target}"))
    for d in doc.dates:
        out.append(Ann(d.id, "date", d.start, d.end, ("hl-date",),
                       f"date {d.value or '?'}" + (f" … {d.end_value}" if d.end_value else "")))
    for i, aside in enumerate(doc.set_aside):
        out.append(Ann(f"aside{i}", "aside", aside.start, aside.end, ("aside",),
                       f"set aside: {aside.extra.get('reason', 'not analysed')}"))
    size = len(doc.text)
    return [a for a in out if 0 <= a.start < a.end <= size]


def segments(doc: Document) -> list[Segment]:
    """The text cut at every annotation boundary; each piece knows what covers it."""
    anns = spans_of(doc)
    text = doc.text
    bounds = sorted({0, len(text), *(a.start for a in anns), *(a.end for a in anns)})
    starting: dict[int, list[Ann]] = {}
    for a in anns:
        starting.setdefault(a.start, []).append(a)
    last_piece: dict[int, int] = {}  # id(ann) -> index of its last segment
    first_piece: dict[int, int] = {}
    active: list[Ann] = []
    out: list[Segment] = []
    anchored: set[str] = set()
    for b, nxt in zip(bounds, bounds[1:]):
        active = [a for a in active if a.end > b] + starting.get(b, [])
        if not active:
            out.append(Segment(text[b:nxt]))
            continue
        seg = Segment(text[b:nxt])
        classes: list[str] = []
        keys: list[str] = []
        titles: list[str] = []
        for a in active:
            classes += [c for c in a.classes if c not in classes]
            if a.key not in keys:
                keys.append(a.key)
            if a.title not in titles:
                titles.append(a.title)
            if a.start == b:
                first_piece[id(a)] = len(out)
                if a.key not in seg.starts:
                    seg.starts.append(a.key)
                if a.key not in anchored:
                    anchored.add(a.key)
                    seg.anchors.append(a.key)
            last_piece[id(a)] = len(out)
        seg.classes, seg.keys, seg.title = " ".join(classes), " ".join(keys), "\n".join(titles)
        out.append(seg)
    for a in anns:
        if a.badge is None or id(a) not in first_piece:
            continue
        if a.kind == "quote":
            out[first_piece[id(a)]].speaker = a.badge
        elif a.kind == "event":
            out[last_piece[id(a)]].event = a.badge
    return out


def side_lists(doc: Document, linked: bool = True) -> dict[str, list[dict[str, Any]]]:
    """The items of each kind for the side panel, in text order (entities: most mentioned);
    ``linked``: with the archive references of the entities (for links to their pages)."""
    dates = {d.id: d for d in doc.dates}

    def ref_of(arg: Argument | None) -> str | None:
        if not linked or arg is None or arg.entity is None:
            return None
        ent = doc.entity(arg.entity)
        return entity_ref(ent.kb_id, type_=ent.type, name=ent.name) if ent else None

    entities: list[dict[str, Any]] = sorted(
        ({"id": e.id, "name": e.name, "type": e.type, "kb_id": e.kb_id, "country": e.country,
          "mentions": len(e.mentions), "ref": entity_ref(e.kb_id, type_=e.type, name=e.name),
          "first": min((m.start for m in e.mentions), default=0)} for e in doc.entities),
        key=lambda x: (-x["mentions"], x["first"]))
    quotes = [{"id": qt.id, "kind": qt.kind, "text": qt.text, "start": qt.start,
               "speaker": _arg_name(doc, qt.speaker), "speaker_ref": ref_of(qt.speaker),
               "cue": qt.cue.lemma if qt.cue else None}
              for qt in sorted(doc.quotes, key=lambda x: x.start)]
    events = []
    for v in sorted(doc.events, key=lambda x: x.trigger.start):
        d = dates.get(v.date) if v.date else None
        events.append({
            "id": v.id, "type": v.type, "group": EVENT_GROUPS.get(v.type, "other"),
            "mode": v.mode, "modality": v.modality, "trigger": v.trigger.text,
            "date": d.value if d else None, "date_text": d.text if d else None,
            "actors": [{"name": _arg_name(doc, a), "ref": ref_of(a)} for a in v.actors],
            "recipients": [{"name": _arg_name(doc, a), "ref": ref_of(a)} for a in v.recipients],
            "location": _arg_name(doc, v.location), "location_ref": ref_of(v.location)})
    labels = []
    for lb in sorted(doc.labels, key=lambda x: x.label.start):
        target = lb.target
        kb = None
        if target is not None and target.entity is not None:
            ent = doc.entity(target.entity)
            kb = ent.kb_id if ent else None
        labels.append({
            "id": lb.id, "text": lb.label.text, "lemma": lb.label.lemma,
            "holder": _arg_name(doc, lb.holder), "holder_ref": ref_of(lb.holder),
            "target": _arg_name(doc, target), "target_ref": ref_of(target),
            "framing": framing_target(kb, target.extra.get("group") if target else None,
                                      target.text if target else None),
            "polarity": lb.extra.get("polarity"), "authorial": bool(lb.extra.get("authorial"))})
    date_list = [{"id": d.id, "text": d.text, "value": d.value, "granularity": d.granularity}
                 for d in sorted(doc.dates, key=lambda x: x.start)]
    return {"entities": entities, "quotes": quotes, "events": events, "labels": labels,
            "dates": date_list}


def mark(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """``text`` as pieces, each flagged when it falls in one of ``spans`` (snippets)."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for s, e in sorted(spans):
        s, e = max(s, pos), min(e, len(text))
        if s >= e:
            continue
        if s > pos:
            out.append((text[pos:s], False))
        out.append((text[s:e], True))
        pos = e
    if pos < len(text):
        out.append((text[pos:], False))
    return out


# -- charts ----------------------------------------------------------------------------------

def _months(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    ly, lm = int(last[:4]), int(last[5:7])
    out: list[str] = []
    while (y, m) <= (ly, lm) and len(out) < 600:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _days(first: str, last: str) -> list[str]:
    d0, d1 = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    n = min((d1 - d0).days, 400)
    return [(d0 + dt.timedelta(days=i)).isoformat() for i in range(n + 1)]


def fill_periods(periods: list[str], granularity: str) -> list[str]:
    """The periods from the first to the last, gaps included (undated ones not)."""
    dated = sorted(p for p in periods if p)
    if not dated:
        return []
    try:
        if granularity == "month":
            return _months(dated[0], dated[-1])
        if granularity == "day":
            return _days(dated[0], dated[-1])
        return [str(y) for y in range(int(dated[0]), int(dated[-1]) + 1)]
    except ValueError:
        return dated


def _ticks(labels: list[str], xs: list[float], every: int) -> list[dict[str, Any]]:
    return [{"x": round(x, 1), "text": label}
            for i, (label, x) in enumerate(zip(labels, xs)) if i % every == 0]


def bar_chart(timeline: list[dict[str, Any]], *, width: int = 640, height: int = 130
              ) -> dict[str, Any]:
    """Mentions over time (``EntityProfile.timeline``): a bar per month, gaps filled, one
    bar for undated documents at the end."""
    by_month = {t["month"]: t for t in timeline}
    months = fill_periods([t["month"] for t in timeline if t["month"]], "month")
    labels = months + (["undated"] if None in by_month else [])
    values = [by_month.get(m if m != "undated" else None, {}) for m in labels]
    top = max((v.get("documents", 0) for v in values), default=0) or 1
    plot_h = height - 22
    slot = min(width / max(len(labels), 1), 48.0)
    bars: list[dict[str, Any]] = []
    xs: list[float] = []
    for i, (label, v) in enumerate(zip(labels, values)):
        n = v.get("documents", 0)
        h = plot_h * n / top
        x = i * slot + slot * 0.1
        xs.append(x)
        bars.append({"x": round(x, 1), "y": round(plot_h - h, 1), "w": round(slot * 0.8, 1),
                     "h": round(h, 1), "label": label, "documents": n,
                     "mentions": v.get("mentions", 0), "undated": label == "undated"})
    return {"width": width, "height": height, "base": plot_h, "bars": bars, "max": top,
            "ticks": _ticks(labels, xs, max(1, math.ceil(len(labels) / 8)))}


def stacked_chart(rows: list[dict[str, Any]], granularity: str, *, width: int = 900,
                  height: int = 170) -> dict[str, Any]:
    """Events per period stacked by type (rows: ``events_timeline``)."""
    periods = fill_periods([r["period"] for r in rows if r["period"]], granularity)
    if any(r["period"] is None for r in rows):
        periods.append("undated")
    cells: dict[str, dict[str, int]] = {}
    for r in rows:
        cells.setdefault(r["period"] or "undated", {})[r["type"]] = r["count"]
    totals = [sum(cells.get(p, {}).values()) for p in periods]
    top = max(totals, default=0) or 1
    plot_h = height - 22
    slot = min(width / max(len(periods), 1), 48.0)
    columns: list[dict[str, Any]] = []
    xs: list[float] = []
    order = list(EVENT_GROUPS)
    for p, total in zip(periods, totals):
        x = len(xs) * slot + slot * 0.1
        xs.append(x)
        y = float(plot_h)
        parts = []
        for t in sorted(cells.get(p, {}), key=lambda t: order.index(t) if t in order else 99):
            h = plot_h * cells[p][t] / top
            y -= h
            parts.append({"type": t, "group": EVENT_GROUPS.get(t, "other"), "y": round(y, 1),
                          "h": round(h, 1), "count": cells[p][t]})
        columns.append({"period": p, "x": round(x, 1), "w": round(max(slot * 0.8, 1), 1),
                        "total": total, "parts": parts})
    return {"width": width, "height": height, "base": plot_h, "columns": columns, "max": top,
            "ticks": _ticks(periods, xs, max(1, math.ceil(len(periods) / 10)))}


def map_view(places: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Markers for places with coordinates, in an equirectangular view (x = lon, y = -lat)
    framing them; None when no place has coordinates."""
    located = [p for p in places if p.get("lat") is not None and p.get("lon") is not None]
    if not located:
        return None
    lons = [p["lon"] for p in located]
    lats = [-p["lat"] for p in located]
    x0, x1, y0, y1 = min(lons), max(lons), min(lats), max(lats)
    w = max(x1 - x0, 24.0) * 1.4
    h = max(y1 - y0, 12.0) * 1.4
    w, h = max(w, 2 * h), max(h, w / 2)  # the 2:1 frame of the world map
    w, h = min(w, 360.0), min(h, 180.0)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    vx = min(max(cx - w / 2, -180.0), 180.0 - w)
    vy = min(max(cy - h / 2, -90.0), 90.0 - h)
    top = max(p["events"] for p in located)
    scale = w / 360.0
    markers = [{"x": round(p["lon"], 3), "y": round(-p["lat"], 3),
                "r": round(scale * (1.5 + 4.5 * math.sqrt(p["events"] / top)), 3),
                "label_size": round(scale * 7, 3), "name": p["name"], "events": p["events"],
                "entity": p["entity"]} for p in located]
    return {"viewbox": f"{vx:.2f} {vy:.2f} {w:.2f} {h:.2f}", "markers": markers,
            "stroke": round(scale * 0.6, 3)}
