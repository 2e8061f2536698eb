"""What a reader does in a real browser: search for a feature by name or alias with the site's
own search box, and read the pages on a phone without the page scrolling sideways."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page

from generator import read
from tests.browser.conftest import Server
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

MATRIX = read.check([ROOT / "data"], date(2025, 1, 1)).matrices[0]
QUERIES = [(f.id, f.name) for f in MATRIX.features.values()] + [
    (f.id, alias) for f in MATRIX.features.values() for alias in f.aliases
]


def _search(page: Page, query: str) -> list[str]:
    box = page.locator(".md-search__input")
    box.fill("")
    box.press_sequentially(query)
    results = page.locator(".md-search-result__item > a.md-search-result__link")
    results.first.wait_for()
    page.wait_for_timeout(150)  # the worker answers per keystroke; let the last answer land
    return [str(h) for h in results.evaluate_all("els => els.map(e => e.pathname)")]


def test_search_finds_each_feature_page_in_the_top_three(page: Page, server: Server) -> None:
    page.goto(server.url + f"{MATRIX.id}/")
    page.locator(".md-search__input").click()
    misses = []
    for feature_id, query in QUERIES:
        top = _search(page, query)[:3]
        if f"/{MATRIX.id}/features/{feature_id}/" not in top:
            misses.append(f"{query!r} -> {top}")
    assert not misses, "\n".join(misses)
    assert len(QUERIES) > len(MATRIX.features), "the data has aliases to search for"


@pytest.mark.parametrize(
    "path", ["", "azure/", "aws/", "features/runtime-va/", "reference/", "compare/azure-vs-aws/"]
)
def test_no_sideways_scroll_at_375_px(page: Page, server: Server, path: str) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(server.url + f"{MATRIX.id}/{path}")
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.body.scrollWidth, innerWidth]"
    )
    assert widths[0] <= widths[2] and widths[1] <= widths[2], widths
    # A wide table scrolls inside its own box, and its row headers (the feature names) stay
    # in view while it does.
    wrap = page.locator(".ms-table-wrap").first
    scroll = wrap.evaluate("el => [el.scrollWidth, el.clientWidth]")
    if scroll[0] > scroll[1]:
        wrap.evaluate("el => el.scrollBy(10000, 0)")
        box = wrap.bounding_box()
        header = wrap.locator("tbody th[scope=row]").first.bounding_box()
        assert box and header
        assert box["x"] - 1 <= header["x"] and header["x"] + 40 <= box["x"] + box["width"]
