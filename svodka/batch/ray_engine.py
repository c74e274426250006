"""The Ray engine (``pip install 'svodka[ray]'``): when one machine is not enough.

A Ray Data pipeline per window of tasks: ``from_items`` (the coordinator reads the inputs
with svodka's readers, so every format and every input failure is handled as in the local
engine) → ``map_batches`` with an actor class that loads the pipeline once per actor → the
outcomes stream back as blocks finish; the coordinator puts them in input order and writes
them with the same sinks as the local engine (JSONL or Parquet files, or the archive).
Writing is cheap next to analysis, and keeping it in one place keeps the resume record exact.

Without ``--ray-address`` a local Ray is started with one CPU per worker; with an address
(``auto``, ``ray://head:10001``) the actors run on the cluster. See docs/scaling.md.
"""

from __future__ import annotations

import itertools
import pickle
import threading
import time
from collections.abc import Iterator
from typing import Any

from svodka.batch.inputs import Task
from svodka.batch.local import BatchError, EngineStats
from svodka.batch.worker import (
    Outcome,
    peak_rss_mb,
    release_free_memory,
    run_task,
    single_threaded,
    warm_up,
)

WINDOW = 20_000  # tasks per Ray dataset: the actors load the pipeline once per window


class _TimeLimit(BaseException):  # not an Exception: run_task must not catch it
    pass


def _interrupt(thread_id: int) -> None:
    """Raise _TimeLimit in another thread (at its next Python instruction)."""
    import ctypes

    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(_TimeLimit))


class SvodkaActor:
    """A Ray Data actor: loads the pipeline once, then analyses batches of pickled tasks."""

    def __init__(self, want: str, timeout: float | None) -> None:
        single_threaded()
        warm_up(None)
        self.want = want
        self.timeout = timeout

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        outcomes = [pickle.dumps((self._run(pickle.loads(blob)), peak_rss_mb()))
                    for blob in batch["task"]]
        release_free_memory()
        return {"index": batch["index"], "outcome": np.array(outcomes, dtype=object)}

    def _run(self, task: Task) -> Outcome:
        """run_task with the time limit: Ray runs the batch in a thread of the actor, so a
        watchdog timer raises an exception in that thread (a document stuck inside native
        code is stopped when it returns to Python)."""
        if not self.timeout:
            return run_task(task, self.want)
        lock = threading.Lock()
        state = {"done": False}

        def expire(thread_id: int) -> None:
            with lock:
                if not state["done"]:
                    _interrupt(thread_id)

        timer = threading.Timer(self.timeout, expire, args=(threading.get_ident(),))
        timer.daemon = True
        try:
            timer.start()
            try:
                outcome = run_task(task, self.want)
            finally:
                with lock:
                    state["done"] = True
                timer.cancel()
            return outcome
        except _TimeLimit:
            return Outcome(task.index, False, reason=f"timed out after {self.timeout:g} s",
                           seconds=self.timeout)


class RayEngine:
    """Analyse tasks with Ray actors, locally or on a cluster."""

    name = "ray"

    def __init__(self, workers: int | None = None, *, address: str | None = None,
                 chunk: int = 8, timeout: float | None = 120.0, window: int = WINDOW) -> None:
        try:
            import ray  # noqa: F401
            import ray.data  # noqa: F401
        except ImportError:
            raise BatchError("the Ray engine needs Ray: pip install 'svodka[ray]'") from None
        self.address = address
        self.workers = workers or 0  # 0: every CPU of the cluster (set in run)
        self.chunk = max(1, chunk)
        self.timeout = timeout if timeout and timeout > 0 else None
        self.window = max(1, window)
        self.stats = EngineStats(workers=self.workers)

    def _start(self) -> bool:
        """Connect to (or start) Ray; True when this engine started it."""
        import logging

        import ray

        for name in ("ray", "ray.data"):  # svodka reports progress and failures itself
            logging.getLogger(name).setLevel(logging.WARNING)
        if ray.is_initialized():
            started = False
        else:
            options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False,
                                       "configure_logging": False}
            if self.address:
                options["address"] = self.address
            else:
                import os

                options["num_cpus"] = self.workers or os.cpu_count() or 1
                # Ray runs workers at nice 15 by default; here they are the whole job, and
                # on a busy machine nice 15 starved them (84 ms/article wall for 51 ms CPU)
                os.environ.setdefault("RAY_worker_niceness", "0")
            try:
                ray.init(**options)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                raise BatchError(f"cannot start or reach Ray: {exc}".splitlines()[0]) from None
            started = True
        if not self.workers:
            self.workers = max(1, int(ray.cluster_resources().get("CPU", 1)))
        self.stats.workers = self.workers
        return started

    def run(self, tasks: Iterator[Task], want: str) -> Iterator[Outcome]:
        import ray
        import ray.data

        began = time.monotonic()
        started = self._start()
        context = ray.data.DataContext.get_current()
        # the coordinator puts outcomes back in input order itself: let Ray stream freely
        context.execution_options.preserve_order = False
        context.enable_progress_bars = False  # svodka shows its own
        try:
            while True:
                window = list(itertools.islice(tasks, self.window))
                if not window:
                    return
                rows = [{"index": t.index, "task": pickle.dumps(t)} for t in window]
                # small blocks: results stream back as soon as a block is done
                blocks = max(min(len(rows), self.workers), len(rows) // (self.chunk * 2))
                source = ray.data.from_items(rows, override_num_blocks=blocks)
                ds = source.map_batches(SvodkaActor, fn_constructor_kwargs={
                    "want": want, "timeout": self.timeout}, batch_size=self.chunk,
                    compute=ray.data.ActorPoolStrategy(size=self.workers), num_cpus=1,
                    batch_format="numpy")
                for batch in ds.iter_batches(batch_size=None, batch_format="numpy"):
                    if not self.stats.startup_seconds:
                        self.stats.startup_seconds = time.monotonic() - began
                    for blob in batch["outcome"]:
                        outcome, peak = pickle.loads(blob)
                        self.stats.peak_worker_rss_mb = max(self.stats.peak_worker_rss_mb, peak)
                        yield outcome
        finally:
            if started:
                ray.shutdown()
