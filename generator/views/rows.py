"""Table rows as finished HTML, made from cells that are rendered once.

A value's cell is the same on every page that shows it (an environment's table, the feature's
page, a comparison), so its `<td>` is rendered once per column label and reused; only the row's
header cell (the feature's name, which links relative to the page and cites footnotes numbered
per page) is made per row. The template writes the rows as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from markupsafe import Markup

from generator.views import rowdata
from generator.views.base import (
    CellContext,
    CellView,
    ColumnView,
    Page,
    RowView,
    TableView,
    attribute,
)


def td(cell: CellView, label: str, cache: CellContext) -> tuple[str, str]:
    """A cell as `<td>` (or `<th scope="row">` for the row's header), with the attributes the
    browser script and the stacked phone layout read; and its filter value ('' when the column
    is not filtered). A value's cell is rendered once per label; a row's header, once."""
    key = (id(cell), label)
    found = None if cell.is_header else cache.tds.get(key)
    if found is not None:  # the cache keeps the cell, so its id is not another cell's
        return found[1], found[2]
    attrs = []
    value = cell.facet_values if cell.facet else ""
    if cell.facet:
        attrs.append(f' data-value="{attribute(value)}"')
    if cell.sort:
        attrs.append(f' data-sort="{attribute(cell.sort)}"')
    if cell.absent:
        attrs.append(f' data-absent="{cell.absent}"')
    if cell.is_header:
        html = f'<th scope="row"{"".join(attrs)}>{cell.html}</th>'
    else:
        if label:
            attrs.append(f' data-label="{attribute(label)}"')
        html = f"<td{''.join(attrs)}>{cell.html}</td>"
    if not cell.is_header:  # header cells are made per row
        cache.tds[key] = (cell, html, value)
    return html, value


def row(
    columns: Sequence[ColumnView],
    cells: Sequence[CellView],
    anchor: str | None = None,
    *,
    page: Page,
    aliases: Sequence[str] = (),
    changed: str | None = None,
    highlight: bool = False,
    source: str | None = None,
) -> RowView:
    """A finished row. `aliases`: former anchors that still land on it; `changed`: the day its
    facts last changed, when that was recent; `highlight`: a pull request changes it; `source`:
    where its data is (a "report a problem" link)."""
    parts, values = [], []
    cache, seen = page.cells, page.seen  # seen: what the page's legend explains
    marked = bool(changed or highlight or source)
    for i, (column, cell) in enumerate(zip(columns, cells, strict=True)):
        if cell.absent:
            seen.add(cell.absent)
            if cell.absent == "not-available":
                seen.add("state")
        elif column.type == "state":
            seen.add("state")
        if cell.is_header and (marked or (i == 0 and aliases)):
            cell = _with_marks(cell, aliases if i == 0 else (), changed, highlight, source)
        html, value = td(cell, column.label or column.header, cache)
        parts.append(html)
        values.append(value)
    open_ = "<tr"
    if anchor:
        open_ += f' id="{attribute(anchor)}"'
    if highlight:
        open_ += ' class="ms-pr-changed"'
    open_ += ">"
    return RowView(
        Markup(f"{open_}{''.join(parts)}</tr>"),
        tuple(values),
        tuple(c.sort for c in cells),
        (open_, *parts),
    )


def shipped(table: TableView) -> TableView:
    """A table of more rows than the browser lays out quickly keeps its first rows in the HTML
    and ships them all as data (generator.views.rowdata), with a note for readers without
    JavaScript saying what is not shown and where all of it is."""
    if len(table.rows) <= rowdata.ISLAND_ROWS:
        return table
    # The island's text of a row is what the script reads off a row in the page (tags dropped),
    # so a large table matches typed words as a small one does.
    data = [
        rowdata.RowData(r.html, rowdata.cells_text(r.parts[1:]), r.values, r.sort, r.parts)
        for r in table.rows
    ]
    shown = min(rowdata.INLINE_ROWS, len(data))
    where = (
        Markup(' <a href="{}" download>Download the whole table (CSV)</a>.').format(table.download)
        if table.download
        else Markup("")
    )
    note = Markup(
        '<p class="{}">This table has {} rows; the first {} are shown here. Turn on JavaScript '
        "to filter, sort and show every row.{}</p>"
    ).format(rowdata.NOTE_CLASS, f"{len(table.rows):,}", shown, where)
    island = Markup(rowdata.island(table.anchor, data))
    return replace(table, rows=table.rows[:shown], island=island + note)


def _with_marks(
    cell: CellView,
    aliases: Sequence[str],
    changed: str | None,
    highlight: bool,
    source: str | None,
) -> CellView:
    parts = [f'<span class="ms-alias" id="{attribute(a)}"></span>' for a in aliases]
    parts.append(cell.html)
    if source:
        parts.append(
            f' <a class="ms-src" href="{attribute(source)}" title="Report a problem: see this row '
            f'in the data" aria-label="Report a problem with {attribute(cell.text)}">&#9998;</a>'
        )
    if changed:  # the words come from CSS, so copied text and the seed comparison see data only
        parts.append(
            f' <span class="ms-changed" data-date="{changed}" title="Changed {changed}"></span>'
        )
    if highlight:
        parts.append(' <span class="ms-pr-mark">(changed in this pull request)</span>')
    return cell._replace(html=Markup("".join(parts)))
