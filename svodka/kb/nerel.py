"""Reading NEREL brat files: entity mentions with their Wikidata links.

Used by ``scripts/build_kb.py`` (train split: aliases) and ``svodka.kb.eval_linking``
(dev split: measuring linking). Only ``T`` and ``N`` lines are read; stray lines are
skipped, malformed link targets ("Wikidata:MULL", "Wikidata:(Q15180") are normalised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# NEREL entity type -> (svodka type, kind)
TYPE_MAP: dict[str, tuple[str, str]] = {
    "PERSON": ("PER", "person"),
    "ORGANIZATION": ("ORG", "org"),
    "COUNTRY": ("LOC", "country"),
    "CITY": ("LOC", "city"),
    "STATE_OR_PROVINCE": ("LOC", "region"),
    "DISTRICT": ("LOC", "district"),
    "LOCATION": ("LOC", "location"),
    "FACILITY": ("LOC", "facility"),
}
_QID = re.compile(r"Wikidata:\(?(Q\d+)\)?\s*$")
_NO_NAME = {"", "нет данных"}


@dataclass(frozen=True)
class Mention:
    doc: str
    tid: str
    nerel_type: str
    surface: str
    qid: str | None  # None: "Wikidata:NULL" or a malformed target
    name: str  # the link's normalised name ("" when absent)

    @property
    def type(self) -> str | None:
        t = TYPE_MAP.get(self.nerel_type)
        return t[0] if t else None

    @property
    def kind(self) -> str | None:
        t = TYPE_MAP.get(self.nerel_type)
        return t[1] if t else None


def parse_qid(target: str) -> str | None:
    m = _QID.search(target)
    return m.group(1) if m else None


def read_ann(path: Path) -> list[Mention]:
    """Linked mentions of one ``.ann`` file, in file order."""
    ents: dict[str, tuple[str, str]] = {}
    links: list[tuple[str, str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if line.startswith("T") and len(parts) >= 3:
            ents[parts[0]] = (parts[1].split(" ", 1)[0], parts[2])
        elif line.startswith("N"):
            fields = parts[1].split(" ")
            if len(fields) >= 3:
                links.append((fields[1], fields[2], parts[2].strip() if len(parts) > 2 else ""))
    out = []
    for tid, target, name in links:
        if tid not in ents:
            continue
        etype, surface = ents[tid]
        out.append(Mention(path.stem, tid, etype, surface, parse_qid(target),
                           "" if name in _NO_NAME else name))
    return out


def read_split(directory: Path) -> list[Mention]:
    """All linked mentions of a split directory, files in sorted order."""
    out: list[Mention] = []
    for path in sorted(Path(directory).glob("*.ann")):
        out.extend(read_ann(path))
    return out
