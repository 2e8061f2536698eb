"""Large tables as data: the first rows in the HTML, every row in a JSON data island.

A table of more than ISLAND_ROWS rows is too heavy for the browser as markup (a 10,000-row
table is 5-9 MB of HTML and 4-5 s of parsing and layout before anything responds; issue 10).
For such a table `split` keeps the first INLINE_ROWS rows in the HTML, what a reader without
JavaScript sees, and returns an island holding every row, which matrix-filter.js filters, sorts
and renders on demand. Smaller tables are written whole, with no island.

Where things go (the generator writes them; the browser script relies on nothing else):

- the `<tr>` strings inside the table's `<tbody>`;
- the island right after the table's wrapper (`<div class="ms-table-wrap">`), before any other
  table: `<script type="application/json" class="ms-island" data-ms-island="TABLE_ID">`;
- after the wrapper, and before the next table, the generator's note for readers without
  JavaScript (how many rows are not shown, and a link to the CSV), an element with the class
  NOTE_CLASS (`ms-island-note`): the browser script hides it when it takes over the table.

The island is JSON (format ISLAND_FORMAT), compact and deterministic: the same rows give the
same bytes. Every string is written once, in a string table `s` (in order of first use, `s[0]`
is ""); each distinct cell once, in a cell table `c`; each row as indices:

    {"v": 1, "cols": K, "inline": I,
     "s": ["", ...],
     "c": [[HTML, VALUE, SORT], [HTML, VALUE, SORT, 1], ...],
     "r": [[OPEN, TEXT, CELL_1, ..., CELL_K], ...]}

- `v`: ISLAND_FORMAT; `cols`: K, the table's columns; `inline`: the number of rows, the first
  ones, that are also in the HTML.
- `c`, a cell: indices into `s` of the cell's HTML (`<td ...>...</td>` or `<th ...>...</th>`), its
  `data-value` ('|'-separated filter values, "" for none) and its `data-sort` ("" for none);
  a fourth entry, 1, when the cell has `data-absent` (it sorts last whichever the direction).
- `r`, a row: the index into `s` of its opening tag (`<tr ...>`), of its plain text (what the
  free-text filter matches; the script lowercases it), then one index into `c` per column. The
  row's HTML is `s[OPEN]` + each cell's HTML + `</tr>`. A row whose HTML could not be cut into
  one piece per column has OPEN = -1 - (the index of its whole HTML) and cells with HTML "".

Every `<`, `>` and `&` inside the JSON is written as a `\\u` escape, so the island can never
close its `<script>` element or be read as markup. (Material's search plugin skips `<script>`
elements, so the island stays out of the search index.)
"""

from __future__ import annotations

import functools
import html as _html
import json
import re
from collections.abc import Sequence
from typing import Final, NamedTuple

ISLAND_ROWS: Final = 500
"""Tables with more rows than this ship their rows as data (matrix-filter.js LARGE: a table
that big in the HTML is displayed a page at a time too)."""
INLINE_ROWS: Final = 50
"""How many rows, the first ones, stay in the HTML of a table shipped as data: what readers
without JavaScript see, and the script's first page (matrix-filter.js PAGE)."""
ISLAND_FORMAT: Final = 1
ISLAND_CLASS: Final = "ms-island"
NOTE_CLASS: Final = "ms-island-note"
"""The class of the generator's note for readers without JavaScript; the script hides it."""

_OPEN = re.compile(r"<tr\b[^>]*>")
_CELL = re.compile(r"<t[dh][\s>]")
_ABSENT = re.compile(r"<t[dh]\b[^>]*\sdata-absent[\s=>]")
_CLOSE = "</tr>"
_TAG = re.compile(r"<[^>]*>")


class RowData(NamedTuple):
    """One table row, as the page would have it and as the browser script filters it (a named
    tuple, as `RowView`: one per row of every large table)."""

    html: str  # the whole <tr ...>...</tr>, exactly as it would be in the page
    text: str  # the row's plain text: what free-text filtering matches (cells joined by "\n")
    values: tuple[str, ...]  # per column: the cell's data-value ('|'-separated) or ''
    sort: tuple[str, ...]  # per column: the cell's data-sort or ''
    # (the opening tag, each cell's HTML) when the caller has them: `html` is not cut again
    parts: tuple[str, ...] = ()


