"""Quotation marks and paragraphs: the text-level half of quote finding.

``find_marks`` pairs «…», „…“, “…”, "…" (straight quotes are resolved by the characters
around them) across a whole article, following Russian typographic conventions:

- a quotation that runs over several paragraphs leaves each paragraph open and re-opens
  the next one with the same mark; only the last paragraph closes it;
- a straight-quoted utterance that ends with a nested straight quote closes both with one
  mark when the attribution dash follows (``"… "Мам, я этого не делал!" - цитирует``);
- a mark left open at the end of a paragraph that does not continue is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DASHES = frozenset("-–—")
_AFTER_DASH = re.compile(r"[,.!?…]?\s*[-–—]\s")
_OPEN_CONTEXT = set("([{«„“-–—:/") | {"\n"}
_CLOSE_FOLLOW = set(".,;:!?)]}»”…-–—\"'")


@dataclass(slots=True)
class Mark:
    """One pair of quotation marks: ``open``/``close`` are the offsets of the marks."""

    open: int
    close: int
    depth: int  # 0 = not inside another quotation

    @property
    def start(self) -> int:  # content start
        return self.open + 1

    @property
    def end(self) -> int:  # content end (exclusive)
        return self.close


def _can_open(text: str, i: int) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return (prev.isspace() or prev in _OPEN_CONTEXT) and not nxt.isspace()


def _can_close(text: str, i: int) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return not prev.isspace() and (nxt.isspace() or nxt in _CLOSE_FOLLOW)


def find_marks(text: str) -> list[Mark]:
    """All paired quotations of ``text``, ordered by opening offset."""
    out: list[Mark] = []
    stack: list[tuple[str, int]] = []
    n = len(text)
    i = 0

    def close_at(k: int, pos: int) -> None:
        opener = stack[k]
        del stack[k:]
        out.append(Mark(opener[1], pos, k))

    while i < n:
        c = text[i]
        if c == "\n":
            if stack:
                j = i
                while j < n and text[j].isspace():
                    j += 1
                if j < n and text[j] == stack[0][0] and text[j] in "«„“\"":
                    i = j + 1  # the quotation goes on in the next paragraph
                    continue
                stack.clear()
            i += 1
            continue
        if c in "«„":
            stack.append((c, i))
        elif c == "»":
            k = _find(stack, "«")
            if k >= 0:
                close_at(k, i)
        elif c == "”":
            k = _find(stack, "“„\"")
            if k >= 0:
                close_at(k, i)
        elif c == "“":
            k = _find(stack, "„")
            if stack and stack[-1][0] == "„":
                close_at(len(stack) - 1, i)
            elif _can_close(text, i) and _find(stack, "“") >= 0:
                close_at(_find(stack, "“"), i)
            elif _can_open(text, i):
                stack.append((c, i))
            elif k >= 0:
                close_at(k, i)
        elif c == '"':
            k = _find(stack, '"')
            if k >= 0 and _can_close(text, i):
                close_at(k, i)
                # one mark may end an utterance and the quotation nested at its end
                if stack and stack[-1][0] == '"' and _AFTER_DASH.match(text, i + 1):
                    while stack and stack[-1][0] == '"':
                        close_at(len(stack) - 1, i)
            elif _can_open(text, i):
                stack.append((c, i))
            elif k >= 0:
                close_at(k, i)
        i += 1
    out.sort(key=lambda m: (m.open, -m.close))
    return out


def _find(stack: list[tuple[str, int]], chars: str) -> int:
    for k in range(len(stack) - 1, -1, -1):
        if stack[k][0] in chars:
            return k
    return -1


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line, without surrounding spaces."""
    out = []
    pos = 0
    for line in text.split("\n"):
        s = pos + (len(line) - len(line.lstrip()))
        e = pos + len(line.rstrip())
        if e > s:
            out.append((s, e))
        pos += len(line) + 1
    return out


def starts_with_dash(text: str, start: int, end: int) -> int | None:
    """Offset of the utterance after a paragraph-opening dash ("- Ведут бои ..."), else None."""
    if start < end and text[start] in DASHES and start + 1 < end and text[start + 1] == " ":
        k = start + 1
        while k < end and text[k] == " ":
            k += 1
        return k if k < end else None
    return None
