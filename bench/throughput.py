"""Throughput of svodka.analyze versus Natasha's own pipeline on the same articles.

    python bench/throughput.py [--n 240] [--shared ../shared]

Runs Natasha (segment + morph + syntax + NER) and svodka on the same real articles (NEREL
train/dev and factRuEval texts) in one process, alternating in chunks so that both see the
same machine state, and prints articles/s of each, the ratio svodka/Natasha (target for the
finished analyser: >= 0.70), seconds per stage, and the process's peak RSS (target <= 500 MB).
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_articles(shared: Path, n: int) -> list[str]:
    files = sorted((shared / "data" / "nerel" / "train").glob("*.txt"))
    files += sorted((shared / "data" / "nerel" / "dev").glob("*.txt"))
    files += sorted((shared / "data" / "factrueval" / "devset").glob("*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    texts = [t for t in texts if t.strip()]
    if len(texts) < n:
        sys.exit(f"only {len(texts)} articles found under {shared}")
    step = len(texts) / n
    return [texts[int(i * step)] for i in range(n)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=240)
    ap.add_argument("--chunk", type=int, default=20)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--json", action="store_true", help="print one JSON line only")
    args = ap.parse_args()

    import svodka
    from svodka.nlp import natasha_baseline
    from svodka.pipeline import default_pipeline

    articles = load_articles(args.shared, args.n)
    # warm up: load models, caches, knowledge base
    natasha_baseline(articles[0])
    svodka.analyze(articles[0])
    pipe = default_pipeline()
    for k in pipe.stage_seconds:
        pipe.stage_seconds[k] = 0.0

    t_nat = t_svo = 0.0
    for i in range(0, len(articles), args.chunk):
        chunk = articles[i:i + args.chunk]
        t0 = time.perf_counter()
        for text in chunk:
            natasha_baseline(text)
        t1 = time.perf_counter()
        for text in chunk:
            svodka.analyze(text)
        t2 = time.perf_counter()
        t_nat += t1 - t0
        t_svo += t2 - t1
    n = len(articles)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    chars = sum(len(t) for t in articles)
    result = {
        "articles": n, "mean_chars": round(chars / n),
        "natasha_articles_per_s": round(n / t_nat, 2),
        "svodka_articles_per_s": round(n / t_svo, 2),
        "ratio": round(t_nat / t_svo, 3),
        "ms_per_article": {"natasha": round(1000 * t_nat / n, 1),
                           "svodka": round(1000 * t_svo / n, 1)},
        "stage_ms_per_article": {k: round(1000 * v / n, 2) for k, v in pipe.stage_seconds.items()},
        "peak_rss_mb": round(rss_mb),
        "machine": f"{platform.machine()}, {platform.python_version()}",
    }
    if args.json:
        print(json.dumps(result))
        return
    print(f"{n} articles, mean {result['mean_chars']} chars")
    print(f"Natasha: {result['natasha_articles_per_s']} articles/s "
          f"({result['ms_per_article']['natasha']} ms each)")
    print(f"svodka:  {result['svodka_articles_per_s']} articles/s "
          f"({result['ms_per_article']['svodka']} ms each)")
    print(f"ratio svodka/Natasha: {result['ratio']} (target >= 0.70)")
    print("per stage, ms/article: " + ", ".join(
        f"{k} {v}" for k, v in result["stage_ms_per_article"].items()))
    print(f"peak RSS: {result['peak_rss_mb']} MB (target <= 500)")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
