"""Deadlines: a callout whose deadline has passed is a warning for the data's owners (readers
see it as ended, or not at all, as the callout's `after_deadline` says)."""

from __future__ import annotations

from datetime import date

from generator.checks.base import Context, Report
from generator.diagnostics import Diagnostic

NAME = "deadlines"


def run(ctx: Context) -> list[Diagnostic]:
    report = Report(ctx.loaded)
    for call_id, callout in ctx.data.get("callouts", {}).items():
        deadline = callout.get("deadline")
        if deadline and date.fromisoformat(deadline) < ctx.today:
            report.warn(
                "callout-expired",
                ("callouts", call_id, "deadline"),
                f"the deadline {deadline} has passed; review or remove this callout",
            )
    return report.diags
