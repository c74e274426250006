"""Events checked against NEREL's EVENT annotations, where the two schemes meet.

NEREL marks event triggers as text-bound ``EVENT`` entities (births, elections and concerts
as well as arrests and attacks) and their arguments as relations: ``AGENT`` and
``PARTICIPANT_IN`` (participant -> EVENT), ``TAKES_PLACE_IN`` and ``POINT_IN_TIME``
(EVENT -> place / date). svodka codes only PLOVER's political events, so the comparison
is restricted:

- *relevant* NEREL events are those whose span contains a lemma of svodka's trigger lexicon
  that triggers on its own (no light-verb complement or context needed: "задержан",
  "стрельба", "протесты", "отставку"); ``trigger_recall`` is the share of them that overlap
  an svodka event trigger (``trigger_recall_any_lemma`` counts every lexicon lemma);
- ``triggers_on_nerel_events``: the share of svodka triggers that overlap some NEREL EVENT
  (NEREL does not annotate every event, so this is a floor on precision, not precision);
- on matched pairs: ``agent_match`` (an svodka actor overlaps a NEREL AGENT, directly or
  through the mentions of its entity), ``participant_match`` (actor or recipient overlaps an
  AGENT or PARTICIPANT_IN), ``place_match`` (TAKES_PLACE_IN), ``time_match``
  (POINT_IN_TIME against the event's date span).

``timing`` measures the events stage against Natasha's own pipeline on the same articles.
Run: ``python -m svodka.eval.nerel_events ../shared/data/nerel/dev``.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from svodka.doc import Document
from svodka.nlp.morph import lemmatize

_WORD = re.compile(r"[А-Яа-яЁёA-Za-z]+(?:-[А-Яа-яЁёA-Za-z]+)*")
Spans = list[tuple[int, int]]


@dataclass
class NerelEvent:
    id: str
    spans: Spans
    text: str
    agents: list[Spans] = field(default_factory=list)
    participants: list[Spans] = field(default_factory=list)
    places: list[Spans] = field(default_factory=list)
    times: list[Spans] = field(default_factory=list)


@dataclass
class NerelDoc:
    name: str
    text: str
    events: list[NerelEvent]


def _spans(field_: str) -> Spans:
    out = []
    for part in field_.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return out


def read_doc(txt: Path) -> NerelDoc:
    """One NEREL document: its EVENT entities with their argument spans."""
    text = txt.read_text(encoding="utf-8")
    ents: dict[str, tuple[str, Spans, str]] = {}
    rels: list[tuple[str, str, str]] = []
    for line in txt.with_suffix(".ann").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            typ, _, offs = parts[1].partition(" ")
            try:
                ents[parts[0]] = (typ, _spans(offs), parts[2] if len(parts) > 2 else "")
            except ValueError:
                continue
        elif parts[0].startswith("R"):
            bits = parts[1].split()
            if len(bits) == 3:
                rels.append((bits[0], bits[1].split(":", 1)[1], bits[2].split(":", 1)[1]))
    events = {k: NerelEvent(k, v[1], v[2]) for k, v in ents.items() if v[0] == "EVENT"}
    for typ, a1, a2 in rels:
        if typ in ("AGENT", "PARTICIPANT_IN") and a2 in events and a1 in ents:
            (events[a2].agents if typ == "AGENT" else events[a2].participants).append(
                ents[a1][1])
        elif typ == "TAKES_PLACE_IN" and a1 in events and a2 in ents:
            events[a1].places.append(ents[a2][1])
        elif typ == "POINT_IN_TIME" and a1 in events and a2 in ents:
            events[a1].times.append(ents[a2][1])
    return NerelDoc(txt.stem, text, list(events.values()))


def load(directory: Path, limit: int | None = None) -> list[NerelDoc]:
    files = sorted(directory.glob("*.txt"), key=lambda p: p.name)
    if limit is not None:
        files = files[:limit]
    return [read_doc(f) for f in files if f.with_suffix(".ann").exists()]


def _overlaps(a: Spans, b: Spans) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def relevant_lemmas() -> tuple[frozenset[str], frozenset[str]]:
    """(lemmas that trigger on their own, every lemma of the trigger lexicon)."""
    from svodka.extract.event_lexicon import NOUN_SENSES, VERB_SENSES

    strict = set()
    for table in (VERB_SENSES, NOUN_SENSES):
        for lemma, senses in table.items():
            if any(not s.need and not s.amod and not s.adv and s.ctx is None and
                   not s.content and not s.extra.get("neg_only") for s in senses):
                strict.add(lemma)
    return frozenset(strict), frozenset(VERB_SENSES) | frozenset(NOUN_SENSES)


def _lemmas(text: str) -> set[str]:
    out = set()
    for w in _WORD.findall(text):
        out.add(lemmatize(w, "VERB"))
        out.add(lemmatize(w, "NOUN"))
    return out


def _arg_spans(doc: Document, arg: Any) -> Spans:
    """The argument's own span plus every mention of its entity."""
    spans = [(arg.start, arg.end)]
    if arg.entity:
        ent = doc.entity(arg.entity)
        if ent is not None:
            spans += [(m.start, m.end) for m in ent.mentions]
    return spans


