"""Text preparation: an internal, normalised copy of the input with an offset map back.

svodka never rewrites the input. The analysed copy is NFC, has ``\\n`` line breaks, single
spaces, no soft hyphens or zero-width characters, and leaves out lines that are not part of
the article (photo credits, bylines of pictures, "share" lines). Every character of the
copy remembers the span of input characters it came from, so any span found in the copy
maps back to exact input offsets.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass

_DROP = {"\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
_SPACE = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")

# Lines that credit a picture or point elsewhere: kept out of the analysis.
_CREDIT_PREFIX = re.compile(
    r"^\s*(?:фото|фотография|photo|источник\s+фото|иллюстрация|видео|скриншот|кадр\s+из\s+видео|"
    r"изображение|коллаж|инфографика|карта|credit|фотограф|автор\s+фото|©|\(c\))\b"
    r"\s*(?:[:\-–—/|©]|$|\w+\s*[/|:])",
    re.IGNORECASE,
)
_DOMAIN_LINE = re.compile(
    r"^\s*(?:https?://)?(?:[\w-]+\.)+[a-zа-я]{2,}(?:[/\\][^\s]*)?"
    r"(?:\s*[/\\|]\s*(?:[\w-]+\.)*[\w-]+(?:[/\\][^\s]*)?)*\s*$",
    re.IGNORECASE,
)
_SHARE_LINE = re.compile(
    r"^\s*(?:поделиться|подписывайтесь|читайте\s+также|читайте\s+нас|смотрите\s+также|"
    r"реклама)\b.{0,80}$",
    re.IGNORECASE,
)


@dataclass
class Prepared:
    """The analysed copy ``text`` and, per character, the input span it came from."""

    source: str
    text: str
    starts: array  # type: ignore[type-arg]
    ends: array  # type: ignore[type-arg]
    identity: bool
    set_aside: list[tuple[int, int, str]]  # input spans left out, with a reason

    def to_input(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the analysed copy to the input text (end exclusive)."""
        if self.identity:
            return start, end
        n = len(self.text)
        if n == 0:
            return 0, 0
        if end <= start:
            pos = self.starts[start] if start < n else len(self.source)
            return pos, pos
        return self.starts[start], self.ends[min(end, n) - 1]


def _is_credit(line: str) -> str | None:
    stripped = line.strip()
    if not stripped or len(stripped) > 160:
        return None
    if _DOMAIN_LINE.match(stripped):
        return "link or credit line"
    if _CREDIT_PREFIX.match(stripped) and len(stripped) < 120:
        return "photo credit"
    if _SHARE_LINE.match(stripped):
        return "navigation line"
    return None


def find_set_aside(text: str) -> list[tuple[int, int, str]]:
    """Input spans of whole lines that are not article text."""
    out = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        reason = _is_credit(body)
        if reason:
            lead = len(body) - len(body.lstrip())
            out.append((pos + lead, pos + len(body.rstrip()), reason))
        pos += len(line)
    return out


def prepare(text: str) -> Prepared:
    set_aside = find_set_aside(text)
    out: list[str] = []
    starts = array("i")
    ends = array("i")
    skip = iter(set_aside)
    next_skip = next(skip, None)
    i, n = 0, len(text)
    while i < n:
        if next_skip is not None and i >= next_skip[0]:
            i = max(i, next_skip[1])
            next_skip = next(skip, None)
            continue
        ch = text[i]
        j = i + 1
        if ch == "\r":
            if j < n and text[j] == "\n":
                j += 1
            ch = "\n"
        elif ch in _DROP:
            i = j
            continue
        elif _SPACE.match(ch):
            ch = " "
            if out and out[-1] == " ":
                ends[-1] = j  # the collapsed run maps to one space
                i = j
                continue
        else:
            # keep a base character with its combining marks together for NFC
            while j < n and unicodedata.combining(text[j]):
                j += 1
            if j - i > 1:
                ch = unicodedata.normalize("NFC", text[i:j])
            if unicodedata.combining(text[i]) and out:
                # marks cut off from their base by a dropped character (soft hyphen)
                merged = unicodedata.normalize("NFC", out[-1] + ch)
                if merged != out[-1] + ch:  # the base took (some of) them
                    out[-1] = merged[0]
                    ends[-1] = j
                    for c in merged[1:]:  # marks left over stay marks of this span
                        out.append(c)
                        starts.append(i)
                        ends.append(j)
                    i = j
                    continue
        for c in ch:
            out.append(c)
            starts.append(i)
            ends.append(j)
        i = j
    prepared = "".join(out)
    identity = prepared == text
    return Prepared(text, prepared, starts, ends, identity, set_aside)


def guess_title(text: str) -> tuple[int, int] | None:
    """The first line when it reads as a headline: short, no final period, text follows."""
    stripped = text.lstrip()
    lead = len(text) - len(stripped)
    nl = stripped.find("\n")
    if nl <= 0:
        return None
    line = stripped[:nl].rstrip()
    rest = stripped[nl:].strip()
    if not rest or len(line) > 250 or len(line.split()) < 2:
        return None
    if line.endswith((".", ":", ";", ",")) and not line.endswith("..."):
        return None
    return lead, lead + len(line)
