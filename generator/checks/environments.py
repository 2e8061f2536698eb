"""Environments: ids that are not the generator's own page names, columns that exist (once
each, one of them a feature column), a place for the feature tables, and a row order that names
exactly the features the environment lists."""

from __future__ import annotations

from typing import Any

from generator.checks.base import Context, Report, shown_columns
from generator.diagnostics import Diagnostic, Path
from generator.vocabulary import COMPARE_SEPARATOR, MATRIX_PAGES, reserved_environment_id

NAME = "environments"


def run(ctx: Context) -> list[Diagnostic]:
    data, report = ctx.data, Report(ctx.loaded)
    columns = data["columns"]
    for env_id, env in data["environments"].items():
        base: Path = ("environments", env_id)
        if reserved_environment_id(env_id):
            if COMPARE_SEPARATOR in env_id:
                why = f"contains {COMPARE_SEPARATOR!r}, which names compare pages"
            else:
                why = "names one of the matrix's own pages"
            expected = "expected another id"
            if COMPARE_SEPARATOR not in env_id:
                expected += f" (reserved: {', '.join(map(repr, MATRIX_PAGES))})"
            why = f"{why}; {expected}"
            report.error(
                "environment-reserved-id", base, f"environment id {env_id!r} {why}", key=True
            )
        seen: set[str] = set()
        for i, col_id in enumerate(shown_columns(env)):
            if not report.known("column", col_id, columns, (*base, "columns", i)):
                continue
            if col_id in seen:
                report.error(
                    "column-duplicate", (*base, "columns", i), f"column {col_id!r} is listed twice"
                )
            seen.add(col_id)
        if not any(columns[c]["type"] == "feature" for c in seen):
            report.error(
                "column-feature-missing",
                (*base, "columns"),
                "expected a column of type 'feature', so each row names its feature",
            )
        if not any("features" in block for block in env["blocks"]):
            report.error(
                "block-features-missing",
                (*base, "blocks"),
                "expected a '{features: true}' block, where the feature tables go",
            )
        _order(data, env_id, env, base, report)
    return report.diags


def _order(
    data: dict[str, Any], env_id: str, env: dict[str, Any], base: Path, report: Report
) -> None:
    supported = [f for f, feat in data["features"].items() if env_id in feat["support"]]
    if not supported:
        report.warn("environment-empty", base, f"no feature lists environment {env_id!r}")
    order = env.get("order")
    if isinstance(order, list) and sorted(order) != sorted(supported):
        missing = sorted(set(supported) - set(order))
        extra = sorted(set(order) - set(supported))
        parts = [
            f"missing {', '.join(map(repr, missing))}" if missing else "",
            f"not listed in this environment: {', '.join(map(repr, extra))}" if extra else "",
        ]
        report.error(
            "order-mismatch",
            (*base, "order"),
            "expected exactly the features this environment lists; "
            + "; ".join(p for p in parts if p),
        )
