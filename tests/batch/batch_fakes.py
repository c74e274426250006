"""Stand-in analysers for the batch engine tests: they run in spawned worker processes (this
module is imported there by name), are quick, and misbehave on a marker word in the text so
that the engine's guards can be exercised: hang, grow past the memory limit, die, raise."""

from __future__ import annotations

import os
import time

from svodka.doc import Document
from svodka.ingest.sources import InputItem

HANG = "ЗАВИСАНИЕ"
BLOAT = "РАЗДУТИЕ"
CRASH = "ПАДЕНИЕ"
RAISE = "ИСКЛЮЧЕНИЕ"

_ballast: list[bytearray] = []


def quick(item: InputItem) -> Document:
    """A Document with no analysis, after a short pause, or misbehave on a marker."""
    if HANG in item.text:
        time.sleep(3600)
    if BLOAT in item.text:
        _ballast.append(bytearray(700 * 2**20))  # touched pages: resident memory
        for i in range(0, len(_ballast[-1]), 4096):
            _ballast[-1][i] = 1
        time.sleep(3600)
    if CRASH in item.text:
        os._exit(3)
    if RAISE in item.text:
        raise RuntimeError("сломалось\nвторая строка")
    time.sleep(float(os.environ.get("SVODKA_TEST_PAUSE", "0.01")))
    return Document(text=item.text, id=item.id or "", source=item.source)


def crash_on_start(item: InputItem) -> Document:
    """An analyser that cannot even load (its worker reports itself broken)."""
    raise RuntimeError("модели не найдены")
