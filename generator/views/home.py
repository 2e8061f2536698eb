"""The home page: every matrix with its description, its environments and how many features
each lists in each release state, when it was last updated, and one box to find a feature."""

from __future__ import annotations

from datetime import date

from markupsafe import Markup

from generator.columns import kind
from generator.columns.state import words
from generator.history import History
from generator.model import Environment, Matrix
from generator.views import paths
from generator.views.base import BlockView, PageView, page_url
from generator.vocabulary import STATES, state_rank

TITLE = "Support matrices"


def home_page(matrices: list[Matrix], history: History | None = None) -> PageView:
    """The site's first page. It has no title of its own, so the browser's title is the site's
    name alone (not "Support matrices - Support matrices")."""
    blocks = [_find(matrices)]
    blocks += [_matrix(m, _updated(m, history)) for m in matrices]
    return PageView(paths.home(), None, "Home", None, tuple(blocks), heading=TITLE, wide=True)


def _updated(matrix: Matrix, history: History | None) -> date | None:
    days = [matrix.updated] if matrix.updated else []
    if history and history.available:
        days += [
            e.date for e in history.entries if any(c.matrix_id == matrix.id for c in e.changes)
        ][:1]
    return max(days) if days else None


def _matrix(matrix: Matrix, updated: date | None) -> BlockView:
    here = paths.home()
    url = page_url(here, paths.index(matrix))
    parts = [Markup('<p class="ms-home__title"><a href="{}">{}</a></p>').format(url, matrix.title)]
    if matrix.description:
        parts.append(Markup('<p class="ms-home__desc">{}</p>').format(matrix.description))
    meta = [f"{len(matrix.features)} features in {len(matrix.environments)} environments"]
    if updated:
        meta.append(f"last updated {updated.isoformat()}")
    parts.append(Markup('<p class="ms-home__meta">{}</p>').format(" · ".join(meta)))
    parts.append(_counts(matrix, here))
    html = Markup('<div class="ms-home">{}</div>').format(Markup("").join(parts))
    return BlockView("html", html=html)


def _counts(matrix: Matrix, here: str) -> Markup:
    """A small table: each environment, the features it lists, and how many in each state
    (a feature counts in its most available state across the environment's state columns)."""
    labels = [words(s, matrix.state_labels[s]) for s in STATES]
    head = Markup("").join(Markup('<th scope="col">{}</th>').format(label) for label in labels)
    rows = []
    for env in matrix.environments.values():
        counts = _by_state(matrix, env)
        name = Markup('<a href="{}">{}</a>').format(
            page_url(here, paths.environment(matrix, env.id)), env.name
        )
        cells = Markup("").join(Markup("<td>{}</td>").format(counts.get(s, 0)) for s in STATES)
        rows.append(
            Markup('<tr><th scope="row">{}</th><td>{}</td>{}</tr>').format(
                name, len(env.order), cells
            )
        )
    return Markup(
        '<table class="ms-home__counts"><caption class="ms-caption">{}: features by release '
        'state</caption><thead><tr><th scope="col">Environment</th><th scope="col">Features'
        "</th>{}</tr></thead><tbody>{}</tbody></table>"
    ).format(matrix.title, head, Markup("").join(rows))


def _by_state(matrix: Matrix, env: Environment) -> dict[str, int]:
    states = [s.column.id for s in env.columns if kind(s.column).leads_comparison]
    counts: dict[str, int] = {}
    for feature in matrix.features_in(env.id):
        found = [str(feature.cell(env.id, c).value) for c in states]
        found = [s for s in found if s in STATES]
        if found:
            best = min(found, key=state_rank)
            counts[best] = counts.get(best, 0) + 1
    return counts


def _find(matrices: list[Matrix]) -> BlockView:
    """One box that goes to a feature's page: the browser offers every feature's name (and
    other names); without JavaScript the form opens the features index."""
    here = paths.home()
    options = []
    for matrix in matrices:
        for feature in matrix.features.values():
            url = page_url(here, paths.feature(matrix, feature.id))
            names = dict.fromkeys((feature.name, *feature.aliases))
            for name in names:
                label = name if len(matrices) == 1 else f"{name} ({matrix.title})"
                option = Markup('<option value="{}" data-href="{}"></option>')
                options.append(option.format(label, url))
    first = page_url(here, paths.features_index(matrices[0])) if matrices else "./"
    html = Markup(
        '<form class="ms-find" role="search" action="{}" data-ms-find>'
        '<label for="ms-find-input">Find a feature</label> '
        '<input id="ms-find-input" name="q" type="search" list="ms-find-list" '
        'autocomplete="off" placeholder="Name of a feature"> '
        '<button type="submit">Go</button>'
        '<datalist id="ms-find-list">{}</datalist>'
        '<p class="ms-find__status" role="status"></p></form>'
    ).format(first, Markup("").join(options))
    return BlockView("html", html=html)


__all__ = ["TITLE", "home_page"]
