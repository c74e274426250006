"""What a batch reads: the inputs ``svodka ingest`` accepts (text, HTML, feeds, JSONL, .gz,
directories, URLs) and Parquet tables, as a stream of tasks for the engines.

Reading happens in the coordinating process; only analysis is spread over workers. The
number of documents is estimated cheaply up front (lines of a JSONL file, rows of a Parquet
table, items of a feed) so the progress bar can show an ETA without reading everything twice.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from svodka.ingest.decode import MAX_BYTES
from svodka.ingest.sources import (
    FEED_SUFFIXES,
    JSONL_SUFFIXES,
    PARQUET_SUFFIXES,
    InputFailure,
    InputItem,
    Source,
    expand,
    read_source,
)


@dataclass
class Task:
    """One document to analyse. ``index`` numbers the tasks of a run densely, in input
    order, so results can be written in that order whatever worker finishes first."""

    index: int
    item: InputItem
    content_hash: str
    replace_key: int | None = None  # archive key of an older analysis of the same text


def read_inputs(sources: list[Source], *, timeout: float = 20.0,
                max_bytes: int = MAX_BYTES) -> Iterator[InputItem | InputFailure]:
    """Every article (or recorded failure) of the sources, in order; never raises."""
    for src in sources:
        yield from read_source(src, timeout=timeout, max_bytes=max_bytes)


def open_inputs(paths: list[str]) -> tuple[list[Source], list[InputFailure]]:
    """The sources named by the user (directories walked) and the arguments that failed."""
    return expand(list(paths))


_FEED_ITEM = re.compile(rb"<(item|entry)[\s>]")


def estimate_documents(sources: list[Source]) -> int:
    """A cheap estimate of the number of documents in ``sources`` (for the ETA only)."""
    total = 0
    for src in sources:
        try:
            total += _estimate(src)
        except (OSError, EOFError, ValueError):
            total += 1
    return total


def _estimate(src: Source) -> int:
    if src.is_url:
        return 1
    path = Path(src.location)
    name = path.name.lower()
    suffix = Path(name[:-3] if name.endswith(".gz") else name).suffix
    if suffix in PARQUET_SUFFIXES:
        import pyarrow.parquet as pq

        try:
            return int(pq.ParquetFile(path).metadata.num_rows)
        except Exception:  # noqa: BLE001 - a broken file is reported when it is read
            return 1
    if suffix in JSONL_SUFFIXES or suffix in FEED_SUFFIXES:
        opener = gzip.open if name.endswith(".gz") else open
        count = 0
        with opener(path, "rb") as fh:
            while block := fh.read(1 << 20):
                if suffix in JSONL_SUFFIXES:
                    count += block.count(b"\n")
                else:  # an item tag cut by the block boundary is missed: an estimate
                    count += len(_FEED_ITEM.findall(block))
        return max(count, 1)
    return 1
