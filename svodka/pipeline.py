"""The analyser: a pipeline of stages, each ``Document -> Document``.

A stage declares what it ``needs`` and what it ``adds`` (capability names such as
"parse", "entities", "dates"); the pipeline checks the order when it is built. While the
stages run they work on the prepared copy of the text (``doc.state["prepared"].text``)
and write offsets into that copy; when the last stage is done the pipeline maps every
offset back to the input text and fills each item's ``text`` from the input, so the
output always satisfies ``text[start:end] == item.text``.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from svodka import __version__
from svodka.doc import Document, Record, Span
from svodka.prepare import Prepared, guess_title, prepare


class PipelineError(ValueError):
    """A pipeline whose stages are out of order or missing what they need."""


class Stage:
    """Base class of a pipeline stage. Subclasses set ``name``, ``needs`` and ``adds``."""

    name: ClassVar[str] = "stage"
    needs: ClassVar[frozenset[str]] = frozenset()
    adds: ClassVar[frozenset[str]] = frozenset()

    def __call__(self, doc: Document) -> Document:  # pragma: no cover - abstract
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} needs={sorted(self.needs)} adds={sorted(self.adds)}>"


class PrepareStage(Stage):
    """Normalised working copy with an offset map; credit lines set aside; headline title."""

    name = "prepare"
    adds = frozenset({"prepared"})

    def __call__(self, doc: Document) -> Document:
        prepared = prepare(doc.text)
        doc.state["prepared"] = prepared
        if doc.title is None:
            span = guess_title(prepared.text)
            if span is not None:
                s, e = prepared.to_input(*span)
                doc.title = doc.text[s:e]
                doc.state["title_span"] = span
        return doc


class ParseStage(Stage):
    """Natasha: sentences, tokens with lemmas and morphology, dependency parse, raw NER."""

    name = "parse"
    needs = frozenset({"prepared"})
    adds = frozenset({"parse", "sentences"})

    def __call__(self, doc: Document) -> Document:
        from svodka import nlp
        from svodka.doc import Sentence

        parse = nlp.parse(doc.state["prepared"].text)
        doc.state["parse"] = parse
        doc.sentences = [Sentence(s.start, s.end) for s in parse.sents]
        return doc


class Pipeline:
    """An ordered list of stages, checked at construction."""

    def __init__(self, stages: Sequence[Stage]):
        have: set[str] = set()
        for stage in stages:
            missing = stage.needs - have
            if missing:
                raise PipelineError(
                    f"stage {stage.name!r} needs {sorted(missing)}, which no earlier stage adds")
            have |= stage.adds
        self.stages = list(stages)
        self.capabilities = frozenset(have)
        # cumulative wall and CPU seconds per stage in this process (benchmarks read them;
        # CPU time is what a stage costs when other jobs share the machine)
        self.stage_seconds: dict[str, float] = {s.name: 0.0 for s in self.stages}
        self.stage_cpu_seconds: dict[str, float] = {s.name: 0.0 for s in self.stages}

    def __repr__(self) -> str:
        return f"Pipeline({[s.name for s in self.stages]})"

    def __call__(self, doc: Document, *, keep_state: bool = False) -> Document:
        for stage in self.stages:
            t0, c0 = time.perf_counter(), time.process_time()
            doc = stage(doc)
            self.stage_seconds[stage.name] += time.perf_counter() - t0
            self.stage_cpu_seconds[stage.name] += time.process_time() - c0
        finalize(doc)
        doc.extra.setdefault("analyser", f"svodka {__version__}")
        if not keep_state:
            doc.state.clear()
        return doc


def default_stages() -> list[Stage]:
    from svodka.extract.entities import EntitiesStage

    stages: list[Stage] = [PrepareStage(), ParseStage(), EntitiesStage()]
    for module, cls in (("svodka.extract.linking", "LinkStage"),
                        ("svodka.extract.coref", "CorefStage"),
                        ("svodka.extract.dates", "DatesStage"),
                        ("svodka.extract.quotes", "QuotesStage"),
                        ("svodka.extract.events", "EventsStage"),
                        ("svodka.extract.labels", "LabelsStage")):
        stage = _optional_stage(module, cls)
        if stage is not None:
            stages.append(stage)
    return stages


def _optional_stage(module: str, cls: str) -> Stage | None:
    """Stages that land with later capabilities; absent modules are simply not run."""
    import importlib

    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            return None
        raise
    stage: Stage = getattr(mod, cls)()
    return stage


_DEFAULT: Pipeline | None = None


def default_pipeline() -> Pipeline:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline(default_stages())
    return _DEFAULT


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")


def normalize_published(value: Any) -> str | None:
    """Publication date as ISO 8601 text; accepts date, datetime or an ISO string."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not _ISO_DATE.match(text):
        raise ValueError(f"published must be an ISO date like 2022-01-05, got {text!r}")
    dt.date.fromisoformat(text[:10])  # rejects impossible dates such as 2022-02-30
    return text.replace(" ", "T", 1) if len(text) > 10 else text


def published_date(doc: Document) -> dt.date | None:
    return dt.date.fromisoformat(doc.published[:10]) if doc.published else None


def analyze(text: str, *, published: Any = None, source: str | None = None,
            url: str | None = None, title: str | None = None, id: str | None = None,
            pipeline: Pipeline | None = None) -> Document:
    """Analyse one article and return its svodka/1 ``Document``."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    doc = Document(text=text, id=id or "", source=source, url=url, title=title,
                   published=normalize_published(published))
    return (pipeline or default_pipeline())(doc)


# -- mapping offsets back to the input ---------------------------------------------------

def _walk(obj: Any) -> Iterable[Record]:
    if isinstance(obj, Record):
        yield obj
        for name in vars(obj):
            if name in ("extra", "state"):
                continue
            yield from _walk(getattr(obj, name))
    elif isinstance(obj, list):
        for item in obj:
            yield from _walk(item)


def finalize(doc: Document) -> None:
    """Map every span from the prepared copy to the input text and refill its ``text``."""
    prepared: Prepared | None = doc.state.get("prepared")
    layers = [doc.sentences, doc.entities, doc.dates, doc.quotes, doc.events, doc.labels]
    if prepared is not None and not prepared.identity:
        seen: set[int] = set()
        for layer in layers:
            for rec in _walk(layer):
                if id(rec) in seen or not hasattr(rec, "start"):
                    continue
                seen.add(id(rec))
                rec.start, rec.end = prepared.to_input(rec.start, rec.end)  # type: ignore[attr-defined]
    for layer in layers:
        for rec in _walk(layer):
            if hasattr(rec, "text") and hasattr(rec, "start"):
                rec.text = doc.text[rec.start:rec.end]  # type: ignore[attr-defined]
    if prepared is not None:
        doc.set_aside = [Span(s, e, doc.text[s:e], extra={"reason": why})
                         for s, e, why in prepared.set_aside]
