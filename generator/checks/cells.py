"""Cells: every value fits its column's kind (each kind checks its own: a known release state,
a declared choice, a well-formed version, ...). '-' (not applicable) and '' (nothing stated)
fit every kind that takes values; derived columns (feature, domain) take none."""

from __future__ import annotations

from typing import Any

from generator.checks.base import Context, Report
from generator.columns import KINDS
from generator.diagnostics import Diagnostic, Path
from generator.vocabulary import BLANK, NOT_APPLICABLE

NAME = "cells"


def run(ctx: Context) -> list[Diagnostic]:
    data, report = ctx.data, Report(ctx.loaded)
    for feat_id, feat in data["features"].items():
        base: Path = ("features", feat_id)
        _cells(data["columns"], feat.get("cells", {}), (*base, "cells"), report)
        for env_id, support in feat["support"].items():
            _cells(data["columns"], support["cells"], (*base, "support", env_id, "cells"), report)
    return report.diags


def _cells(columns: dict[str, Any], cells: dict[str, Any], base: Path, report: Report) -> None:
    for col_id, raw in cells.items():
        path: Path = (*base, col_id)
        if not report.known("column", col_id, columns, path, key=True):
            continue
        column = columns[col_id]
        kind = KINDS[column["type"]]
        if kind.derived:
            report.error(
                "cell-derived",
                path,
                f"column {col_id!r} shows the feature's {kind.shows}; it takes no value here",
                key=True,
            )
            continue
        value, at = (raw["value"], (*path, "value")) if isinstance(raw, dict) else (raw, path)
        if value == BLANK or (value == NOT_APPLICABLE and kind.takes_not_applicable):
            continue
        for problem in kind.check(col_id, column, value):
            report.error(problem.code, (*at, *problem.at), problem.message)
