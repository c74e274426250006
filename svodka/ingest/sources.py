"""Readers for everything ``svodka ingest`` accepts: text files (UTF-8, cp1251, koi8-r),
HTML pages, RSS/Atom feeds, JSON Lines, Parquet tables of {text, title, url, published,
source, id}, directories (recursive), .gz files and http(s) URLs.

``expand(paths)`` turns the user's arguments into input sources (files and URLs);
``read_source(source)`` yields one ``InputItem`` per article or an ``InputFailure`` with a
one-line reason — a bad input never stops the others.
"""

from __future__ import annotations

import email.utils
import gzip
import io
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from svodka.errors import InputError
from svodka.ingest.decode import MAX_BYTES, check_russian, decode_bytes

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
FEED_SUFFIXES = {".xml", ".rss", ".atom", ".feed"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
PARQUET_SUFFIXES = {".parquet"}
KNOWN_SUFFIXES = (TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | JSONL_SUFFIXES
                  | PARQUET_SUFFIXES | {".gz"})
MAX_LINE_BYTES = MAX_BYTES


@dataclass
class InputItem:
    """One article to analyse, with the metadata its container gave."""

    text: str
    origin: str  # file path, "path:line", "feed#3", URL
    title: str | None = None
    url: str | None = None
    published: str | None = None
    source: str | None = None
    id: str | None = None


@dataclass
class InputFailure:
    origin: str
    reason: str


@dataclass(frozen=True)
class Source:
    """A file or an http(s) URL to read (directories are expanded into files)."""

    location: str
    is_url: bool = False
    explicit: bool = True  # named by the user (not found while walking a directory)


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def expand(paths: list[str]) -> tuple[list[Source], list[InputFailure]]:
    """Files and URLs to read, in order; directories walked recursively (sorted, hidden
    entries and unknown file types skipped)."""
    sources: list[Source] = []
    failures: list[InputFailure] = []
    for raw in paths:
        if is_url(raw):
            sources.append(Source(raw, is_url=True))
            continue
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p)
                if any(part.startswith(".") for part in rel.parts) or not f.is_file():
                    continue
                if _suffix(f.name) in KNOWN_SUFFIXES:
                    sources.append(Source(str(f), explicit=False))
        elif p.is_file():
            sources.append(Source(str(p)))
        elif p.exists():
            failures.append(InputFailure(raw, "not a regular file"))
        else:
            failures.append(InputFailure(raw, "no such file or directory"))
    return sources, failures


def _suffix(name: str) -> str:
    return Path(name.lower()).suffix


def _reason(exc: Exception, origin: str) -> str:
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    prefix = f"{origin}: "
    return message[len(prefix):] if message.startswith(prefix) else message


def read_source(source: Source, *, timeout: float = 20.0, max_bytes: int = MAX_BYTES
                ) -> Iterator[InputItem | InputFailure]:
    """The articles in one source; failures are yielded, never raised."""
    try:
        if source.is_url:
            from svodka.ingest.fetch import fetch

            fetched = fetch(source.location, timeout=timeout, max_bytes=max_bytes)
            yield from _dispatch(fetched.data, source.location, kind=fetched.kind,
                                 url=fetched.url)
        else:
            yield from _read_file(Path(source.location), max_bytes)
    except (InputError, OSError, ValueError) as exc:
        yield InputFailure(source.location, _reason(exc, source.location))


def _read_file(path: Path, max_bytes: int) -> Iterator[InputItem | InputFailure]:
    origin = str(path)
    suffix = _suffix(path.name)
    if suffix in JSONL_SUFFIXES:
        with path.open("rb") as fh:
            yield from read_jsonl(fh, origin)
        return
    if suffix in PARQUET_SUFFIXES:
        yield from read_parquet(path)
        return
    if suffix == ".gz":
        inner = path.name[:-3]
        inner_suffix = _suffix(inner)
        if inner_suffix in JSONL_SUFFIXES:
            with gzip.open(path, "rb") as fh:
                yield from read_jsonl(fh, origin)
            return
        data = _gunzip(path, max_bytes)
        yield from _dispatch(data, origin, kind=_kind_of_suffix(inner_suffix), base=path)
        return
    if path.stat().st_size > max_bytes:
        raise InputError(f"too large ({path.stat().st_size:,} bytes, limit {max_bytes:,})")
    yield from _dispatch(path.read_bytes(), origin, kind=_kind_of_suffix(suffix), base=path)


def _gunzip(path: Path, max_bytes: int) -> bytes:
    try:
        with gzip.open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except (gzip.BadGzipFile, EOFError, OSError) as exc:
        raise InputError(f"not a valid gzip file ({exc})") from None
    if len(data) > max_bytes:
        raise InputError(f"decompresses to more than {max_bytes:,} bytes")
    return data


