"""The `choice` kind (`generator.columns.choice`): one of the column's declared values (a list
of them with `multi`), shown as their labels; each label a filter value; multi cells compare as
sets."""

from __future__ import annotations

from typing import Any

import pytest
from markupsafe import Markup

from generator.columns import KINDS
from generator.columns.base import Problem
from generator.columns.choice import KIND
from generator.views.base import CellView
from tests.columns.helpers import context, hostile, model

SINGLE: dict[str, Any] = {"type": "choice", "values": {"free": "Free", "paid": "Paid"}}
MULTI: dict[str, Any] = {"type": "choice", "multi": True, "values": {"aks": "AKS", "eks": "EKS"}}


def test_registered() -> None:
    assert KINDS["choice"] is KIND
    assert (KIND.derived, KIND.facet, KIND.leads_comparison) == (False, True, False)
    assert KIND.takes_not_applicable is True


# --- check ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value"),
    [(SINGLE, "free"), (SINGLE, "paid"), (MULTI, ["aks"]), (MULTI, ["eks", "aks"])],
)
def test_check_accepts_declared_values(column: dict[str, Any], value: object) -> None:
    assert list(KIND.check("c", column, value)) == []


@pytest.mark.parametrize(
    ("column", "value", "problems"),
    [
        (
            SINGLE,
            "fre",
            [
                Problem(
                    "choice-unknown",
                    "unknown value for column 'c': 'fre' (did you mean 'free'?);"
                    " expected one of 'free', 'paid'",
                )
            ],
        ),
        (
            MULTI,
            ["aks", "gke", "ek"],
            [
                Problem(
                    "choice-unknown",
                    "unknown value for column 'c': 'gke'; expected one of 'aks', 'eks'",
                    (1,),
                ),
                Problem(
                    "choice-unknown",
                    "unknown value for column 'c': 'ek' (did you mean 'eks'?);"
                    " expected one of 'aks', 'eks'",
                    (2,),
                ),
            ],
        ),
        (
            SINGLE,
            ["free"],
            [
                Problem(
                    "cell-type",
                    "column 'c' holds one value; expected one of its value ids, found a list",
                )
            ],
        ),
        (
            MULTI,
            "aks",
            [
                Problem(
                    "cell-type",
                    "column 'c' holds several values; expected a list of value ids, or '-',"
                    " found 'aks'",
                )
            ],
        ),
    ],
    ids=["unknown", "unknown-items", "list-for-single", "text-for-multi"],
)
def test_check_refuses(column: dict[str, Any], value: object, problems: list[Problem]) -> None:
    assert list(KIND.check("c", column, value)) == problems


# --- shown ------------------------------------------------------------------------------------


def test_value_cell_of_a_single_choice() -> None:
    matrix = model()
    assert KIND.value_cell(context(matrix), matrix.columns["plan"], "paid") == CellView(
        Markup("Paid"), "Paid", values=("Paid",), facet=True
    )


def test_value_cell_of_a_multi_choice_has_a_filter_value_per_label() -> None:
    matrix = model()
    cell = KIND.value_cell(context(matrix), matrix.columns["resources"], ("aks", "eks"))
    assert cell == CellView(Markup("AKS, EKS"), "AKS, EKS", values=("AKS", "EKS"), facet=True)
    assert cell.facet_values == "AKS|EKS"


def test_a_label_is_markdown_with_raw_html_escaped() -> None:
    matrix = hostile()
    cell = KIND.value_cell(context(matrix), matrix.columns["plan"], "free")
    assert cell.html == Markup("<strong>Free</strong> &lt;i&gt;tier&lt;/i&gt;")
    assert (cell.text, cell.values) == ("Free tier", ("Free tier",))


def test_text_is_the_labels() -> None:
    matrix = model()
    assert KIND.text(matrix, matrix.columns["plan"], "free") == "Free"
    assert KIND.text(matrix, matrix.columns["resources"], ("eks", "aks")) == "EKS, AKS"


# --- compared, exported, imported -------------------------------------------------------------


def test_same_compares_multi_values_as_sets() -> None:
    matrix = model()
    plan, resources = matrix.columns["plan"], matrix.columns["resources"]
    assert KIND.same(plan, "free", "free")
    assert not KIND.same(plan, "free", "paid")
    assert KIND.same(resources, ("aks", "eks"), ("eks", "aks"))
    assert not KIND.same(resources, ("aks",), ("aks", "eks"))


def test_change() -> None:
    assert KIND.change("free", "paid", "Free", "Paid") == "Free → Paid"


def test_dump_writes_a_multi_value_as_a_list() -> None:
    assert KIND.dump("free") == "free"
    assert KIND.dump(("aks", "eks")) == ["aks", "eks"]


def test_parse_is_the_importers_own() -> None:
    """Choice cells are read by the importer with the page's own values, not by the kind."""
    assert KIND.parse("Free") is None
