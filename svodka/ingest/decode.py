"""Decode bytes of a Russian text: UTF-8, cp1251 or koi8-r, with checks for bad input."""

from __future__ import annotations

import re
from dataclasses import dataclass

from svodka.errors import InputError

MAX_BYTES = 20_000_000
_CYR = re.compile(r"[А-Яа-яЁё]")
_LOWER_CYR = re.compile(r"[а-яё]")


@dataclass
class Decoded:
    text: str
    encoding: str


def _lowercase_share(text: str) -> float:
    cyr = _CYR.findall(text)
    if not cyr:
        return 0.0
    return len(_LOWER_CYR.findall(text)) / len(cyr)


def decode_bytes(data: bytes, name: str = "input") -> Decoded:
    """Decode ``data``; raise InputError with a one-line reason when it is not usable text."""
    if not data.strip():
        raise InputError(f"{name}: empty input")
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: too large ({len(data):,} bytes, limit {MAX_BYTES:,})")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    sample = data[:65536]
    if b"\x00" in sample or _control_share(sample) > 0.05:
        raise InputError(f"{name}: binary data, not text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    # Single-byte Russian encodings: KOI8-R lowercase letters are cp1251 uppercase ones,
    # so the reading with mostly lowercase Cyrillic is the right one.
    readings = []
    for enc in ("cp1251", "koi8-r"):
        try:
            readings.append((_lowercase_share(data.decode(enc)), enc))
        except UnicodeDecodeError:
            continue
    if not readings:
        raise InputError(f"{name}: cannot decode (not UTF-8, cp1251 or koi8-r)")
    share, enc = max(readings)
    if share < 0.5:
        raise InputError(f"{name}: cannot decode (not UTF-8, cp1251 or koi8-r)")
    return Decoded(data.decode(enc), enc)


def _control_share(sample: bytes) -> float:
    if not sample:
        return 0.0
    bad = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bad / len(sample)


def check_russian(text: str, name: str = "input", min_share: float = 0.3) -> None:
    """Raise InputError unless Cyrillic makes up a fair share of the letters."""
    sample = text[:200_000]
    cyr = len(_CYR.findall(sample))
    letters = sum(1 for c in sample if c.isalpha())
    if cyr == 0 or cyr / max(letters, 1) < min_share:
        raise InputError(f"{name}: not Russian text (Cyrillic is {cyr / max(letters, 1):.0%} "
                         f"of the letters)")
