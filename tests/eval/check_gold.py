#!/usr/bin/env python3
"""Check gold annotation files against their texts.

Usage: python3 tests/eval/check_gold.py DIR [DIR ...]

For every NAME.gold.json in each DIR (NAME.txt must lie beside it) this checks that the file is
valid JSON in the gold format of shared/golden/README.md and that everything that must be copied
from the text really is: entity surfaces, quote anchors / speaker_text / cue, date texts and their
`start` offsets, event anchors, label anchors.  References between items are checked too (quote
speakers and event locations are entity names, `reported_by` / label `quote` are quote anchors,
event dates are date values).  Problems are printed as ERROR (exit status 1) or WARN (informative).
"""
import json
import os
import re
import sys

KEYS = ["doc", "published", "exhaustive", "notes", "entities", "quotes", "dates", "events", "labels"]
KINDS = {"quotes", "labels", "dates", "events", "entities"}
ENT_TYPES = {"PER", "ORG", "LOC"}
QUOTE_KINDS = {"direct", "indirect", "mixed"}
GRANS = {"day", "month", "year", "week", "part_of_day", "time", "interval"}
PLOVER = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
          "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
MODALITIES = {"asserted", "future", "hypothetical", "negated"}
VALUE_RE = re.compile(r"^(\d{4}|XXXX)(-(\d{2}|XX)(-(\d{2}|XX))?)?(T\d{2}(:\d{2})?)?$|^(\d{4}|XXXX)-W\d{2}$|^\d{3}X$|^\d{2}XX$")


def norm(s):
    return s.replace("ё", "е").replace("Ё", "Е").casefold()


