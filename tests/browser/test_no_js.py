"""Without JavaScript the tables are the whole story: every row of every table on every page
is shown (a folded part, such as a comparison's differences in names only, once opened), and no
filter or sort control exists."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import Server, page_tables

pytestmark = pytest.mark.browser

ROWS = """() => [...document.querySelectorAll('table[data-ms-table]')].map(t =>
    [...t.tBodies[0].rows].filter(r => r.checkVisibility()).map(r => r.id || null))"""


def test_every_row_of_every_page_is_visible(nojs_page: Page, server: Server, site: Path) -> None:
    pages = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    checked = 0
    for path in pages:
        url_path = "" if path == "." else path + "/"
        tables = page_tables(site, url_path)
        if not tables:
            continue
        nojs_page.goto(server.url + url_path)
        # Folded parts open without JavaScript: a click on their summary.
        folded = nojs_page.locator("details:not([open]) > summary")
        while folded.count():
            folded.first.click()
        shown = nojs_page.evaluate(ROWS)
        assert shown == [t.ids() for t in tables], url_path
        assert nojs_page.locator(".ms-filter, .ms-sort, .ms-filter__empty").count() == 0
        assert nojs_page.locator("th[aria-sort]").count() == 0
        checked += sum(len(t.rows) for t in tables)
    assert checked > 0


def test_a_filtered_link_still_shows_everything(
    nojs_page: Page, server: Server, site: Path
) -> None:
    tables = page_tables(site, "containers/aws/")
    nojs_page.goto(server.url + "containers/aws/?aws.q=nothing+matches&aws.linux=GA")
    assert nojs_page.evaluate(ROWS) == [t.ids() for t in tables]
