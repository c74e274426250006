"""svodka's REST API and web interface (FastAPI, Jinja2): ``create_app(store_url)``.

Needs the ``web`` extra (``pip install svodka[web]``); ``svodka serve`` runs it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["create_app"]


def create_app(*args: Any, **kwargs: Any) -> FastAPI:
    """See ``svodka.api.app.create_app``."""
    from svodka.api.app import create_app as create

    return create(*args, **kwargs)
