"""The checks, in the order they run: one module per concern, each with `NAME` and
`run(Context) -> list[Diagnostic]`. The schema check comes first; the others trust the shape it
checked, so they run only when it found no error (a wrong shape reports once instead of
cascading into unknown-id errors).

Adding a check: a module here, listed in CHECKS, and its own test file.
"""

from __future__ import annotations

from types import ModuleType
from typing import Final

from generator.checks import (
    blocks,
    cells,
    columns,
    deadlines,
    domains,
    environments,
    features,
    links,
    references,
    schema,
    unused,
)
from generator.checks.base import Context

__all__ = ["CHECKS", "SHAPE", "Context"]

SHAPE: Final[ModuleType] = schema
CHECKS: Final[tuple[ModuleType, ...]] = (
    columns,
    environments,
    blocks,
    domains,
    features,
    cells,
    references,
    links,
    unused,
    deadlines,
)
