"""The overview grid: every feature (grouped by domain) against every environment.

Each cell names the environment's release states as text badges ("Linux GA", "Windows -") and
links to that row on the environment's page; "Not listed" where the environment does not list
the feature. It is the whole matrix at a glance, so it stays out of the search index, where it
would outrank the feature pages.
"""

from __future__ import annotations

from markupsafe import Markup

from generator.columns import absent_cell, cell, kind, value_cell
from generator.model import Column, Feature
from generator.views import paths
from generator.views.base import BlockView, CellView, ColumnView, Page, TableView, attribute, link
from generator.views.rows import row, shipped

DOMAIN = Column("domain", "Domain", "Domain", "domain", {}, False, True)


def overview_block(page: Page) -> BlockView:
    matrix = page.matrix
    envs = list(matrix.environments.values())
    columns = (
        ColumnView("domain", "Domain", "domain", True),
        ColumnView("feature", "Feature", "feature", False),
        *(ColumnView(f"env-{e.id}", e.name, "environment", True) for e in envs),
    )
    rows = []
    for dom in matrix.domains.values():
        for feature in (f for f in matrix.features.values() if f.domain == dom.id):
            name = link(page.url(paths.feature(matrix, feature.id)), feature.name)
            cells = [
                cell(page, "", feature, DOMAIN),
                CellView(name, feature.name, is_header=True),
                *(_env_cell(page, feature, e.id) for e in envs),
            ]
            rows.append(row(columns, cells, feature.id, page=page))
    table = TableView(
        "overview",
        "Overview",
        f"{matrix.title}: overview",
        columns,
        tuple(rows),
        "overview",
        "feature|features",
        search=False,
    )
    return BlockView("tables", tables=(shipped(table),))


def _env_cell(page: Page, feature: Feature, env_id: str) -> CellView:
    matrix = page.matrix
    if env_id not in feature.support:
        return absent_cell("not-listed", True)
    env = matrix.environments[env_id]
    badges: list[Markup] = []
    values: list[str] = []
    for shown in env.columns:
        if not kind(shown.column).leads_comparison:
            continue
        state = value_cell(page.cells, shown.column, feature.cell(env_id, shown.column.id))
        if state.absent and state.absent != "not-available":
            page.seen.add(state.absent)
        short = shown.column.short
        badges.append(Markup(f'<span class="ms-badge">{attribute(short)} {state.html}</span>'))
        values.append(f"{short}: {state.values[0] if state.values else state.text}")
    if badges:
        page.seen.add("state")
    url = page.url(paths.environment(matrix, env_id), feature.id)
    html = link(url, Markup(" ").join(badges) or Markup("listed"), "ms-grid-link")
    return CellView(html, "; ".join(values) or "listed", values=tuple(values), facet=True)
