"""Feature pages: one per feature, its support in every environment side by side.

Columns are every column the environments listing the feature show (in the order they first
appear), so whatever a matrix declares shows up here too. A column an environment does not show
reads "n/a" (not applicable to this environment); an environment that does not list the feature
is named in words. A legend says what the marks mean.
"""

from __future__ import annotations

from dataclasses import replace

from markupsafe import Markup

from generator.columns import absent_cell, cell, facet, kind, value_cell
from generator.model import Feature, Matrix
from generator.views import paths
from generator.views.base import (
    BlockView,
    CellView,
    ColumnView,
    Page,
    PageView,
    TableView,
    attribute,
    link,
    page_url,
)
from generator.views.blocks import callout, legend
from generator.views.rows import row


def feature_page(base: Page, feature: Feature) -> PageView:
    matrix = base.matrix
    path = paths.feature(matrix, feature.id)
    page = base.at(path)
    blocks: list[BlockView | None] = [_summary(page, feature)]
    blocks += [callout(page, matrix.callouts[c]) for c in feature.callouts]
    table = _support_table(page, feature)
    missing = [e.name for e in matrix.environments.values() if e.id not in feature.support]
    if missing:
        page.seen.add("not-listed")
        text = f"{feature.name} is not listed for {_words(missing)}."
        table = replace(table, note=Markup('<span class="ms-missing">{}</span>').format(text))
    blocks += [legend(page), BlockView("tables", tables=(table,))]
    # Boosted so a search for a feature's name or alias finds its page before the tables
    # that merely mention it.
    return PageView(
        path,
        feature.name,
        feature.name,
        matrix.description,
        tuple(b for b in blocks if b),
        page.notes.views(),
        search_boost=3,
        wide=True,
        kind="feature",
    )


def redirect_pages(base: Page, feature: Feature) -> list[PageView]:
    """Stub pages at former ids that forward to the feature's page."""
    out = []
    for old in feature.former_ids:
        path = paths.feature(base.matrix, old)
        url = page_url(path, paths.feature(base.matrix, feature.id))
        out.append(
            PageView(path, feature.name, feature.name, None, (), redirect=url, kind="redirect")
        )
    return out


def _summary(page: Page, feature: Feature) -> BlockView:
    matrix = page.matrix
    rows = [("Domain", Markup.escape(matrix.domains[feature.domain].name))]
    for col_id, value in feature.cells.items():
        column = matrix.columns[col_id]
        rows.append((column.header, value_cell(page.cells, column, value).html))
    names = feature.other_names()
    if names:
        rows.append(("Also known as", Markup.escape(", ".join(names))))
    url = page.md.safe_url(feature.link) if feature.link else None  # unsafe: no row at all
    if url:
        rows.append(("Documentation", link(url, url)))
    source = page.source(feature.loc)
    if source:
        report = Markup('<a class="ms-src" href="{}">Report a problem (see the data)</a>')
        rows.append(("Something wrong?", report.format(source)))
    items = Markup("".join(f"<dt>{attribute(k)}</dt>\n<dd>{attribute(v)}</dd>\n" for k, v in rows))
    return BlockView("html", html=Markup('<dl class="ms-summary">{}</dl>').format(items))


def _support_table(page: Page, feature: Feature) -> TableView:
    matrix = page.matrix
    envs = [e for e in matrix.environments.values() if e.id in feature.support]
    columns = _union_columns(matrix, feature)
    header = (ColumnView("environment", "Environment", "environment", True), *columns)
    rows = []
    for env in envs:
        support = feature.support[env.id]
        label = link(page.url(paths.environment(matrix, env.id), feature.id), env.name)
        if support.name:
            label += Markup(' <span class="ms-as">(as &ldquo;{}&rdquo;)</span>').format(
                support.name
            )
        for note in support.footnotes:
            label += page.notes.cite(note)
        cells = [CellView(label, env.name, is_header=True, facet=True)]
        shown = {s.column.id for s in env.columns}
        for col in columns:
            if col.id in shown:
                cells.append(cell(page, env.id, feature, matrix.columns[col.id]))
            else:
                cells.append(absent_cell("no-column", col.facet))
        source = page.source(support.loc)
        rows.append(row(header, cells, f"env-{env.id}", page=page, source=source))
    return TableView(
        "support",
        "Support by environment",
        f"{feature.name}: support by environment",
        header,
        tuple(rows),
        "feature-support",
        "environment|environments",
    )


def _union_columns(matrix: Matrix, feature: Feature) -> tuple[ColumnView, ...]:
    seen: dict[str, ColumnView] = {}
    for env in matrix.environments.values():
        if env.id not in feature.support:
            continue
        for s in env.columns:
            col_id = s.column.id
            derived = kind(s.column).derived
            shared = col_id in feature.cells and not any(
                col_id in sup.cells for sup in feature.support.values()
            )
            if not derived and not shared and col_id not in seen:
                is_facet = facet(kind(s.column), s.column)
                seen[col_id] = ColumnView(
                    col_id, s.column.header, s.column.type, is_facet, s.column.short
                )
    return tuple(seen.values())


def _words(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def features_index(base: Page) -> PageView:
    """Every feature, grouped by domain, with the other names it goes by."""
    matrix = base.matrix
    path = paths.features_index(matrix)
    page = base.at(path)
    blocks = []
    for dom in matrix.domains.values():
        items = []
        for f in (f for f in matrix.features.values() if f.domain == dom.id):
            names = f.other_names()
            also = Markup(' <span class="ms-as">(also {})</span>').format(", ".join(names))
            item = link(page.url(paths.feature(matrix, f.id)), f.name) + (also if names else "")
            items.append(Markup("<li>{}</li>").format(item))
        if items:
            blocks.append(
                BlockView(
                    "section",
                    title=dom.name,
                    anchor=f"domain-{dom.id}",
                    html=Markup("<ul>{}</ul>").format(Markup("").join(items)),
                )
            )
    return PageView(
        path, f"Features: {matrix.title}", "Features", matrix.description, tuple(blocks)
    )
