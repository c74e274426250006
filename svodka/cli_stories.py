"""`svodka stories list|show|update` and `svodka eval stories`."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from svodka.cli_archive import DbOption, JsonOption, LimitOption, _open

out = Console(highlight=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)
stories_app = typer.Typer(no_args_is_help=True,
                          help="Stories: the same event told by many articles and outlets.")
ROOT = Path(__file__).resolve().parent.parent


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _fail(message: str, code: int = 1) -> None:
    err.print(f"svodka: error: {message}", markup=False)
    raise typer.Exit(code)


@stories_app.command("update")
def update_cmd(db: DbOption = None,
               rebuild: Annotated[bool, typer.Option(
                   "--rebuild", help="Forget all stories and cluster every document again.")
               ] = False,
               as_json: JsonOption = False) -> None:
    """Put the documents that are in no story yet into stories (incremental)."""
    from svodka.stories import update

    with _open(db) as store:
        summary = update(store, rebuild=rebuild)
    if as_json:
        _print_json(summary.to_dict())
    else:
        out.print(f"{summary.documents} documents assigned: {summary.joined} joined a story, "
                  f"{summary.new_stories} new stories ({summary.docs_per_second:.0f} docs/s)")


@stories_app.command("list")
def list_cmd(db: DbOption = None, limit: LimitOption = 20,
             offset: Annotated[int, typer.Option(help="Stories to skip.")] = 0,
             min_documents: Annotated[int, typer.Option(
                 "--min-documents", help="Only stories with at least this many documents.")
             ] = 1,
             as_json: JsonOption = False) -> None:
    """Stories, the most recent first."""
    from svodka.stories import list_stories

    if limit < 1 or offset < 0 or min_documents < 1:
        _fail("--limit and --min-documents must be positive, --offset not negative", 2)
    with _open(db) as store:
        page = list_stories(store, limit=limit, offset=offset, min_documents=min_documents)
    if as_json:
        _print_json(page)
        return
    table = Table(box=None, header_style="bold")
    for col in ("story", "days", "docs", "sources", "title"):
        table.add_column(col)
    for s in page["items"]:
        days = s["first_day"] or "?"
        if s["last_day"] and s["last_day"] != s["first_day"]:
            days += f"..{s['last_day']}"
        table.add_row(s["id"], days, str(s["documents"]), ", ".join(s["sources"][:3]),
                      (s["title"] or "")[:80])
    out.print(table)
    out.print(f"{page['total']} stories", style="dim")


@stories_app.command("show")
def show_cmd(story: Annotated[str, typer.Argument(help="Story id (from `svodka stories list`).")],
             db: DbOption = None, as_json: JsonOption = False) -> None:
    """One story: sources, timeline of merged events, framing, co-occurring entities."""
    from svodka.errors import SvodkaError
    from svodka.stories import story_detail

    with _open(db) as store:
        try:
            data = story_detail(store, story)
        except SvodkaError as exc:
            _fail(str(exc), 2)
    if as_json:
        _print_json(data)
        return
    out.print(f"[bold]{data['title'] or '(untitled)'}[/bold]")
    out.print(f"{data['documents']} documents · {len(data['sources'])} sources · "
              f"{data['distinct_events']} distinct events from {data['event_mentions']} "
              "event mentions", style="dim")
    out.print("\n[bold]Sources[/bold]")
    for d in data["documents_list"]:
        out.print(f"  {d['day'] or '?':10}  {d['source'] or '(no source)'}  "
                  f"{(d['title'] or d['id'])[:90]}")
    out.print("\n[bold]Timeline[/bold]")
    for e in data["timeline"]:
        who = ", ".join(e["actors"][:2]) or "?"
        whom = ", ".join(e["recipients"][:2])
        out.print(f"  {e['day'] or '?':10}  {e['type']:9} {who}"
                  f"{' -> ' + whom if whom else ''}  «{e['triggers'][0]}»  "
                  f"{e['mentions']} mentions in {e['documents']} documents")
    if data["framing"]:
        out.print("\n[bold]Framing[/bold]")
        for t in data["framing"]:
            out.print(f"  {t['target']}:")
            for u in t["by_holder"][:6]:
                labels = ", ".join(f"{lc['lemma']} ({lc['count']})" for lc in u["labels"][:5])
                out.print(f"    {u['name']}: {labels}")
    if data["network"]["edges"]:
        out.print("\n[bold]Named together[/bold]")
        names = {n["id"]: n["name"] for n in data["network"]["nodes"]}
        for e in data["network"]["edges"][:10]:
            out.print(f"  {names[e['source']]} — {names[e['target']]}: {e['sentences']} "
                      f"sentences, {e['documents']} documents")


def eval_stories(
    directory: Annotated[Path, typer.Argument(help="The dev set directory.")] = ROOT / "tests"
    / "eval" / "stories",
    nerel: Annotated[Path | None, typer.Option(
        help="NEREL directory with train/ and dev/ [default: ../shared/data/nerel]")] = None,
    cache: Annotated[Path | None, typer.Option(
        help="Cache the analysed articles here (keyed by svodka version).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Story clustering (B-cubed) and event merging (pairwise P/R) on the stories dev set."""
    from svodka.errors import SvodkaError
    from svodka.eval.stories import analyse_devset, evaluate, load_devset

    shared = Path(os.environ.get("SVODKA_SHARED", ROOT.parent / "shared"))
    try:
        dev = load_devset(directory, nerel or shared / "data" / "nerel")
        result = evaluate(dev, analyse_devset(dev, cache=cache))
    except SvodkaError as exc:
        _fail(str(exc))
        return
    if as_json:
        _print_json(result)
        return
    s, g, ev = (result["stories_bcubed"], result["stories_bcubed_grouped_only"],
                result["events"])
    out.print(f"stories: {result['documents']} documents, {result['gold_stories']} gold "
              f"stories ({result['gold_multi_document_stories']} with several documents), "
              f"{result['system_stories']} found")
    out.print(f"  B-cubed P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}  "
              f"(multi-document stories only: F1 {g['f1']:.3f})")
    p, c = ev["pairwise"], ev["pairwise_cross_document"]
    out.print(f"events: {ev['gold_events']} gold events, {ev['gold_mentions']} gold mentions, "
              f"{ev['gold_mentions_extracted']} extracted by svodka")
    out.print(f"  merge pairs P {p['precision']:.3f} R {p['recall']:.3f} F1 {p['f1']:.3f}  "
              f"(cross-document: P {c['precision']:.3f} R {c['recall']:.3f} "
              f"F1 {c['f1']:.3f})")


def register(app: typer.Typer) -> None:
    """Add `svodka stories ...` and `svodka eval stories`."""
    app.add_typer(stories_app, name="stories")
    for group in app.registered_groups:
        if group.name == "eval" and group.typer_instance is not None:
            group.typer_instance.command("stories")(eval_stories)
