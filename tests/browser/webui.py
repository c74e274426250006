"""Helpers of the browser tests: where Chromium is, a hostile document, a recording page."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
XSS = "<script>window.__xss = 1</script>"
HOSTILE_ID = "browser-hostile"


def chromium_path() -> str | None:
    for candidate in (os.environ.get("SVODKA_CHROMIUM"), "/usr/bin/chromium",
                      shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def hostile() -> Any:
    from svodka.doc import Document, Entity, Mention, Sentence

    text = f"Министр {XSS} заявил о <img src=x onerror=\"window.__xss=2\"> провокации."
    doc = Document(text=text, id=HOSTILE_ID, title=f"Заголовок {XSS}",
                   url="javascript:window.__xss=3")
    doc.sentences = [Sentence(0, len(text))]
    doc.entities = [Entity("e1", "PER", '<img src=x onerror="window.__xss=4">Министр',
                           mentions=[Mention(0, 7, "Министр", "role")])]
    return doc


class Page:
    """A Playwright page that records console errors and dialogs."""

    def __init__(self, page: Any, base: str) -> None:
        self.page = page
        self.base = base
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def goto(self, path: str) -> Any:
        return self.page.goto(self.base + path)
