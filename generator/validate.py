"""Validation: the schema check, then every check of the registry (`generator.checks`), in
order. A crash in one check becomes one internal-error diagnostic naming it; the others still
run."""

from __future__ import annotations

from datetime import date
from types import ModuleType

from generator.checks import CHECKS, SHAPE, Context
from generator.diagnostics import Diagnostic, Level, SourceLoc
from generator.load import Loaded


def validate(loaded: Loaded, today: date) -> list[Diagnostic]:
    ctx = Context(loaded, today)
    diags = _run(SHAPE, ctx)
    if any(d.is_error for d in diags):
        return diags
    found = [d for check in CHECKS for d in _run(check, ctx)]
    return diags + sorted(found, key=lambda d: (d.loc, d.code, d.message))


def _run(check: ModuleType, ctx: Context) -> list[Diagnostic]:
    try:
        found: list[Diagnostic] = check.run(ctx)
    except Exception as exc:  # reported to the user with the check's name
        loc = SourceLoc(ctx.loaded.file, 1, 1)
        message = f"the {check.NAME} check crashed: {type(exc).__name__}: {exc}"
        return [Diagnostic(Level.ERROR, "internal-error", loc, (), message)]
    return found
