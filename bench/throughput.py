"""Throughput of svodka.analyze versus Natasha's own pipeline on the same articles.

    python bench/throughput.py [--n 240] [--shared ../shared]

Runs Natasha (segment + morph + syntax + NER) and svodka on the same real articles (NEREL
train/dev and factRuEval texts) in one process, alternating in chunks so that both see the
same machine state, and prints articles/s of each, the ratio svodka/Natasha (target for the
finished analyser: >= 0.70), seconds per stage, and the process's peak RSS (target <= 500 MB).

Wall time suffers when other jobs share the machine (Natasha's matrix code more than
svodka's Python), so the same figures are also given in CPU time of this process (numpy
and its BLAS are kept to one thread): the ratio and each stage's cost as a share of
Natasha's time per article, which the issues' cost targets refer to (entity stages
<= 15 %, dates, quotes and labels <= 10 % each).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # before numpy loads: CPU time = this thread's work

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
        pipe.stage_seconds[k] = pipe.stage_cpu_seconds[k] = 0.0

    t_nat = t_svo = c_nat = c_svo = 0.0
    for i in range(0, len(articles), args.chunk):
        chunk = articles[i:i + args.chunk]
        t0, c0 = time.perf_counter(), time.process_time()
        for text in chunk:
            natasha_baseline(text)
        t1, c1 = time.perf_counter(), time.process_time()
        for text in chunk:
            svodka.analyze(text)
        t2, c2 = time.perf_counter(), time.process_time()
        t_nat += t1 - t0
        t_svo += t2 - t1
        c_nat += c1 - c0
        c_svo += c2 - c1
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
        "cpu": {
            "ratio": round(c_nat / c_svo, 3),
            "ms_per_article": {"natasha": round(1000 * c_nat / n, 1),
                               "svodka": round(1000 * c_svo / n, 1)},
            "stage_ms_per_article": {k: round(1000 * v / n, 2)
                                     for k, v in pipe.stage_cpu_seconds.items()},
            "stage_share_of_natasha": {k: round(v / c_nat, 3)
                                       for k, v in pipe.stage_cpu_seconds.items()},
            "entity_stages_share": round(sum(pipe.stage_cpu_seconds.get(k, 0.0) for k in
                                             ("entities", "link", "coref")) / c_nat, 3),
        },
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
    cpu = result["cpu"]
    print(f"CPU time: Natasha {cpu['ms_per_article']['natasha']} ms, svodka "
          f"{cpu['ms_per_article']['svodka']} ms per article, ratio {cpu['ratio']}")
    print("stage cost, share of Natasha's CPU time: " + ", ".join(
        f"{k} {100 * v:.1f}%" for k, v in cpu["stage_share_of_natasha"].items()
        if k not in ("parse",)) + f"; entities+link+coref {100 * cpu['entity_stages_share']:.1f}%")
    print(f"peak RSS: {result['peak_rss_mb']} MB (target <= 500)")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
