"""The web server's guards: request size limit, Host and Origin checks, security headers,
and the write token.

* Bound to a loopback address (the default) the server answers only to Host names of the
  loopback (a web page elsewhere cannot reach it by DNS rebinding), and writes need no
  token unless one was given.
* Bound to anything else, writes need the token (``Authorization: Bearer TOKEN`` or
  ``X-Svodka-Token``); without a token writes are refused.
* Requests that change something (POST, ...) from a page of another origin are refused, so a
  web page cannot make a browser post to the archive.
* Every response forbids framing and inline scripts (Content-Security-Policy); pages load
  only svodka's own static files.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

DEFAULT_MAX_BODY = 1 << 20  # bytes
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def is_loopback(host: str) -> bool:
    """Whether binding to ``host`` keeps the server on this machine."""
    host = host.strip().strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def host_name(value: str) -> str:
    """The host part of a Host header ("127.0.0.1:8000" -> "127.0.0.1", "[::1]:80" -> "::1")."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def token_ok(expected: str | None, headers: Any) -> bool:
    """Whether the request carries the token (constant-time comparison)."""
    if not expected:
        return True
    given = headers.get("x-svodka-token") or ""
    auth = headers.get("authorization") or ""
    if auth.lower().startswith("bearer "):
        given = auth[7:].strip()
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


class Guard:
    """ASGI middleware: size limit, Host/Origin checks, security headers."""

    def __init__(self, app: ASGIApp, *, max_body: int = DEFAULT_MAX_BODY,
                 allowed_hosts: frozenset[str] | None = None) -> None:
        self.app = app
        self.max_body = max_body
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers", [])}
        host = headers.get("host", "")
        if self.allowed_hosts is not None and host_name(host) not in self.allowed_hosts:
            await _error(send, 400, "unknown Host header: this server answers to "
                         + ", ".join(sorted(self.allowed_hosts)))
            return
        method = scope.get("method", "GET")
        if method not in SAFE_METHODS and _cross_origin(headers, host):
            await _error(send, 403, "cross-origin request refused")
            return
        length = headers.get("content-length")
        if length is not None:
            try:
                too_big = int(length) > self.max_body
            except ValueError:
                await _error(send, 400, "bad Content-Length")
                return
            if too_big:
                await _error(send, 413, f"request body larger than {self.max_body} bytes")
                return
        seen = 0
        started = rejected = False

        async def limited_receive() -> Message:
            # a body streamed without Content-Length is counted; past the limit the client
            # gets 413 at once and the app sees a disconnect (its own answer is dropped)
            nonlocal seen, started, rejected
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    if not started:
                        started = rejected = True
                        await _error(send, 413,
                                     f"request body larger than {self.max_body} bytes")
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if rejected:
                return
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = _with_security_headers(message.get("headers", []))
            await send(message)

        await self.app(scope, limited_receive, guarded_send)


def _cross_origin(headers: dict[str, str], host: str) -> bool:
    """Whether a browser sent this request from a page of another origin. Browsers say so
    in Sec-Fetch-Site (another port of localhost is "same-site": refused too); for those that
    do not, the Origin header must name this server. Clients that are not browsers send
    neither and pass."""
    site = headers.get("sec-fetch-site")
    if site is not None:
        return site not in ("same-origin", "none")
    origin = headers.get("origin")
    if origin is None:
        return False
    return origin == "null" or urlsplit(origin).netloc.lower() != host.lower()


def _with_security_headers(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    have = {k.lower() for k, _ in headers}
    extra = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
             (b"referrer-policy", b"same-origin"),
             (b"cross-origin-opener-policy", b"same-origin"),
             (b"content-security-policy", CSP.encode())]
    return list(headers) + [(k, v) for k, v in extra if k not in have]


async def _error(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": _with_security_headers(
                    [(b"content-type", b"application/json"),
                     (b"content-length", str(len(body)).encode())])})
    await send({"type": "http.response.body", "body": body})
