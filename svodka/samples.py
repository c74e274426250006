"""The sample articles bundled with svodka (for `svodka demo` and the tests)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class Sample:
    file: str
    name: str
    text: str
    source: str | None
    url: str | None
    published: str | None
    license: str


def load_samples() -> list[Sample]:
    root = resources.files("svodka") / "data" / "samples"
    manifest = json.loads((root / "samples.json").read_text(encoding="utf-8"))
    return [Sample(file=m["file"], name=m["name"],
                   text=(root / m["file"]).read_text(encoding="utf-8"), source=m["source"],
                   url=m["url"], published=m["published"], license=m["license"])
            for m in manifest]
