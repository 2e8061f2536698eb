"""Cells of feature tables: what one environment says about one feature in one column.

A state is a text badge (never colour alone), a choice shows its declared label(s), text is
Markdown, '-' is "not applicable". The feature cell links the name to the feature's own page,
adds the documentation link, footnote markers and links to reference tables.
"""

from __future__ import annotations

from markupsafe import Markup

from generator.model import NOT_APPLICABLE, Column, ColumnType, Feature, State
from generator.views import paths
from generator.views.base import CellView, Page, link, plain

NA_HTML = Markup('<span class="ms-na" title="Not applicable">-</span>')


def cell(page: Page, env_id: str, feature: Feature, column: Column) -> CellView:
    """The cell of `column` in `feature`'s row on `env_id`'s table."""
    if column.type is ColumnType.FEATURE:
        return feature_cell(page, env_id, feature)
    if column.type is ColumnType.DOMAIN:
        return domain_cell(page, env_id, feature)
    return value_cell(page, column, feature.cell(env_id, column.id).value)


def value_cell(page: Page, column: Column, value: str | tuple[str, ...]) -> CellView:
    """A state, choice or text value as a cell."""
    if value == NOT_APPLICABLE:
        return CellView(NA_HTML, "-", facet=column.facet)
    if column.type is ColumnType.STATE:
        return state_cell(page, State(value), column.facet)
    if column.type is ColumnType.CHOICE:
        labels = [column.values[v] for v in (value if isinstance(value, tuple) else (value,))]
        texts = tuple(plain(label) for label in labels)
        html = Markup(", ").join(Markup(page.md.inline(label)) for label in labels)
        return CellView(html, ", ".join(texts), values=texts, facet=column.facet)
    text = str(value)
    return CellView(Markup(page.md.inline(text)), plain(text), facet=column.facet)


def state_cell(page: Page, state: State, facet: bool = True) -> CellView:
    label = page.matrix.state_labels[state]
    html = Markup('<span class="ms-state ms-state--{}">{}</span>').format(state.value, label)
    return CellView(html, label, sort=str(list(State).index(state)), facet=facet)


def domain_cell(page: Page, env_id: str, feature: Feature) -> CellView:
    label = page.matrix.domains[feature.domain].label(env_id)
    html = link(page.md.url(label.link), label.name) if label.link else Markup.escape(label.name)
    return CellView(html, label.name, facet=True)


def feature_cell(page: Page, env_id: str, feature: Feature) -> CellView:
    support = feature.support[env_id]
    name = support.name or feature.name
    html = link(page.url(paths.feature(page.matrix, feature.id)), name)
    if feature.link:
        html += Markup(
            ' <a class="ms-doc" href="{}" title="Documentation" aria-label="Documentation for {}">'
            "&#8599;</a>"
        ).format(page.md.url(feature.link), name)
    for note in support.footnotes:
        html += page.notes.cite(note)
    for ref in support.references:
        url = page.url(page.placed[ref.reference], f"ref-{ref.reference}")
        html += Markup(" ") + link(url, ref.text, "ms-ref")
    return CellView(html, name, is_header=True)
