"""`feature` columns: the row's header: the feature's name (as this environment calls it)
linking to the feature's page, its documentation link, footnote markers and links to the
reference tables it cites."""

from __future__ import annotations

from markupsafe import Markup

from generator.columns.base import Kind
from generator.model import Column, Feature, Matrix
from generator.views import paths
from generator.views.base import CellView, Page, link


class FeatureKind(Kind):
    name = "feature"
    derived = True

    def row_cell(self, page: Page, env_id: str, feature: Feature, column: Column) -> CellView:
        support = feature.support[env_id]
        name = support.name or feature.name
        html = link(page.url(paths.feature(page.matrix, feature.id)), name)
        if feature.link:
            html += Markup(
                ' <a class="ms-doc" href="{}" title="Documentation" '
                'aria-label="Documentation for {}">&#8599;</a>'
            ).format(page.md.url(feature.link), name)
        for note in support.footnotes:
            html += page.notes.cite(note)
        for ref in support.references:
            url = page.url(page.placed[ref.reference], f"ref-{ref.reference}")
            html += Markup(" ") + link(url, ref.text, "ms-ref")
        return CellView(html, name, is_header=True)

    def row_text(self, matrix: Matrix, env_id: str, feature: Feature, column: Column) -> str:
        return feature.support[env_id].name or feature.name


KIND = FeatureKind()
