"""Archive commands of the `svodka` CLI: ingest, search, quotes, events, labels, entity,
export, reanalyze — and ``demo_archive`` for `svodka demo`.

Every command takes ``--db`` (a file path, sqlite:///path or postgresql://...; default
$SVODKA_DB or svodka.sqlite in the user's data directory). Errors are one line on stderr:
exit 2 for a query or option the user can fix, 1 for everything else.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from svodka.errors import SvodkaError

out = Console(highlight=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOption = Annotated[str | None, typer.Option(
    "--db", help="Archive: file path, sqlite:///path or postgresql://... "
                 "[default: $SVODKA_DB or the user's data dir]")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
FromOption = Annotated[str | None, typer.Option("--from", help="From date (YYYY[-MM[-DD]]).")]
ToOption = Annotated[str | None, typer.Option("--to", help="To date (YYYY[-MM[-DD]]).")]
SourceOption = Annotated[str | None, typer.Option("--source", help="Outlet name or domain.")]
LimitOption = Annotated[int, typer.Option("--limit", "-n", help="How many rows.")]


def _fail(message: str, code: int = 1) -> None:
    err.print(f"svodka: error: {message}", markup=False)
    raise typer.Exit(code)


@contextmanager
def _user_errors() -> Iterator[None]:
    """Turn svodka's errors into one line on stderr (2: fix the query, 1: other)."""
    from svodka.store.fts import QueryError

    try:
        yield
    except QueryError as exc:
        _fail(str(exc), 2)
    except SvodkaError as exc:
        _fail(str(exc), 1)


@contextmanager
def _open(db: str | None, *, must_exist: bool = True) -> Iterator[Any]:
    from svodka.store import default_db_url, is_postgres_url, open_store

    url = db or default_db_url()
    if must_exist and not is_postgres_url(url):
        path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else url
        if not Path(path).expanduser().exists():
            _fail(f"no archive at {path} (svodka ingest creates one; --db picks another)")
    with _user_errors():
        store = open_store(url)
        try:
            yield store
        finally:
            store.close()


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _doc_line(doc: Any) -> Text:
    parts = [p for p in (doc.source, (doc.published or "")[:10] or None) if p]
    line = Text("  " + " · ".join(parts + [doc.document[:12]]), style="dim")
    if doc.title:
        line = Text.assemble(Text("  «" + _short(doc.title, 90) + "»", style="dim"), "\n", line)
    return line


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "…"


# -- ingest -------------------------------------------------------------------------------

