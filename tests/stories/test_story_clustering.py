"""Story clustering, event merging and the story views on both backends."""

from __future__ import annotations

from typing import Any

from story_helpers import record, reprint, story_of

from svodka.stories import list_stories, story_detail, update
from svodka.stories.cluster import unassigned


def test_clusters_incrementally(store: Any, analysed_samples: list[Any], retold: Any) -> None:
    first, others = analysed_samples[0], analysed_samples[1:]
    store.add_batch([record(d) for d in analysed_samples])
    summary = update(store)
    assert summary.documents == len(analysed_samples)
    assert summary.new_stories == len(analysed_samples)  # different stories stay apart
    assert unassigned(store) == []
    # later arrivals: a reprint and another outlet's shorter version of the first story
    store.add_batch([reprint(first, 1), record(retold)])
    second = update(store)
    assert second.documents == 2 and second.joined == 2 and second.new_stories == 0
    sid = story_of(store, first.id)
    assert story_of(store, f"{first.id}-reprint1") == sid
    assert story_of(store, retold.id) == sid
    assert len({story_of(store, d.id) for d in others}) == len(others)
    assert update(store).documents == 0  # nothing new: nothing to do
    again = update(store, rebuild=True)
    assert again.documents == len(analysed_samples) + 2
    assert story_of(store, retold.id) == story_of(store, first.id)


def test_story_views(store: Any, analysed_samples: list[Any], retold: Any) -> None:
    first = analysed_samples[0]
    store.add_batch([record(d) for d in analysed_samples] + [reprint(first, 2),
                                                              record(retold)])
    update(store)
    page = list_stories(store, limit=2)
    assert page["total"] == len(analysed_samples) and len(page["items"]) == 2 and page["more"]
    big = list_stories(store, min_documents=2)["items"]
    assert [s["documents"] for s in big] == [3]
    assert set(big[0]["sources"]) >= {"reprint2.example", "другое-издание.ru"}
    detail = story_detail(store, big[0]["id"])
    assert len(detail["documents_list"]) == 3
    # the reprint repeats every event of the original: merging must not count them twice
    mentions = sum(len(d.events) for d in (first, retold)) + len(first.events)
    assert detail["event_mentions"] == mentions
    assert 0 < detail["distinct_events"] < mentions
    merged = [e for e in detail["timeline"] if e["documents"] > 1]
    assert merged and all(len(e["evidence"]) == e["mentions"] for e in merged)
    assert detail["network"]["nodes"] and detail["network"]["edges"]
    names = {n["id"] for n in detail["network"]["nodes"]}
    assert all(e["source"] in names and e["target"] in names
               for e in detail["network"]["edges"])
    for t in detail["framing"]:
        assert t["by_outlet"] and t["by_holder"]
