"""The `state` kind (`generator.columns.state`): a release state, shown as the matrix's label
in a badge, sorted from most to least available, read from the words Markdown pages use."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from generator.columns import KINDS
from generator.columns.base import Problem
from generator.columns.state import KIND
from generator.views.base import CellView
from tests.columns.helpers import context, hostile, model, vary, with_version

EXPECTED = "expected one of 'ga', 'preview', 'unavailable'"


def test_registered() -> None:
    assert KINDS["state"] is KIND
    assert (KIND.derived, KIND.facet, KIND.leads_comparison) == (False, True, True)
    assert KIND.takes_not_applicable is False  # 'unavailable' says it


# --- check ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["ga", "preview", "unavailable"])
def test_check_accepts_each_state(value: str) -> None:
    assert list(KIND.check("linux", {"type": "state"}, value)) == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Beta", f"unknown release state 'Beta'; {EXPECTED}"),
        ("GA", f"unknown release state 'GA' (did you mean 'ga'?); {EXPECTED}"),
        (
            "-",
            f"a state column says 'unavailable' where the seed writes '-'; {EXPECTED}, found '-'",
        ),
        (["ga"], f"column 'linux' holds one release state; {EXPECTED}, found a list"),
    ],
    ids=["unknown", "label", "not-applicable", "list"],
)
def test_check_refuses(value: object, message: str) -> None:
    assert list(KIND.check("linux", {"type": "state"}, value)) == [
        Problem("state-unknown", message)
    ]


# --- shown ------------------------------------------------------------------------------------


def test_value_cells_with_the_default_labels() -> None:
    matrix = model()
    ctx, column = context(matrix), matrix.columns["linux"]
    assert [KIND.value_cell(ctx, column, s) for s in ("ga", "preview", "unavailable")] == [
        CellView(
            Markup('<span class="ms-state ms-state--ga">GA</span>'),
            "GA",
            values=("GA",),
            sort="0",
            facet=True,
        ),
        CellView(
            Markup('<span class="ms-state ms-state--preview">Preview</span>'),
            "Preview",
            values=("Preview",),
            sort="1",
            facet=True,
        ),
        CellView(
            Markup(
                '<span class="ms-state ms-state--unavailable"><span aria-hidden="true">-</span>'
                '<span class="ms-sr">Not available</span></span>'
            ),
            "-",
            values=("Not available",),
            sort="2",
            facet=True,
            absent="not-available",
        ),
    ]


def test_value_cells_with_the_matrixs_own_labels() -> None:
    text = vary(
        "title: Demo matrix",
        "title: Demo matrix\nstate_labels: {unavailable: 'No', preview: '✱'}",
        with_version(),
    )
    matrix = model(text)
    ctx, column = context(matrix), matrix.columns["linux"]
    preview = KIND.value_cell(ctx, column, "preview")
    unavailable = KIND.value_cell(ctx, column, "unavailable")
    assert preview.html == Markup(
        '<span class="ms-state ms-state--preview"><span aria-hidden="true">✱</span>'
        '<span class="ms-sr">preview</span></span>'
    )
    assert (preview.text, preview.values, preview.sort) == ("✱", ("preview",), "1")
    assert unavailable.html == Markup('<span class="ms-state ms-state--unavailable">No</span>')
    assert (unavailable.text, unavailable.values, unavailable.absent) == (
        "No",
        ("No",),
        "not-available",
    )
    assert KIND.text(matrix, column, "unavailable") == "No"


def test_a_label_is_html_escaped() -> None:
    matrix = hostile()
    cell = KIND.value_cell(context(matrix), matrix.columns["linux"], "ga")
    assert cell.html == Markup('<span class="ms-state ms-state--ga">&lt;b&gt;Yes&lt;/b&gt;</span>')
    assert (cell.text, cell.facet_values) == ("<b>Yes</b>", "<b>Yes</b>")


def test_a_column_can_turn_its_filter_off() -> None:
    matrix = model(vary("type: state", "type: state\nfacet: false", with_version()))
    assert KIND.value_cell(context(matrix), matrix.columns["linux"], "ga").facet is False


def test_sort_keys_order_from_most_to_least_available() -> None:
    matrix = model()
    ctx, column = context(matrix), matrix.columns["linux"]
    keys = [KIND.value_cell(ctx, column, s).sort for s in ("unavailable", "ga", "preview")]
    assert sorted(keys) == ["0", "1", "2"]


# --- compared, exported, imported -------------------------------------------------------------


def test_same_and_change() -> None:
    column = model().columns["linux"]
    assert KIND.same(column, "ga", "ga")
    assert not KIND.same(column, "ga", "preview")
    assert KIND.change("preview", "ga", "Preview", "GA") == "Preview → GA"


def test_dump() -> None:
    assert KIND.dump("preview") == "preview"


@pytest.mark.parametrize(
    ("written", "state"),
    [
        ("Yes", "ga"),
        ("✔", "ga"),
        ("✔️", "ga"),
        ("✅", "ga"),
        ("GA", "ga"),
        ("Generally available", "ga"),
        ("Supported", "ga"),
        ("Preview", "preview"),
        ("Public preview", "preview"),
        ("  public   PREVIEW ", "preview"),
        ("Beta", "preview"),
        ("-", "unavailable"),
        ("No", "unavailable"),
        ("❌", "unavailable"),
        ("Not supported", "unavailable"),
    ],
)
def test_parse(written: str, state: str) -> None:
    assert KIND.parse(written) == state


@pytest.mark.parametrize("written", ["", "maybe", "GA soon", "Yes (AKS only)", "1.28"])
def test_parse_refuses_what_is_not_a_state(written: str) -> None:
    assert KIND.parse(written) is None


@pytest.mark.parametrize("written", ["Unavailable", "Not available"])
def test_parse_reads_the_words_for_unavailable(written: str) -> None:
    assert KIND.parse(written) == "unavailable"
