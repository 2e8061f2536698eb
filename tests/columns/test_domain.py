"""The `domain` kind (`generator.columns.domain`): the feature's domain, as the environment
names (and links) it; a filter by default; it takes no cell values."""

from __future__ import annotations

from markupsafe import Markup

from generator.columns import KINDS
from generator.columns.domain import KIND
from generator.views.base import CellView
from tests.columns.helpers import hostile, model, row_cell, row_text, vary, with_version


def test_registered() -> None:
    assert KINDS["domain"] is KIND
    assert (KIND.derived, KIND.facet, KIND.leads_comparison) == (True, True, False)


def test_row_cell_uses_the_environments_name() -> None:
    matrix = model()
    assert row_cell(KIND, matrix, "domain") == CellView(
        Markup("Azure posture"), "Azure posture", facet=True
    )
    assert row_text(KIND, matrix, "domain") == "Azure posture"


def test_row_cell_without_a_name_for_the_environment() -> None:
    text = vary(
        "\n    by_environment:\n      azure:\n        name: Azure posture", "", with_version()
    )
    matrix = model(text)
    assert row_cell(KIND, matrix, "domain") == CellView(Markup("Posture"), "Posture", facet=True)
    assert row_text(KIND, matrix, "domain") == "Posture"


def test_name_and_link_are_html_escaped() -> None:
    cell = row_cell(KIND, hostile(), "domain")
    assert cell == CellView(
        Markup(
            '<a href="https://d.example/?a=1&amp;b=&#34;2&#34;">'
            "&lt;i&gt;Azure&lt;/i&gt; &amp; co</a>"
        ),
        "<i>Azure</i> & co",
        facet=True,
    )
    assert cell.facet_values == "<i>Azure</i> & co"


def test_a_column_can_turn_its_filter_off() -> None:
    matrix = model(vary("type: domain", "type: domain\nfacet: false", with_version()))
    assert row_cell(KIND, matrix, "domain").facet is False


def test_nothing_to_import_as_a_value() -> None:
    assert KIND.parse("Posture") is None
