"""svodka: structured, evidence-linked facts from Russian news."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from svodka.doc import Document


def analyze(text: str, **kwargs: Any) -> Document:
    """Analyse one article; see :func:`svodka.pipeline.analyze`."""
    from svodka.pipeline import analyze as _analyze

    return _analyze(text, **kwargs)


__all__ = ["__version__", "analyze"]