def check_one(gold_path):
    errors, warns = [], []
    base = os.path.basename(gold_path)[: -len(".gold.json")]
    txt_path = os.path.join(os.path.dirname(gold_path), base + ".txt")
    if not os.path.exists(txt_path):
        return [f"missing text file {txt_path}"], []
    with open(txt_path, encoding="utf-8") as f:
        text = f.read()
    try:
        with open(gold_path, encoding="utf-8") as f:
            g = json.load(f)
    except json.JSONDecodeError as e:
        return [f"invalid JSON: {e}"], []

    def err(m):
        errors.append(m)

    def warn(m):
        warns.append(m)

    def in_text(s, what):
        if not isinstance(s, str) or not s:
            err(f"{what}: empty or not a string: {s!r}")
        elif s not in text:
            err(f"{what}: not found verbatim in text: {s!r}")

    def anchor_ok(item, what):
        """anchor must occur; if it occurs several times, 'occurrence' (1-based) may pick one."""
        a = item.get("anchor")
        in_text(a, f"{what} anchor")
        if not isinstance(a, str) or not a or a not in text:
            return
        n = text.count(a)
        occ = item.get("occurrence")
        if occ is not None:
            if not isinstance(occ, int) or not 1 <= occ <= n:
                err(f"{what}: occurrence {occ!r} but anchor occurs {n} time(s)")
        elif n > 1:
            warn(f"{what}: anchor occurs {n} times in the text (first is assumed; add 'occurrence')")

    for k in KEYS:
        if k not in g:
            err(f"missing key {k!r}")
    if errors:
        return errors, warns
    if g["doc"] != base + ".txt":
        err(f"doc {g['doc']!r} != {base + '.txt'!r}")
    if g["published"] is not None and not re.match(r"^\d{4}-\d{2}-\d{2}", str(g["published"])):
        err(f"published not ISO date: {g['published']!r}")
    for k in g["exhaustive"]:
        if k not in KINDS:
            err(f"unknown exhaustive kind {k!r}")
    if not isinstance(g["notes"], list) or not all(isinstance(n, str) for n in g["notes"]):
        err("notes must be a list of strings")

    names = {}
    for i, e in enumerate(g["entities"]):
        w = f"entity[{i}] {e.get('name')!r}"
        if not e.get("name"):
            err(f"{w}: no name")
            continue
        if norm(e["name"]) in names:
            err(f"{w}: duplicate entity name")
        names[norm(e["name"])] = e
        if e.get("type") not in ENT_TYPES:
            err(f"{w}: bad type {e.get('type')!r}")
        kb = e.get("kb_id")
        if kb is not None and not re.match(r"^Q\d+$", kb):
            err(f"{w}: bad kb_id {kb!r}")
        c = e.get("country")
        if c is not None and not re.match(r"^[A-Z]{2}$", c):
            err(f"{w}: bad country {c!r}")
        surf = e.get("surfaces") or []
        if not surf:
            err(f"{w}: no surfaces")
        if len(set(surf)) != len(surf):
            warn(f"{w}: repeated surfaces")
        for s in surf:
            in_text(s, f"{w} surface")

    def is_entity(n):
        return isinstance(n, str) and norm(n) in names

    quote_anchors = set()
    for i, q in enumerate(g["quotes"]):
        w = f"quote[{i}] {q.get('anchor')!r}"
        if q.get("kind") not in QUOTE_KINDS:
            err(f"{w}: bad kind {q.get('kind')!r}")
        anchor_ok(q, w)
        if q.get("anchor") in quote_anchors:
            warn(f"{w}: repeated quote anchor (allowed only for literally repeated passages)")
        quote_anchors.add(q.get("anchor"))
        sp = q.get("speaker")
        if sp is not None and not is_entity(sp):
            err(f"{w}: speaker {sp!r} is not an entity name")
        st = q.get("speaker_text")
        if st is not None:
            in_text(st, f"{w} speaker_text")
            if sp is not None and is_entity(sp) and st not in names[norm(sp)]["surfaces"]:
                warn(f"{w}: speaker_text {st!r} not among surfaces of {sp!r}")
        if sp is None and st is None:
            warn(f"{w}: neither speaker nor speaker_text")
        if q.get("cue") is not None:
            in_text(q.get("cue"), f"{w} cue")

    date_values = set()
    last = -1
    for i, d in enumerate(g["dates"]):
        w = f"date[{i}] {d.get('text')!r}"
        t, st = d.get("text"), d.get("start")
        in_text(t, f"{w} text")
        if not isinstance(st, int):
            err(f"{w}: start missing or not an int")
        elif text[st:st + len(t or "")] != t:
            err(f"{w}: text[{st}:{st + len(t or '')}] = {text[st:st + len(t or '')]!r}")
        elif st <= last:
            warn(f"{w}: dates not in text order")
        if isinstance(st, int):
            last = st
        v = d.get("value")
        if v is not None:
            if not VALUE_RE.match(v):
                err(f"{w}: value {v!r} not ISO-with-X")
            date_values.add(v)
        if d.get("granularity") not in GRANS:
            err(f"{w}: bad granularity {d.get('granularity')!r}")
        ev = d.get("end_value")
        if ev is not None and not VALUE_RE.match(ev):
            err(f"{w}: end_value {ev!r} not ISO-with-X")

    for i, v in enumerate(g["events"]):
        w = f"event[{i}] {v.get('type')} {v.get('anchor')!r}"
        if v.get("type") not in PLOVER:
            err(f"{w}: bad type")
        anchor_ok(v, w)
        if v.get("modality") not in MODALITIES:
            err(f"{w}: bad modality {v.get('modality')!r}")
        loc = v.get("location")
        if loc is not None and not is_entity(loc):
            err(f"{w}: location {loc!r} is not an entity name")
        for a in [v.get("actor")] + list(v.get("actors") or []) + list(v.get("recipients") or []):
            if a is None or is_entity(a):
                continue
            stem = norm(a.split()[0])[:4]
            if stem not in norm(text):
                warn(f"{w}: argument {a!r} is neither an entity nor a phrase from the text")
        dv = v.get("date")
        if dv is not None and dv not in date_values:
            err(f"{w}: date {dv!r} is not a value of any gold date")
        rb = v.get("reported_by")
        if rb is not None and rb not in quote_anchors:
            err(f"{w}: reported_by {rb!r} is not a quote anchor")

    for i, l in enumerate(g["labels"]):
        w = f"label[{i}] {l.get('label')!r}"
        h = l.get("holder")
        if h is not None and not is_entity(h):
            err(f"{w}: holder {h!r} is not an entity name")
        if h is None and not (l.get("authorial") or l.get("holder_text") or l.get("generic")):
            warn(f"{w}: holder null without authorial/holder_text/generic")
        if not l.get("label") or not l.get("target"):
            err(f"{w}: label and target are required")
        if l.get("anchor") is not None:
            anchor_ok(l, w)
        if l.get("holder_text") is not None:
            in_text(l.get("holder_text"), f"{w} holder_text")
        qa = l.get("quote")
        if qa is not None and qa not in quote_anchors:
            err(f"{w}: quote {qa!r} is not a quote anchor")
    return errors, warns


def main(argv):
    if not argv:
        print(__doc__)
        return 2
    n_err = n_files = 0
    for d in argv:
        files = sorted(f for f in os.listdir(d) if f.endswith(".gold.json"))
        if not files:
            print(f"{d}: no *.gold.json files")
            n_err += 1
        for f in files:
            n_files += 1
            errors, warns = check_one(os.path.join(d, f))
            for m in errors:
                print(f"ERROR {d}/{f}: {m}")
            for m in warns:
                print(f"WARN  {d}/{f}: {m}")
            n_err += len(errors)
    print(f"checked {n_files} gold files, {n_err} errors")
    return 1 if n_err else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
