"""What the column kind tests share: the checks' base document as a model (with a version
column), the contexts a kind renders cells in, and the row cell a derived kind shows there."""

from __future__ import annotations

from generator.columns.base import Kind
from generator.load import load_text
from generator.markdown import Markdown
from generator.model import Matrix, build
from generator.validate import validate
from generator.views import paths
from generator.views.base import CellContext, CellView, Footnotes, Page
from tests.checks.helpers import TODAY, matrix, vary, with_version

__all__ = [
    "TODAY",
    "context",
    "hostile",
    "matrix",
    "model",
    "page",
    "row_cell",
    "row_text",
    "vary",
    "with_version",
]


def model(text: str | None = None) -> Matrix:
    """The model of `text` (default: the base document with a version column), which must be
    valid."""
    text = with_version() if text is None else text
    loaded, diags = load_text(text, "m.yaml")
    assert loaded is not None
    diags += validate(loaded, today=TODAY)
    assert [str(d) for d in diags] == []
    return build(loaded)


def hostile() -> Matrix:
    """The base document with HTML and Markdown in every string a kind shows."""
    text = with_version()
    text = vary("title: Demo matrix", "title: Demo matrix\nstate_labels: {ga: '<b>Yes</b>'}", text)
    text = vary("free: Free", "free: '**Free** <i>tier</i>'", text)
    text = vary(
        "name: Azure posture",
        "name: '<i>Azure</i> & co'\nlink: 'https://d.example/?a=1&b=\"2\"'",
        text,
    )
    name = "name: 'Discovery <script>alert(1)</script> & \"co\"'"
    text = vary("name: Discovery", f"{name}\nlink: 'https://docs.example/?a=1&b=2'", text)
    text = vary("notes: Finds clusters.", "notes: 'Finds <b>all</b> **clusters** & more'", text)
    return model(text)


def context(matrix_: Matrix) -> CellContext:
    return CellContext(matrix_, Markdown(matrix_.links))


def page(matrix_: Matrix, env_id: str = "azure") -> Page:
    """The context of `env_id`'s page, with every reference placed on it."""
    md = Markdown(matrix_.links)
    here = paths.environment(matrix_, env_id)
    return Page(
        matrix_,
        md,
        CellContext(matrix_, md),
        here,
        {ref_id: here for ref_id in matrix_.references},
        Footnotes(dict(matrix_.footnotes), md),
    )


def row_cell(kind: Kind, matrix_: Matrix, column_id: str, here: Page | None = None) -> CellView:
    """What `kind` shows in column `column_id` of the row of 'discovery' on 'azure', on `here`
    (by default 'azure''s page)."""
    here = page(matrix_) if here is None else here
    return kind.row_cell(here, "azure", matrix_.features["discovery"], matrix_.columns[column_id])


def row_text(kind: Kind, matrix_: Matrix, column_id: str) -> str:
    """The text of `row_cell`, as the kind gives it without a page."""
    feature, column = matrix_.features["discovery"], matrix_.columns[column_id]
    return kind.row_text(matrix_, "azure", feature, column)
