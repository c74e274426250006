"""Story clustering benchmark: incremental assignment rate with a large archive.

    python bench/stories.py [--corpus 100000] [--new 2000] [--articles 400]
                            [--backends sqlite,postgres] [--shared ../shared] [--json]

1. Analysed real articles (NEREL train/dev, factRuEval; bench/store.py's cache, so analysis
   is excluded) are stored as ``--corpus`` copies under new ids, 40 a day: copy ``i`` is
   published on day ``i // 40`` from 2000-01-01, so copies of one article are ten days apart
   (outside the story window: each is its own story, as a recurring kind of news would be).
2. ``svodka.stories.update`` clusters the whole corpus (the first run: ``bulk`` rate).
3. ``--new`` further copies arrive in ingest-sized batches (32); after each one
   ``update`` assigns the new documents. The ``incremental`` rate is new documents per
   second of ``update`` (reading features, candidate lookup, scoring, writing) — the target
   is >= 200 docs/s with 100,000 stored.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PER_DAY = 40


def dated_copies(docs: list, prepared: dict, start: int, count: int) -> list:
    from svodka.store import ArchiveRecord
    from svodka.store.rows import content_hash

    day0 = dt.date(2000, 1, 1)
    out = []
    for i in range(start, start + count):
        doc = docs[i % len(docs)]
        day = (day0 + dt.timedelta(days=i // PER_DAY)).isoformat()
        copy = replace(doc, id=f"{doc.id}-{i}", published=day)
        ix, _sig = prepared[doc.id]
        out.append(ArchiveRecord(copy, origin=f"bench:{i}",
                                 content_hash=content_hash(f"{doc.text}\x00{i}"), index=ix))
    return out


def run_backend(name: str, docs: list, prepared: dict, args: argparse.Namespace) -> dict:
    from svodka.store import open_store
    from svodka.stories import update

    tmp = Path(tempfile.mkdtemp(prefix="svodka-bench-stories-"))
    pg = None
    if name == "postgres":
        from svodka.store.throwaway import ThrowawayPostgres

        pg = ThrowawayPostgres(fast=False)
        pg.start()
        url = pg.create_database("stories")
    else:
        url = str(tmp / "stories.sqlite")
    try:
        with open_store(url) as store:
            t0 = time.perf_counter()
            for start in range(0, args.corpus, 500):
                store.add_batch(dated_copies(docs, prepared, start, min(500, args.corpus - start)))
            build = time.perf_counter() - t0
            print(f"[{name}] corpus of {args.corpus:,} stored in {build:.0f} s", file=sys.stderr)
            bulk = update(store)
            print(f"[{name}] bulk clustering: {bulk.docs_per_second:.0f} docs/s, "
                  f"{bulk.new_stories:,} stories", file=sys.stderr)
            spent, done, joined = 0.0, 0, 0
            for start in range(args.corpus, args.corpus + args.new, 32):
                store.add_batch(dated_copies(docs, prepared, start, 32))
                t0 = time.perf_counter()
                s = update(store)
                spent += time.perf_counter() - t0
                done += s.documents
                joined += s.joined
            stories = int(store.rows("SELECT count(*) FROM stories")[0][0])
            multi = int(store.rows("SELECT count(*) FROM stories WHERE size > 1")[0][0])
        return {"backend": name, "corpus": args.corpus, "corpus_store_s": round(build, 1),
                "bulk_docs_per_s": round(bulk.docs_per_second, 1),
                "incremental_docs_per_s": round(done / spent, 1) if spent else 0.0,
                "incremental_docs": done, "incremental_joined": joined,
                "stories": stories, "stories_with_several_documents": multi}
    finally:
        if pg is not None:
            pg.stop()
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    from store import analysed

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--corpus", type=int, default=100_000)
    ap.add_argument("--new", type=int, default=2000)
    ap.add_argument("--backends", default="sqlite")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "svodka-bench")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from svodka.store.textindex import index_text

    docs = analysed(args.shared, args.articles, args.cache)
    prepared = {d.id: (index_text(d.title, d.text), None) for d in docs}
    results = {"machine": f"{platform.processor() or platform.machine()}, "
                          f"{os.cpu_count()} CPUs, Python {platform.python_version()}",
               "date": dt.date.today().isoformat(), "articles": len(docs), "backends": []}
    for name in args.backends.split(","):
        results["backends"].append(run_backend(name.strip(), docs, prepared, args))
    if not args.json:
        for r in results["backends"]:
            print(f"{r['backend']}: {r['corpus']:,} stored; bulk clustering "
                  f"{r['bulk_docs_per_s']:,.0f} docs/s; incremental (batches of 32) "
                  f"{r['incremental_docs_per_s']:,.0f} docs/s over {r['incremental_docs']} "
                  f"new documents; {r['stories']:,} stories")
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
