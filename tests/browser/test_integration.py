"""The filter bar among the rest of the site: Material's instant navigation (set up again on
every page change), the search box and its keyboard shortcuts, and tables too large to lay out
on every keystroke (displayed a page at a time)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    AWS,
    AZURE,
    VISIBLE_IDS,
    Server,
    Table,
    bar,
    count_text,
    filterable,
    open_page,
    open_table,
    page_tables,
    serve_instead,
    tables_in,
)

pytestmark = pytest.mark.browser

BARS = re.compile("^Filter: ")


def test_instant_navigation_sets_up_each_page_it_loads(
    page: Page, instant_server: Server, site: Path
) -> None:
    azure = filterable(page_tables(site, AZURE))
    aws = filterable(page_tables(site, AWS))
    open_page(page, instant_server.url + AWS)
    page.evaluate("window.__samePage = true")
    page.locator(".md-nav--primary").get_by_role("link", name="Azure", exact=True).click()
    page.wait_for_url(instant_server.url + AZURE)
    expect(page.get_by_role("search", name=BARS)).to_have_count(len(azure))
    assert page.evaluate("window.__samePage") is True, "the page was swapped, not reloaded"

    table = azure[0]
    word = "agentless"
    expected = table.ids(lambda row: word in row.text.lower())
    bar(page, table).get_by_role("searchbox").fill(word)
    expect(bar(page, table).get_by_role("status")).to_have_text(count_text(table, len(expected)))
    page.wait_for_function("() => location.search.includes('agentless')")

    page.go_back()
    page.wait_for_url(instant_server.url + AWS)
    expect(page.get_by_role("search", name=BARS)).to_have_count(len(aws))
    expect(bar(page, aws[0]).get_by_role("status")).to_have_text(
        count_text(aws[0], len(aws[0].rows))
    )
    page.go_forward()
    page.wait_for_url(re.compile(re.escape(instant_server.url + AZURE) + r"\?"))
    expect(bar(page, table).get_by_role("searchbox")).to_have_value(word)
    expect(bar(page, table).get_by_role("status")).to_have_text(count_text(table, len(expected)))
    assert page.evaluate("window.__samePage") is True


def test_typing_in_the_filter_does_not_trigger_the_sites_shortcuts(
    page: Page, server: Server
) -> None:
    """Material opens search on "s", "f" and "/", and changes page on "n" and "p"."""
    _, table = open_table(page, server, AWS)
    box = bar(page, table).get_by_role("searchbox")
    box.press_sequentially("sfn/p")
    expect(box).to_have_value("sfn/p")
    assert not page.locator("#__search").is_checked()
    assert page.url.startswith(server.url + AWS)


def test_the_search_box_still_works_beside_the_filters(page: Page, server: Server) -> None:
    _, table = open_table(page, server, AWS, "?h=inventory")
    bar(page, table).get_by_role("combobox").first.select_option(index=1)
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially("inventory")
    expect(page.locator(".md-search-result__item").first).to_be_visible()


# --- a table too large to lay out on every keystroke ------------------------------------------

LARGE_ROWS = 1500
PAGE_ROWS = 50


def large_page(site: Path) -> tuple[str, Table]:
    """The AWS page with its feature table's rows repeated to LARGE_ROWS (ids made unique)."""
    html = (site / AWS / "index.html").read_text(encoding="utf-8")
    start = html.index("<tbody>", html.index('data-ms-table="features"')) + len("<tbody>")
    end = html.index("</tbody>", start)
    rows = re.findall(r"<tr id=\"[^\"]+\".*?</tr>", html[start:end], flags=re.S)
    copies = [
        re.sub(r'^<tr id="([^"]+)"', rf'<tr id="\1-{n}"', rows[n % len(rows)])
        for n in range(LARGE_ROWS)
    ]
    big = html[:start] + "\n".join(copies) + html[end:]
    return big, filterable(tables_in(big))[0]


def test_a_large_table_is_displayed_a_page_at_a_time(
    page: Page, server: Server, site: Path
) -> None:
    html, table = large_page(site)
    assert len(table.rows) == LARGE_ROWS
    serve_instead(page, server.url + AWS, html)
    open_page(page, server.url + AWS)
    controls = bar(page, table)
    status = controls.get_by_role("status")
    note = page.locator(".ms-filter__more")
    expect(status).to_have_text(count_text(table, LARGE_ROWS))
    expect(note).to_contain_text(f"Showing the first {PAGE_ROWS} of {LARGE_ROWS:,} matching")

    def shown() -> list[str | None]:
        return list(page.evaluate(VISIBLE_IDS, 0))  # the feature table: the page's first

    assert shown() == table.ids()[:PAGE_ROWS]
    note.get_by_role("button", name=f"Show {PAGE_ROWS} more").click()
    assert shown() == table.ids()[: 2 * PAGE_ROWS]

    word = "eks"
    matching = table.ids(lambda row: word in row.text.lower())
    assert len(matching) > PAGE_ROWS
    controls.get_by_role("searchbox").fill(word)
    expect(status).to_have_text(count_text(table, len(matching)))
    assert shown() == matching[:PAGE_ROWS], "a new filter starts again from one page"
    note.get_by_role("button", name="Show all").click()
    expect(note).to_be_hidden()
    assert shown() == matching


def test_a_link_to_a_row_past_the_first_page_displays_it(
    page: Page, server: Server, site: Path
) -> None:
    html, table = large_page(site)
    target = table.rows[LARGE_ROWS - 3].id
    serve_instead(page, server.url + AWS, html)
    open_page(page, server.url + AWS + f"#{target}")
    expect(page.locator(f"[id='{target}']")).to_be_visible()
    expect(bar(page, table).get_by_role("status")).to_have_text(count_text(table, LARGE_ROWS))
