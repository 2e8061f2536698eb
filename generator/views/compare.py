"""Compare views: for each pair of environments, only the features whose support differs,
the differences that matter first.

A feature differs when one environment lists it and the other does not, or when a column both
environments show holds different values. Differences are ranked: availability and release
states first (columns whose kind leads comparisons), then other values (plans, methods), and
last, folded, values that differ only by names each environment has of its own (EKS vs GKE: a
value one environment uses nowhere in its table, and the other never uses either).
"""

from __future__ import annotations

from itertools import combinations

from markupsafe import Markup

from generator.columns import absent_cell, kind, value_cell
from generator.model import Cell, Column, Environment, Feature, Matrix
from generator.views import paths
from generator.views.base import (
    BlockView,
    CellContext,
    CellView,
    ColumnView,
    Page,
    PageView,
    RowView,
    TableView,
    link,
)
from generator.views.blocks import legend
from generator.views.rows import row, shipped
from generator.vocabulary import BLANK, NOT_APPLICABLE

LISTED = Markup("Listed")
RANKS = ("states", "values", "names")


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
    blocks = (BlockView("html", html=intro), BlockView("links", links=links, css_class="ms-links"))
    return PageView(
        path, f"Compare environments: {matrix.title}", "Compare", matrix.description, blocks
    )


def compare_page(base: Page, left: Environment, right: Environment) -> PageView:
    matrix = base.matrix
    path = paths.compare(matrix, left.id, right.id)
    page = base.at(path)
    columns = (
        ColumnView("feature", "Feature", "feature", False),
        ColumnView("aspect", "Aspect", "aspect", True),
        ColumnView(f"env-{left.id}", left.name, "environment", False),
        ColumnView(f"env-{right.id}", right.name, "environment", False),
    )
    ranked, named = _differences(page, columns, left, right)
    title = f"{left.name} and {right.name}"
    counts = {rank: len(rows) for rank, rows in ranked.items()} | {"names": named}
    tables = {
        rank: shipped(
            TableView(
                f"differences-{rank}",
                None,
                f"{title}: {_HEADINGS[rank].lower()}",
                (_GROUPED, *columns[1:]) if rank == "names" else columns,
                tuple(rows),
                "compare",
                "pair of values|pairs of values" if rank == "names" else "difference|differences",
                search=False,
            )
        )
        for rank, rows in ranked.items()
        if rows
    }
    blocks: list[BlockView | None] = [
        BlockView("html", html=_intro(left, right, counts)),
        legend(page),
    ]
    for rank in RANKS:
        if rank not in tables:
            continue
        heading = f"{_HEADINGS[rank]} ({counts[rank]})"
        if rank == "names":
            inner = (BlockView("tables", tables=(tables[rank],)),)
            blocks.append(BlockView("fold", title=heading, css_class="ms-fold", blocks=inner))
        else:
            blocks.append(BlockView("section", title=heading, anchor=f"differences-{rank}"))
            blocks.append(BlockView("tables", tables=(tables[rank],)))
    return PageView(
        path,
        f"Compare {title}",
        title,
        matrix.description,
        tuple(b for b in blocks if b),
        page.notes.views(),
        wide=True,
        kind="compare",
    )


_HEADINGS = {
    "states": "Availability and release states",
    "values": "Plans, methods and other values",
    "names": "Differences only in environment-specific names",
}


def _intro(left: Environment, right: Environment, counts: dict[str, int]) -> Markup:
    total = sum(counts.values())
    if not total:
        return Markup("<p>{} and {} support every feature alike.</p>").format(left.name, right.name)
    return Markup(
        "<p>Features whose support differs between {} and {}: {} in availability or release "
        "state, {} in other values; {} differ only in names each environment has of its own "
        "(folded below).</p>"
    ).format(left.name, right.name, counts["states"], counts["values"], counts["names"])


