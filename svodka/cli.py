"""The `svodka` command line: analyze, demo, eval (and more as capabilities land).

Bad input gives one line on stderr and exit code 1; usage errors exit 2; no tracebacks
unless --debug (or SVODKA_DEBUG=1).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from svodka import __version__
from svodka.errors import SvodkaError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="svodka: structured, evidence-linked facts from Russian news.")
eval_app = typer.Typer(no_args_is_help=True, help="Measure svodka against annotated data.")
app.add_typer(eval_app, name="eval")

out = Console()
err = Console(stderr=True, soft_wrap=True)
_DEBUG = {"on": os.environ.get("SVODKA_DEBUG") == "1"}


def fail(message: str, code: int = 1) -> None:
    err.print(f"svodka: error: {message}", markup=False, highlight=False)
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        out.print(f"svodka {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    if debug:
        _DEBUG["on"] = True


def read_input(path: str) -> tuple[str, str]:
    """Read a file (or '-' for stdin) as Russian text; returns (text, name)."""
    from svodka.ingest.decode import check_russian, decode_bytes

    if path == "-":
        data, name = sys.stdin.buffer.read(), "<stdin>"
    else:
        p = Path(path)
        if not p.exists():
            raise SvodkaError(f"{path}: no such file")
        if p.is_dir():
            raise SvodkaError(f"{path}: is a directory (analyze takes files)")
        data, name = p.read_bytes(), path
    decoded = decode_bytes(data, name)
    if decoded.encoding != "utf-8":
        err.print(f"svodka: {name}: decoded as {decoded.encoding}", highlight=False)
    check_russian(decoded.text, name)
    return decoded.text, name


@app.command()
def analyze(
    files: Annotated[list[str] | None, typer.Argument(help="Text files, or - for stdin.")] = None,
    published: Annotated[str | None, typer.Option(help="Publication date, YYYY-MM-DD.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="json | jsonl | table")] = "json",
    source: Annotated[str | None, typer.Option(help="Outlet name or domain.")] = None,
    title: Annotated[str | None, typer.Option(help="Title (default: the headline line).")] = None,
) -> None:
    """Analyse articles and print svodka/1 JSON (or a readable table)."""
    from svodka.pipeline import analyze as run
    from svodka.pipeline import normalize_published

    if fmt not in ("json", "jsonl", "table"):
        fail(f"unknown format {fmt!r} (json, jsonl or table)", 2)
    try:
        normalize_published(published)
    except ValueError as exc:
        fail(str(exc), 2)
    paths = files or ["-"]
    failed = 0
    for path in paths:
        try:
            text, name = read_input(path)
        except SvodkaError as exc:
            err.print(f"svodka: error: {exc}", markup=False, highlight=False)
            failed += 1
            continue
        doc = run(text, published=published, source=source, title=title)
        if fmt == "table":
            from svodka.render import print_table
            print_table(out, doc, name)
        elif fmt == "jsonl":
            sys.stdout.write(doc.to_json() + "\n")
        else:
            sys.stdout.write(doc.to_json(indent=2) + "\n")
    sys.stdout.flush()
    if failed:
        raise typer.Exit(1)


@app.command()
def demo(
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | json")] = "table",
    db: Annotated[str | None, typer.Option("--db", help="Archive URL (default: the user's "
                                                          "svodka archive).")] = None,
    serve: Annotated[bool, typer.Option("--serve/--no-serve",
                                        help="Serve the web UI at the end.")] = True,
    port: Annotated[int, typer.Option(help="Port for the web UI.")] = 8000,
) -> None:
    """Analyse the bundled sample articles, store them, query them, and serve the web UI."""
    from svodka.pipeline import analyze as run
    from svodka.render import print_table
    from svodka.samples import load_samples

    samples = load_samples()
    out.print(f"[bold]svodka {__version__}[/] — analysing {len(samples)} bundled sample articles")
    for sample in samples:
        doc = run(sample.text, published=sample.published, source=sample.source,
                  url=sample.url)
        if fmt == "json":
            sys.stdout.write(doc.to_json() + "\n")
        else:
            print_table(out, doc, sample.name)
    try:
        from svodka.cli_archive import demo_archive
    except ModuleNotFoundError:
        return
    url = demo_archive(db, out)
    if not serve:
        return
    try:
        from svodka.cli_serve import serve_demo
    except ModuleNotFoundError:
        return
    serve_demo(url, port=port)


@eval_app.command("gold")
def eval_gold(
    dirs: Annotated[list[Path], typer.Argument(help="Directories with NAME.txt + NAME.gold.json")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    per_doc: Annotated[bool, typer.Option("--per-doc", help="Show each document.")] = False,
) -> None:
    """Precision/recall/F1 per kind against gold analyses."""
    from svodka.eval.gold import evaluate, gold_pairs
    from svodka.render import print_gold_scores

    for d in dirs:
        if not d.exists():
            fail(f"{d}: no such file or directory", 1)
    if not gold_pairs(dirs):
        fail("no NAME.txt + NAME.gold.json pairs found", 1)
    result = evaluate(dirs)
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        print_gold_scores(out, result, per_doc=per_doc)


@eval_app.command("ner")
def eval_ner(
    factrueval: Annotated[Path, typer.Option(help="factRuEval-2016 devset or testset directory")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Token-level NER F1 on factRuEval-2016 (as naeval scores it): Natasha vs svodka."""
    from svodka.eval.ner import evaluate
    from svodka.render import print_ner_scores

    if not factrueval.is_dir() or not any(factrueval.glob("*.objects")):
        fail(f"{factrueval}: not a factRuEval directory (no .objects files)", 1)
    result = evaluate(factrueval)
    if as_json:
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
    else:
        print_ner_scores(out, result)


