"""svodka's bundled knowledge base: countries, places, regions, organisations, people,
demonyms and role holders, with Wikidata QIDs where a source gives one.

    from svodka import kb
    kb.lookup("Казахстане")            # [Candidate(qid='Q232', name='Казахстан', ...)]
    kb.link("Путина", "PER")           # Candidate(qid='Q7747', name='Владимир Путин', ...)
    kb.role_holder("президент", "KZ")  # [Candidate(name='Касым-Жомарт Токаев', ...), ...]
    kb.demonym("казахстанские")        # 'KZ'
    kb.country("KZ"); kb.expand_acronym("ОДКБ")

The data file is opened lazily, once per process (read-only SQLite, shared by threads).
``SVODKA_KB`` overrides its path. Sources and licenses: ``svodka/kb/LICENSES.md``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable

from svodka.kb.store import DEFAULT_PATH, KB, Candidate

__all__ = ["KB", "Candidate", "DEFAULT_PATH", "get_kb", "lookup", "link", "role_holder",
           "lookup_role", "demonym", "country", "country_code", "expand_acronym", "by_qid"]

_KB: KB | None = None
_LOCK = threading.Lock()


def get_kb() -> KB:
    """The process-wide KB (opened on first use)."""
    global _KB
    if _KB is None:
        with _LOCK:
            if _KB is None:
                _KB = KB(os.environ.get("SVODKA_KB") or DEFAULT_PATH)
    return _KB


def lookup(name: str, type: str | None = None, country: str | None = None) -> list[Candidate]:
    """Candidates for ``name`` (any case form), best first; precision-first, callers decide."""
    return get_kb().lookup(name, type, country)


def link(name: str, type: str | None = None, context_countries: Iterable[str] = ()
         ) -> Candidate | None:
    """A single candidate when sure (unique, dominant or picked by context), else None."""
    return get_kb().link(name, type, context_countries)


def role_holder(role: str, country: str | None = None) -> list[Candidate]:
    """Holders of a role, current first: ("президент", "KZ") or ("президент Казахстана")."""
    return get_kb().role_holder(role, country)


def lookup_role(phrase: str) -> list[Candidate]:
    """Holders of the role named by a phrase ("премьер-министра Казахстана")."""
    return get_kb().lookup_role(phrase)


def demonym(word: str) -> str | None:
    """Alpha-2 code of a demonym/country adjective in any form ("россияне" -> "RU")."""
    return get_kb().demonym(word)


def country(alpha2: str) -> Candidate | None:
    """The country record for an alpha-2 code."""
    return get_kb().country(alpha2)


def country_code(name: str) -> str | None:
    """Alpha-2 code of a country name in any form ("Казахстане" -> "KZ")."""
    return get_kb().country_code(name)


def expand_acronym(acr: str) -> list[Candidate]:
    """Entities an acronym stands for ("ОДКБ" -> the CSTO record)."""
    return get_kb().expand_acronym(acr)


def by_qid(qid: str) -> Candidate | None:
    """The record with a Wikidata QID."""
    return get_kb().by_qid(qid)
