"""Archive benchmark: insert rate and search latency on SQLite and PostgreSQL.

    python bench/store.py [--articles 400] [--corpus 100000] [--backends sqlite,postgres]
                          [--shared ../shared] [--json]

1. Analyses ``--articles`` real articles (NEREL train/dev, factRuEval devset) once and caches
   the documents (``--cache``, keyed by analyser version), so analysis is excluded below.
2. Insert rate, per backend, into a new archive: copies of the analysed documents under new
   ids and content hashes, in batches of ``--batch`` (as ``svodka ingest`` commits them):
   - ``store``: records as ingest hands them over (lemma index and MinHash computed
     beforehand), timing ``Store.add_batch`` only — the target is >= 1,000 docs/s;
   - ``ingest path``: also computing the lemma index and MinHash of every copy, with the
     near-duplicate lookup on (every copy is found to be a near-duplicate of its original).
3. Search at ``--corpus`` documents (copies without near-duplicate links, so that all of them
   are searchable): a mix of name, topic, phrase, OR/NOT and filtered queries through
   ``svodka.store.query.search`` (ranking, 10 hits, snippets) — target p95 <= 50 ms — plus
   the quotes/events/labels/entity queries.

PostgreSQL runs in a throwaway cluster (initdb/pg_ctl, default durability settings).
"""

from __future__ import annotations

import argparse
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

SEARCHES: list[tuple[str, dict]] = [
    ("Путин", {}), ("Токаева", {}), ("Зеленский", {}), ("Навальный", {}), ("Трамп", {}),
    ("Москва", {}), ("Россия", {}), ("Украина", {}), ("Казахстан", {}), ("США", {}),
    ("выборы", {}), ("протесты", {}), ("санкции", {}), ("суд", {}), ("взрыв", {}),
    ("пожар", {}), ("нефть", {}), ("футбол", {}), ("чемпионат мира", {}), ("землетрясение", {}),
    ("президент России", {}), ('"государственная дума"', {}), ("Путин OR Медведев", {}),
    ("Украина -Россия", {}), ("министр иностранных дел", {}), ("полиция задержала", {}),
    ("премия", {}), ("умер", {}), ("компания Apple", {}), ("космос", {}),
    ("", {"entity": "Q159"}), ("выборы", {"date_from": "2010-01-01"}),
    ("президент", {"type": "CONSULT"}), ("суд", {"entity": "Москва"}),
    ("Россия", {"source": "ru.wikinews.org"}), ("", {"type": "ASSAULT"}),
]


def load_articles(shared: Path, n: int) -> list[tuple[str, str]]:
    files = sorted((shared / "data" / "nerel" / "train").glob("*.txt"))
    files += sorted((shared / "data" / "nerel" / "dev").glob("*.txt"))
    files += sorted((shared / "data" / "factrueval" / "devset").glob("*.txt"))
    found = [(f.name, f.read_text(encoding="utf-8")) for f in files]
    found = [(name, t) for name, t in found if t.strip()]
    if len(found) < n:
        sys.exit(f"only {len(found)} articles under {shared}")
    step = len(found) / n
    return [found[int(i * step)] for i in range(n)]


def analysed(shared: Path, n: int, cache: Path) -> list:
    from svodka import __version__
    from svodka.doc import Document
    from svodka.pipeline import analyze

    path = cache / f"bench-store-{__version__}-{n}.jsonl"
    if path.exists():
        return [Document.from_json(line) for line in path.read_text().splitlines()]
    docs = []
    started = time.perf_counter()
    # a spread of publication dates, so that date filters and timelines have work to do
    for i, (name, text) in enumerate(load_articles(shared, n)):
        day = f"20{10 + i % 12:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        try:
            docs.append(analyze(text, source="ru.wikinews.org" if "_text" in name
                                else "factrueval", published=day))
        except MemoryError:  # an analyser bug must not take the benchmark down
            print(f"  skipped {name}: the analyser ran out of memory", file=sys.stderr)
        if (i + 1) % 50 == 0:
            print(f"  analysed {i + 1}/{n} ({time.perf_counter() - started:.0f} s)",
                  file=sys.stderr)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(d.to_json() + "\n" for d in docs))
    return docs


