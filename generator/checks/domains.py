"""Domains: a per-environment name or link names an environment that exists."""

from __future__ import annotations

from generator.checks.base import Context, Report
from generator.diagnostics import Diagnostic

NAME = "domains"


def run(ctx: Context) -> list[Diagnostic]:
    data, report = ctx.data, Report(ctx.loaded)
    for dom_id, dom in data["domains"].items():
        for env_id in dom.get("by_environment", {}):
            path = ("domains", dom_id, "by_environment", env_id)
            report.known("environment", env_id, data["environments"], path, key=True)
    return report.diags
