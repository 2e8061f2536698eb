"""Compare views: for each pair of environments, only the features whose support differs.

A feature differs when one environment lists it and the other does not, or when a column both
environments show holds different values. The index page is a static choice of pairs.
"""

from __future__ import annotations

from itertools import combinations

from markupsafe import Markup

from generator.columns import kind
from generator.model import Environment
from generator.views import paths
from generator.views.base import (
    BlockView,
    CellView,
    ColumnView,
    Page,
    PageView,
    RowView,
    TableView,
    link,
)
from generator.views.cells import absent_cell, cell

LISTED = Markup("listed")


def pairs(base: Page) -> list[tuple[Environment, Environment]]:
    return list(combinations(base.matrix.environments.values(), 2))


def compare_index(base: Page) -> PageView:
    matrix = base.matrix
    path = paths.compare_index(matrix)
    page = base.at(path)
    links = tuple(
        (f"{a.name} and {b.name}", page.url(paths.compare(matrix, a.id, b.id)))
        for a, b in pairs(base)
    )
    intro = Markup("<p>Pick two environments to see only the features whose support differs.</p>")
    blocks = (BlockView("html", html=intro), BlockView("links", links=links))
    return PageView(
        path, f"Compare environments: {matrix.title}", "Compare", matrix.description, blocks
    )


def compare_page(base: Page, left: Environment, right: Environment) -> PageView:
    matrix = base.matrix
    path = paths.compare(matrix, left.id, right.id)
    page = base.at(path)
    shared = [
        s.column
        for s in left.columns
        if not kind(s.column).derived and s.column.id in {c.column.id for c in right.columns}
    ]
    rows = []
    for feature in matrix.features.values():
        in_left, in_right = left.id in feature.support, right.id in feature.support
        if not (in_left or in_right):
            continue
        name = link(page.url(paths.feature(matrix, feature.id)), feature.name)
        head = CellView(name, feature.name, is_header=True)
        if in_left != in_right:
            sides = [
                _listed(page, e, feature.id, on) for e, on in ((left, in_left), (right, in_right))
            ]
            aspect = CellView(Markup("Listed"), "Listed", facet=True)
            rows.append(RowView(f"{feature.id}-listed", (head, aspect, *sides)))
            continue
        for column in shared:
            a, b = (cell(page, e.id, feature, column) for e in (left, right))
            if a.text != b.text:
                aspect = CellView(Markup.escape(column.header), column.header, facet=True)
                rows.append(RowView(f"{feature.id}-{column.id}", (head, aspect, a, b)))
    columns = (
        ColumnView("feature", "Feature", "feature", False),
        ColumnView("aspect", "Aspect", "aspect", True),
        ColumnView(f"env-{left.id}", left.name, "environment", False),
        ColumnView(f"env-{right.id}", right.name, "environment", False),
    )
    title = f"{left.name} and {right.name}"
    blocks: list[BlockView] = []
    headers = ", ".join(c.header for c in shared)
    intro = (
        f"Features whose support differs between {left.name} and {right.name}: listed in "
        f"one only, or a different value in a column both show ({headers})."
    )
    blocks.append(BlockView("html", html=Markup("<p>{}</p>").format(intro)))
    if rows:
        table = TableView(
            "differences",
            None,
            f"Differences: {title}",
            columns,
            tuple(rows),
            "compare",
            search=False,
            noun="difference|differences",
        )
        blocks.append(BlockView("tables", tables=(table,)))
    else:
        blocks.append(BlockView("html", html=Markup("<p>No differences.</p>")))
    return PageView(
        path, f"Compare {title}", title, matrix.description, tuple(blocks), page.notes.views()
    )


def _listed(page: Page, env: Environment, feature_id: str, on: bool) -> CellView:
    if not on:
        return absent_cell("not-listed", True)
    url = page.url(paths.environment(page.matrix, env.id), feature_id)
    return CellView(link(url, LISTED), "listed", facet=True)