def copies(docs: list, start: int, count: int, *, with_minhash: bool,
           prepared: dict | None) -> list:
    """ArchiveRecords for copies ``start .. start+count`` of the analysed documents."""
    from svodka.ingest import dedup
    from svodka.store import ArchiveRecord
    from svodka.store.rows import content_hash
    from svodka.store.textindex import index_text

    out = []
    for i in range(start, start + count):
        doc = docs[i % len(docs)]
        copy = replace(doc, id=f"{doc.id}-{i}")
        chash = content_hash(f"{doc.text}\x00{i}")
        if prepared is not None:
            ix, sig = prepared[doc.id]
            out.append(ArchiveRecord(copy, origin=f"bench:{i}", content_hash=chash, index=ix,
                                     minhash=sig if with_minhash else None))
        else:
            ix = index_text(copy.title, copy.text)
            sig = dedup.signature(ix.body.split()) if with_minhash else None
            out.append(ArchiveRecord(copy, origin=f"bench:{i}", content_hash=chash, index=ix,
                                     minhash=sig))
    return out


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def insert_rates(open_archive, docs: list, prepared: dict, n: int, batch: int) -> dict:
    """docs/s of Store.add_batch (records ready) and of the whole ingest-side path."""
    out = {}
    for label, ready, minhash in (("store", True, False), ("ingest_path", False, True)):
        with open_archive(f"insert_{label}") as store:
            store.add_batch(copies(docs, 0, len(docs), with_minhash=minhash,
                                   prepared=prepared))  # originals first (LSH bands)
            spent, done = 0.0, 0
            for start in range(len(docs), len(docs) + n, batch):
                t0 = time.perf_counter()
                records = copies(docs, start, batch, with_minhash=minhash,
                                 prepared=prepared if ready else None)
                if ready:
                    t0 = time.perf_counter()
                result = store.add_batch(records)
                spent += time.perf_counter() - t0
                done += len(result.stored)
            out[label] = round(done / spent, 1)
    return out


def build_corpus(store, docs: list, prepared: dict, target: int, batch: int) -> float:
    have = int(store.rows("SELECT count(*) FROM documents")[0][0])
    t0 = time.perf_counter()
    added = 0
    while have < target:
        n = min(batch, target - have)
        store.add_batch(copies(docs, have, n, with_minhash=False, prepared=prepared))
        have += n
        added += n
        if have % 10_000 < batch:
            print(f"  corpus {have:,}/{target:,} ({added / (time.perf_counter() - t0):.0f} "
                  "docs/s)", file=sys.stderr)
    store.optimize()
    return added / max(time.perf_counter() - t0, 1e-9)


def latencies(store, rounds: int) -> dict:
    from svodka.store import query as q

    def timed(fn) -> float:
        t0 = time.perf_counter()
        fn()
        return (time.perf_counter() - t0) * 1000

    for text, kw in SEARCHES:  # warm caches (lemmas, pages)
        q.search(store, text, **kw)
    search_ms: list[float] = []
    per_query: dict[str, float] = {}
    for _ in range(rounds):
        for text, kw in SEARCHES:
            ms = timed(lambda t=text, k=kw: q.search(store, t, **k))
            search_ms.append(ms)
            key = text + (f" {kw}" if kw else "")
            per_query[key] = max(per_query.get(key, 0.0), ms)
    others = {
        "quotes --speaker Путин": lambda: q.quotes(store, speaker="Путин"),
        "events --type ASSAULT --country RU": lambda: q.events(store, type="ASSAULT",
                                                               country="RU"),
        "events --type ASSAULT --country RU --from 2015-01-01": lambda: q.events(
            store, type="ASSAULT", country="RU", date_from="2015-01-01"),
        "labels --target протестующие": lambda: q.labels(store, target="протестующие"),
        "entity Q7747": lambda: q.entity_profile(store, "Q7747"),
    }
    other_ms = {name: [timed(fn) for _ in range(rounds)] for name, fn in others.items()}
    hits = {text: q.search(store, text, **kw).total for text, kw in SEARCHES[:6]}
    return {
        "search_p50_ms": round(percentile(search_ms, 0.5), 1),
        "search_p95_ms": round(percentile(search_ms, 0.95), 1),
        "search_max_ms": round(max(search_ms), 1),
        "searches": len(search_ms),
        "slowest_queries_ms": dict(sorted(per_query.items(), key=lambda kv: -kv[1])[:5]),
        "matches": hits,
        "other_p95_ms": {k: round(percentile(v, 0.95), 1) for k, v in other_ms.items()},
    }


