"""Page blocks: every callout, reference and section a page places exists, and the index page
holds no feature table of its own (it shows the overview grid)."""

from __future__ import annotations

from generator.checks.base import Context, Report, blocks
from generator.diagnostics import Diagnostic

NAME = "blocks"
_PLACED = (("callout", "callouts"), ("reference", "references"), ("section", "sections"))


def run(ctx: Context) -> list[Diagnostic]:
    data, report = ctx.data, Report(ctx.loaded)
    for path, block in blocks(data):
        for kind, table in _PLACED:
            if kind in block:
                report.known(kind, block[kind], data.get(table, {}), (*path, kind))
        if path[0] == "index" and "features" in block:
            report.error(
                "block-features-index",
                path,
                "the index page has no feature table of its own (it shows the overview "
                "grid); expected '{environments: true}' or another block",
            )
    return report.diags
