"""The data format's version: `format` is the schema's constant as written, a whole number.

JSON Schema compares numbers by value, so the schema's `const: 1` also accepts `1.0`, a YAML
float (issue 13). A float there is not the format the schema describes, so it is refused here,
with the schema check, before the other checks read the file.
"""

from __future__ import annotations

from generator.checks.base import Context, Report
from generator.diagnostics import Diagnostic
from generator.vocabulary import FORMAT

NAME = "format"


def run(ctx: Context) -> list[Diagnostic]:
    report = Report(ctx.loaded)
    data = ctx.data
    expected = FORMAT
    found = data.get("format") if isinstance(data, dict) else None
    if isinstance(found, float) and found == expected:
        report.error(
            "schema-const",
            ("format",),
            f"expected {expected!r}, found {found!r} (a decimal number); write {expected!r}",
        )
    return report.diags
