"""Fetching http(s) inputs with httpx: a timeout, a size cap, redirects followed."""

from __future__ import annotations

import time
from dataclasses import dataclass

from svodka import __version__
from svodka.errors import InputError
from svodka.ingest.decode import MAX_BYTES

USER_AGENT = f"svodka/{__version__} (+https://github.com/svodka/svodka)"


@dataclass
class Fetched:
    url: str  # after redirects
    data: bytes
    kind: str | None  # feed | html | jsonl | text | None (sniff the bytes)


def _kind(content_type: str) -> str | None:
    ct = content_type.split(";")[0].strip().lower()
    if ct in ("application/rss+xml", "application/atom+xml", "application/rdf+xml"):
        return "feed"
    if ct in ("text/html", "application/xhtml+xml"):
        return "html"
    if ct in ("application/x-ndjson", "application/jsonl", "application/x-jsonlines"):
        return "jsonl"
    if ct == "text/plain":
        return "text"
    return None  # text/xml, application/xml, application/octet-stream...: sniff


def fetch(url: str, *, timeout: float = 20.0, max_bytes: int = MAX_BYTES) -> Fetched:
    """GET ``url``; raise InputError (one line) on HTTP errors, timeouts and oversize.

    ``timeout`` bounds connecting and each read; the whole download gets 3 x ``timeout``.
    """
    import httpx

    deadline = time.monotonic() + 3 * timeout
    try:
        with httpx.Client(timeout=timeout, follow_redirects=True, max_redirects=5,
                          headers={"User-Agent": USER_AGENT}) as client, \
                client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise InputError(f"HTTP {response.status_code} {response.reason_phrase}")
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise InputError(f"too large ({int(declared):,} bytes, limit {max_bytes:,})")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                if time.monotonic() > deadline:  # a server dripping bytes: total time cap
                    raise httpx.ReadTimeout("total time exceeded")
                size += len(chunk)
                if size > max_bytes:
                    raise InputError(f"too large (more than {max_bytes:,} bytes)")
                chunks.append(chunk)
            return Fetched(str(response.url), b"".join(chunks),
                           _kind(response.headers.get("content-type", "")))
    except httpx.TimeoutException:
        raise InputError(f"timed out after {timeout:g} s") from None
    except httpx.TooManyRedirects:
        raise InputError("too many redirects") from None
    except httpx.HTTPError as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"cannot fetch: {detail}") from None
