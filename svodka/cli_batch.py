"""`svodka batch`: analyse many documents into an output directory or the archive, with a
local process pool (default) or Ray, resumable after a crash. See docs/scaling.md."""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console

from svodka.errors import SvodkaError

out = Console(highlight=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class EngineName(StrEnum):
    local = "local"
    ray = "ray"


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    parquet = "parquet"


def batch(
    paths: Annotated[list[str], typer.Argument(
        help="Files, directories, URLs: txt, html, RSS/Atom, JSONL, Parquet, .gz.")],
    out_dir: Annotated[str | None, typer.Option(
        "--out", "-o", help="Output directory: svodka/1 JSONL shards, errors.jsonl and a "
                            "resume record.")] = None,
    db: Annotated[str | None, typer.Option(
        "--db", help="Archive instead of --out: file path, sqlite:///path or "
                     "postgresql://...")] = None,
    workers: Annotated[int | None, typer.Option(
        "--workers", "-w", help="Worker processes or Ray actors (default: the CPU count).")] = None,
    engine: Annotated[EngineName, typer.Option(help="local process pool or Ray.")] = (
        EngineName.local),
    ray_address: Annotated[str | None, typer.Option(
        "--ray-address", help="Ray cluster to join (e.g. ray://head:10001 or auto); "
                              "default: a local Ray.")] = None,
    chunk: Annotated[int, typer.Option(help="Documents sent to a worker at a time.")] = 8,
    timeout: Annotated[float, typer.Option(
        help="Seconds allowed per document (0: no limit); a stuck worker is replaced.")] = 120.0,
    memory_mb: Annotated[float, typer.Option(
        "--memory-mb", help="Resident memory allowed per worker (0: no limit); a worker "
                            "over it is replaced.")] = 2048.0,
    fmt: Annotated[OutputFormat, typer.Option(
        "--format", help="Output files for --out: jsonl or parquet.")] = OutputFormat.jsonl,
    shard_size: Annotated[int, typer.Option(help="Documents per JSONL shard.")] = 10_000,
    commit_every: Annotated[int, typer.Option(
        help="Commit after this many documents (and at least every 2 s).")] = 256,
    url_timeout: Annotated[float, typer.Option(help="Seconds per URL read.")] = 20.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Analyse many documents in parallel (resumable: re-run the same command after a crash)."""
    from svodka.batch import BatchError, run_batch, sink_for

    if workers is not None and workers < 1:
        _fail("--workers must be at least 1", 2)
    if chunk < 1:
        _fail("--chunk must be at least 1", 2)
    if (out_dir is None) == (db is None):
        _fail("give exactly one of --out DIR and --db URL", 2)
    if ray_address and engine is not EngineName.ray:
        _fail("--ray-address needs --engine ray", 2)
    try:
        sink = sink_for(out_dir, db, fmt=fmt.value, shard_size=shard_size)
        runner = _engine(engine, workers, ray_address, chunk, timeout, memory_mb)
        summary = run_batch(paths, sink, runner, url_timeout=url_timeout, console=err,
                            progress=not quiet and not as_json,
                            commit_every=max(1, commit_every))
    except (BatchError, SvodkaError) as exc:
        _fail(str(exc), 1)
    data = summary.to_dict()
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        _print_summary(data)
    if summary.interrupted:
        err.print("svodka: interrupted; finished documents are kept — run the same command "
                  "again to resume")
        raise typer.Exit(130)
    if summary.failed and summary.analysed + summary.skipped + summary.duplicates == 0:
        raise typer.Exit(1)


def _engine(name: EngineName, workers: int | None, address: str | None, chunk: int,
            timeout: float, memory_mb: float) -> Any:
    if name is EngineName.ray:
        from svodka.batch.ray_engine import RayEngine

        return RayEngine(workers, address=address, chunk=chunk, timeout=timeout)
    from svodka.batch import LocalEngine

    return LocalEngine(workers or os.cpu_count(), chunk=chunk, timeout=timeout,
                       memory_mb=memory_mb)


def _print_summary(d: dict[str, Any]) -> None:
    out.print(f"[bold]analysed[/bold] {d['analysed']}  [bold]failed[/bold] {d['failed']}  "
              f"[bold]skipped[/bold] {d['skipped']} (done before)  "
              f"[bold]duplicates[/bold] {d['duplicates']}")
    out.print(f"{d['engine']} engine, {d['workers']} worker(s): {d['seconds']} s, "
              f"{d['docs_per_second']} docs/s, {d['ms_per_document']} ms/document in a worker, "
              f"peak worker RSS {d['peak_worker_rss_mb']} MB, "
              f"workers replaced {d['workers_replaced']}")
    for f in d["failures"][:5]:
        out.print(f"  failed: {f['origin']}: {f['reason']}", markup=False)
    if d["failed"] > 5:
        out.print(f"  … {d['failed'] - 5} more failures (see errors.jsonl or the archive's "
                  "errors)", markup=False)
    out.print(f"output: {d['output']}", markup=False)


def _fail(message: str, code: int = 1) -> None:
    err.print(f"svodka: error: {message}", markup=False)
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    """Add `svodka batch` to the `svodka` app."""
    app.command()(batch)
