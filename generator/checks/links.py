"""Links: every URL the data gives (a feature's documentation link, a domain's per-environment
link) is a web link, never a script."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.checks.base import Context, Report
from generator.diagnostics import Diagnostic, Path

NAME = "links"
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")


def run(ctx: Context) -> list[Diagnostic]:
    report = Report(ctx.loaded)
    for path, link in urls(ctx.data):
        if link.strip().lower().startswith(UNSAFE_SCHEMES):
            report.error("link-unsafe", path, f"expected a web link, found {link!r}")
    return report.diags


def urls(data: dict[str, Any]) -> Iterator[tuple[Path, str]]:
    """Every URL field of the data, with its path."""
    for feat_id, feat in data["features"].items():
        if "link" in feat:
            yield ("features", feat_id, "link"), feat["link"]
    for dom_id, dom in data["domains"].items():
        for env_id, label in dom.get("by_environment", {}).items():
            if "link" in label:
                yield ("domains", dom_id, "by_environment", env_id, "link"), label["link"]
