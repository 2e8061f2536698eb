"""What a column kind says about its cells: how they are checked, shown, sorted, filtered,
compared, exported and imported. One module per kind subclasses `Kind`; `generator.columns`
registers them.

Kinds work on values as the model holds them (`Value`), apart from `check`, which sees the raw
data before the model exists, and `parse`, which reads a cell of a Markdown page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from markupsafe import Markup

from generator.diagnostics import Path
from generator.model import Column, Feature, Matrix, Value
from generator.views.base import CellContext, CellView, Page, plain


@dataclass(frozen=True, slots=True)
class Problem:
    """A cell that does not fit its column: a diagnostic code, message and sub-path."""

    code: str
    message: str
    at: Path = ()


class Kind:
    name: ClassVar[str]
    derived: ClassVar[bool] = False
    """Filled in from the feature itself (its name, its domain): takes no cell values."""
    facet: ClassVar[bool] = False
    """Offered as a filter unless the column says otherwise."""
    leads_comparison: ClassVar[bool] = False
    """Differences in this kind lead a comparison of two environments."""
    takes_not_applicable: ClassVar[bool] = True
    """Whether '-' (not applicable) is a value of this kind."""
    noun: ClassVar[str] = "one value"
    """What one cell holds, for messages ("Markdown text", "one version")."""
    shows: ClassVar[str] = ""
    """What a derived kind shows of the feature ("name", "domain")."""

    # --- checked (raw data) ------------------------------------------------------------------

    def check(self, column_id: str, column: Mapping[str, Any], value: Any) -> Iterable[Problem]:
        """Problems with one raw cell value ('-' and '' are handled before this is asked)."""
        if not isinstance(value, str):
            yield Problem(
                "cell-type", f"column {column_id!r} holds {self.noun}; expected text, found a list"
            )

    # --- shown ----------------------------------------------------------------------------------

    def row_cell(self, page: Page, env_id: str, feature: Feature, column: Column) -> CellView:
        """The cell of a derived column in one row (only derived kinds have one)."""
        raise NotImplementedError(f"{self.name} columns hold values")

    def row_text(self, matrix: Matrix, env_id: str, feature: Feature, column: Column) -> str:
        """The plain text of a derived column's cell in one row (CSV)."""
        raise NotImplementedError(f"{self.name} columns hold values")

    def value_cell(self, ctx: CellContext, column: Column, value: Value) -> CellView:
        """A value (never '-' or '') as a table cell."""
        text = self.text(ctx.matrix, column, value)
        return CellView(Markup(ctx.md.inline(str(value))), text, facet=facet(self, column))

    def text(self, matrix: Matrix, column: Column, value: Value) -> str:
        """The value as plain text, as its table shows it (CSV, filters, diffs)."""
        return plain(str(value))

    # --- compared -----------------------------------------------------------------------------

    def same(self, column: Column, a: Value, b: Value) -> bool:
        """Whether two values say the same thing."""
        return a == b

    def change(self, old: Value, new: Value, old_text: str, new_text: str) -> str:
        """A value's change in words (the diff and What's new)."""
        return f"{old_text} → {new_text}"

    # --- exported and imported -----------------------------------------------------------

    def dump(self, value: Value) -> Any:
        """The value as the data writes it."""
        return list(value) if isinstance(value, tuple) else value

    def parse(self, text: str) -> Value | None:
        """A cell of a Markdown page as a value of this kind, or None when it is not one."""
        return None


def facet(kind: Kind, column: Column) -> bool:
    """Whether a column is offered as a filter: its own setting, else its kind's default."""
    return kind.facet if column.facet is None else column.facet
