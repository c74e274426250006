"""Web benchmark: article and entity pages on a 10,000-document archive, POST /api/analyze.

    python bench/api.py [--docs 10000] [--articles 200] [--backend sqlite|postgres]
                        [--requests 200] [--shared ../shared] [--json]

1. Analyses ``--articles`` real articles (NEREL train/dev) once and caches them
   (``--cache``, keyed by analyser version).
2. Builds (or reuses) an archive of ``--docs`` documents: the analysed articles re-inserted
   under new ids, with publication dates spread over 2019-2023 and eight outlets, so that
   entity pages have long lists and timelines to draw.
3. Starts ``svodka serve`` (one uvicorn worker, a separate process) and times, over HTTP
   with keep-alive, ``--requests`` article pages (random documents), entity pages (the 30
   most documented entities and random ones) and their JSON twins. Targets: p95 <= 100 ms.
4. Times ``POST /api/analyze`` of 3 KB articles (UTF-8 bytes; distinct NEREL texts cut at a
   sentence end). Target: p95 <= 150 ms on one worker.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUTLETS = ["ria.ru", "tass.ru", "interfax.ru", "kommersant.ru", "meduza.io", "rbc.ru",
           "lenta.ru", "ru.wikinews.org"]
ARTICLE_TIMEOUT = 30  # seconds: longer means the analyser is stuck on that article
TARGETS = {"article_p95_ms": 100.0, "entity_p95_ms": 100.0, "analyze_p95_ms": 150.0}


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def stats(ms: list[float]) -> dict[str, float]:
    return {"n": len(ms), "p50_ms": round(percentile(ms, 0.5), 1),
            "p95_ms": round(percentile(ms, 0.95), 1), "max_ms": round(max(ms), 1)}


def article_files(shared: Path) -> list[Path]:
    files = sorted((shared / "data" / "nerel" / "train").glob("*.txt"))
    files += sorted((shared / "data" / "nerel" / "dev").glob("*.txt"))
    if not files:
        sys.exit(f"no NEREL articles under {shared}/data/nerel (use --shared)")
    return files


def analysed(shared: Path, n: int, cache: Path) -> list:
    from svodka import __version__
    from svodka.doc import Document
    from svodka.pipeline import analyze

    path = cache / f"bench-api-{__version__}-{n}.jsonl"
    if path.exists():
        return [Document.from_json(line) for line in path.read_text().splitlines()]
    files = article_files(shared)
    step = max(len(files) / n, 1)
    picked = [files[int(i * step)] for i in range(min(n, len(files)))]
    docs = []
    started = time.perf_counter()

    def too_slow(_sig: int, _frame: object) -> None:
        raise TimeoutError

    signal.signal(signal.SIGALRM, too_slow)
    for i, f in enumerate(picked):
        signal.alarm(ARTICLE_TIMEOUT)
        try:  # an analyser bug on one article must not take the benchmark down
            docs.append(analyze(f.read_text(encoding="utf-8"), source="ru.wikinews.org"))
        except (TimeoutError, MemoryError) as exc:
            print(f"  skipped {f.name}: {type(exc).__name__} (analyser bug?)", file=sys.stderr)
        finally:
            signal.alarm(0)
        if (i + 1) % 50 == 0:
            print(f"  analysed {i + 1}/{len(picked)} ({time.perf_counter() - started:.0f} s)",
                  file=sys.stderr)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(d.to_json() + "\n" for d in docs))
    return docs


def build(url: str, docs: list, target: int, batch: int = 500) -> int:
    """Fill the archive at ``url`` up to ``target`` documents; returns how many it holds."""
    from svodka.doc import Document
    from svodka.store import ArchiveRecord, open_store
    from svodka.store.rows import content_hash

    with open_store(url) as store:
        have = store.counts()["documents"]
        t0 = time.perf_counter()
        while have < target:
            records = []
            for i in range(have, min(have + batch, target)):
                doc = Document.from_dict(docs[i % len(docs)].to_dict())
                day = 1 + (i * 7919) % 1826  # spread over five years
                doc.id = f"bench-{i:06d}"
                doc.published = _day(day)
                doc.source = OUTLETS[i % len(OUTLETS)]
                records.append(ArchiveRecord(doc, origin=f"bench:{i}",
                                             content_hash=content_hash(f"{doc.text}\x00{i}")))
            have += len(store.add_batch(records).stored)
            print(f"  archive {have:,}/{target:,} "
                  f"({have / max(time.perf_counter() - t0, 1e-9):.0f} docs/s)", file=sys.stderr)
        optimize = getattr(store, "optimize", None)
        if optimize is not None:
            optimize()
        return int(store.counts()["documents"])


def _day(n: int) -> str:
    import datetime as dt

    return (dt.date(2019, 1, 1) + dt.timedelta(days=n)).isoformat()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(url: str, port: int) -> subprocess.Popen:
    import httpx

    proc = subprocess.Popen([sys.executable, "-m", "svodka.cli", "serve", "--db", url,
                             "--port", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, cwd=str(ROOT))
    for _ in range(300):
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1)
            return proc
        except httpx.TransportError:
            if proc.poll() is not None:
                sys.exit(f"server exited: {proc.stderr.read() if proc.stderr else ''}")
            time.sleep(0.1)
    proc.kill()
    sys.exit("server did not start")


def timed_gets(client, paths: list[str]) -> list[float]:
    out = []
    for path in paths:
        t0 = time.perf_counter()
        r = client.get(path)
        out.append((time.perf_counter() - t0) * 1000)
        if r.status_code != 200:
            sys.exit(f"GET {path}: {r.status_code} {r.text[:200]}")
    return out


def three_kb_articles(shared: Path, n: int) -> list[str]:
    """Distinct articles cut at a sentence end to about 3 KB of UTF-8."""
    out = []
    for f in article_files(shared):
        text = f.read_text(encoding="utf-8")
        if len(text.encode()) < 3072:
            continue
        cut = text.encode()[:3072].decode("utf-8", "ignore")
        ends = [m.end() for m in re.finditer(r"[.!?»]\s", cut)]
        out.append(cut[:ends[-1]].strip() if ends else cut)
        if len(out) == n:
            break
    return out


def run(args: argparse.Namespace) -> dict:
    import httpx

    from svodka.store import open_store

    shared = Path(args.shared)
    docs = analysed(shared, args.articles, Path(args.cache))
    pg = None
    if args.backend == "postgres":
        from svodka.store.throwaway import ThrowawayPostgres

        pg = ThrowawayPostgres()
        pg.start()
        url = pg.create_database("bench_api")
    else:
        url = args.db or str(Path(tempfile.gettempdir()) / f"svodka-bench-api-{args.docs}.sqlite")
    t0 = time.perf_counter()
    total = build(url, docs, args.docs)
    build_s = time.perf_counter() - t0
    rng = random.Random(7)
    with open_store(url) as store:
        ids = [r[0] for r in store.rows("SELECT id FROM documents ORDER BY doc")]
        top = [r[0] or str(r[1]) for r in store.rows(
            "SELECT e.kb_id, e.id FROM (SELECT entity_id, count(*) AS n FROM "
            "document_entities GROUP BY entity_id ORDER BY n DESC LIMIT 30) t "
            "JOIN entities e ON e.id = t.entity_id")]
        some = [r[0] or str(r[1]) for r in store.rows(
            "SELECT kb_id, id FROM entities ORDER BY id LIMIT 400")]
        biggest = store.rows(
            "SELECT e.name, t.n FROM (SELECT entity_id, count(*) AS n FROM document_entities "
            "GROUP BY entity_id ORDER BY n DESC LIMIT 1) t JOIN entities e "
            "ON e.id = t.entity_id")[0]
    port = free_port()
    proc = start_server(url, port)
    result: dict = {"backend": args.backend, "documents": total,
                    "build_seconds": round(build_s, 1),
                    "largest_entity": {"name": biggest[0], "documents": int(biggest[1])},
                    "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, "
                               f"Python {platform.python_version()}"}
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            n = args.requests
            docs_paths = [f"/documents/{rng.choice(ids)}" for _ in range(n)]
            ents = [rng.choice(top) if i % 2 == 0 else rng.choice(some) for i in range(n)]
            ent_paths = [f"/entities/{e}" for e in ents]
            timed_gets(client, docs_paths[:20] + ent_paths[:20])  # warm up
            result["article_page"] = stats(timed_gets(client, docs_paths))
            result["entity_page"] = stats(timed_gets(client, ent_paths))
            result["entity_page_top30"] = stats(timed_gets(
                client, [f"/entities/{e}" for e in top] * 3))
            result["article_json"] = stats(timed_gets(client, ["/api" + p
                                                               for p in docs_paths[:n // 2]]))
            result["entity_json"] = stats(timed_gets(client, ["/api" + p
                                                              for p in ent_paths[:n // 2]]))
            others = ["/", "/documents", "/events", "/events?type=ASSAULT&country=RU",
                      "/search?q=Путин", "/quotes?speaker=Путин",
                      "/labels?target=протестующие", "/framing?target=протестующий",
                      "/framing?target=Q7747", "/entities?name=Путин"]
            result["other_pages"] = {p: stats(timed_gets(client, [p] * 5))["p50_ms"]
                                     for p in others}
            texts = three_kb_articles(shared, args.analyze)
            client.post("/api/analyze", json={"text": texts[0]})  # warm up
            ms = []
            for text in texts:
                t1 = time.perf_counter()
                r = client.post("/api/analyze", json={"text": text})
                ms.append((time.perf_counter() - t1) * 1000)
                if r.status_code != 200:
                    sys.exit(f"POST /api/analyze: {r.status_code} {r.text[:200]}")
            result["analyze_3kb"] = {**stats(ms), "bytes_mean": round(
                sum(len(t.encode()) for t in texts) / len(texts))}
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        if pg is not None:
            pg.stop()
    result["targets_met"] = {
        "article_p95_ms": result["article_page"]["p95_ms"] <= TARGETS["article_p95_ms"],
        "entity_p95_ms": result["entity_page"]["p95_ms"] <= TARGETS["entity_p95_ms"],
        "analyze_p95_ms": result["analyze_3kb"]["p95_ms"] <= TARGETS["analyze_p95_ms"]}
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    ap.add_argument("--db", help="SQLite archive to build or reuse (default: in /tmp)")
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--analyze", type=int, default=60, help="3 KB articles to analyse")
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "svodka-bench"))
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    result = run(args)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    print(f"{result['documents']:,} documents ({result['backend']}), "
          f"built in {result['build_seconds']} s; {result['machine']}")
    print(f"largest entity: {result['largest_entity']['name']} "
          f"({result['largest_entity']['documents']:,} documents)")
    for key in ("article_page", "entity_page", "entity_page_top30", "article_json",
                "entity_json", "analyze_3kb"):
        s = result[key]
        print(f"  {key:18} p50 {s['p50_ms']:7.1f} ms  p95 {s['p95_ms']:7.1f} ms  "
              f"max {s['max_ms']:7.1f} ms  (n={s['n']})")
    print("  other pages, p50 ms: " + ", ".join(f"{k} {v}" for k, v in
                                                 result["other_pages"].items()))
    print("targets met: " + ", ".join(f"{k} {'yes' if v else 'NO'}"
                                      for k, v in result["targets_met"].items()))


if __name__ == "__main__":
    main()
