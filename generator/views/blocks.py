"""The blocks a page is made of: feature tables, reference tables, callouts, prose, links.

Each data block (`{features: true}`, `{reference: id}`, ...) becomes one `BlockView`; the
feature block of an environment becomes one table, or one per domain with `group_by: domain`.
"""

from __future__ import annotations

from markupsafe import Markup

from generator.columns import cell, facet, kind
from generator.model import Block, Callout, Environment, Feature
from generator.views import paths
from generator.views.base import BlockView, CellView, ColumnView, Page, RowView, TableView, link
from generator.views.news import row_changed

# Material's admonition types for our callout kinds (it has no 'important' or 'caution').
CALLOUT_CLASS = {
    "note": "note",
    "tip": "tip",
    "important": "info",
    "warning": "warning",
    "caution": "danger",
}


def block(page: Page, env: Environment | None, item: Block) -> BlockView:
    if item.kind == "features" and env is not None:
        return BlockView("tables", tables=feature_tables(page, env))
    if item.kind == "environments":
        matrix = page.matrix
        links = tuple(
            (e.name, page.url(paths.environment(matrix, e.id)))
            for e in matrix.environments.values()
        )
        return BlockView("links", links=links)
    if item.kind == "text":
        return BlockView("html", html=Markup(page.md.block(item.value)))
    if item.kind == "callout":
        return callout(page, page.matrix.callouts[item.value])
    if item.kind == "reference":
        return BlockView("tables", tables=(reference_table(page, item.value),))
    if item.kind == "section":
        return section(page, item)
    raise AssertionError(f"unexpected block {item.kind!r}")  # the checks allow no other


def callout(page: Page, c: Callout) -> BlockView:
    return BlockView(
        "callout",
        title=c.title or c.kind.capitalize(),
        callout_kind=CALLOUT_CLASS[c.kind],
        html=Markup(page.md.block(c.text)),
        anchor=f"callout-{c.id}",
    )


def section(page: Page, item: Block) -> BlockView:
    sec = page.matrix.sections[item.value]
    parts = [Markup(page.md.block(sec.body))]
    if sec.list:
        items = page.matrix.lists[sec.list].items.values()
        bullets = Markup("").join(
            Markup("<li>{}</li>").format(Markup(page.md.inline(i))) for i in items
        )
        parts.append(Markup("<ul>{}</ul>").format(bullets))
    if sec.footer:
        parts.append(Markup(page.md.block(sec.footer)))
    return BlockView(
        "section",
        title=item.title or sec.title,
        anchor=f"sec-{sec.id}",
        html=Markup("\n").join(parts),
    )


def feature_tables(page: Page, env: Environment) -> tuple[TableView, ...]:
    matrix = page.matrix
    features = matrix.features_in(env.id)
    groups: list[tuple[str | None, str, list[Feature]]] = []
    if env.group_by_domain:
        for dom in matrix.domains.values():
            rows = [f for f in features if f.domain == dom.id]
            if rows:
                groups.append((dom.label(env.id).name, f"domain-{dom.id}", rows))
    else:
        groups.append((None, f"features-{env.id}", list(features)))
    columns = tuple(
        ColumnView(s.column.id, s.header, s.column.type, facet(kind(s.column), s.column))
        for s in env.columns
    )
    tables = []
    for heading, anchor, rows in groups:
        row_views = tuple(
            RowView(
                f.id,
                tuple(cell(page, env.id, f, s.column) for s in env.columns),
                f.former_ids,
                row_changed(page.changed, f.id, env.id),
                f.id in page.highlight,
            )
            for f in rows
        )
        caption = f"{env.name}: {heading}" if heading else f"{env.name}: features"
        tables.append(TableView(anchor, heading, caption, columns, row_views, "features"))
    return tuple(tables)


def reference_table(page: Page, ref_id: str) -> TableView:
    """An aspect/details table whose details pick items from shared lists."""
    matrix = page.matrix
    ref = matrix.references[ref_id]
    rows = []
    lists: list[str] = []
    for row in ref.rows:
        parts: list[Markup] = []
        for group in row.groups:
            label = Markup("<strong>{}</strong>").format(group.label)
            label += Markup("").join(page.notes.cite(n) for n in group.footnotes)
            items = matrix.lists[group.list].items
            bullets = Markup("").join(
                Markup("<li>{}</li>").format(Markup(page.md.inline(items[i]))) for i in group.items
            )
            parts.append(Markup('<p class="ms-group">{}</p><ul>{}</ul>').format(label, bullets))
            if group.list not in lists:
                lists.append(group.list)
        details = Markup("").join(parts)
        aspect = CellView(Markup.escape(row.aspect), row.aspect, is_header=True)
        rows.append(RowView(None, (aspect, CellView(details, ""))))
    columns = (
        ColumnView("aspect", ref.headers[0], "text", False),
        ColumnView("details", ref.headers[1], "text", False),
    )
    reference = paths.reference(matrix)
    note = Markup("Across environments: ") + Markup(", ").join(
        link(page.url(reference, f"list-{lst}"), matrix.lists[lst].title) for lst in lists
    )
    return TableView(
        f"ref-{ref.id}", ref.title, ref.title, columns, tuple(rows), "reference", note=note
    )