@eval_app.command("dates")
def eval_dates(
    nerel: Annotated[Path | None, typer.Option(help="NEREL split with DATE entities")] = None,
    norm: Annotated[Path | None, typer.Option(help="Normalisation set (JSON Lines)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Date extraction against NEREL DATE spans and value accuracy on a normalisation set."""
    from svodka.eval.dates import eval_dates_nerel, eval_dates_norm

    if nerel is None and norm is None:
        fail("give --nerel DIR and/or --norm FILE", 2)
    result: dict[str, Any] = {}
    if nerel is not None:
        if not nerel.is_dir():
            fail(f"{nerel}: not a directory", 1)
        result["nerel"] = eval_dates_nerel(nerel)
    if norm is not None:
        if not norm.is_file():
            fail(f"{norm}: no such file", 1)
        result["norm"] = eval_dates_norm(norm)
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        return
    if "nerel" in result:
        r = result["nerel"]
        out.print(f"NEREL DATE ({r['docs']} documents, {r['gold_date']} gold spans): "
                  f"recall {r['recall_all']:.3f} (temporal references {r['recall_reference']:.3f}), "
                  f"precision {r['precision']:.3f} (without 'now' {r['precision_without_now']:.3f})")
    if "norm" in result:
        r = result["norm"]
        out.print(f"normalisation set ({r['n']} expressions, {r['relative']} with a publication "
                  f"date): value accuracy {r['accuracy']:.3f}, granularity "
                  f"{r['granularity_accuracy']:.3f}")


def _register_optional_commands() -> None:
    """Command groups that live in their own modules (archive, server, batch, stories)."""
    import importlib

    for module in ("svodka.cli_archive", "svodka.cli_serve", "svodka.cli_batch",
                   "svodka.cli_stories"):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name == module:
                continue
            raise
        mod.register(app)


_register_optional_commands()


def main(argv: list[str] | None = None) -> Any:
    try:
        return app(args=argv, standalone_mode=True)
    except SvodkaError as exc:
        err.print(f"svodka: error: {exc}", markup=False, highlight=False)
        raise SystemExit(1) from None
    except KeyboardInterrupt:
        err.print("svodka: interrupted")
        raise SystemExit(130) from None
    except (typer.Exit, SystemExit):
        raise
    except Exception as exc:  # noqa: BLE001 - the last guard: one line, not a traceback
        if _DEBUG["on"]:
            raise
        err.print(f"svodka: error: {type(exc).__name__}: {exc} (run with --debug for details)",
                  markup=False, highlight=False)
        raise SystemExit(1) from None
    return None


if __name__ == "__main__":
    main()
