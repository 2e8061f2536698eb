"""Unused definitions: footnotes, callouts, lists, references and sections that nothing cites
are warnings (harmless, but usually a mistake)."""

from __future__ import annotations

from typing import Any

from generator.checks.base import Context, Report, blocks, features_support
from generator.diagnostics import Diagnostic

NAME = "unused"


def run(ctx: Context) -> list[Diagnostic]:
    data, report = ctx.data, Report(ctx.loaded)
    cited = citations(data)
    for table, used in cited.items():
        for item_id in data.get(table, {}):
            if item_id not in used:
                report.warn(
                    f"unused-{table[:-1]}",
                    (table, item_id),
                    f"{table[:-1]} {item_id!r} is defined but never cited",
                    key=True,
                )
    return report.diags


def citations(data: dict[str, Any]) -> dict[str, set[str]]:
    """Ids cited anywhere, by the mapping that defines them."""
    cited: dict[str, set[str]] = {
        k: set() for k in ("footnotes", "callouts", "lists", "references", "sections")
    }
    for _, block in blocks(data):
        for kind in ("callout", "reference", "section"):
            if kind in block:
                cited[f"{kind}s"].add(block[kind])
    for feat in data["features"].values():
        cited["callouts"].update(feat.get("callouts", []))
    for _, _, support in features_support(data):
        cited["footnotes"].update(support.get("footnotes", []))
        cited["references"].update(r["reference"] for r in support.get("references", []))
    for ref in data.get("references", {}).values():
        for row in ref["rows"]:
            for group in row["groups"]:
                cited["footnotes"].update(group.get("footnotes", []))
                cited["lists"].add(group["list"])
    cited["lists"].update(s["list"] for s in data.get("sections", {}).values() if "list" in s)
    return cited
