"""The registry of column kinds (`generator.columns`): the schema's column types, one module
each, and what is the same for every kind: cells that hold no fact ('-', '') and notes beside
a value."""

from __future__ import annotations

import pkgutil
from pathlib import Path

import pytest
from markupsafe import Markup

import generator.columns
from generator.columns import KINDS, Kind, cell, text, value_cell
from generator.diagnostics import SourceLoc
from generator.model import Cell, Value
from generator.schema import document
from generator.views.base import CellView
from tests.columns.helpers import context, model, page, vary, with_version

AT = SourceLoc("m.yaml", 1, 1)


def test_the_registry_is_the_schemas_column_types() -> None:
    enum = document()["$defs"]["column"]["properties"]["type"]["enum"]
    assert list(KINDS) == enum


def test_every_kind_module_is_registered_under_its_own_name() -> None:
    modules = {m.name for m in pkgutil.iter_modules(generator.columns.__path__)} - {"base"}
    assert modules == set(KINDS)
    for name, kind in KINDS.items():
        assert isinstance(kind, Kind)
        assert kind.name == name


@pytest.mark.parametrize("name", list(KINDS))
def test_every_kind_has_its_own_test_file(name: str) -> None:
    assert (Path(__file__).resolve().parent / f"test_{name}.py").is_file()


# --- what every kind shares -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column_id", "value"),
    [("linux", "ga"), ("plan", "free"), ("resources", ("aks",)), ("notes", "x"), ("kube", "1.2")],
)
def test_a_note_follows_the_value_escaped(column_id: str, value: Value) -> None:
    matrix = model()
    ctx, column = context(matrix), matrix.columns[column_id]
    plain = value_cell(ctx, column, Cell(value, AT))
    noted = value_cell(ctx, column, Cell(value, AT, "Only *AKS* <b>"))
    assert noted.html == plain.html + Markup(
        ' <span class="ms-note">Only <em>AKS</em> &lt;b&gt;</span>'
    )
    assert noted.text == f"{plain.text} (Only *AKS* <b>)"
    assert (noted.values, noted.sort, noted.facet) == (plain.values, plain.sort, plain.facet)


@pytest.mark.parametrize(
    ("column_id", "facet"),
    [("plan", True), ("resources", True), ("notes", False), ("kube", True)],
)
def test_not_applicable_is_an_absent_cell(column_id: str, facet: bool) -> None:
    matrix = model()
    column = matrix.columns[column_id]
    assert value_cell(context(matrix), column, Cell("-", AT)) == CellView(
        Markup(
            '<span class="ms-absent ms-absent--not-applicable" title="Not applicable">'
            '<span aria-hidden="true">-</span><span class="ms-sr">Not applicable</span></span>'
        ),
        "-",
        values=("Not applicable",),
        facet=facet,
        absent="not-applicable",
    )


@pytest.mark.parametrize("column_id", ["linux", "plan", "resources", "notes", "kube"])
def test_blank_is_an_absent_cell_in_every_value_column(column_id: str) -> None:
    matrix = model()
    column = matrix.columns[column_id]
    found = value_cell(context(matrix), column, Cell("", AT))
    assert (found.html, found.text, found.values, found.absent) == (
        Markup(
            '<span class="ms-absent ms-absent--blank" title="Not stated">'
            '<span aria-hidden="true"></span><span class="ms-sr">Not stated</span></span>'
        ),
        "Not stated",
        ("Not stated",),
        "blank",
    )


def test_the_same_value_gives_the_same_cell() -> None:
    matrix = model()
    ctx, column = context(matrix), matrix.columns["linux"]
    assert value_cell(ctx, column, Cell("ga", AT)) is value_cell(ctx, column, Cell("ga", AT))


def test_cell_and_text_of_each_column_in_a_row() -> None:
    text_ = vary("linux: ga", "linux: {value: preview, note: Audit only.}", with_version())
    text_ = vary("plan: free", "plan: '-'", text_)
    matrix = model(text_)
    feature = matrix.features["discovery"]
    expected = [
        "Discovery",
        "Azure posture",
        "Preview (Audit only.)",
        "Finds clusters.",
        "-",
        "AKS",
        "1.28",
    ]
    assert [text(matrix, "azure", feature, c) for c in matrix.columns.values()] == expected
    here = page(matrix)
    assert [cell(here, "azure", feature, c).text for c in matrix.columns.values()] == expected
