"""A table shipped as data (issue 10): the AWS page with its feature table grown to ROWS rows,
written the way the generator writes a large table (generator/views/rowdata.py: the first
rows in the HTML, every row in a JSON island after the table, a note for readers without
JavaScript). The script counts, filters, sorts and reveals over every row while drawing only
the rows displayed; without JavaScript the first rows and the note show."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from bench.browser import repeat, table_rows, with_rows
from generator.views.rowdata import INLINE_ROWS, ISLAND_ROWS, RowData
from tests.browser.conftest import (
    AWS,
    VISIBLE_IDS,
    Server,
    Table,
    bar,
    count_text,
    facet,
    filterable,
    open_page,
    reload,
    serve_instead,
    tables_in,
)

pytestmark = pytest.mark.browser

ROWS = ISLAND_ROWS + 700
ROW_ID = re.compile(r'<tr id="([^"]+)"')
HIDDEN_CELLS = """j => [...document.querySelector('table[data-ms-table]').tBodies[0].rows]
    .filter(r => r.cells[j].checkVisibility()).length"""


class Large:
    """The grown page: its HTML, its rows as data, and its table as the HTML states it."""

    def __init__(self, site: Path) -> None:
        html = (site / AWS / "index.html").read_text(encoding="utf-8")
        seeds = table_rows(html)
        self.rows: list[RowData] = [repeat(seeds, n) for n in range(ROWS)]
        self.html = with_rows(html, self.rows)
        self.table: Table = filterable(tables_in(self.html))[0]
        self.ids = [ROW_ID.findall(r.html)[0] for r in self.rows]

    def count(self, shown: int) -> str:
        return count_text(self.table, shown).replace(f"of {INLINE_ROWS:,} ", f"of {ROWS:,} ")

    def column(self, column_id: str) -> int:
        return self.table.column(column_id)

    def where(self, keep: Callable[[RowData], bool]) -> list[str]:
        return [i for i, row in zip(self.ids, self.rows, strict=True) if keep(row)]


@pytest.fixture(scope="module")
def large(site: Path) -> Large:
    return Large(site)


def serve(page: Page, server: Server, large: Large) -> None:
    """The grown page in place of the AWS page, whatever its query."""
    serve_instead(page, re.compile(re.escape(server.url + AWS) + r"(\?.*)?$"), large.html)


def open_large(page: Page, server: Server, large: Large, query: str = "") -> Locator:
    """Open the grown page, `query` appended, as open_page does; return its table's bar."""
    serve(page, server, large)
    open_page(page, server.url + AWS + query)
    return bar(page, large.table)


def drawn(page: Page) -> list[str]:
    return list(page.evaluate(VISIBLE_IDS, 0))  # the grown table: the page's first


def test_the_page_holds_the_first_rows_and_an_island_with_every_row(large: Large) -> None:
    assert len(large.table.rows) == INLINE_ROWS
    assert large.table.ids() == large.ids[:INLINE_ROWS]
    assert large.html.count('<script type="application/json" class="ms-island"') == 1
    assert large.html.count('class="ms-island-note"') == 1


def test_every_row_is_counted_and_the_first_are_drawn(
    page: Page, server: Server, large: Large
) -> None:
    controls = open_large(page, server, large)
    expect(controls.get_by_role("status")).to_have_text(large.count(ROWS))
    expect(page.locator(".ms-island-note")).to_be_hidden()
    assert drawn(page) == large.ids[:INLINE_ROWS]
    note = page.locator(".ms-filter__more")
    expect(note).to_contain_text(f"Showing the first {INLINE_ROWS} of {ROWS:,} matching")
    note.get_by_role("button", name=f"Show {INLINE_ROWS} more").click()
    assert drawn(page) == large.ids[: 2 * INLINE_ROWS]
    note.get_by_role("button", name="Show all").click()
    expect(note).to_be_hidden()
    assert drawn(page) == large.ids


def test_filters_search_every_row_not_only_those_drawn(
    page: Page, server: Server, large: Large
) -> None:
    controls = open_large(page, server, large)
    word = "runtime"
    matching = large.where(lambda row: word in row.text.lower())
    assert len(matching) > INLINE_ROWS and matching[-1] not in large.ids[:INLINE_ROWS]
    controls.get_by_role("searchbox").fill(word)
    expect(controls.get_by_role("status")).to_have_text(large.count(len(matching)))
    assert drawn(page) == matching[:INLINE_ROWS]
    j = large.column("resources")
    value = sorted({v for row in large.rows for v in row.values[j].split("|")})[0]
    facet(page, large.table, "resources").select_option(value=value)
    both = large.where(lambda row: word in row.text.lower() and value in row.values[j].split("|"))
    expect(controls.get_by_role("status")).to_have_text(large.count(len(both)))
    assert drawn(page) == both[:INLINE_ROWS]
    controls.get_by_role("searchbox").fill("no row says this")
    plural = large.table.noun.split("|")[-1]
    expect(page.get_by_text(f"No {plural} match these filters.")).to_be_visible()
    assert drawn(page) == []


