"""axe-core (bundled by axe-playwright-python, no CDN) on each kind of page, with the filter
bar set up, and again with filters, an empty result and a sort applied: no serious or critical
violation. Plus what axe cannot judge: the controls' names and the live region."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    AWS,
    AZURE,
    Server,
    bar,
    facet,
    filterable,
    open_page,
    open_table,
    serious,
)

pytestmark = pytest.mark.browser

PAGES = {
    "home": "",
    "matrix index": "containers/",
    "environment (one table)": AWS,
    "environment (a table per domain)": AZURE,
    "feature": "containers/features/inventory/",
    "compare index": "containers/compare/",
    "compare": "containers/compare/azure-vs-aws/",
    "reference": "containers/reference/",
}
STATES = {
    "filtered": "?aws.linux=GA&aws.sort=-windows",
    "empty": "?aws.q=no+such+feature",
}


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_axe_finds_nothing_serious(page: Page, server: Server, path: str) -> None:
    open_page(page, server.url + path)
    found = serious(page)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("query", STATES.values(), ids=STATES.keys())
def test_axe_finds_nothing_serious_while_filtering(page: Page, server: Server, query: str) -> None:
    open_page(page, server.url + AWS + query)
    found = serious(page)
    assert not found, "\n".join(found)


def test_controls_are_labelled_and_the_count_is_a_polite_live_region(
    page: Page, server: Server
) -> None:
    tables, _ = open_table(page, server, AZURE)
    for table in filterable(tables):
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


def test_release_states_read_as_words_in_the_controls(page: Page, server: Server) -> None:
    """States are text, not colour: the options say GA, Preview, Unavailable."""
    _, table = open_table(page, server, AWS)
    header = table.header("linux")
    labels = facet(page, table, "linux").locator("option").all_inner_texts()
    assert labels[0] == header  # the column's name: no filter on it
    assert all(label.strip() and label.strip() != "-" for label in labels)
