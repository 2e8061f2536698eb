"""What a cell says, for the diff: whether two versions of a cell say the same, and a cell as
its table shows it.

Two cells say the same when their column's kind finds their values equal (a multi choice as a
set, a version by its meaning) and their notes agree. Across a change of kind (the text "GA"
then the state GA, a choice then text, "Preview - limited to audit logs" as text then the state
preview with that note) they say the same when they show the same words, a list as a set of
items, and a blank cell however it was written (`""`, `&nbsp;`) is blank.
"""

from __future__ import annotations

import re
from typing import Any

from generator.changes.escape import text
from generator.columns import kind
from generator.columns.state import wordless
from generator.model import Cell, Column, Matrix, Reference
from generator.vocabulary import ABSENCES, BLANK, NOT_APPLICABLE

_WORD = re.compile(r"[^\W_]+")
_BLANK_TEXT = re.compile(r"^(?:\s|&nbsp;|&#160;|\xa0)*$")
NONE = "(none)"  # how a change writes an empty value
_LIST_ITEM_WORDS = 4  # "GAR, GCR, GKE" is a list; a sentence with commas is not

Side = tuple[Matrix, Column, Cell]


def words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.casefold()))


def line(value: object) -> str:
    """A value on one line, as Markdown bullets need."""
    return " ".join(str(value).split()) if value not in (None, "") else NONE


def arrow(old: object, new: object) -> str:
    """`old → new` for a change's Markdown line: each value literal text (escape.text)."""
    return f"{text(line(old))} → {text(line(new))}"


def same(old: Side, new: Side) -> bool:
    """Whether two cells say the same (see the module docstring)."""
    (_, old_col, a), (_, new_col, b) = old, new
    if old_col.type == new_col.type and a.note == b.note and a.value == b.value:
        return True
    if line(shown(*old)) == line(shown(*new)):  # spacing in Markdown shows nothing
        return True
    if old_col.type == new_col.type and a.note == b.note:
        if a.value in (NOT_APPLICABLE, BLANK) or b.value in (NOT_APPLICABLE, BLANK):
            return a.value == b.value
        return kind(new_col).same(new_col, a.value, b.value)
    return meaning(*old) == meaning(*new)


def meaning(matrix: Matrix, column: Column, cell: Cell) -> tuple[Any, ...]:
    """What a cell says, however it is typed: nothing, or its words (a list as a set)."""
    value = cell.value
    if value == BLANK or (isinstance(value, str) and _BLANK_TEXT.match(value)):
        return ("blank", words(cell.note or ""))
    shown = NOT_APPLICABLE if value == NOT_APPLICABLE else kind(column).text(matrix, column, value)
    if cell.note:
        shown = f"{shown} {cell.note}"
    items = [i for i in shown.split(", ") if i.strip()]
    if column.multi or (len(items) > 1 and all(len(words(i)) <= _LIST_ITEM_WORDS for i in items)):
        return ("set", frozenset(words(i) for i in items))
    found = words(shown)
    return ("words", found or (shown.strip(),))


def shown(matrix: Matrix, column: Column, cell: Cell) -> str:
    """A cell as its table shows it: a state's label, a choice's labels, the text; its note."""
    value = cell.value
    if value == NOT_APPLICABLE:
        text = f"{NOT_APPLICABLE} ({ABSENCES['not-applicable'].words.lower()})"
    elif value == BLANK:
        text = f"({ABSENCES['blank'].words.lower()})"
    else:
        text = kind(column).text(matrix, column, value)
        absence = ABSENCES.get(str(value))
        if absence and wordless(text):  # "-" alone says nothing
            text = f"{text} ({absence.words.lower()})"
    return f"{line(text)} ({cell.note})" if cell.note else line(text)


def reference_rows(ref: Reference) -> str:
    """A reference table's rows on one line: `aspect: label (list: items), ...; ...`."""
    return "; ".join(
        f"{row.aspect}: "
        + ", ".join(f"{g.label} ({g.list}: {' '.join(g.items)})" for g in row.groups)
        for row in ref.rows
    )
