"""The web UI in Chromium: the reference article, its speaker's profile, the framing of the
protesters, the events map, the analysis form; nothing from the archive runs as script.

Set SVODKA_SCREENSHOTS=1 to save the main pages under docs/screenshots/.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from webui import HOSTILE_ID, Page

pytestmark = pytest.mark.browser

TOKAEV = "Касым-Жомарт Токаев"
SEED_TITLE = "Президент Казахстана назвал протесты актом агрессии"
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def shot(p: Page, name: str) -> None:
    if os.environ.get("SVODKA_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        p.page.screenshot(path=str(SHOTS / f"{name}.png"))


def open_seed(p: Page) -> None:
    p.goto("/")
    p.page.get_by_role("link", name=re.compile(SEED_TITLE)).first.click()
    p.page.wait_for_url(re.compile(r"/documents/[0-9a-f]{40}$"))


def background(p: Page, selector: str) -> str:
    return str(p.page.eval_on_selector(selector, "el => getComputedStyle(el).backgroundColor"))


def test_reference_article_to_framing(page: Page) -> None:
    p = page
    shot_home(p)
    open_seed(p)
    # quotes by Tokayev are highlighted, with the speaker shown
    quotes = p.page.locator(f'#doc-text .hl-quote[data-speaker="{TOKAEV}"]')
    assert quotes.count() >= 5
    assert p.page.locator("#side .it-quote .speaker").first.inner_text() == TOKAEV
    badge = p.page.eval_on_selector(f'#doc-text .hl-quote[data-speaker="{TOKAEV}"]',
                                    "el => getComputedStyle(el, '::before').content")
    assert TOKAEV in badge
    # each kind has its own colour
    colours = {background(p, sel) for sel in ("#doc-text .hl-quote:not(.hl-label)",
                                              "#doc-text .hl-label", "#doc-text .hl-event",
                                              "#doc-text .hl-date:not(.hl-quote)")}
    assert len(colours) == 4, colours
    assert p.page.locator("#doc-text .hl-label", has_text="международными террористами").count()
    shot(p, "article")
    # a side-list item jumps to its span
    first = p.page.locator("#side .it-quote a.jump").first
    key = first.get_attribute("data-jump")
    first.click()
    p.page.wait_for_selector(f'#doc-text .flash[data-ann~="{key}"]')
    # the speaker's profile
    p.page.locator("#side .it-quote .speaker a.entlink").first.click()
    p.page.wait_for_url(re.compile(r"/entities/Q200881$"))
    assert p.page.locator("h1").inner_text() == TOKAEV
    assert p.page.locator("a.wikidata").get_attribute("href") == (
        "https://www.wikidata.org/wiki/Q200881")
    assert p.page.locator("svg.bars rect").count() >= 1
    row = p.page.locator("ol.labels-by li", has_text="международными террористами").first
    assert row.is_visible()
    shot(p, "entity")
    # the framing of the protesters: holders x labels, with evidence
    row.locator("a.framing").click()
    p.page.wait_for_url(re.compile(r"/framing\?target="))
    table = p.page.locator("table.matrix").first
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    assert "международный террорист" in headers
    holder_row = table.locator("tbody tr", has_text=TOKAEV)
    column = headers.index("международный террорист")
    cell = holder_row.locator("td").nth(column - 1)
    cell.locator("summary").click()
    evidence = cell.locator("ul.evidence mark", has_text="международными террористами")
    assert evidence.first.is_visible()
    if os.environ.get("SVODKA_SCREENSHOTS"):
        p.page.eval_on_selector_all("table.matrix details", "els => els.forEach(e => e.open = 1)")
        shot(p, "framing")
    assert p.errors == [] and p.dialogs == []


def shot_home(p: Page) -> None:
    if os.environ.get("SVODKA_SCREENSHOTS"):
        p.goto("/")
        shot(p, "archive")


def test_layer_toggles_and_span_clicks(page: Page) -> None:
    p = page
    open_seed(p)
    before = background(p, "#doc-text .hl-quote:not(.hl-label):not(.hl-event)")
    p.page.locator('input[data-layer="quote"]').uncheck()
    assert "hide-quote" in (p.page.locator("#doc-text").get_attribute("class") or "")
    after = background(p, "#doc-text .hl-quote:not(.hl-label):not(.hl-event)")
    assert before != after and after in ("rgba(0, 0, 0, 0)", "transparent")
    # clicking a label in the text marks it in the side list
    label = p.page.locator("#doc-text .hl-label").first
    keys = (label.get_attribute("data-ann") or "").split()
    label.click()
    active = p.page.locator("#side li.active")
    assert active.count() >= 1
    assert set(active.evaluate_all("els => els.map(e => e.dataset.item)")) <= set(keys)
    assert p.errors == []


def test_events_timeline_and_map(page: Page) -> None:
    p = page
    p.goto("/events")
    assert p.page.locator("svg.stacked rect").count() >= 3
    markers = p.page.locator("svg.worldmap circle.marker")
    assert markers.count() >= 2
    names = p.page.locator("svg.worldmap text.mlabel").all_text_contents()
    assert "Алматы" in names
    box = p.page.locator("svg.worldmap use").bounding_box()
    assert box is not None and box["width"] > 100  # the country outlines loaded
    shot(p, "events")
    p.page.locator("select[name=type]").select_option("ASSAULT")
    p.page.get_by_role("button", name="Filter").click()
    p.page.wait_for_url(re.compile(r"type=ASSAULT"))
    types = set(p.page.locator("table.events tbody .evtype").all_inner_texts())
    assert types == {"ASSAULT"}
    assert p.errors == []


def test_search_and_analyze(page: Page) -> None:
    p = page
    p.goto("/")
    p.page.locator("form.big input[name=q]").fill("Токаева")
    p.page.locator("form.big button").click()
    p.page.wait_for_url(re.compile(r"/search\?q="))
    assert p.page.locator("ol.hits mark").count() >= 1
    shot(p, "search")
    p.goto("/analyze")
    p.page.locator("textarea[name=text]").fill(
        "Президент России Владимир Путин заявил, что «переговоры прошли успешно». "
        "Протестующих он назвал провокаторами.")
    p.page.get_by_role("button", name="Analyse").click()
    p.page.wait_for_selector("#doc-text .hl-ent")
    assert p.page.locator('#doc-text .hl-quote[data-speaker="Владимир Путин"]').count() >= 1
    shot(p, "analyze")
    assert p.errors == []


def test_archive_content_never_runs(page: Page) -> None:
    p = page
    for path in (f"/documents/{HOSTILE_ID}", "/", "/documents", "/entities?name=Министр",
                 "/search?q=<script>window.__xss=5</script>"):
        p.goto(path)
        assert p.page.evaluate("() => window.__xss === undefined"), path
    p.goto(f"/documents/{HOSTILE_ID}")
    assert "<script>window.__xss = 1</script>" in p.page.locator("#doc-text").inner_text()
    assert p.page.locator("#doc-text img, main img").count() == 0
    assert p.dialogs == []


def test_json_twin_link(page: Page, server: str) -> None:
    p = page
    p.goto("/entities/Q200881")
    p.page.locator("a.json-twin").click()
    data: Any = p.page.evaluate("() => JSON.parse(document.body.innerText)")
    assert data["entity"]["kb_id"] == "Q200881"
