"""Filter and sort state in the URL: shared links open filtered, reload restores, back and
forward step through facet and sort changes, each table keeps its own parameters."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    AWS,
    AZURE,
    Server,
    Table,
    bar,
    count_text,
    facet,
    filterable,
    open_page,
    open_table,
    page_tables,
    params,
    reload,
    visible,
)

pytestmark = pytest.mark.browser


def wait_for_params(page: Page, predicate: str) -> None:
    """Typing updates the URL a moment after the last keystroke."""
    page.wait_for_function(
        f"() => {{ const p = new URLSearchParams(location.search); {predicate} }}"
    )


HIDDEN = """caption => [...[...document.querySelectorAll('table[data-ms-table]')]
    .find(t => t.caption.textContent.trim() === caption).tHead.rows[0].cells]
    .filter(h => !h.checkVisibility()).map(h => h.dataset.column)"""


def state(page: Page, table: Table) -> dict[str, object]:
    """What the reader sees of one table's state: the controls' values (folded facets too),
    the sorted column, the hidden columns and the count."""
    controls = bar(page, table)
    return {
        "query": controls.get_by_role("searchbox").input_value(),
        "facets": controls.locator("select").evaluate_all("ss => ss.map(s => s.value)"),
        "sorted": page.locator("th[aria-sort]").evaluate_all(
            "hs => hs.map(h => h.dataset.column + ' ' + h.getAttribute('aria-sort'))"
        ),
        "hidden": page.evaluate(HIDDEN, table.caption),
        "count": controls.get_by_role("status").inner_text(),
    }


def test_state_goes_into_the_url_and_a_reload_restores_it(page: Page, server: Server) -> None:
    tables, table = open_table(page, server, AWS)
    j = table.column("linux")
    value = sorted(table.facet_values(j))[0]
    controls = bar(page, table)
    controls.get_by_role("searchbox").press_sequentially("eks")
    facet(page, table, "linux").select_option(value=value)
    page.get_by_role("columnheader", name=table.header("feature")).get_by_role("button").click()
    wait_for_params(page, "return [...p.keys()].some(k => k.endsWith('.q'))")
    query = params(page)
    keys = {k.rsplit(".", 1)[1]: v for k, v in query.items()}
    assert keys == {"q": ["eks"], "linux": [value], "sort": ["feature"]}, query
    assert len({k.rsplit(".", 1)[0] for k in query}) == 1, "one table, one namespace"

    before = (state(page, table), visible(page, tables, table))
    reload(page)
    assert (state(page, table), visible(page, tables, table)) == before
    keep = {
        row.id for row in table.rows if "eks" in row.text.lower() and value in (row.values[j] or ())
    }
    assert set(before[1]) == keep


def test_a_shared_link_opens_the_same_view(browser: Browser, server: Server) -> None:
    tables = page_tables(server.root, AWS)
    table = filterable(tables)[0]
    first = browser.new_page()
    try:
        open_page(first, server.url + AWS)
        bar(first, table).get_by_role("combobox").first.select_option(index=1)
        first.locator("th[data-column=feature] button").first.click()
        url = first.url
        view = (state(first, table), visible(first, tables, table))
    finally:
        first.close()
    assert "?" in url
    other = browser.new_context()
    try:
        second = open_page(other.new_page(), url)
        assert (state(second, table), visible(second, tables, table)) == view
    finally:
        other.close()


def test_back_and_forward_step_through_facet_changes(page: Page, server: Server) -> None:
    tables, table = open_table(page, server, AWS)
    controls = bar(page, table)
    selects = controls.get_by_role("combobox")
    status = controls.get_by_role("status")
    full = count_text(table, len(table.rows))
    selects.nth(0).select_option(index=1)
    one = (status.inner_text(), visible(page, tables, table))
    selects.nth(1).select_option(index=1)
    two = (status.inner_text(), visible(page, tables, table))
    assert one[0] != full

    page.go_back()
    expect(selects.nth(1)).to_have_value("")
    assert (status.inner_text(), visible(page, tables, table)) == one
    page.go_back()
    expect(selects.nth(0)).to_have_value("")
    expect(status).to_have_text(full)
    page.go_forward()
    page.go_forward()
    expect(selects.nth(1)).not_to_have_value("")
    assert (status.inner_text(), visible(page, tables, table)) == two


def test_typing_replaces_the_history_entry(page: Page, server: Server) -> None:
    _, table = open_table(page, server, AWS)
    length = page.evaluate("history.length")
    bar(page, table).get_by_role("searchbox").press_sequentially("agentless")
    wait_for_params(page, "return [...p.values()].includes('agentless')")
    assert page.evaluate("history.length") == length
    bar(page, table).get_by_role("combobox").first.select_option(index=1)
    assert page.evaluate("history.length") == length + 1


def test_each_table_on_a_page_has_its_own_parameters(page: Page, server: Server) -> None:
    tables, _ = open_table(page, server, AZURE)
    first, second = filterable(tables)[:2]
    facet(page, second, "linux").select_option(index=1)
    bar(page, first).get_by_role("searchbox").fill("agentless")
    wait_for_params(page, "return [...p.values()].includes('agentless')")
    namespaces = {k.rsplit(".", 1)[0] for k in params(page)}
    assert len(namespaces) == 2, params(page)
    states = (state(page, first), state(page, second))
    reload(page)
    assert (state(page, first), state(page, second)) == states
    for other in filterable(tables)[2:]:
        assert visible(page, tables, other) == other.ids()


def test_other_parameters_and_the_hash_are_kept(page: Page, server: Server) -> None:
    """Material's search highlight (?h=) and the anchor survive filtering."""
    _, table = open_table(page, server, AWS, "?h=inventory#ref-va-aws")
    bar(page, table).get_by_role("combobox").first.select_option(index=1)
    assert params(page)["h"] == ["inventory"]
    assert urlsplit(page.url).fragment == "ref-va-aws"


def test_unknown_values_in_the_url_are_ignored(page: Page, server: Server) -> None:
    tables, table = open_table(page, server, AWS)
    bar(page, table).get_by_role("combobox").first.select_option(index=1)
    namespace = next(iter(params(page))).rsplit(".", 1)[0]
    bad = f"?{namespace}.linux=No+such+state&{namespace}.sort=no-such-column&{namespace}.zz=1"
    open_page(page, server.url + AWS + bad)
    expect(bar(page, table).get_by_role("status")).to_have_text(count_text(table, len(table.rows)))
    assert visible(page, tables, table) == table.ids()
    expect(page.locator("th[aria-sort]")).to_have_count(0)


def test_a_link_to_a_hidden_row_clears_that_tables_filter(page: Page, server: Server) -> None:
    tables, table = open_table(page, server, AWS)
    target = table.rows[1].id
    assert target
    bar(page, table).get_by_role("searchbox").fill("no row says this")
    wait_for_params(page, "return p.size > 0")
    query = urlsplit(page.url).query
    open_page(page, server.url + AWS + "?" + query + "#" + target)
    expect(page.locator(f"#{target}")).to_be_visible()
    expect(bar(page, table).get_by_role("searchbox")).to_have_value("")
    assert visible(page, tables, table) == table.ids()
