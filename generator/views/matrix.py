"""Every page of one matrix, with its navigation, and the home page.

The modules beside this one build one kind of page or block each.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from markupsafe import Markup

from generator.history import History
from generator.markdown import Markdown
from generator.model import Matrix
from generator.views import paths
from generator.views.base import (
    BlockView,
    CellContext,
    Footnotes,
    Page,
    PageView,
    Sources,
    file_url,
    heading_text,
)
from generator.views.blocks import block, legend
from generator.views.compare import compare_index, compare_page, pairs
from generator.views.feature import feature_page, features_index, redirect_pages
from generator.views.home import home_page
from generator.views.news import Preview, atom_feed, recently_changed, whats_new_page
from generator.views.overview import overview_block
from generator.views.reference import reference_page

__all__ = ["PageView", "Preview", "Sources", "heading_text", "home_page", "matrix_pages"]


def matrix_pages(
    matrix: Matrix,
    history: History | None = None,
    preview: Preview | None = None,
    *,
    today: date | None = None,
    sources: Sources | None = None,
) -> tuple[list[PageView], list[Any], dict[str, str]]:
    """Every page of a matrix, its section of the site navigation, and its non-page files.
    `today` decides which callouts have ended; `sources`, where "report a problem" links go."""
    md = Markdown(matrix.links)
    base = Page(
        matrix,
        md,
        CellContext(matrix, md),
        paths.index(matrix),
        _placements(matrix),
        Footnotes(dict(matrix.footnotes), md),
        recently_changed(history, matrix.id),
        preview.features.get(matrix.id, frozenset()) if preview else frozenset(),
        sources,
        today,
    )
    index = _index_page(base)
    environments = [_environment_page(base, env.id) for env in matrix.environments.values()]
    features = [feature_page(base, f) for f in matrix.features.values()]
    feature_list = features_index(base)
    redirects = [p for f in matrix.features.values() for p in redirect_pages(base, f)]
    compares = [compare_index(base)] + [compare_page(base, a, b) for a, b in pairs(base)]
    reference = reference_page(base)
    news = whats_new_page(base, history)
    # Feature and pair pages are reached from their index pages, not listed in the navigation:
    # every page carries the whole navigation, so listing them would make the site's size grow
    # with pages x features (see bench/).
    nav: list[Any] = [
        {"Overview": index.path},
        {"Environments": [{p.nav_title: p.path} for p in environments]},
        {"Features": feature_list.path},
        {"Compare": compares[0].path},
        {"Reference": reference.path},
        {"What's new": news.path},
    ]
    pages = [index, *environments, feature_list, *features, *redirects, *compares, reference, news]
    if preview:
        pages = [_with_banner(p, preview, matrix) for p in pages]
    return pages, [{matrix.title: nav}], {paths.feed(matrix): atom_feed(base, history)}


def _with_banner(page: PageView, preview: Preview, matrix: Matrix) -> PageView:
    changed = sorted(preview.features.get(matrix.id, frozenset()))
    names = ", ".join(matrix.features[f].name for f in changed if f in matrix.features)
    what = f"it changes {names}" if names else "it changes no feature rows"
    banner = Markup("Preview of {}: {}. Changed rows are marked.").format(preview.label, what)
    return replace(page, banner=banner)


def _placements(matrix: Matrix) -> dict[str, str]:
    """Reference id -> the page that shows its table (the first, if several do)."""
    placed: dict[str, str] = {}
    for block_ in matrix.index:
        if block_.kind == "reference":
            placed.setdefault(block_.value, paths.index(matrix))
    for env in matrix.environments.values():
        for block_ in env.blocks:
            if block_.kind == "reference":
                placed.setdefault(block_.value, paths.environment(matrix, env.id))
    return placed


def _index_page(base: Page) -> PageView:
    matrix = base.matrix
    page = base.at(paths.index(matrix))
    blocks = [block(page, None, b) for b in matrix.index]
    # The grid goes right after the list of environments, or last when there is none.
    at = next((i + 1 for i, b in enumerate(matrix.index) if b.kind == "environments"), len(blocks))
    grid = overview_block(page)
    blocks[at:at] = [legend(page), grid]
    return _wide_page(page, matrix.title, "Overview", blocks)


def _environment_page(base: Page, env_id: str) -> PageView:
    matrix = base.matrix
    env = matrix.environments[env_id]
    page = base.at(paths.environment(matrix, env_id))
    blocks = [block(page, env, b) for b in env.blocks]
    # The legend goes above the first table, once the tables say which marks they use.
    at = next((i for i, b in enumerate(blocks) if b and b.kind == "tables"), 0)
    blocks[at:at] = [legend(page)]
    blocks.append(_downloads(page, env_id))
    return _wide_page(page, env.title, env.name, blocks)


def _wide_page(page: Page, title: str, nav_title: str, blocks: list[BlockView | None]) -> PageView:
    """A page of wide tables, the blocks that show something, its footnotes."""
    kept = tuple(b for b in blocks if b)
    description = page.matrix.description
    return PageView(page.path, title, nav_title, description, kept, page.notes.views(), wide=True)


def _downloads(page: Page, env_id: str) -> BlockView:
    matrix = page.matrix
    csv_url = file_url(page.path, paths.environment_csv(matrix, env_id))
    json_url = file_url(page.path, paths.matrix_json(matrix))
    html = Markup(
        '<p class="ms-downloads">Download: <a href="{}" download>this table (CSV)</a> · '
        '<a href="{}" download>the whole matrix (JSON)</a></p>'
    ).format(csv_url, json_url)
    return BlockView("html", html=html)
