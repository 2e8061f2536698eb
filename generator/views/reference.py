"""The reference page: every shared list once (operating systems, registries, distributions),
with a column per environment that uses it saying how (Supported, Unsupported, ...), so
per-environment differences show side by side instead of in copies."""

from __future__ import annotations

from markupsafe import Markup

from generator.columns import absent_cell
from generator.model import Environment, Matrix, RefList
from generator.views import paths
from generator.views.base import BlockView, CellView, ColumnView, Page, PageView, TableView, link
from generator.views.blocks import legend
from generator.views.rows import row, shipped


def reference_page(base: Page) -> PageView:
    matrix = base.matrix
    path = paths.reference(matrix)
    page = base.at(path)
    intro = Markup(
        "<p>Lists shared by several environments, each defined once. A column per "
        "environment shows whether that environment supports each item.</p>"
    )
    tables = [
        BlockView("tables", tables=(_list_table(page, lst, _users(matrix, lst.id)),))
        for lst in matrix.lists.values()
    ]
    blocks = [BlockView("html", html=intro), *filter(None, [legend(page)]), *tables]
    return PageView(
        path,
        f"Reference: {matrix.title}",
        "Reference",
        matrix.description,
        tuple(blocks),
        page.notes.views(),
        wide=True,
    )


def _users(matrix: Matrix, list_id: str) -> list[tuple[Environment, dict[str, list[str]]]]:
    """Environments whose page uses the list, with each item's group labels there."""
    out = []
    for env in matrix.environments.values():
        labels: dict[str, list[str]] = {}
        for item in env.blocks:
            if item.kind == "reference":
                for r in matrix.references[item.value].rows:
                    for group in r.groups:
                        if group.list == list_id:
                            for i in group.items:
                                labels.setdefault(i, []).append(group.label)
            elif item.kind == "section" and matrix.sections[item.value].list == list_id:
                for i in matrix.lists[list_id].items:
                    labels.setdefault(i, []).append("Listed")
        if labels:
            out.append((env, labels))
    return out


def _list_table(
    page: Page, ref_list: RefList, users: list[tuple[Environment, dict[str, list[str]]]]
) -> TableView:
    columns = (
        ColumnView("item", "Item", "text", False),
        *(ColumnView(f"env-{env.id}", env.name, "environment", True) for env, _ in users),
    )
    rows = []
    for item_id, text in ref_list.items.items():
        cells = [CellView(Markup(page.md.inline(text)), "", is_header=True)]
        for env, labels in users:
            if item_id in labels:
                words = ", ".join(dict.fromkeys(labels[item_id]))
                url = page.url(paths.environment(page.matrix, env.id))
                cells.append(CellView(link(url, words), words, facet=True))
            else:
                cells.append(absent_cell("not-listed", True))
        rows.append(row(columns, cells, f"{ref_list.id}-{item_id}", page=page))
    return shipped(
        TableView(
            f"list-{ref_list.id}",
            ref_list.title,
            ref_list.title,
            columns,
            tuple(rows),
            "list",
            "item|items",
        )
    )
