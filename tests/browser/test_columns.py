"""Choosing columns: a "Columns" button opens a checkbox per column (all but the row header's);
an unchecked column is hidden in the header and in every row; the choice is kept in the URL
(?aws.hide=resources,sensor), survives a reload, steps with back and forward and follows
Material's instant navigation; it works from the keyboard and axe finds nothing serious."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import (
    AWS,
    AZURE,
    Server,
    Table,
    bar,
    count_text,
    filterable,
    open_page,
    open_table,
    page_tables,
    params,
    reload,
    serious,
    tab_to,
    visible,
)

pytestmark = pytest.mark.browser

# The columns a table shows, by its header; and how many displayed rows disagree with it.
SHOWN = """i => {
    const t = document.querySelectorAll('table[data-ms-table]')[i];
    const head = [...t.tHead.rows[0].cells];
    const on = head.map(c => c.checkVisibility());
    const rows = [...t.tBodies[0].rows].filter(r => r.checkVisibility());
    const odd = rows.filter(r => [...r.cells].some((c, j) => c.checkVisibility() !== on[j]));
    return [head.filter((c, j) => on[j]).map(c => c.dataset.column), odd.length];
}"""


def button(page: Page, table: Table) -> Locator:
    return bar(page, table).get_by_role("button", name=re.compile(r"^Columns"))


def chooser(page: Page, table: Table) -> Locator:
    return bar(page, table).get_by_role("group", name="Columns to show")


def checkbox(page: Page, table: Table, column_id: str) -> Locator:
    """The chooser's checkbox for a column, named by the column's header."""
    return chooser(page, table).get_by_role("checkbox", name=table.header(column_id), exact=True)


def shown(page: Page, tables: list[Table], table: Table) -> list[str]:
    """The ids of the columns shown, after checking that every displayed row agrees."""
    columns, odd = page.evaluate(SHOWN, tables.index(table))
    assert odd == 0, "a row shows other columns than the header"
    return list(columns)


def row_header(table: Table) -> str:
    """The column whose cells are the rows' headers (th scope=row): never hidden."""
    assert table.row_header is not None
    return table.columns[table.row_header].id


def hidden_param(page: Page) -> list[str]:
    return [v for k, vs in params(page).items() if k.endswith(".hide") for v in vs]


def test_the_button_lists_every_column_but_the_row_header(page: Page, server: Server) -> None:
    _, table = open_table(page, server, AWS)
    toggle = button(page, table)
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(chooser(page, table)).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    boxes = chooser(page, table).get_by_role("checkbox")
    names = [c.header for c in table.columns if c.id != row_header(table)]
    expect(boxes).to_have_count(len(names))
    for name, box in zip(names, boxes.all(), strict=True):
        expect(box).to_have_accessible_name(name)
        expect(box).to_be_checked()
    page.locator("h1").click()  # a click elsewhere closes it
    expect(chooser(page, table)).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")


def test_an_unchecked_column_is_hidden_in_the_header_and_every_row(
    page: Page, server: Server
) -> None:
    tables, table = open_table(page, server, AWS)
    ids = [c.id for c in table.columns]
    assert shown(page, tables, table) == ids
    button(page, table).click()
    for column_id in ("sensor", "resources"):  # hidden in any order, named in column order
        checkbox(page, table, column_id).uncheck()
    assert shown(page, tables, table) == [i for i in ids if i not in ("sensor", "resources")]
    expect(button(page, table)).to_have_text("Columns (2 hidden)")
    assert hidden_param(page) == ["resources,sensor"]
    # A hidden column's facet leaves the bar with it.
    expect(bar(page, table).get_by_role("combobox", name=table.header("sensor"))).to_have_count(0)
    # Filtering and sorting draw rows with the same columns.
    bar(page, table).get_by_role("searchbox").fill("eks")
    page.locator("th[data-column=linux] button").first.click()
    assert shown(page, tables, table) == [i for i in ids if i not in ("sensor", "resources")]
    expect(chooser(page, table)).to_be_hidden()  # the click on the header closed it
    button(page, table).click()
    checkbox(page, table, "resources").check()
    assert shown(page, tables, table) == [i for i in ids if i != "sensor"]
    assert hidden_param(page) == ["sensor"]


