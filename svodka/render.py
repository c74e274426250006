"""Human-readable views of analyses and scores (rich tables) for the CLI."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from svodka.doc import Document


def _short(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def print_table(console: Console, doc: Document, name: str = "") -> None:
    console.rule(f"[bold]{name or doc.id[:12]}[/]")
    if doc.title:
        console.print(f"[bold]{_short(doc.title, 120)}[/]", highlight=False)
    meta = [f"published: {doc.published or 'unknown'}", f"sentences: {len(doc.sentences)}"]
    if doc.set_aside:
        meta.append(f"set aside: {len(doc.set_aside)} line(s)")
    console.print(" · ".join(meta), style="dim", highlight=False)
    ents = {e.id: e for e in doc.entities}

    t = Table(title=f"Entities ({len(doc.entities)})", title_justify="left", expand=False)
    for col in ("name", "type", "kb_id", "country", "mentions", "surfaces"):
        t.add_column(col)
    for e in sorted(doc.entities, key=lambda e: -len(e.mentions)):
        surfaces = sorted({m.text for m in e.mentions})
        t.add_row(e.name, e.type, e.kb_id or "", e.country or "", str(len(e.mentions)),
                  _short(", ".join(surfaces), 60))
    console.print(t)

    def who(arg: Any) -> str:
        if arg is None:
            return "?"
        e = ents.get(arg.entity) if arg.entity else None
        return e.name if e else arg.text

    if doc.quotes:
        t = Table(title=f"Quotes ({len(doc.quotes)})", title_justify="left")
        for col in ("speaker", "kind", "cue", "quote"):
            t.add_column(col)
        for q in doc.quotes:
            t.add_row(who(q.speaker), q.kind, q.cue.text if q.cue else "", _short(q.text))
        console.print(t)
    if doc.dates:
        t = Table(title=f"Dates ({len(doc.dates)})", title_justify="left")
        for col in ("text", "value", "granularity"):
            t.add_column(col)
        for d in doc.dates:
            value = d.value or "(publication date)"
            if d.end_value:
                value += f" … {d.end_value}"
            t.add_row(d.text, value, d.granularity)
        console.print(t)
    if doc.events:
        dates = {d.id: d for d in doc.dates}
        t = Table(title=f"Events ({len(doc.events)})", title_justify="left")
        for col in ("type", "mode", "trigger", "actors", "recipients", "where", "when",
                    "modality"):
            t.add_column(col)
        for v in doc.events:
            when = dates.get(v.date) if v.date else None
            t.add_row(v.type, v.mode or "", v.trigger.text, ", ".join(who(a) for a in v.actors),
                      ", ".join(who(a) for a in v.recipients),
                      who(v.location) if v.location else "",
                      (when.value or when.text) if when else "", v.modality)
        console.print(t)
    if doc.labels:
        t = Table(title=f"Labels ({len(doc.labels)})", title_justify="left")
        for col in ("holder", "label", "target"):
            t.add_column(col)
        for lb in doc.labels:
            holder = who(lb.holder) if lb.holder else (doc.source or "(outlet)")
            t.add_row(holder, lb.label.lemma or lb.label.text, who(lb.target))
        console.print(t)


def _f(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def print_gold_scores(console: Console, result: dict[str, Any], per_doc: bool = False) -> None:
    t = Table(title=f"svodka eval gold — {result['documents']} documents", title_justify="left")
    for col in ("kind", "gold", "found", "output", "precision", "recall", "F1", "details"):
        t.add_column(col, justify="right" if col not in ("kind", "details") else "left")
    rows = list(result["kinds"].items()) + [("overall", result["overall"])]
    base = {"precision", "recall", "f1", "gold", "found", "output"}
    for kind, s in rows:
        details = ", ".join(f"{k} {_f(v)}" for k, v in s.items() if k not in base)
        t.add_row(kind, str(s["gold"]), str(s["found"]), str(s["output"]), _f(s["precision"]),
                  _f(s["recall"]), _f(s["f1"]), details)
    console.print(t)
    console.print("precision is counted only where the gold is exhaustive for that kind",
                  style="dim")
    if per_doc:
        t = Table(title="per document (recall / precision)", title_justify="left")
        t.add_column("document")
        kinds = list(result["kinds"])
        for k in kinds:
            t.add_column(k)
        for name, scores in sorted(result["per_document"].items()):
            t.add_row(name, *[f"{_f(scores[k]['recall'])} / {_f(scores[k]['precision'])}"
                              for k in kinds])
        console.print(t)


def print_ner_scores(console: Console, result: dict[str, Any]) -> None:
    t = Table(title=f"factRuEval-2016 NER, token-level F1 (naeval scoring) — "
                    f"{result['documents']} documents", title_justify="left")
    t.add_column("type")
    for system in ("natasha", "svodka"):
        for col in ("P", "R", "F1"):
            t.add_column(f"{system} {col}", justify="right")
    for typ in ("PER", "LOC", "ORG"):
        row = [typ]
        for system in ("natasha", "svodka"):
            s = result[system][typ]
            row += [_f(s["precision"]), _f(s["recall"]), _f(s["f1"])]
        t.add_row(*row)
    console.print(t)
