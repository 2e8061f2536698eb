"""Reference tables: each group's footnotes, list and list items exist."""

from __future__ import annotations

from generator.checks.base import Context, Report
from generator.diagnostics import Diagnostic, Path

NAME = "references"


def run(ctx: Context) -> list[Diagnostic]:
    data, report = ctx.data, Report(ctx.loaded)
    lists, notes = data.get("lists", {}), data.get("footnotes", {})
    for ref_id, ref in data.get("references", {}).items():
        for r, row in enumerate(ref["rows"]):
            for g, group in enumerate(row["groups"]):
                path: Path = ("references", ref_id, "rows", r, "groups", g)
                for i, note in enumerate(group.get("footnotes", [])):
                    report.known("footnote", note, notes, (*path, "footnotes", i))
                if report.known("list", group["list"], lists, (*path, "list")):
                    items = lists[group["list"]]["items"]
                    for i, item in enumerate(group.get("items", [])):
                        report.known("list-item", item, items, (*path, "items", i))
    for sec_id, sec in data.get("sections", {}).items():
        if "list" in sec:
            report.known("list", sec["list"], lists, ("sections", sec_id, "list"))
    return report.diags
