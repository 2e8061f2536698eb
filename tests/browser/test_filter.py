"""The filter bar: free text, facets, the live count and the empty state, checked against the
rows and data-value attributes of the built page (and, for one facet, against data/)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Locator, Page, expect

from generator import vocabulary
from tests.browser.conftest import (
    AWS,
    AZURE,
    Server,
    bar,
    count_text,
    facet,
    filterable,
    open_page,
    open_table,
    page_tables,
    reload,
    serve_instead,
    tables_in,
    visible,
)
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

PAGES = [AWS, AZURE]


@pytest.mark.parametrize("path", PAGES)
def test_every_feature_table_gets_a_bar_built_from_its_own_values(
    page: Page, server: Server, path: str
) -> None:
    tables, _ = open_table(page, server, path)
    expect(page.get_by_role("search", name=re.compile("^Filter: "))).to_have_count(
        len(filterable(tables))
    )
    for table in filterable(tables):
        assert table.kind == "features"
        controls = bar(page, table)
        expect(controls.get_by_role("searchbox", name="Filter")).to_be_visible()
        expect(controls.get_by_role("status")).to_have_text(count_text(table, len(table.rows)))
        facets = [(j, c) for j, c in enumerate(table.columns) if c.facet]
        assert facets, table.caption
        for j, column in facets:
            select = facet(page, table, column.id)
            options = select.locator("option").evaluate_all("os => os.map(o => o.value)")
            assert options[0] == ""  # every row
            assert sorted(options[1:]) == sorted(table.facet_values(j)), column.id
        expect(controls.get_by_role("combobox")).to_have_count(len(facets))


def test_reference_tables_get_no_bar(page: Page, server: Server) -> None:
    tables, _ = open_table(page, server, AWS)
    references = [t for t in tables if t.kind == "reference"]
    assert references
    assert not any(t.filter for t in references), 'reference tables say data-ms-filter="off"'
    for table in references:
        expect(bar(page, table)).to_have_count(0)
    expect(page.locator("table[data-ms-table=reference] button")).to_have_count(0)


def test_the_markup_alone_decides_which_tables_filter_and_their_noun(
    page: Page, server: Server, site: Path
) -> None:
    """The script knows no table kinds: a features table marked data-ms-filter="off" gets
    nothing; a reference table not marked gets a bar; without data-ms-noun rows are "rows"."""
    html = (site / AWS / "index.html").read_text(encoding="utf-8")
    html = html.replace(' data-ms-filter="off"', "")
    html = re.sub(r' data-ms-noun="[^"]*"', "", html)
    html = html.replace('data-ms-table="features"', 'data-ms-table="features" data-ms-filter="off"')
    tables = tables_in(html)
    features = next(t for t in tables if t.kind == "features")
    reference = next(t for t in tables if t.kind == "reference")
    serve_instead(page, server.url + AWS, html)
    open_page(page, server.url + AWS)
    expect(bar(page, features)).to_have_count(0)
    expect(page.locator("table[data-ms-table=features] button")).to_have_count(0)
    rows = len(reference.rows)
    expect(bar(page, reference).get_by_role("status")).to_have_text(
        f"{rows} of {rows} {'row' if rows == 1 else 'rows'}"
    )


@pytest.mark.parametrize(
    "query", ["sensor", "GA", "ecr eks", "AGENTLESS discovery", "not applicable"]
)
def test_typing_hides_rows_without_the_words_and_updates_the_count(
    page: Page, server: Server, query: str
) -> None:
    tables, table = open_table(page, server, AWS)
    words = query.lower().split()
    expected = table.ids(lambda row: all(w in row.text.lower() for w in words))
    assert 0 < len(expected) < len(table.rows), "pick a query that narrows the table"
    box = bar(page, table).get_by_role("searchbox", name="Filter")
    box.press_sequentially(query)
    expect(bar(page, table).get_by_role("status")).to_have_text(count_text(table, len(expected)))
    assert visible(page, tables, table) == expected


@pytest.mark.parametrize("path", PAGES)
def test_each_facet_value_shows_exactly_the_rows_that_have_it(
    page: Page, server: Server, path: str
) -> None:
    tables, _ = open_table(page, server, path)
    for table in filterable(tables):
        controls = bar(page, table)
        status = controls.get_by_role("status")
        for j, column in enumerate(table.columns):
            if not column.facet:
                continue
            select = facet(page, table, column.id)
            for value in sorted(table.facet_values(j)):
                expected = table.ids(lambda row, j=j, v=value: v in (row.values[j] or ()))
                select.select_option(value=value)
                expect(status).to_have_text(count_text(table, len(expected)))
                assert visible(page, tables, table) == expected, (column.id, value)
            select.select_option(value="")
            expect(status).to_have_text(count_text(table, len(table.rows)))


def test_facet_counts_agree_with_the_data_file(page: Page, server: Server) -> None:
    """The AWS page's Linux facet against data/containers.yaml itself, not the page."""
    data = yaml.safe_load((ROOT / "data" / "containers.yaml").read_text(encoding="utf-8"))
    aws = [f for f in data["features"].values() if "aws" in f["support"]]
    _, table = open_table(page, server, AWS)
    assert len(table.rows) == len(aws)
    select = facet(page, table, "linux")
    for state, label in data["state_labels"].items():
        # The state that means "not available" is filtered by those words, not its mark.
        value = vocabulary.NOT_AVAILABLE_WORDS if state == vocabulary.UNAVAILABLE else label
        want = sum(
            1
            for f in aws
            if {**f.get("cells", {}), **f["support"]["aws"]["cells"]}["linux"] == state
        )
        if not want:
            continue
        select.select_option(value=value)
        expect(bar(page, table).get_by_role("status")).to_have_text(count_text(table, want))


