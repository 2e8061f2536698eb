"""Table rows from source lines, split the way GFM splits them but without losing a cell.

markdown-it pads short rows and drops cells past the header, and a separator with the wrong
number of cells is no table at all for it; here every cell of every row is kept: short rows are
padded with blank cells, cells past the header are kept aside (`Row.extra`), and each of these
gets a warning naming its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.importer.report import Report

SEPARATOR_RE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[str, ...]  # as wide as the header
    line: int
    extra: tuple[str, ...] = ()  # cells past the header's width


@dataclass(frozen=True, slots=True)
class Table:
    line: int  # the header row
    header: tuple[str, ...]
    rows: tuple[Row, ...]


def split_row(line: str) -> list[str]:
    """`| a | b \\| c |` -> ['a', 'b | c']: edge pipes optional, `\\|` is a pipe in a cell."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    cells, current, i = [], [], 0
    while i < len(text):
        if text[i] == "\\" and text[i + 1 : i + 2] == "|":
            current.append("|")
            i += 2
            continue
        if text[i] == "|":
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(text[i])
        i += 1
    cells.append("".join(current).strip())
    return cells


def is_table_start(header: str, separator: str) -> bool:
    return "|" in header + separator and bool(SEPARATOR_RE.match(separator))


def read_table(lines: list[str], first_line: int, report: Report) -> Table:
    """A table from its lines: header, separator, then rows (blank lines skipped)."""
    header = split_row(lines[0])
    width = len(header)
    separator = split_row(lines[1])
    if len(separator) != width:
        report.warn(
            first_line + 1,
            "table-separator",
            f"the separator row has {len(separator)} cells and the header {width}; "
            f"imported as a table of {width} columns",
        )
    rows = []
    for offset, text in enumerate(lines[2:], start=2):
        if text.strip():
            rows.append(_row(split_row(text), width, first_line + offset, report))
    return Table(first_line, tuple(header), tuple(rows))


def _row(cells: list[str], width: int, line: int, report: Report) -> Row:
    if len(cells) < width:
        report.warn(
            line,
            "table-short-row",
            f"row has {len(cells)} cells and the header {width}; the missing cells are blank",
        )
        cells += [""] * (width - len(cells))
    extra = cells[width:]
    if any(extra):
        report.warn(
            line,
            "table-long-row",
            f"row has {len(cells)} cells and the header {width}; the cells past the header "
            "are kept in a note under the table",
        )
    elif extra:
        report.note(
            line, "table-trailing-blank", f"row has {len(extra)} blank cells past the header"
        )
    return Row(tuple(cells[:width]), line, tuple(c for c in extra if c))