def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, URLs.")],
    db: DbOption = None,
    batch_size: Annotated[int, typer.Option(help="Documents per committed batch.")] = 32,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Analyser processes.")] = 1,
    timeout: Annotated[float, typer.Option(help="Seconds per URL read.")] = 20.0,
    as_json: JsonOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Analyse news (txt, html, RSS/Atom, JSONL, dirs, .gz, URLs) into the archive."""
    from svodka.ingest.run import ingest as run

    with _open(db, must_exist=False) as store:
        summary = run(paths, store, batch_size=batch_size, jobs=jobs, timeout=timeout,
                      console=err, progress=not quiet and not as_json)
        where = store.display_url
    if as_json:
        _print_json({**summary.to_dict(), "archive": where})
    else:
        _print_ingest_summary(summary, where)
    if summary.failed and summary.stored + summary.duplicates + summary.already_archived == 0:
        raise typer.Exit(1)


def _print_ingest_summary(s: Any, where: str) -> None:
    out.print(Text.assemble(
        ("stored ", "bold"), str(s.stored),
        f" (near-duplicates linked: {s.near_duplicates})",
        ("  duplicates ", "bold"), str(s.duplicates + s.already_archived),
        f" (already in the archive: {s.already_archived})",
        ("  failed ", "bold"), str(len(s.failed)),
        f"  — {s.seconds:.1f} s, {s.docs_per_second:.1f} docs/s → {where}"))
    for origin, reason in s.failed[:20]:
        out.print(Text(f"  failed: {origin}: {reason}", style="red"))
    if len(s.failed) > 20:
        out.print(Text(f"  … and {len(s.failed) - 20} more (see the errors table)", style="red"))


# -- search and queries -------------------------------------------------------------------

def search(
    query: Annotated[str, typer.Argument(help='Words, "phrases", OR, -excluded.')] = "",
    entity: Annotated[str | None, typer.Option(help="Only documents mentioning this "
                                                    "entity (QID or name).")] = None,
    type_: Annotated[str | None, typer.Option("--type", help="PLOVER event type, or PER/ORG/LOC "
                                                             "for --entity.")] = None,
    date_from: FromOption = None, date_to: ToOption = None, source: SourceOption = None,
    limit: LimitOption = 10, offset: Annotated[int, typer.Option(help="Skip rows.")] = 0,
    with_duplicates: Annotated[bool, typer.Option(help="Show near-duplicates too.")] = False,
    db: DbOption = None, as_json: JsonOption = False,
) -> None:
    """Ranked documents with highlighted snippets ("Токаева" finds "Токаев")."""
    from svodka.store import query as q

    with _open(db) as store, _user_errors():
        res = q.search(store, query, entity=entity, type=type_, date_from=date_from,
                       date_to=date_to, source=source, limit=limit, offset=offset,
                       near_duplicates=with_duplicates)
    if as_json:
        _print_json(res.to_dict())
        return
    out.print(Text(f"{res.total} documents", style="bold"))
    for n, hit in enumerate(res.hits, offset + 1):
        title = Text(f"{n}. {_short(hit.title or '(untitled)', 100)}", style="bold")
        out.print(title)
        meta = [p for p in (hit.source, (hit.published or "")[:10] or None, hit.id[:12]) if p]
        if hit.near_duplicate_of:
            meta.append(f"near-duplicate of {hit.near_duplicate_of[:12]}")
        out.print(Text("   " + " · ".join(meta) + (f"  {hit.url}" if hit.url else ""),
                       style="dim"))
        snip = Text("   " + hit.snippet)
        for s, e in hit.highlights:
            snip.stylize("bold yellow", s + 3, e + 3)
        out.print(snip)


def quotes(
    speaker: Annotated[str | None, typer.Option(help="QID or name, any form.")] = None,
    date_from: FromOption = None, date_to: ToOption = None, source: SourceOption = None,
    limit: LimitOption = 20, db: DbOption = None, as_json: JsonOption = False,
) -> None:
    """Quotes, newest first, optionally by one speaker."""
    from svodka.store import query as q

    with _open(db) as store, _user_errors():
        rows = q.quotes(store, speaker=speaker, date_from=date_from, date_to=date_to,
                        source=source, limit=limit)
    if as_json:
        _print_json([r.to_dict() for r in rows])
        return
    out.print(Text(f"{len(rows)} quotes", style="bold"))
    for r in rows:
        out.print(Text.assemble((r.speaker or "(unknown speaker)", "bold"),
                                f" ({r.cue})" if r.cue else "", f" [{r.kind}]: ",
                                "«" + _short(r.text, 300) + "»"))
        out.print(_doc_line(r.doc))


def events(
    type_: Annotated[str | None, typer.Option("--type", help="PLOVER type, e.g. ASSAULT.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO alpha-2 of location or "
                                                     "actor.")] = None,
    actor: Annotated[str | None, typer.Option(help="Actor QID or name.")] = None,
    date_from: FromOption = None, date_to: ToOption = None, source: SourceOption = None,
    limit: LimitOption = 20, db: DbOption = None, as_json: JsonOption = False,
) -> None:
    """PLOVER events, newest first."""
    from svodka.store import query as q

    with _open(db) as store, _user_errors():
        rows = q.events(store, type=type_, country=country, actor=actor, date_from=date_from,
                        date_to=date_to, source=source, limit=limit)
    if as_json:
        _print_json([r.to_dict() for r in rows])
        return
    table = Table("date", "type", "actors", "trigger", "recipients", "where", "modality",
                  show_lines=False, header_style="bold")
    for r in rows:
        table.add_row(r.day or "", r.type + (f"/{r.mode}" if r.mode else ""),
                      ", ".join(r.actors), r.trigger, ", ".join(r.recipients),
                      (r.location or "") + (f" ({r.country})" if r.country else ""), r.modality)
    out.print(Text(f"{len(rows)} events", style="bold"))
    if rows:
        out.print(table)


def labels(
    target: Annotated[str | None, typer.Option(help="Who is labelled (QID or words).")] = None,
    holder: Annotated[str | None, typer.Option(help="Who labels (QID or name).")] = None,
    date_from: FromOption = None, date_to: ToOption = None, source: SourceOption = None,
    limit: LimitOption = 20, db: DbOption = None, as_json: JsonOption = False,
) -> None:
    """Labels ("террористы") with who applies them to whom."""
    from svodka.store import query as q

    with _open(db) as store, _user_errors():
        rows = q.labels(store, target=target, holder=holder, date_from=date_from,
                        date_to=date_to, source=source, limit=limit)
    if as_json:
        _print_json([r.to_dict() for r in rows])
        return
    out.print(Text(f"{len(rows)} labels", style="bold"))
    for r in rows:
        out.print(Text.assemble((r.holder or "?", "bold"), " → ", (r.target or "?", "bold"),
                                ": ", ("«" + r.label + "»", "yellow"), f" ({r.lemma})"))
        out.print(_doc_line(r.doc))


def entity(
    name: Annotated[str, typer.Argument(help="QID (Q200881) or name in any form.")],
    type_: Annotated[str | None, typer.Option("--type", help="PER, ORG or LOC.")] = None,
    limit: LimitOption = 10, db: DbOption = None, as_json: JsonOption = False,
) -> None:
    """One entity: mentions over time, its quotes, labels by and about it, events."""
    from svodka.store import query as q

    with _open(db) as store, _user_errors():
        profile = q.entity_profile(store, name, type=type_, limit=limit)
    if profile is None:
        _fail(f"no entity in the archive matches {name!r}")
        return
    if as_json:
        _print_json(profile.to_dict())
        return
    e = profile.entity
    out.print(Text.assemble((e.name, "bold"), f"  {e.type}",
                            f"  {e.kb_id}" if e.kb_id else "",
                            f"  {e.country}" if e.country else "",
                            f"  — {profile.documents} documents, {profile.mentions} mentions"))
    if profile.alternatives:
        out.print(Text("  also: " + "; ".join(f"{a.name} ({a.kb_id or a.key}, {a.documents})"
                                              for a in profile.alternatives[:5]), style="dim"))
    if profile.timeline:
        out.print(Text("mentions over time", style="bold"))
        top = max(t["documents"] for t in profile.timeline)
        for t in profile.timeline:
            bar = "█" * max(1, round(20 * t["documents"] / top))
            out.print(Text(f"  {t['month'] or 'undated':8} {bar} {t['documents']} docs, "
                           f"{t['mentions']} mentions"))
    for title, rows in (("quotes", profile.quotes), ("labels by", profile.labels_by),
                        ("labels about", profile.labels_about), ("events", profile.events)):
        if not rows:
            continue
        out.print(Text(f"{title} ({len(rows)})", style="bold"))
        for r in rows:
            out.print(Text("  " + _entity_row_text(r)))


def _entity_row_text(r: Any) -> str:
    from svodka.store.query import EventRow, LabelRow, QuoteRow

    if isinstance(r, QuoteRow):
        return f"«{_short(r.text, 160)}» ({r.cue or r.kind})"
    if isinstance(r, LabelRow):
        return f"{r.holder or '?'} → {r.target or '?'}: «{r.label}»"
    if isinstance(r, EventRow):
        return (f"{r.day or '—'} {r.type} {', '.join(r.actors)} «{r.trigger}» "
                f"{', '.join(r.recipients)} {r.location or ''}").strip()
    return str(r)


# -- export and reanalyze ------------------------------------------------------------------

def export(
    what: Annotated[str, typer.Option(help="documents | entities | quotes | events | labels")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl | csv | parquet")] = "jsonl",
    output: Annotated[str, typer.Option("--output", "-o", help="File, or - for stdout.")] = "-",
    db: DbOption = None,
) -> None:
    """Export a table of the archive (pandas/duckdb read it as is)."""
    from svodka.export import export as run

    with _open(db) as store, _user_errors():
        n = run(store, what, fmt, output)
    if output != "-":
        err.print(f"svodka: wrote {n} {what} rows to {output}", markup=False)


def reanalyze(
    everything: Annotated[bool, typer.Option("--all", help="Every document, not only those "
                                                           "of older analysers.")] = False,
    limit: Annotated[int | None, typer.Option(help="At most this many.")] = None,
    db: DbOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Re-run the current analyser on documents analysed by an older one."""
    from svodka.ingest.run import reanalyze as run
    from svodka.store.rows import current_analyser

    with _open(db) as store, _user_errors():
        s = run(store, everything=everything, limit=limit, console=err, progress=not quiet)
    out.print(f"reanalysed {s.updated} of {s.stale} documents with {current_analyser()} "
              f"in {s.seconds:.1f} s" + (f"; {len(s.failed)} failed" if s.failed else ""))
    for doc_id, reason in s.failed[:20]:
        out.print(Text(f"  failed: {doc_id}: {reason}", style="red"))