def _kind_of_suffix(suffix: str) -> str | None:
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in FEED_SUFFIXES:
        return "feed"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    return None


_FEED_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(rss|feed|rdf:RDF)\b",
                         re.S | re.I)


def sniff(data: bytes) -> str:
    """Guess the kind of an input from its first bytes: feed, html, jsonl or text."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if _FEED_START.match(head):
        return "feed"
    stripped = head.lstrip()
    if stripped.startswith(b"<"):
        return "html"
    if stripped.startswith(b"{"):
        return "jsonl"
    return "text"


def _dispatch(data: bytes, origin: str, *, kind: str | None, url: str | None = None,
              base: Path | None = None) -> Iterator[InputItem | InputFailure]:
    kind = kind or sniff(data)
    if kind == "feed":
        yield from read_feed(data, origin, base=base, feed_url=url)
    elif kind == "html":
        yield _checked(read_html(data, origin, url=url))
    elif kind == "jsonl":
        yield from read_jsonl(io.BytesIO(data), origin)
    else:
        yield _checked(read_text(data, origin))


def _checked(item: InputItem) -> InputItem | InputFailure:
    """The item with NUL characters removed, if its text is Russian; else a failure."""
    for name in ("text", "title", "url", "source", "id"):
        value = getattr(item, name)
        if value and "\x00" in value:
            setattr(item, name, value.replace("\x00", ""))
    try:
        check_russian(item.text, item.origin)
    except InputError as exc:
        return InputFailure(item.origin, _reason(exc, item.origin))
    return item


# -- text ---------------------------------------------------------------------------------

def read_text(data: bytes, origin: str) -> InputItem:
    decoded = decode_bytes(data, origin)
    return InputItem(text=decoded.text, origin=origin)


# -- HTML ---------------------------------------------------------------------------------

def read_html(data: bytes | str, origin: str, *, url: str | None = None) -> InputItem:
    """Main text and metadata (title, date, site, url) of a web page, by trafilatura."""
    import trafilatura

    html = data if isinstance(data, str) else decode_bytes(data, origin).text
    if not html.strip():
        raise InputError("empty page")
    try:
        result: Any = trafilatura.bare_extraction(html, url=url, with_metadata=True,
                                                  include_comments=False, include_tables=False)
    except Exception as exc:  # noqa: BLE001 - trafilatura raises many kinds on bad markup
        raise InputError(f"cannot extract text from the page ({type(exc).__name__})") from None
    if result is None:
        raise InputError("no article text found in the page")
    meta = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = (meta.get("text") or "").strip()
    if not text:
        raise InputError("no article text found in the page")
    page_url = meta.get("url") or url
    site = meta.get("sitename") or meta.get("hostname")
    if not site and page_url:
        site = urlparse(page_url).hostname
    return InputItem(text=text, origin=origin, title=meta.get("title") or None,
                     url=page_url if page_url and is_url(page_url) else url,
                     published=parse_date(meta.get("date")), source=site or None)


_BLOCK_TAGS = re.compile(r"(?i)<\s*(br|/p|/div|/li|/h[1-6]|/blockquote|/tr|p|div|li|h[1-6])\b")


def html_fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed item's content), paragraphs kept."""
    import lxml.html

    if "<" not in fragment:
        import html as html_lib

        return html_lib.unescape(fragment).strip()
    marked = _BLOCK_TAGS.sub(lambda m: "\n" + m.group(0), fragment)
    try:
        root = lxml.html.fragment_fromstring(marked, create_parent="div")
    except Exception:  # noqa: BLE001 - lxml refuses some junk; fall back to tag stripping
        return re.sub(r"<[^>]*>", " ", fragment).strip()
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    text = root.text_content()
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line).strip()


# -- feeds --------------------------------------------------------------------------------

def read_feed(data: bytes, origin: str, *, base: Path | None = None,
              feed_url: str | None = None) -> Iterator[InputItem | InputFailure]:
    """Each item of an RSS/Atom feed: its linked page when that page is a local file
    (file:// or a path relative to the feed), else the item's own content or summary."""
    import feedparser

    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            exc = parsed.get("bozo_exception")
            detail = str(exc).strip().splitlines()[0] if exc and str(exc).strip() else "bad XML"
            raise InputError(f"not a valid RSS/Atom feed ({detail})")
        if parsed.get("version") or parsed.get("feed"):
            return  # a valid feed with no items
        raise InputError("not an RSS/Atom feed")
    feed = parsed.get("feed") or {}
    feed_link = feed.get("link") or feed_url
    outlet = feed.get("title") or (urlparse(feed_link).hostname if feed_link else None)
    for n, entry in enumerate(entries, 1):
        item_origin = f"{origin}#{n}"
        try:
            yield _checked(_feed_item(entry, item_origin, base, outlet))
        except (InputError, OSError, ValueError) as exc:
            yield InputFailure(item_origin, _reason(exc, item_origin))


