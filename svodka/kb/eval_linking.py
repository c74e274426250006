"""Linking precision/recall of the KB on NEREL **dev** (the KB's aliases come from train).

    python -m svodka.kb.eval_linking [--nerel DIR] [--kb PATH] [--errors N]

Mentions: NEREL dev entities of the types the KB covers (PERSON -> PER, ORGANIZATION ->
ORG, COUNTRY/CITY/STATE_OR_PROVINCE/DISTRICT/LOCATION/FACILITY -> LOC) with a Wikidata
link. A mention is *present in KB* when its QID is the QID of some KB record. For each
present mention, ``lookup(surface, type)`` is asked and its top candidate taken:

* precision = correct top candidates / mentions with an answer,
* recall = correct top candidates / present mentions.

The same figures are given for ``link()`` (which abstains when unsure) and per type.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from svodka.kb import nerel
from svodka.kb.store import KB

_SHARED = Path(os.environ.get("SVODKA_SHARED", Path(__file__).resolve().parents[3] / "shared"))
DEFAULT_DEV = _SHARED / "data" / "nerel" / "dev"


@dataclass
class Score:
    present: int = 0
    answered: int = 0
    correct: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.answered if self.answered else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.present if self.present else 0.0

    def add(self, answered: bool, correct: bool) -> None:
        self.present += 1
        self.answered += answered
        self.correct += correct


@dataclass
class Report:
    linked: int = 0  # dev mentions of covered types with a QID
    present: int = 0
    lookup: Score = field(default_factory=Score)
    link: Score = field(default_factory=Score)
    by_type: dict[str, Score] = field(default_factory=dict)
    errors: list[tuple[str, str, str, str]] = field(default_factory=list)
    misses: Counter[tuple[str, str]] = field(default_factory=Counter)

    def lines(self) -> list[str]:
        out = [f"NEREL dev linked mentions (PER/ORG/LOC types): {self.linked}",
               f"present in KB (QID known): {self.present} "
               f"({self.present / max(1, self.linked):.1%})"]
        for label, s in (("lookup top-1", self.lookup), ("link()", self.link)):
            out.append(f"{label:13} precision {s.precision:.3f} ({s.correct}/{s.answered})  "
                       f"recall {s.recall:.3f} ({s.correct}/{s.present})")
        for t, s in sorted(self.by_type.items()):
            out.append(f"  lookup {t}: precision {s.precision:.3f}  recall {s.recall:.3f}  "
                       f"(n={s.present})")
        return out


def evaluate(kb: KB, dev_dir: Path, keep_errors: int = 0) -> Report:
    rep = Report()
    kb_qids = {q for (q,) in kb._rows("SELECT DISTINCT qid FROM entity WHERE qid IS NOT NULL")}
    for m in nerel.read_split(dev_dir):
        if not m.qid or not m.type:
            continue
        rep.linked += 1
        if m.qid not in kb_qids:
            continue
        rep.present += 1
        cands = kb.lookup(m.surface, m.type)
        top = cands[0] if cands else None
        ok = top is not None and top.qid == m.qid
        rep.lookup.add(top is not None, ok)
        rep.by_type.setdefault(m.type, Score()).add(top is not None, ok)
        linked = kb.link(m.surface, m.type)
        rep.link.add(linked is not None, linked is not None and linked.qid == m.qid)
        if top is None:
            rep.misses[(m.nerel_type, m.surface)] += 1
        elif not ok and len(rep.errors) < keep_errors:
            rep.errors.append((m.surface, m.qid, str(top.qid), top.name))
    return rep


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="KB linking precision/recall on NEREL dev")
    ap.add_argument("--nerel", type=Path, default=DEFAULT_DEV, help="NEREL dev directory")
    ap.add_argument("--kb", type=Path, default=None, help="KB file (default: bundled)")
    ap.add_argument("--errors", type=int, default=0, help="print this many errors and misses")
    args = ap.parse_args(argv)
    if not args.nerel.is_dir():
        print(f"no NEREL dev directory at {args.nerel}", file=sys.stderr)
        return 2
    rep = evaluate(KB(args.kb), args.nerel, keep_errors=args.errors)
    print("\n".join(rep.lines()))
    if args.errors:
        for surface, gold, got, name in rep.errors:
            print(f"  wrong: {surface!r} gold {gold} got {got} {name!r}")
        for (t, surface), n in rep.misses.most_common(args.errors):
            print(f"  miss: {n} {t} {surface!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
