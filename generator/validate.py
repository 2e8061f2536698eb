"""Validation: schema first, then references. Schema failures skip the reference check, so a
wrong shape reports once instead of cascading into a dozen unknown-id errors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from generator.checks import references, schema
from generator.diagnostics import Diagnostic, Level, SourceLoc
from generator.load import Loaded


def validate(loaded: Loaded, today: date) -> list[Diagnostic]:
    diags = _guard("schema", loaded, lambda: schema.check(loaded))
    if any(d.is_error for d in diags):
        return diags
    return diags + _guard("references", loaded, lambda: references.check(loaded, today))


def _guard(name: str, loaded: Loaded, run: Callable[[], list[Diagnostic]]) -> list[Diagnostic]:
    """Run one check; a crash in it becomes one internal-error diagnostic, not a traceback."""
    try:
        return run()
    except Exception as exc:  # reported to the user with the check's name
        loc = SourceLoc(loaded.file, 1, 1)
        return [
            Diagnostic(
                Level.ERROR,
                "internal-error",
                loc,
                (),
                f"the {name} check crashed: {type(exc).__name__}: {exc}",
            )
        ]
