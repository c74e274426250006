"""Export the archive as flat tables: documents, entities, quotes, events, labels, in JSON
Lines, CSV or Parquet (pyarrow). The tables load into pandas or duckdb as they are.

The events table is GDELT/PLOVER-like: one row per event with its date, type, mode,
actor/recipient/location names, QIDs and countries, the location's coordinates, modality,
the quote that carries it, the evidence sentence, source and url. Rows come from
``svodka.extract.events.event_rows`` when the events module provides it.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from svodka.doc import Document
from svodka.errors import SvodkaError
from svodka.store.base import Store
from svodka.store.rows import resolve_day

WHAT = ("documents", "entities", "quotes", "events", "labels")
FORMATS = ("jsonl", "csv", "parquet")
_CHUNK = 2000  # rows per Parquet row group / documents per key range

# column -> type ("str", "int", "float", "list"); the order is the column order
COLUMNS: dict[str, dict[str, str]] = {
    "documents": {
        "doc_id": "str", "source": "str", "url": "str", "title": "str", "published": "str",
        "language": "str", "analyser": "str", "schema": "str", "origin": "str",
        "ingested_at": "str", "near_duplicate_of": "str", "near_duplicate_similarity": "float",
        "content_hash": "str", "entities": "int", "dates": "int", "quotes": "int",
        "events": "int", "labels": "int", "text": "str"},
    "entities": {
        "entity": "str", "kb_id": "str", "type": "str", "name": "str", "country": "str",
        "lat": "float", "lon": "float", "documents": "int", "mentions": "int",
        "first_seen": "str", "last_seen": "str"},
    "quotes": {
        "doc_id": "str", "quote_id": "str", "kind": "str", "text": "str",
        "speaker_name": "str", "speaker_qid": "str", "speaker_country": "str",
        "speaker_text": "str", "cue": "str", "start": "int", "end": "int",
        "published": "str", "source": "str", "url": "str", "title": "str"},
    "events": {
        "doc_id": "str", "event_id": "str", "date": "str", "date_text": "str", "day": "str",
        "published": "str", "type": "str", "mode": "str", "modality": "str", "trigger": "str",
        "actor_name": "str", "actor_text": "str", "actor_qid": "str", "actor_country": "str",
        "actors": "list", "recipient_name": "str", "recipient_text": "str",
        "recipient_qid": "str", "recipient_country": "str", "recipients": "list",
        "location_name": "str", "location_text": "str", "location_qid": "str",
        "location_country": "str", "lat": "float", "lon": "float", "quote_id": "str",
        "evidence": "str", "source": "str", "url": "str"},
    "labels": {
        "doc_id": "str", "label_id": "str", "label": "str", "label_lemma": "str",
        "holder_name": "str", "holder_qid": "str", "holder_text": "str",
        "target_name": "str", "target_qid": "str", "target_text": "str", "quote_id": "str",
        "quote_text": "str", "start": "int", "end": "int", "published": "str",
        "source": "str", "url": "str"},
}


class ExportError(SvodkaError):
    """Unknown table or format, or an output that cannot be written."""


# -- rows ---------------------------------------------------------------------------------

def _key_ranges(store: Store) -> Iterator[tuple[int, int]]:
    top = store.rows("SELECT coalesce(max(doc), 0) FROM documents")[0][0]
    for lo in range(0, int(top), _CHUNK):
        yield lo, lo + _CHUNK


def document_rows(store: Store) -> Iterator[dict[str, Any]]:
    for lo, hi in _key_ranges(store):
        for r in store.rows(
                "SELECT d.id, s.name, d.url, d.title, d.published, d.language, d.analyser, "
                "d.schema, d.origin, d.ingested_at, o.id, d.near_duplicate_similarity, "
                "d.content_hash, "
                "(SELECT count(*) FROM document_entities x WHERE x.doc = d.doc), "
                "(SELECT count(*) FROM dates x WHERE x.doc = d.doc), "
                "(SELECT count(*) FROM quotes x WHERE x.doc = d.doc), "
                "(SELECT count(*) FROM events x WHERE x.doc = d.doc), "
                "(SELECT count(*) FROM labels x WHERE x.doc = d.doc), c.text "
                "FROM documents d JOIN document_content c ON c.doc = d.doc "
                "LEFT JOIN sources s ON s.id = d.source_id "
                "LEFT JOIN documents o ON o.doc = d.near_duplicate_of "
                "WHERE d.doc > ? AND d.doc <= ? ORDER BY d.doc", (lo, hi)):
            yield dict(zip(COLUMNS["documents"], r))


def _kb_coordinates(qid: str | None) -> tuple[float | None, float | None]:
    if not qid:
        return None, None
    try:
        from svodka import kb

        c = kb.by_qid(qid)
    except Exception:  # noqa: BLE001 - coordinates are a bonus; the KB may be absent
        return None, None
    return (c.lat, c.lon) if c is not None else (None, None)


def entity_rows(store: Store) -> Iterator[dict[str, Any]]:
    found = store.rows(
        "SELECT e.key, e.kb_id, e.type, e.name, e.country, count(de.doc), "
        "coalesce(sum(de.mention_count), 0), min(d.published_day), max(d.published_day) "
        "FROM entities e LEFT JOIN document_entities de ON de.entity_id = e.id "
        "LEFT JOIN documents d ON d.doc = de.doc "
        "GROUP BY e.id, e.key, e.kb_id, e.type, e.name, e.country "
        "ORDER BY count(de.doc) DESC, e.name, e.key")
    for key, qid, type_, name, country, docs, mentions, first, last in found:
        lat, lon = _kb_coordinates(qid) if type_ == "LOC" else (None, None)
        yield {"entity": key, "kb_id": qid, "type": type_, "name": name, "country": country,
               "lat": lat, "lon": lon, "documents": int(docs), "mentions": int(mentions),
               "first_seen": first, "last_seen": last}


def quote_rows(store: Store) -> Iterator[dict[str, Any]]:
    for lo, hi in _key_ranges(store):
        for r in store.rows(
                "SELECT d.id, q.local_id, q.kind, q.text, e.name, e.kb_id, e.country, "
                "q.speaker_text, q.cue_lemma, q.char_start, q.char_end, d.published, s.name, "
                "d.url, d.title FROM quotes q JOIN documents d ON d.doc = q.doc "
                "LEFT JOIN sources s ON s.id = d.source_id "
                "LEFT JOIN entities e ON e.id = q.speaker_entity "
                "WHERE q.doc > ? AND q.doc <= ? ORDER BY q.doc, q.char_start", (lo, hi)):
            row = dict(zip(COLUMNS["quotes"], r))
            row["speaker_name"] = row["speaker_name"] or row["speaker_text"]
            yield row


def label_rows(store: Store) -> Iterator[dict[str, Any]]:
    for lo, hi in _key_ranges(store):
        for r in store.rows(
                "SELECT d.id, l.local_id, l.label_text, l.label_lemma, he.name, he.kb_id, "
                "l.holder_text, te.name, te.kb_id, l.target_text, l.quote_local_id, q.text, "
                "l.char_start, l.char_end, d.published, s.name, d.url "
                "FROM labels l JOIN documents d ON d.doc = l.doc "
                "LEFT JOIN sources s ON s.id = d.source_id "
                "LEFT JOIN entities he ON he.id = l.holder_entity "
                "LEFT JOIN entities te ON te.id = l.target_entity "
                "LEFT JOIN quotes q ON q.doc = l.doc AND q.local_id = l.quote_local_id "
                "WHERE l.doc > ? AND l.doc <= ? ORDER BY l.doc, l.char_start", (lo, hi)):
            row = dict(zip(COLUMNS["labels"], r))
            row["holder_name"] = row["holder_name"] or row["holder_text"]
            row["target_name"] = row["target_name"] or row["target_text"]
            yield row


def _row_builder() -> Callable[[Document], list[dict[str, Any]]]:
    try:
        from svodka.extract.events import event_rows
    except ImportError:
        return events_of_document
    return event_rows  # type: ignore[no-any-return]


def events_of_document(doc: Document) -> list[dict[str, Any]]:
    """GDELT/PLOVER-like rows built here (used when svodka.extract.events has none)."""
    dates = {d.id: d for d in doc.dates}
    rows = []
    for ev in doc.events:
        d = dates.get(ev.date) if ev.date else None
        sentence = next((doc.text[s.start:s.end] for s in doc.sentences
                         if s.start <= ev.trigger.start < s.end), None)
        row: dict[str, Any] = {
            "doc_id": doc.id, "event_id": ev.id, "date": d.value if d else None,
            "date_text": d.text if d else None, "published": doc.published, "type": ev.type,
            "mode": ev.mode, "modality": ev.modality, "trigger": ev.trigger.text}
        for prefix, arg in (("actor", ev.actors[0] if ev.actors else None),
                            ("recipient", ev.recipients[0] if ev.recipients else None),
                            ("location", ev.location)):
            ent = doc.entity(arg.entity) if arg is not None and arg.entity else None
            row[f"{prefix}_name"] = ent.name if ent else (arg.text if arg else None)
            row[f"{prefix}_text"] = arg.text if arg else None
            row[f"{prefix}_qid"] = ent.kb_id if ent else None
            row[f"{prefix}_country"] = ent.country if ent else None
        row["actors"] = [a.text for a in ev.actors]
        row["recipients"] = [a.text for a in ev.recipients]
        row.update({"lat": None, "lon": None, "quote_id": ev.reported_by,
                    "evidence": sentence, "source": doc.source, "url": doc.url})
        rows.append(row)
    return rows


def event_rows(store: Store) -> Iterator[dict[str, Any]]:
    build = _row_builder()
    where = "EXISTS (SELECT 1 FROM events ev WHERE ev.doc = d.doc)"
    for _, doc in store.iter_documents(where):
        for row in build(doc):
            row.setdefault("doc_id", doc.id)
            row.setdefault("source", doc.source)
            row.setdefault("url", doc.url)
            row["day"] = resolve_day(row.get("date"), doc.published)
            if row.get("lat") is None and row.get("location_qid"):
                row["lat"], row["lon"] = _kb_coordinates(row["location_qid"])
            if row.get("evidence"):
                row["evidence"] = " ".join(str(row["evidence"]).split())
            yield row


ROWS: dict[str, Callable[[Store], Iterator[dict[str, Any]]]] = {
    "documents": document_rows, "entities": entity_rows, "quotes": quote_rows,
    "events": event_rows, "labels": label_rows}


# -- writers ------------------------------------------------------------------------------

def _columns(what: str, first: dict[str, Any] | None) -> dict[str, str]:
    cols = dict(COLUMNS[what])
    for key, value in (first or {}).items():  # columns a newer row builder adds
        if key not in cols:
            cols[key] = "list" if isinstance(value, list) else "str"
    return cols


def _cell(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "list":
        return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    return value if isinstance(value, str) else str(value)


def export(store: Store, what: str, fmt: str, output: str | Path | IO[Any] = "-") -> int:
    """Write table ``what`` in format ``fmt`` to ``output`` (a path, '-' for stdout, or an
    open file: text for jsonl/csv, binary for parquet); return the number of rows."""
    if what not in WHAT:
        raise ExportError(f"unknown table {what!r} (one of: {', '.join(WHAT)})")
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (one of: {', '.join(FORMATS)})")
    if fmt == "parquet" and output == "-":
        raise ExportError("parquet is binary: give a file with --output")
    rows = ROWS[what](store)
    if what == "documents" and fmt == "jsonl":
        return _write_documents_jsonl(store, output)
    if fmt == "parquet":
        return _write_parquet(what, rows, output)
    with _open_text(output) as fh:
        if fmt == "jsonl":
            return _write_jsonl(what, rows, fh)
        return _write_csv(what, rows, fh)


class _open_text:
    def __init__(self, output: str | Path | IO[Any]) -> None:
        self.output = output
        self.fh: Any = None
        self.owned = False

    def __enter__(self) -> Any:
        if self.output == "-":
            self.fh = sys.stdout
        elif isinstance(self.output, str | Path):
            try:
                self.fh = open(self.output, "w", encoding="utf-8", newline="")  # noqa: SIM115
            except OSError as exc:
                raise ExportError(f"{self.output}: cannot write ({exc.strerror})") from None
            self.owned = True
        else:
            self.fh = self.output
        return self.fh

    def __exit__(self, *exc: object) -> None:
        if self.owned:
            self.fh.close()
        else:
            self.fh.flush()


def _write_documents_jsonl(store: Store, output: str | Path | IO[Any]) -> int:
    """Documents as svodka/1 JSON Lines: the same objects `svodka analyze` prints."""
    n = 0
    with _open_text(output) as fh:
        for _, doc in store.iter_documents():
            fh.write(doc.to_json() + "\n")
            n += 1
    return n


def _with_first(rows: Iterator[dict[str, Any]]) -> tuple[dict[str, Any] | None,
                                                         Iterator[dict[str, Any]]]:
    first = next(rows, None)

    def chained() -> Iterator[dict[str, Any]]:
        if first is not None:
            yield first
        yield from rows

    return first, chained()


def _write_jsonl(what: str, rows: Iterator[dict[str, Any]], fh: IO[str]) -> int:
    first, rows = _with_first(rows)
    cols = _columns(what, first)
    n = 0
    for row in rows:
        fh.write(json.dumps({name: _cell(row.get(name), kind) for name, kind in cols.items()},
                            ensure_ascii=False) + "\n")
        n += 1
    return n


def _write_csv(what: str, rows: Iterator[dict[str, Any]], fh: IO[str]) -> int:
    first = next(rows, None)
    cols = _columns(what, first)
    writer = csv.writer(fh)
    writer.writerow(cols)
    n = 0
    for row in ([first] if first else []):
        writer.writerow(_csv_values(row, cols))
        n += 1
    for row in rows:
        writer.writerow(_csv_values(row, cols))
        n += 1
    return n


def _csv_values(row: dict[str, Any], cols: dict[str, str]) -> list[Any]:
    out = []
    for name, kind in cols.items():
        value = _cell(row.get(name), kind)
        if kind == "list" and value is not None:
            value = json.dumps(value, ensure_ascii=False)
        out.append("" if value is None else value)
    return out


def _write_parquet(what: str, rows: Iterator[dict[str, Any]],
                   output: str | Path | IO[Any]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(),
             "list": pa.list_(pa.string())}
    first = next(rows, None)
    cols = _columns(what, first)
    schema = pa.schema([(name, types[kind]) for name, kind in cols.items()])
    n = 0
    try:
        writer = pq.ParquetWriter(output if not isinstance(output, Path) else str(output),
                                  schema)
    except OSError as exc:
        raise ExportError(f"{output}: cannot write ({exc})") from None
    with writer:
        chunk: list[dict[str, Any]] = [first] if first else []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= _CHUNK:
                writer.write_table(_table(chunk, cols, schema))
                n += len(chunk)
                chunk = []
        if chunk or n == 0:
            writer.write_table(_table(chunk, cols, schema))
            n += len(chunk)
    return n


def _table(chunk: list[dict[str, Any]], cols: dict[str, str], schema: Any) -> Any:
    import pyarrow as pa

    arrays = {name: [_cell(r.get(name), kind) for r in chunk] for name, kind in cols.items()}
    return pa.Table.from_pydict(arrays, schema=schema)
