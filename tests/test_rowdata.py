"""generator/views/rowdata.py: which tables ship as data, and the island's format, read back
here by a decoder written from the module's docstring (what matrix-filter.js does)."""

from __future__ import annotations

import html
import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from bench.browser import synthetic_matrix
from generator import pipeline
from generator.views.rowdata import (
    INLINE_ROWS,
    ISLAND_FORMAT,
    ISLAND_ROWS,
    RowData,
    island,
    row_text,
    split,
)

ISLAND = re.compile(
    r'<script type="application/json" class="ms-island" data-ms-island="([^"]*)">(.*)</script>',
    re.S,
)


def row(i: int, state: str = "GA", name: str | None = None, absent: bool = False) -> RowData:
    name = name if name is not None else f"Feature {i}"
    mark = ' data-absent="not-listed"' if absent else ""
    cells = (
        f'<th scope="row"><a href="../f{i}/">{html.escape(name)}</a></th>'
        f'<td data-value="{state}" data-sort="0"{mark}><span class="s">{state}</span></td>'
        f'<td data-value="EKS|ECR">EKS, ECR</td>'
    )
    return RowData(
        html=f'<tr id="f{i}">{cells}</tr>',
        text=f"{name}\n{state}\nEKS, ECR",
        values=(name, state, "EKS|ECR"),
        sort=("", "0", ""),
    )


def decode(element: str) -> tuple[str, list[RowData], dict[str, Any]]:
    """(the table id, the rows, the raw JSON) of an island, as the browser script reads it."""
    found = ISLAND.fullmatch(element)
    assert found, element[:200]
    data = json.loads(found.group(2))
    s, c = data["s"], data["c"]
    rows = []
    for entry in data["r"]:
        opening, text, cells = entry[0], entry[1], [c[k] for k in entry[2:]]
        if opening < 0:
            markup = s[-1 - opening]
        else:
            markup = s[opening] + "".join(s[cell[0]] for cell in cells) + "</tr>"
        rows.append(
            RowData(
                markup,
                s[text],
                tuple(s[cell[1]] for cell in cells),
                tuple(s[cell[2]] for cell in cells),
            )
        )
    return html.unescape(found.group(1)), rows, data


def test_small_tables_are_written_whole_with_no_island() -> None:
    rows = [row(i) for i in range(ISLAND_ROWS)]
    assert split("t", rows) == ([r.html for r in rows], "")
    assert split("t", []) == ([], "")


def test_a_large_table_keeps_its_first_rows_inline_and_every_row_in_the_island() -> None:
    rows = [row(i, state=("GA", "Preview")[i % 2]) for i in range(ISLAND_ROWS + 1)]
    inline, element = split("aws-features", rows)
    assert inline == [r.html for r in rows[:INLINE_ROWS]]
    table_id, back, data = decode(element)
    assert table_id == "aws-features"
    assert back == rows
    assert (data["v"], data["cols"], data["inline"]) == (ISLAND_FORMAT, 3, INLINE_ROWS)


def test_repeated_strings_and_cells_are_written_once() -> None:
    rows = [row(i, state=("GA", "Preview")[i % 2]) for i in range(ISLAND_ROWS + 1)]
    _, _, data = decode(split("t", rows)[1])
    assert data["s"][0] == ""
    assert len(data["s"]) == len(set(data["s"]))
    assert len(data["c"]) == len({tuple(c) for c in data["c"]})
    # One header cell per row, plus two state cells and one resources cell in all.
    assert len(data["c"]) == len(rows) + 3
    assert all(len(r) == 2 + 3 for r in data["r"])


def test_absent_cells_are_flagged() -> None:
    rows = [row(0), row(1, state="Not listed", absent=True)]
    _, _, data = decode(island("t", rows))
    flags = [[len(data["c"][k]) == 4 for k in r[2:]] for r in data["r"]]
    assert flags == [[False, False, False], [False, True, False]]
    assert data["c"][data["r"][1][3]][3] == 1


def test_markup_in_the_data_cannot_close_the_script_or_become_html() -> None:
    evil = "</script><script>alert(1)</script> & <!-- x -->"
    rows = [row(0, name=evil), row(1, name="a > b")]
    element = island("t", rows)
    body = element[element.index(">") + 1 : -len("</script>")]
    assert not set("<>&") & set(body)
    assert decode(element)[1] == rows


