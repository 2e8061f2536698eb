"""Validation: the shape checks (the schema, and `format` as a whole number), then every check
of the registry (`generator.checks`), in order.

One schema error does not hide the other checks' errors in the same file (issue 13), nor does
it cascade into the errors it causes. When the shape checks found errors:

- a wrong `format` means a file in another format: nothing else is checked;
- the other checks still run, and their errors are kept unless a schema error caused them
  (`generator.checks.cascades`: under a flagged path, or relying on a flagged definition);
- a check that crashes on a shape it did not expect says nothing (the schema error says it);
- their warnings (unused, expired) wait until the shape is right.

A crash in one check, otherwise, becomes one internal-error diagnostic naming it; the others
still run. A crash of the schema check itself leaves nothing to judge cascades by, so the
other checks are skipped.
"""

from __future__ import annotations

from datetime import date
from types import ModuleType

from generator.checks import CHECKS, SHAPE, Context, cascades, data_format
from generator.diagnostics import Diagnostic, Level, SourceLoc
from generator.load import Loaded

INTERNAL_ERROR = "internal-error"
_FORMAT = ("format",)


def validate(loaded: Loaded, today: date) -> list[Diagnostic]:
    ctx = Context(loaded, today)
    shape = _run(SHAPE, ctx)
    if any(d.code == INTERNAL_ERROR for d in shape):
        return shape
    shape += _run(data_format, ctx)
    flagged = [d.path for d in shape if d.is_error]
    if not flagged:
        found = [d for check in CHECKS for d in _run(check, ctx)]
    elif _FORMAT in flagged:
        return shape
    else:
        found = [
            d
            for check in CHECKS
            for d in _run(check, ctx, quiet=True)
            if d.is_error and not cascades.caused_by(d, flagged)
        ]
    return shape + sorted(found, key=lambda d: (d.loc, d.code, d.message))


def _run(check: ModuleType, ctx: Context, *, quiet: bool = False) -> list[Diagnostic]:
    """What `check` finds; a crash is one internal error, or nothing when `quiet` (a shape
    the check did not expect, which the schema check has reported)."""
    try:
        found: list[Diagnostic] = check.run(ctx)
    except Exception as exc:  # reported to the user with the check's name
        if quiet:
            return []
        loc = SourceLoc(ctx.loaded.file, 1, 1)
        message = f"the {check.NAME} check crashed: {type(exc).__name__}: {exc}"
        return [Diagnostic(Level.ERROR, INTERNAL_ERROR, loc, (), message)]
    return found
