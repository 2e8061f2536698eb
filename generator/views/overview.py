"""The overview grid: every feature (grouped by domain) against every environment.

Each cell names the environment's release states as text badges ("Linux GA", "Windows -") and
links to that row on the environment's page; "not listed" where the environment does not list
the feature. It is the whole matrix at a glance, so it stays out of the search index, where it
would outrank the feature pages.
"""

from __future__ import annotations

from markupsafe import Markup

from generator.model import ColumnType, Feature, State
from generator.views import paths
from generator.views.base import BlockView, CellView, ColumnView, Page, RowView, TableView, link
from generator.views.cells import NA_HTML, domain_cell

NOT_LISTED = Markup('<span class="ms-na">not listed</span>')


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
                domain_cell(page, "", feature),
                CellView(name, feature.name, is_header=True),
                *(_env_cell(page, feature, e.id) for e in envs),
            ]
            rows.append(RowView(feature.id, tuple(cells)))
    table = TableView(
        "overview",
        "Overview",
        f"{matrix.title}: overview",
        columns,
        tuple(rows),
        "overview",
        search=False,
    )
    return BlockView("tables", tables=(table,))


def _env_cell(page: Page, feature: Feature, env_id: str) -> CellView:
    matrix = page.matrix
    if env_id not in feature.support:
        return CellView(NOT_LISTED, "not listed", facet=True)
    env = matrix.environments[env_id]
    badges: list[Markup] = []
    values: list[str] = []
    for shown in env.columns:
        if shown.column.type is not ColumnType.STATE:
            continue
        value = feature.cell(env_id, shown.column.id).value
        short = shown.column.short
        if value == "-":
            badge, text = NA_HTML, "-"
        else:
            state = State(value)
            text = matrix.state_labels[state]
            badge = Markup('<span class="ms-state ms-state--{}">{}</span>').format(
                state.value, text
            )
        badges.append(Markup('<span class="ms-badge">{} {}</span>').format(short, badge))
        values.append(f"{short}: {text}")
    url = page.url(paths.environment(matrix, env_id), feature.id)
    html = link(url, Markup(" ").join(badges) or Markup("listed"), "ms-grid-link")
    return CellView(html, "; ".join(values) or "listed", values=tuple(values), facet=True)