def test_rows_that_are_not_one_cell_per_column_are_kept_whole() -> None:
    odd = RowData('<tr id="x"><td colspan="3">All</td></tr>', "All", ("a", "b", "c"), ("",) * 3)
    nested = RowData(
        "<tr><td><table><tr><td>in</td></tr></table></td><td>b</td><td>c</td></tr>",
        "in\nb\nc",
        ("in", "b", "c"),
        ("", "", ""),
    )
    rows = [row(0), odd, nested]
    _, back, data = decode(island("t", rows))
    assert back == rows
    assert data["r"][1][0] < 0 and data["r"][2][0] < 0


def test_the_island_is_deterministic() -> None:
    rows = [row(i, state=("GA", "Preview", "Not listed")[i % 3]) for i in range(700)]
    assert split("t", rows) == split("t", list(rows))
    assert island("t", rows).encode() == island("t", [*rows]).encode()


def test_rows_must_have_a_value_and_a_key_per_column() -> None:
    bad = RowData("<tr><td>a</td></tr>", "a", ("a", "b"), ("",))
    with pytest.raises(ValueError) as raised:
        island("t", [row(0), bad])
    assert str(raised.value) == (
        "expected 3 values and sort keys per row (the first row's), found 2 values and 1 sort keys"
    )


texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


@given(st.lists(st.tuples(texts, texts, texts), min_size=1, max_size=30))
def test_any_rows_come_back_as_they_went_in(cells: list[tuple[str, str, str]]) -> None:
    rows = []
    for name, value, key in cells:
        markup = f"<tr><th>{html.escape(name)}</th><td>{html.escape(value)}</td></tr>"
        rows.append(RowData(markup, f"{name}\n{value}", (name, value), (key, "")))
    element = island(f"t-{len(rows)}", rows)
    assert decode(element)[1] == rows


class _Text(HTMLParser):
    """What a browser's `textContent` gives for each cell of a row (spaces collapsed): the
    text the script matches typed words against in a table written whole."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: list[list[str]] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("td", "th"):
            if not self.depth:
                self.cells.append([])
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.cells[-1].append(data)


def text_content(row_html: str) -> str:
    parser = _Text()
    parser.feed(row_html)
    parser.close()
    return "\n".join(" ".join("".join(cell).split()) for cell in parser.cells)


cell_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=10)


@given(st.lists(st.tuples(cell_text, cell_text, cell_text), min_size=1, max_size=8))
def test_row_text_is_the_text_a_browser_reads_off_the_row(cells: list[tuple[str, ...]]) -> None:
    markup = "".join(
        f'<td data-value="{html.escape(a)}"><span aria-hidden="true">{html.escape(b)}</span>'
        f'<span class="ms-sr">{html.escape(c)}</span></td>'
        for a, b, c in cells
    )
    tr = f'<tr id="r"><th scope="row"><a href="x/">{html.escape(cells[0][0])}</a></th>{markup}</tr>'
    assert row_text(tr) == text_content(tr)


def test_a_generated_large_table_matches_typed_words_as_its_rows_in_the_page_read(
    tmp_path: Path,
) -> None:
    """The island's text of every row is the text of that row as the page would show it (its
    screen-reader words, marks and all), so a large table finds what a small one finds."""
    source = tmp_path / "synthetic.yaml"
    source.write_text(yaml.safe_dump(synthetic_matrix(ISLAND_ROWS + 100)), encoding="utf-8")
    root = Path(__file__).resolve().parents[1]
    options = pipeline.Options(date(2025, 1, 1), (source,), root / "templates", history=False)
    page = pipeline.generate(options).pages["synthetic/bench/index.md"]
    element = re.search(r'<script type="application/json" class="ms-island".*?</script>', page)
    assert element, "expected the environment's table to ship as data"
    _, rows, _ = decode(element.group())
    assert len(rows) == ISLAND_ROWS + 100
    inline = re.findall(r"^<tr\b.*</tr>$", page, re.M)[:INLINE_ROWS]
    assert [r.html for r in rows[:INLINE_ROWS]] == inline
    assert [r.text for r in rows] == [text_content(r.html) for r in rows]
    assert all("Not available" in r.text for r in rows if 'data-absent="not-available"' in r.html)