def _differences(
    page: Page, columns: tuple[ColumnView, ...], left: Environment, right: Environment
) -> tuple[dict[str, list[RowView]], int]:
    """Rows of differences by rank, and how many features differ only in names."""
    matrix = page.matrix
    shared = [
        s.column
        for s in left.columns
        if not kind(s.column).derived and s.column.id in {c.column.id for c in right.columns}
    ]
    used = {e.id: _used(page.cells, e) for e in (left, right)}
    # Per column: the values only the left, and only the right, environment's table holds.
    own = {
        c.id: (
            used[left.id].get(c.id, set()) - used[right.id].get(c.id, set()),
            used[right.id].get(c.id, set()) - used[left.id].get(c.id, set()),
        )
        for c in shared
    }
    ranked: dict[str, list[RowView]] = {rank: [] for rank in RANKS}
    names: dict[tuple[str, str, str], tuple[Column, CellView, CellView, list[Feature]]] = {}
    for feature in matrix.features.values():
        in_left, in_right = left.id in feature.support, right.id in feature.support
        if not (in_left or in_right):
            continue
        head = _Head(page, feature)
        if in_left != in_right:
            sides = [
                _listed(page, e, feature.id, on) for e, on in ((left, in_left), (right, in_right))
            ]
            cells = (head.cell, _LISTED_ASPECT, *sides)
            ranked["states"].append(row(columns, cells, f"{feature.id}-listed", page=page))
            continue
        for column in shared:
            data = feature.cell(left.id, column.id), feature.cell(right.id, column.id)
            if data[0] == data[1]:
                continue  # the same value and note: the same cell
            a, b = (value_cell(page.cells, column, d) for d in data)
            if a.text == b.text:
                continue
            rank = _rank(column, data, own[column.id])
            if rank == "names":
                key = (column.id, a.text, b.text)
                names.setdefault(key, (column, a, b, []))[3].append(feature)
                continue
            cells = (head.cell, _aspect(page, column), a, b)
            ranked[rank].append(row(columns, cells, f"{feature.id}-{column.id}", page=page))
    ranked["names"] = _names(page, columns, names)
    return ranked, len({f.id for *_, features in names.values() for f in features})


def _names(
    page: Page,
    columns: tuple[ColumnView, ...],
    found: dict[tuple[str, str, str], tuple[Column, CellView, CellView, list[Feature]]],
) -> list[RowView]:
    """Differences in names only, one row per pair of values with the features that have it
    (the first dozen named): a summary, not a row per feature."""
    group = (_GROUPED, *columns[1:])
    rows = []
    for column, a, b, features in found.values():
        shown = features[:SHOWN_FEATURES]
        links = [link(page.url(paths.feature(page.matrix, f.id)), f.name) for f in shown]
        more = len(features) - len(shown)
        text = ", ".join(f.name for f in features)
        html = Markup(", ").join(links) + (Markup(", and {} more").format(more) if more else "")
        head = CellView(html, text, is_header=True)
        rows.append(row(group, (head, _aspect(page, column), a, b), page=page))
    return rows


SHOWN_FEATURES = 12
_LISTED_ASPECT = CellView(LISTED, "Listed", facet=True)


def _aspect(page: Page, column: Column) -> CellView:
    """The cell naming the column a row compares: one per column, so its `<td>` is cached."""
    key = ("aspect", column.id)
    if key not in page.cells.memo:
        header = column.header
        page.cells.memo[key] = CellView(Markup.escape(header), header, facet=True)
    found: CellView = page.cells.memo[key]  # type: ignore[assignment]
    return found


_GROUPED = ColumnView("features", "Features", "feature", False)


def _rank(column: Column, data: tuple[Cell, Cell], own: tuple[set[str], set[str]]) -> str:
    """Where a difference goes: release states first; then other values, unless each side's
    values are names only its own environment's table uses (`own`, per side)."""
    if kind(column).leads_comparison:
        return "states"
    mine = [_ids(d.value) for d in data]
    if any(NOT_APPLICABLE in ids or BLANK in ids for ids in mine):
        return "values"  # a value against none at all is a real difference
    if mine[0] <= own[0] and mine[1] <= own[1]:
        return "names"
    return "values"


class _Head:
    """A row's feature cell, made when a difference needs it (most features have none)."""

    def __init__(self, page: Page, feature: Feature) -> None:
        self.page, self.feature = page, feature
        self._cell: CellView | None = None

    @property
    def cell(self) -> CellView:
        if self._cell is None:
            f = self.feature
            name = link(self.page.url(paths.feature(self.page.matrix, f.id)), f.name)
            self._cell = CellView(name, f.name, is_header=True)
        return self._cell


def _used(cells: CellContext, env: Environment) -> dict[str, set[str]]:
    """Column id -> every value the environment's table holds in it (once per environment)."""
    key = ("used", env.id)
    if key not in cells.memo:
        cells.memo[key] = _values_used(cells.matrix, env)
    used: dict[str, set[str]] = cells.memo[key]  # type: ignore[assignment]
    return used


def _values_used(matrix: Matrix, env: Environment) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for feature in matrix.features_in(env.id):
        for shown in env.columns:
            if not kind(shown.column).derived:
                value = feature.cell(env.id, shown.column.id).value
                out.setdefault(shown.column.id, set()).update(_ids(value))
    return out


def _ids(value: str | tuple[str, ...]) -> set[str]:
    return set(value) if isinstance(value, tuple) else {value}


def _listed(page: Page, env: Environment, feature_id: str, on: bool) -> CellView:
    if not on:
        return absent_cell("not-listed", True)
    url = page.url(paths.environment(page.matrix, env.id), feature_id)
    return CellView(link(url, LISTED), "Listed", facet=True)
