"""The `text` kind (`generator.columns.text`): Markdown, shown as written (raw HTML shown as
text), not a filter unless the column says so."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from generator.columns import KINDS
from generator.columns.base import Problem
from generator.columns.text import KIND
from generator.views.base import CellView
from tests.columns.helpers import context, hostile, model, row_text, vary, with_version


def test_registered() -> None:
    assert KINDS["text"] is KIND
    assert (KIND.derived, KIND.facet, KIND.leads_comparison) == (False, False, False)
    assert KIND.takes_not_applicable is True


def test_check_accepts_text() -> None:
    assert list(KIND.check("notes", {"type": "text"}, "Any **Markdown**.")) == []


def test_check_refuses_a_list() -> None:
    assert list(KIND.check("notes", {"type": "text"}, ["a"])) == [
        Problem("cell-type", "column 'notes' holds Markdown text; expected text, found a list")
    ]


def test_value_cell_renders_inline_markdown() -> None:
    matrix = model()
    cell = KIND.value_cell(context(matrix), matrix.columns["notes"], "See [docs](x.md) `a<b`")
    assert cell == CellView(
        Markup('See <a href="x.md">docs</a> <code>a&lt;b</code>'), "See docs `a<b`"
    )


def test_raw_html_is_shown_as_text() -> None:
    matrix = hostile()
    value = matrix.features["discovery"].cells["notes"].value
    cell = KIND.value_cell(context(matrix), matrix.columns["notes"], value)
    assert cell.html == Markup("Finds &lt;b&gt;all&lt;/b&gt; <strong>clusters</strong> &amp; more")
    assert cell.text == "Finds all clusters & more"
    assert KIND.text(matrix, matrix.columns["notes"], value) == "Finds all clusters & more"


def test_a_column_can_turn_its_filter_on() -> None:
    matrix = model(vary("type: text", "type: text\nfacet: true", with_version()))
    assert KIND.value_cell(context(matrix), matrix.columns["notes"], "x").facet is True


def test_same_change_dump() -> None:
    column = model().columns["notes"]
    assert KIND.same(column, "a", "a")
    assert not KIND.same(column, "a", "A")
    assert KIND.change("a", "b", "a", "b") == "a → b"
    assert KIND.dump("Finds clusters.") == "Finds clusters."


@pytest.mark.parametrize("written", ["Finds clusters.", "", "-", "**bold** <b>"])
def test_parse_takes_any_text_as_written(written: str) -> None:
    assert KIND.parse(written) == written


def test_a_value_kind_has_no_row_cell() -> None:
    matrix = model()
    with pytest.raises(NotImplementedError, match="text columns hold values"):
        row_text(KIND, matrix, "notes")
