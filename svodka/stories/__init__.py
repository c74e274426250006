"""Stories across outlets: stored articles about the same real-world story, grouped.

    from svodka.stories import update, list_stories, story_detail
    summary = update(store)                  # assign the documents not in a story yet
    page = list_stories(store, limit=20)     # newest stories first
    detail = story_detail(store, story_id)   # timeline of merged events, sources, framing,
                                             # entity co-occurrence network

Clustering (``cluster.py``) is incremental and single-pass: each new document is compared
with the stories whose key terms and entities it shares (an inverted index in the archive,
``story_keys``) inside a date window, and joins the most similar one or starts its own.
Events of a story's documents that are the same real-world event are merged
(``events.py``). See docs/stories.md.
"""

from __future__ import annotations

from svodka.stories.cluster import UpdateSummary, after_ingest, update
from svodka.stories.view import list_stories, story_detail

__all__ = ["UpdateSummary", "after_ingest", "list_stories", "story_detail", "update"]