def test_text_and_facets_combine(page: Page, server: Server) -> None:
    tables, table = open_table(page, server, AWS)
    j = table.column("linux")
    expected = table.ids(lambda row: "ga" in row.text.lower() and "GA" in (row.values[j] or ()))
    controls = bar(page, table)
    facet(page, table, "linux").select_option(value="GA")
    controls.get_by_role("searchbox").fill("ga")
    expect(controls.get_by_role("status")).to_have_text(count_text(table, len(expected)))
    assert visible(page, tables, table) == expected


def test_an_empty_result_says_so_and_offers_to_clear(page: Page, server: Server) -> None:
    tables, table = open_table(page, server, AWS)
    controls = bar(page, table)
    box = controls.get_by_role("searchbox")
    box.fill("no feature is called this")
    expect(controls.get_by_role("status")).to_have_text(count_text(table, 0))
    plural = table.noun.split("|")[-1]
    message = page.get_by_text(f"No {plural} match these filters.")
    expect(message).to_be_visible()
    assert visible(page, tables, table) == []
    message.get_by_role("button", name="Clear filters").click()
    expect(message).to_be_hidden()
    expect(controls.get_by_role("status")).to_have_text(count_text(table, len(table.rows)))
    expect(box).to_have_value("")
    expect(box).to_be_focused()
    assert visible(page, tables, table) == table.ids()
    assert "?" not in page.url


def test_clear_button_in_the_bar_shows_only_while_filtering(page: Page, server: Server) -> None:
    _, table = open_table(page, server, AWS)
    controls = bar(page, table)
    clear = controls.get_by_role("button", name="Clear filters")
    expect(clear).to_be_hidden()
    facet(page, table, "linux").select_option(index=1)
    expect(clear).to_be_visible()
    clear.click()
    expect(clear).to_be_hidden()
    expect(controls.get_by_role("status")).to_have_text(count_text(table, len(table.rows)))


def test_tables_on_one_page_filter_independently(page: Page, server: Server) -> None:
    tables, _ = open_table(page, server, AZURE)
    feature_tables = filterable(tables)
    assert len(feature_tables) > 1
    target = feature_tables[1]
    word = re.findall(r"[a-z]{5,}", target.rows[0].text.lower())[0]
    expected = target.ids(lambda row: word in row.text.lower())
    bar(page, target).get_by_role("searchbox").fill(word)
    expect(bar(page, target).get_by_role("status")).to_have_text(count_text(target, len(expected)))
    for other in feature_tables:
        if other is not target:
            assert visible(page, tables, other) == other.ids()
            expect(bar(page, other).get_by_role("status")).to_have_text(
                count_text(other, len(other.rows))
            )


def test_every_kind_of_matrix_table_filters(page: Page, server: Server, site: Path) -> None:
    """Every filterable table of a page of each shape (the kinds of table it holds), all
    shapes of the built site: the first facet's first value narrows to the rows carrying it,
    whatever the table kind (features, overview, compare, ...)."""
    pages = sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html"))
    kinds = set()
    shapes = set()
    for path in pages:
        tables = page_tables(site, path.lstrip("./"))
        shape = tuple(sorted({(t.kind, len(t.rows) <= SHORT) for t in filterable(tables)}))
        if not shape or shape in shapes:
            continue
        shapes.add(shape)
        open_page(page, server.url + path.lstrip("./"))
        # Tables folded away (a <details> the reader opens) filter the same once opened.
        page.locator("details").evaluate_all("ds => ds.forEach(d => { d.open = true; })")
        for table in filterable(tables):
            kinds.add(table.kind)
            facets = [j for j, c in enumerate(table.columns) if c.facet]
            status = bar(page, table).get_by_role("status")
            expect(status).to_have_text(re.compile(rf"^{len(table.rows)} of {len(table.rows)} "))
            if not facets:
                continue
            j = facets[0]
            value = sorted(table.facet_values(j))[0]
            expected = table.ids(lambda row, j=j, v=value: v in (row.values[j] or ()))
            facet(page, table, table.columns[j].id).select_option(value=value)
            expect(status).to_have_text(re.compile(rf"^{len(expected)} of {len(table.rows)} "))
            assert visible(page, tables, table) == expected, (path, table.caption)
    assert "features" in kinds


