"""`pagehtml.hold` and `search_text` find blocks, rows and cells with `str.find` and anchored
searches, not with lazy regular expressions (which step through every byte): they find exactly
what the regular expressions `<!--ms-hold-->\\n(.*?)<!--/ms-hold-->\\n?`, `<tr[^>]*>(.*?)</tr>`
and `<t[hd][^>]*>(.*?)</t[hd]>` (re.S) find, on any text made of their pieces."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator import pagehtml

_HOLD = re.compile(r"<!--ms-hold-->\n(.*?)<!--/ms-hold-->\n?", re.S)
_ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)
_CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)

_PIECES = st.sampled_from(
    [
        "<!--ms-hold-->\n", "<!--/ms-hold-->", "\n", "<tr>", '<tr id="a">', "</tr>", "<td>",
        '<th scope="row">', "</td>", "</th>", "a", "&amp;", " ", "<b>x</b>", "<table>",
        '<table data-search-exclude>', '<a class="ms-src" href="#">e</a>', "<!--", ">",
    ]
)  # fmt: skip
_TEXT = st.lists(_PIECES, max_size=30).map("".join)


def _search_text(block: str) -> str:
    rows = []
    for row in _ROW.findall(block):
        cells = [pagehtml._plain(c) for c in _CELL.findall(row)]
        text = " · ".join(c for c in cells if c)
        if text:
            rows.append(f"<p>{html.escape(text, quote=False)}</p>")
    return "".join(rows)


@settings(max_examples=500, deadline=None)
@given(_TEXT)
def test_search_text_reads_the_rows_and_cells_the_expressions_find(block: str) -> None:
    assert pagehtml.search_text(block) == _search_text(block)


@settings(max_examples=500, deadline=None)
@given(_TEXT)
def test_hold_swaps_the_blocks_the_expression_finds(text: str) -> None:
    held = pagehtml.hold(text)
    assert held.blocks == tuple(_HOLD.findall(text))
    assert pagehtml.restore(held.markdown, held.blocks).count("ms-held") == text.count("ms-held")
    expected = iter(range(len(held.blocks)))
    assert held.markdown == _HOLD.sub(lambda m: pagehtml._placeholder(next(expected), m[1]), text)
