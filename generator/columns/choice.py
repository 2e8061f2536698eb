"""`choice` columns: one of the column's declared `values` (a list of them with `multi`), shown
as their labels. Each label is a filter value; multi cells compare as sets."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup

from generator.columns.base import Kind, Problem, facet
from generator.diagnostics import unknown
from generator.model import Column, Matrix, Value
from generator.views.base import CellContext, CellView, plain


class ChoiceKind(Kind):
    name = "choice"
    facet = True

    def check(self, column_id: str, column: Mapping[str, Any], value: Any) -> Iterable[Problem]:
        multi = column.get("multi", False)
        if isinstance(value, list) and not multi:
            yield Problem(
                "cell-type",
                f"column {column_id!r} holds one value; expected one of its value ids, "
                "found a list",
            )
            return
        if isinstance(value, str) and multi:
            yield Problem(
                "cell-type",
                f"column {column_id!r} holds several values; expected a list of value ids, "
                f"or '-', found {value!r}",
            )
            return
        values = column.get("values", {})
        for i, item in enumerate(value if isinstance(value, list) else [value]):
            if item not in values:
                at = (i,) if isinstance(value, list) else ()
                yield Problem(
                    "choice-unknown", unknown(f"value for column {column_id!r}:", item, values), at
                )

    def value_cell(self, ctx: CellContext, column: Column, value: Value) -> CellView:
        labels = [column.values[v] for v in _ids(value)]
        texts = tuple(plain(label) for label in labels)
        html = Markup(", ").join(Markup(ctx.md.inline(label)) for label in labels)
        return CellView(html, ", ".join(texts), values=texts, facet=facet(self, column))

    def text(self, matrix: Matrix, column: Column, value: Value) -> str:
        return ", ".join(plain(column.values.get(v, v)) for v in _ids(value))

    def same(self, column: Column, a: Value, b: Value) -> bool:
        return set(_ids(a)) == set(_ids(b))


def _ids(value: Value) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


KIND = ChoiceKind()
