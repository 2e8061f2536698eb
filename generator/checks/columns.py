"""Columns: an id the browser script's URL state uses for a table's own settings (the free-text
filter, the sort, the hidden columns) cannot name a column, whose filter would take the same
URL parameter."""

from __future__ import annotations

from generator.checks.base import Context, Report
from generator.diagnostics import Diagnostic
from generator.vocabulary import RESERVED_COLUMN_IDS, reserved_column_id

NAME = "columns"


def run(ctx: Context) -> list[Diagnostic]:
    report = Report(ctx.loaded)
    for col_id in ctx.data["columns"]:
        if reserved_column_id(col_id):
            report.error(
                "column-reserved-id",
                ("columns", col_id),
                f"column id {col_id!r} names a setting of every table in the page's address; "
                f"expected another id (reserved: {', '.join(map(repr, RESERVED_COLUMN_IDS))})",
                key=True,
            )
    return report.diags