def _feed_item(entry: Any, origin: str, base: Path | None, outlet: str | None) -> InputItem:
    link = entry.get("link")
    title = entry.get("title") or None
    published = _entry_date(entry)
    page = _local_page(link, base)
    if page is not None:
        item = read_html(page.read_bytes(), origin, url=link if is_url(link or "") else None)
        return InputItem(text=item.text, origin=origin, title=title or item.title,
                         url=item.url or (link if is_url(link or "") else None),
                         published=published or item.published,
                         source=item.source or outlet)
    content = ""
    for c in entry.get("content") or []:
        if c.get("value"):
            content = c["value"]
            break
    content = content or entry.get("summary") or entry.get("description") or ""
    text = html_fragment_text(content)
    if not text:
        raise InputError("feed item has no text (no content, summary or local page)")
    return InputItem(text=text, origin=origin, title=title,
                     url=link if link and is_url(link) else None, published=published,
                     source=outlet)


def _local_page(link: str | None, base: Path | None) -> Path | None:
    if not link:
        return None
    if link.startswith("file://"):
        p = Path(unquote(urlparse(link).path))
    elif base is not None and "://" not in link:
        p = (base.parent / unquote(link)).resolve()
    else:
        return None
    return p if p.is_file() else None


def _entry_date(entry: Any) -> str | None:
    """The item's date as written (keeping its UTC offset), else feedparser's UTC reading."""
    for key in ("published", "updated", "created"):
        found = parse_date(entry.get(key))
        if found:
            return found
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", value)
            except (TypeError, ValueError):
                continue
    return None


def parse_date(value: Any) -> str | None:
    """An ISO date from metadata (ISO 8601 or RFC 2822); None when it cannot be read."""
    from svodka.pipeline import normalize_published

    if value is None or value == "":
        return None
    text = str(value).strip()
    try:
        return normalize_published(text)
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    m = re.match(r"^(\d{4}-\d{2}-\d{2})", text)
    if m:
        try:
            return normalize_published(m.group(1))
        except ValueError:
            return None
    return None


# -- JSON Lines ---------------------------------------------------------------------------

JSONL_FIELDS = ("text", "title", "url", "published", "source", "id")


def read_jsonl(stream: Any, origin: str) -> Iterator[InputItem | InputFailure]:
    """One article per line: {"text", "title", "url", "published", "source"} ("id" too)."""
    for n, raw in enumerate(stream, 1):
        line_origin = f"{origin}:{n}"
        if not raw.strip():
            continue
        if len(raw) > MAX_LINE_BYTES:
            yield InputFailure(line_origin, f"line too long ({len(raw):,} bytes)")
            continue
        try:
            yield _jsonl_item(raw, line_origin)
        except (InputError, ValueError) as exc:
            yield InputFailure(line_origin, _reason(exc, line_origin))


def _jsonl_item(raw: bytes, origin: str) -> InputItem | InputFailure:
    try:
        data = json.loads(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
    except UnicodeDecodeError:
        raise InputError("line is not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise InputError(f"expected a JSON object, got {type(data).__name__}")
    return item_from_row(data, origin)


def item_from_row(data: dict[str, Any], origin: str) -> InputItem | InputFailure:
    """An article from a mapping {"text", "title", "url", "published", "source", "id"}."""
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError('no "text" (a non-empty string) in the object')
    for key in ("title", "url", "published", "source", "id"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(f'"{key}" must be a string or null')
    published = data.get("published")
    parsed = parse_date(published)
    if published and parsed is None:
        raise InputError(f'"published" is not a date: {published!r}')
    return _checked(InputItem(text=text, origin=origin, title=data.get("title") or None,
                              url=data.get("url") or None, published=parsed,
                              source=data.get("source") or None, id=data.get("id") or None))


# -- Parquet ------------------------------------------------------------------------------

PARQUET_BATCH_ROWS = 1024


def read_parquet(path: Path) -> Iterator[InputItem | InputFailure]:
    """One article per row of a Parquet table with a "text" column (and optionally title,
    url, published, source, id), read in record batches so a large table is streamed."""
    import datetime as dt

    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(path)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several kinds on bad files
        raise InputError(f"not a readable Parquet file ({type(exc).__name__})") from None
    names = set(table.schema_arrow.names)
    if "text" not in names:
        raise InputError('no "text" column in the Parquet table')
    columns = [c for c in JSONL_FIELDS if c in names]
    row = 0
    for batch in table.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=columns):
        for data in batch.to_pylist():
            row += 1
            origin = f"{path}:{row}"
            published = data.get("published")
            if isinstance(published, dt.date):  # date and timestamp columns
                data["published"] = published.isoformat()
            try:
                yield item_from_row(data, origin)
            except (InputError, ValueError) as exc:
                yield InputFailure(origin, _reason(exc, origin))