def test_sorting_orders_every_row(page: Page, server: Server, large: Large) -> None:
    controls = open_large(page, server, large)
    j = large.column("windows")
    absent = {i for i, row in zip(large.ids, large.rows, strict=True) if "Not" in row.values[j]}
    ranked = sorted(
        range(ROWS), key=lambda n: (large.ids[n] in absent, float(large.rows[n].sort[j] or 0))
    )
    ascending = [large.ids[n] for n in ranked]
    button = page.locator("th[data-column=windows] button")
    button.click()
    expect(page.locator("th[data-column=windows]")).to_have_attribute("aria-sort", "ascending")
    assert drawn(page) == ascending[:INLINE_ROWS]
    descending = sorted(
        range(ROWS), key=lambda n: (large.ids[n] in absent, -float(large.rows[n].sort[j] or 0))
    )
    button.click()
    assert drawn(page) == [large.ids[n] for n in descending][:INLINE_ROWS]
    assert drawn(page)[-1] not in absent, "absent cells last, whichever the direction"
    # The state is in the URL and a reload restores it.
    controls.get_by_role("searchbox").fill("eks")
    page.wait_for_function("() => location.search.includes('aws.q=eks')")
    before = drawn(page)
    reload(page)
    assert drawn(page) == before


def test_a_link_to_a_row_not_drawn_yet_draws_it_and_scrolls_to_it(
    page: Page, server: Server, large: Large
) -> None:
    target = large.ids[ROWS - 3]
    controls = open_large(page, server, large, "?aws.q=no+row+says+this#" + target)
    row = page.locator(f"[id='{target}']")
    expect(row).to_be_visible()
    expect(row).to_be_in_viewport()
    expect(controls.get_by_role("searchbox")).to_have_value("")
    expect(controls.get_by_role("status")).to_have_text(large.count(ROWS))
    # The rows from it on are drawn, not every row before it.
    assert drawn(page) == large.ids[ROWS - 3 :]
    note = page.locator(".ms-filter__more")
    expect(note).to_have_text(re.compile(rf"^Showing rows {ROWS - 2:,}\u2013{ROWS:,} of {ROWS:,} "))
    expect(note.get_by_role("button", name=re.compile(r"^Show \d+ more"))).to_be_hidden()
    # Following a link within the page does the same.
    other = large.ids[INLINE_ROWS + 150]
    page.evaluate("id => { location.hash = id; }", other)
    expect(page.locator(f"[id='{other}']")).to_be_in_viewport()
    assert drawn(page)[0] == other
    note.get_by_role("button", name="Show all").click()
    assert drawn(page) == large.ids


def test_hidden_columns_stay_hidden_in_rows_drawn_later(
    page: Page, server: Server, large: Large
) -> None:
    open_large(page, server, large, "?aws.hide=resources")
    j = large.column("resources")
    page.locator(".ms-filter__more").get_by_role("button", name="Show all").click()
    assert len(drawn(page)) == ROWS
    assert page.evaluate(HIDDEN_CELLS, j) == 0


def test_without_javascript_the_first_rows_and_the_note_show(
    nojs_page: Page, server: Server, large: Large
) -> None:
    serve(nojs_page, server, large)
    nojs_page.goto(server.url + AWS)
    assert drawn(nojs_page) == large.ids[:INLINE_ROWS]
    expect(nojs_page.locator(".ms-island-note")).to_be_visible()
    assert nojs_page.locator(".ms-filter").count() == 0


@pytest.mark.parametrize(
    ("label", "old", "new"),
    [("not JSON", '"v":1,', '"v":1,,'), ("another format", '"v":1,', '"v":2,')],
)
def test_an_island_the_script_cannot_read_leaves_the_rows_and_the_note(
    page: Page, server: Server, large: Large, label: str, old: str, new: str
) -> None:
    """The note for readers without JavaScript goes only once the island is read: otherwise
    the table is the rows in the HTML, and the note still says that they are not all."""
    broken = large.html.replace(old, new, 1)
    assert broken != large.html, label
    url = re.compile(re.escape(server.url + AWS) + r"(\?.*)?$")
    serve_instead(page, url, broken)
    open_page(page, server.url + AWS)
    expect(page.locator(".ms-island-note")).to_be_visible()
    assert drawn(page) == large.ids[:INLINE_ROWS]
