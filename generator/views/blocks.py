"""The blocks a page is made of: feature tables, reference tables, callouts, prose, links, and
the legend of the marks its tables use.

Each data block (`{features: true}`, `{reference: id}`, ...) becomes one `BlockView`; the
feature block of an environment becomes one table, or one per domain with `group_by: domain`.
"""

from __future__ import annotations

from markupsafe import Markup

from generator.columns import cell, facet, kind
from generator.columns.state import badge, wordless
from generator.model import Block, Callout, Environment, Feature, Shown
from generator.views import paths
from generator.views.base import (
    BlockView,
    CellView,
    ColumnView,
    Page,
    TableView,
    file_url,
    link,
    plain,
)
from generator.views.news import row_changed
from generator.views.rows import row, shipped
from generator.vocabulary import ABSENCES, STATES, UNAVAILABLE

# Material's admonition types for our callout kinds (it has no 'important' or 'caution').
CALLOUT_CLASS = {
    "note": "note",
    "tip": "tip",
    "important": "info",
    "warning": "warning",
    "caution": "danger",
}


def block(page: Page, env: Environment | None, item: Block) -> BlockView | None:
    """The view of one data block; None when it shows nothing (a hidden ended callout)."""
    if item.kind == "features" and env is not None:
        return BlockView("tables", tables=feature_tables(page, env))
    if item.kind == "environments":
        matrix = page.matrix
        links = tuple(
            (e.name, page.url(paths.environment(matrix, e.id)))
            for e in matrix.environments.values()
        )
        return BlockView(
            "links", links=links, css_class="ms-links ms-links--inline"
        )  # a line of names
    if item.kind == "text":
        return BlockView("html", html=Markup(page.md.block(item.value)))
    if item.kind == "callout":
        return callout(page, page.matrix.callouts[item.value], folded=env is None)
    if item.kind == "reference":
        return BlockView("tables", tables=(reference_table(page, item.value),))
    if item.kind == "section":
        return section(page, item)
    raise AssertionError(f"unexpected block {item.kind!r}")  # the checks allow no other


def callout(page: Page, c: Callout, *, folded: bool = False) -> BlockView | None:
    """A callout; once its deadline has passed, shown as ended, or not at all (`hide`). A
    folded callout shows its title until opened (the overview keeps its grid in view)."""
    ended = bool(c.deadline and page.today and c.deadline < page.today)
    if ended and c.after_deadline == "hide":
        return None
    html = Markup(page.md.block(c.text))
    title = c.title or (_first_sentence(html) if folded else c.kind.capitalize())
    if ended and c.deadline:
        title = f"Ended {c.deadline.isoformat()}: {title}"
    classes = CALLOUT_CLASS[c.kind] + (" ms-ended" if ended else "")
    return BlockView(
        "fold" if folded else "callout",
        title=title,
        css_class=classes if folded else f"admonition {classes}",
        html=html,
        anchor=f"callout-{c.id}",
    )


def _first_sentence(text: str, limit: int = 90) -> str:
    words = plain(text)
    first = words.split(". ")[0].rstrip(".")
    return first if len(first) <= limit else first[: limit - 1].rsplit(" ", 1)[0] + "…"


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


def column_view(shown: Shown) -> ColumnView:
    """A column as an environment's table shows it; stacked rows label values with the
    column's short label, or the environment's own header where it renames the column."""
    col = shown.column
    label = shown.header if shown.header != col.header else col.short
    return ColumnView(col.id, shown.header, col.type, facet(kind(col), col), label)


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
    columns = tuple(column_view(s) for s in env.columns)
    tables = []
    for heading, anchor, rows in groups:
        row_views = tuple(
            row(
                columns,
                [cell(page, env.id, f, s.column) for s in env.columns],
                f.id,
                page=page,
                aliases=f.former_ids,
                changed=row_changed(page.changed, f.id, env.id),
                highlight=f.id in page.highlight,
                source=page.source(f.support[env.id].loc),
            )
            for f in rows
        )
        caption = f"{env.name}: {heading}" if heading else f"{env.name}: features"
        csv = file_url(page.path, paths.environment_csv(matrix, env.id))
        table = TableView(
            anchor, heading, caption, columns, row_views, "features", "feature|features",
            download=csv,
        )  # fmt: skip
        tables.append(shipped(table))
    return tuple(tables)


def reference_table(page: Page, ref_id: str) -> TableView:
    """An aspect/details table whose details pick items from shared lists."""
    matrix = page.matrix
    ref = matrix.references[ref_id]
    columns = (
        ColumnView("aspect", ref.headers[0], "text", False),
        ColumnView("details", ref.headers[1], "text", False),
    )
    rows = []
    lists: list[str] = []
    for r in ref.rows:
        parts: list[Markup] = []
        for group in r.groups:
            label = Markup("<strong>{}</strong>").format(group.label)
            label += Markup("").join(page.notes.cite(n) for n in group.footnotes)
            items = matrix.lists[group.list].items
            bullets = Markup("").join(
                Markup("<li>{}</li>").format(Markup(page.md.inline(items[i]))) for i in group.items
            )
            parts.append(Markup('<p class="ms-group">{}</p><ul>{}</ul>').format(label, bullets))
            if group.list not in lists:
                lists.append(group.list)
        details = CellView(Markup("").join(parts), "")
        aspect = CellView(Markup.escape(r.aspect), r.aspect, is_header=True)
        rows.append(row(columns, (aspect, details), page=page))
    reference = paths.reference(matrix)
    note = Markup("Across environments: ") + Markup(", ").join(
        link(page.url(reference, f"list-{lst}"), matrix.lists[lst].title) for lst in lists
    )
    return TableView(
        f"ref-{ref.id}",
        ref.title,
        ref.title,
        columns,
        tuple(rows),
        "reference",
        "row|rows",
        filter=False,
        note=note,
    )


def legend(page: Page) -> BlockView | None:
    """What the marks in this page's tables mean: the matrix's own state labels, then each
    kind of absent value the page shows, in words."""
    key = ("legend", *sorted(page.seen))
    if key not in page.cells.memo:
        page.cells.memo[key] = _legend(page)
    found: BlockView | None = page.cells.memo[key]  # type: ignore[assignment]
    return found


def _legend(page: Page) -> BlockView | None:
    matrix = page.matrix
    items: list[tuple[Markup, str]] = []
    if "state" in page.seen:
        for state in STATES:
            label = matrix.state_labels[state]
            symbol = wordless(label)  # "-" needs words; "Not supported" not
            words = ABSENCES["not-available"].words if state == UNAVAILABLE and symbol else ""
            items.append((badge(state, label), words))
    for absence in ABSENCES.values():
        if absence.id in page.seen and absence.id != "not-available":
            mark = Markup('<span class="ms-absent ms-absent--{}">{}</span>').format(
                absence.id, absence.mark or "(empty)"
            )
            words = absence.words if absence.mark != absence.words else ""
            items.append((mark, words or absence.explains))
    if not items:
        return None
    parts = Markup('<li class="ms-legend__title">Key:</li>') + Markup("").join(
        Markup('<li>{} <span class="ms-legend__words">{}</span></li>').format(m, w)
        if w
        else Markup("<li>{}</li>").format(m)
        for m, w in items
    )
    html = Markup(
        '<ul class="ms-legend" aria-label="What the marks mean" data-search-exclude>{}</ul>'
    ).format(parts)
    return BlockView("html", html=html)
