"""axe-core (bundled by axe-playwright-python, no CDN) on each kind of page, with the filter
bar set up, and again with filters, an empty result and a sort applied: no serious or critical
violation. Plus what axe cannot judge: the controls' names and the live region."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, bar, facet, filterable, open_page, page_tables

pytestmark = pytest.mark.browser

PAGES = {
    "home": "",
    "matrix index": "containers/",
    "environment (one table)": "containers/aws/",
    "environment (a table per domain)": "containers/azure/",
    "feature": "containers/features/inventory/",
    "compare index": "containers/compare/",
    "compare": "containers/compare/azure-vs-aws/",
    "reference": "containers/reference/",
}
STATES = {
    "filtered": "?aws.linux=GA&aws.sort=-windows",
    "empty": "?aws.q=no+such+feature",
}
AXE = Axe()


def serious(page: Page) -> list[str]:
    results: dict[str, Any] = AXE.run(page).response
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_axe_finds_nothing_serious(page: Page, server: Server, path: str) -> None:
    open_page(page, server.url + path)
    found = serious(page)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("query", STATES.values(), ids=STATES.keys())
def test_axe_finds_nothing_serious_while_filtering(page: Page, server: Server, query: str) -> None:
    open_page(page, server.url + "containers/aws/" + query)
    found = serious(page)
    assert not found, "\n".join(found)


def test_controls_are_labelled_and_the_count_is_a_polite_live_region(
    page: Page, server: Server, site: Path
) -> None:
    open_page(page, server.url + "containers/azure/")
    for table in filterable(page_tables(site, "containers/azure/")):
        controls = bar(page, table)
        expect(controls.get_by_role("searchbox", name="Filter")).to_have_count(1)
        for column in table.columns:
            if column.facet:
                expect(facet(page, table, column.id)).to_have_count(1)
        status = controls.get_by_role("status")
        expect(status).to_have_count(1)
        # role=status is polite and atomic: the count is read when it changes, not stolen focus.
        assert status.evaluate("s => s.closest('[aria-live=assertive]')") is None
        for column in table.columns:
            th = page.get_by_role("columnheader", name=column.header, exact=True).first
            expect(th.get_by_role("button", name=column.header)).to_have_count(1)


def test_release_states_read_as_words_in_the_controls(
    page: Page, server: Server, site: Path
) -> None:
    """States are text, not colour: the options say GA, Preview, Unavailable."""
    table = filterable(page_tables(site, "containers/aws/"))[0]
    open_page(page, server.url + "containers/aws/")
    header = table.columns[table.column("linux")].header
    labels = facet(page, table, "linux").locator("option").all_inner_texts()
    assert labels[0] == header  # the column's name: no filter on it
    assert all(label.strip() and label.strip() != "-" for label in labels)