def test_hidden_columns_survive_a_reload_and_step_with_back_and_forward(
    page: Page, server: Server
) -> None:
    tables, table = open_table(page, server, AWS)
    ids = [c.id for c in table.columns]
    button(page, table).click()
    for column_id in ("plans", "windows"):
        checkbox(page, table, column_id).uncheck()
    both = [i for i in ids if i not in ("plans", "windows")]
    assert shown(page, tables, table) == both
    reload(page)
    assert shown(page, tables, table) == both
    expect(button(page, table)).to_have_text("Columns (2 hidden)")
    page.go_back()
    expect(button(page, table)).to_have_text("Columns (1 hidden)")
    assert shown(page, tables, table) == [i for i in ids if i != "plans"]
    page.go_back()
    expect(button(page, table)).to_have_text("Columns")
    assert shown(page, tables, table) == ids
    assert hidden_param(page) == []
    page.go_forward()
    page.go_forward()
    expect(button(page, table)).to_have_text("Columns (2 hidden)")
    assert shown(page, tables, table) == both
    button(page, table).click()
    boxes = chooser(page, table).get_by_role("checkbox")
    checked = [b.is_checked() for b in boxes.all()]
    header = row_header(table)
    assert checked == [c.id not in ("plans", "windows") for c in table.columns if c.id != header]


def test_a_link_can_hide_columns_but_never_the_row_header(page: Page, server: Server) -> None:
    first = row_header(filterable(page_tables(server.root, AWS))[0])
    tables, table = open_table(page, server, AWS, f"?aws.hide={first},plans,no-such-column")
    ids = [c.id for c in table.columns]
    assert shown(page, tables, table) == [i for i in ids if i != "plans"]
    expect(button(page, table)).to_have_text("Columns (1 hidden)")
    expect(bar(page, table).get_by_role("status")).to_have_text(count_text(table, len(table.rows)))
    assert visible(page, tables, table) == table.ids()


def test_columns_by_keyboard(page: Page, server: Server) -> None:
    tables, table = open_table(page, server, AWS)
    toggle = button(page, table)
    bar(page, table).get_by_role("searchbox").focus()
    tab_to(page, toggle, 12)
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(chooser(page, table)).to_be_visible()
    page.keyboard.press("Tab")
    first = chooser(page, table).get_by_role("checkbox").first
    expect(first).to_be_focused()
    page.keyboard.press("Space")
    expect(first).not_to_be_checked()
    hidden = next(c.id for c in table.columns if c.id != row_header(table))
    assert hidden not in shown(page, tables, table)
    page.keyboard.press("Escape")
    expect(chooser(page, table)).to_be_hidden()
    expect(toggle).to_be_focused()
    # Tabbing out of the open list closes it.
    page.keyboard.press("Enter")
    expect(chooser(page, table)).to_be_visible()
    for _ in range(len(table.columns) + 1):
        page.keyboard.press("Tab")
    expect(chooser(page, table)).to_be_hidden()


def test_hidden_columns_follow_instant_navigation(
    page: Page, instant_server: Server, site: Path
) -> None:
    tables = page_tables(site, AWS)
    table = filterable(tables)[0]
    open_page(page, instant_server.url + AWS + "?aws.hide=resources")
    page.evaluate("window.__samePage = true")
    assert "resources" not in shown(page, tables, table)
    page.locator(".md-nav--primary").get_by_role("link", name="Azure", exact=True).click()
    page.wait_for_url(instant_server.url + AZURE)
    azure = filterable(page_tables(site, AZURE))
    expect(button(page, azure[0])).to_have_text("Columns")
    page.go_back()
    page.wait_for_url(re.compile(re.escape(instant_server.url + AWS) + r"\?"))
    expect(button(page, table)).to_have_text("Columns (1 hidden)")
    assert "resources" not in shown(page, tables, table)
    assert page.evaluate("window.__samePage") is True


def test_axe_finds_nothing_serious_with_columns_hidden_and_the_list_open(
    page: Page, server: Server
) -> None:
    _, table = open_table(page, server, AWS, "?aws.hide=resources,sensor")
    button(page, table).click()
    expect(chooser(page, table)).to_be_visible()
    found = serious(page)
    assert not found, "\n".join(found)
