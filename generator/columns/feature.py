"""`feature` columns: the row's header: the feature's name (as this environment calls it)
linking to the feature's page, its documentation link, footnote markers and links to the
reference tables it cites."""

from __future__ import annotations

from markupsafe import Markup

from generator.columns.base import Kind
from generator.model import Column, Feature, Matrix
from generator.views import paths
from generator.views.base import CellView, Page, attribute, link


class FeatureKind(Kind):
    name = "feature"
    derived = True
    shows = "name"

    def row_cell(self, page: Page, env_id: str, feature: Feature, column: Column) -> CellView:
        support = feature.support[env_id]
        name = support.name or feature.name
        parts: list[str] = [link(page.url(paths.feature(page.matrix, feature.id)), name)]
        doc = page.md.safe_url(feature.link) if feature.link else None  # unsafe: no link
        if doc:
            parts.append(
                f' <a class="ms-doc" href="{attribute(doc)}" title="Documentation" '
                f'aria-label="Documentation for {attribute(name)}">&#8599;</a>'
            )
        parts += [page.notes.cite(note) for note in support.footnotes]
        for ref in support.references:
            url = page.url(page.placed[ref.reference], f"ref-{ref.reference}")
            parts.append(" " + link(url, ref.text, "ms-ref"))
        return CellView(Markup("".join(parts)), name, is_header=True)

    def row_text(self, matrix: Matrix, env_id: str, feature: Feature, column: Column) -> str:
        return feature.support[env_id].name or feature.name


KIND = FeatureKind()
