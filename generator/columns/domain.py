"""`domain` columns: the feature's domain, as the environment names (and links) it."""

from __future__ import annotations

from generator.columns.base import Kind, facet
from generator.model import Column, Feature, Matrix
from generator.views.base import CellView, Page, domain_html


class DomainKind(Kind):
    name = "domain"
    derived = True
    shows = "domain"
    facet = True

    def row_cell(self, page: Page, env_id: str, feature: Feature, column: Column) -> CellView:
        label = page.matrix.domains[feature.domain].label(env_id)
        return CellView(domain_html(page, label), label.name, facet=facet(self, column))

    def row_text(self, matrix: Matrix, env_id: str, feature: Feature, column: Column) -> str:
        return matrix.domains[feature.domain].label(env_id).name


KIND = DomainKind()
