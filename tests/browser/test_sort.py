"""Sorting: every column header is a button; clicks and keys cycle ascending, descending and
the data's own order, and aria-sort always names the one sorted column."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from generator.columns import version
from tests.browser.conftest import AWS, Server, Table, open_table, tab_to, visible

pytestmark = pytest.mark.browser

# The reader's locale order, as the browser itself collates text.
IN_ORDER = """names => {
    const collator = new Intl.Collator(undefined, {numeric: true, sensitivity: "base"});
    return names.every((n, i) => i === 0 || collator.compare(names[i - 1], n) <= 0);
}"""


def header(page: Page, table: Table, column_id: str) -> Locator:
    return page.get_by_role("columnheader", name=table.header(column_id), exact=True).first


def sorted_headers(page: Page) -> list[tuple[str, str]]:
    return [
        (str(h[0]), str(h[1]))
        for h in page.locator("th[aria-sort]").evaluate_all(
            "hs => hs.map(h => [h.dataset.column, h.getAttribute('aria-sort')])"
        )
    ]


def by_rank(table: Table, column_id: str, descending: bool = False) -> list[str | None]:
    """Row ids by the column's data-sort rank, cells with data-absent last whichever the
    direction; ties keep the data's order (a stable sort)."""
    j = table.column(column_id)
    sign = -1 if descending else 1
    rows = sorted(table.rows, key=lambda row: (row.absent[j], sign * int(row.sorts[j] or 0)))
    return [row.id for row in rows]


def test_click_cycles_ascending_descending_and_the_data_order(page: Page, server: Server) -> None:
    tables, table = open_table(page, server, AWS)
    th = header(page, table, "linux")
    button = th.get_by_role("button")
    assert sorted_headers(page) == []

    button.click()
    expect(th).to_have_attribute("aria-sort", "ascending")
    assert sorted_headers(page) == [("linux", "ascending")]
    assert visible(page, tables, table) == by_rank(table, "linux")

    button.click()
    expect(th).to_have_attribute("aria-sort", "descending")
    assert sorted_headers(page) == [("linux", "descending")]
    assert visible(page, tables, table) == by_rank(table, "linux", descending=True)

    button.click()
    expect(th).not_to_have_attribute("aria-sort", "descending")
    assert sorted_headers(page) == []
    assert visible(page, tables, table) == table.ids()


def test_text_columns_sort_in_the_readers_collation_with_absent_cells_last(
    page: Page, server: Server
) -> None:
    tables, table = open_table(page, server, AWS)
    by_id = {row.id: row for row in table.rows}
    for column_id in ("feature", "plans"):
        j = table.column(column_id)
        assert all(row.sorts[j] is None for row in table.rows), "sorted by text"
        button = header(page, table, column_id).get_by_role("button")
        for direction in ("ascending", "descending"):
            button.click()
            expect(header(page, table, column_id)).to_have_attribute("aria-sort", direction)
            ids = visible(page, tables, table)
            assert sorted(ids, key=str) == sorted(table.ids(), key=str)
            absent = [by_id[i].absent[j] for i in ids]
            assert absent == sorted(absent), "absent cells last, whichever the direction"
            filled = [by_id[i].cells[j].strip() for i in ids if not by_id[i].absent[j]]
            if direction == "descending":
                filled.reverse()
            assert page.evaluate(IN_ORDER, filled), (column_id, direction, filled)
        button.click()  # back to the data's order, ready for the next column
        assert visible(page, tables, table) == table.ids()


def test_sorting_by_keyboard_keeps_focus_on_the_header(page: Page, server: Server) -> None:
    tables, table = open_table(page, server, AWS)
    th = header(page, table, "windows")
    button = th.get_by_role("button")
    # Reach the header from the page by Tab alone, as a keyboard user does.
    page.get_by_role("searchbox", name="Filter").first.focus()
    tab_to(page, button, 40)
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(th).to_have_attribute("aria-sort", "ascending")
    assert visible(page, tables, table) == by_rank(table, "windows")
    page.keyboard.press("Space")
    expect(th).to_have_attribute("aria-sort", "descending")
    assert visible(page, tables, table) == by_rank(table, "windows", descending=True)
    expect(button).to_be_focused()


def test_sorting_one_column_unsorts_the_other(page: Page, server: Server) -> None:
    _, table = open_table(page, server, AWS)
    header(page, table, "linux").get_by_role("button").click()
    header(page, table, "feature").get_by_role("button").click()
    assert sorted_headers(page) == [("feature", "ascending")]


def test_sort_applies_to_the_filtered_rows(page: Page, server: Server) -> None:
    tables, table = open_table(page, server, AWS)
    page.get_by_role("searchbox", name="Filter").first.fill("eks")
    header(page, table, "linux").get_by_role("button").click()
    header(page, table, "linux").get_by_role("button").click()
    keep = {row.id for row in table.rows if "eks" in row.text.lower()}
    expected = [i for i in by_rank(table, "linux", descending=True) if i in keep]
    assert visible(page, tables, table) == expected


def test_version_columns_sort_as_versions(page: Page, drivers_server: Server) -> None:
    """Issue 11's acceptance: the drivers fixture's Cloud table, sorted by its `version`
    column, reads 1.9, >= 1.10, 1.28, ... 4.2 or newer (not as text, not as numbers)."""
    tables, table = open_table(page, drivers_server, "drivers/cloud/")
    j = table.column("version")
    th = header(page, table, "version")
    cells = """([i, j]) => [...document.querySelectorAll('table[data-ms-table]')[i].tBodies[0]
        .rows].map(r => r.cells[j].textContent.trim())"""
    th.get_by_role("button").click()
    expect(th).to_have_attribute("aria-sort", "ascending")
    ascending = page.evaluate(cells, [tables.index(table), j])
    assert [v for v in ascending if v in ("1.9", "≥ 1.10", "1.28")] == ["1.9", "≥ 1.10", "1.28"]
    # The whole column in the order the generator's own version kind gives its values.
    assert ascending == sorted((row.cells[j] for row in table.rows), key=version.parse)
    th.get_by_role("button").click()
    expect(th).to_have_attribute("aria-sort", "descending")
    assert page.evaluate(cells, [tables.index(table), j]) == ascending[::-1]