def split(table_id: str, rows: Sequence[RowData]) -> tuple[list[str], str]:
    """(the <tr> strings to write inside <tbody>, the HTML to write right after the table's
    wrapper: '' for small tables, else a <script type="application/json" ...> data island)"""
    if len(rows) <= ISLAND_ROWS:
        return [row.html for row in rows], ""
    return [row.html for row in rows[:INLINE_ROWS]], island(table_id, rows)


def island(table_id: str, rows: Sequence[RowData]) -> str:
    """The data island of `rows` (every row, the inline ones too), as an HTML element."""
    data = _encode(rows)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    safe = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return (
        f'<script type="application/json" class="{ISLAND_CLASS}" '
        f'data-ms-island="{_html.escape(table_id)}">{safe}</script>'
    )


class _Table:
    """A table of distinct items, each given the index of its first use."""

    __slots__ = ("items", "seen")

    def __init__(self) -> None:
        self.items: list[object] = []
        self.seen: dict[object, int] = {}

    def add(self, item: object) -> int:
        found = self.seen.get(item)
        if found is None:
            found = self.seen[item] = len(self.items)
            self.items.append(item)
        return found


def _encode(rows: Sequence[RowData]) -> dict[str, object]:
    cols = len(rows[0].values) if rows else 0
    strings = _Table()
    cells: list[tuple[int, ...]] = []  # each distinct cell once (`known` keeps them distinct)
    known: dict[tuple[str, str, str], int] = {}  # (HTML, value, sort key) -> its index in `cells`
    strings.add("")
    out: list[list[int]] = []
    for row in rows:
        if len(row.values) != cols or len(row.sort) != cols:
            raise ValueError(
                f"expected {cols} values and sort keys per row (the first row's), found "
                f"{len(row.values)} values and {len(row.sort)} sort keys"
            )
        parts = row.parts if len(row.parts) == cols + 1 else _cells(row.html, cols)
        if parts is None:
            opening = -1 - strings.add(row.html)
            parts = ("",) * cols
        else:
            opening = strings.add(parts[0])
            parts = parts[1:]
        entry = [opening, strings.add(row.text)]
        for written in zip(parts, row.values, row.sort, strict=True):
            found = known.get(written)  # a value's cell recurs in most rows
            if found is None:
                part, value, key = written
                cell: tuple[int, ...] = (strings.add(part), strings.add(value), strings.add(key))
                if _ABSENT.match(part):
                    cell = (*cell, 1)
                found = known[written] = len(cells)
                cells.append(cell)
            entry.append(found)
        out.append(entry)
    return {
        "v": ISLAND_FORMAT,
        "cols": cols,
        "inline": min(INLINE_ROWS, len(rows)),
        "s": strings.items,
        "c": [list(c) for c in cells],
        "r": out,
    }


def row_text(row_html: str) -> str:
    """A row's text as the browser script reads it off a row in the page (what the free-text
    filter matches): each cell's text content (tags dropped, character references read, spaces
    collapsed), one cell a line."""
    opening = _OPEN.match(row_html)
    inner = row_html[opening.end() if opening else 0 :].removesuffix(_CLOSE)
    starts = [m.start() for m in _CELL.finditer(inner)]
    return cells_text([inner[a:b] for a, b in zip(starts, [*starts[1:], len(inner)], strict=True)])


def cells_text(cells: Sequence[str]) -> str:
    """`row_text` of a row cut into its cells' HTML already."""
    return "\n".join(map(_cell_text, cells))


@functools.lru_cache(maxsize=65536)  # a value's cell recurs in thousands of rows
def _cell_text(cell_html: str) -> str:
    return " ".join(_html.unescape(_TAG.sub("", cell_html)).split())


def _cells(row_html: str, cols: int) -> tuple[str, ...] | None:
    """(the opening tag, each cell's HTML), or None when the row is not `cols` cells."""
    opening = _OPEN.match(row_html)
    if not opening or not row_html.endswith(_CLOSE):
        return None
    inner = row_html[opening.end() : -len(_CLOSE)]
    starts = [m.start() for m in _CELL.finditer(inner)]
    if len(starts) != cols or (starts and starts[0] != 0) or (not starts and inner):
        return None
    ends = [*starts[1:], len(inner)]
    return (opening.group(), *(inner[a:b] for a, b in zip(starts, ends, strict=True)))