# -- demo ---------------------------------------------------------------------------------

def demo_archive(db_url: str | None = None, console: Console | None = None) -> str:
    """Store the bundled sample articles in the archive (default or ``db_url``), run a few
    queries and print them; return the archive's URL."""
    from svodka.ingest.run import analyse_item, to_record
    from svodka.ingest.sources import InputItem
    from svodka.samples import load_samples
    from svodka.store import default_db_url, open_store
    from svodka.store import query as q
    from svodka.store.rows import content_hash

    con = console or out
    url = db_url or default_db_url()
    with open_store(url) as store:
        records = []
        for s in load_samples():
            item = InputItem(text=s.text, origin=f"sample:{s.file}", url=s.url,
                             published=s.published, source=s.source)
            chash = content_hash(s.text)
            if store.known_hashes([chash]):
                continue
            doc = analyse_item(item)
            if not isinstance(doc, tuple):
                records.append(to_record(item, doc, chash))
        stored = store.add_batch(records).stored if records else []
        counts = store.counts()
        con.print(Text(f"archive {store.display_url}: {len(stored)} sample articles added, "
                       f"{counts['documents']} documents in all", style="bold"))
        con.print(Text('\n$ svodka search "Токаева"', style="cyan"))
        res = q.search(store, "Токаева", limit=3)
        for hit in res.hits:
            snip = Text("  " + _short(hit.title or "", 80) + "\n    " + hit.snippet)
            offset = len("  " + _short(hit.title or "", 80) + "\n    ")
            for s_, e_ in hit.highlights:
                snip.stylize("bold yellow", s_ + offset, e_ + offset)
            con.print(snip)
        con.print(Text('\n$ svodka quotes --speaker "Токаев"', style="cyan"))
        for r in q.quotes(store, speaker="Токаев", limit=3):
            con.print(Text(f"  {r.speaker}: «{_short(r.text, 120)}»"))
        con.print(Text("\n$ svodka events --country KZ", style="cyan"))
        for ev in q.events(store, country="KZ", limit=5):
            con.print(Text(f"  {ev.type:9} {', '.join(ev.actors) or '—'} «{ev.trigger}» "
                           f"{ev.location or ''}"))
        con.print(Text("\n$ svodka labels --target протестующие", style="cyan"))
        for lb in q.labels(store, target="протестующие", limit=3):
            con.print(Text(f"  {lb.holder or '?'} → {lb.target or '?'}: «{lb.label}»"))
        return store.display_url


def register(app: typer.Typer) -> None:
    """Add the archive commands to the `svodka` app."""
    app.command()(ingest)
    app.command()(search)
    app.command()(quotes)
    app.command()(events)
    app.command()(labels)
    app.command()(entity)
    app.command()(export)
    app.command()(reanalyze)