def score(docs: Iterable[NerelDoc], analyze: Callable[[str], Document]) -> dict[str, Any]:
    strict, every = relevant_lemmas()
    n = dict.fromkeys(("relevant", "relevant_found", "relevant_any", "relevant_any_found",
                       "triggers", "triggers_on_nerel", "agent", "agent_ok", "participant",
                       "participant_ok", "place", "place_ok", "time", "time_ok"), 0)
    n_docs = 0
    for d in docs:
        n_docs += 1
        doc = analyze(d.text)
        triggers = [(ev, [(ev.trigger.start, ev.trigger.end)]) for ev in doc.events]
        date_spans = {x.id: [(x.start, x.end)] for x in doc.dates}
        for _, span in triggers:
            n["triggers"] += 1
            n["triggers_on_nerel"] += any(_overlaps(span, ne.spans) for ne in d.events)
        for ne in d.events:
            lemmas = _lemmas(ne.text)
            hit = next((ev for ev, span in triggers if _overlaps(span, ne.spans)), None)
            if lemmas & every:
                n["relevant_any"] += 1
                n["relevant_any_found"] += hit is not None
            if lemmas & strict:
                n["relevant"] += 1
                n["relevant_found"] += hit is not None
            if hit is None:
                continue
            actors = [s for a in hit.actors for s in _arg_spans(doc, a)]
            everyone = actors + [s for a in hit.recipients for s in _arg_spans(doc, a)]
            if ne.agents:
                n["agent"] += 1
                n["agent_ok"] += any(_overlaps(actors, ag) for ag in ne.agents)
            if ne.agents or ne.participants:
                n["participant"] += 1
                n["participant_ok"] += any(_overlaps(everyone, p)
                                           for p in ne.agents + ne.participants)
            if ne.places:
                n["place"] += 1
                loc = _arg_spans(doc, hit.location) if hit.location is not None else []
                n["place_ok"] += any(_overlaps(loc, p) for p in ne.places)
            if ne.times:
                n["time"] += 1
                ds = date_spans.get(hit.date or "", [])
                n["time_ok"] += any(_overlaps(ds, t) for t in ne.times)

    def ratio(a: str, b: str) -> float | None:
        return n[a] / n[b] if n[b] else None

    return {
        "documents": n_docs,
        "nerel_events_relevant": n["relevant"],
        "trigger_recall": ratio("relevant_found", "relevant"),
        "nerel_events_any_lemma": n["relevant_any"],
        "trigger_recall_any_lemma": ratio("relevant_any_found", "relevant_any"),
        "svodka_triggers": n["triggers"],
        "triggers_on_nerel_events": ratio("triggers_on_nerel", "triggers"),
        "agent_pairs": n["agent"], "agent_match": ratio("agent_ok", "agent"),
        "participant_pairs": n["participant"],
        "participant_match": ratio("participant_ok", "participant"),
        "place_pairs": n["place"], "place_match": ratio("place_ok", "place"),
        "time_pairs": n["time"], "time_match": ratio("time_ok", "time"),
    }


def _default_analyze(text: str) -> Document:
    from svodka.pipeline import analyze

    return analyze(text)


def evaluate(directory: Path, limit: int | None = None,
             analyze: Callable[[str], Document] | None = None) -> dict[str, Any]:
    """Score svodka's events on a NEREL split (``limit``: first N documents)."""
    return score(load(directory, limit), analyze or _default_analyze)


def timing(directory: Path, limit: int = 50, pipeline: Any = None) -> dict[str, Any]:
    """Seconds per article of the events stage and of Natasha's own pipeline (segment,
    morphology, syntax, NER) on the first ``limit`` articles. Each article is timed with both
    back to back, so that load from other processes hits both alike; the share is reported
    over all articles and as the median of per-article shares."""
    from svodka.nlp import natasha_baseline
    from svodka.pipeline import analyze, default_pipeline

    pipe = pipeline or default_pipeline()
    docs = load(directory, limit)
    if docs:  # warm up: models load once
        natasha_baseline(docs[0].text)
        analyze(docs[0].text, pipeline=pipe)
    natasha = events = 0.0
    stages: dict[str, float] = {}
    shares = []
    for d in docs:
        t0 = time.perf_counter()
        natasha_baseline(d.text)
        nat = time.perf_counter() - t0
        before = dict(pipe.stage_seconds)
        analyze(d.text, pipeline=pipe)
        for k, v in pipe.stage_seconds.items():
            stages[k] = stages.get(k, 0.0) + v - before.get(k, 0.0)
        ev = pipe.stage_seconds.get("events", 0.0) - before.get("events", 0.0)
        natasha += nat
        events += ev
        shares.append(ev / nat if nat else 0.0)
    n = max(1, len(docs))
    shares.sort()
    return {"documents": len(docs), "natasha_s_per_doc": natasha / n,
            "events_s_per_doc": events / n,
            "events_share_of_natasha": events / natasha if natasha else None,
            "events_share_median": shares[len(shares) // 2] if shares else None,
            "stages_s_per_doc": {k: v / n for k, v in stages.items()}}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    directory = Path(args[0]) if args else Path("../shared/data/nerel/dev")
    limit = int(args[1]) if len(args) > 1 else None
    out = {"scores": evaluate(directory, limit), "timing": timing(directory, limit or 50)}
    sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    main()