def run_backend(name: str, docs: list, prepared: dict, args: argparse.Namespace) -> dict:
    from contextlib import contextmanager

    from svodka.store import open_store

    tmp = Path(tempfile.mkdtemp(prefix="svodka-bench-"))
    pg = None
    if name == "postgres":
        from svodka.store.throwaway import ThrowawayPostgres

        pg = ThrowawayPostgres(fast=False)
        pg.start()

    @contextmanager
    def open_archive(label: str):
        if pg is not None:
            url = pg.create_database(label)
        elif label == "corpus" and args.keep:  # reuse a corpus across runs (SQLite)
            args.keep.mkdir(parents=True, exist_ok=True)
            url = str(args.keep / f"corpus-{args.corpus}.sqlite")
        else:
            url = str(tmp / f"{label}.sqlite")
        store = open_store(url)
        try:
            yield store
        finally:
            store.close()

    try:
        result: dict = {"backend": name}
        result["insert_docs_per_s"] = (
            insert_rates(open_archive, docs, prepared, args.insert_docs, args.batch)
            if args.insert_docs else {"store": 0.0, "ingest_path": 0.0})
        print(f"[{name}] insert: {result['insert_docs_per_s']}", file=sys.stderr)
        with open_archive("corpus") as store:
            result["corpus_build_docs_per_s"] = round(
                build_corpus(store, docs, prepared, args.corpus, args.batch), 1)
            result["corpus"] = int(store.rows("SELECT count(*) FROM documents")[0][0])
            result.update(latencies(store, args.rounds))
            if name == "sqlite":
                path = Path(store.url)
                result["archive_mb"] = round(sum(p.stat().st_size for p in path.parent.glob(
                    path.name + "*")) / 1e6)
            else:
                result["archive_mb"] = round(store.rows(
                    "SELECT pg_database_size(current_database())")[0][0] / 1e6)
        print(f"[{name}] search p95 {result['search_p95_ms']} ms", file=sys.stderr)
        return result
    finally:
        if pg is not None:
            pg.stop()
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--corpus", type=int, default=100_000)
    ap.add_argument("--insert-docs", type=int, default=5000)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--backends", default="sqlite,postgres")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "svodka-bench")
    ap.add_argument("--keep", type=Path, help="keep (and reuse) the SQLite corpus here")
    ap.add_argument("--memory-gb", type=int, default=8, help="address-space limit")
    ap.add_argument("--json", action="store_true", help="print one JSON object only")
    args = ap.parse_args()
    try:  # a runaway analysis fails with MemoryError instead of waking the OOM killer
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (args.memory_gb << 30, args.memory_gb << 30))
    except (ImportError, ValueError, OSError):
        pass

    from svodka.ingest import dedup
    from svodka.store.textindex import index_text

    docs = analysed(args.shared, args.articles, args.cache)
    prepared = {}
    for d in docs:
        ix = index_text(d.title, d.text)
        prepared[d.id] = (ix, dedup.signature(ix.body.split()))
    results = {"machine": f"{platform.processor() or platform.machine()}, "
                          f"{os.cpu_count()} CPUs, Python {platform.python_version()}",
               "articles": len(docs), "batch": args.batch, "backends": []}
    for name in args.backends.split(","):
        results["backends"].append(run_backend(name.strip(), docs, prepared, args))
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
        return
    print(f"svodka archive benchmark — {results['machine']}; {len(docs)} analysed articles "
          f"re-inserted under new ids, batches of {args.batch}")
    for r in results["backends"]:
        ins = r["insert_docs_per_s"]
        print(f"\n{r['backend']}: insert {ins['store']:,.0f} docs/s (Store.add_batch), "
              f"{ins['ingest_path']:,.0f} docs/s (with lemma index + MinHash + near-dup "
              f"lookup); corpus build {r['corpus_build_docs_per_s']:,.0f} docs/s")
        print(f"  search at {r['corpus']:,} docs ({r['archive_mb']:,} MB): "
              f"p50 {r['search_p50_ms']} ms, p95 {r['search_p95_ms']} ms, "
              f"max {r['search_max_ms']} ms over {r['searches']} searches")
        print("  slowest: " + "; ".join(f"{k!r} {v:.0f} ms"
                                         for k, v in r["slowest_queries_ms"].items()))
        print("  other p95: " + "; ".join(f"{k} {v} ms" for k, v in r["other_p95_ms"].items()))
    print("\n" + json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
