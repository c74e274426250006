"""Batch throughput: the local pool with 1 and 2 workers and Ray with 2 actors, same input.

    python bench/batch.py [--n 2000] [--shared ../shared] [--skip-ray] [--json]

Input: the 962 real articles of ../shared (NEREL train + dev, factRuEval devset), cycled to
``--n`` documents. Copies after the first get a one-line prefix ("Выпуск 2.") so that each
has its own content hash and id and is analysed again rather than skipped as a duplicate;
say so when quoting the numbers: later copies meet warm per-process caches (pymorphy word
analyses, knowledge-base lookups), as a long real stream would.

Runs local 1, local 2, Ray 2, local 2 again (the two local-2 runs are averaged, so that a
load that drifts during the benchmark does not favour one side). Prints, per run: documents/s end to end and after start-up, the scaling 2 workers / 1 worker
(target >= 1.7), Ray / local with the same number of workers (target >= 0.9), peak RSS per
worker (target <= 500 MB), ms of worker time per article, and an estimate of the cores and
hours needed for 1 million articles a day from the measured cost per article (the 2-worker
run end to end on a 2-core machine: cores x seconds / articles, everything included).

"after start-up" rates count from the first finished document (Ray needs several seconds to
start its processes and actors; the local pool about one).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DAY_SECONDS = 86_400
TARGET_PER_DAY = 1_000_000


def load_articles(shared: Path) -> list[tuple[str, str]]:
    """(id, text) of the real articles, in a fixed order."""
    data = shared / "data"
    found = []
    for corpus, folder in (("nerel-train", data / "nerel" / "train"),
                           ("nerel-dev", data / "nerel" / "dev"),
                           ("factrueval-dev", data / "factrueval" / "devset")):
        for f in sorted(folder.glob("*.txt")):
            text = f.read_text(encoding="utf-8")
            if text.strip():
                found.append((f"{corpus}/{f.stem}", text))
    return found


def write_input(articles: list[tuple[str, str]], n: int, path: Path) -> dict[str, Any]:
    copies = 0
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            doc_id, text = articles[i % len(articles)]
            copy = i // len(articles) + 1
            copies = max(copies, copy)
            if copy > 1:
                doc_id, text = f"{doc_id}#copy{copy}", f"Выпуск {copy}.\n{text}"
            fh.write(json.dumps({"text": text, "id": doc_id}, ensure_ascii=False) + "\n")
    chars = sum(len(articles[i % len(articles)][1]) for i in range(n))
    return {"documents": n, "distinct_articles": min(n, len(articles)), "copies": copies,
            "mean_chars": round(chars / n)}


def run_once(engine: Any, src: Path, out: Path) -> dict[str, Any]:
    from svodka.batch import OutDirSink, run_batch

    started = time.perf_counter()
    summary = run_batch([str(src)], OutDirSink(out), engine, progress=False)
    wall = time.perf_counter() - started
    done = summary.analysed + summary.failed
    startup = summary.stats.startup_seconds
    return {"engine": engine.name, "workers": engine.workers, "documents": done,
            "failed": summary.failed, "seconds": round(wall, 1),
            "startup_seconds": round(startup, 1),
            "docs_per_s": round(done / wall, 2),
            "docs_per_s_after_startup": round(done / max(wall - startup, 1e-9), 2),
            "worker_ms_per_doc": round(1000 * summary.analysis_seconds / max(done, 1), 1),
            "worker_cpu_ms_per_doc": round(1000 * summary.analysis_cpu_seconds / max(done, 1), 1),
            "peak_worker_rss_mb": round(summary.stats.peak_worker_rss_mb),
            "workers_replaced": summary.stats.replaced}


def estimate(core_seconds_per_doc: float, efficiency: float) -> dict[str, Any]:
    """Cores for 1M articles/day (spread over 24 h, and with 50 % headroom for peaks), and
    hours for 1M on 8, 32 and 64 cores, at a parallel efficiency (1.0 when the cost per
    article was measured with all the cores busy)."""
    core_seconds = TARGET_PER_DAY * core_seconds_per_doc / max(efficiency, 1e-9)
    return {"core_seconds_per_article": round(core_seconds_per_doc, 4),
            "parallel_efficiency": round(efficiency, 2),
            "core_hours_per_million": round(core_seconds / 3600, 1),
            "cores_for_1M_per_day": round(core_seconds / DAY_SECONDS, 1),
            "cores_for_1M_per_day_with_headroom": round(1.5 * core_seconds / DAY_SECONDS, 1),
            "hours_for_1M": {str(c): round(core_seconds / c / 3600, 1) for c in (8, 32, 64)}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--chunk", type=int, default=8)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--skip-ray", action="store_true")
    ap.add_argument("--json", action="store_true", help="print one JSON object only")
    args = ap.parse_args()

    from svodka.batch import LocalEngine

    articles = load_articles(args.shared)
    if not articles:
        sys.exit(f"no articles found under {args.shared} (NEREL, factRuEval)")
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="svodka-bench-") as tmp:
        src = Path(tmp) / "input.jsonl"
        corpus = write_input(articles, args.n, src)
        engines: list[Any] = [LocalEngine(1, chunk=args.chunk), LocalEngine(2, chunk=args.chunk)]
        if not args.skip_ray:
            try:
                from svodka.batch.ray_engine import RayEngine

                engines.append(RayEngine(2, chunk=args.chunk))
            except Exception as exc:  # noqa: BLE001 - Ray missing: say so, keep the rest
                print(f"Ray run skipped: {exc}", file=sys.stderr)
        if len(engines) > 2:  # local 2 again after Ray: the mean evens out a drifting load
            engines.append(LocalEngine(2, chunk=args.chunk))
        for k, engine in enumerate(engines):
            runs.append(run_once(engine, src, Path(tmp) / f"out{k}"))
            if not args.json:
                print(json.dumps(runs[-1]), file=sys.stderr)
    one = runs[0]
    two = _mean_run([r for r in runs if r["engine"] == "local" and r["workers"] == 2])
    ray = runs[2] if len(runs) > 2 else None
    scaling = two["docs_per_s_after_startup"] / one["docs_per_s_after_startup"]
    result = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{_cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "input": corpus,
        "runs": runs,
        "scaling_2_vs_1": round(scaling, 2),
        "scaling_2_vs_1_end_to_end": round(two["docs_per_s"] / one["docs_per_s"], 2),
        "ray_vs_local_2": round(ray["docs_per_s_after_startup"]
                                / two["docs_per_s_after_startup"], 2) if ray else None,
        "ray_vs_local_2_end_to_end": round(ray["docs_per_s"] / two["docs_per_s"], 2)
        if ray else None,
        "peak_worker_rss_mb": max(r["peak_worker_rss_mb"] for r in runs),
        "worker_cpu_ms_per_doc": one["worker_cpu_ms_per_doc"],
        # the cost of an article on one core, everything included (coordinator, start-up,
        # writing): the 2-worker run end to end, as cores x seconds / articles
        "estimate": estimate(two["workers"] / two["docs_per_s"], 1.0),
    }
    print(json.dumps(result, ensure_ascii=False, indent=None if args.json else 2))


def _mean_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The mean rates of repeated runs of one configuration."""
    mean = dict(runs[0])
    for key in ("docs_per_s", "docs_per_s_after_startup"):
        mean[key] = round(sum(r[key] for r in runs) / len(runs), 2)
    return mean


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


if __name__ == "__main__":
    main()
