"""`svodka eval dates`: the Time capability measured.

``eval_dates_nerel(dir)``: extraction against NEREL DATE entities (brat ``.ann``), span overlap.
NEREL's DATE is broader than "a point or period on the calendar": it also tags durations
("два года", "в течение пяти дней"), penalties and ages ("к 24 годам", "23-летний"),
frequencies ("каждый день", "в год"), and the "19" of "COVID-19". Every gold DATE is put in one
category by the rules of ``categorize`` (lexical, fixed before looking at svodka's output):

- ``reference``: a temporal reference, something that locates an event in time: calendar
  dates, years, decades, deictic ("вчера", "на прошлой неделе"), anaphoric ("на следующий
  день", "в том же году"), relative ("три года назад", "за последние 30 лет"), vague past
  ("несколько дней назад", "на днях"), "в настоящее время";
- ``duration``: a length of time with no anchor ("два года", "около 30 лет", "до трёх лет");
- ``age_or_term``: ages and sentences ("23-летний", "к 24 годам", "21 месяцу");
- ``frequency``: "каждый день", "в год" (per year);
- ``name_part``: digits inside a name ("COVID-19");
- ``other``: no calendar, deictic or unit word at all ("В юности", "В преддверии", "эпоха").

Recall is reported for all DATE and for ``reference``; precision counts a predicted date
correct when it overlaps a gold DATE (``precision``), a gold DATE or TIME
(``precision_temporal``: NEREL puts "утром", "в 14:00" under TIME), or a gold DATE leaving
out the "now" expressions ("сейчас", "в настоящее время") that svodka must report (the
issue and the seed gold ask for them) but NEREL mostly leaves untagged
(``precision_without_now``).

``eval_dates_norm(path)``: value accuracy on ``tests/eval/dates_norm.jsonl`` (expressions from
NEREL/factRuEval sentences with hand-written ISO values; see docs/dates.md).

Both print nothing and return dicts.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

_UNIT = re.compile(r"(?i)(дн[еёяию]|день|суток|сутки|недел|месяц|год|лет\b|час|минут|"
                   r"десятилети|век|столети|полвека)")
_ANCHOR = re.compile(
    r"(?i)(назад|через|спустя|ранее|позже|позднее|раньше|последн|прошл|минувш|следующ|"
    r"предыдущ|\bэт(от|ого|ом|у|ой|им)\b|текущ|нынешн|\bт(от|ого|ом|у)\b|сегодн|вчера|"
    r"завтра|накануне|начал|конц|середин|половин|январ|феврал|март|апрел|\bма[йяею]\b|июн|"
    r"июл|август|сентябр|октябр|ноябр|декабр|понедельник|вторник|сред[ау]|четверг|пятниц|"
    r"суббот|воскресен|выходн|\d{4}|\d0-|\d{1,2}[.]\d{1,2}[.])")
_CALENDAR = re.compile(
    r"(?i)(\d|сегодн|вчера|завтра|накануне|сейчас|настоящ|момент|недав|днях|"
    r"весн|лет[оа]м|осен|зим|век|десятилет)")
_FREQUENCY = re.compile(r"(?i)(кажд|ежедневн|ежегодн|^в (день|год|неделю|месяц|сутки)$)")
_AGE = re.compile(r"(?i)(летн|^\d+([,.]\d+)?\s+(годам|году|месяцу|месяцам|дням|суткам)$)")

_NOW = re.compile(r"(?i)^(сейчас|(в|на) (настоящее время|настоящий момент|данный момент|"
                  r"текущий момент))$")
CATEGORIES = ("reference", "duration", "age_or_term", "frequency", "name_part", "other")


def categorize(span: str, before: str = "") -> str:
    """Category of a NEREL DATE surface (``before``: the text just before it)."""
    s = span.strip()
    if s.isdigit() and len(s) <= 2 and before.endswith("-"):
        return "name_part"
    if _AGE.search(s):
        return "age_or_term"
    if _FREQUENCY.search(s):
        return "frequency"
    if _UNIT.search(s) and not _ANCHOR.search(s):
        return "duration"
    if _ANCHOR.search(s) or _CALENDAR.search(s):
        return "reference"
    return "other"


def _read_ann(path: Path) -> list[tuple[str, int, int, str]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 3 or not parts[0].startswith("T"):
            continue
        head = parts[1].split(" ", 1)
        if len(head) < 2 or head[0] not in ("DATE", "TIME"):
            continue
        frags = [f.split() for f in head[1].split(";")]
        out.append((head[0], int(frags[0][0]), int(frags[-1][1]), parts[2]))
    return out


def _dates_pipeline() -> Any:
    from svodka.extract.dates import DatesStage
    from svodka.pipeline import ParseStage, Pipeline, PrepareStage

    return Pipeline([PrepareStage(), ParseStage(), DatesStage()])


def _timed_analyze(text: str, published: Any = None) -> tuple[Any, float, float]:
    """The document, wall seconds spent in the parse stage (Natasha) and the dates stage."""
    from svodka.doc import Document
    from svodka.extract.dates import DatesStage
    from svodka.pipeline import ParseStage, PrepareStage, finalize, normalize_published

    doc = Document(text=text, published=normalize_published(published))
    doc = PrepareStage()(doc)
    t0 = time.perf_counter()
    doc = ParseStage()(doc)
    t1 = time.perf_counter()
    doc = DatesStage()(doc)
    t2 = time.perf_counter()
    finalize(doc)
    return doc, t1 - t0, t2 - t1


def eval_dates_nerel(directory: str | Path, limit: int | None = None) -> dict[str, Any]:
    """Extraction precision/recall against NEREL DATE entities of ``directory`` (*.ann)."""
    directory = Path(directory)
    files = sorted(directory.glob("*.ann"))[:limit]
    gold_n: Counter[str] = Counter()
    gold_hit: Counter[str] = Counter()
    pred_n = pred_date = pred_temporal = pred_now = pred_now_ok = 0
    misses: list[dict[str, Any]] = []
    false_pos: list[dict[str, Any]] = []
    t_parse = t_dates = 0.0
    chars = 0
    _timed_analyze("Вчера, 5 января 2022 года.")  # load models before timing
    for ann in files:
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        chars += len(text)
        gold = _read_ann(ann)
        doc, tp, td = _timed_analyze(text)
        t_parse += tp
        t_dates += td
        preds = [(d.start, d.end, d.text) for d in doc.dates]
        for typ, a, b, surface in gold:
            if typ != "DATE":
                continue
            cat = categorize(surface, text[max(0, a - 1):a])
            gold_n[cat] += 1
            if any(s < b and e > a for s, e, _ in preds):
                gold_hit[cat] += 1
            elif cat == "reference":
                misses.append({"doc": ann.stem, "text": surface,
                               "context": text[max(0, a - 40):b + 30].replace("\n", " ")})
        for s, e, surface in preds:
            pred_n += 1
            over = [typ for typ, a, b, _ in gold if s < b and e > a]
            pred_date += "DATE" in over
            pred_temporal += bool(over)
            if _NOW.match(surface):
                pred_now += 1
                pred_now_ok += "DATE" in over
            if not over:
                false_pos.append({"doc": ann.stem, "text": surface,
                                  "context": text[max(0, s - 40):e + 30].replace("\n", " ")})
    n_all, hit_all = sum(gold_n.values()), sum(gold_hit.values())
    docs = max(len(files), 1)
    return {
        "docs": len(files),
        "gold_date": n_all,
        "predicted": pred_n,
        "recall_all": round(hit_all / n_all, 4) if n_all else None,
        "recall_reference": round(gold_hit["reference"] / gold_n["reference"], 4)
        if gold_n["reference"] else None,
        "precision": round(pred_date / pred_n, 4) if pred_n else None,
        "precision_temporal": round(pred_temporal / pred_n, 4) if pred_n else None,
        # "сейчас", "в настоящее время": required by svodka, rarely tagged in NEREL
        "precision_without_now": round((pred_date - pred_now_ok) / (pred_n - pred_now), 4)
        if pred_n > pred_now else None,
        "predicted_now": pred_now,
        "by_category": {c: {"gold": gold_n[c], "found": gold_hit[c]} for c in CATEGORIES},
        "ms_per_doc_dates": round(1000 * t_dates / docs, 2),
        "ms_per_doc_parse": round(1000 * t_parse / docs, 2),  # Natasha, via the parse stage
        "cost_ratio": round(t_dates / t_parse, 4) if t_parse else None,
        "chars_per_doc": round(chars / docs),
        "misses": misses,
        "false_positives": false_pos,
    }


def eval_dates_norm(path: str | Path, every: int = 1) -> dict[str, Any]:
    """Value accuracy on a normalisation set (JSON lines: text, expr, published, value, ...);
    ``every``: score every n-th row only (quick checks)."""
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()
            if line.strip()][::every]
    pipeline = _dates_pipeline()
    import svodka

    found = correct = gran_ok = 0
    errors: list[dict[str, Any]] = []
    for row in rows:
        text, expr = row["text"], row["expr"]
        a = text.find(expr)
        b = a + len(expr)
        doc = svodka.analyze(text, published=row.get("published"), pipeline=pipeline)
        over = [d for d in doc.dates if d.start < b and d.end > a]
        best = max(over, key=lambda d: min(d.end, b) - max(d.start, a), default=None)
        got = None if best is None else (best.value, best.end_value)
        want = (row.get("value"), row.get("end_value"))
        if best is not None:
            found += 1
            gran_ok += best.granularity == row.get("granularity")
        if got == want:
            correct += 1
        else:
            errors.append({"expr": expr, "published": row.get("published"), "want": want,
                           "got": got, "got_text": best.text if best else None,
                           "text": text})
    n = len(rows)
    return {
        "n": n,
        "relative": sum(r.get("published") is not None for r in rows),
        "found": found,
        "accuracy": round(correct / n, 4) if n else None,
        "granularity_accuracy": round(gran_ok / found, 4) if found else None,
        "errors": errors,
    }
