"""``svodka batch``: analyse many documents with a local process pool (default) or Ray.

    from svodka.batch import LocalEngine, run_batch, sink_for
    summary = run_batch(["news.jsonl"], sink_for("out/", None), LocalEngine(workers=2))

Modules: ``inputs`` (what is read), ``worker`` (the work per document), ``local`` (the
process pool with time and memory limits), ``ray_engine`` (Ray Data), ``outputs`` (output
directory and archive, both resumable), ``runner`` (ordering, commits, progress, Ctrl-C).
See docs/scaling.md.
"""

from __future__ import annotations

from svodka.batch.local import BatchError, LocalEngine
from svodka.batch.outputs import OutDirSink, StoreSink, sink_for
from svodka.batch.runner import BatchSummary, run_batch

__all__ = ["BatchError", "BatchSummary", "LocalEngine", "OutDirSink", "StoreSink", "run_batch",
           "sink_for"]
