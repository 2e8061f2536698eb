"""Column kinds, registered by name: one module per kind (`generator/columns/<name>.py`, whose
`KIND` says how its cells are checked, shown, sorted, filtered, compared, exported and
imported). The schema's list of column types is the registry's list: adding a kind means
adding its module and its name to `$defs.column.properties.type.enum`.

Cells that hold no fact ('-', '') and notes beside a value are the same for every kind, so they
are handled here, once.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from types import MappingProxyType
from typing import Final

from markupsafe import Markup

from generator.columns.base import Kind, Problem, facet
from generator.model import Cell, Column, Feature, Matrix, Value
from generator.schema import document
from generator.views.base import CellContext, CellView, Page
from generator.vocabulary import ABSENCES, BLANK, NOT_APPLICABLE

__all__ = [
    "KINDS", "CellContext", "Kind", "Problem", "absent_cell", "cell", "facet", "kind", "text",
    "value_cell",
]  # fmt: skip

NAMES: Final[tuple[str, ...]] = tuple(document()["$defs"]["column"]["properties"]["type"]["enum"])
KINDS: Final = MappingProxyType(
    {name: import_module(f"generator.columns.{name}").KIND for name in NAMES}
)


def kind(column: Column) -> Kind:
    kind_: Kind = KINDS[column.type]
    return kind_


def cell(page: Page, env_id: str, feature: Feature, column: Column) -> CellView:
    """The cell of `column` in `feature`'s row on `env_id`'s table."""
    kind_ = kind(column)
    if kind_.derived:
        return kind_.row_cell(page, env_id, feature, column)
    return value_cell(page.cells, column, feature.cell(env_id, column.id))


def text(matrix: Matrix, env_id: str, feature: Feature, column: Column) -> str:
    """The plain text of a cell, as the data says it ('-' for not applicable, '' for nothing
    stated), with its note: what a download of the table holds."""
    kind_ = kind(column)
    if kind_.derived:
        return kind_.row_text(matrix, env_id, feature, column)
    data = feature.cell(env_id, column.id)
    if data.value in (NOT_APPLICABLE, BLANK):
        shown = str(data.value)
    else:
        shown = kind_.text(matrix, column, data.value)
    return f"{shown} ({data.note})" if data.note else shown


def value_cell(ctx: CellContext, column: Column, data: Cell) -> CellView:
    """A value as a table cell, with its note; the same value gives the same (cached) cell."""
    key = (column.id, data.value, data.note)
    found = ctx.cells.get(key)
    if found is None:
        found = ctx.cells[key] = _value_cell(ctx, column, data.value, data.note)
    return found


def _value_cell(ctx: CellContext, column: Column, value: Value, note: str | None) -> CellView:
    kind_ = kind(column)
    if value in (NOT_APPLICABLE, BLANK):
        absence = ABSENCES["not-applicable" if value == NOT_APPLICABLE else "blank"]
        view = absent_cell(absence.id, facet(kind_, column))
    else:
        view = kind_.value_cell(ctx, column, value)
    if note:
        html = view.html + Markup(' <span class="ms-note">{}</span>').format(
            Markup(ctx.md.inline(note))
        )
        return CellView(
            html, f"{view.text} ({note})", view.is_header, view.values, view.sort, view.facet,
            view.absent,
        )  # fmt: skip
    return view


@cache
def absent_cell(absence_id: str, is_facet: bool) -> CellView:
    """A cell that holds no fact: its mark, and words for assistive tech and the legend."""
    absence = ABSENCES[absence_id]
    html = Markup(
        '<span class="ms-absent ms-absent--{}" title="{}"><span aria-hidden="true">{}</span>'
        '<span class="ms-sr">{}</span></span>'
    ).format(absence.id, absence.words, absence.mark, absence.words)
    return CellView(
        html, absence.mark or absence.words, values=(absence.words,), facet=is_facet,
        absent=absence.id,
    )  # fmt: skip