# --- a bar in proportion to its table ------------------------------------------------------

SHORT = 8  # tables of up to this many rows fold their facets (matrix-filter.js)
ENVIRONMENTS = ["azure", "aws", "gcp", "arc", "external-registries"]


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_short_tables_fold_their_facets_and_no_bar_outgrows_its_table(
    page: Page, server: Server, env: str
) -> None:
    """At 1280x900: a short table shows no select up front, only a "Filters" button; a long
    one shows its selects in at most two lines; no bar is taller than the table it filters."""
    tables, _ = open_table(page, server, f"containers/{env}/")
    for table in filterable(tables):
        controls = bar(page, table)
        toggle = controls.get_by_role("button", name="Filters", exact=True)
        facets = sum(c.facet for c in table.columns)
        line = _height(controls.get_by_role("searchbox"))
        if len(table.rows) <= SHORT:
            expect(controls.get_by_role("combobox")).to_have_count(0)
            expect(toggle).to_have_attribute("aria-expanded", "false")
            assert _height(controls) < 1.5 * line, "one line"
        else:
            expect(toggle).to_have_count(0)
            expect(controls.get_by_role("combobox")).to_have_count(facets)
            assert _height(controls) < 2.5 * line, "two lines at most"
        assert controls.locator("label:visible").count() == 0, "no label above a control"
        wrap = page.locator("table[data-ms-table]").nth(tables.index(table))
        assert _height(controls) <= _height(wrap), table.caption


def _height(locator: Locator) -> float:
    box = locator.bounding_box()
    assert box
    return box["height"]


def test_the_filters_button_unfolds_the_facets(page: Page, server: Server) -> None:
    tables, _ = open_table(page, server, AZURE)
    table = next(t for t in filterable(tables) if len(t.rows) <= SHORT)
    controls = bar(page, table)
    toggle = controls.get_by_role("button", name="Filters", exact=True)
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    selects = controls.get_by_role("combobox")
    expect(selects).to_have_count(sum(c.facet for c in table.columns))
    j = table.column("linux")
    value = sorted(table.facet_values(j))[0]
    facet(page, table, "linux").select_option(value=value)
    expected = table.ids(lambda row: value in (row.values[j] or ()))
    expect(controls.get_by_role("status")).to_have_text(count_text(table, len(expected)))
    # A link that filters by a facet opens with the facets unfolded.
    reload(page)
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(facet(page, table, "linux")).to_have_value(value)
    assert visible(page, tables, table) == expected
    page.get_by_role("button", name="Clear filters").first.click()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(selects).to_have_count(0)


def test_on_a_phone_a_long_tables_facets_fold_too(page: Page, server: Server) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    _, table = open_table(page, server, AWS)
    assert len(table.rows) > SHORT
    controls = bar(page, table)
    expect(controls.get_by_role("combobox")).to_have_count(0)
    expect(controls.get_by_role("button", name="Filters", exact=True)).to_be_visible()
    assert _height(controls) < 3 * _height(controls.get_by_role("searchbox"))


def test_a_facet_reads_as_its_column_then_as_the_value_it_filters_by(
    page: Page, server: Server
) -> None:
    """A select is named by its column; closed, it shows the column's header, or "header:
    value" while it filters; its options are the values as written (no "-", no "All")."""
    _, table = open_table(page, server, AWS)
    header = table.header("linux")
    select = facet(page, table, "linux")
    selected = "s => s.options[s.selectedIndex].text"
    assert select.evaluate(selected) == header
    select.select_option(value="GA")
    assert select.evaluate(selected) == f"{header}: GA"
    texts = select.locator("option").all_inner_texts()
    values = select.locator("option").evaluate_all("os => os.map(o => o.value)")
    assert texts[1:] == [f"{header}: GA" if v == "GA" else v for v in values[1:]]
    assert "-" not in values
    select.select_option(value="")
    assert select.evaluate(selected) == header
    assert select.locator("option").all_inner_texts()[1:] == values[1:]
